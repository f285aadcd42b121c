"""Cache-augmented generation (CAG, issue #19 item 7): a small note set preloaded once
into a local model's context, its KV cache reused for every question.

RAG retrieves a few passages per question and the model reads them anew each time. For
a note set that fits the context, CAG puts *all* of it in the prompt, always in the same
order and before the question, so the prompt of every question starts with the same
tokens. llama.cpp (through xllamacpp) keeps the slot's KV cache between requests and,
with ``cache_prompt`` (on by default), evaluates only the tokens after the longest
common prefix: after :meth:`CagContext.preload`, a question costs its own few tokens of
prompt processing, not the notes'. llama.cpp reports this per request as ``cache_n``
(tokens taken from the cache) and ``prompt_n`` (tokens evaluated), kept in
:class:`CagStats`.

Answers go through the same citation check as RAG's LLM answers
(:meth:`notelens.answer.service.Answerer.answer_from_plan`): every sentence is checked
against the preloaded passage it cites, unsupported ones are dropped (or marked).

A note set that does not fit raises :class:`~notelens.errors.ConfigError` saying how
many tokens it takes and how many the context holds; ``--tag``/``--folder``/``--source``
narrow it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from notelens.answer.prompt import SYSTEM, PromptPlan, estimate_tokens, fence_note, unfenced
from notelens.errors import ConfigError
from notelens.types import Answer, Hit, passage_hits

if TYPE_CHECKING:
    from notelens.answer.base import Generator
    from notelens.answer.service import Answerer
    from notelens.store.base import ChunkRecord

#: Room kept in the context for the question and the chat template's tokens.
QUESTION_RESERVE = 160
#: The default context of a CAG model: SmolLM2-135M was trained on 8k tokens; Qwen2.5
#: takes 32k (``--ctx``), at ~12 KB of KV cache per token for the 0.5B model.
CAG_N_CTX = 8192


@dataclass(frozen=True, slots=True)
class CagStats:
    """One CAG question: time to the first token and in all, and llama.cpp's counts of
    prompt tokens evaluated now (``prompt_tokens``) and reused from the KV cache
    (``cached_tokens``; -1 when the backend does not say)."""

    ttft_s: float
    total_s: float
    prompt_tokens: int
    cached_tokens: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "ttft_s": round(self.ttft_s, 3),
            "total_s": round(self.total_s, 3),
            "prompt_tokens": self.prompt_tokens,
            "cached_tokens": self.cached_tokens,
        }


def note_hits(records: Sequence[ChunkRecord]) -> list[Hit]:
    """The note set as passages in a fixed order (file, then position in the file): the
    same order every time, so every prompt starts with the same tokens."""
    ordered = sorted(records, key=lambda r: (r.source, r.ordinal, r.chunk_id))
    return passage_hits(ordered, lambda r: r.chunk_id)


def notes_block(hits: Sequence[Hit]) -> str:
    """Every passage fenced and numbered as in RAG's prompt (``[n]`` is ``hits[n-1]``)."""
    blocks = [fence_note(n, h, unfenced(h.text.strip())) for n, h in enumerate(hits, start=1)]
    return "Notes:\n\n" + "\n\n".join(blocks)


def cag_plan(notes: str, hits: Sequence[Hit], question: str) -> PromptPlan:
    """The messages of one question: system, then the notes, then the question last
    (everything before ``Question:`` is the cached prefix)."""
    user = f"{notes}\n\nQuestion: {question.strip()}\nAnswer:"
    return PromptPlan(
        messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}],
        evidence=list(hits),
        texts=[h.text.strip() for h in hits],
    )


