"""The research vocabulary of the cross-language lexicon (analysis/data/lexicon_research.txt,
issue #15 thirteenth round): a systematic English-Korean list of the words research notes
use for experiments, models, software, projects and meetings, read beside GENERAL_PAIRS.

Checked here on the real Kiwi analyzer: every spelling keeps a term that stands for a
word (no one-syllable piece that would translate every text holding it); the pairs link
Korean, English and mixed wordings; look-alikes that share a piece with a pair's
spelling stay unlinked (재현율 "recall" is not a reproduction, 스토리 is no storage);
a malformed line is a clear error. The extraction cases (real e5) are notes written for
this test: a Korean and a mixed question over an English log line beside a Korean line
that shares one of the question's words, which wins without the pair.
"""

from __future__ import annotations

import re

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.analysis.lexicon import (
    GENERAL_PAIRS,
    _spelling_terms,
    general_lexicon,
    lexicon_pairs,
    parse_pairs,
    research_pairs,
)
from notelens.answer.extractive import extract
from notelens.embed.base import Embedder
from notelens.errors import AnalysisError
from notelens.retrieve.translate import translated_terms

_HANGUL = re.compile(r"[가-힣]")


def _translates(analyzer: Analyzer, source: str, target: str) -> bool:
    """Whether the lexicon reaches a term of ``target`` from the terms of ``source``."""
    lex = general_lexicon(analyzer)
    reached: set[str] = set().union(*(lex.alternatives(t) for t in analyzer.terms(source)))
    return not reached.isdisjoint(analyzer.terms(target))


def test_the_shipped_list_is_read_after_the_general_pairs() -> None:
    pairs = research_pairs()
    assert len(pairs) > 100
    assert lexicon_pairs() == GENERAL_PAIRS + pairs
    assert all(re.search(r"[A-Za-z]", en) and _HANGUL.search(ko) for en, ko in pairs)


def test_every_spelling_keeps_a_term_that_stands_for_a_word(analyzer: Analyzer) -> None:
    # A Korean spelling must keep a term of two syllables or more, an English one of
    # three letters or more: a shorter piece (팀, 쌍, 읽 of 읽기) is part of many words.
    short = []
    for en, ko in research_pairs():
        for word in (*en.split("|"), *ko.split("|")):
            terms = _spelling_terms(analyzer, word)
            least = 2 if _HANGUL.search(word) else 3
            if not terms or any(len(t) < least for t in terms):
                short.append((word, sorted(terms)))
    assert short == []


@pytest.mark.parametrize(
    ("source", "target"),
    [
        # Korean question words -> the English a log writes.
        ("배포 롤백 기준이 뭐야?", "rollback criterion"),
        ("보정 오차는 얼마나 줄었어?", "calibration error"),
        ("eval 클러스터에 GPU가 몇 장 있어?", "cluster"),
        ("파이썬 버전은?", "Python 3.11"),
        ("양자화 후 메모리가 얼마나 줄어?", "after quantization"),
        # English question words -> the Korean of meeting minutes and plans.
        ("What was decided at the meeting?", "회의 결정 사항"),
        ("When is the deadline for the draft?", "초안 마감"),
        ("Who is the owner of the latency dashboard?", "레이턴시 대시보드 담당자"),
        # Mixed: the Korean word of a mixed question finds the English one.
        ("reranker의 보정 오차는?", "calibration"),
        # Paper titles paraphrased in the other language (nineteenth round).
        ("보상 모델 과최적화 스케일링 법칙 논문", "Scaling Laws for Reward Model Overoptimization"),
        ("Which model was trained for dialogue?", "대화 모델에 특화된 사전 학습"),
        ("강화 학습 없이 정렬하는 논문", "alignment without reinforcement learning"),
        ("What do the notes say about diffusion models?", "확산 모델 정리"),
        ("KV cache 양자화 설정", "quantized"),
        # How a note names its parts and what a passage says (twenty-sixth round): an
        # English question over a Korean note's part, a Korean one over English bullets,
        # and a mixed one.
        ("Which feature does the overview note stress?", "개요 > 핵심 특징 정리"),
        ("What caution does the README add?", "주의: 수치는 재현 전 값"),
        ("What information does the table give?", "표에 담긴 정보"),
        ("장점과 단점 정리해줘", "advantages and drawbacks of sparse retrieval"),
        ("이 분야의 주요 개념", "the main concepts of the field"),
        ("retriever 설계 원칙은?", "retriever design principles"),
    ],
)
def test_the_pair_links_the_two_spellings(analyzer: Analyzer, source: str, target: str) -> None:
    assert _translates(analyzer, source, target)


@pytest.mark.parametrize(
    ("source", "target"),
    [
        # Kiwi cuts 재현율 ("recall") to 재현: no reproduction pair, so no false link.
        ("재현율이 얼마야?", "reproduction"),
        # 스토리지 is cut to 스토리 ("story"): storage pairs with 저장 only.
        ("스토리 작성", "storage"),
        # 시각화 is cut to 시각: vision pairs with 비전 only.
        ("시각화 도구", "vision"),
        # "due to" is no deadline; "long term" is no 장기.
        ("due to the cost", "마감"),
        ("in the long term", "장기"),
        # 사용자 (user) is its own term, not 사용 (use).
        ("사용자 수", "used"),
        # 시간 is time as often as hour: no pair.
        ("GPU 시간", "hours"),
        # 섹션 is left out: a heading question's 섹션 would lift every "section".
        ("어느 섹션 밑에 있어?", "This section lists the datasets"),
    ],
)
def test_look_alikes_are_not_linked(analyzer: Analyzer, source: str, target: str) -> None:
    assert not _translates(analyzer, source, target)


def test_the_search_gets_the_new_translations(analyzer: Analyzer) -> None:
    # The hybrid's BM25 leg searches a Korean query's English spellings, and the reverse.
    assert {"rollback", "criterion"} <= set(translated_terms(analyzer, ["배포", "롤백", "기준"]))
    assert "회의" in translated_terms(analyzer, analyzer.terms("meeting notes"))


def test_a_malformed_line_is_a_clear_error() -> None:
    good = "# comment\n\nrollback|revert = 롤백\n"
    assert parse_pairs(good) == (("rollback|revert", "롤백"),)
    for bad in ("rollback 롤백", "= 롤백", "rollback = rollback", "롤백 = 롤백"):
        with pytest.raises(AnalysisError, match="lexicon line 1"):
            parse_pairs(bad)


LOG_EN = (
    "- expected calibration error 0.081 -> 0.032 after temperature scaling\n- accuracy unchanged"
)


def _memo_ko(name: str) -> str:
    # A Korean memo of the same paper: it shares the question's 보정 and gives no figure.
    return f"- {name}보정은 temperature scaling으로 진행\n- 검증 세트 2천 개"


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "memo"),
    [
        ("보정 오차는 얼마나 줄었어?", _memo_ko("")),
        ("reranker의 보정 오차는 얼마나 줄었어?", _memo_ko("reranker ")),
    ],
)
def test_the_english_line_that_answers_wins(
    question: str, memo: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    hits = [
        note_hit(0, memo, "논문 메모 > 방법"),
        note_hit(1, LOG_EN, "Reading log > Calibrating rerankers", "en"),
    ]
    ex = extract(question, hits, analyzer=analyzer, embedder=embedder)  # type: ignore[arg-type]
    assert "0.032" in ex.sentences[ex.lead].text
