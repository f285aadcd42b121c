"""Chunking of a long yearly link archive (issue 15, failure class 6).

The archive is generated here (our own Korean/English text, ~50 KB) in the shape real
archives take: ``# archive 2025``, ``## 🎉 January``, every week a
``<details><summary>1st week</summary>`` block of link entries with nested
``<details><summary>중요 개념</summary>`` blocks, and the whole previous year wrapped in
one ``<details><summary>archive 2024</summary>`` block holding its own ``## 🎄 December``
headings. Every entry carries a unique fact token, so each fact's chunk can be found
and its heading path and line range checked against where the fact really is.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from test_ingest_fixtures import assert_lines_cover, doc_of

from notelens.config import ChunkingConfig
from notelens.ingest.chunking import chunk_document
from notelens.ingest.inline import clean_heading
from notelens.ingest.registry import loader_for
from notelens.types import Chunk

pytestmark = pytest.mark.unit

ORGS = ["Meta", "Google", "Upstage", "NAVER", "Anthropic", "Mistral", "LG AI", "Kakao"]
TOPICS = [
    ("long-context 학습", "context length", "K tokens"),
    ("small model distillation", "parameter count", "B params"),
    ("speculative decoding", "speed-up", "x faster"),
    ("한국어 벤치마크", "KMMLU score", " points"),
]
WEEKS = ["1st week", "2nd week", "3rd week", "4th week"]
ENTRIES = 6  # per week


@dataclass(frozen=True, slots=True)
class Fact:
    token: str  # unique, occurs on exactly one line
    line: int  # 1-based
    path: str  # the heading path its chunk must carry


def _entry(year: int, month: int, week: int, k: int) -> tuple[list[str], str]:
    org = ORGS[(month + week + k) % len(ORGS)]
    topic, what, unit = TOPICS[(week + k) % len(TOPICS)]
    token = f"fact{year}m{month:02d}w{week}e{k}"
    n = 4 + (month * 7 + week * 3 + k) % 60
    lines = [
        f"- 📜 [{org}] [{topic} study {year}-{month}-{week}-{k}](https://example.com/{token})",
        f"    - {what}: {n}{unit} ({token}), 이전 버전 대비 개선 폭이 컸다고 보고함",
        f"    - 실험은 {topic} 설정에서 진행했고 baseline은 공개 모델 {k + 2}종",
        "    <details>",
        "    <summary>중요 개념</summary>",
        "",
        f"    - {topic}: 긴 입력을 나눠 처리하는 방식과 비교해 메모리 사용이 줄어듦",
        f"    - The authors note that the gain holds for {org} models up to {n * 2}B.",
        "    </details>",
        "",
    ]
    return lines, token


def _month_block(
    year: int, month: int, title: str, lines: list[str], facts: list[Fact], prefix: str
) -> None:
    lines += [f"## {title}", ""]
    for week_no, week in enumerate(WEEKS, start=1):
        lines += [f"<details><summary>{week}</summary>", ""]
        for k in range(ENTRIES):
            entry, token = _entry(year, month, week_no, k)
            facts.append(Fact(token, len(lines) + 2, f"{prefix} > {title} > {week}"))
            lines += entry
        lines += ["</details>", ""]


def long_archive() -> tuple[str, list[Fact]]:
    lines: list[str] = ["# archive 2025", "", "매주 읽은 링크를 주차별로 모아 둔 아카이브.", ""]
    facts: list[Fact] = []
    _month_block(2025, 1, "🎉 January", lines, facts, "archive 2025")
    lines += ["<details><summary>archive 2024</summary>", ""]
    wrapped = "archive 2025 > archive 2024"
    for month, title in ((12, "🎄 December"), (11, "🍂 November"), (10, "🎃 October")):
        _month_block(2024, month, title, lines, facts, wrapped)
    lines += ["</details>", ""]
    # Content after the wrapper is 2025 again: no 2024 heading may leak onto it.
    lines += ["## 📌 Pinned", ""]
    lines += ["한 해 동안 가장 자주 다시 열어 본 링크는 따로 모아 둔다 (pinned-note-2025).", ""]
    facts.append(Fact("pinned-note-2025", len(lines) - 1, "archive 2025 > 📌 Pinned"))
    return "\n".join(lines), facts


def _fact_chunk(chunks: list[Chunk], token: str) -> Chunk:
    found = [c for c in chunks if token in c.text]
    assert found, token
    return found[0]


@pytest.fixture(scope="module")
def archive() -> tuple[str, list[Fact], list[Chunk]]:
    text, facts = long_archive()
    return text, facts, chunk_document(doc_of(text))


def test_archive_is_long(archive: tuple[str, list[Fact], list[Chunk]]) -> None:
    text, facts, chunks = archive
    assert 40_000 <= len(text.encode("utf-8")) <= 80_000
    assert len(facts) == 4 * len(WEEKS) * ENTRIES + 1 and len(chunks) >= 40


def test_every_fact_has_its_weeks_heading_path(
    archive: tuple[str, list[Fact], list[Chunk]],
) -> None:
    _, facts, chunks = archive
    wrong = [
        (f.token, c.heading) for f in facts if (c := _fact_chunk(chunks, f.token)).heading != f.path
    ]
    assert not wrong, wrong[:5]


def test_headings_inside_the_wrapper_do_not_leak_out(
    archive: tuple[str, list[Fact], list[Chunk]],
) -> None:
    text, _, chunks = archive
    lines = text.split("\n")
    close = max(i for i, s in enumerate(lines, start=1) if s == "</details>")
    after = [c for c in chunks if (c.location.line_start or 0) > close]
    assert after and all(c.heading == "archive 2025 > 📌 Pinned" for c in after)
    assert not any("2024" in c.heading for c in chunks if "fact2025" in c.text)


def test_line_ranges_are_each_chunks_own(
    archive: tuple[str, list[Fact], list[Chunk]],
) -> None:
    text, facts, chunks = archive
    lines = text.split("\n")
    for c in chunks:
        assert_lines_cover(c, text)
        start, end = c.location.line_start, c.location.line_end
        assert start is not None and end is not None
        # At most one week block (64 lines here): never back to a wrapper or a month.
        assert end - start < 70, (c.location, c.heading)
        if not c.text.startswith(lines[start - 1].strip()[:8]):
            # A piece of a split week repeats the week's summary (its first line), so
            # its range starts at that <summary> line; nothing else starts elsewhere.
            week = c.heading.rsplit(" > ", 1)[-1]
            assert c.text.startswith(week + "\n"), (c.location, c.text[:40])
            assert lines[start - 1] == f"<details><summary>{week}</summary>"
    for f in facts:
        c = _fact_chunk(chunks, f.token)
        assert c.location.line_start is not None and c.location.line_end is not None
        assert c.location.line_start <= f.line <= c.location.line_end, (f, c.location)
    # The wrapper's summary is in the paths, not in any text: no chunk starts on its line
    # (dozens used to, each citing hundreds of lines).
    wrapper = lines.index("<details><summary>archive 2024</summary>") + 1
    assert not [c for c in chunks if c.location.line_start == wrapper]


def test_small_chunks_keep_paths_and_ranges(
    archive: tuple[str, list[Fact], list[Chunk]],
) -> None:
    text, facts, _ = archive
    cfg = ChunkingConfig(target_chars=200, max_chars=300, overlap_chars=50, min_chars=20)
    chunks = chunk_document(doc_of(text), cfg)
    for c in chunks:
        assert len(c.text) <= cfg.max_chars
        assert_lines_cover(c, text)
    for f in facts:
        c = _fact_chunk(chunks, f.token)
        assert c.heading == f.path, (f.token, c.heading)


# -- the same checks on the real notes samples (outside the repo) ----------------------

SHARED = Path(__file__).resolve().parents[3] / "shared" / "notes-samples"
_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")


def _headings_before(text: str) -> dict[int, list[tuple[int, str]]]:
    """For each line, the ATX heading stack in force there (outside code fences)."""
    stack: list[tuple[int, str]] = []
    out: dict[int, list[tuple[int, str]]] = {}
    fence = False
    for no, s in enumerate(text.split("\n"), start=1):
        if s.lstrip().startswith(("```", "~~~")):
            fence = not fence
        m = None if fence else _ATX.match(s)
        if m:
            level = len(m.group(1))
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, clean_heading(m.group(2))))
        out[no] = list(stack)
    return out


@pytest.mark.skipif(
    not SHARED.is_dir(), reason=f"{SHARED} is absent: the shared notes samples are not here"
)
def test_real_notes_samples_have_own_ranges_and_paths() -> None:
    files = sorted(SHARED.glob("*.txt"))
    assert len(files) >= 4
    for path in files:
        text = path.read_text(encoding="utf-8")
        data = path.read_bytes()
        doc = loader_for(path, data).load(path, data)
        chunks = chunk_document(doc)
        assert chunks, path
        stacks = _headings_before(text)
        for c in chunks:
            assert_lines_cover(c, text)
            start, end = c.location.line_start, c.location.line_end
            assert start is not None and end is not None
            assert end - start < 80, (path.name, c.location)
            # The path is the heading stack in force where the chunk starts (no heading
            # there is scoped in a <details> block).
            want = " > ".join(t for _, t in stacks[start] if t)
            assert c.heading == want, (path.name, start, c.heading, want)


# -- the rules one by one, on small notes ------------------------------------------


def test_wrapper_without_summary_scopes_its_headings() -> None:
    text = (
        "# 노트\n\n## 최근\n\n최근 읽은 논문은 speculative decoding 관련 두 편이다.\n\n"
        "<details>\n\n## Old notes\n\nOld notes about RoPE scaling and position interpolation.\n"
        "</details>\n\n"
        "After the block: KV cache 압축 실험 결과를 다음 주에 정리한다.\n"
    )
    chunks = chunk_document(doc_of(text))
    assert [c.heading for c in chunks] == ["노트 > 최근", "노트 > Old notes", "노트 > 최근"]
    for c in chunks:
        assert_lines_cover(c, text)


def test_summary_joins_the_path_and_a_tiny_section_after_it_keeps_its_own() -> None:
    week = "\n".join(
        f"- [논문 {i}](https://example.com/{i})\n    - 핵심 수치: {i}배 빠름 (speed-up {i}x)"
        for i in range(3)
    )
    text = (
        f"# archive 2025\n\n## 🎉 January\n\n<details><summary>2nd week</summary>\n\n{week}\n"
        "</details>\n\n## 📌 Pinned\n\n짧은 메모.\n"
    )
    chunks = chunk_document(doc_of(text))
    assert [c.heading for c in chunks] == [
        "archive 2025 > 🎉 January > 2nd week",
        "archive 2025 > 📌 Pinned",
    ]
    assert chunks[0].text.startswith("2nd week\n")  # the summary also stays in the text
    assert chunks[1].location.line_start == len(text.split("\n")) - 3  # the heading line


def test_wrapper_right_after_an_item_is_not_part_of_the_item() -> None:
    text = (
        "## 🎉 January\n\n- [최근 링크](https://example.com/new) 새 모델 발표 요약\n"
        "<details><summary>archive 2024</summary>\n\n## 🎄 December\n\n"
        "- [지난 링크](https://example.com/old) context length 128K tokens 지원\n"
        "</details>\n"
    )
    chunks = chunk_document(doc_of(text))
    old = _fact_chunk(chunks, "128K")
    assert old.heading == "archive 2024 > 🎄 December"
    assert "새 모델" not in old.text
    assert _fact_chunk(chunks, "새 모델").heading == "🎉 January"
    for c in chunks:
        assert_lines_cover(c, text)


_PARTS = [
    "# archive {i}",
    "## 🎉 month {i}",
    "### 소제목 {i}",
    "<details><summary>week {i}</summary>",
    "<details>",
    "<summary>요약 {i}</summary>",
    "</details>",
    "",
    "- 📜 [Org {i}] [논문 {i}](https://example.com/{i})",
    "    - 수치 {i}: context length {i}K tokens, 속도 {i}배",
    "    <details>",
    "    <summary>중요 개념</summary>",
    "    </details>",
    "| 주차 | 발표자 |",
    "|---|---|",
    "| {i} 주차 | 발표자 {i} |",
    "문장 {i}이다. This is sentence {i} with 3.5 numbers. 또 하나의 문장임.",
    "긴 문장 " * 30 + "{i}.",
]


@pytest.mark.parametrize("seed", range(20))
def test_random_archives_keep_the_contract(seed: int) -> None:
    rng = random.Random(seed)
    text = "\n".join(rng.choice(_PARTS).format(i=i) for i in range(rng.randint(20, 500)))
    labels = {p.format(i=i) for p in _PARTS for i in range(500)}
    for cfg in (
        ChunkingConfig(),
        ChunkingConfig(target_chars=200, max_chars=300, overlap_chars=50),
    ):
        chunks = chunk_document(doc_of(text), cfg)
        assert [c.ordinal for c in chunks] == list(range(len(chunks)))
        for c in chunks:
            assert c.text and len(c.text) <= cfg.max_chars
            assert_lines_cover(c, text)
            # Every path entry is a heading or a summary of this note, nothing else.
            for part in filter(None, c.heading.split(" > ")):
                assert any(part in lb for lb in labels), (part, c.heading)


def test_only_the_summarys_own_text_enters_the_path() -> None:
    text = (
        "# a\n\n<details><summary>🗓️ **2nd week** (1/8~1/14)</summary> 첫 줄에 이어진 메모\n\n"
        "- [링크](https://example.com) 설명이 붙은 항목 하나\n</details>\n\n"
        "<details open><summary>3rd\nweek</summary>\n\n### 중요 개념\n\n"
        "- 개념 설명이 길게 이어지는 문장입니다\n</details>\n"
    )
    chunks = chunk_document(doc_of(text))
    assert _fact_chunk(chunks, "첫 줄에 이어진").heading == "a > 🗓️ 2nd week (1/8~1/14)"
    concept = _fact_chunk(chunks, "개념 설명")
    assert concept.heading == "a > 3rd week > 중요 개념"  # a summary over two lines
    assert "week" not in concept.text
    for c in chunks:
        assert_lines_cover(c, text)
