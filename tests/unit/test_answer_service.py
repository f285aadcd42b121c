"""Answerer plumbing: events, extractive composition, refusal, LLM verification, fallback.

Real Kiwi analyzer; the embedder and the generators are small fakes (plumbing only:
the real model paths are in tests/integration/test_ask.py and test_llm_*.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest

from bag_embedder import BagEmbedder
from notelens.analysis.korean import KiwiAnalyzer
from notelens.answer.base import Message
from notelens.answer.service import REFUSAL_EN, REFUSAL_KO, Answerer
from notelens.config import AnswerConfig, LLMConfig
from notelens.errors import AnswerError, GeneratorError
from notelens.types import Hit, Location

pytestmark = pytest.mark.unit

NOTES = [
    "## 회차별 메모\n- 7주차 LoRA 발표(오예린): rank를 1~4 정도로 낮게 잡아도 성능이 유지됨\n"
    "- 14주차 DPO 논문 발표: 박지훈. reference model 없이 하는 ORPO도 다음에 보기로 함.",
    "LoRA freezes the pretrained weights and trains two low-rank matrices B and A. "
    "Compared with full fine-tuning of GPT-3 175B it cuts trainable parameters by up to "
    "10,000 times and GPU memory by 3 times.",
    "Reciprocal Rank Fusion sums 1/(k + rank) over the rankers; k = 60 is the usual value.",
]


class CannedGenerator:
    name = "canned"

    def __init__(self, reply: str) -> None:
        self.reply = reply
        self.messages: list[Message] = []

    def stream(
        self, messages: Sequence[Message], *, max_tokens: int, temperature: float
    ) -> Iterator[str]:
        self.messages = list(messages)
        for i in range(0, len(self.reply), 7):
            yield self.reply[i : i + 7]

    def close(self) -> None:
        pass


class BrokenGenerator:
    name = "broken"

    def stream(
        self, messages: Sequence[Message], *, max_tokens: int, temperature: float
    ) -> Iterator[str]:
        raise GeneratorError("cannot reach the LLM server", path="http://127.0.0.1:9/v1")
        yield ""  # pragma: no cover

    def close(self) -> None:
        pass


def _hits() -> list[Hit]:
    return [
        Hit(
            rank=i + 1,
            score=1.0 / (i + 1),
            chunk_id=f"c{i}",
            source=f"/notes/n{i}.md",
            title="t",
            heading=f"H{i}",
            text=t,
            location=Location(line_start=10 * i + 1, line_end=10 * i + 5),
            lang="ko" if i == 0 else "en",
        )
        for i, t in enumerate(NOTES)
    ]


# ``analyzer``: the session's Kiwi analyzer (conftest.py).


def _answerer(analyzer: KiwiAnalyzer, **cfg: object) -> Answerer:
    return Answerer(
        lambda q, k: _hits()[:k],
        analyzer,
        BagEmbedder(analyzer),  # type: ignore[arg-type]
        AnswerConfig(refuse_below=0.3),
        LLMConfig(spec="", **cfg),  # type: ignore[arg-type]
    )


def test_extractive_events_and_citation(analyzer: KiwiAnalyzer) -> None:
    ans = _answerer(analyzer)
    events = list(ans.stream("스터디에서 DPO 논문은 누가 발표했지?"))
    assert [e for e, _ in events] == ["evidence", "answer"]
    a = events[-1][1]
    assert not a.refused and a.mode == "extractive"
    assert "박지훈" in a.answer and "[1]" in a.answer and "[2]" not in a.answer
    assert a.citations[0].n == 1 and a.citations[0].chunk_id == "c0"
    assert "박지훈" in a.citations[0].quote and a.citations[0].quote in NOTES[0]


def test_extractive_english_number_question(analyzer: KiwiAnalyzer) -> None:
    a = _answerer(analyzer).ask("How much does LoRA cut trainable parameters?")
    assert not a.refused and "10,000" in a.answer
    assert a.citations[0].chunk_id == "c1"


def test_refusal_on_absent_topic_and_empty_index(analyzer: KiwiAnalyzer) -> None:
    a = _answerer(analyzer).ask("김치찌개 맛있게 끓이는 법은?")
    assert a.refused and a.answer == REFUSAL_KO and not a.citations and a.evidence
    ans = Answerer(
        lambda q, k: [], analyzer, BagEmbedder(analyzer), AnswerConfig(), LLMConfig(spec="")
    )  # type: ignore[arg-type]
    b = ans.ask("What is the boiling point of mercury?")
    assert b.refused and b.answer == REFUSAL_EN and b.evidence == ()
    with pytest.raises(AnswerError):
        ans.ask("   ")


def test_llm_answer_is_verified_renumbered_and_unsupported_dropped(analyzer: KiwiAnalyzer) -> None:
    ans = _answerer(analyzer)
    # Prompt order is lost-in-the-middle: [1] = rank 1 (c0), [2] = rank 3 (c2), [3] = rank 2 (c1).
    gen = CannedGenerator(
        "14주차 DPO 논문 발표자는 박지훈이다 [1]. "
        "LoRA cuts trainable parameters by up to 10,000 times [3]. "
        "LoRA was invented in 1850 by Napoleon [3]."
    )
    ans.generator = lambda llm: gen  # type: ignore[method-assign]
    events = list(
        ans.stream(
            "How much does LoRA cut trainable parameters?", llm="openai:x@http://127.0.0.1:9/v1"
        )
    )
    kinds = [e for e, _ in events]
    assert kinds[0] == "evidence" and kinds[-1] == "answer" and kinds.count("token") > 3
    assert "".join(d for e, d in events if e == "token") == gen.reply
    a = events[-1][1]
    assert a.mode == "llm" and not a.refused
    assert "Napoleon" not in a.answer  # unsupported sentence dropped
    assert "[1]" in a.answer and "[2]" in a.answer and "[3]" not in a.answer  # renumbered
    assert [c.chunk_id for c in a.citations] == ["c0", "c1"]
    assert "<<<NOTE 1" in gen.messages[1]["content"]


def test_llm_not_found_is_a_refusal(analyzer: KiwiAnalyzer) -> None:
    ans = _answerer(analyzer)
    gen = CannedGenerator("NOT_FOUND")
    ans.generator = lambda llm: gen  # type: ignore[method-assign]
    a = ans.ask("DPO 논문 발표자는?", llm="smollm2")
    assert a.refused and a.mode == "llm" and a.evidence


def test_broken_generator_falls_back_or_raises(analyzer: KiwiAnalyzer) -> None:
    ans = _answerer(analyzer, fallback_extractive=True)
    ans.generator = lambda llm: BrokenGenerator()  # type: ignore[method-assign]
    a = ans.ask("DPO 논문 발표자는?", llm="openai:x@http://127.0.0.1:9/v1")
    assert a.mode == "extractive" and "박지훈" in a.answer
    assert "LLM unavailable" in a.note and "127.0.0.1:9" in a.note

    strict = _answerer(analyzer, fallback_extractive=False)
    strict.generator = lambda llm: BrokenGenerator()  # type: ignore[method-assign]
    with pytest.raises(GeneratorError) as info:
        strict.ask("DPO 논문 발표자는?", llm="openai:x@http://127.0.0.1:9/v1")
    assert info.value.exit_code == 6 and "127.0.0.1:9" in str(info.value)
