"""Which quoted sentence the short answer is cut from (issue #15, eighth round).

The answer quotes up to three sentences, but the short answer used to come from the best
one only (or from its close neighbour when only that holds an asked number,
:func:`notelens.answer.prose.span_unit`). In prose the best-scored sentence often
restates the question while another quoted one states the fact: "the right passage, the
wrong sentence" was about a quarter of the KorQuAD answers that contain the gold but
whose short answer misses it (docs/benchmarks.md, "Short answers, eighth round").

So the aligners' candidates (answer/align_en.py, align_ko.py) of every quoted sentence
compete; the best sentence's keep a head start (:data:`BEST_BONUS`), since the sentence
scorer, which weighs the whole question, chose it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from notelens.analysis.lang import has_hangul
from notelens.answer.qtype import Kind

#: The head start (in aligner score units) of the best sentence's own candidates: another
#: quoted sentence gives the short answer only when its best candidate scores more than
#: this above the best sentence's. Tuned on KorQuAD questions 1-300 (0 / 0.5 / 1 / 1.5 /
#: 2.5: short F1 0.670 / 0.669 / 0.670 / 0.671 / 0.664).
BEST_BONUS = 1.5
#: The English aligner's scores spread wider: below 3 the head start lost on XQuAD 1-300
#: (1.0: short F1 0.520 -> 0.506; 2.5: 0.516); from 3 to 8 it is even (0.520).
BEST_BONUS_EN = 4.0
# Kinds whose short answer is a clause or the sentence itself, not a span an aligner
# scores (answer/span.py returns those from the best sentence or not at all).
_CLAUSE_KINDS: frozenset[Kind] = frozenset({"reason", "method", "definition", "list"})


def top_score(
    question: str, kind: Kind, text: str, q_terms: Collection[str], analyzer: object
) -> float | None:
    """The aligner's score of the best candidate span in ``text`` (``None``: no span,
    or the sentence is not in the question's language)."""
    from notelens.answer.align import en_scored, ko_scored

    ko_q, ko_text = has_hangul(question), has_hangul(text)
    if ko_q != ko_text:
        return None
    scored = (
        ko_scored(question, kind, text, analyzer)
        if ko_text
        else en_scored(question, kind, text, q_terms, analyzer)
    )
    return max((c.score for c in scored), default=None)


def best_quoted(
    question: str,
    kind: Kind,
    texts: Sequence[str],
    q_terms: Collection[str],
    analyzer: object,
    bonus: float | None = None,
) -> int:
    """The index in ``texts`` (``texts[0]``: the best sentence, then the other quoted
    sentences) of the sentence whose best candidate answers: 0 unless another one's
    scores more than ``bonus`` above the best sentence's."""
    if kind in _CLAUSE_KINDS or len(texts) < 2:
        return 0
    if bonus is None:
        bonus = BEST_BONUS if has_hangul(question) else BEST_BONUS_EN
    first = top_score(question, kind, texts[0], q_terms, analyzer)
    pick, bar = 0, (first if first is not None else float("-inf")) + bonus
    for i, text in enumerate(texts[1:], 1):
        score = top_score(question, kind, text, q_terms, analyzer)
        if score is not None and score > bar:
            pick, bar = i, score
    return pick


__all__ = ["BEST_BONUS", "best_quoted", "top_score"]
