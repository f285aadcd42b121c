"""The web page in headless Chromium (Debian's `chromium`, driven by Playwright) against
a real uvicorn on loopback serving an index of examples/notes (fixtures: conftest.py): a
Korean search finds the right note with its terms highlighted, a result opens its
passage, an answer's citation opens the cited lines, and the page fits a phone-sized
screen."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import pytest
from e2e_layout import open_page

from serving import serving

if TYPE_CHECKING:
    from conftest import ExampleIndex

pytestmark = pytest.mark.integration


def _page(browser: Any, base_url: str, width: int, height: int) -> tuple[Any, list[str]]:
    return open_page(browser, base_url + "/", width, height)


def test_korean_search_then_open_passage(browser: Any, base_url: str) -> None:
    page, errors = _page(browser, base_url, 1280, 900)
    page.fill("#q", "스터디에서 DPO 논문은 누가 발표했지?")
    page.click("#go")
    page.locator(".hit").first.wait_for()
    assert "study/syllabus-2024.md" in page.locator(".hit").first.locator(".where").inner_text()
    # The passage naming DPO ranks among the first three (the top one may be the
    # syllabus's meeting notes, which share 스터디/논문/발표).
    titles = page.locator(".hit").all_inner_texts()[:3]
    assert any("DPO" in t for t in titles)
    first = page.locator(".hit", has_text="DPO").first
    assert "study/syllabus-2024.md" in first.locator(".where").inner_text()
    marks = [m.lower() for m in first.locator("mark").all_inner_texts()]
    assert "dpo" in marks and "발표" in marks  # matched terms highlighted

    first.locator(".hit-title").click()
    dialog = page.locator("dialog#passage")
    dialog.wait_for(state="visible")
    page.locator(".passage-body .cited").first.wait_for()
    cited = " ".join(page.locator(".passage-body .cited").all_inner_texts())
    assert "14주차 DPO 논문 발표: 박지훈" in cited
    assert "lines" in page.locator("#passage-where").inner_text()
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert errors == []
    page.close()


def test_ask_then_open_citation_on_phone(browser: Any, base_url: str) -> None:
    page, errors = _page(browser, base_url, 375, 740)
    page.check("input[value=ask]")
    page.fill("#q", "GQA는 MQA와 무엇이 다른가")
    page.click("#go")
    page.locator("#citations li").first.wait_for()
    answer = page.locator("#answer-text").inner_text()
    assert "GQA" in answer and "[1]" in answer
    assert "papers/attention-variants.txt" in page.locator("#citations").inner_text()

    page.locator("#answer-text .cite").first.click()
    page.locator(".passage-body .cited").first.wait_for()
    assert "GQA" in " ".join(page.locator(".passage-body .cited").all_inner_texts())
    # Usable at phone width: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert errors == []
    page.close()


@pytest.fixture(scope="module")
def maxsim_url(example_index: ExampleIndex, open_example: Callable[..., Any]) -> Iterator[str]:
    """The same index served with the maxsim reranker on (issue #22: its token evidence)."""
    from notelens.config import RerankConfig, ServerConfig, Settings
    from notelens.server import create_app

    settings = replace(Settings(), rerank=RerankConfig(method="maxsim", candidates=5))
    engine = open_example(settings=settings)
    cfg = ServerConfig(token=None, folders=(example_index.notes,))
    app = create_app(replace(engine.settings, server=cfg), engine=engine)
    with serving(app) as url:
        yield url


def test_reranked_hits_show_maxsim_token_evidence(browser: Any, maxsim_url: str) -> None:
    page, errors = _page(browser, maxsim_url, 1280, 900)
    page.fill("#q", "LoRA 하이퍼파라미터 r 값")
    page.click("#go")
    page.locator(".hit").first.wait_for()
    evidence = page.locator(".hit .evidence").first
    evidence.wait_for()
    assert "maxsim rank 1" in evidence.inner_text()
    pairs = evidence.locator(".token-pair").all_inner_texts()
    assert pairs and all("→" in p for p in pairs)  # query token → passage token, sim
    assert errors == []
    page.close()
