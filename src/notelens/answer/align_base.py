"""What the Korean and English aligners share (``align_ko.py``, ``align_en.py``):
the scored candidate, the word-list helper, the nearness kernel, and the morpheme memo
one answer reuses (the antecedent check and the short answer read the same sentence)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Candidate:
    """``text[start:end]`` of the sentence and its score (higher is better)."""

    start: int
    end: int
    score: float


def words(text: str) -> list[str]:
    """A word list written as one string (long vocabularies stay readable)."""
    return text.split()


def near(d: float, scale: float) -> float:
    return 1.0 / (1.0 + d / scale)


class MemoMorphemes:
    """An analyzer's ``morphemes`` remembered for one answer (the antecedent check and
    the short answer read the same sentence); ``terms`` / ``terms_batch`` pass through."""

    def __init__(self, analyzer: object) -> None:
        self._analyzer = analyzer
        self._memo: dict[str, list[tuple[str, str, int, int]]] = {}

    def morphemes(self, text: str) -> list[tuple[str, str, int, int]]:
        found = self._memo.get(text)
        if found is None:
            found = self._memo[text] = list(self._analyzer.morphemes(text))  # type: ignore[attr-defined]
        return found

    def terms(self, text: str) -> list[str]:
        return list(self._analyzer.terms(text))  # type: ignore[attr-defined]

    def terms_batch(self, texts: list[str]) -> list[list[str]]:
        return list(self._analyzer.terms_batch(texts))  # type: ignore[attr-defined]


__all__ = ["Candidate", "MemoMorphemes", "near", "words"]
