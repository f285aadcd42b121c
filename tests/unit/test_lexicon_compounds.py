"""Lexicon spellings the analyzer needs help with (issue #15, fourteenth round).

Two kinds of word could not be lexicon pairs: a hyphenated English compound is cut into
its parts as well (long-term -> long-term, longterm, long, term), so pairing it linked
"long" and "term" to its Korean word; and a Korean noun that Kiwi reads as another word
when analysed alone (깊이 "deeply", 읽기 -> 읽 + an ending) kept no term to pair. A
compound now stands by its whole term, a lone noun by the term a note's phrase gives it
("깊이 6", "읽기 기록"). Checked on the real Kiwi analyzer, for Korean, English and mixed
wordings; the extraction case (real e5) is a note written for this test.
"""

from __future__ import annotations

import pytest
from test_lexicon_research import _translates  # one definition of "the lexicon links them"

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.analysis.lexicon import _spelling_terms
from notelens.answer.extractive import extract
from notelens.embed.base import Embedder
from notelens.retrieve.translate import translated_terms


@pytest.mark.parametrize(
    ("spelling", "terms"),
    [
        ("long-term", {"long-term", "longterm"}),
        ("follow-up", {"follow-up", "followup"}),
        ("pre-training", {"pre-train", "pretrain"}),
        ("fine-tuning", {"fine-tune", "finetun"}),
        # no hyphen: the words as the analyzer gives them
        ("tradeoff", {"tradeoff"}),
        ("memory", {"memori"}),
    ],
)
def test_a_hyphenated_compound_stands_by_its_whole_term(
    analyzer: Analyzer, spelling: str, terms: set[str]
) -> None:
    assert _spelling_terms(analyzer, spelling) == terms


@pytest.mark.parametrize(
    ("spelling", "terms"),
    [
        ("깊이", {"깊이"}),  # alone: no term (the adverb "deeply")
        ("읽기", {"읽기"}),  # alone: 읽 (the verb's stem)
        ("장기", {"장기"}),  # a noun alone as well: unchanged
        ("처리량", {"처리량"}),  # a compound kept whole: unchanged
        ("쌍", set()),  # one syllable: a piece of many words, stays out
        ("예", set()),
    ],
)
def test_a_korean_noun_stands_by_the_term_a_phrase_gives_it(
    analyzer: Analyzer, spelling: str, terms: set[str]
) -> None:
    assert _spelling_terms(analyzer, spelling) == terms


@pytest.mark.parametrize(
    ("source", "target"),
    [
        # Korean question words -> the English a note writes, and the reverse.
        ("장기 기억은 어디에 저장해?", "long-term memory"),
        ("실시간 처리가 돼?", "real-time inference"),
        ("draft tree 깊이는 몇이야?", "a tree of depth 6"),
        ("읽기 기록에 뭐라고 적었어?", "reading log"),
        ("Which follow-up model was trained?", "후속 모델 학습 시작"),
        ("What is the trade-off?", "속도와 품질의 트레이드오프"),
        # Mixed wordings.
        ("open-source 모델 중 제일 큰 건?", "오픈소스 모델"),
        ("reranker의 단기 목표는?", "short-term goal"),
    ],
)
def test_the_pair_links_the_two_spellings(analyzer: Analyzer, source: str, target: str) -> None:
    assert _translates(analyzer, source, target)


@pytest.mark.parametrize(
    ("source", "target"),
    [
        # A compound's parts are words of their own: none reaches its Korean word.
        ("in the long term", "장기"),
        ("a long context", "장기"),
        ("the term paper", "장기"),
        ("at the same time", "실시간"),
        ("the source code", "오픈소스"),
        ("pre 단계 결과", "학습"),
        ("a fine result", "튜닝"),
        # The English words read with 깊이 / 읽기 stay theirs alone.
        ("more deeply", "깊이"),
    ],
)
def test_the_parts_are_not_linked(analyzer: Analyzer, source: str, target: str) -> None:
    assert not _translates(analyzer, source, target)


def test_the_search_gets_the_compounds(analyzer: Analyzer) -> None:
    assert "long-term" in translated_terms(analyzer, analyzer.terms("장기 기억"))
    assert "장기" in translated_terms(analyzer, analyzer.terms("long-term memory"))
    assert "장기" not in translated_terms(analyzer, analyzer.terms("in the long term"))
    assert "깊이" in translated_terms(analyzer, analyzer.terms("tree depth"))


# A mixed question over an English log line beside a Korean memo that shares 에이전트,
# 기억 and 저장: the memo wins without the pair (checked by emptying the new lines of the
# research file), the log line, which holds long-term, with it.
LOG_EN = (
    "- The agent's long-term memory is stored in a SQL table, one row per episode\n"
    "- retrieval over the table adds 40 ms per step"
)
MEMO_KO = "- 에이전트 기억 저장 발표는 다음 주로 미룸\n- 발표자는 아직 미정"


@pytest.mark.integration
def test_the_english_line_that_answers_wins(analyzer: Analyzer, embedder: Embedder) -> None:
    hits = [
        note_hit(0, MEMO_KO, "세미나 메모 > 일정"),
        note_hit(1, LOG_EN, "Reading log > Agent memory", "en"),
    ]
    question = "agent의 장기 기억은 어디에 저장돼?"
    ex = extract(question, hits, analyzer=analyzer, embedder=embedder)  # type: ignore[arg-type]
    assert "SQL table" in ex.sentences[ex.lead].text
