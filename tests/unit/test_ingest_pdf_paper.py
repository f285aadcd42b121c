"""PDFs read like papers: title, section headings, running headers/footers and page
numbers dropped, hyphenated line breaks rejoined only where the joined word is a word."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from notelens.config import ChunkingConfig
from notelens.ingest.budget import parse_file
from notelens.ingest.pdf_layout import Line, dehyphenate, heading_level
from notelens.types import Chunk
from pdf_fixtures import make_paper_pdf

pytestmark = pytest.mark.unit

BODY = 10.0


def _page(n: int, lines: list[tuple[float, str]]) -> list[tuple[float, str]]:
    header = (8.0, "Preprint under review at a workshop")
    return [header, *lines, (8.0, str(n))]


def _paper() -> bytes:
    p1 = _page(
        1,
        [
            (17.0, "Sparse Attention for"),
            (17.0, "Long Context Models"),
            (BODY, "Anonymous Authors"),
            (BODY, "1 Introduction"),
            (BODY, "Long context models need efficient attention. We study the optimiza-"),
            (BODY, "tion of sparse patterns and their effect on recall."),
        ],
    )
    p2 = _page(
        2,
        [
            (BODY, "The optimization budget is fixed for all runs in this paper."),
            (BODY, "2 Method"),
            (BODY, "2.1 Training data"),
            (BODY, "We pre-train on books. The state-of-the-"),
            (BODY, "art baseline uses dense attention and a pre-"),
            (BODY, "training corpus of two trillion tokens."),
        ],
    )
    p3 = _page(
        3,
        [
            (BODY, "3 Results"),
            (14.0, "Encoder Decoder"),  # a figure's label, set large
            (BODY, "Sparse attention keeps recall at long range with less memory."),
        ],
    )
    return make_paper_pdf([p1, p2, p3], title="paper.pdf")


def _chunks(tmp_path: Path) -> tuple[str, list[Chunk]]:
    path = tmp_path / "paper.pdf"
    data = _paper()
    path.write_bytes(data)
    doc, chunks = parse_file(path, data, ChunkingConfig(), 30)
    return doc.title, chunks


def test_title_from_first_page_largest_text_not_file_name(tmp_path: Path) -> None:
    title, _ = _chunks(tmp_path)
    assert title == "Sparse Attention for Long Context Models"  # the metadata says "paper.pdf"


def test_heading_path_from_numbered_sections(tmp_path: Path) -> None:
    _, chunks = _chunks(tmp_path)
    title = "Sparse Attention for Long Context Models"  # the title heads every path
    heads = {c.heading for c in chunks}
    assert f"{title} > 1 Introduction" in heads
    data = next(c for c in chunks if "books" in c.text)
    assert data.heading == f"{title} > 2 Method > 2.1 Training data"
    assert data.location.page == 2
    assert next(c for c in chunks if "less memory" in c.text).heading == f"{title} > 3 Results"
    # a paper that numbers its sections: large unnumbered text is no heading
    assert all("Encoder Decoder" not in c.heading for c in chunks)
    # the previous page's section carries across the page break
    intro = next(c for c in chunks if "budget is fixed" in c.text)
    assert intro.heading == f"{title} > 1 Introduction"


def test_running_header_and_page_numbers_dropped(tmp_path: Path) -> None:
    _, chunks = _chunks(tmp_path)
    text = "\n".join(c.text for c in chunks)
    assert "Preprint under review" not in text
    assert all(c.text.strip() not in {"1", "2", "3"} for c in chunks)


def test_hyphenation_rejoined_only_for_words(tmp_path: Path) -> None:
    _, chunks = _chunks(tmp_path)
    text = " ".join(" ".join(c.text.split()) for c in chunks)
    assert "optimization of sparse patterns" in text  # "optimization" is used elsewhere
    assert "state-of-the-art baseline" in text  # a real hyphen: both halves are words
    assert "pre-training corpus" in text  # "pre-train" is hyphenated elsewhere


def test_dehyphenate_rules() -> None:
    words = Counter({"opti": 0, "transformer": 3, "self": 2, "attention": 4})
    assert dehyphenate("transfor-\nmer", words, set()) == "transformer\n"
    assert dehyphenate("self-\nattention", words, set()) == "self-attention\n"
    assert dehyphenate("self-\nattention", words, {"self-attention"}) == "self-attention\n"
    assert dehyphenate("multi-\nlingual", Counter(), set()) == "multilingual\n"  # no evidence


def test_heading_rules() -> None:
    assert heading_level(Line("3.2 Training data", BODY), BODY) == 2
    assert heading_level(Line("4 Results", BODY), BODY) == 1
    assert heading_level(Line("2 billion tokens were used.", BODY), BODY) == 0
    assert heading_level(Line("Figure label", 14.0), BODY, numbered_only=True) == 0
    assert heading_level(Line("References", 14.0), BODY, numbered_only=True) == 1


def test_short_pages_keep_their_lines(tmp_path: Path) -> None:
    # a one-line page is content, not a running header, even when every page has it
    data = make_paper_pdf([[(BODY, "Attention notes 42")]] * 4 + [[(BODY, "7")]])
    path = tmp_path / "short.pdf"
    path.write_bytes(data)
    doc, _ = parse_file(path, data, ChunkingConfig(), 30)
    assert [s.text for s in doc.sections] == ["Attention notes 42"] * 4 + ["7"]
