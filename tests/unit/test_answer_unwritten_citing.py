"""Words an English question over Korean notes writes that no passage can (answer/
unwritten.py, twenty-seventh round): a word citing where the notes say it ("per the
summary", "listed under"), and a translation the analyzer drops after a number ("week"
over "7 주차"). Korean, English and mixed questions; a content word no passage writes
stays unwritten beside them.
"""

from __future__ import annotations

import pytest

from notelens.analysis.base import Analyzer
from notelens.answer.extractive import translations
from notelens.answer.unwritten import CITING_WORDS, unwritten


def _missing(question: str, evidence: str, analyzer: Analyzer) -> list[str]:
    held = frozenset(analyzer.terms(evidence)).__contains__
    alts = translations(list(dict.fromkeys(analyzer.terms(question))), analyzer)
    return unwritten(question, evidence, analyzer.terms, held, alts)


@pytest.mark.unit
def test_citing_words_are_lowercase_single_words() -> None:
    assert all(w.isalpha() and w.islower() for w in CITING_WORDS)


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "evidence", "missing"),
    [
        # Mixed: the citing word is written by no passage, the question's content is.
        (
            "Why shard the cache, per the 서빙 메모 summary?",
            "summary: 캐시 shard로 메모리 절감",
            [],
        ),
        ("Which tools are listed under 실험 도구?", "실험 도구 > tools: wandb, hydra", []),
        ("According to 학습 로그, what failed?", "학습 로그: OOM으로 failed", []),
        # A content word no passage writes stays unwritten beside a citing word.
        ("Which optimizer is listed under 학습 설정?", "학습 설정 > lr 3e-4", ["optimizer"]),
        # An acronym's expansion is asked with "stand for", which no note writes.
        ("What does SFT stand for in 학습 노트?", "SFT (Supervised Fine-Tuning) 정리", []),
        ("학습 노트에서 SFT stands for 뭐야?", "SFT (Supervised Fine-Tuning) 정리", []),
        (
            "Where does the 학습 노트 stand on dropout?",
            "SFT (Supervised Fine-Tuning) 정리",
            ["stand", "dropout"],
        ),
        # "week" is written as "주차" after a number, which the analyzer drops.
        ("Who presents week 7 of 리딩 모임?", "7 주차 · 발표자: 한서윤", []),
        ("리딩 모임 week 7 발표자?", "7 주차 · 발표자: 한서윤", []),
        # A number the notes do not write is still unwritten.
        ("Who presents week 27 of 리딩 모임?", "7 주차 · 발표자: 한서윤", ["27"]),
        # Korean question: an English term no passage writes is unwritten, as before.
        ("리딩 모임 per-token loss 값은?", "7 주차 · 발표자: 한서윤", ["per-token", "loss"]),
        # English question: its lowercase words are no terms (unchanged).
        ("Who presents week 7 per the schedule?", "7 주차 · 발표자: 한서윤", []),
    ],
)
def test_citing_and_counter_words(
    question: str, evidence: str, missing: list[str], analyzer: Analyzer
) -> None:
    assert _missing(question, evidence, analyzer) == missing
