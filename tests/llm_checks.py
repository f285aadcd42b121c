"""What every test of a real local model asserts about an answer it expects: the fact is
in it, it is the LLM's, and each sentence is cited and supported by the passages it
cites (the same citation check as in the product)."""

from __future__ import annotations

from notelens.analysis.base import Analyzer
from notelens.answer.grounding import ground
from notelens.types import Answer


def assert_cited_fact(answer: Answer, gold: str, analyzer: Analyzer, question: str) -> None:
    assert answer.mode == "llm" and not answer.note, answer.note
    assert not answer.refused and gold in answer.answer, answer.answer
    assert answer.citations
    by_id = {h.chunk_id: h.text for h in answer.evidence}
    verdicts = ground(
        answer.answer,
        [by_id[c.chunk_id] for c in answer.citations],
        analyzer=analyzer,
        question=question,
    )
    assert verdicts and all(v.supported for v in verdicts), verdicts
