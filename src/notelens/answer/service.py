"""Orchestration of ``ask``: retrieve, decide to answer or refuse, compose, verify.

:meth:`Answerer.stream` yields events: ``("evidence", hits)``, then ``("token", text)``
pieces (LLM mode only), then exactly one ``("answer", Answer)``. Both modes end in the
same citation check (:func:`notelens.answer.grounding.ground`); a refusal ("not found
in your notes", with the closest passages as evidence) comes when the evidence is weak
(:func:`notelens.answer.extractive.evidence_strength` below the calibrated
``AnswerConfig.refuse_below``) or when no answer sentence is supported.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from notelens.analysis.base import Analyzer
from notelens.answer.base import Generator
from notelens.answer.units import ROW_CELL_SEP
from notelens.config import AnswerConfig, LLMConfig
from notelens.embed.base import Embedder
from notelens.errors import AnswerError, GeneratorError
from notelens.types import Answer, Citation, Hit, ShortAnswer

if TYPE_CHECKING:
    from notelens.answer.extractive import Extraction
    from notelens.answer.prompt import PromptPlan

logger = logging.getLogger(__name__)

Event = tuple[str, Any]
SearchFn = Callable[[str, int], list[Hit]]

REFUSAL_EN = "Not found in your notes."
REFUSAL_KO = "노트에서 답을 찾지 못했습니다 (not found in your notes)."
UNVERIFIED = " (unverified)"
_CITE_RE = re.compile(r"\s*\[\s*\d{1,3}(?:\s*[,;，]\s*\d{1,3})*\s*\]")


def refusal_text(question: str) -> str:
    """The refusal sentence, in the question's language."""
    from notelens.analysis.lang import detect_lang

    return REFUSAL_EN if detect_lang(question) == "en" else REFUSAL_KO


def _best_quote(sentence: str, passage: str, analyzer: Analyzer) -> str:
    """The passage sentence sharing most content terms with ``sentence``."""
    from notelens.analysis.sentences import split_sentences
    from notelens.answer.extractive import clean_sentence

    parts = [clean_sentence(p) for p in split_sentences(passage)] or [passage.strip()]
    target = set(analyzer.terms(sentence))
    terms = analyzer.terms_batch(parts)
    best = max(range(len(parts)), key=lambda i: len(target & set(terms[i])))
    return parts[best]


