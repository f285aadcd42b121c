"""The answer-type bonus of a unit, with prose sentences kept on the sentence path.

In a note, the unit that holds a token of the asked type (the number, the week, the
speaker) is usually the answer: a bullet under the right entry. In encyclopedia-style
prose it is not: a paragraph has many sentences with a year or a name, and the one
that answers is the one that also holds the question's words. A full bonus there made
the scorer prefer a sibling sentence holding *some* number over the answering one
(KorQuAD containment 0.910 → 0.893, XQuAD 0.850 → 0.827; docs/benchmarks.md, "Answers on
prose"). So for a prose ``sentence`` the typed bonus beyond the single one the sentence
scorer always had is granted only when the sentence covers the question about as well
as the best unit does (:data:`COVER_SHARE`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from typing import Protocol, TypeVar

from notelens.analysis.lang import has_hangul
from notelens.answer.qtype import Kind, has_evidence
from notelens.answer.units import AnswerUnit

#: Kinds whose token *is* the answer (a unit without one cannot hold the short answer).
TYPED_KINDS: frozenset[Kind] = frozenset(
    {"week", "date", "size", "number", "person", "org", "title", "name", "place"}
)
#: A prose sentence gets the extra typed bonus only with at least this share of the
#: best unit's lexical coverage of the question.
COVER_SHARE = 0.8


def without(text: str, q_words: Collection[str]) -> str:
    """``text`` with the question's own words blanked: "김영수" in a sentence is no
    person token for "김영수가 만난 연구자의 이름은?", it is the question's subject."""
    words = sorted((w for w in q_words if len(w) > 1), key=len, reverse=True)
    if not words:
        return text
    return re.sub("|".join(re.escape(w) for w in words), " ", text, flags=re.I)


def type_bonus(
    kind: Kind,
    kinds: Sequence[Kind],
    unit: AnswerUnit,
    lexical: float,
    top_lexical: float,
    q_words: Collection[str] = (),
) -> float:
    """How many ``W_TYPE`` a unit earns for holding tokens of the asked type(s).

    One for a token of ``kind``; for typed kinds one more, and one per further kind
    asked ("… and in which week?") that the unit holds. A prose sentence earns the
    extra ones only when its ``lexical`` share is within :data:`COVER_SHARE` of
    ``top_lexical``, the best unit's. Tokens that are the question's own words
    (``q_words``) do not count.
    """
    text = without(unit.text, q_words)
    type_ok = has_evidence(kind, text)
    bonus = float(type_ok)
    if kind not in TYPED_KINDS:
        return bonus
    extra = float(type_ok) + sum(has_evidence(k, text) for k in kinds[1:])
    if unit.kind == "sentence" and lexical < COVER_SHARE * top_lexical:
        extra = 0.0
    return bonus + extra


#: Kinds whose token the refusal signal requires in the best unit (extractive.py's
#: TYPE_PENALTY). Names (person, org) are found by note patterns ("김택민",
#: "Hoffmann et al.", a known lab) that prose does not follow ("the Pittsburgh
#: Steelers", "Miller"), so a prose sentence is not penalised for lacking one.
PENALISED_KINDS: frozenset[Kind] = frozenset({"week", "date", "size", "number", "person", "org"})
_PROSE_NAME_KINDS: frozenset[Kind] = frozenset({"person", "org"})


def penalised_type(kind: Kind, unit: AnswerUnit | None, has_token: bool) -> bool:
    """Whether the best unit's missing answer-type token should weaken the evidence."""
    if kind not in PENALISED_KINDS or has_token:
        return False
    return not (unit is not None and unit.kind == "sentence" and kind in _PROSE_NAME_KINDS)


_LEAD = r"^\s*(?:(?:또한|이후|그러나|하지만|한편|그리고|Also|However|Later|Then),?\s+)?"
_EN_PRONOUN_START = re.compile(
    _LEAD + r"(?:He|She|It|They|His|Her|Its|Their|This|These|Those|The latter|The former)\b"
)
_KO_PRONOUN_START = re.compile(
    _LEAD + r"(?:그|그녀|그들|이들|이것|그것|이)(?:는|은|가|의|를|도|에게)\s"
)


