"""The ``features`` reranker's ``asked`` column (issue #22, fourteenth round): a question
asking a year, a date or a count favours the passage whose sentence holding the asked kind
of token also holds the question's words. Real Kiwi terms; Korean, mixed and English
questions; the patterns are of the language (question words, counters)."""

from __future__ import annotations

import pytest

from notelens.analysis.base import Analyzer
from notelens.retrieve.rerankers.asked_kind import asked_pattern, holds_asked
from notelens.retrieve.rerankers.feature_values import NAMES, Passage, feature_rows
from notelens.retrieve.rerankers.features import WEIGHTS, FeatureReranker
from notelens.types import Explanation, Hit, Location

pytestmark = pytest.mark.unit

COL = {n: i for i, n in enumerate(NAMES)}


def _hit(rank: int, text: str, fused: float) -> Hit:
    """A hit as the fusion hands it on: both legs found it at ``rank``."""
    expl = Explanation(
        rank, 10.0 - rank, rank, 0.9 - 0.01 * rank, fused_rank=rank, fused_score=fused
    )
    return Hit(rank, fused, f"c{rank}", f"/n{rank}.md", "n", "", text, Location(1, 1), "ko",
               explanation=expl)  # fmt: skip


def _reranker(analyzer: Analyzer) -> FeatureReranker:
    reranker = FeatureReranker()
    reranker.bind_analyzer(analyzer)  # no store: the hits' texts are analyzed
    return reranker


def _matches(question: str, text: str) -> list[str]:
    pattern = asked_pattern(question)
    assert pattern is not None, question
    return [m.group(0) for m in pattern.finditer(text)]


def test_a_year_question_asks_a_year_not_a_day() -> None:
    for q in ("북한이 1차 핵실험을 감행한 해는?", "이 건물이 세워진 연도는?", "몇 년에 발표됐나?",
              "어느 해에 창단되었는가?", "In which year did the war end?"):  # fmt: skip
        assert _matches(q, "2006년 10월 9일에, 그리고 1999 년에") == ["2006년", "1999 년"], q
    assert _matches("What year was it?", "It opened in 1893, on May 4.") == ["1893"]


def test_a_when_question_asks_a_date_or_a_year() -> None:
    for q in (
        "천안함 피격 사건은 언제 일어났는가?",
        "LoRA 논문은 언제 나왔어?",
        "When was LoRA published?",
    ):
        assert _matches(q, "2010년 3월 26일 밤") == ["2010년", "3월", "26일"], q


def test_a_count_asks_its_own_counter() -> None:
    # "몇 명" wants a number of people, not the paragraph's years; "몇 일" a number of days
    assert _matches("회의에 참석한 사람은 몇 명인가?", "1990년 회의에는 35명이 왔다.") == ["35명"]
    assert _matches("방주에서 버틴 날짜는 총 몇일인가?", "모두 375일을 버텼다.") == ["375일"]
    assert _matches("GPT-3의 레이어는 몇 개야?", "GPT-3는 96개의 레이어, 2020년") == ["96개"]
    # no counter to read: any number
    assert _matches("정사각형의 갯수는?", "체스판은 8×8 칸이다.") == ["8", "8"]
    assert _matches("How many tokens was Chinchilla trained on?", "1.4 trillion") == ["1.4"]


def test_questions_that_ask_no_kind() -> None:
    for q in ("노아의 방주를 만든 재질은?", "심판이 언제나 볼 수 있어야 하는 것은?",
              "언제든지 쓸 수 있는 도구는?", "해양 생물의 피해는?", "해를 끼친 사람은 누구인가?",
              "Who wrote the LoRA paper?", "LoRA의 rank는 무엇을 뜻해?"):  # fmt: skip
        assert asked_pattern(q) is None, q


def test_a_token_the_question_states_is_not_an_answer() -> None:
    q = "1970년 당시 회원은 몇 명이었나?"
    pattern = asked_pattern(q)
    assert pattern is not None
    assert not holds_asked("1970년에 회원이 늘었다.", pattern, q)  # 명 asked, 1970년 stated
    q = "1950년에 시작한 전쟁이 끝난 해는?"
    pattern = asked_pattern(q)
    assert pattern is not None
    assert not holds_asked("전쟁은 1950년에 시작되었다.", pattern, q)
    assert holds_asked("전쟁은 1950년에 시작되어 1953년에 끝났다.", pattern, q)


