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

:func:`extract` only runs the stages, each in its own module: what the question asks
(``answer/question.py``), the candidate units and their scores with the chain of unit
rules (``answer/candidates.py``), the quoted units (``answer/choose.py``), the short
answer (``answer/short_span.py``) and the refusal signal's factors
(``answer/strength.py``). The weights and penalties stay here, read by the stages at
call time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from notelens.analysis.base import Analyzer
from notelens.analysis.dates import MONTH_NAMES
from notelens.answer.qtype import YEAR_NOUN, AnswerType
from notelens.answer.refusal import RefusalSignals
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
# A note line naming the attribute the question asks the value of, in any spelling of
# the attribute's closed class ("penalty coefficient 0.002" for "길이 penalty 계수가
# 얼마야?": answer/attributes.py), gains this much over its siblings, which share the
# entry's topic words (= W_FOCUS, the other "asks X of its topic" rule).
W_ATTRIBUTE = 0.16
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
# A unit writing the relation the question asks about its topic (a limitation as "비용이
# 많이 들고 … 제한", a comparison won as "…보다 우수", a contrast as "하지만 … 않는다":
# answer/focus.py) gains this much over its siblings under the same heading, which share
# the topic's words but not the relation (chosen on realq's odd ids, docs/benchmarks.md
# "The right line in the right passage, eighteenth round").
W_FOCUS = 0.16
# ... and only when it holds this share of the best unit's lexical share (the topic).
FOCUS_TOPIC = 0.5
# A unit written in the language whose version of the notes the question names ("영어
# 버전 Note에는 …", "ENG 설명에서 …", "the Korean overview note"), the other language than
# the question's: it shares few of the question's words, and a unit that restates the
# question in the question's language wins on overlap (answer/crosslang.py).
W_ASKED_LANGUAGE = 0.2
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


# -- question types ---------------------------------------------------------------------

_QTYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "when",
        re.compile(
            r"\bwhen\b|\bwhat (?:year|date|day|month|century|time)\b|\bwhich (?:year|date)\b"
            rf"|언제|몇\s*년|몇\s*월|며칠|몇\s*일|몇\s*주차|연도|{YEAR_NOUN}|날짜|시기",
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

    @classmethod
    def of_unit(cls, hit_index: int, unit: AnswerUnit, score: float) -> Candidate:
        """``unit`` of passage ``hit_index`` as a candidate the scorer did not rank: no
        matched terms and no lexical or dense signal, at the ``score`` of the candidate it
        stands in for (a rule found it, so its place in the scorer's order is no evidence)."""
        return cls(hit_index, unit.position, unit.text, frozenset(), 0.0, 0.0, score, unit)


_OTHER = AnswerType("other")


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

    The stages, each in its own module: what the question asks (``answer/question.py``),
    the candidate units and their scores (``answer/candidates.py``), which of them are
    quoted (``answer/choose.py``), the short answer (``answer/short_span.py``) and the
    refusal signal (``answer/strength.py``).
    """
    from notelens.answer.aliased_titles import aliased_title
    from notelens.answer.align import MemoMorphemes
    from notelens.answer.candidates import score_units
    from notelens.answer.choose import choose
    from notelens.answer.embedcache import UnitCache
    from notelens.answer.link_answers import link_answer
    from notelens.answer.misspelled import misspelled_answer
    from notelens.answer.note_titles import titled_answer
    from notelens.answer.question import read_question
    from notelens.answer.section_answers import section_answer
    from notelens.answer.section_parts import parts_answer
    from notelens.answer.short_span import cut_short
    from notelens.answer.strength import judge

    q = read_question(question, hits, analyzer)
    if cache is None:
        cache = UnitCache(analyzer, embedder, size=0)
    scored = score_units(q, hits, analyzer, embedder, cache)
    if scored is None:
        return Extraction((), q.qtype, 0.0, 0.0, 0.0, atype=q.atype)
    # One morpheme memo for the antecedent check, the quoted sentences and the span.
    morphs = MemoMorphemes(analyzer)
    choice = choose(q, scored, hits, morphs, max_sentences)
    short = cut_short(q, scored, choice, morphs)
    # "X 링크 알려줘", "arxiv 번호", "full title": a link's target (answer/link_answers.py);
    # else a note named by words of its title, when its title is asked (note_titles.py).
    # "Gemini 철자 어떻게 잘못 써있어?": a name as the notes misspell it (answer/misspelled.py),
    # whatever link or heading the question names besides. (Read off the question as
    # asked: ``q.text`` has its names respelled as the index writes them.)
    linked = misspelled_answer(question, scored, hits, choice) or link_answer(
        q.text, hits, choice, short, scored.cands, analyzer.terms, max_sentences
    )
    titled = None if linked.choice is not choice else titled_answer(q.text, scored, hits, choice)
    # "LLaVA 논문 정식 제목?": a paper's title beside the short name the question writes
    # (answer/aliased_titles.py).
    aliased = (
        None
        if titled is not None or linked.choice is not choice
        else aliased_title(q.text, scored, hits, choice)
    )
    if aliased is not None:
        titled = aliased.choice, aliased.short
    # "X 다음 섹션은?", "마지막 섹션 이름?": a heading of the note's outline, by its
    # place (answer/section_answers.py); "X는 어떤 하위 섹션으로 나뉘어?": the headings
    # below X (answer/section_parts.py).
    if titled is None and linked.choice is choice:
        titled = section_answer(q.text, scored, hits, choice) or parts_answer(
            q.text, scored, hits, choice, max_sentences
        )
    choice, short = titled if titled is not None else (linked.choice, linked.short)
    judged = judge(q, scored, choice, hits, analyzer, diagnose)
    best = scored.cands[scored.order[0]]
    return Extraction(
        sentences=tuple(choice.chosen),
        qtype=q.qtype,
        strength=max(judged.strength, linked.floor, aliased.floor if aliased else 0.0),
        coverage=judged.coverage,
        dense=judged.dense,
        short=short,
        lead=choice.lead,
        atype=q.atype,
        missing=judged.missing,
        best_lexical=best.lexical,
        unit_missing=judged.unit_missing,
        signals=judged.signals,
    )


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
