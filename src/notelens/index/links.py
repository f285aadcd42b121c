"""Wiki-links between notes, read from the index: outgoing links and backlinks.

Chunks store each wiki-link as a :class:`~notelens.types.Link` with a ``wiki:Note#Heading``
url (:mod:`notelens.ingest.obsidian`). Targets are resolved here, at read time, the way
Obsidian does: by file stem or alias, case-insensitively, a ``folder/Note`` target by
the end of its path; a target several notes answer to goes to the shortest path. A link
no note answers to is listed as unresolved (its text stays searchable in the chunk).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from notelens.errors import SearchError
from notelens.ingest.obsidian import wiki_target
from notelens.store.base import ChunkRecord, Store

__all__ = ["LinkRow", "NoteLinks", "VaultNames", "note_links"]

_NOTE_SUFFIXES = (".md", ".markdown", ".txt")


def _name(target: str) -> str:
    low = target.strip().casefold()
    for suffix in _NOTE_SUFFIXES:
        if low.endswith(suffix):
            return low[: -len(suffix)]
    return low


@dataclass(frozen=True, slots=True)
class LinkRow:
    """One wiki-link: where it is (``source``, ``heading``, ``line``), what it says
    (``text``), what it names (``target``, ``target_heading``) and the note it resolves
    to (``resolved``; ``None``: no note of the index answers to that name)."""

    source: str
    heading: str
    line: int | None
    text: str
    target: str
    target_heading: str
    resolved: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "heading": self.heading,
            "line": self.line,
            "text": self.text,
            "target": self.target,
            "target_heading": self.target_heading,
            "resolved": self.resolved,
        }


@dataclass(frozen=True, slots=True)
class NoteLinks:
    """``notelens links NOTE``: the note, its outgoing links and its backlinks."""

    note: str
    title: str
    aliases: tuple[str, ...]
    outgoing: tuple[LinkRow, ...]
    incoming: tuple[LinkRow, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "note": self.note,
            "title": self.title,
            "aliases": list(self.aliases),
            "outgoing": [r.to_dict() for r in self.outgoing],
            "incoming": [r.to_dict() for r in self.incoming],
        }


class VaultNames:
    """Stems, aliases and paths of the indexed notes, for resolving link targets."""

    def __init__(self, records: Sequence[ChunkRecord]) -> None:
        self.by_name: dict[str, list[str]] = {}
        self.sources: list[str] = []
        self.first: dict[str, ChunkRecord] = {}
        for r in records:
            if r.source in self.first:
                continue
            self.first[r.source] = r
            self.sources.append(r.source)
            names = {_name(PurePosixPath(r.source).name)}
            names.update(a.casefold() for a in r.note.aliases)
            for n in names:
                self.by_name.setdefault(n, []).append(r.source)

    def resolve(self, target: str) -> str | None:
        """The source a link target names (``None`` when none does)."""
        name = _name(target)
        if not name:
            return None
        if "/" in name:  # a path link: the note whose path ends with it
            tail = "/" + name
            hits = [s for s in self.sources if _name(s).endswith(tail)]
        else:
            hits = self.by_name.get(name, [])
        return min(hits, key=lambda s: (len(s), s)) if hits else None


def _rows(records: Sequence[ChunkRecord], names: VaultNames) -> list[LinkRow]:
    out: list[LinkRow] = []
    for r in records:
        for link in r.links:
            parsed = wiki_target(link.url)
            if parsed is None:
                continue
            target, heading = parsed
            resolved = names.resolve(target) if target else r.source
            out.append(
                LinkRow(
                    r.source,
                    r.heading,
                    r.location.line_start,
                    link.text,
                    target,
                    heading,
                    resolved,
                )
            )
    return out


def note_links(store: Store, note: str) -> NoteLinks:
    """Outgoing links and backlinks of ``note`` (an indexed path, a note name or an alias).

    Reads every row once (``Store.records``): a 5,000-note vault is a few hundred ms.
    """
    records = store.records()
    names = VaultNames(records)
    source = _find(names, note)
    rows = _rows(records, names)
    first = names.first[source]
    return NoteLinks(
        note=source,
        title=first.title,
        aliases=first.note.aliases,
        outgoing=tuple(r for r in rows if r.source == source),
        incoming=tuple(r for r in rows if r.resolved == source and r.source != source),
    )


def _find(names: VaultNames, note: str) -> str:
    given = note.strip()
    if given:
        absolute = os.path.abspath(os.path.expanduser(given))
        if absolute in names.first:
            return absolute
        real = os.path.realpath(absolute)
        if real in names.first:
            return real
        found = names.resolve(given)
        if found is not None:
            return found
    raise SearchError(
        f"no indexed note is named {note!r}",
        hint="give its path, its file name without .md, or one of its aliases",
    )
