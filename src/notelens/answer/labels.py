"""A labelled line whose label is the question's asked noun in the other language.

Notes write a fact as a labelled line ("org: Northwind AI", "롤백 기준: 잘못된 거절률이
6%를 넘으면 …", "guest: one of the authors", "모델: Tern-7B"), and a question names the
label's thing in its own language ("Kestrel-MoE는 어느 회사에서 만든 모델이야?", "What is
the rollback criterion for the v4 rollout?"). The label shares no word with the question
but the translated one, so a line in the question's own language that restates its
subject ("베이스 모델은 Tern-7B로 확정. Kestrel-MoE는 비교 실험용으로만.") outscores it on
shared words and on e5, whose cosine runs lower across languages than within one.

The label must name what the question asks *for*, not any word of it: "코드: … router.py"
is no answer to "What share of Kestrel-MoE's pretraining data is code?" (code is the
question's condition; share is asked), "train: 512x H100" none to "… 학습에 H100을 몇 장
썼어?" (a count, asked by its counter). :func:`asked_phrase` reads the asked noun from the
question's shape: the noun after "어느 / 어떤 / 무슨" or "which / what", the topic of "X는
뭐야 / 누구야 / 어디야 …", the X of "what is the X (of / for …)". A label is read whole, as
``answer/roles.py`` reads a role: every term of it is a term of the asked phrase or a
translation of one (``analysis/lexicon.py``, with the evidence's own "한국어 (English)"
aliases), so "베이스 모델 후보:" is no answer to "which model" (후보, 베이스 are not asked).
At least one of its terms must be held only through a translation: a label in the
question's own words is already counted by the lexical share.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from notelens.answer.units import AnswerUnit

_I = re.IGNORECASE
#: A noun phrase of one to three words (Hangul, Latin, digits, "@", "-").
_NP = r"[\w@\-]+(?:\s+[\w@\-]+){0,2}?"
_ASKED_RES: tuple[re.Pattern[str], ...] = (
    # "어느 회사에서 만든", "어떤 모델을 골랐어", "무슨 데이터로": the noun after the
    # question determiner (Kiwi drops the particle).
    re.compile(r"(?:어느|어떤|무슨)\s*(?P<np>[가-힣A-Za-z][\w\-]*)"),
    # "롤백 기준은 뭐야?", "S10 게스트는 누구였어?", "모임 장소가 어디야?": the topic of a
    # question word that ends the question (its last two words: "S10에 온 게스트" -> "온
    # 게스트", the verb drops out). "읽기 모임은 어디서 모여?" asks where the group meets:
    # its topic is what is asked about, and the ask goes on past the question word.
    re.compile(
        r"(?P<np>(?:[\w@\-]+\s+)?[\w@\-]+?)(?:은|는|이|가)\s*"
        r"(?:뭐|무엇|뭔|누구|누군|어디|언제|얼마)[가-힣]{0,4}\s*[?？.!]?\s*$"
    ),
    # "What is the rollback criterion for …", "Who was the guest speaker in …": the
    # noun after the copula, up to a preposition or the end.
    re.compile(
        rf"\b(?:what|which|who)(?:'s|\s+(?:is|are|was|were))\s+(?:the\s+|an?\s+)?(?P<np>{_NP})"
        r"(?=\s+(?:of|for|in|on|at|from|with|by|that|when|during|after|before)\b|\s*[?？.]?\s*$)",
        _I,
    ),
    # "Which base model was chosen …", "What hit@5 did … get": the noun the question
    # word determines, up to its verb.
    re.compile(
        rf"\b(?:which|what)\s+(?P<np>{_NP})\s+"
        r"(?:is|are|was|were|did|does|do|has|have|had|can|could|should|will|would)\b",
        _I,
    ),
)
#: Phrases the shapes above read that ask for no noun ("what is it", "which one").
_NOT_ASKED_RE = re.compile(r"^(?:it|this|that|one|ones|kind|type|sort|the)$", _I)


def asked_phrase(question: str) -> str | None:
    """The noun phrase ``question`` asks the value of (see the module docstring), as
    written, or None."""
    for pattern in _ASKED_RES:
        m = pattern.search(question)
        if m is not None and not _NOT_ASKED_RE.match(m.group("np")):
            return m.group("np")
    return None


def translated_label(
    unit: AnswerUnit,
    label_terms: frozenset[str],
    q_terms: frozenset[str],
    alternatives: Mapping[str, frozenset[str]],
) -> bool:
    """Whether ``unit`` is a definition line whose label (its analyzer terms
    ``label_terms``) is made of the asked phrase's terms ``q_terms`` (those of
    :func:`asked_phrase`) and their translations ``alternatives``, one or more of them
    held only through a translation."""
    if unit.kind != "definition" or not unit.term or not label_terms:
        return False
    translated = frozenset().union(*(alternatives.get(t, frozenset()) for t in q_terms))
    if not label_terms <= q_terms | translated:
        return False
    return bool(label_terms - q_terms)


__all__ = ["asked_phrase", "translated_label"]
