"""The answerer with a small local model: the focused prompt, and a short reply led
by the note's unit that holds it (answer/service.py).

Real Kiwi analyzer; the generator replies a canned text (the real models are in
tests/integration/test_llm_local*.py).
"""

from __future__ import annotations

import pytest
from test_answer_service import BagEmbedder, CannedGenerator, _hits

from notelens.analysis.korean import KiwiAnalyzer
from notelens.answer.prompt import SYSTEM_FOCUSED_EN, SYSTEM_FOCUSED_KO
from notelens.answer.service import Answerer, recite_short, unit_holding
from notelens.config import AnswerConfig, LLMConfig

pytestmark = pytest.mark.unit


class FocusedGenerator(CannedGenerator):
    prompt_style = "focused"  # as LlamaCppGenerator


def _answerer(analyzer: KiwiAnalyzer, gen: CannedGenerator) -> Answerer:
    ans = Answerer(
        lambda q, k: _hits()[:k],
        analyzer,
        BagEmbedder(analyzer),  # type: ignore[arg-type]
        AnswerConfig(refuse_below=0.3),
        LLMConfig(spec=""),
    )
    ans.generator = lambda llm: gen  # type: ignore[method-assign]
    return ans


def test_a_focused_model_reads_the_picked_units_in_the_question_language(
    analyzer: KiwiAnalyzer,
) -> None:
    gen = FocusedGenerator("박지훈 [1].")
    a = _answerer(analyzer, gen).ask("14주차 DPO 논문 발표자는 누구야?", llm="smollm2")
    system, user = gen.messages[0]["content"], gen.messages[1]["content"]
    assert system == SYSTEM_FOCUSED_KO
    # The note of the picked bullet comes first, as units (no "## " heading line).
    assert user.startswith("<<<NOTE 1 (H0)") and "- 14주차 DPO 논문 발표: 박지훈." in user
    assert "## 회차별 메모" not in user
    # The short reply leads, the unit that holds it follows with its citation.
    assert not a.refused and a.mode == "llm"
    assert a.answer.startswith("박지훈 — 14주차 DPO 논문 발표: 박지훈.")
    assert a.answer.endswith("[1].") and len(a.citations) == 1
    assert a.short is not None and a.short.text == "박지훈" and a.short.citation == 1
    quote = a.citations[0].quote
    assert a.short.start is not None and a.short.end is not None
    assert quote[a.short.start : a.short.end] == "박지훈"


def test_an_english_short_reply_is_led_and_quoted(analyzer: KiwiAnalyzer) -> None:
    gen = FocusedGenerator("up to 10,000 times [1].")
    a = _answerer(analyzer, gen).ask("How much does LoRA cut trainable parameters?", llm="smollm2")
    assert gen.messages[0]["content"] == SYSTEM_FOCUSED_EN
    assert not a.refused and a.answer.startswith("up to 10,000 times — ")
    assert "10,000" in a.citations[0].quote and a.short is not None


def test_a_short_reply_the_notes_do_not_hold_is_still_refused(analyzer: KiwiAnalyzer) -> None:
    gen = FocusedGenerator("Napoleon, in 1850 [1].")
    a = _answerer(analyzer, gen).ask("How much does LoRA cut trainable parameters?", llm="smollm2")
    assert a.refused and a.short is None


def test_unit_holding_picks_the_shortest_line_that_holds_the_reply() -> None:
    note = "[Gemma 3 Technical Report]\n- 1B부터 27B까지 공개\n- context length 128K tokens"
    assert unit_holding("128K tokens", note) == "context length 128K tokens"
    assert unit_holding("128k  TOKENS", note) == "context length 128K tokens"
    assert unit_holding("context length 128K tokens", note) is None  # the reply is the unit
    assert unit_holding("256K", note) is None
    assert unit_holding("1", "- 같은 chunk를 BGE-M3 dense embedding으로 색인") is None
    assert unit_holding("27B", note) == "1B부터 27B까지 공개"
    assert unit_holding("김택민", "- Speaker: 김택민이 발표") == "Speaker: 김택민이 발표"
    assert unit_holding("x" * 80, note + "x" * 90) is None  # a long reply stands alone


def test_a_short_reply_cited_to_the_wrong_note_moves_to_the_note_that_holds_it() -> None:
    notes = ["- 현대아산 발표: 2005년 6월 100만 명 돌파", "- 2008년 말 통산 관광객 195만 명"]
    assert recite_short("195만 명 [1]", notes) == "195만 명 [2]"
    assert recite_short("195만 명 [2].", notes) == "195만 명 [2]."  # already right
    # Nothing moves when no note holds the reply word for word, for long replies,
    # several citations, or a reply with no citation (checked against every note).
    assert recite_short("200만 명 [1]", notes) == "200만 명 [1]"
    long = "2008년 말 통산 관광객은 현대아산이 집계한 바로는 195만 명에 이르렀다고 한다 [1]"
    assert recite_short(long, notes) == long
    assert recite_short("195만 명 [1, 2]", notes) == "195만 명 [1, 2]"
    assert recite_short("195만 명", notes) == "195만 명"
    assert recite_short("5만 명 [1]", notes) == "5만 명 [1]"  # whole words: not in "195만"


def test_a_miscited_reply_is_answered_from_the_right_note(analyzer: KiwiAnalyzer) -> None:
    # Prompt notes: [1] the LoRA passage (the extractive pick), then by rank the
    # Korean bullets [2] and the RRF line [3]; the model cites [2].
    gen = FocusedGenerator("up to 10,000 times [2].")
    a = _answerer(analyzer, gen).ask("How much does LoRA cut trainable parameters?", llm="smollm2")
    assert "<<<NOTE 2 (H0)" in gen.messages[1]["content"]
    assert not a.refused and "10,000" in a.citations[0].quote
    assert a.citations[0].chunk_id == "c1"
