"""Refusal signal of a question whose asked value the notes around the answer never write.

``refusal.measure_factor`` and the answer-type factor read the *best unit*: "스터디 발표
시간 몇 분이야?" over the syllabus bullet "2024 3/2 ~" loses ``MEASURE_PENALTY``
for a unit that states no minutes, and stays well above the threshold, since every word
of the question is in the study's note. What tells a near miss from a right answer
quoted from the wrong line is whether the value is written *anywhere near*:

* a **measure** ("몇 분", "몇 %", "how much faster") that no top passage states a
  number in: the notes never give it (a right answer's note writes "발표 40분" in some
  passage retrieval brings, even when the best unit is its neighbour);
* a **date** asked ("언제 작성했어?", "when was … released?") over a note unit whose
  passage, heading path, context and quoted units hold no date at all: a README's folder
  list says nothing about when anything was written (an archive's dates sit in its
  headings, "Weekly digest 2024-W18", which are read too: ``heading_when.py``);
* an **echo**: every quoted unit is a bare name whose terms are all the question's
  ("[Ring Attention 2]", a link a paper list keeps without a summary, for "Ring
  Attention 2 정리 내용 알려줘"): the note holds the name and nothing about it. A
  yes/no question is left alone ("… 목록에 있어?" is answered by the bare name), and
  so is a question of the unit's place ("Under which heading is X listed?").

The first two scale the evidence strength by ``1 - NOWHERE_PENALTY`` (half, the rule of
``unwritten.UNWRITTEN_PENALTY``: a question's fact the evidence does not hold), an echo
by ``1 - ECHO_PENALTY`` (the units answer nothing). Note units
only: prose spells its numbers and dates ("a quarter of an hour", "그해 봄") and states
them in the sentences around, as ``unwritten_factor`` leaves it alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from notelens.answer.strength import Judged

#: Half, as ``unwritten.UNWRITTEN_PENALTY`` (see the module docstring).
NOWHERE_PENALTY = 0.5
#: An echo answers nothing at all: as ``refusal.ATTRIBUTE_PENALTY`` for a unit that names
#: the entry and lacks what is asked, a strength near 1 must fall below the threshold.
ECHO_PENALTY = 0.7

# Terms that carry no fact of their own: a link's brackets, a list's "etc".
_FILLER = frozenset({"etc", "등", "및", "link", "링크"})


def measure_nowhere(question: str, passages: str) -> bool:
    """Whether the question asks a known measure (``refusal.asked_measure`` and
    ``refusal.known_measure``: a typed counter with its ending is none) that
    ``passages`` (the top passages with their heading paths) state no number in."""
    from notelens.answer.refusal import asked_measure, known_measure, measure_stated

    measure = asked_measure(question)
    return measure is not None and known_measure(measure) and not measure_stated(measure, passages)


def date_nowhere(kind: str, scope: str) -> bool:
    """Whether a date question (``kind`` "date") meets a ``scope`` (the best unit's
    passage, heading path, context and the quoted units) that holds no date."""
    from notelens.answer.qtype import has_evidence

    return kind == "date" and not has_evidence("date", scope)


def echoed(
    question_terms: Iterable[str],
    units: Sequence[str],
    terms_of: Callable[[str], Iterable[str]],
) -> bool:
    """Whether every quoted unit (``units``) holds no term beyond the question's
    (``question_terms``; ``terms_of`` gives a text's analyzer terms) and no number the
    question lacks: the units only name what is asked about."""
    asked = {t.lower() for t in question_terms}
    if not units:
        return False
    for text in units:
        terms = {t.lower() for t in terms_of(text)} - _FILLER
        if not terms or terms - asked:
            return False
    return True


def nowhere_factor(
    question: str,
    kind: str,
    unit_kind: str,
    passages: str,
    scope: str,
    echo: bool,
) -> float:
    """For a note unit (``unit_kind``): ``1 - ECHO_PENALTY`` when the quoted units only
    echo the question (``echo``: :func:`echoed`; yes/no questions excepted), ``1 -
    NOWHERE_PENALTY`` when the asked measure is in no top passage (``passages``) or the
    asked date in nothing around the best unit (``scope``); else 1."""
    from notelens.answer.container import asks_container
    from notelens.answer.unsettled import polar

    if unit_kind == "sentence":
        return 1.0
    # (A yes/no question is answered by the bare name, a question of the unit's place,
    # "under which heading is X?", by its context: answer/container.py.)
    if echo and not polar(question) and asks_container(question) is None:
        return 1.0 - ECHO_PENALTY
    if measure_nowhere(question, passages) or date_nowhere(kind, scope):
        return 1.0 - NOWHERE_PENALTY
    return 1.0


def nowhere(j: Judged) -> float:
    """The ``strength.FACTORS`` hook: :func:`nowhere_factor` of the judged choice."""
    best, hits = j.best, j.hits
    if best.unit is None:
        return 1.0
    chosen = j.choice.chosen
    hit = hits[best.hit_index]
    scope = "\n".join(
        [hit.heading, hit.text, best.unit.context]
        + [
            f"{hits[c.hit_index].heading}\n{c.unit.context if c.unit else ''}\n{c.text}"
            for c in chosen
        ]
    )
    echo = echoed(j.q.all_terms, [c.text for c in chosen], j.analyzer.terms)
    return nowhere_factor(j.q.text, j.q.atype.kind, best.unit.kind, j.evidence, scope, echo)
