"""What a question asks, read once before any unit is scored (the first stage of
:func:`notelens.answer.extractive.extract`).

:class:`Asked` holds everything ``extract`` derives from the question alone (and from the
evidence's spelling of its names): the question and answer types, its content terms, and
the flags the unit scorer (``answer/candidates.py``), the choice (``answer/choose.py``),
the short answer (``answer/short_span.py``) and the refusal signal
(``answer/strength.py``) read. Computed once per question, never per unit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from notelens.analysis.base import Analyzer
from notelens.analysis.loanwords import latin_spelling
from notelens.analysis.typos import note_spelling
from notelens.answer.defined import asked_terms
from notelens.answer.entry_title import asks_entry
from notelens.answer.evidence import acronyms
from notelens.answer.extractive import FRAMING_TERMS, folder_paths, question_type
from notelens.answer.focus import asked_focus
from notelens.answer.grounding import latin_names
from notelens.answer.heading_when import asked_day_noun
from notelens.answer.labels import asked_phrase
from notelens.answer.lists import list_type
from notelens.answer.numbers import AskedUnit, asked_unit
from notelens.answer.periods import asks_period
from notelens.answer.qtype import AnswerType, Kind, answer_type, asked_kinds
from notelens.answer.roles import asked_roles
from notelens.types import Hit


@dataclass(frozen=True, slots=True)
class Asked:
    """The question's analysis: what is asked, and which of its words count."""

    # The question with its Hangul-typed names in the evidence's Latin spelling.
    text: str
    qtype: str
    atype: AnswerType
    # Every content term, framing words included (the refusal coverage counts them).
    all_terms: list[str]
    # The terms a unit is scored on: framing words and an asked day noun left out.
    terms: list[str]
    term_set: set[str]
    # A question describing a bullet and asking for its entry (answer/entry_title.py).
    entry_asked: bool
    # Whether an entry title may be quoted at all, and whether one is the answer.
    title_ok: bool
    wants_title: bool
    # What a definition question asks about (:func:`_subject`).
    subject: str
    # The terms a "X가 뭐지?" question asks to be defined (answer/defined.py).
    defined: tuple[str, ...]
    kinds: tuple[Kind, ...]
    has_names: bool
    # The question's names and longer terms: a unit's "person" token that is the
    # question's own subject is no answer-type evidence.
    names: list[str]
    # "기간은? / 언제부터 언제까지?" (answer/periods.py).
    period: bool
    roles: frozenset[str]
    # The measure a number / size question counts in (answer/numbers.py).
    unit: AskedUnit | None
    # Folder or file paths the question writes ("/other").
    paths: list[str]
    # The noun the question asks for, whose translation may label a line (answer/labels.py).
    phrase: str | None
    # An acronym of the question ("RPO") that a unit's entry may spell out.
    spelled: frozenset[str]
    # The relation the question asks about its topic (a limitation, a contrast, …:
    # answer/focus.py), or None.
    focus: str | None = None


def _subject(question: str, q_terms: Sequence[str]) -> str:
    """What a definition question asks about: its first name, else its first term."""
    names = sorted(latin_names(question), key=question.lower().find)
    return names[0] if names else (q_terms[0] if q_terms else "")


def read_question(question: str, hits: Sequence[Hit], analyzer: Analyzer) -> Asked:
    """The analysis of ``question`` over the evidence ``hits``."""
    # A name typed in Hangul that the evidence writes in Latin letters is read in the
    # evidence's spelling (친칠라 -> Chinchilla; analysis/loanwords.py), and a name the
    # evidence misspells in its spelling (Gemini -> Gmeini; analysis/typos.py).
    texts = [h.text for h in hits]
    question = latin_spelling(question, texts, analyzer.terms)
    # (A heading is misspelled as often as a line: "### Flaminog".)
    shown = [f"{h.heading}\n{h.text}" for h in hits]
    question = note_spelling(question, shown, analyzer.terms)
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
    # An entry title answers "which paper / model", and holds the org, authors or date
    # in its parentheses; for other questions it is only context for its bullets.
    # A question describing a bullet and asking for its entry (answer/entry_title.py).
    entry_asked = asks_entry(question, atype)
    q_set = set(q_terms)
    kinds = asked_kinds(question, atype)
    return Asked(
        text=question,
        qtype=qtype,
        atype=atype,
        all_terms=all_q_terms,
        terms=q_terms,
        term_set=q_set,
        entry_asked=entry_asked,
        title_ok=atype.kind in ("title", "name", "org", "date") or entry_asked,
        wants_title=atype.kind in ("title", "name"),
        subject=_subject(question, q_terms),
        defined=asked_terms(question),
        kinds=kinds,
        has_names=bool(latin_names(question)),
        names=[t for t in q_terms if len(t) > 1],
        period=asks_period(question),
        roles=asked_roles(question) if "person" in kinds else frozenset(),
        unit=asked_unit(question) if atype.kind in ("number", "size") else None,
        paths=folder_paths(question),
        phrase=asked_phrase(question),
        spelled=acronyms(question) & q_set,
        focus=asked_focus(question),
    )