def test_korean_year_question_prefers_the_sentence_with_the_year(analyzer: Analyzer) -> None:
    # two paragraphs of one article hold the question's words; only one of them holds a
    # year in the sentence that has them; the fusion put the other first
    query = "북한이 1차 핵실험을 감행한 해는?"
    no_year = "북한의 1차 핵실험 감행은 국제 사회의 제재를 불렀다. 반기문은 외교 협상을 이끌었다."
    year = "2006년 10월 북한이 1차 핵실험을 감행하자 반기문은 유엔 결의를 이끌었다."
    hits = [_hit(1, no_year, 1.0), _hit(2, year, 0.9)]
    rows = _reranker(analyzer).rows(query, hits)
    assert rows[0][COL["asked"]] == 0.0
    assert rows[1][COL["asked"]] > 0.0
    scores = _reranker(analyzer).rerank(query, hits)
    assert scores[1] > scores[0]
    # the column alone decided it: without it (weight 0) the fused order stands
    w = list(WEIGHTS.for_lang("ko"))
    w[COL["asked"]] = 0.0
    plain = [sum(a * b for a, b in zip(w, r, strict=True)) for r in rows]
    assert plain[0] > plain[1]


def test_mixed_question_over_an_english_passage(analyzer: Analyzer) -> None:
    query = "LoRA 논문이 발표된 해는?"
    english = "LoRA (Hu et al.) was published in 2021 by Microsoft researchers."
    korean = "LoRA 논문은 Microsoft 연구진이 발표했다."
    rows = _reranker(analyzer).rows(query, [_hit(1, korean, 1.0), _hit(2, english, 0.95)])
    assert rows[0][COL["asked"]] == 0.0
    assert rows[1][COL["asked"]] > 0.0  # LoRA in the year's sentence


def test_no_asked_kind_leaves_every_other_column(analyzer: Analyzer) -> None:
    # a question that asks no kind: the column is 0 even where a passage holds years, and
    # the columns before it are those of a row without the question's text (no names)
    cases = {
        "노아의 방주를 만든 재질은?": (
            "방주는 고페르나무로 만들었다.",
            "노아의 방주는 1년 동안 떠 있었다.",
        ),
        "Who trained Chinchilla?": ("DeepMind trained Chinchilla in 2022.", "Chinchilla is small."),
    }
    for query, (first, second) in cases.items():
        passages = [Passage(analyzer.terms(first), _hit(1, first, 1.0)),
                    Passage(analyzer.terms(second), _hit(2, second, 0.9))]  # fmt: skip
        with_text = feature_rows(analyzer.terms(query), passages, query)
        bare = feature_rows(analyzer.terms(query), passages)
        assert [r[COL["asked"]] for r in with_text] == [0.0, 0.0] == [r[-1] for r in bare]
        for a, b in zip(with_text, bare, strict=True):
            assert a[: COL["names"]] == b[: COL["names"]] and len(a) == len(NAMES)


def test_english_queries_keep_their_order(analyzer: Analyzer) -> None:
    # the column is measured for English questions too, but weighs 0 there: no English
    # tuning set asks years or counts (XQuAD is held out whole)
    assert WEIGHTS.for_lang("en")[COL["asked"]] == 0.0
    query = "When was the university opened?"
    hits = [_hit(1, "The university opened its library.", 1.0), _hit(2, "It opened in 1893.", 0.9)]
    rows = _reranker(analyzer).rows(query, hits)
    assert rows[1][COL["asked"]] > rows[0][COL["asked"]] == 0.0
    scores = _reranker(analyzer).rerank(query, hits)
    w = WEIGHTS.for_lang("en")
    expected = [sum(a * b for a, b in zip(w, r, strict=True)) for r in rows]
    assert list(scores) == pytest.approx(expected)
    assert scores[0] > scores[1]  # the fused order stands
