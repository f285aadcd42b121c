"""A paper's author asked, a schedule row's presenter given (answer/authorship.py and the
"authors" attribute of answer/refusal.py). "X 논문의 저자는 누구야?" over "Paper: X: … by
Attention Echo · Presenter: Elena Varga" read the presenter's name and the title-cased
title as a byline. A row states its paper's authors only in an author column or a cell
with a byline marker. Korean, English and mixed questions; the last tests run the
extractor with real Kiwi and e5 over invented notes.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.authorship import authors_text, row_cells
from notelens.answer.extractive import extract
from notelens.answer.refusal import ATTRIBUTE_PENALTY, asked_attribute, measure_factor
from notelens.config import AnswerConfig
from notelens.embed.base import Embedder

EN_ROW = (
    "Session: S4 · Date: Apr 7 · Paper: Quiet Heads: Pruning by Gradient Flow"
    " · Venue / Year: arXiv 2026 · Presenter: Marta Lindgren · Slides: pdf"
)
KO_ROW = "주차: 5 주차 · 날짜: 4/11 · 주제: pruning · 논문: Quiet Heads: Pruning by Gradient Flow · 발표자: 박소율"


@pytest.mark.unit
def test_row_cells() -> None:
    cells = row_cells(KO_ROW)
    assert cells is not None
    assert cells[0] == ("주차", "5 주차")
    assert cells[-1] == ("발표자", "박소율")
    # A bullet, a sentence, one cell alone: not a row.
    assert row_cells("- first author: Noor Haddad") is None
    assert row_cells("Quiet Heads는 Noor Haddad 외 3명이 썼다.") is None
    assert row_cells("Presenter: Marta Lindgren") is None


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # The presenter, the date and the title-cased title are no byline.
        (EN_ROW, ""),
        (KO_ROW, ""),
        # An author column, in either language, or a byline inside another cell.
        (
            "Paper: Quiet Heads · Authors: Noor Haddad, Ivo Brandt · Presenter: Marta Lindgren",
            "Authors: Noor Haddad, Ivo Brandt",
        ),
        ("논문: Quiet Heads · 저자: 누르 하다드 · 발표자: 박소율", "저자: 누르 하다드"),
        (
            "Paper: Quiet Heads (Haddad et al.) · Presenter: Marta Lindgren",
            "Paper: Quiet Heads (Haddad et al.)",
        ),
        ("논문: Quiet Heads (하다드 외) · 발표자: 박소율", "논문: Quiet Heads (하다드 외)"),
        # "Presented by" heads a presenter column, not an author one.
        ("Paper: Quiet Heads · Presented by: Marta Lindgren", ""),
        # Not a row: read whole.
        ("- first author: Noor Haddad", "- first author: Noor Haddad"),
    ],
)
def test_authors_text(text: str, kept: str) -> None:
    assert authors_text(text) == kept


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        "Quiet Heads 논문의 저자는 누구야?",
        "조용한 머리 논문의 저자는 누구야?",
        "Who wrote the paper Quiet Heads?",
        "Who is the first author of the Quiet Heads paper?",
        "Quiet Heads의 제1저자는 누구야?",
        "Quiet Heads 논문 교신저자는 누구?",
    ],
)
def test_the_authors_are_asked(question: str) -> None:
    assert asked_attribute(question) == "authors"


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    ["Who presented Quiet Heads?", "Quiet Heads 발표자는 누구야?", "Who is the author's advisor?"],
)
def test_a_presenter_is_no_author_asked(question: str) -> None:
    assert asked_attribute(question) != "authors"


@pytest.mark.unit
@pytest.mark.parametrize("row", [EN_ROW, KO_ROW])
@pytest.mark.parametrize(
    "question",
    ["Quiet Heads 논문의 저자는 누구야?", "Who is the first author of the Quiet Heads paper?"],
)
def test_a_presenter_row_does_not_state_the_authors(question: str, row: str) -> None:
    assert measure_factor(question, row) == pytest.approx(1 - ATTRIBUTE_PENALTY)


@pytest.mark.unit
@pytest.mark.parametrize(
    "text",
    [
        "Paper: Quiet Heads · Authors: Noor Haddad, Ivo Brandt · Presenter: Marta Lindgren",
        "- Quiet Heads: first author Noor Haddad, 2026",
        "Quiet Heads는 Noor Haddad 외 3명이 쓴 논문.",
    ],
)
def test_a_byline_states_the_authors(text: str) -> None:
    assert measure_factor("Quiet Heads 논문의 저자는 누구야?", text) == 1.0


HITS = [
    note_hit(
        0,
        "Session | Date | Paper | Presenter\n--- | --- | --- | ---\n"
        "S4 | Apr 7 | Quiet Heads: Pruning by Gradient Flow | Marta Lindgren\n"
        "S5 | Apr 14 | Loud Tokens: Outliers in Activations | Ivo Brandt\n",
        "Tuesday Reading Group > Schedule",
    ),
    note_hit(
        1,
        "- 📜 [Kettle Lab] Quiet Heads: Pruning by Gradient Flow\n"
        "  - attention head 40%를 gradient flow 기준으로 제거, 정확도 손실 0.3점\n",
        "archive > April > 2주차",
    ),
]


@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    ["Quiet Heads 논문의 저자는 누구야?", "Who is the first author of the Quiet Heads paper?"],
)
def test_the_presenter_is_not_given_as_the_author(
    question: str, analyzer: Analyzer, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert ex.strength < AnswerConfig().refuse_below
    # Read whole, the row's presenter and title pass for a byline: answered.
    monkeypatch.setattr("notelens.answer.authorship.authors_text", lambda text: text)
    whole = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert whole.strength >= AnswerConfig().refuse_below
    # The attribute penalty applies (and, since round 18, the writer no quoted unit
    # names weakens it further: answer/asked_nowhere.py).
    assert ex.strength <= (1 - ATTRIBUTE_PENALTY) * whole.strength + 1e-9


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Who presented Quiet Heads?", "Marta Lindgren"),
        ("Quiet Heads 발표자는 누구야?", "Marta Lindgren"),
    ],
)
def test_the_presenter_asked_is_answered(
    question: str, expected: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert expected in ex.sentences[0].text
    assert ex.strength >= AnswerConfig().refuse_below
