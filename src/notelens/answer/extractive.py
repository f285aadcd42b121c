"""Extractive answers: the answer units of the top passages that answer the question.

No LLM. The top passages are read as notes (``answer/units.py``): list items with their
entry titles as context, table rows joined with their header, definition lines, prose
sentences. Every unit is scored against the question:

* **lexical**: IDF-weighted share of the question's content terms (Kiwi morphemes,
  whole Latin terms) that the unit contains; terms found only in its context (heading
  path, entry title, table header) count ``W_CONTEXT_TERMS`` as much. IDF is computed
  over the candidate units, so the topic every unit shares weighs little;
* **dense**: e5 cosine of the question and the unit (with its innermost context), for
  the ``DENSE_UNITS`` best units by the other signals (cross-language questions);
* **passage prior**: the hybrid rank of the passage the unit comes from;
* **answer type** (``answer/qtype.py``): a unit holding a token of the asked type (a
  number, a size, a week, a name) is preferred, more so for each further kind asked;
  an entry title is the answer only to a title / name question;
* **context**: a unit next to a strong one gets a little of its score.

The best unit is the answer; further units (up to ``max_sentences``) are added only when
they cover question terms the answer does not yet cover and score close to the best.
The short answer (``answer/span.py``) is cut from the best unit. Units of a passage the
ingest guard flagged for injected instructions are not quoted unless the question asks
about such text (:func:`quotable`).

:func:`evidence_strength` is the refusal signal: how much of the question the best
passage covers, mixed with the question-unit cosine (docs/benchmarks.md, "Answers",
records the calibration).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from notelens.analysis.base import Analyzer
from notelens.analysis.loanwords import latin_spelling
from notelens.answer.dates import MONTH_NAMES
from notelens.answer.defined import asked_terms, defines_asked, defines_other
from notelens.answer.heading_when import (
    asked_day_noun,
    clock_typed,
    heading_time,
    heading_when,
    states_when,
)
from notelens.answer.qtype import AnswerType, Kind
from notelens.answer.refusal import RefusalSignals
from notelens.answer.rows import RowLookup, asked_filled, lookup_span, row_type_bonus, table_lookups
from notelens.answer.siblings import typed_sibling
from notelens.answer.span import Span
from notelens.answer.units import AnswerUnit

if TYPE_CHECKING:
    from notelens.answer.embedcache import UnitCache
from notelens.embed.base import Embedder
from notelens.embed.similarity import E5_QUESTION_SCALE
from notelens.types import Hit

# Score weights (measured on KorQuAD/XQuAD subsets, see docs/benchmarks.md "Answers").
W_LEXICAL = 0.50
W_DENSE = 0.30
W_PRIOR = 0.20
W_TYPE = 0.08
W_CONTEXT = 0.15
# A unit in the other language than the question: this much of (cosine - lexical share)
# is added, since it cannot share the question's words.
W_CROSS = 0.25
# A question term found in a unit only as its translation (analysis/lexicon.py) counts
# this much of its weight.
W_TRANSLATED = 0.9
# A question term a unit in the other language cannot hold in any wording (answer/reach.py)
# counts this much of its weight in that unit's lexical share (chosen on the odd ids:
# 0.5 lost a tuning question of blind, 0.3 five; docs/benchmarks.md "Answers across
# languages, twelfth round").
W_UNREACHABLE = 0.7
# A unit (with its context) naming the question's Latin names gets up to this much.
W_NAMES = 0.10
# A unit holding the question's numbers (its selectors: "9주차", "W18") gets up to this.
W_ANCHOR = 0.15
# A table row the question reads as a lookup (names one cell, asks another column:
# answer/rows.py) gets this much: it is the answer more surely than a prose line that
# mentions the same entity.
W_ROW_LOOKUP = 0.15
# A labelled line whose label is the role the question asks ("불참: …" for "누가
# 빠졌어?", "Coordinator: …" for "Who coordinates …?": answer/roles.py) gets this much:
# the label is the asked column, as a row lookup's header is.
W_ROLE = 0.25
# A labelled line whose label is the question's asked noun in the other language ("org:
# Northwind AI" for "어느 회사에서 만든 모델이야?": answer/labels.py) gets this much.
W_LABEL = 0.25
# A unit about a sibling of the member the question names ("시즌1 기록" rows for "시즌2",
# the 30B entry for "13B": answer/member_units.py) loses this much (chosen on the odd
# ids: 0.25 lost the notes set's n009, docs/benchmarks.md "Notes classes, eleventh round").
W_OTHER_MEMBER = 0.15
# A note unit (bullet, row, definition line) without a token of the asked type, for a
# question whose answer is a name, number or date, only restates what the question
# names: it loses this much, so a sibling that adds the typed content wins (chosen on
# the odd ids of the notes set, docs/benchmarks.md "the last classes").
W_TYPE_MISS = 0.05
# A note unit writing a number in the unit a number question asks for ("참석 24명" for
# "몇 명이 왔어?", "37일" for "며칠 걸렸어?": answer/numbers.py) gains this much, one
# writing numbers only in other units ("학습 토큰 2.1T") loses it (chosen on the odd ids
# of blind3 / blind4: W_TYPE, the type bonus's own step).
W_UNIT_FIT = 0.08
# Question terms (Kiwi stems) that frame the question rather than ask anything.
FRAMING_TERMS = frozenset({"list", "mention", "accord", "per", "적히", "나열"})
# Items quoted for a list question that does not say how many it wants.
LIST_ITEMS = 8
# A list answer quoting this many note items (bullets, rows, entries, ordinal sentences)
# or more has no short answer: the items lead.
LIST_LEAD_ITEMS = 3
# Evidence strength is scaled by (1 - NAME_PENALTY * share of question names absent),
# and by (1 - TYPE_PENALTY) when a number / size / date / week / person / organisation
# question's best unit holds no token of that type (calibrated on the notes question
# set, docs/benchmarks.md "Answers").
NAME_PENALTY = 0.9
TYPE_PENALTY = 0.2
# A number question ("몇 개야?", "how many …") whose best unit is a note unit (bullet,
# row, definition line, title) holding no number at all cannot be answered by it (its
# digits, if any, are parts of names: "BGE-M3", "KURE-v1"): scaled by
# (1 - NUMBER_PENALTY) instead. A prose sentence keeps TYPE_PENALTY: its number is often
# in the sentence beside it, which the answer quotes too (KorQuAD / XQuAD lost right
# answers on both halves with it; docs/benchmarks.md "Notes set, seventh round").
NUMBER_PENALTY = 0.5
# Near-domain questions (a fact next to one the notes hold) are answered by a unit about
# the neighbour: evidence is scaled by (1 - UNIT_NAME_PENALTY * share of the question's
# names absent from the best unit and its context) and by (1 - LEXICAL_PENALTY * how far
# the best unit's own lexical share falls below LEXICAL_FLOOR, over LEXICAL_FLOOR).
# Calibrated on the odd ids of the notes set and of both unanswerable sets; the even
# ids are the held-out check (docs/benchmarks.md, "Answers on notes, second round").
UNIT_NAME_PENALTY = 0.2
LEXICAL_PENALTY = 0.4
LEXICAL_FLOOR = 0.3
# e5 cosines of question and sentence, mapped onto 0..1 (notelens.embed.similarity).
DENSE_LO, DENSE_HI = E5_QUESTION_SCALE.lo, E5_QUESTION_SCALE.hi

_MIN_SENTENCE_CHARS = 8
_MAX_SENTENCE_CHARS = 600

# -- question types ---------------------------------------------------------------------

_QTYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "when",
        re.compile(
            r"\bwhen\b|\bwhat (?:year|date|day|month|century|time)\b|\bwhich (?:year|date)\b"
            r"|언제|몇\s*년|몇\s*월|며칠|몇\s*일|몇\s*주차|연도|날짜|시기",
            re.I,
        ),
    ),
    (
        "count",
        re.compile(
            r"\bhow (?:many|much|long|large|big|old|far|often)\b|\bwhat (?:percentage|number)\b"
            r"|몇|얼마|얼마나|비율|규모",
            re.I,
        ),
    ),
    ("who", re.compile(r"\bwho(?:m|se)?\b|누가|누구|누군|발표자|저자|어떤 사람|인물", re.I)),
    ("why", re.compile(r"\bwhy\b|\bwhat (?:caused|causes)\b|\breason\b|왜|이유|원인", re.I)),
    ("how", re.compile(r"\bhow\b|어떻게|어떤 방법|방법|방식", re.I)),
    ("where", re.compile(r"\bwhere\b|어디|어느 곳|(?<![가-힣])장소", re.I)),
)

_TYPE_EVIDENCE: dict[str, re.Pattern[str]] = {
    "when": re.compile(
        rf"\b(?:1[0-9]|20)\d{{2}}\b|\d{{1,2}}\s*[월일]|\d+\s*년|세기|주차|\d{{1,2}}/\d{{1,2}}"
        rf"|\b(?:{MONTH_NAMES})\b|\bcentury\b",
        re.I,
    ),
    "count": re.compile(
        r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million"
        r"|billion|dozen|half)\b|하나|둘|셋|넷|다섯|여섯|일곱|여덟|아홉|열|백|천|만|억|배",
        re.I,
    ),
    "who": re.compile(
        r"(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+|[가-힣]{2,4}\s*(?:교수|박사|씨|님|연구원|감독|선수|대표)"
        r"|[가-힣]{3}(?=[:(,]|\s*$)|:\s*[가-힣]{2,4}"
    ),
    "why": re.compile(
        r"때문|위해|위하여|위한|덕분|따라서|그래서|because|since|due to|so that|in order to"
        r"|as a result|led to|caused",
        re.I,
    ),
    "how": re.compile(r"으로|로써|통해|이용|사용|\bby\b|\busing\b|\bthrough\b|\bvia\b", re.I),
    "where": re.compile(r"에서|\bin\b|\bat\b|위치|지역|도시|나라", re.I),
}


def question_type(question: str) -> str:
    """``when``, ``count``, ``who``, ``why``, ``how``, ``where`` or ``what``."""
    from notelens.answer.qtype import scene_when_masked

    question = scene_when_masked(question)
    for name, pattern in _QTYPES:
        if pattern.search(question):
            return name
    return "what"


# -- candidates -------------------------------------------------------------------------

_BULLET_RE = re.compile(r"^\s*(?:[-*+•]\s+|#{1,6}\s+|>\s*|\d{1,3}[.)]\s+)")


def clean_sentence(text: str) -> str:
    """A sentence as shown in an answer: one line, without a leading bullet or ``#``."""
    return " ".join(_BULLET_RE.sub("", text).split())


