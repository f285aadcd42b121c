"""A small user dictionary for the Kiwi analyzer (issue #22 item 2).

Notes spell the same compound joined and split ("파인튜닝" / "파인 튜닝", "KV캐시" /
"KV 캐시", "언어모델" / "언어 모델"), and Kiwi's analysis of an unknown compound depends
on its context ("파인튜닝" alone is one noun, "파인튜닝을 했다" is 파인 + 튜닝). Without
help, a spaced query only meets a joined document on the parts, and a joined query whose
compound Kiwi keeps whole does not meet a spaced document at all.

The dictionary (``data/userdict_ko.txt``, one entry a line, parts separated by spaces,
optionally ``= english-term``) makes both spellings give the same terms:

* Hangul-only compounds are registered in Kiwi as pre-analysed words (the joined form is
  always its parts), so the analyzer's noun-group rule emits parts + joined form for the
  joined spelling;
* :meth:`UserDict.extra_terms` finds every spelling in a piece of text (parts joined by
  optional whitespace, case-insensitive) and emits the joined form where the group rule
  cannot (a spaced spelling, or one with a Latin part such as ``KV 캐시``), plus the
  terms of the English alias, so "파인튜닝" also meets a note that says "fine-tuning".

Latin technical terms ("GPT-4o", "Llama-3.1-8B", "RoPE") need no entry: the analyzer's
Latin regex already keeps them whole (with their parts), before Kiwi sees them.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources

from notelens.errors import AnalysisError

#: Bump when the rules of this module change the terms (the word list is hashed).
USERDICT_VERSION = 1
_HANGUL_RE = re.compile(r"[\uac00-\ud7a3]")
_LATIN_RE = re.compile(r"[A-Za-z0-9]")


@dataclass(frozen=True, slots=True)
class Entry:
    """One compound: its parts as written in the list, and an optional English alias."""

    parts: tuple[str, ...]
    alias: str | None = None

    @property
    def joined(self) -> str:
        return "".join(self.parts).lower()

    @property
    def hangul_only(self) -> bool:
        return all(_HANGUL_RE.fullmatch(c) for part in self.parts for c in part)


def parse(text: str) -> tuple[Entry, ...]:
    """The entries of a word list; raises :class:`AnalysisError` for a malformed line."""
    entries: list[Entry] = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        words, _, alias_text = line.partition("=")
        parts = tuple(words.split())
        alias = alias_text.strip() or None
        if not parts or (alias is not None and not _LATIN_RE.search(alias)):
            raise AnalysisError(
                f"user dictionary line {n} is not 'part part [= english]': {raw!r}",
                hint="fix the line in notelens/analysis/data/userdict_ko.txt",
            )
        entries.append(Entry(parts, alias))
    return tuple(entries)


class UserDict:
    """The parsed list, its Kiwi registrations and the matcher for spellings in text."""

    def __init__(self, entries: Iterable[Entry], source: str) -> None:
        self.entries = tuple(entries)
        digest = hashlib.sha256(source.encode("utf-8")).hexdigest()[:8]
        self.version = f"udict-{USERDICT_VERSION}-{digest}"
        by_surface: dict[str, Entry] = {}
        for e in self.entries:
            by_surface.setdefault(e.joined, e)
        self._by_joined = by_surface
        # Longest first, so "대규모 언어 모델" wins over "언어 모델" at the same place.
        alternatives = sorted(
            self.entries, key=lambda e: (-len(e.joined), e.joined)
        )  # deterministic order
        pattern = "|".join(
            r"\s*".join(re.escape(p) for p in e.parts)
            # A Latin part must not be the tail of a longer Latin word ("XKV 캐시").
            if e.hangul_only
            else r"(?<![A-Za-z0-9])" + r"\s*".join(re.escape(p) for p in e.parts)
            for e in alternatives
        )
        self._re = re.compile(pattern, re.IGNORECASE) if pattern else None

    def parts_of(self, form: str) -> tuple[str, ...] | None:
        """The parts of a listed Hangul compound of two or more parts, else ``None``."""
        entry = self._by_joined.get(form.lower())
        if entry is None or len(entry.parts) < 2 or not entry.hangul_only:
            return None
        return entry.parts

    def pre_analyzed(self) -> list[tuple[str, list[tuple[str, str, int, int]]]]:
        """``(joined form, [(part, NNG, start, end), ...])`` for Kiwi's
        ``add_pre_analyzed_word``: Hangul-only compounds of two or more parts."""
        out: list[tuple[str, list[tuple[str, str, int, int]]]] = []
        seen: set[str] = set()
        for e in self.entries:
            if len(e.parts) < 2 or not e.hangul_only or e.joined in seen:
                continue
            seen.add(e.joined)
            pos = 0
            analysed: list[tuple[str, str, int, int]] = []
            for p in e.parts:
                analysed.append((p, "NNG", pos, pos + len(p)))
                pos += len(p)
            out.append(("".join(e.parts), analysed))
        return out

    def extra_terms(self, piece: str, latin_terms: Callable[[str], Iterable[str]]) -> list[str]:
        """Terms the dictionary adds for ``piece``: the joined form of every spaced or
        Latin-containing spelling, and the terms of each match's English alias
        (``latin_terms`` is the analyzer's own Latin rule, so they equal an English
        note's terms)."""
        if self._re is None:
            return []
        out: list[str] = []
        for m in self._re.finditer(piece):
            surface = m.group()
            key = "".join(surface.split()).lower()
            entry = self._by_joined.get(key)
            if entry is None:  # the regex and the table are built from the same entries
                continue
            if len(entry.parts) > 1 and (not entry.hangul_only or surface != key):
                out.append(key)
            if entry.alias is not None:
                out.extend(latin_terms(entry.alias))
        return out


def load_userdict(text: str | None = None) -> UserDict:
    """The shipped dictionary (or one parsed from ``text``)."""
    if text is None:
        return _shipped()
    return UserDict(parse(text), text)


@functools.cache
def _shipped() -> UserDict:
    try:
        text = (
            resources.files("notelens.analysis")
            .joinpath("data", "userdict_ko.txt")
            .read_text(encoding="utf-8")
        )
    except OSError as exc:
        raise AnalysisError(
            f"cannot read the analyzer's user dictionary ({exc})",
            hint="reinstall notelens: notelens/analysis/data/userdict_ko.txt is missing",
        ) from exc
    return UserDict(parse(text), text)


__all__ = ["USERDICT_VERSION", "Entry", "UserDict", "load_userdict", "parse"]
