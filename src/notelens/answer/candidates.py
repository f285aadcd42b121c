"""The candidate units of the evidence and their scores (the second stage of
:func:`notelens.answer.extractive.extract`).

:func:`score_units` reads the quotable units of the top passages (``answer/units.py``),
analyses their terms in one batch, and scores every unit: the cheap signals (lexical
share, passage prior, then :data:`UNIT_RULES`, the chain of "the question asks X ->
prefer the units holding X" rules, in a fixed order), e5's cosine for the best of them,
and a share of a strong neighbour's score. The weights are ``extractive.py``'s constants,
read at call time (the tuning seams the docs and tests name).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import numpy as np

from notelens.analysis.base import Analyzer
from notelens.analysis.lang import has_hangul
from notelens.analysis.lexicon import note_aliases
from notelens.answer import extractive as ex
from notelens.answer.appositive import describes_before
from notelens.answer.attributes import (
    Attribute,
    asked_attribute,
    attribute_share,
    labels_attribute,
)
from notelens.answer.crosslang import asked_language, holds_language
from notelens.answer.defined import defines_asked, defines_other
from notelens.answer.embedcache import UnitCache
from notelens.answer.end_rows import end_lookups, position_share
from notelens.answer.evidence import cross_units, is_korean, names_missing
from notelens.answer.extractive import (
    Candidate,
    dense_candidates,
    enumerates,
    held_weight,
    quotable,
    spelled_out,
    translations,
)
from notelens.answer.focus import SIBLING_FOCI, states_focus
from notelens.answer.grounding import latin_names
from notelens.answer.heading_label import inner_label
from notelens.answer.heading_when import clock_typed, states_when
from notelens.answer.labels import translated_label
from notelens.answer.lists import announces_count, lists_sentence
from notelens.answer.member_units import other_members
from notelens.answer.members import members
from notelens.answer.periods import closed_range
from notelens.answer.prose import TYPED_KINDS, penalised_type, type_bonus
from notelens.answer.qtype import Kind, number_in_words
from notelens.answer.question import Asked
from notelens.answer.reach import reachable_total
from notelens.answer.roles import role_fit
from notelens.answer.rows import RowLookup, row_type_bonus, table_lookups
from notelens.answer.span import column_for
from notelens.answer.transcript import answer_turns
from notelens.answer.unit_signals import UnitSignals
from notelens.answer.units import AnswerUnit, build_units, reads_as_sentence
from notelens.answer.verdicts import states_verdict
from notelens.embed.base import Embedder
from notelens.embed.similarity import E5_QUESTION_SCALE
from notelens.retrieve.defining import cites
from notelens.types import Hit

_MIN_SENTENCE_CHARS = 8
_dense_scaled = E5_QUESTION_SCALE

Recorder = Callable[[UnitSignals, Sequence[tuple[int, AnswerUnit]]], None]
# The recording seam of ``benchmarks/unit_rank_capture.py``: inside :func:`recording`,
# every :func:`score_units` call of this context hands the recorder the units' signals
# (``answer/unit_signals.py``) and the units (it only reads them: the scores are the same
# with or without it). A context variable, not a module global: the seam is scoped to
# the ``with`` block and to its thread.
_RECORDER: ContextVar[Recorder | None] = ContextVar("unit_recorder", default=None)


@contextmanager
def recording(recorder: Recorder) -> Iterator[None]:
    """Hand every :func:`score_units` call inside the block to ``recorder``."""
    token = _RECORDER.set(recorder)
    try:
        yield
    finally:
        _RECORDER.reset(token)


@dataclass(frozen=True, slots=True)
class Pool:
    """The units being scored and what the rules read of them, by unit index."""

    q: Asked
    # (passage index, unit) of every quotable unit.
    raw: list[tuple[int, AnswerUnit]]
    # Indices in ``raw`` of the first unit under a label.
    first_under: set[int]
    term_sets: list[frozenset[str]]
    all_terms: dict[str, frozenset[str]]
    alts: dict[str, frozenset[str]]
    lex: list[float]
    # The answer-type evidence of each unit (:func:`_typed`).
    typed: list[float]
    lookups: dict[int, RowLookup]
    # The last row of a table a question about its end reads, and the share of the
    # question's weight it holds by its position (answer/end_rows.py).
    end_shares: dict[int, float]
    # The question's terms its asked noun is made of (answer/labels.py).
    asked_set: frozenset[str]
    # The attribute the question asks the value of (answer/attributes.py).
    attribute: Attribute | None
    # Whether each unit is about a sibling of the member the question names.
    sibling: list[bool]
    # The question's numbers that the passages' heading paths do not write.
    anchors: set[str]
    # How many list-like units share each (passage, context).
    list_sizes: Counter[tuple[int, str]]
    # The best lexical share of any unit.
    top_lexical: float = 0.0
    # The language of the note text the question asks to quote ("en", "ko"), when it
    # names the other language's version (answer/crosslang.py).
    asked_language: str | None = None


@dataclass(frozen=True, slots=True)
class Scored:
    """The scored candidates, best first in ``order``, and what later stages read."""

    cands: list[Candidate]
    order: list[int]
    raw: list[tuple[int, AnswerUnit]]
    lookups: dict[int, RowLookup]
    q_weights: dict[str, float]
    q_total: float
    list_sizes: Counter[tuple[int, str]]
    idf: dict[str, float]
    max_idf: float
    alts: dict[str, frozenset[str]]
    # Each passage's terms (heading and every unit and context), for the coverage.
    passage_terms: list[frozenset[str]]
    dense: list[float]
    term_sets: list[frozenset[str]]
    ctx_sets: list[frozenset[str]]
    all_terms: dict[str, frozenset[str]]


def every_unit(lead: Candidate, scored: Scored, hits: Sequence[Hit]) -> list[Candidate]:
    """The lead, then the scored candidates best first, then the units of ``hits`` the
    scorer left out (an entry's title line is its bullets' context) as candidates at the
    lead's score: a unit's place is no evidence of its own. The walk of a rule that looks
    for a written form (a misspelt name, a title beside its short name) in any unit."""
    order = [lead, *(scored.cands[i] for i in scored.order)]
    seen = {(c.hit_index, c.position) for c in order}
    return order + [
        Candidate.of_unit(hi, u, lead.score)
        for hi, hit in enumerate(hits)
        for u in build_units(hit.text, hit.heading)
        if (hi, u.position) not in seen
    ]


def _idf(term_sets: Sequence[frozenset[str]]) -> dict[str, float]:
    n = len(term_sets)
    df: dict[str, int] = {}
    for terms in term_sets:
        for t in terms:
            df[t] = df.get(t, 0) + 1
    return {t: math.log(1.0 + (n + 1) / (d + 0.5)) for t, d in df.items()}


def _term_weight(
    term: str, alternatives: frozenset[str], idf: dict[str, float], max_idf: float
) -> float:
    if term in idf:
        return idf[term]
    present = [idf[a] for a in alternatives if a in idf]
    return min(present) if present else max_idf


def _row_lookups(
    question: str,
    raw: Sequence[tuple[int, AnswerUnit]],
    q_set: set[str],
    alts: dict[str, frozenset[str]],
    kinds: Sequence[Kind],
    cache: UnitCache,
) -> tuple[dict[int, RowLookup], dict[int, frozenset[str]]]:
    """The table rows among ``raw`` that the question reads as lookups (answer/rows.py),
    by their index in ``raw``; their cells are analysed in one batch. Second: the last
    rows a question about the end of a table reads, with the words they answer by their
    position (answer/end_rows.py)."""
    rows = [(i, u) for i, (_, u) in enumerate(raw) if u.kind == "row" and u.cells]
    if not rows:
        return {}, {}
    from notelens.answer.extreme_rows import extreme_lookups

    cells = list(dict.fromkeys(x for _, u in rows for pair in u.cells for x in pair if x))
    terms = dict(zip(cells, cache.terms(cells), strict=True))
    q_all = frozenset(q_set).union(*alts.values())
    names = latin_names(question)
    tables: dict[tuple[int, str], list[int]] = {}
    for i, u in rows:
        tables.setdefault((raw[i][0], u.context), []).append(i)
    # "마지막 주차엔 뭐해?": the last row of a numbered table, over all its parts
    # (answer/end_rows.py); the tables it reads are read by no other lookup.
    keyed = [(u.context, u) for _, u in rows]
    ends, read, words = end_lookups(keyed, question, q_all, terms, kinds)
    out: dict[int, RowLookup] = {rows[r][0]: lk for r, lk in ends.items()}
    read_raw = {rows[r][0] for r in read}
    for members_ in tables.values():
        if read_raw.intersection(members_):
            continue
        table = [raw[i][1] for i in members_]
        # "응답 시간이 제일 오래 걸린 설정은?": a superlative reads the whole table, its
        # row is the one with the extreme value (answer/extreme_rows.py).
        found = extreme_lookups(table, question, q_all, terms) or table_lookups(
            table, question, q_set, q_all, names, kinds, terms
        )
        out.update({members_[r]: lk for r, lk in found.items()})
    return out, {rows[r][0]: words for r in ends}


def _defines(u: AnswerUnit, subject: str, first_under_label: bool = False) -> bool:
    """Whether ``u`` reads as a definition of ``subject`` ("GQA는 …", "GQA: …", "X is"),
    or is the first line under a heading / label naming it ("### KV cache" then "이전
    토큰들의 key, value를 … 저장해두는 것."), a reference line aside."""
    if u.kind == "definition" and u.term.lower().startswith(subject):
        return True
    if first_under_label and not cites(u.text):
        label = inner_label(u.context).lower()
        if label.startswith(subject) or label.startswith(f"{subject} ("):
            return True
    low = u.text.lower()
    at = low.find(subject)
    if at > 20 and describes_before(u.text, subject):
        # "…를 생성하는 방법인 언어모델 AdvPrompter 개발": described before its name
        # (answer/appositive.py).
        return True
    if at < 0 or at > 20:
        return False
    rest = low[at + len(subject) :].lstrip(" )")
    return bool(re.match(r"(?:\([^)]*\)\s*)?(?:는|은|이란|란|:|이다|is |are |refers)", rest))


def _dense_text(u: AnswerUnit) -> str:
    """What e5 sees of a unit: the innermost context (entry title / header) and the text."""
    ctx = u.context.rsplit(" > ", 1)[-1] if u.context else ""
    return f"{ctx}: {u.text}" if ctx and u.kind != "title" else u.text


def _units(
    q: Asked, hits: Sequence[Hit]
) -> tuple[list[tuple[int, AnswerUnit]], list[list[str]], set[int]]:
    """The quotable units of ``hits`` (with their passage index), every unit's and
    context's text per passage (quoted or not), and the indices of first units under a
    label."""
    raw: list[tuple[int, AnswerUnit]] = []
    # Every unit's and context's terms (quoted or not): their union is the passage's
    # term set for the refusal signal, so the passage is not analysed a second time.
    seen: list[list[str]] = [[] for _ in hits]
    first_under: set[int] = set()  # indices in ``raw`` of the first unit under a label
    for hi, hit in enumerate(hits):
        if not quotable(hit, q.text):
            continue
        prev: AnswerUnit | None = None
        for u in build_units(hit.text, hit.heading):
            after_label = prev is None or prev.kind == "summary"
            prev = u
            seen[hi] += [u.text, u.context]
            if u.kind == "summary" or (
                u.kind == "title" and not q.title_ok and not reads_as_sentence(u.text)
            ):
                continue
            if len(u.text) >= _MIN_SENTENCE_CHARS // 2:
                if after_label:
                    first_under.add(len(raw))
                raw.append((hi, u))
    return raw, seen, first_under


def _typed(q: Asked, u: AnswerUnit, lexical: float, top_lexical: float) -> float:
    """How much ``u`` holds a token of the asked type (the type rule's factor)."""
    kind = q.atype.kind
    # A row with a column of the asked type is read from that column alone
    # (answer/rows.py): a title "Scaling Laws" in another cell is no person.
    row_typed = row_type_bonus(q.kinds, u, kind in TYPED_KINDS) if u.cells else None
    typed = (
        row_typed
        if row_typed is not None
        else type_bonus(kind, q.kinds, u, lexical, top_lexical, q.names)
    )
    if not typed and kind == "number" and u.kind != "sentence" and number_in_words(u.text):
        # "How much pretraining data did OpenELM use compared with OLMo?" over the item
        # "사전학습 데이터를 절반 사용하면서도 OLMo에 비해 …": a note line's number written
        # as a word is the number asked, as the refusal signal reads it (strength._type);
        # its sibling "OpenELM은 0.27B, … 공개" holds digits and no answer (realq9 p244,
        # realq10 q357).
        typed = 2.0
    if not typed and states_when(kind, u):
        # Only the heading path says when ("… > 2nd week (10/9)"): the entry under
        # it answers a week / date question as a unit writing one would.
        typed = 1.0
    clock = clock_typed(q.text, u) if kind in ("date", "number", "other") else None
    if clock is not None:
        # "What time …?": a line holding an hour, not a session row's date.
        typed = clock
    if u.cells and kind == "reason":
        # A row names and counts; it never says why ("3주차 발표자가 왜 바뀌었어?" is
        # answered by the change log, not by week 3's row).
        typed = -1.0
    elif q.period:
        # "기간은? / 언제부터 언제까지?": a line writing both ends, not a session's
        # single date (a duration, "보관 기간은?" over "kept 30 days", keeps its
        # number type: only a date question's single dates lose theirs).
        if closed_range(u.text) is not None:
            typed = max(typed, 2.0)
        elif kind == "date":
            typed = 0.0
    return typed


# -- the rule chain: each takes the pool, a unit's index and its score so far, and
# returns the new score. Their order is the order the score was always summed in.


def _asked_type(p: Pool, i: int, s: float) -> float:
    return s + ex.W_TYPE * p.typed[i]


def _row_lookup(p: Pool, i: int, s: float) -> float:
    return s + ex.W_ROW_LOOKUP if i in p.lookups else s


def _end_row(p: Pool, i: int, s: float) -> float:
    # "마지막 주차엔 뭐해?": the last row holds "마지막" and "주차" by its position, words
    # its text cannot write; they count as the lexical share would count them.
    return s + ex.W_LEXICAL * p.end_shares.get(i, 0.0)


def _verdict(p: Pool, i: int, s: float) -> float:
    # "젤 좋았던 설정은?" -> the bullet saying "…가 최고" (answer/verdicts.py).
    return s + ex.W_TYPE * states_verdict(p.q.text, p.raw[i][1])


def _role_or_label(p: Pool, i: int, s: float) -> float:
    u = p.raw[i][1]
    # "Transcribed by: …" answers a transcriber question; a schedule row's 발표자
    # column answers no other role's (answer/roles.py).
    if fit := role_fit(u, p.q.roles):
        return s + ex.W_ROLE * fit
    if p.q.phrase and u.term and translated_label(u, p.all_terms[u.term], p.asked_set, p.alts):
        return s + ex.W_LABEL
    return s


def _attribute(p: Pool, i: int, s: float) -> float:
    u = p.raw[i][1]
    attribute = p.attribute
    if attribute is None or u.kind in ("sentence", "row"):
        return s
    # "토크나이저 어휘 크기가 얼마야?" over "… tokenizer vocab 49,152": under one entry
    # every line holds the topic; the line naming the asked attribute (in any of its
    # spellings) states its value, and a line labelled with it ("Date: …" for "When was
    # …?", "가장 많이 들은 주제: …") is its value (answer/attributes.py). Prose is left
    # to the aligners, a table row to its lookup (answer/rows.py). As for _focus: when
    # the question names something, only a line naming it (or under a heading that
    # does) states its attribute; a glossary's "RoPE base: …" is no model's RoPE base.
    if p.q.has_names and names_missing(p.q.text, f"{u.context} {u.text}") >= 1.0:
        return s
    if labels_attribute(attribute, u.text):
        if u.term and p.q.phrase and translated_label(u, p.all_terms[u.term], p.asked_set, p.alts):
            return s  # (already counted as the asked noun's translated label)
        return s + ex.W_LABEL
    if attribute.by_word:
        return s
    return s + ex.W_ATTRIBUTE * attribute_share(attribute, u.text)


def _type_miss(p: Pool, i: int, s: float) -> float:
    u = p.raw[i][1]
    if not p.typed[i] and u.kind != "sentence" and penalised_type(p.q.atype.kind, u, False):
        return s - ex.W_TYPE_MISS
    return s


def _unit_fit(p: Pool, i: int, s: float) -> float:
    u = p.raw[i][1]
    if p.q.unit is not None and u.kind != "sentence":
        # A note line (bullet, row, labelled line) in the asked measure; prose is
        # left to the aligners. A row's other columns ("응답 시간: 2.6s") say
        # nothing against it: it only gains.
        fit = p.q.unit.fit(u.text)
        return s + ex.W_UNIT_FIT * (max(fit, 0) if u.cells else fit)
    return s


def _restates_question(p: Pool, i: int, s: float) -> float:
    # A unit that only repeats the question adds nothing.
    return s * 0.5 if not p.term_sets[i] - p.q.term_set else s


def _title(p: Pool, i: int, s: float) -> float:
    # An entry title is the answer only when a title or a name is asked for.
    u = p.raw[i][1]
    if u.kind == "title" and not p.q.title_ok and not reads_as_sentence(u.text):
        return s * 0.8
    if u.kind == "title" and not p.q.wants_title and p.q.atype.kind not in ("org", "date"):
        # An entry title holds the org / date in its parentheses ("(Zhang et al.,
        # Scale AI)"); for other questions a statement-like parent is content.
        return s * (0.8 if not reads_as_sentence(u.text) else 1.0)
    return s


def _anchors(p: Pool, i: int, s: float) -> float:
    if p.anchors and p.raw[i][1].kind != "sentence":
        # The question's numbers ("9주차", "W18", "GPT-3 175B") select the row or
        # entry it asks about among siblings that share everything else (in prose a
        # date the question repeats is mostly in the sentence before the answer).
        return s + ex.W_ANCHOR * len(p.anchors & p.term_sets[i]) / len(p.anchors)
    return s


def _other_member(p: Pool, i: int, s: float) -> float:
    return s - ex.W_OTHER_MEMBER if p.sibling[i] else s


def _paths(p: Pool, i: int, s: float) -> float:
    u = p.raw[i][1]
    paths = p.q.paths
    if paths and u.kind != "sentence":
        # "the /other folder": a path the question writes selects the entry (and the
        # bullets under it) that writes it; the analyzer may drop its word ("other"
        # is a stopword), so it is matched as written.
        where = f"{u.context} {u.text}".lower()
        return s + ex.W_ANCHOR * sum(path in where for path in paths) / len(paths)
    return s


def _definition(p: Pool, i: int, s: float) -> float:
    u = p.raw[i][1]
    q = p.q
    if q.atype.kind == "definition" and q.subject and _defines(u, q.subject, i in p.first_under):
        return s + ex.W_TYPE * 2
    if defines_asked(u, q.defined, i in p.first_under):
        # "X가 뭐지?" / "How does X work?" of any question type: the line defining X
        # itself (answer/defined.py), not one defining another term that names X.
        return s + ex.W_TYPE * 2
    if defines_other(u, q.defined):
        return s - ex.W_TYPE
    return s


def _list_item(p: Pool, i: int, s: float) -> float:
    hi, u = p.raw[i]
    atype = p.q.atype
    if atype.kind == "list" and (
        (u.kind != "sentence" and (p.list_sizes[(hi, u.context)] >= 2 or enumerates(u.text)))
        or (u.kind == "sentence" and lists_sentence(u.text, atype.count, p.q.text))
    ):
        # "Which defenses are listed?": an item of a list answers, with its siblings;
        # so does a lone bullet that lists the items itself ("8B / 70B 공개, …"), and
        # prose that does ("첫째, …", "A 41%, B 33%, C 24%, D 19%": answer/lists.py).
        return s + ex.W_TYPE * 2
    return s


def _announced_list(p: Pool, i: int, s: float) -> float:
    atype = p.q.atype
    if atype.kind == "list" and announces_count(p.q.text, p.raw[i][1].text, atype.count):
        # "기준 세 가지는?" over "측정 기준은 세 가지로 정했다: A, B, 그리고 C": the line
        # naming the asked list by its size is that list (answer/lists.py).
        return s + ex.W_TYPE * 2
    return s


def _names(p: Pool, i: int, s: float) -> float:
    if p.q.has_names:
        # The question's names (model, paper, dataset) in the unit or its context
        # single out the entry it asks about among its neighbours.
        u = p.raw[i][1]
        return s + ex.W_NAMES * (1.0 - names_missing(p.q.text, f"{u.context} {u.text}"))
    return s


def _focus(p: Pool, i: int, s: float) -> float:
    # "X의 한계가 뭐였지" -> the line saying what is costly / limited / hard about X, not
    # its siblings that share X's words (answer/focus.py). Only among the lines about
    # the question's topic: a line holding the relation's cue but not the topic (less
    # than FOCUS_TOPIC of the best lexical share, or none of the question's names in
    # it or its context) states the relation of something else.
    u = p.raw[i][1]
    if p.q.focus in SIBLING_FOCI:
        return s  # (read among the best line's siblings only: choose.py's _relation)
    if not states_focus(p.q.focus, u) or p.lex[i] < ex.FOCUS_TOPIC * p.top_lexical:
        return s
    if p.q.has_names and names_missing(p.q.text, f"{u.context} {u.text}") >= 1.0:
        return s
    return s + ex.W_FOCUS


def _asked_column(p: Pool, i: int, s: float) -> float:
    u = p.raw[i][1]
    if u.kind == "row" and column_for(p.q.atype.kind, u.cells):
        # The table has a column for what is asked (발표자 / Speaker for "who").
        return s + ex.W_TYPE
    return s


Rule = Callable[[Pool, int, float], float]


def _asked_language(p: Pool, i: int, s: float) -> float:
    # "ENG 설명에서 공부 계기를 …", "the Korean overview note": the question names the
    # other language's version of the notes; a unit written in it shares few of the
    # question's words (answer/crosslang.py).
    if p.asked_language is not None and holds_language(p.asked_language, p.raw[i][1].text):
        return s + ex.W_ASKED_LANGUAGE
    return s


# The cheap score's rules, in the order they are summed (the order is part of the
# score: a halving or a title's 0.8 applies to what the rules before it added).
UNIT_RULES: tuple[Rule, ...] = (
    _asked_type,
    _row_lookup,
    _end_row,
    _verdict,
    _role_or_label,
    _attribute,
    _type_miss,
    _unit_fit,
    _restates_question,
    _title,
    _anchors,
    _other_member,
    _paths,
    _definition,
    _list_item,
    _announced_list,
    _names,
    _asked_column,
    _focus,
    _asked_language,
)


def _dense(
    q: Asked,
    hits: Sequence[Hit],
    raw: Sequence[tuple[int, AnswerUnit]],
    cheap: Sequence[float],
    other: Sequence[bool],
    embedder: Embedder | None,
    cache: UnitCache,
) -> list[float]:
    """e5's cosine of the question and each unit worth embedding, scaled onto 0..1
    (the others get the scale's floor)."""
    order = sorted(range(len(raw)), key=lambda i: -cheap[i])
    # Across languages the lexical signal is weak: e5 looks at more units, and at the
    # best units written in the other language whatever their lexical score.
    q_ko = has_hangul(q.text)
    cross = any(has_hangul(h.text) != q_ko for h in hits[:2])
    dense_ids = list(
        dict.fromkeys(
            dense_candidates(cheap, order, ex.DENSE_UNITS_CROSS if cross else ex.DENSE_UNITS)
            + [i for i in order if other[i]][: ex.DENSE_UNITS]
        )
    )
    cos_all = np.full(len(raw), ex.DENSE_LO, dtype=np.float32)
    if embedder is not None:
        qv = cache.query(q.text)
        sv = cache.vectors([_dense_text(raw[i][1]) for i in dense_ids])
        cos_all[dense_ids] = sv @ qv
    return [_dense_scaled(float(c)) for c in cos_all]


def score_units(
    q: Asked,
    hits: Sequence[Hit],
    analyzer: Analyzer,
    embedder: Embedder | None,
    cache: UnitCache,
) -> Scored | None:
    """Every quotable unit of ``hits`` scored for ``q`` (None: no unit to quote)."""
    raw, seen, first_under = _units(q, hits)
    if not raw:
        return None
    question = q.text
    texts = [u.text for _, u in raw]
    all_texts = list(dict.fromkeys([*texts, *(t for ts in seen for t in ts)]))
    all_texts += [h.heading for h in hits if h.heading not in all_texts]
    # The "한국어 (English)" pairs the evidence writes: analysed in the same batch.
    aliases = note_aliases(h.text for h in hits)
    all_texts += [x for pair in aliases for x in pair if x not in all_texts]
    # The labels of definition lines, and the noun the question asks for: a label that
    # translates it is the asked column (answer/labels.py).
    phrase = q.phrase
    all_texts += [u.term for _, u in raw if u.term and u.term not in all_texts]
    all_texts += [phrase] if phrase and phrase not in all_texts else []
    all_terms = dict(zip(all_texts, cache.terms(all_texts), strict=True))
    term_sets = [all_terms[t] for t in texts]
    ctx_sets = [all_terms[u.context] for _, u in raw]
    passage_terms = [
        frozenset().union(all_terms[h.heading], *(all_terms[t] for t in seen[hi]))
        for hi, h in enumerate(hits)
    ]
    q_terms, q_set = q.terms, q.term_set
    # The question's numbers that are not part of the passages' heading paths ("시즌4" is
    # the topic; "9주차" picks the row).
    in_headings = frozenset().union(*(all_terms[h.heading] for h in hits))
    anchors = {t for t in q_terms if t.isdigit() and len(t) <= 4 and t not in in_headings}
    idf = _idf(term_sets)
    max_idf = math.log(1.0 + (len(texts) + 1) / 0.5)
    # The question's terms in the other language (analysis/lexicon.py): a unit holding
    # a translation matches the term, at W_TRANSLATED of its weight.
    alts = translations(q_terms, analyzer, [(all_terms[a], all_terms[b]) for a, b in aliases])
    # A question term absent from every candidate gets the largest weight: missing it
    # is what makes evidence weak (a translated term weighs what its translation does).
    q_weights = {t: _term_weight(t, alts[t], idf, max_idf) for t in q_terms}
    q_total = sum(q_weights.values()) or 1.0

    list_sizes = Counter(
        (hi, u.context) for hi, u in raw if u.kind in ("item", "definition", "row")
    )
    # An acronym of the question ("RPO") that a unit's entry spells out ("Iterative
    # Reasoning Preference Optimization > notes") is a term of its context.
    spelled = q.spelled
    # A unit in the other language than the question is ranked by its share of the
    # terms it can hold at all (answer/reach.py); the refusal signal keeps the plain share.
    other = cross_units(question, [u.text for _, u in raw])
    reach_total = (
        reachable_total(
            q_weights,
            alts,
            is_korean(question),
            " ".join(sorted(latin_names(question))),
            ex.W_UNREACHABLE,
        )
        or q_total
    )
    lex: list[float] = []
    lex_rank: list[float] = []
    for i in range(len(raw)):
        terms = term_sets[i]
        own = held_weight(q_weights, alts, terms)
        ctx_terms = ctx_sets[i] | spelled_out(spelled - terms, raw[i][1])
        ctx = sum(w for t, w in q_weights.items() if t not in terms and t in ctx_terms)
        lex.append((own + ex.W_CONTEXT_TERMS * ctx) / q_total)
        lex_rank.append(lex[-1] * q_total / reach_total if other[i] else lex[-1])
    top_lexical = max(lex)
    # A row's cells name or count: a reason is no cell lookup ("Why was week 9's presenter
    # changed?" asks the change log, not the presenter's cell). ("방식은?" over a table
    # asks which setting, a cell: a method question may still read a row.)
    lookups, ends = (
        ({}, {})
        if q.atype.kind == "reason"
        else _row_lookups(question, raw, q_set, alts, q.kinds, cache)
    )
    pool = Pool(
        q=q,
        raw=raw,
        first_under=first_under,
        term_sets=term_sets,
        all_terms=all_terms,
        alts=alts,
        lex=lex,
        typed=[_typed(q, u, lex[i], top_lexical) for i, (_, u) in enumerate(raw)],
        lookups=lookups,
        end_shares={
            i: position_share(w, q_weights, term_sets[i]) / q_total for i, w in ends.items()
        },
        asked_set=all_terms[phrase] & q_set if phrase else frozenset(),
        attribute=asked_attribute(question),
        sibling=other_members(members(question), [u for _, u in raw]),
        anchors=anchors,
        list_sizes=list_sizes,
        top_lexical=top_lexical,
        asked_language=asked_language(question),
    )
    # Each rule's contribution, kept only for the recording seam.
    recorder = _RECORDER.get()
    keep = recorder is not None
    deltas: list[tuple[float, ...]] = []
    cheap: list[float] = []
    for i, (hi, _) in enumerate(raw):
        prior = 1.0 / (1.0 + 0.5 * hi)
        s = ex.W_LEXICAL * lex_rank[i] + ex.W_PRIOR * prior
        steps: list[float] = []
        for rule in UNIT_RULES:
            before, s = s, rule(pool, i, s)
            if keep:
                steps.append(s - before)
        if keep:
            deltas.append(tuple(steps))
        cheap.append(s)

    dense = _dense(q, hits, raw, cheap, other, embedder, cache)
    # A unit in the other language cannot share the question's words: its cosine
    # stands in for the lexical overlap it lacks.
    base = [
        cheap[i]
        + ex.W_DENSE * dense[i]
        + (ex.W_CROSS * max(0.0, dense[i] - lex_rank[i]) if other[i] else 0)
        for i in range(len(raw))
    ]
    scores = list(base)
    for i, (hi, u) in enumerate(raw):
        # Neighbours in the same passage lend a share of their score.
        for j in (i - 1, i + 1):
            if 0 <= j < len(raw) and raw[j][0] == hi and abs(raw[j][1].position - u.position) == 1:
                scores[i] += ex.W_CONTEXT * max(0.0, base[j] - base[i])
    lifted = scores
    # "Q3 (…): …?" restates the question; the "A (…): …" turn after it answers
    # (answer/transcript.py).
    scores = answer_turns(q.text, raw, scores)
    if recorder is not None:
        recorder(
            UnitSignals(
                passage=tuple(hi for hi, _ in raw),
                kind=tuple(u.kind for _, u in raw),
                chars=tuple(len(u.text) for _, u in raw),
                lexical=tuple(lex),
                lexical_rank=tuple(lex_rank),
                dense=tuple(dense),
                other=tuple(other),
                rules=tuple(deltas),
                cross=tuple(base[i] - cheap[i] - ex.W_DENSE * dense[i] for i in range(len(raw))),
                neighbour=tuple(lifted[i] - base[i] for i in range(len(raw))),
                turns=tuple(scores[i] - lifted[i] for i in range(len(raw))),
                hand=tuple(scores),
            ),
            raw,
        )
    cands = [
        ex.Candidate(hi, u.position, u.text, term_sets[i], lex[i], dense[i], scores[i], u)
        for i, (hi, u) in enumerate(raw)
    ]
    return Scored(
        cands=cands,
        order=sorted(range(len(cands)), key=lambda i: -cands[i].score),
        raw=raw,
        lookups=lookups,
        q_weights=q_weights,
        q_total=q_total,
        list_sizes=list_sizes,
        idf=idf,
        max_idf=max_idf,
        alts=alts,
        passage_terms=passage_terms,
        dense=dense,
        term_sets=term_sets,
        ctx_sets=ctx_sets,
        all_terms=all_terms,
    )