@dataclass(frozen=True, slots=True)
class Candidate:
    """An answer unit of one evidence passage, with its scores."""

    hit_index: int
    position: int
    text: str
    terms: frozenset[str]
    lexical: float
    dense: float
    score: float
    unit: AnswerUnit | None = None


_OTHER = AnswerType("other")
# Kinds whose short answer may be the value a bullet writes after the asked noun.
_INLINE_KINDS = frozenset({"other", "name", "number", "size", "definition"})


@dataclass(frozen=True, slots=True)
class Extraction:
    """What :func:`extract` chose, and the signals the refusal decision uses.

    ``short`` is the span of ``sentences[lead]`` that answers the question, when the
    answer type yields one: the best unit, or another quoted sentence that holds the
    asked type or a clearly better candidate (answer/quoted.py).
    """

    sentences: tuple[Candidate, ...]
    qtype: str
    strength: float
    coverage: float
    dense: float
    short: Span | None = None
    lead: int = 0
    atype: AnswerType = _OTHER
    # Diagnostics of the refusal signal: share of the question's names absent from
    # the passages, and the best unit's own lexical share of the question.
    missing: float = 0.0
    best_lexical: float = 0.0
    # Share of the question's names absent from the best unit and its context.
    unit_missing: float = 0.0
    # What the chosen unit leaves out of the question (answer/refusal.py), when
    # ``extract(..., diagnose=True)`` (benchmarks/refusal_study.py).
    signals: RefusalSignals | None = None


_dense_scaled = E5_QUESTION_SCALE


def _idf(term_sets: Sequence[frozenset[str]]) -> dict[str, float]:
    n = len(term_sets)
    df: dict[str, int] = {}
    for terms in term_sets:
        for t in terms:
            df[t] = df.get(t, 0) + 1
    return {t: math.log(1.0 + (n + 1) / (d + 0.5)) for t, d in df.items()}


def _missing_names(question: str, hits: Sequence[Hit]) -> float:
    """Share of the question's Latin names that none of ``hits`` contains (0 if none)."""
    from notelens.answer.evidence import names_missing

    return names_missing(question, " ".join(f"{h.heading} {h.text}" for h in hits))


