"""A short cited reply of a local model is a verbatim quote, its final period aside.

Found in the fourth-round LLM study (docs/benchmarks.md, "Local LLM answers, fourth
round"): Qwen2.5-Coder 1.5B replied "박지훈 [1]." to "DPO 논문은 누가 발표했어?" over a
table row "… 발표자: 박지훈", and the citation check rejected it (support 0.33): with
the period the reply was no longer a substring of the passage, and Kiwi analyses the
bare name "박지훈." as 박 / 지훈 / 박지훈 while the row gives 박지훈. Real Kiwi analyzer.
"""

from __future__ import annotations

import pytest

from notelens.analysis.korean import KiwiAnalyzer
from notelens.answer.grounding import ground, support

pytestmark = pytest.mark.unit

ROW = "- 주차: 2 주차 · 논문: DPO (Direct Preference Optimization) · 발표자: 박지훈"


@pytest.mark.parametrize("reply", ["박지훈 [1].", "박지훈 [1]", "박지훈.", "오예린 [1]."])
def test_a_name_copied_from_the_passage_is_supported_with_or_without_a_period(
    analyzer: KiwiAnalyzer, reply: str
) -> None:
    passage = ROW + "\n- 주차: 3 주차 · 논문: LoRA · 발표자: 오예린"
    sc = support(reply, passage, analyzer=analyzer)
    assert sc.supported and sc.lexical == 1.0, sc
    (v,) = ground(reply, [passage], analyzer=analyzer, question="DPO 논문은 누가 발표했어?")
    assert v.supported and v.best == 1, v


@pytest.mark.parametrize(
    "reply", ["2 주차, with 128K tokens.", "Direct Preference.", "These notes."]
)
def test_the_period_rule_adds_no_support_to_text_the_passage_lacks(
    analyzer: KiwiAnalyzer, reply: str
) -> None:
    # Only the final punctuation is set aside: a reply with a number, a name or words
    # the passage lacks is judged as before.
    sc = support(reply, "- 주차: 2 주차 · 발표자: 박지훈", analyzer=analyzer)
    assert not sc.supported, sc


def test_an_echo_of_the_question_stays_unsupported_even_if_verbatim(
    analyzer: KiwiAnalyzer,
) -> None:
    question = "DPO 논문은 누가 발표했어?"
    (v,) = ground("DPO 논문 [1].", [ROW + " · DPO 논문"], analyzer=analyzer, question=question)
    assert not v.supported and v.reason.startswith("restates"), v
