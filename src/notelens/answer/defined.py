"""The term a "what is X" question asks about, and whether a definition line defines it.

A question that is only about a term ("reasoning trace가 뭐지?", "data attribution이 뭘 하는
거야?", "speculative decoding이 어떻게 동작해?", "What is a reward model?", "How does
speculative decoding work?") is answered by the line that defines that term ("- reasoning
trace: …", "- **Data attribution**: …"), not by a line that defines another term and
names the asked one in its body ("Acceptance length: speculative decoding에서 …"), nor by a
line that only uses it. The question type alone misses many of these (the Korean "뭐지" /
"뭘 하는" / "어떻게 동작" forms read as "other" or "method"), so the asked term is read from
the question's own shape (retrieve/defining.py, shared with the search, which puts the
passages defining the asked term first).
"""

from __future__ import annotations

from notelens.answer.heading_label import inner_label
from notelens.answer.units import AnswerUnit
from notelens.retrieve.defining import asked_terms, cites, defines_line, defines_row
from notelens.retrieve.defining import norm_term as _norm


def _names(label: str, asked: tuple[str, ...]) -> bool:
    """The label is an asked term, or its head ("eviction" for "캐시 eviction")."""
    return any(a == label or (len(label) >= 3 and a.endswith(f" {label}")) for a in asked)


def defines_asked(unit: AnswerUnit, asked: tuple[str, ...], first_under_label: bool) -> bool:
    """Whether ``unit`` defines one of the ``asked`` terms: a definition line labelled
    with the term itself, not a longer one that merely contains it ("KV cache" is not
    defined by "KV cache quantization: …"), the first line under a heading that is
    the term ("### Eval awareness" then "모델이 지금 평가받고 있다는 것을 알아채는 현상."),
    a glossary row of the term, or a line that says what it is ("X — …", "X는 …
    방법이다", "X is a …")."""
    if not asked:
        return False
    if unit.kind == "definition":
        return _names(_norm(unit.term), asked)
    # A reference line under the term's heading ("Ainslie et al., 2023, …") cites the
    # paper; it does not say what the term is.
    if cites(unit.text):
        return False
    if first_under_label and _names(_norm(inner_label(unit.context)), asked):
        return True
    # A glossary row ("용어: GQA · 뜻: …") or a line in one of the other defining shapes
    # ("X — …", "X는 … 방법이다", "X is a …"; retrieve/defining.py).
    return defines_row(unit.cells, asked) if unit.cells else defines_line(unit.text, asked)


def defines_other(unit: AnswerUnit, asked: tuple[str, ...]) -> bool:
    """Whether ``unit`` is a definition line of an unrelated term: for "X가 뭐야?" the line
    "Y: … X에서 …" explains Y, whatever X-words it shares. A label sharing a word with
    the asked term may be its other-language name ("weight-only quantization" for
    "weight-only 양자화") and is not held against it."""
    if not asked or unit.kind != "definition":
        return False
    words = set(_norm(unit.term).split())
    return not any(words & set(a.split()) for a in asked)


__all__ = ["asked_terms", "defines_asked", "defines_other"]
