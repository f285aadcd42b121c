"""One test per screen of the web page and the eval report, at desktop (1280x800) and
phone (390x844) width, in headless Chromium (issue #21 items 4 and 6).

Each screen is saved as a PNG under the test's tmp folder and held to layout facts: no
horizontal overflow, Korean drawn with a Korean face (what Chromium really used, from
DevTools), the line a result or citation points at marked and on screen. The server is
a real uvicorn over the session's examples/notes index, with the real models."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from e2e_layout import (
    DESKTOP,
    PHONE,
    assert_korean_font,
    assert_no_horizontal_overflow,
    assert_visible,
    coding_font_installed,
    open_page,
)

if TYPE_CHECKING:
    from conftest import ExampleIndex

pytestmark = pytest.mark.integration

SIZES = pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
ROOT = Path(__file__).resolve().parents[2]


def _shot(page: Any, tmp_path: Path, name: str, size: tuple[int, int]) -> Path:
    path = tmp_path / f"{name}-{size[0]}x{size[1]}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 1000
    return path


def _search(page: Any, query: str) -> None:
    page.fill("#q", query)
    page.click("#go")
    page.locator(".hit").first.wait_for()


def _ask(page: Any, question: str) -> None:
    page.check("input[value=ask]")
    page.fill("#q", question)
    page.click("#go")
    page.wait_for_function(
        "!document.getElementById('answer').hidden && "
        "document.getElementById('answer-text').textContent !== '…' && "
        "!document.getElementById('go').disabled"
    )


@SIZES
def test_search_screen(
    browser: Any, base_url: str, example_index: ExampleIndex, tmp_path: Path, size: tuple[int, int]
) -> None:
    page, errors = open_page(browser, base_url + "/", *size)
    _search(page, "14주차 DPO 논문 발표자")
    hit = page.locator(".hit", has_text="DPO").first
    # The snippet is cut around the best line (the chunk starts with week 3's talk).
    best = hit.locator(".snippet .line.best")
    assert "14주차 DPO 논문 발표" in best.inner_text()
    assert hit.locator(".snippet .cut").count() >= 1
    # The links open the note at that line: file:// and the configured editor.
    source = example_index.notes / "study" / "syllabus-2024.md"
    assert hit.locator("a.open-file").get_attribute("href") == "file://" + str(source)
    editor = hit.locator("a.open-editor").get_attribute("href") or ""
    m = re.fullmatch(r"vscode://file/(.+):(\d+)", editor)
    assert m is not None and m.group(1) == str(source), editor
    line = source.read_text(encoding="utf-8").splitlines()[int(m.group(2)) - 1]
    assert "14주차 DPO 논문 발표" in line
    _shot(page, tmp_path, "search", size)
    assert_no_horizontal_overflow(page)
    assert_korean_font(page, "#results")
    assert errors == []
    page.close()


@SIZES
def test_ask_screen(browser: Any, base_url: str, tmp_path: Path, size: tuple[int, int]) -> None:
    page, errors = open_page(browser, base_url + "/", *size)
    _ask(page, "GQA는 MQA와 무엇이 다른가")
    assert "[1]" in page.locator("#answer-text").inner_text()
    assert page.locator("#citations a.open-editor").count() >= 1
    # The evidence has no search explanation: its snippets are cut around the line
    # holding the question's words.
    assert "GQA" in page.locator(".hit .snippet .line.best").first.inner_text()
    _shot(page, tmp_path, "ask", size)
    assert_no_horizontal_overflow(page)
    assert_korean_font(page, "#answer")
    assert errors == []
    page.close()


@SIZES
def test_citation_view_marks_and_shows_the_quoted_line(
    browser: Any, base_url: str, tmp_path: Path, size: tuple[int, int]
) -> None:
    page, errors = open_page(browser, base_url + "/", *size)
    _ask(page, "GQA는 MQA와 무엇이 다른가")
    page.locator("#answer-text .cite").first.click()
    quoted = page.locator(".passage-body .quoted").first
    quoted.wait_for()
    # The quoted line is marked, inside the cited range, and scrolled into view.
    assert "GQA" in quoted.inner_text() or "query" in quoted.inner_text().lower()
    assert page.locator(".passage-body .quoted:not(.cited)").count() == 0
    page.wait_for_timeout(300)  # let the smooth scroll, if any, settle
    assert_visible(page, ".passage-body .quoted")
    _shot(page, tmp_path, "citation", size)
    assert_no_horizontal_overflow(page)
    assert_korean_font(page, "#passage")
    assert errors == []
    page.close()


@SIZES
def test_search_hit_opens_at_its_best_line(
    browser: Any, base_url: str, tmp_path: Path, size: tuple[int, int]
) -> None:
    page, errors = open_page(browser, base_url + "/", *size)
    _search(page, "14주차 DPO 논문 발표자")
    page.locator(".hit", has_text="DPO").first.locator(".hit-title").click()
    quoted = page.locator(".passage-body .quoted").first
    quoted.wait_for()
    assert "14주차 DPO 논문 발표" in quoted.inner_text()
    page.wait_for_timeout(300)
    assert_visible(page, ".passage-body .quoted")
    assert_no_horizontal_overflow(page)
    assert errors == []
    page.close()


@SIZES
def test_refused_answer_screen(
    browser: Any, base_url: str, tmp_path: Path, size: tuple[int, int]
) -> None:
    page, errors = open_page(browser, base_url + "/", *size)
    _ask(page, "화성 탐사 로버 퍼서비어런스의 배터리 용량은 몇 와트시인가?")
    assert page.locator("#answer.refused").count() == 1
    assert page.locator("#citations li").count() == 0
    _shot(page, tmp_path, "refused", size)
    assert_no_horizontal_overflow(page)
    assert_korean_font(page, "#results")
    assert errors == []
    page.close()


@pytest.fixture(scope="module")
def eval_report(tmp_path_factory: pytest.TempPathFactory, open_example: Callable[..., Any]) -> Path:
    """A real eval of examples/queries.jsonl with many cut-offs: a metrics table far
    wider than a phone."""
    from notelens.evaluate.api import evaluate
    from notelens.evaluate.report import write_report

    result = evaluate(
        open_example(),
        f"notes:{ROOT / 'examples' / 'queries.jsonl'}",
        modes=["bm25", "hybrid"],
        ks=[1, 3, 5, 10, 20],
    )
    return write_report(result, tmp_path_factory.mktemp("report") / "report.html")


@SIZES
def test_eval_report_screen(
    browser: Any, eval_report: Path, tmp_path: Path, size: tuple[int, int]
) -> None:
    page, errors = open_page(browser, eval_report.as_uri(), *size)
    assert_no_horizontal_overflow(page)
    # The settings are a definition list, not a Python dict.
    terms = page.locator("dl.settings dt").all_inner_texts()
    assert "fusion" in terms and "embedder" in terms
    assert "{'" not in page.locator("dl.settings").inner_text()
    table = page.locator("div.wide").first
    box_width, table_width = table.evaluate("(b) => [b.clientWidth, b.scrollWidth]")
    if size == PHONE:  # the 22-column table scrolls inside its own box
        assert table_width > box_width
    assert box_width <= size[0]
    _shot(page, tmp_path, "eval-report", size)
    assert_korean_font(page, "body")
    assert errors == []
    page.close()


@SIZES
def test_table_passage_keeps_its_columns(
    browser: Any, base_url: str, tmp_path: Path, size: tuple[int, int]
) -> None:
    page, errors = open_page(browser, base_url + "/", *size)
    _search(page, "Scaling Laws Kaplan 발표자 장현우")
    table_hit = page.locator(".hit", has_text="|---|").first
    table_hit.locator(".hit-title").click()
    page.locator(".passage-body .cited").first.wait_for()
    body = page.locator("#passage-body")
    assert "aligned" in (body.get_attribute("class") or "")
    # Rows never wrap (the passage scrolls sideways inside the dialog, not the page)...
    assert body.evaluate("(b) => getComputedStyle(b).whiteSpace") == "pre"
    assert_no_horizontal_overflow(page)
    # ...and a Hangul syllable is exactly two Latin columns in the passage's font, so
    # Korean and English rows line up.
    _shot(page, tmp_path, "table-passage", size)
    assert errors == []
    if not coding_font_installed():
        page.close()
        pytest.skip("no two-column Korean monospace face (apt-get install fonts-nanum-coding)")
    hangul, latin = body.evaluate(
        """(b) => ["가나다라마바사아", "abcdefghabcdefgh"].map((t) => {
             const s = document.createElement("span");
             s.textContent = t;
             b.append(s);
             const w = s.getBoundingClientRect().width;
             s.remove();
             return w;
           })"""
    )
    assert abs(hangul - latin) <= 1.0, (hangul, latin)
    page.close()