def _numberless_note(kind: str, best: Candidate) -> bool:
    """Whether a number question's best unit is a note unit (see :data:`NUMBER_PENALTY`);
    called only when that unit holds no number."""
    return kind == "number" and best.unit is not None and best.unit.kind != "sentence"


def evidence_strength(coverage: float, dense: float) -> float:
    """The refusal signal in 0..1: question coverage of the best passage and cosine."""
    return 0.6 * coverage + 0.4 * dense


_INJECTION_Q_RE = re.compile(
    r"inject|jailbreak|ignore (?:all|previous)|prompt attack|인젝션|프롬프트\s*주입|탈옥"
    r"|악성\s*프롬프트",
    re.I,
)


def quotable(hit: Hit, question: str) -> bool:
    """Whether an answer may quote ``hit``: not when the ingest guard flagged injected
    instructions in it, unless the question asks about such text."""
    if not any(f == "injection" or f.startswith("injection:") for f in hit.flags):
        return True
    return bool(_INJECTION_Q_RE.search(question))


# How much a unit's context (heading path, entry title, table header) counts for the
# question's terms it does not hold itself.
W_CONTEXT_TERMS = 0.8
# Units embedded per question (the best by the cheap scores): bounds e5's cost; more
# when the question and the top passages are in different languages.
DENSE_UNITS = 8
DENSE_UNITS_CROSS = 24
_HANGUL_RE = re.compile(r"[가-힣]")


def _subject(question: str, q_terms: Sequence[str]) -> str:
    """What a definition question asks about: its first name, else its first term."""
    from notelens.answer.grounding import latin_names

    names = sorted(latin_names(question), key=question.lower().find)
    return names[0] if names else (q_terms[0] if q_terms else "")


_CITATION_RE = re.compile(r"\bet al\b|https?://|arxiv", re.I)


def _defines(u: AnswerUnit, subject: str, first_under_label: bool = False) -> bool:
    """Whether ``u`` reads as a definition of ``subject`` ("GQA는 …", "GQA: …", "X is"),
    or is the first line under a heading / label naming it ("### KV cache" then "이전
    토큰들의 key, value를 … 저장해두는 것."), a reference line aside."""
    if u.kind == "definition" and u.term.lower().startswith(subject):
        return True
    if first_under_label and not _CITATION_RE.search(u.text):
        label = u.context.rsplit(" > ", 1)[-1].lower()
        if label.startswith(subject) or label.startswith(f"{subject} ("):
            return True
    low = u.text.lower()
    at = low.find(subject)
    if at < 0 or at > 20:
        return False
    rest = low[at + len(subject) :].lstrip(" )")
    return bool(re.match(r"(?:\([^)]*\)\s*)?(?:는|은|이란|란|:|이다|is |are |refers)", rest))


