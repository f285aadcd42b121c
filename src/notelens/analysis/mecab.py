"""Mecab-ko (``python-mecab-ko`` + ``python-mecab-ko-dic``, both wheels with the
dictionary inside, so it installs offline) as a drop-in for Kiwi, measured in issue #22.

Only the tokenizer differs: the text is sanitised and cut into pieces, Latin spans are
read by the regex and the Korean tag policy is applied exactly as for Kiwi
(:func:`notelens.analysis.korean.piece_terms`), so a comparison measures the
morphological analysis alone. Mecab's tokens are mapped onto the same Sejong tags:

* an inflected form (``줄어든다`` ``VV+EC``, type ``Inflect``) becomes its first
  morpheme (줄어들/VV) at the token's position;
* a dictionary compound (``최댓값``, type ``Compound``: 최댓/NNG + 값/NNG) becomes its
  parts at consecutive offsets when they spell the surface, so the noun-group rule joins
  them again (최댓, 값, 최댓값), as for a Kiwi split.
"""

from __future__ import annotations

import importlib.metadata
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from notelens.analysis.korean import RULES_VERSION, piece_terms, prepare_pieces
from notelens.errors import AnalysisError


@dataclass(frozen=True, slots=True)
class MecabToken:
    """A Mecab morpheme in the shape :func:`piece_terms` reads."""

    form: str
    tag: str
    start: int
    len: int


def _parts(expression: str) -> list[tuple[str, str]]:
    """``"최댓/NNG/*+값/NNG/*"`` -> ``[("최댓", "NNG"), ("값", "NNG")]``."""
    out: list[tuple[str, str]] = []
    for part in expression.split("+"):
        fields = part.split("/")
        if len(fields) >= 2 and fields[0]:
            out.append((fields[0], fields[1]))
    return out


def to_tokens(morphemes: Sequence[Any]) -> list[MecabToken]:
    """Mecab morphemes (``surface``, ``span``, ``feature``) as :class:`MecabToken`."""
    out: list[MecabToken] = []
    for m in morphemes:
        surface: str = m.surface
        start: int = m.span.start
        pos: str = m.feature.pos or ""
        expression: str | None = m.feature.expression
        parts = _parts(expression) if expression else []
        if m.feature.type == "Compound" and parts and "".join(f for f, _ in parts) == surface:
            at = start
            for form, tag in parts:
                out.append(MecabToken(form, tag, at, len(form)))
                at += len(form)
        elif "+" in pos and parts:
            form, tag = parts[0]
            out.append(MecabToken(form, tag, start, len(surface)))
        else:
            out.append(MecabToken(surface, pos.partition("+")[0], start, len(surface)))
    return out


def _dist_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def mecab_version() -> str:
    return (
        f"mecab-{_dist_version('python-mecab-ko')}"
        f"+dic-{_dist_version('python-mecab-ko-dic')}"
        f"+pystemmer-{_dist_version('pystemmer')}+rules-{RULES_VERSION}"
    )


class MecabAnalyzer:
    """Mecab-ko morphemes with the Kiwi analyzer's rules (see the module docstring).

    One MeCab tagger per thread (MeCab's C tagger is not documented as thread-safe).
    ``num_workers`` is accepted for the registry's signature; Mecab runs in the calling
    thread (it is ~10x faster than Kiwi per character, so batching gains little).
    """

    name = "mecab"

    def __init__(self, num_workers: int | None = None) -> None:
        del num_workers
        self.version: str = mecab_version()
        self._local = threading.local()

    def __repr__(self) -> str:
        return f"MecabAnalyzer(version={self.version!r})"

    def _tagger(self) -> Any:
        tagger = getattr(self._local, "tagger", None)
        if tagger is None:
            try:
                import mecab  # type: ignore[import-untyped,import-not-found,unused-ignore]

                tagger = mecab.MeCab()
            except Exception as exc:
                raise AnalysisError(
                    f"could not load the Mecab-ko analyzer ({exc})",
                    hint="pip install python-mecab-ko python-mecab-ko-dic, or use kiwi",
                ) from exc
            self._local.tagger = tagger
        return tagger

    def warm_up(self) -> None:
        self._tagger()

    def terms(self, text: str) -> list[str]:
        return self.terms_batch([text])[0]

    def terms_batch(self, texts: list[str]) -> list[list[str]]:
        if not texts:
            return []
        tagger = self._tagger()
        results: list[list[str]] = []
        for text in texts:
            terms: list[str] = []
            for piece, needs in prepare_pieces(text):
                tokens = to_tokens(tagger.parse(piece)) if needs else []
                terms.extend(piece_terms(piece, tokens))
            results.append(terms)
        return results


__all__ = ["MecabAnalyzer", "MecabToken", "mecab_version", "to_tokens"]