class Answerer:
    """Answers questions over one index; keeps LLM generators loaded between calls."""

    def __init__(
        self,
        search: SearchFn | None,
        analyzer: Analyzer,
        embedder: Embedder,
        config: AnswerConfig | None = None,
        llm_config: LLMConfig | None = None,
        query_vector: Callable[[str], Any] | None = None,
    ) -> None:
        from notelens.answer.embedcache import UnitCache

        self._search = search
        # Units' terms and vectors per text, and the question's vector from the searcher
        # (``query_vector``) instead of a second e5 call (answer/embedcache.py).
        self.units = UnitCache(analyzer, embedder, query_vector=query_vector)
        self.analyzer = analyzer
        self.embedder = embedder
        self.config = config or AnswerConfig()
        self.llm_config = llm_config or LLMConfig()
        self._generators: dict[Any, Generator] = {}
        self._lock = threading.Lock()

    # -- generators -------------------------------------------------------------------------

    def generator(self, llm: str | None) -> Generator | None:
        """The generator for ``llm`` (``None``: the configured spec), loaded once."""
        from notelens.answer.registry import create_generator, parse_spec

        spec = parse_spec(llm, self.llm_config)
        if spec.kind == "none":
            return None
        with self._lock:
            gen = self._generators.get(spec)
            if gen is None:
                gen = create_generator(spec, self.llm_config)
                assert gen is not None
                self._generators[spec] = gen
            return gen

    def close(self) -> None:
        with self._lock:
            for gen in self._generators.values():
                gen.close()
            self._generators.clear()

    # -- answering --------------------------------------------------------------------------

    def stream(
        self,
        question: str,
        *,
        k: int | None = None,
        llm: str | None = None,
        search: SearchFn | None = None,
    ) -> Iterator[Event]:
        """Events for ``question``; see the module docstring."""
        cfg = self.config
        k = k or cfg.k
        if not question or not question.strip():
            raise AnswerError("the question is empty")
        question = question.strip()
        # Resolve the LLM spec first: a bad --llm is a usage error before any work.
        from notelens.answer.registry import parse_spec

        spec = parse_spec(llm, self.llm_config)
        search_fn = search or self._search
        if search_fn is None:
            raise AnswerError("no search function to retrieve evidence with")
        hits = search_fn(question, k)
        yield ("evidence", hits)
        if not hits:
            yield ("answer", self._refusal(question, hits, "extractive"))
            return

        from notelens.answer.extractive import extract

        ex = extract(
            question,
            hits[: cfg.sentence_passages],
            analyzer=self.analyzer,
            embedder=self.embedder,
            max_sentences=cfg.max_sentences,
            cache=self.units,
        )
        logger.info(
            "evidence strength %.3f (coverage %.3f, dense %.3f), type %s",
            ex.strength,
            ex.coverage,
            ex.dense,
            ex.qtype,
        )
        mode = "llm" if spec.kind != "none" else "extractive"
        if ex.strength < cfg.refuse_below or not ex.sentences:
            yield ("answer", _with(self._refusal(question, hits, mode), strength=ex.strength))
            return
        if spec.kind == "none":
            yield ("answer", _with(self._extractive(question, hits, ex), strength=ex.strength))
            return

        note = ""
        try:
            gen = self.generator(llm)
            assert gen is not None
            for event, data in self._llm(question, hits, gen, focus=ex):
                if event == "answer":
                    data = _with(data, strength=ex.strength)
                yield (event, data)
            return
        except GeneratorError as exc:
            if not self.llm_config.fallback_extractive:
                raise
            note = f"LLM unavailable, extractive answer instead: {exc}"
            logger.warning("%s", note)
        answer = self._extractive(question, hits, ex)
        yield ("answer", _with(answer, note=note, strength=ex.strength))

    def ask(
        self,
        question: str,
        *,
        k: int | None = None,
        llm: str | None = None,
        search: SearchFn | None = None,
    ) -> Answer:
        """The final answer of :meth:`stream`."""
        answer: Answer | None = None
        for event, data in self.stream(question, k=k, llm=llm, search=search):
            if event == "answer":
                answer = data
        assert answer is not None
        return answer

    # -- modes ------------------------------------------------------------------------------

    def answer_from_plan(self, question: str, plan: PromptPlan, gen: Generator) -> Iterator[Event]:
        """The LLM's answer to ``plan`` (prepared messages over ``plan.evidence``, e.g.
        the preloaded notes of CAG, :mod:`notelens.answer.cag`), through the same
        citation check as :meth:`stream`: ``("token", text)`` events, then the answer."""
        yield from self._llm(question, plan.evidence, gen, plan)

    def _refusal(self, question: str, hits: Sequence[Hit], mode: str, note: str = "") -> Answer:
        return Answer(
            question=question,
            answer=refusal_text(question),
            refused=True,
            mode="llm" if mode == "llm" else "extractive",
            citations=(),
            evidence=tuple(hits[:3]),
            note=note,
        )

    def _extractive(self, question: str, hits: Sequence[Hit], ex: Extraction) -> Answer:
        from notelens.answer.grounding import support

        # The shared check, unit by unit: a verbatim unit always passes it; a table row
        # (cells joined with their header) passes on the passage's own words. It keeps
        # both modes on one definition of "supported".
        lead = ex.sentences[ex.lead] if ex.sentences else None
        kept = [
            c
            for c in ex.sentences
            if support(
                c.text,
                hits[c.hit_index].text,
                analyzer=self.analyzer,
                threshold=self.config.support_threshold,
            ).supported
        ]
        if not kept:
            return self._refusal(question, hits, "extractive")
        numbers: dict[int, int] = {}  # hit index -> citation number
        quotes: dict[int, list[str]] = {}
        lines: dict[int, int | None] = {}
        parts: list[str] = []
        short: ShortAnswer | None = None
        for c in kept:
            n = numbers.setdefault(c.hit_index, len(numbers) + 1)
            parts.append(_cite_unit(c.text, n))
            q = quotes.setdefault(n, [])
            offset = sum(len(x) + len(_QUOTE_SEP) for x in q)
            q.append(c.text)
            if n not in lines and c.unit is not None:
                lines[n] = locate_line(hits[c.hit_index], c.text)
            if c is lead and ex.short is not None:
                sp = ex.short
                joined = c.text[sp.start : sp.end] == sp.text
                short = ShortAnswer(
                    sp.text,
                    n,
                    offset + sp.start if joined else None,
                    offset + sp.end if joined else None,
                )
        body = " ".join(parts)
        if short is not None:
            body = f"{short.text} — {body}"
        citations = tuple(
            _citation(n, hits[i], _QUOTE_SEP.join(quotes[n]), lines.get(n))
            for i, n in numbers.items()
        )
        return Answer(
            question=question,
            answer=body,
            refused=False,
            mode="extractive",
            citations=citations,
            evidence=tuple(hits),
            short=short,
            flags=_flags(hits[i] for i in numbers),
        )

    def _llm(
        self,
        question: str,
        hits: Sequence[Hit],
        gen: Generator,
        plan: PromptPlan | None = None,
        focus: Extraction | None = None,
    ) -> Iterator[Event]:
        from notelens.answer.grounding import ground
        from notelens.answer.prompt import NOT_FOUND, build_focused_prompt, build_prompt

        cfg = self.config
        if plan is None and focus is not None and getattr(gen, "prompt_style", "") == "focused":
            # A small local model reads the extractive stage's best units, not whole
            # chunks (answer/prompt.py, build_focused_prompt).
            picks = [focus.sentences[focus.lead], *focus.sentences]
            plan = build_focused_prompt(
                question,
                hits,
                [(c.hit_index, c.position) for c in picks],
                evidence_tokens=min(cfg.evidence_tokens, FOCUSED_EVIDENCE_TOKENS),
            )
        if plan is None:
            plan = build_prompt(question, hits, evidence_tokens=cfg.evidence_tokens)
        pieces: list[str] = []
        for piece in gen.stream(
            plan.messages, max_tokens=cfg.max_answer_tokens, temperature=cfg.temperature
        ):
            pieces.append(piece)
            yield ("token", piece)
        text = "".join(pieces).strip()
        if not text or NOT_FOUND in text:
            yield ("answer", self._refusal(question, hits, "llm"))
            return
        text = recite_short(text, plan.texts)
        verdicts = ground(
            text,
            plan.texts,
            analyzer=self.analyzer,
            embedder=self.embedder,
            threshold=cfg.support_threshold,
            question=question,  # an echo of the question supports nothing
        )
        numbers: dict[int, int] = {}  # prompt evidence number -> answer citation number
        out: list[str] = []
        quotes: dict[int, str] = {}
        for v in verdicts:
            if v.best is None or (not v.supported and cfg.unsupported != "mark"):
                continue
            n = numbers.setdefault(v.best, len(numbers) + 1)
            body = _CITE_RE.sub("", text[v.span[0] : v.span[1]]).strip()
            if not v.supported:
                end = body[-1] if body and body[-1] in _END_PUNCT else ""
                body = body[: len(body) - len(end)].rstrip() + UNVERIFIED + end
            out.append(_cite(body, n))
            quotes.setdefault(n, _best_quote(v.sentence, plan.texts[v.best - 1], self.analyzer))
        if not any(v.supported for v in verdicts):
            yield ("answer", self._refusal(question, hits, "llm"))
            return
        short = None
        supported = [v for v in verdicts if v.supported and v.best is not None]
        if len(out) == 1 and len(supported) == 1:
            # A short reply ("60 [1].", "김택민 [1]."): lead with it, then quote the
            # note's unit that holds it, as extractive answers do (short answer first,
            # then the evidence). The unit is a line of the prompt's own note text, so
            # it is supported verbatim.
            v = supported[0]
            assert v.best is not None
            reply = _CITE_RE.sub("", text[v.span[0] : v.span[1]]).strip().rstrip(_END_PUNCT)
            unit = unit_holding(reply.strip(), plan.texts[v.best - 1])
            if unit is not None:
                n = numbers[v.best]
                at = unit.casefold().find(reply.strip().casefold())
                short = ShortAnswer(
                    reply.strip(),
                    n,
                    at if at >= 0 else None,
                    at + len(reply.strip()) if at >= 0 else None,
                )
                out = [f"{short.text} — {_cite_unit(unit, n)}"]
                quotes[n] = unit
        by_n = sorted(numbers.items(), key=lambda kv: kv[1])
        citations = tuple(_citation(n, plan.evidence[ev - 1], quotes[n]) for ev, n in by_n)
        yield (
            "answer",
            Answer(
                question=question,
                answer=" ".join(out),
                refused=False,
                mode="llm",
                citations=citations,
                evidence=tuple(hits),
                short=short,
                flags=_flags(plan.evidence[ev - 1] for ev, _ in by_n),
            ),
        )