def extract(
    question: str,
    hits: Sequence[Hit],
    *,
    analyzer: Analyzer,
    embedder: Embedder | None,
    max_sentences: int = 3,
    cache: UnitCache | None = None,
    diagnose: bool = False,
) -> Extraction:
    """Choose the answer units for ``question`` from ``hits`` (best first in ``hits``).

    ``cache`` holds the units' terms and vectors between calls (``answer/embedcache.py``);
    without one, nothing is kept beyond this call. ``diagnose`` adds the
    :class:`~notelens.answer.refusal.RefusalSignals` of the chosen unit (a study aid).
    """
    from notelens.analysis.lexicon import note_aliases
    from notelens.answer.align import MemoMorphemes
    from notelens.answer.asked import asked_token
    from notelens.answer.changed import changed_value
    from notelens.answer.container import container_span
    from notelens.answer.date_ranges import range_end
    from notelens.answer.embedcache import UnitCache
    from notelens.answer.empty_cells import EMPTY_CELL_PENALTY, empty_asked_cell
    from notelens.answer.entry_title import asks_entry, entry_of, names_itself
    from notelens.answer.evidence import acronyms, cross_units, is_korean, names_missing
    from notelens.answer.grounding import latin_names
    from notelens.answer.inline_values import inline_value
    from notelens.answer.labels import asked_phrase, translated_label
    from notelens.answer.lists import (
        announces_count,
        asked_heading_items,
        items_lead,
        list_items,
        list_type,
        lists_sentence,
        named_section,
        numbered_heads,
        restated_heading_items,
        restates_list_heading,
    )
    from notelens.answer.member_units import other_members, unframed_lead
    from notelens.answer.members import SIBLING_PENALTY, member_factor, members
    from notelens.answer.numbers import asked_unit
    from notelens.answer.periods import asks_period, closed_range
    from notelens.answer.prose import (
        TYPED_KINDS,
        close_neighbour,
        needs_antecedent,
        penalised_type,
        span_unit,
        tied,
        type_bonus,
    )
    from notelens.answer.qtype import answer_type, asked_kinds, has_evidence
    from notelens.answer.quoted import best_quoted
    from notelens.answer.reach import reachable_total
    from notelens.answer.refusal import (
        entry_factor,
        measure_factor,
        qualifier_factor,
        typed_floor,
        unit_signals,
    )
    from notelens.answer.roles import asked_roles, heading_presenter, role_fit, role_value
    from notelens.answer.span import column_for, short_answer
    from notelens.answer.transcript import answer_turns
    from notelens.answer.unit_qualifiers import unquoted_factor
    from notelens.answer.units import build_units, reads_as_sentence
    from notelens.answer.unsettled import open_factor
    from notelens.answer.unwritten import unwritten_factor
    from notelens.answer.verdicts import states_verdict

    # A name typed in Hangul that the evidence writes in Latin letters is read in the
    # evidence's spelling (친칠라 -> Chinchilla; analysis/loanwords.py).
    question = latin_spelling(question, [h.text for h in hits], analyzer.terms)
    qtype = question_type(question)
    atype = list_type(question, answer_type(question))
    q_terms = list(dict.fromkeys(analyzer.terms(question)))
    all_q_terms = q_terms
    # Words that frame the question ("which … are listed", "according to", "적혀 있어")
    # say nothing of the answer: a unit "listing" something is not the list asked for.
    if any(t not in FRAMING_TERMS for t in q_terms):
        q_terms = [t for t in q_terms if t not in FRAMING_TERMS]
    day_noun = asked_day_noun(question)
    if day_noun is not None and any(t != day_noun for t in q_terms):
        q_terms = [t for t in q_terms if t != day_noun]
    if cache is None:
        cache = UnitCache(analyzer, embedder, size=0)
    raw: list[tuple[int, AnswerUnit]] = []
    # Every unit's and context's terms (quoted or not): their union is the passage's
    # term set for the refusal signal, so the passage is not analysed a second time.
    seen: list[list[str]] = [[] for _ in hits]
    # An entry title answers "which paper / model", and holds the org, authors or date
    # in its parentheses; for other questions it is only context for its bullets.
    # A question describing a bullet and asking for its entry (answer/entry_title.py).
    entry_asked = asks_entry(question, atype)
    title_ok = atype.kind in ("title", "name", "org", "date") or entry_asked
    first_under: set[int] = set()  # indices in ``raw`` of the first unit under a label
    for hi, hit in enumerate(hits):
        if not quotable(hit, question):
            continue
        prev: AnswerUnit | None = None
        for u in build_units(hit.text, hit.heading):
            after_label = prev is None or prev.kind == "summary"
            prev = u
            seen[hi] += [u.text, u.context]
            if u.kind == "summary" or (
                u.kind == "title" and not title_ok and not reads_as_sentence(u.text)
            ):
                continue
            if len(u.text) >= _MIN_SENTENCE_CHARS // 2:
                if after_label:
                    first_under.add(len(raw))
                raw.append((hi, u))
    if not raw:
        return Extraction((), qtype, 0.0, 0.0, 0.0, atype=atype)
    texts = [u.text for _, u in raw]
    all_texts = list(dict.fromkeys([*texts, *(t for ts in seen for t in ts)]))
    all_texts += [h.heading for h in hits if h.heading not in all_texts]
    # The "한국어 (English)" pairs the evidence writes: analysed in the same batch.
    aliases = note_aliases(h.text for h in hits)
    all_texts += [x for pair in aliases for x in pair if x not in all_texts]
    # The labels of definition lines, and the noun the question asks for: a label that
    # translates it is the asked column (answer/labels.py).
    phrase = asked_phrase(question)
    all_texts += [u.term for _, u in raw if u.term and u.term not in all_texts]
    all_texts += [phrase] if phrase and phrase not in all_texts else []
    all_terms = dict(zip(all_texts, cache.terms(all_texts), strict=True))
    term_sets = [all_terms[t] for t in texts]
    ctx_sets = [all_terms[u.context] for _, u in raw]
    passage_terms = [
        frozenset().union(all_terms[h.heading], *(all_terms[t] for t in seen[hi]))
        for hi, h in enumerate(hits)
    ]
    # The question's numbers that are not part of the passages' heading paths ("시즌4" is
    # the topic; "9주차" picks the row).
    in_headings = frozenset().union(*(all_terms[h.heading] for h in hits))
    anchors = {t for t in q_terms if t.isdigit() and len(t) <= 4 and t not in in_headings}
    paths = folder_paths(question)
    idf = _idf(term_sets)
    max_idf = math.log(1.0 + (len(texts) + 1) / 0.5)
    # The question's terms in the other language (analysis/lexicon.py): a unit holding
    # a translation matches the term, at W_TRANSLATED of its weight.
    alts = translations(q_terms, analyzer, [(all_terms[a], all_terms[b]) for a, b in aliases])
    # A question term absent from every candidate gets the largest weight: missing it
    # is what makes evidence weak (a translated term weighs what its translation does).
    q_weights = {t: _term_weight(t, alts[t], idf, max_idf) for t in q_terms}
    q_total = sum(q_weights.values()) or 1.0
    q_set = set(q_terms)
    wants_title = atype.kind in ("title", "name")
    subject = _subject(question, q_terms)
    asked = asked_terms(question)
    kinds = asked_kinds(question, atype)

    has_names = bool(latin_names(question))
    list_sizes = Counter(
        (hi, u.context) for hi, u in raw if u.kind in ("item", "definition", "row")
    )
    # An acronym of the question ("RPO") that a unit's entry spells out ("Iterative
    # Reasoning Preference Optimization > notes") is a term of its context.
    spelled = acronyms(question) & q_set
    # A unit in the other language than the question is ranked by its share of the
    # terms it can hold at all (answer/reach.py); the refusal signal keeps the plain share.
    other = cross_units(question, [u.text for _, u in raw])
    reach_total = (
        reachable_total(
            q_weights,
            alts,
            is_korean(question),
            " ".join(sorted(latin_names(question))),
            W_UNREACHABLE,
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
        lex.append((own + W_CONTEXT_TERMS * ctx) / q_total)
        lex_rank.append(lex[-1] * q_total / reach_total if other[i] else lex[-1])
    top_lexical = max(lex)
    # The question's names and longer terms: a unit's "person" token that is the
    # question's own subject is no answer-type evidence.
    q_names = [t for t in q_terms if len(t) > 1]
    period = asks_period(question)
    # A row's cells name or count: a reason is no cell lookup ("Why was week 9's presenter
    # changed?" asks the change log, not the presenter's cell). ("방식은?" over a table
    # asks which setting, a cell: a method question may still read a row.)
    lookups = (
        {} if atype.kind == "reason" else _row_lookups(question, raw, q_set, alts, kinds, cache)
    )
    asked_set = all_terms[phrase] & q_set if phrase else frozenset()
    sibling = other_members(members(question), [u for _, u in raw])
    roles = asked_roles(question) if "person" in kinds else frozenset()
    unit_asked = asked_unit(question) if atype.kind in ("number", "size") else None
    cheap: list[float] = []
    for i, (hi, u) in enumerate(raw):
        terms = term_sets[i]
        lexical = lex[i]
        prior = 1.0 / (1.0 + 0.5 * hi)
        s = W_LEXICAL * lex_rank[i] + W_PRIOR * prior
        # A row with a column of the asked type is read from that column alone
        # (answer/rows.py): a title "Scaling Laws" in another cell is no person.
        row_typed = row_type_bonus(kinds, u, atype.kind in TYPED_KINDS) if u.cells else None
        typed = (
            row_typed
            if row_typed is not None
            else type_bonus(atype.kind, kinds, u, lexical, top_lexical, q_names)
        )
        if not typed and states_when(atype.kind, u):
            # Only the heading path says when ("… > 2nd week (10/9)"): the entry under
            # it answers a week / date question as a unit writing one would.
            typed = 1.0
        clock = clock_typed(question, u) if atype.kind in ("date", "number", "other") else None
        if clock is not None:
            # "What time …?": a line holding an hour, not a session row's date.
            typed = clock
        if u.cells and atype.kind == "reason":
            # A row names and counts; it never says why ("3주차 발표자가 왜 바뀌었어?" is
            # answered by the change log, not by week 3's row).
            typed = -1.0
        elif period:
            # "기간은? / 언제부터 언제까지?": a line writing both ends, not a session's
            # single date (a duration, "보관 기간은?" over "kept 30 days", keeps its
            # number type: only a date question's single dates lose theirs).
            if closed_range(u.text) is not None:
                typed = max(typed, 2.0)
            elif atype.kind == "date":
                typed = 0.0
        s += W_TYPE * typed
        if i in lookups:
            s += W_ROW_LOOKUP
        s += W_TYPE * states_verdict(question, u)  # "젤 좋았던 설정" -> "…가 최고" (verdicts.py)
        if fit := role_fit(u, roles):  # "Transcribed by: …", not a 발표자 column (roles.py)
            s += W_ROLE * fit
        elif phrase and u.term and translated_label(u, all_terms[u.term], asked_set, alts):
            s += W_LABEL
        if not typed and u.kind != "sentence" and penalised_type(atype.kind, u, False):
            s -= W_TYPE_MISS
        if unit_asked is not None and u.kind != "sentence":
            # A note line (bullet, row, labelled line) in the asked measure; prose is
            # left to the aligners. A row's other columns ("응답 시간: 2.6s") say
            # nothing against it: it only gains.
            fit = unit_asked.fit(u.text)
            s += W_UNIT_FIT * (max(fit, 0) if u.cells else fit)
        # A unit that only repeats the question adds nothing; an entry title is the
        # answer only when a title or a name is asked for.
        if not terms - q_set:
            s *= 0.5
        if u.kind == "title" and not title_ok and not reads_as_sentence(u.text):
            s *= 0.8
        elif u.kind == "title" and not wants_title and atype.kind not in ("org", "date"):
            # An entry title holds the org / date in its parentheses ("(Zhang et al.,
            # Scale AI)"); for other questions a statement-like parent is content.
            s *= 0.8 if not reads_as_sentence(u.text) else 1.0
        if anchors and u.kind != "sentence":
            # The question's numbers ("9주차", "W18", "GPT-3 175B") select the row or
            # entry it asks about among siblings that share everything else (in prose a
            # date the question repeats is mostly in the sentence before the answer).
            s += W_ANCHOR * len(anchors & terms) / len(anchors)
        if sibling[i]:
            s -= W_OTHER_MEMBER
        if paths and u.kind != "sentence":
            # "the /other folder": a path the question writes selects the entry (and the
            # bullets under it) that writes it; the analyzer may drop its word ("other"
            # is a stopword), so it is matched as written.
            where = f"{u.context} {u.text}".lower()
            s += W_ANCHOR * sum(p in where for p in paths) / len(paths)
        if atype.kind == "definition" and subject and _defines(u, subject, i in first_under):
            s += W_TYPE * 2
        elif defines_asked(u, asked, i in first_under):
            # "X가 뭐지?" / "How does X work?" of any question type: the line defining X
            # itself (answer/defined.py), not one defining another term that names X.
            s += W_TYPE * 2
        elif defines_other(u, asked):
            s -= W_TYPE
        if atype.kind == "list" and (
            (u.kind != "sentence" and (list_sizes[(hi, u.context)] >= 2 or enumerates(u.text)))
            or (u.kind == "sentence" and lists_sentence(u.text, atype.count, question))
        ):
            # "Which defenses are listed?": an item of a list answers, with its siblings;
            # so does a lone bullet that lists the items itself ("8B / 70B 공개, …"), and
            # prose that does ("첫째, …", "A 41%, B 33%, C 24%, D 19%": answer/lists.py).
            s += W_TYPE * 2
        if atype.kind == "list" and announces_count(question, u.text, atype.count):
            # "기준 세 가지는?" over "측정 기준은 세 가지로 정했다: A, B, 그리고 C": the line
            # naming the asked list by its size is that list (answer/lists.py).
            s += W_TYPE * 2
        if has_names:
            # The question's names (model, paper, dataset) in the unit or its context
            # single out the entry it asks about among its neighbours.
            s += W_NAMES * (1.0 - names_missing(question, f"{u.context} {u.text}"))
        if u.kind == "row" and column_for(atype.kind, u.cells):
            # The table has a column for what is asked (발표자 / Speaker for "who").
            s += W_TYPE
        cheap.append(s)

    order = sorted(range(len(raw)), key=lambda i: -cheap[i])
    # Across languages the lexical signal is weak: e5 looks at more units, and at the
    # best units written in the other language whatever their lexical score.
    q_ko = _HANGUL_RE.search(question) is not None
    cross = any((_HANGUL_RE.search(h.text) is not None) != q_ko for h in hits[:2])
    dense_ids = list(
        dict.fromkeys(
            dense_candidates(cheap, order, DENSE_UNITS_CROSS if cross else DENSE_UNITS)
            + [i for i in order if other[i]][:DENSE_UNITS]
        )
    )
    cos_all = np.full(len(raw), DENSE_LO, dtype=np.float32)
    if embedder is not None:
        qv = cache.query(question)
        sv = cache.vectors([_dense_text(raw[i][1]) for i in dense_ids])
        cos_all[dense_ids] = sv @ qv
    dense = [_dense_scaled(float(c)) for c in cos_all]
    # A unit in the other language cannot share the question's words: its cosine
    # stands in for the lexical overlap it lacks.
    base = [
        cheap[i]
        + W_DENSE * dense[i]
        + (W_CROSS * max(0.0, dense[i] - lex_rank[i]) if other[i] else 0)
        for i in range(len(raw))
    ]
    scores = list(base)
    for i, (hi, u) in enumerate(raw):
        # Neighbours in the same passage lend a share of their score.
        for j in (i - 1, i + 1):
            if 0 <= j < len(raw) and raw[j][0] == hi and abs(raw[j][1].position - u.position) == 1:
                scores[i] += W_CONTEXT * max(0.0, base[j] - base[i])
    # "Q3 (…): …?" restates the question; the "A (…): …" turn after it answers (transcript.py).
    scores = answer_turns(question, raw, scores)
    cands = [
        Candidate(hi, u.position, u.text, term_sets[i], lex[i], dense[i], scores[i], u)
        for i, (hi, u) in enumerate(raw)
    ]
    order = sorted(range(len(cands)), key=lambda i: -cands[i].score)

    best = cands[order[0]]
    chosen = [best]
    source = best  # the unit the short answer is cut from
    sib: Candidate | None = None  # a sibling bullet quoted as the lead (answer/siblings.py)
    # The best sentence's morphemes serve the antecedent check and the short answer.
    morphs = MemoMorphemes(analyzer)
    covered = {t for t in q_terms if t in best.terms}
    for i in order[1:]:
        if len(chosen) >= max_sentences:
            break
        c = cands[i]
        if c.score < 0.85 * best.score:
            break
        gain = sum(q_weights[t] for t in q_terms if t in c.terms and t not in covered)
        if gain / q_total >= 0.2 or tied(best, c, all_q_terms):
            chosen.append(c)
            covered |= {t for t in q_terms if t in c.terms}
    if best.unit is not None and best.unit.kind == "sentence":
        asks = asked_token(question, atype.kind, q_names)
        # Room for the runner-up is judged before the antecedent below is added: that
        # one is quoted for the pronoun, beyond ``max_sentences``.
        room = len(chosen) < max_sentences
        if needs_antecedent(best.text, morphs):
            # "He is also the oldest …": the sentence before says who (answer/prose.py).
            # Quoted before the runner-up is looked for, so that slot goes to the other
            # side rather than to the sentence already quoted for its pronoun.
            chosen += [
                c
                for c in cands
                if c.hit_index == best.hit_index
                and c.position == best.position - 1
                and c not in chosen
            ][:1]
        if room:
            # A prose runner-up right beside the best sentence is quoted too
            # (answer/prose.py).
            # (Given what the question asks, answer/asked.py: a sentence holding it is
            # the runner-up when the best one does not.)
            nb = close_neighbour(best, cands, chosen, None if asks is None else _holds(asks))
            chosen += [nb] if nb is not None else []
        # The short answer comes from another quoted sentence when only it holds the
        # asked type: the close neighbour first, then the others by score (the answer
        # quotes them; "the right passage, the wrong sentence" is the class of misses).
        quoted = sorted(
            (
                c
                for c in chosen
                if c is not best and c.unit is not None and c.unit.kind == "sentence"
            ),
            key=lambda c: (
                abs(c.position - best.position) != 1 or c.hit_index != best.hit_index,
                -c.score,
            ),
        )
        source = span_unit(atype.kind, best, quoted, q_names, asks)
        if source is best:
            # Otherwise the aligners' candidates of all quoted sentences compete, the
            # best sentence's with a head start (answer/quoted.py).
            pick = best_quoted(
                question, atype.kind, [best.text] + [c.text for c in quoted], q_set, morphs
            )
            source = quoted[pick - 1] if pick else best
    else:
        # A bullet that restates the question beside the one holding the asked number
        # (answer/siblings.py): that one is quoted too and the short answer is its.
        sib = typed_sibling(atype.kind, best, cands, q_names)
        if sib is not None:
            if sib not in chosen:
                chosen = [*chosen[: max_sentences - 1], sib]
            source = sib
    # "What should I check before trusting a benchmark number?" over the items of
    # "Checklist before trusting a benchmark number": the question restates a heading
    # that names a list, and asks for its items (answer/lists.py).
    listed = atype.kind == "list" or (
        atype.kind == "other"
        and best.unit is not None
        and restates_list_heading(
            question, best.unit, list_sizes[(best.hit_index, best.unit.context)], LIST_LEAD_ITEMS
        )
    )
    if listed and best.unit is not None:
        # "The four stages": the best unit's siblings (same passage, same parent) are
        # the other items of the list.
        # Without a count ("which defenses are listed?") the whole list, up to
        # LIST_ITEMS items.
        want = max(atype.count or LIST_ITEMS, len(chosen))
        items = [c for c in list_items(best, cands, want) if c not in chosen]
        chosen += items[: max(0, want - len(chosen))]
        heads = numbered_heads(best, cands, atype.count)
        if heads is not None:
            # "구성 요소 네 가지": the four numbered lines, not one of them with its
            # details (answer/lists.py).
            chosen = heads
            source = chosen[0]
        section = (
            named_section(question, hits)
            or asked_heading_items(question, hits, best.hit_index)
            # (Not over a best line that lists the items itself: "bias 유형을 position,
            # length, … 4가지로 나눔" is the answer, not another note's "Judge bias" week.)
            or (
                None
                if enumerates(best.text)
                else restated_heading_items(question, hits, best.hit_index, LIST_LEAD_ITEMS)
            )
        )
        if section is not None:
            # "the papers of the Pruning section": that section's entry titles.
            hi, titles = section
            chosen = [
                Candidate(hi, t.position, t.text, frozenset(), 0.0, 0.0, best.score, t)
                for t in titles[:want]
            ]
            source = chosen[0]
    # "한국어 OCR 88.5% 나온 모델 이름?", "… 줄인 논문": the question describes a bullet
    # and asks for the entry title above it (answer/entry_title.py).
    entry = (
        entry_of(best, cands)
        if source is best and entry_asked and not names_itself(question, atype, best.text)
        else None
    )
    if entry is not None:
        chosen = [entry, *(c for c in chosen if c is not entry)][:max_sentences]
        chosen += [best] if best not in chosen else []
        source = entry
    chosen.sort(key=lambda c: (c.hit_index, c.position))
    lead = chosen.index(source)
    looked_up = next((lk for i, lk in lookups.items() if raw[i][1] is source.unit), None)
    short = lookup_span(source.unit, looked_up) if source.unit and looked_up else None
    if short is None and source.unit is not None:
        # The entry named for the bullet is the title asked for, whatever the wording.
        asked_type = AnswerType("title") if entry is not None else atype
        short = short_answer(question, asked_type, source.unit, q_set, morphs)
        if entry is None and source.unit.kind == "item" and atype.kind in _INLINE_KINDS:
            # "컨텍스트 256K, 라이선스는 Apache 2.0": the value after the asked noun, in
            # a bullet packing several attributes (answer/inline_values.py).
            short = inline_value(question, source.unit.text) or short
    if source.unit is not None and (short is None or not has_evidence(atype.kind, short.text)):
        # "몇 월 몇째 주에 정리했어?": in an archive only the heading path says when (also
        # over a span that is no date or week: "논문" for "몇 주차에 발표해?").
        short = heading_when(atype.kind, source.unit) or short
    if source.unit is not None and atype.kind == "person":
        # "Gorae는 누가 발표했어?": the presenter in the session's heading (answer/roles.py).
        short = heading_presenter(question, source.unit) or short
        short = role_value(roles, source.unit) or short  # "… · Transcribed by: X" (roles.py)
    if source.unit is not None:
        # "GSM8K Platinum은 어느 폴더에 있어?": the folder or section the unit sits under.
        short = container_span(question, source.unit) or short
        # "At what time does the cohort meet?": the hour in the cohort's heading.
        short = heading_time(question, source.unit, short) or short
        # "스터디 기간은?": both ends of the range the unit writes (answer/periods.py).
        short = (closed_range(source.unit.text) if period else None) or short
        # "10,000에서 1,000,000으로 늘렸다": the side of the change asked for.
        short = changed_value(question, source.unit.text, short)
        if atype.kind == "date":
            # "언제 시작해?" over "기간: 2024 1/27 ~": the end of the range asked for.
            short = range_end(question, source.unit.text, short)
    if listed and items_lead(chosen, LIST_LEAD_ITEMS):
        # "The five stages": the items themselves lead the answer, not a phrase of one.
        short = None

    # Refusal signals: coverage of the question by the best passage (with its heading
    # path), and the best question-unit cosine among the top passages.
    # (Over all the question's terms: a framing word the notes lack still counts here.)
    all_weights = {t: idf.get(t, max_idf) for t in all_q_terms}
    all_total = sum(all_weights.values()) or 1.0
    coverage = max(
        (held_weight(all_weights, alts, pt) / all_total for pt in passage_terms),
        default=0.0,
    )
    dense_best = max(dense)
    # Names in the question (Mamba, FAISS, GPT-4) that no top passage mentions are the
    # clearest sign that the notes are about something else.
    # ("몇 GB" asks a measure: "GB" is no name, answer/grounding.py ``latin_names``.)
    missing = _missing_names(question, hits)
    strength = evidence_strength(coverage, dense_best) * (1.0 - NAME_PENALTY * missing)
    best_typed = has_evidence(atype.kind, best.text) or bool(
        best.unit is not None and best.unit.cells and asked_filled(atype.kind, best.unit)
    )
    if penalised_type(atype.kind, best.unit, best_typed):
        # "How many …?" answered by a unit without any number: likely not in the notes.
        # (Also when a sibling bullet holding a number is quoted as the lead: its number
        # is any number beyond the question's, not one of the asked kind.)
        strength *= 1.0 - (NUMBER_PENALTY if _numberless_note(atype.kind, best) else TYPE_PENALTY)
    # The names are read in the sibling quoted as the lead as well ("70B 모델은 …" over
    # the entry's first bullet, its sibling "8B 23%, 70B 38%" answering).
    unit_missing = names_missing(
        question,
        f"{best.unit.context} {best.text}" + (f" {sib.text}" if sib else "")
        if best.unit
        else best.text,
    )
    strength *= 1.0 - UNIT_NAME_PENALTY * unit_missing
    strength *= 1.0 - LEXICAL_PENALTY * max(0.0, LEXICAL_FLOOR - best.lexical) / LEXICAL_FLOOR
    # "몇 fps / 몇 % / how much faster": the best unit must state a number in that measure.
    strength *= measure_factor(question, best.text, best.unit.kind if best.unit else "sentence")
    # "DoRA가 rank 16보다 나았어?" over "… 나은지 확인" under "다음에 해 볼 것": the notes
    # leave open what a yes/no question asks (answer/unsettled.py).
    strength *= open_factor(question, best.text, best.unit.context if best.unit else "")
    # "Gemstone-2 2B" over "9B 모델의 MMLU 71.9", "MATH score" over a GSM8K figure: the
    # quoted units answer for a sibling member or another benchmark (answer/members.py).
    # (With the heading paths and contexts for a counter the units do not write:
    # "… 모임 2기 > 일정" writes the cohort of its rows.)
    sibling_factor = member_factor(
        question,
        "\n".join(c.text for c in chosen),
        "\n".join(
            f"{hits[c.hit_index].heading}\n{c.unit.context if c.unit else ''}" for c in chosen
        ),
        # a number written anywhere in the quoted passages ("틀린 질문 31개의 원인:" over
        # the list of causes) is the notes' own count, not a setting they never tried
        "\n".join(dict.fromkeys(hits[c.hit_index].text for c in chosen)),
    )
    # "시즌4 스터디 발표 순서" over a season-3 unit, season 4 named in passing by another
    # quoted row: the lead answers for the sibling (answer/member_units.py).
    # (Over note units only, as ``unwritten_factor``: a prose sentence names the asked
    # member's siblings as what it is not, "Why is X 8x7B not 56B?" over "… 47B total".)
    if (
        sibling_factor == 1.0
        and best.unit is not None
        and best.unit.kind != "sentence"
        and unframed_lead(question, best.unit, [c.unit for c in chosen if c.unit is not None])
    ):
        sibling_factor = 1.0 - SIBLING_PENALTY
    strength *= sibling_factor
    # "Who was the discussant at session S12?" over the S12 row whose discussant cell
    # is empty: the notes do not say (answer/empty_cells.py).
    if best.unit is not None and empty_asked_cell(question, best.unit):
        strength *= 1.0 - EMPTY_CELL_PENALTY
    # "Llama Guard 2", "시즌5", "405B": a qualified name no top passage writes is a
    # sibling of what the notes hold (answer/refusal.py).
    evidence = "\n".join(f"{h.heading}\n{h.text}" for h in hits)
    strength *= qualifier_factor(question, evidence)
    if best.unit is not None:
        # A bullet or row whose entry names none of the question's key entities that
        # other top passages name answers for a neighbouring entry (answer/refusal.py).
        strength *= entry_factor(question, hits, best.hit_index, best.unit.kind)
        # "… 2048로 바꾼 결과", "flash attention": a number or (in a Korean question)
        # an English term of the question that no top passage writes, over a note unit
        # (answer/unwritten.py).
        held_terms = frozenset().union(*passage_terms)
        strength *= unwritten_factor(
            question, best.unit.kind, evidence, analyzer.terms, held_terms.__contains__, alts
        )
        # "Gaon-2 13B", "BM25에 rerank만 붙인 설정": a qualifier another passage writes and
        # the quoted units with their contexts do not (answer/unit_qualifiers.py).
        # (The unit's whole line too: "s06 rank 64는 6.01로 하락. 과적합 의심: …" states
        # its run in the sentence before the labelled part that answers.)
        lines = hits[best.hit_index].text.split("\n")
        own_line = lines[best.unit.line] if 0 <= best.unit.line < len(lines) else ""
        scope = f"{hits[best.hit_index].heading}\n{best.unit.context}\n{own_line}\n{best.text}" + (
            f"\n{sib.text}" if sib else ""
        )
        strength *= unquoted_factor(question, best.unit.kind, scope, evidence)
        strength = max(strength, typed_floor(question, best.text, best.unit.context))
    signals = None
    if diagnose:
        bi = order[0]
        signals = unit_signals(
            question,
            analyzer,
            hits,
            best.hit_index,
            f"{best.unit.context if best.unit else ''}\n{best.text}",
            all_weights,
            term_sets[bi] | ctx_sets[bi] | all_terms[hits[best.hit_index].heading],
            passage_terms[best.hit_index],
        )
    return Extraction(
        sentences=tuple(chosen),
        qtype=qtype,
        strength=strength,
        coverage=coverage,
        dense=dense_best,
        short=short,
        lead=lead,
        atype=atype,
        missing=missing,
        best_lexical=best.lexical,
        unit_missing=unit_missing,
        signals=signals,
    )


def _holds(asks: Callable[[str], bool]) -> Callable[[Candidate], bool]:
    """``asks`` (a test of a sentence's text) as a test of a candidate."""
    return lambda c: asks(c.text)


def _row_lookups(
    question: str,
    raw: Sequence[tuple[int, AnswerUnit]],
    q_set: set[str],
    alts: dict[str, frozenset[str]],
    kinds: Sequence[Kind],
    cache: UnitCache,
) -> dict[int, RowLookup]:
    """The table rows among ``raw`` that the question reads as lookups (answer/rows.py),
    by their index in ``raw``; their cells are analysed in one batch."""
    rows = [(i, u) for i, (_, u) in enumerate(raw) if u.kind == "row" and u.cells]
    if not rows:
        return {}
    from notelens.answer.extreme_rows import extreme_lookups
    from notelens.answer.grounding import latin_names

    cells = list(dict.fromkeys(x for _, u in rows for pair in u.cells for x in pair if x))
    terms = dict(zip(cells, cache.terms(cells), strict=True))
    q_all = frozenset(q_set).union(*alts.values())
    names = latin_names(question)
    tables: dict[tuple[int, str], list[int]] = {}
    for i, u in rows:
        tables.setdefault((raw[i][0], u.context), []).append(i)
    out: dict[int, RowLookup] = {}
    for members in tables.values():
        table = [raw[i][1] for i in members]
        # "응답 시간이 제일 오래 걸린 설정은?": a superlative reads the whole table, its
        # row is the one with the extreme value (answer/extreme_rows.py).
        found = extreme_lookups(table, question, q_all, terms) or table_lookups(
            table, question, q_set, q_all, names, kinds, terms
        )
        out.update({members[r]: lk for r, lk in found.items()})
    return out


def spelled_out(acronyms: frozenset[str] | set[str], unit: AnswerUnit) -> frozenset[str]:
    """The ``acronyms`` (lowercased question terms) that ``unit``'s text or context
    spells out in full (``answer/evidence.py`` :func:`acronym_present`)."""
    if not acronyms:
        return frozenset()
    from notelens.answer.evidence import acronym_present

    where = f"{unit.context} {unit.text}".lower()
    return frozenset(a for a in acronyms if acronym_present(a, where))


def translations(
    q_terms: Sequence[str],
    analyzer: Analyzer,
    aliases: Sequence[tuple[frozenset[str], frozenset[str]]] = (),
) -> dict[str, frozenset[str]]:
    """Each question term's translations: the general lexicon plus ``aliases``, the
    analysed "한국어 (English)" pairs the evidence itself writes (``analysis/lexicon.py``)."""
    from notelens.analysis.lexicon import general_lexicon

    lexicon = general_lexicon(analyzer)
    if aliases:
        lexicon = lexicon.with_aliases(aliases)
    q_set = frozenset(q_terms)
    return {t: lexicon.alternatives(t) - q_set for t in q_terms}


def held_weight(
    weights: dict[str, float], alternatives: dict[str, frozenset[str]], terms: frozenset[str]
) -> float:
    """The weight of the question's terms that ``terms`` (a unit's, or a whole passage's
    for the refusal signal's coverage) holds: a term held only in the other language
    (analysis/lexicon.py) counts :data:`W_TRANSLATED` of its weight. The unit scorer and
    the coverage count alike, so an English question over a Korean note is not
    "uncovered" after its units matched it."""
    return sum(
        w if t in terms else W_TRANSLATED * w
        for t, w in weights.items()
        if t in terms or not alternatives.get(t, frozenset()).isdisjoint(terms)
    )


def _term_weight(
    term: str, alternatives: frozenset[str], idf: dict[str, float], max_idf: float
) -> float:
    if term in idf:
        return idf[term]
    present = [idf[a] for a in alternatives if a in idf]
    return min(present) if present else max_idf


# A unit whose cheap score trails the best one's by more than this cannot overtake it
# with e5's share (at most W_DENSE, plus a neighbour's lift), so it is not embedded.
DENSE_MARGIN = W_DENSE * (1.0 + W_CONTEXT)


_PATH_RE = re.compile(r"(?<![\w/:.])/[\w][\w.-]*(?:/[\w][\w.-]*)*")


def folder_paths(question: str) -> list[str]:
    """The folder or file paths a question writes ("/other", "/rag/ko"), lower-cased;
    "MQA/GQA" and URLs are not paths."""
    return list(dict.fromkeys(m.group(0).lower() for m in _PATH_RE.finditer(question)))


_ENUM_SEP_RE = re.compile(r"\s/\s|,\s|·|、")


def enumerates(text: str) -> bool:
    """Whether a bullet lists several things itself: "A / B", "A, B, C" (two separators,
    or one " / " between short parts). A note writes a list inside one bullet as often
    as one bullet per item."""
    seps = _ENUM_SEP_RE.findall(text)
    return len(seps) >= 2 or any(s.strip() == "/" for s in seps)


def dense_candidates(cheap: Sequence[float], order: Sequence[int], limit: int) -> list[int]:
    """The units worth an e5 call: the ``limit`` best by the cheap scores, less those
    that trail the best by more than :data:`DENSE_MARGIN` (the best is always kept, as
    its cosine feeds the refusal signal)."""
    top = cheap[order[0]]
    return [i for i in order[:limit] if cheap[i] >= top - DENSE_MARGIN]


def _dense_text(u: AnswerUnit) -> str:
    """What e5 sees of a unit: the innermost context (entry title / header) and the text."""
    ctx = u.context.rsplit(" > ", 1)[-1] if u.context else ""
    return f"{ctx}: {u.text}" if ctx and u.kind != "title" else u.text