class CagContext:
    """A note set preloaded into one local model; :meth:`ask` answers from all of it."""

    def __init__(
        self,
        hits: Sequence[Hit],
        generator: Generator,
        answerer: Answerer,
        *,
        n_ctx: int,
        max_answer_tokens: int,
    ) -> None:
        self.hits = list(hits)
        self.generator = generator
        self.answerer = answerer
        self.max_answer_tokens = max_answer_tokens
        self.notes = notes_block(self.hits)
        self.tokens = self.check_fits(self.hits, n_ctx=n_ctx, max_answer_tokens=max_answer_tokens)
        self.n_ctx = n_ctx
        self.preloaded = False
        self.questions = 0

    @staticmethod
    def check_fits(hits: Sequence[Hit], *, n_ctx: int, max_answer_tokens: int) -> int:
        """The estimated tokens of the preloaded prompt; ``ConfigError`` saying how big
        the note set is and what fits when it does not fit the context."""
        if not hits:
            raise ConfigError(
                "no notes to preload: the filters leave no passage",
                hint="check --tag/--folder/--source, or `notelens status`",
            )
        tokens = estimate_tokens(SYSTEM) + estimate_tokens(notes_block(hits))
        room = n_ctx - max_answer_tokens - QUESTION_RESERVE
        if tokens > room:
            files = len({h.source for h in hits})
            raise ConfigError(
                f"the note set is too big for CAG: about {tokens:,} tokens "
                f"({len(hits)} passages from {files} files), and the model's context "
                f"holds {n_ctx:,} tokens, about {room:,} of them for notes",
                hint="narrow the notes with --tag, --folder or --source "
                f"(to about {max(1, room * 100 // max(tokens, 1))}% of them), give a "
                "bigger --ctx if the model takes it, or use RAG (ask without --cag)",
            )
        return tokens

    def close(self) -> None:
        self.generator.close()

    @property
    def sources(self) -> list[str]:
        return sorted({h.source for h in self.hits})

    def preload(self) -> CagStats:
        """Evaluate the notes once (a one-token request over the shared prefix), so the
        first question already finds them in the KV cache."""
        from notelens.errors import GeneratorError

        start = time.perf_counter()
        plan = cag_plan(self.notes, self.hits, "")
        try:
            for _ in self.generator.stream(plan.messages, max_tokens=1, temperature=0.0):
                pass
        except GeneratorError as exc:
            # The estimate let it through, the model's tokenizer did not (SmolLM2 spends
            # about twice the estimate on Korean): the same clear error, from the model.
            raise ConfigError(
                f"the note set did not fit the model's context of {self.n_ctx:,} tokens "
                f"(estimated {self.tokens:,}; llama.cpp: {exc.message})",
                hint="narrow the notes with --tag, --folder or --source, or give a bigger --ctx",
            ) from exc
        self.preloaded = True
        stats = self._stats(start, time.perf_counter())
        used = stats.prompt_tokens + stats.cached_tokens
        if stats.prompt_tokens >= 0 and used + self.max_answer_tokens > self.n_ctx:
            raise ConfigError(
                f"the note set takes {used:,} of the model's {self.n_ctx:,} context tokens, "
                f"leaving too little for the question and a {self.max_answer_tokens}-token answer",
                hint="narrow the notes with --tag, --folder or --source, or give a bigger --ctx",
            )
        return stats

    def _stats(self, start: float, first: float | None) -> CagStats:
        timings = getattr(self.generator, "last_timings", None) or {}
        now = time.perf_counter()
        return CagStats(
            ttft_s=(first if first is not None else now) - start,
            total_s=now - start,
            prompt_tokens=int(timings.get("prompt_n", -1)),
            cached_tokens=int(timings.get("cache_n", -1)),
        )

    def stream(self, question: str) -> Iterator[tuple[str, Any]]:
        """Events as for RAG: ``("token", text)`` pieces, then ``("answer", Answer)``,
        then ``("stats", CagStats)``."""
        if not question or not question.strip():
            from notelens.errors import AnswerError

            raise AnswerError("the question is empty")
        plan = cag_plan(self.notes, self.hits, question)
        start = time.perf_counter()
        first: float | None = None
        answer: Answer | None = None
        for event, data in self.answerer.answer_from_plan(question.strip(), plan, self.generator):
            if event == "token" and first is None:
                first = time.perf_counter()
            if event == "answer":
                answer = data
                continue
            yield event, data
        assert answer is not None
        stats = self._stats(start, first)
        self.questions += 1
        cited = {c.chunk_id for c in answer.citations}
        # The evidence of a CAG answer: the passages it cites (all notes were read).
        evidence = tuple(h for h in self.hits if h.chunk_id in cited) or tuple(self.hits[:3])
        yield "answer", replace(answer, evidence=evidence)
        yield "stats", stats

    def ask(self, question: str) -> tuple[Answer, CagStats]:
        answer: Answer | None = None
        stats: CagStats | None = None
        for event, data in self.stream(question):
            if event == "answer":
                answer = data
            elif event == "stats":
                stats = data
        assert answer is not None and stats is not None
        return answer, stats
