from __future__ import annotations

import itertools
import random

import pytest
from test_ingest_fixtures import PLAIN_TEXT, assert_lines_cover, doc_of, fixture_doc

from notelens.analysis.sentences import split_sentences
from notelens.config import ChunkingConfig
from notelens.ingest.chunking import chunk_document, chunker_for
from notelens.ingest.markdown import MarkdownChunker
from notelens.ingest.pdf_chunk import PdfChunker
from notelens.ingest.text import TextChunker
from notelens.types import Document, Link, Section

pytestmark = pytest.mark.unit

CFG = ChunkingConfig()


def test_chunker_by_format() -> None:
    assert isinstance(chunker_for("markdown"), MarkdownChunker)
    assert isinstance(chunker_for("html"), MarkdownChunker)
    assert isinstance(chunker_for("text"), TextChunker)
    assert isinstance(chunker_for("pdf"), PdfChunker)


def test_paragraphs_are_packed_with_line_ranges_and_links() -> None:
    (c,) = chunk_document(fixture_doc("reading_log.txt"))
    assert c.kind == "text" and c.heading == ""
    assert (c.location.line_start, c.location.line_end) == (1, 7)
    assert c.links == (
        Link("https://arxiv.org/abs/2401.06066", "https://arxiv.org/abs/2401.06066"),
    )
    assert c.text == PLAIN_TEXT.strip()
    assert c.lang == "en"


def test_long_paragraph_split_with_sentence_overlap() -> None:
    sentences = [f"문장 {i}번은 plain text 메모 안의 긴 문단에 들어 있다." for i in range(60)]
    text = (
        "제목 없는 메모\n\n"
        + " ".join(sentences)
        + "\n\n마지막 문단은 짧다. 하지만 최소 길이는 넘는다.\n"
    )
    chunks = TextChunker(CFG).chunk(doc_of(text, "text"))
    assert len(chunks) >= 3
    for c in chunks:
        assert len(c.text) <= CFG.max_chars
        assert_lines_cover(c, text)
    body = [c for c in chunks if "번은" in c.text]
    for prev, nxt in itertools.pairwise(body):
        assert split_sentences(nxt.text)[0] in split_sentences(prev.text)
    joined = " ".join(c.text for c in chunks)
    assert all(s in joined for s in sentences)


def test_pdf_pages_are_not_merged_and_have_pages_only() -> None:
    doc = Document(
        source="p.pdf",
        title="p",
        format="pdf",
        sections=(
            Section(text="Page one has a short paragraph about routers.", page=1),
            Section(text="Page two is also short, about experts.", page=2),
        ),
    )
    chunks = chunk_document(doc)
    assert [(c.location.page, c.location.line_start) for c in chunks] == [(1, None), (2, None)]


def test_tiny_text_is_merged() -> None:
    text = "짧다\n\n이 문단은 최소 길이를 충분히 넘는 문장으로 되어 있다.\n\n끝\n"
    (c,) = chunk_document(doc_of(text, "text"))
    assert c.text.startswith("짧다") and c.text.endswith("끝")


def test_empty_and_symbol_only_text_has_no_chunks() -> None:
    assert chunk_document(doc_of("\n\n   \n", "text")) == []
    assert chunk_document(doc_of("----\n====\n", "text")) == []


@pytest.mark.parametrize("seed", range(20))
def test_random_text_keeps_the_contract(seed: int) -> None:
    rng = random.Random(seed)
    words = [
        "모델",
        "학습",
        "LoRA",
        "e.g.",
        "3.5",
        "다.",
        "함.",
        "Next.",
        "\n",
        "\n\n",
        "https://x.y/z",
    ]
    text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 3000)))
    for cfg in (CFG, ChunkingConfig(target_chars=100, max_chars=150, overlap_chars=30)):
        chunks = TextChunker(cfg).chunk(doc_of(text, "text"))
        for c in chunks:
            assert len(c.text) <= cfg.max_chars
            assert_lines_cover(c, text)
