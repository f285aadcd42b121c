"""A question asking of two named things at once, judged by the one a unit answers for.

"Of SOLAR 10.7B and Llama 2, which has the later upload date?", "DreamBooth랑 ControlNet
연도 비교하면?", "Both Gemini and PaLM-E: which company …?": the question joins two (or
more) names with a conjunction, and the notes write each in its own line (a table's row,
a title, a bullet). The best unit names one of them; the other is then a name the unit
leaves out, and the name factors of ``strength.py`` read that as the unit answering for
a neighbour (``refusal.entry_factor``, ``members.member_factor``,
``unit_qualifiers.unquoted_factor``, the unit's missing names).

:func:`focus` gives the question as asked of the best unit: the joined names that the
unit does not name are taken out, when the unit names another of them and every name
taken out is written in a top passage. A name no passage writes stays (a near miss:
"SOLAR랑 Gemma 2 중 …" over notes without Gemma 2 is still refused by it).
"""

from __future__ import annotations

import re

from notelens.answer.refusal import entity_absent, key_entities

# One name: a Latin word, with the capitalised words, numbers and sizes that qualify it
# ("SOLAR 10.7B", "Llama 2", "Fine-Grained Human Feedback", "PaLM-E").
_NAME = r"[A-Za-z][\w.\-]*(?:[ ](?:[A-Z][\w.\-]*|\d[\w.\-]*))*"
# Two names joined: English "and" / "or" / "vs" / a comma, Korean 랑 / 이랑 / 하고 / 와 /
# 과 / 및 (glued to the first name, or after its "논문" / "모델").
_JOIN = (
    r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|vs\.?|versus)\s+"
    r"|\s*(?:논문|모델|paper)?\s*(?:이랑|랑|하고|와|과)\s+|\s+및\s+)"
)
_PAIR_RE = re.compile(rf"(?<![\w.\-])({_NAME}){_JOIN}({_NAME})(?![\w\-])")


def joined_names(question: str) -> list[str]:
    """The names ``question`` joins with a conjunction, in order (empty if none), each
    holding one of the question's key entities."""
    return _joined(question, key_entities(question, None))


def _joined(question: str, entities: list[str]) -> list[str]:
    """:func:`joined_names` over the question's key ``entities``, read once by the caller."""
    out: list[str] = []
    start = 0
    while (m := _PAIR_RE.search(question, start)) is not None:
        # (A sentence's full stop is no part of the name: "… and Toolformer.")
        for span in (_trimmed(m.group(1), entities), m.group(2).rstrip(".-")):
            if span and _entities(span, entities) and span not in out:
                out.append(span)
        # (The second name may start the next pair: "A, B and C".)
        start = m.start(2)
    return out if len(out) >= 2 else []


def _trimmed(span: str, entities: list[str]) -> str:
    # (A word before the name is no part of it: "Of SOLAR 10.7B", "for CoT", "Both
    # Gemini".)
    words = span.split(" ")
    heads = {e.split()[0] for e in entities}
    while words and words[0].lower() not in heads:
        words.pop(0)
    return " ".join(words)


def _entities(span: str, entities: list[str]) -> list[str]:
    low = f" {' '.join(span.lower().split())} "
    return [e for e in entities if f" {e} " in low or low.strip() == e]


def _written(span: str, text_lower: str) -> bool:
    # The name as the question writes it, its size or version with it ("Llama 2" is not
    # written by "Llama 3").
    return " ".join(span.lower().split()) in text_lower


def focus(question: str, unit_scope: str, evidence: str) -> str:
    """``question`` with the joined names that ``unit_scope`` (the best unit with its
    heading and context) does not name taken out, when it names another of them and
    ``evidence`` (the top passages) writes each name taken out; else ``question``."""
    entities = key_entities(question, None)
    names = _joined(question, entities)
    if not names:
        return question
    scope = " ".join(unit_scope.lower().split())
    named = [n for n in names if not any(entity_absent(e, scope) for e in _entities(n, entities))]
    others = [n for n in names if n not in named]
    if not named or not others:
        return question
    written = " ".join(evidence.lower().split())
    if not all(_written(n, written) for n in others):
        return question
    out = question
    for name in others:
        out = re.sub(rf"(?<![\w.\-]){re.escape(name)}(?![\w\-])", " ", out, count=1)
    return " ".join(out.split())
