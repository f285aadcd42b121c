"""The refusal signal's passage coverage counts the question's terms in either language
(answer/extractive.py ``held_weight``), as the unit scorer's lexical share does: an
English question over a Korean schedule (or the reverse) is not "uncovered" for being
asked in the other language. Notes and questions written for the test; real Kiwi terms,
and the extractor with real Kiwi and e5 for Korean, English and mixed questions.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import W_TRANSLATED, extract, held_weight, translations
from notelens.config import AnswerConfig
from notelens.embed.base import Embedder

SCHEDULE_KO = (
    "| 주차 | 날짜 | 논문 | 소속 | 발표자 |\n"
    "| -- | -- | -- | -- | -- |\n"
    "| 1주차 | 2026-04-04 | Attention Is All You Need | Google | 윤서하 |\n"
    "| 2주차 | 2026-04-11 | QLoRA: Efficient Finetuning of Quantized LLMs | UW | 남기온 |\n"
    "| 3주차 | 2026-04-18 | Mixture of Depths | DeepMind | 차유진 |\n"
)
SCHEDULE_EN = (
    "| Week | Date | Reading | Presenter |\n"
    "| -- | -- | -- | -- |\n"
    "| 1 | Sep 3 | ReAct: Synergizing Reasoning and Acting | Lena Ortiz |\n"
    "| 2 | Sep 10 | Reflexion: Language Agents with Verbal Reinforcement | Tomas Berg |\n"
)
LOG_KO = (
    "사내 매뉴얼 검색 실험을 두 번 했다. "
    "첫 실험의 결과는 실망스러웠다: 한국어 문서에서 정확도가 0.58에 그쳤다."
)
THRESHOLD = AnswerConfig().refuse_below


def _weights(terms: list[str]) -> dict[str, float]:
    return dict.fromkeys(terms, 1.0)


def test_a_term_held_only_as_its_translation_counts_part(analyzer: Analyzer) -> None:
    q_terms = list(dict.fromkeys(analyzer.terms("Which paper does the presenter read?")))
    passage = frozenset(analyzer.terms("논문 발표자 일정"))
    alts = translations(q_terms, analyzer)
    held = held_weight(_weights(q_terms), alts, passage)
    # "paper" -> 논문 and "presenter" -> 발표자, each at W_TRANSLATED of its weight.
    assert held == pytest.approx(2 * W_TRANSLATED)
    # Without the lexicon, nothing of the English question is in the Korean passage.
    assert held_weight(_weights(q_terms), {}, passage) == 0.0


def test_a_term_written_as_asked_counts_whole(analyzer: Analyzer) -> None:
    q_terms = list(dict.fromkeys(analyzer.terms("QLoRA 논문 발표자는 누구야?")))
    passage = frozenset(analyzer.terms("QLoRA 논문 발표자 남기온"))
    alts = translations(q_terms, analyzer)
    assert held_weight(_weights(q_terms), alts, passage) == pytest.approx(
        sum(t in passage for t in q_terms)
    )


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "hits", "gold"),
    [
        # English over a Korean schedule, Korean over an English one, and mixed.
        (
            "Who presents the QLoRA paper?",
            [note_hit(0, SCHEDULE_KO, "모델 효율 스터디 > 일정")],
            "남기온",
        ),
        (
            "Reflexion 논문 발표자는 누구야?",
            [note_hit(0, SCHEDULE_EN, "Agents reading group > Schedule", "en")],
            "Tomas Berg",
        ),
        (
            "Mixture of Depths paper의 presenter는 누구야?",
            [note_hit(0, SCHEDULE_KO, "모델 효율 스터디 > 일정")],
            "차유진",
        ),
        (
            "What accuracy did the search experiment get on Korean documents?",
            [note_hit(0, LOG_KO, "매뉴얼 검색 실험 기록")],
            "0.58",
        ),
    ],
)
def test_the_answer_across_languages_is_not_refused(
    question: str, hits: list[object], gold: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, hits, analyzer=analyzer, embedder=embedder)  # type: ignore[arg-type]
    assert gold in " ".join(c.text for c in ex.sentences)
    assert ex.strength >= THRESHOLD


@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    ["Who won the final of the 2018 World Cup?", "2018 월드컵 결승 우승팀은 어디야?"],
)
def test_an_unrelated_question_stays_weak(
    question: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    hits = [note_hit(0, SCHEDULE_KO, "모델 효율 스터디 > 일정")]
    ex = extract(question, hits, analyzer=analyzer, embedder=embedder)
    assert ex.strength < THRESHOLD