def needs_antecedent(text: str, analyzer: object) -> bool:
    """Whether a prose sentence leans on the one before it for what it is about.

    It opens with a pronoun ("He is also the oldest quarterback …", "그는 …"), or, in
    Korean, names no subject or topic at all ("1989년 2월 15일 … 지명수배되었다.": who
    was is in the sentence before). Such a sentence answers "who …?" only together
    with its predecessor, so the extractor quotes both.
    """
    if _EN_PRONOUN_START.match(text) or _KO_PRONOUN_START.match(text):
        return True
    morphemes = getattr(analyzer, "morphemes", None)
    if not has_hangul(text) or morphemes is None:
        return False
    return not any(
        tag == "JKS" or (tag == "JX" and form in ("은", "는"))
        for form, tag, _, _ in morphemes(text)
    )


#: A neighbouring sentence scored at least this share of the best one's is quoted with
#: it (tuned on KorQuAD / XQuAD questions 1-300; docs/benchmarks.md, fourth round).
NEIGHBOUR_SHARE = 0.8
#: The sentence right *after* the best one needs only this share: prose states the topic
#: first and the detail next ("… 의견이 제기되었다. 대표적인 예가 10차 개헌안 발표이다.",
#: "… soon faced 3rd-and-9. On the next play, Miller stripped the ball away from
#: Newton …"), and the detail sentence shares few of the question's words, since the
#: one before already named them. Of the "right passage, wrong sentence" misses on
#: KorQuAD / XQuAD questions 1-300 most held the answer in the next sentence, few in
#: the one before (docs/benchmarks.md, "Short answers, fifth round").
NEXT_SHARE = 0.6


#: How far from the best sentence (in sentences of its passage), and at what share of
#: its score, a sentence holding the asked token is quoted with it (:func:`close_neighbour`;
#: chosen on KorQuAD 1-1000: reach 3 at 0.4 pulled a birth date three sentences off for
#: "언제부터 … 배우기 시작", 0.5 left "… 이라고 부른다" at 0.41 unquoted;
#: docs/benchmarks.md, "Short answers, eleventh round: Korean").
TYPED_REACH = 2
TYPED_SHARE = 0.4


class Scored(Protocol):
    """What :func:`close_neighbour` reads of an extraction candidate."""

    @property
    def hit_index(self) -> int: ...
    @property
    def position(self) -> int: ...
    @property
    def score(self) -> float: ...


S = TypeVar("S", bound=Scored)


def close_neighbour(
    best: S,
    cands: Sequence[S],
    chosen: Collection[S],
    holds: Callable[[S], bool] | None = None,
) -> S | None:
    """The sentence right before or after ``best`` in its passage that scores nearly as
    well (:data:`NEIGHBOUR_SHARE`; the one after: :data:`NEXT_SHARE`), if any: the best
    one's runner-up.

    In prose the answering sentence and its neighbour often share the question's words
    ("… 1955년 프랑스 탐험가가 목재 파편을 발견했다. 스페인 연구소는 그것이 5000년
    전 것이라고 밝혔다."), and the scorer cannot tell which of two close ones holds the
    fact. Quoting both costs one sentence; choosing wrong loses the answer (the largest
    class of prose misses: the right passage, the wrong sentence).

    ``holds`` tests a candidate for a token of what the question asks
    (``answer/asked.py``: a number in the asked counter, a date, a name as called).
    When ``best`` holds none, a sentence up to :data:`TYPED_REACH` away in its passage
    that holds one is the runner-up, at :data:`TYPED_SHARE`: the best sentence restates
    the question, the one that states the fact shares few of its words ("… 관사를
    짓는다." / "… 4층 높이에 …" for "… 관사의 층수는?").
    """
    if holds is not None and not holds(best):
        typed = [
            c
            for c in cands
            if c.hit_index == best.hit_index
            and 0 < abs(c.position - best.position) <= TYPED_REACH
            and c not in chosen
            and c.score >= TYPED_SHARE * best.score
            and holds(c)
        ]
        if typed:
            # The nearest, then the better scored.
            return min(typed, key=lambda c: (abs(c.position - best.position), -c.score))
    near = [
        c
        for c in cands
        if c.hit_index == best.hit_index
        and abs(c.position - best.position) == 1
        and c not in chosen
        and c.score
        >= (NEXT_SHARE if c.position == best.position + 1 else NEIGHBOUR_SHARE) * best.score
    ]
    return max(near, key=lambda c: c.score, default=None)


