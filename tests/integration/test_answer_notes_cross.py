"""Cross-language answer units on real notes (issue #15, fourth round): an English
question over Korean bullets and a Korean question over English bullets choose the unit
through the lexicon of analysis/lexicon.py and the notes' own "한국어 (English)" aliases;
a qualified name the notes lack ("Llama 3 405B" over notes on 8B / 70B) weakens the
evidence.

Passages are cut from examples/notes (written for this repo); questions are worded for
these tests. Real Kiwi and e5 (session fixtures).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from notelens.analysis.base import Analyzer
from notelens.analysis.lexicon import general_lexicon, note_aliases
from notelens.answer.extractive import extract
from notelens.answer.refusal import QUALIFIER_PENALTY
from notelens.embed.base import Embedder
from notelens.types import Hit, Location

pytestmark = pytest.mark.integration

NOTES = Path(__file__).resolve().parents[2] / "examples" / "notes"


def _section(path: str, first: str, lines: int) -> str:
    """``lines`` lines of an examples/notes file from the line starting with ``first``."""
    text = (NOTES / path).read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(text) if line.lstrip().startswith(first))
    return "\n".join(text[at : at + lines])


def _hit(text: str, heading: str, source: str) -> Hit:
    return Hit(
        rank=1,
        score=1.0,
        chunk_id="c1",
        source=str(NOTES / source),
        title=source,
        heading=heading,
        text=text,
        location=Location(1, text.count("\n") + 1),
        lang="mixed",
    )


@pytest.fixture(scope="module")
def gsm1k() -> Hit:
    text = _section("weekly-digest-2024-w18.md", "- [A Careful Examination", 11)
    return _hit(text, "Weekly digest 2024-W18 (4/29 ~ 5/5)", "weekly-digest-2024-w18.md")


@pytest.fixture(scope="module")
def lost_in_the_middle() -> Hit:
    text = _section("rag/retrieval-notes.md", "Liu et al., 2023", 6)
    return _hit(text, "Retrieval notes for RAG > Context ordering: lost in the middle", "rag/x.md")


@pytest.fixture(scope="module")
def llama3() -> Hit:
    text = _section("weekly-digest-2024-w18.md", "- [Introducing Meta Llama 3]", 9)
    return _hit(text, "Weekly digest 2024-W18 (4/29 ~ 5/5)", "weekly-digest-2024-w18.md")


def test_the_lexicon_links_english_and_korean_terms(analyzer: Analyzer) -> None:
    lex = general_lexicon(analyzer)
    assert "성능" in lex.alternatives(analyzer.terms("performance")[0])
    assert analyzer.terms("cost")[0] in lex.alternatives("비용")
    assert "공개" in lex.alternatives(analyzer.terms("released")[0])


def test_the_notes_own_aliases_pair_the_two_spellings() -> None:
    pairs = note_aliases(
        [
            "- 중복 제거 (Deduplication)",
            "Document level(문서 단위)에서 수행",
            "Reciprocal Rank Fusion (RRF) is used",  # both Latin: not a translation
            # A list in parentheses names what the phrase covers, not its other spelling.
            "스터디 13~15주차(InstructGPT, DPO, Constitutional AI) 메모",
            "이번 주 논문(LoRA; QLoRA)",
        ]
    )
    assert ("중복 제거", "Deduplication") in pairs
    assert ("Document level", "문서 단위") in pairs
    assert all("RRF" not in b for _, b in pairs)
    assert not any("DPO" in b or "LoRA" in b for _, b in pairs), pairs


def test_an_english_question_finds_the_korean_bullet(
    analyzer: Analyzer, embedder: Embedder, gsm1k: Hit
) -> None:
    # "released" / "immediately" share no word with "바로 공개하지 않는다".
    ex = extract(
        "Do the authors of the grade school arithmetic paper release their dataset immediately?",
        [gsm1k],
        analyzer=analyzer,
        embedder=embedder,
    )
    assert "바로 공개하지 않는다" in ex.sentences[ex.lead].text


def test_a_korean_question_finds_the_english_bullet(
    analyzer: Analyzer, embedder: Embedder, lost_in_the_middle: Hit
) -> None:
    ex = extract(
        "정보 위치에 따른 성능 곡선은 어떤 모양이야?",
        [lost_in_the_middle],
        analyzer=analyzer,
        embedder=embedder,
    )
    assert "U-shaped curve" in ex.sentences[ex.lead].text


@pytest.mark.parametrize(
    ("asked", "sibling"),
    [
        ("Llama 3 405B의 vocab 크기는?", "Llama 3 8B의 vocab 크기는?"),
        (
            "What vocab size does the Llama 3 400B model use?",
            "What vocab size does Llama 3 8B use?",
        ),
    ],
)
def test_a_size_the_notes_lack_weakens_the_evidence(
    analyzer: Analyzer, embedder: Embedder, llama3: Hit, asked: str, sibling: str
) -> None:
    held = extract(sibling, [llama3], analyzer=analyzer, embedder=embedder)
    absent = extract(asked, [llama3], analyzer=analyzer, embedder=embedder)
    assert "128K" in held.sentences[held.lead].text
    assert absent.strength <= held.strength * (1.0 - QUALIFIER_PENALTY) + 0.05