_END_PUNCT = ".!?。！？"
#: Evidence budget of the focused prompt (three short notes).
FOCUSED_EVIDENCE_TOKENS = 600


def _cite(sentence: str, n: int) -> str:
    """``sentence`` with ``[n]`` before its final punctuation: ``X [1].``."""
    body = sentence.rstrip()
    if body and body[-1] in _END_PUNCT:
        return f"{body[:-1].rstrip()} [{n}]{body[-1]}"
    # Note lines often end without punctuation; the period keeps the next sentence
    # from being read as part of this one.
    return f"{body} [{n}]."


_SPACE_RE = re.compile(r"\s+")
#: A reply longer than this is an answer sentence of its own, not a short answer.
SHORT_REPLY_CHARS = 60


def _holds(key: str) -> re.Pattern[str]:
    # Whole words only where the reply ends in a letter or digit: "1" is not in "BGE-M3".
    return re.compile(rf"(?<![0-9a-z]){re.escape(key)}(?![0-9a-z])")


def recite_short(reply: str, notes: Sequence[str]) -> str:
    """``reply`` with its one citation moved to the note that holds it, when it is a
    short answer ("195만 명 [2]") that the cited note lacks and another note of the
    prompt has word for word. Small models often cite the wrong number; the citation
    check then still runs on the note cited here, so nothing unsupported gets in."""
    cites = _CITE_RE.findall(reply)
    key = _SPACE_RE.sub(" ", _CITE_RE.sub("", reply)).strip().rstrip(_END_PUNCT).strip()
    key = key.casefold()
    if len(cites) != 1 or re.search(r"[,;，]", cites[0]) or len(key) > SHORT_REPLY_CHARS:
        return reply
    if not key:
        return reply
    cited = int(re.sub(r"\D", "", cites[0]) or 0)
    found = _holds(key)
    holders = [i for i, t in enumerate(notes, 1) if found.search(_SPACE_RE.sub(" ", t).casefold())]
    if not holders or cited in holders:
        return reply
    return _CITE_RE.sub(f" [{holders[0]}]", reply, count=1)


