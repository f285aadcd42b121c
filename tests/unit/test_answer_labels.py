"""A labelled line whose label is the question's asked noun in the other language
(``answer/labels.py``): "org: …" answers "어느 회사", "롤백 기준: …" answers "the rollback
criterion". Questions and notes written for these tests; real Kiwi terms and e5 (session
fixtures) for the extraction cases.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer import extractive
from notelens.answer.extractive import extract, translations
from notelens.answer.labels import asked_phrase, translated_label
from notelens.answer.units import AnswerUnit
from notelens.embed.base import Embedder


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        # Korean: the noun after the question determiner; the topic of a closing ask.
        ("Heron-9B는 어느 회사에서 만든 모델이야?", "회사에서"),
        ("이번 실험에서 어떤 옵티마이저를 썼어?", "옵티마이저를"),
        ("롤백 기준은 뭐야?", "롤백 기준"),
        ("3주차 발표자는 누구였어?", "3주차 발표자"),
        # English: the noun after the copula, or the one the question word determines.
        ("What is the rollback criterion for the v5 release?", "rollback criterion"),
        ("Who was the guest speaker in week 12?", "guest speaker"),
        ("Which base model was chosen at the kickoff meeting?", "base model"),
        ("What recall@10 did the first version get?", "recall@10"),
    ],
)
def test_asked_phrase_reads_the_asked_noun(question: str, phrase: str) -> None:
    assert asked_phrase(question) == phrase


@pytest.mark.parametrize(
    "question",
    [
        # the topic is what is asked about: the ask goes on past the question word
        "논문 읽기 모임은 어디서 모여?",
        # a count is asked by its counter, not by a noun
        "Heron-9B 학습에 H100을 몇 장 썼어?",
        # "what share of … is code": code is a condition of the question
        "What share of Heron-9B's training data is code?",
        "What is it?",
        "Which one was faster?",
    ],
)
def test_asked_phrase_is_none_without_an_asked_noun(question: str) -> None:
    assert asked_phrase(question) is None


def _unit(term: str, text: str) -> AnswerUnit:
    return AnswerUnit("definition", text, "", 0, 0, term=term)


def _label_matches(analyzer: Analyzer, question: str, term: str) -> bool:
    q_terms = list(dict.fromkeys(analyzer.terms(question)))
    alts = translations(q_terms, analyzer)
    phrase = asked_phrase(question)
    assert phrase is not None
    asked = frozenset(analyzer.terms(phrase)) & frozenset(q_terms)
    label = frozenset(analyzer.terms(term))
    return translated_label(_unit(term, f"{term}: …"), label, asked, alts)


def test_a_label_that_translates_the_asked_noun_matches(analyzer: Analyzer) -> None:
    assert _label_matches(analyzer, "Heron-9B는 어느 회사에서 만든 모델이야?", "org")
    assert _label_matches(
        analyzer, "What is the rollback criterion for the v5 release?", "롤백 기준"
    )
    assert _label_matches(analyzer, "Which base model was chosen at the kickoff?", "모델")


def test_a_label_with_words_not_asked_or_in_the_questions_language_does_not(
    analyzer: Analyzer,
) -> None:
    # 후보 ("candidate") is not asked: the line lists candidates, not the chosen model.
    assert not _label_matches(analyzer, "Which model was chosen at the kickoff?", "모델 후보")
    # The label in the question's own words is the lexical share's to count.
    assert not _label_matches(analyzer, "Heron-9B는 어느 회사에서 만든 모델이야?", "회사")
    assert not _label_matches(
        analyzer, "What is the rollback criterion for v5?", "rollback criterion"
    )


def test_only_definition_lines_have_a_label() -> None:
    item = AnswerUnit("item", "org: Silverleaf Labs", "", 0, 0)
    assert not translated_label(
        item, frozenset({"org"}), frozenset({"회사"}), {"회사": frozenset({"org"})}
    )


# A Korean meeting line that restates the question's subject, and an English model card.
KO_MEETING = (
    "- 베이스 모델은 Heron-9B로 정했음. Heron-9B는 비교 실험용으로만 씀.\n- 다음 회의는 금요일"
)
EN_CARD = "- org: Silverleaf Labs\n- MMLU 70.2, GSM8K 71.0\n- 48 experts + 2 shared"
# An English digest line that names the release, and the Korean plan that answers.
EN_DIGEST = "- Next week's digest is mine again; Minji is busy with the v5 release."
KO_PLAN = (
    "- v5의 주요 변경은 검색 색인 교체다.\n"
    "- 롤백 기준: 오류율이 5%를 넘으면 즉시 v4로 되돌림\n"
    "- 배포 책임자는 김하늘"
)
HEADINGS = {
    KO_MEETING: ("회의록 2025-09-15 > 결정", "ko"),
    EN_CARD: ("Model cards > Heron-9B", "en"),
    EN_DIGEST: ("Weekly digest W41 > Notes to self", "en"),
    KO_PLAN: ("주간 회의록 > v5 배포 계획", "ko"),
}
CASES = [
    ("Heron-9B는 어느 회사에서 만든 모델이야?", (KO_MEETING, EN_CARD), "Silverleaf Labs"),
    ("What is the rollback criterion for the v5 release?", (EN_DIGEST, KO_PLAN), "오류율이 5%"),
]


@pytest.mark.integration
@pytest.mark.parametrize(("question", "notes", "gold"), CASES)
def test_the_translated_label_leads_over_a_restating_line(
    question: str,
    notes: tuple[str, ...],
    gold: str,
    analyzer: Analyzer,
    embedder: Embedder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hits = [note_hit(i, text, *HEADINGS[text]) for i, text in enumerate(notes)]
    ex = extract(question, hits, analyzer=analyzer, embedder=embedder)
    assert gold in ex.sentences[ex.lead].text
    # Without the label's weight the restating line in the question's language leads.
    monkeypatch.setattr(extractive, "W_LABEL", 0.0)
    ex = extract(question, hits, analyzer=analyzer, embedder=embedder)
    assert gold not in ex.sentences[ex.lead].text
