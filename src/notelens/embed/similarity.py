"""What an embedder's cosines mean: the scale that maps raw cosines onto 0..1.

e5 cosines are compressed: unrelated texts still score ~0.70-0.75, close paraphrases
~0.90-0.95. Scores that mix a cosine with lexical evidence need it spread over 0..1
first; these scales are that property of multilingual-e5-small, written once and used
by answer scoring (:mod:`notelens.answer.extractive`) and citation checking
(:mod:`notelens.answer.grounding`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CosineScale:
    """Maps a cosine onto 0..1: ``lo`` and below -> 0 (unrelated), ``hi`` and above -> 1."""

    lo: float
    hi: float

    def __call__(self, cos: float) -> float:
        return float(min(1.0, max(0.0, (cos - self.lo) / (self.hi - self.lo))))


#: e5-small, a question against a candidate answer sentence (query: / passage: prefixes):
#: ~0.75 unrelated, ~0.9 a close answer. The calibrated refusal threshold
#: (``AnswerConfig.refuse_below``, docs/benchmarks.md "Answers") was measured with it.
E5_QUESTION_SCALE = CosineScale(0.72, 0.92)
#: e5-small, an answer sentence against the passage it cites (both passage:): unrelated
#: text ~0.70, paraphrases above 0.9; ``AnswerConfig.support_threshold`` was set with it.
E5_SUPPORT_SCALE = CosineScale(0.70, 0.95)

__all__ = ["E5_QUESTION_SCALE", "E5_SUPPORT_SCALE", "CosineScale"]