def unit_holding(reply: str, note: str) -> str | None:
    """The line of ``note`` (a prompt's note text: one unit per line, ``- `` bullets)
    that holds the short ``reply``, the shortest such line; ``None`` when the reply is
    not short, no line holds it, or the line is the reply itself."""
    key = _SPACE_RE.sub(" ", reply).strip().casefold()
    if not key or len(key) > SHORT_REPLY_CHARS:
        return None
    from notelens.answer.extractive import clean_sentence

    found = _holds(key)
    lines = [clean_sentence(x) for x in note.split("\n")]
    holding = [
        x for x in lines if found.search(_SPACE_RE.sub(" ", x).casefold()) and len(x) > len(key)
    ]
    return min(holding, key=len) if holding else None


def _cite_unit(text: str, n: int) -> str:
    """``_cite`` on every sentence of a unit: a bullet may hold several sentences, and
    every sentence of an answer carries its citation."""
    from notelens.analysis.sentences import split_sentences

    parts = split_sentences(text) or [text]
    return " ".join(_cite(p, n) for p in parts)


def _citation(n: int, hit: Hit, quote: str, line: int | None = None) -> Citation:
    return Citation(
        n=n,
        chunk_id=hit.chunk_id,
        source=hit.source,
        heading=hit.heading,
        location=hit.location,
        quote=quote,
        line=line,
    )


_QUOTE_SEP = " … "


def _flags(hits: Iterable[Hit]) -> tuple[str, ...]:
    """The guard flags of the cited passages, each once, in order."""
    return tuple(dict.fromkeys(f for h in hits for f in h.flags))


_ALNUM_RE = re.compile(r"[^0-9a-z\uac00-\ud7a3]+")


def locate_line(hit: Hit, text: str) -> int | None:
    """The source line (1-based) within the hit's line range that holds ``text``.

    Units are cleaned (links as text, no markup), so lines are compared on their
    letters and digits only; a table row is found by its longest cell. ``None`` when
    the source cannot be read or has no line range (PDF pages).
    """
    loc = hit.location
    if loc.line_start is None:
        return None
    try:
        with open(hit.source, encoding="utf-8", errors="replace") as fh:
            lines = fh.read().split("\n")
    except OSError:
        return None
    piece = (
        max(text.split(ROW_CELL_SEP), key=len).split(": ", 1)[-1] if ROW_CELL_SEP in text else text
    )
    key = _ALNUM_RE.sub("", piece.lower())[:40]
    if not key:
        return None
    end = min(len(lines), loc.line_end or loc.line_start)
    for i in range(loc.line_start - 1, end):
        if key in _ALNUM_RE.sub("", _strip_link_targets(lines[i]).lower()):
            return i + 1
    return None


def _strip_link_targets(line: str) -> str:
    return re.sub(r"\]\([^)]*\)", "]", line)


def _with(answer: Answer, **changes: Any) -> Answer:
    from dataclasses import replace

    return replace(answer, **changes)