#: A sentence of the best one's passage that scores at least this share of it is quoted
#: with it even when it adds none of the question's words (tuned on KorQuAD / XQuAD
#: questions 1-300; docs/benchmarks.md, "Short answers, seventh round").
TIE_SHARE = 0.93


class Placed(Scored, Protocol):
    """What :func:`tied` reads of a candidate: its place, score, terms and unit kind."""

    @property
    def unit(self) -> AnswerUnit | None: ...
    @property
    def terms(self) -> frozenset[str]: ...


def says_more(terms: Collection[str], q_terms: Collection[str]) -> bool:
    """Whether ``terms`` hold a word that is not the question's: neither one of
    ``q_terms`` nor a compound of them (the analyzer keeps "티베트고원" whole where the
    question writes "티베트 고원")."""
    q = frozenset(q_terms)

    def composed(word: str) -> bool:
        # Whether ``word`` splits into question terms (a compound of two or more).
        return any(
            word.startswith(t) and (word[len(t) :] in q or composed(word[len(t) :]))
            for t in q
            if 0 < len(t) < len(word)
        )

    return any(t not in q and not composed(t) for t in terms)


def tied(best: Placed, other: Placed, q_terms: Collection[str]) -> bool:
    """Whether ``other`` is a prose sentence of ``best``'s passage that scores all but
    as well (:data:`TIE_SHARE`) and says something beyond the question's words.

    Two sentences of one paragraph that share the question's words score alike
    ("Warsaw's first stock exchange … continued trading until World War II." /
    "Today, the Warsaw Stock Exchange … is the largest market in the region"), and
    the word overlap that picks runners-up elsewhere adds nothing for the second one:
    it repeats the first one's words. The scorer cannot tell which states the fact, so
    both are quoted, wherever the second stands in the passage. A sentence made only of
    the question's words (a title line "티베트고원" for "티베트고원의 면적은?") ties
    on those words alone and states nothing; quoting it would take the last slot from
    a neighbour that holds the answer.
    """
    return (
        says_more(other.terms, q_terms)
        and best.unit is not None
        and other.unit is not None
        and best.unit.kind == "sentence"
        and other.unit.kind == "sentence"
        and other.hit_index == best.hit_index
        and other.score >= TIE_SHARE * best.score
    )


#: Kinds whose tokens the patterns find reliably in prose (digits, dates): a name
#: pattern misses most names a sentence writes ("오마르 알바시르", "Luke Kuechly") and
#: takes some words for names, so it cannot say which of two sentences holds the name.
NUMERIC_KINDS: frozenset[Kind] = frozenset({"week", "date", "size", "number"})


class Texted(Protocol):
    """What :func:`span_unit` reads of a quoted sentence."""

    @property
    def text(self) -> str: ...


T = TypeVar("T", bound=Texted)


def span_unit(
    kind: Kind,
    best: T,
    quoted: Sequence[T],
    q_words: Collection[str],
    holds: Callable[[str], bool] | None = None,
) -> T:
    """The quoted sentence the short answer is cut from: ``best``, unless the question
    asks for a typed token (a date, a number, a name …) that ``best`` lacks (beyond
    the question's own words) and a neighbour quoted with it (:func:`close_neighbour`)
    holds one.

    "When did Polonia Warsaw win the championship prior to 2000?": the best sentence
    restates the question ("… won the Ekstraklasa Championship in 2000."), the next
    one holds the answer ("They also won the country's championship in 1946 …").
    ``holds`` (``answer/asked.py``) is the closer test of the asked token: a quoted
    sentence holding "4층" answers "… 층수는?" over a best one holding "1935년".
    """
    if holds is not None and not holds(best.text):
        typed = next((c for c in quoted if c is not best and holds(c.text)), None)
        if typed is not None:
            return typed
    if kind not in NUMERIC_KINDS or has_evidence(kind, without(best.text, q_words)):
        return best
    return next(
        (c for c in quoted if c is not best and has_evidence(kind, without(c.text, q_words))),
        best,
    )


__all__ = [
    "COVER_SHARE",
    "NEIGHBOUR_SHARE",
    "NEXT_SHARE",
    "NUMERIC_KINDS",
    "PENALISED_KINDS",
    "TIE_SHARE",
    "TYPED_KINDS",
    "TYPED_REACH",
    "TYPED_SHARE",
    "close_neighbour",
    "needs_antecedent",
    "penalised_type",
    "span_unit",
    "tied",
    "type_bonus",
]
