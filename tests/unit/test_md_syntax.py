"""The loaders' title reader and the chunker share one markdown line syntax
(``ingest/md_syntax.py``): a title comes from a line the chunker reads as a heading and
never from inside a fence the chunker keeps as code."""

from __future__ import annotations

from pathlib import Path

import pytest

from notelens.ingest import chunk_document, load_file
from notelens.ingest.loaders import markdown_title
from notelens.ingest.md_syntax import atx_heading, closes_fence, fence_open

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("# LoRA 정리 노트", (1, "LoRA 정리 노트")),
        ("## 2주차: Chinchilla ##", (2, "2주차: Chinchilla")),
        ("### C#", (3, "C#")),
        ("#", (1, "")),
        ("#태그", None),
        ("    # 코드", None),
    ],
)
def test_atx_heading_level_and_text(line: str, expected: tuple[int, str] | None) -> None:
    assert atx_heading(line) == expected


def test_a_fence_closes_only_on_its_own_marker_alone() -> None:
    opener = fence_open("````python")
    assert opener is not None
    assert not closes_fence("```", opener)  # shorter run
    assert not closes_fence("~~~~", opener)  # other marker
    assert not closes_fence("```` 끝", opener)  # text after the marker
    assert closes_fence("  `````  ", opener)
    # a backtick "fence" whose info string holds a backtick is inline code
    assert fence_open("``` a ` b") is None


def test_title_skips_a_fence_the_chunker_keeps_as_code(tmp_path: Path) -> None:
    # "```` 끝" does not close the fence (CommonMark), so "# 코드 안" is code, not a title;
    # the loaders used to close on it and title the note from inside the code.
    body = "```` text\n```` 끝\n# 코드 안 heading\n````\n\n# Attention 메모\n\nQKV 설명.\n"
    assert markdown_title(body) == "Attention 메모"
    note = tmp_path / "note.md"
    note.write_text(body, encoding="utf-8")
    doc = load_file(note)
    assert doc.title == "Attention 메모"
    headings = {c.heading for c in chunk_document(doc)}
    assert not any("코드 안" in h for h in headings)


def test_title_after_inline_code_that_looks_like_a_fence() -> None:
    # "``` a ` b" is inline code, not a fence: the H1 after it is the title
    assert markdown_title("``` a ` b\n\n# Mixture of Experts 요약\n") == "Mixture of Experts 요약"


def test_only_a_first_level_heading_titles_a_note() -> None:
    assert markdown_title("## 소개\n\n# RoPE scaling\n") == "RoPE scaling"
    assert markdown_title("# \n\nSetext 제목\n=====\n") == "Setext 제목"
