"""The heading path a passage is indexed under (``indexer.context_of`` / ``embed_input``):
a note titled by its opening line leads every passage's path with its title, so a
question that names the note can reach the passages below its first (issue #15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from notelens.index.indexer import context_of, embed_input
from notelens.ingest.chunking import chunk_document
from notelens.ingest.registry import loader_for
from notelens.types import Chunk

pytestmark = pytest.mark.unit

# A paper list titled by its first line, its sections as H2s (no H1): Korean and English.
PAPER_LIST = """읽은 논문 메모 모음

## Safety

1. Constitutional Rules for Chat Assistants(2022)
  3 LINE SUMMARY
  - 규칙 목록으로 모델이 스스로 답을 고치게 함
  - harmlessness 평가에서 사람 피드백보다 나았음

## Retrieval

1. Dense Passage Search for Open QA(2020)
  3 LINE SUMMARY
  - question encoder와 passage encoder를 따로 학습
"""

# A note whose H1 is its title: every path starts with it already.
WITH_H1 = """# Reading notes

## Methods

- Sparse retrieval ranks passages by term overlap.
"""


def _chunks(tmp_path: Path, name: str, text: str) -> list[Chunk]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    data = path.read_bytes()
    return chunk_document(loader_for(path, data).load(path, data))


def test_title_leads_a_path_that_lacks_it() -> None:
    assert context_of("읽은 논문 메모 모음", "Safety") == "읽은 논문 메모 모음 > Safety"
    assert context_of("Paper list", "Retrieval > Dense") == "Paper list > Retrieval > Dense"


def test_path_that_holds_the_title_is_kept() -> None:
    assert context_of("Reading notes", "Reading notes > Methods") == "Reading notes > Methods"
    assert context_of("개요", "개요 > LLM 정의") == "개요 > LLM 정의"


def test_heading_less_passage_and_untitled_note() -> None:
    assert context_of("Plain note title", "") == "Plain note title"
    assert context_of("", "Methods") == "Methods"
    assert context_of("", "") == ""


def test_paper_list_sections_carry_the_note_title(tmp_path: Path) -> None:
    chunks = _chunks(tmp_path, "papers.md", PAPER_LIST)
    bodies = [c for c in chunks if c.heading]
    assert bodies, "the sections are chunked under their headings"
    for c in bodies:
        text = embed_input(c)
        assert text.startswith("읽은 논문 메모 모음 > ")
        assert c.text in text


def test_note_with_h1_title_indexes_as_before(tmp_path: Path) -> None:
    chunks = _chunks(tmp_path, "reading.md", WITH_H1)
    methods = [c for c in chunks if c.heading.endswith("Methods")]
    assert methods
    text = embed_input(methods[0])
    assert text.startswith("Reading notes > Methods\n")
    assert text.count("Reading notes") == 1
