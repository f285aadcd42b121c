"""The entry ledger: when each archive entry was first seen and last changed.

The index keeps only the current chunks of a file, so "what was added this week" cannot
be read from it: a 58 KB archive that gained two entries is one changed file. The
ledger (``entries.json`` in the index folder) keeps, per entry (:mod:`.entries`: a
top-level list item with its bullets, or the chunk itself), a fingerprint -- the hash of
its normalised text and its first link -- and two time stamps. It is updated at the end
of every index run, under the run's write lock (the indexer's ``after_run`` hook),
and replaced atomically, like ``coverage.json``.

An entry is known by its *key* within its file: its first link when it has one (an
entry whose summary bullets were edited keeps its link, so it is "changed", not
"added"), else the hash of its text. Time stamps are the file's modification time, not
the run's: an index run may come days after the edit. The first run that meets an
existing index backfills every entry with its file's time.

A damaged ledger never breaks ``index``: the run sets it aside (``entries.json.damaged``)
and backfills a new one. ``notelens digest`` on a damaged ledger says so and names the
repair.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from notelens.curate.entries import Entry, entries_of
from notelens.errors import IndexStoreError
from notelens.fileio import write_atomic
from notelens.store.base import ChunkRecord, Store
from notelens.types import FileReport, FileStatus

__all__ = [
    "LEDGER_FILE",
    "Ledger",
    "LedgerError",
    "LedgerLine",
    "entry_key",
    "read_ledger",
    "update_ledger",
]

log = logging.getLogger("notelens.curate")

LEDGER_FILE = "entries.json"
_FORMAT = "notelens-entries-1"
REPAIR = (
    "run `notelens index` (it sets the damaged file aside and rebuilds the ledger from "
    "the files' dates) or `notelens index --rebuild`"
)
#: Above this many changed files one scan of the store is cheaper than one query each.
_PER_SOURCE_QUERIES = 50


class LedgerError(IndexStoreError):
    """The entry ledger cannot be read (damaged, or written by another version)."""


def _hash(text: str) -> str:
    # Whitespace and wrapping are not changes; words, numbers and case are.
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:20]


def entry_key(entry: Entry) -> str:
    """What an entry is known by in its file: its first link, else its text's hash."""
    return f"link:{entry.link}" if entry.link else f"text:{_hash(entry.text)}"


def iso(ns: int) -> str:
    return datetime.fromtimestamp(ns / 1e9, UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True, slots=True)
class LedgerLine:
    """One entry of one file and its history."""

    source: str
    key: str
    text_hash: str
    first_seen: str  # ISO 8601, UTC
    last_changed: str

    def row(self) -> list[str]:
        return [self.source, self.key, self.text_hash, self.first_seen, self.last_changed]


@dataclass(frozen=True, slots=True)
class Ledger:
    lines: tuple[LedgerLine, ...]

    def by_source(self) -> dict[str, list[LedgerLine]]:
        out: dict[str, list[LedgerLine]] = {}
        for line in self.lines:
            out.setdefault(line.source, []).append(line)
        return out


def keyed(entries: Iterable[Entry]) -> list[tuple[str, Entry]]:
    """Each entry with its key; a key met twice in a file gets ``#2``, ``#3``."""
    seen: dict[tuple[str, str], int] = {}
    out: list[tuple[str, Entry]] = []
    for e in entries:
        key = entry_key(e)
        n = seen.get((e.source, key), 0) + 1
        seen[(e.source, key)] = n
        out.append((key if n == 1 else f"{key}#{n}", e))
    return out


def read_ledger(index_dir: Path) -> Ledger | None:
    """The ledger, ``None`` when there is none yet; :class:`LedgerError` when damaged."""
    path = index_dir / LEDGER_FILE
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise LedgerError(
            f"cannot read the entry ledger ({exc})", path=str(path), hint=REPAIR
        ) from exc
    try:
        data = json.loads(raw)
        if data.get("format") != _FORMAT:
            raise ValueError(f"format {data.get('format')!r}")
        lines = tuple(
            LedgerLine(str(s), str(k), str(h), str(f), str(c)) for s, k, h, f, c in data["entries"]
        )
        for line in lines[:1]:
            datetime.fromisoformat(line.first_seen)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise LedgerError(
            f"the entry ledger is damaged ({exc})", path=str(path), hint=REPAIR
        ) from exc
    return Ledger(lines)


def write_ledger(index_dir: Path, ledger: Ledger) -> None:
    """Replace ``entries.json`` atomically (never a half-written file)."""
    data = {"format": _FORMAT, "entries": [line.row() for line in ledger.lines]}
    write_atomic(index_dir / LEDGER_FILE, json.dumps(data, ensure_ascii=False))


def _records_of(store: Store, sources: set[str]) -> list[ChunkRecord]:
    if len(sources) > _PER_SOURCE_QUERIES:
        return [r for r in store.records() if r.source in sources]
    from glob import escape

    from notelens.store.base import StoreFilter

    out: list[ChunkRecord] = []
    for source in sorted(sources):
        rows = store.records(StoreFilter(source_glob=escape(source)))
        out.extend(r for r in rows if r.source == source)
    return out


def merge(
    old: Sequence[LedgerLine], records: Sequence[ChunkRecord], replaced: set[str]
) -> list[LedgerLine]:
    """The ledger lines after a run: ``replaced`` are the files the run wrote or removed
    (their old lines go), ``records`` the current rows of the written ones (their lines
    are recomputed, keeping the history of entries that did not change)."""
    known = {(line.source, line.key): line for line in old}
    out = [line for line in old if line.source not in replaced]
    mtimes = {r.source: r.file_mtime_ns for r in records}
    ordered = sorted(records, key=lambda r: (r.source, r.ordinal))
    for key, entry in keyed(entries_of(ordered)):
        when = iso(mtimes[entry.source])
        text_hash = _hash(entry.text)
        before = known.get((entry.source, key))
        if before is None:
            out.append(LedgerLine(entry.source, key, text_hash, when, when))
        elif before.text_hash != text_hash:
            out.append(LedgerLine(entry.source, key, text_hash, before.first_seen, when))
        else:
            out.append(before)
    return out


def update_ledger(index_dir: Path, store: Store, reports: Sequence[FileReport]) -> None:
    """The indexer's ``after_run`` hook: bring the ledger up to this run's files.

    Without a ledger (the first run, or an index built before it existed) every stored
    entry is backfilled with its file's time; a damaged one is set aside and rebuilt."""
    try:
        ledger = read_ledger(index_dir)
    except LedgerError as exc:
        aside = index_dir / f"{LEDGER_FILE}.damaged"
        log.warning("%s; set aside as %s and rebuilt from the files' dates", exc, aside.name)
        os.replace(index_dir / LEDGER_FILE, aside)
        ledger = None
    if ledger is None:
        lines = merge([], store.records(), set())
    else:
        written = {r.path for r in reports if r.status is FileStatus.INDEXED}
        gone = {r.path for r in reports if r.status is FileStatus.REMOVED}
        if not written and not gone:
            return
        lines = merge(ledger.lines, _records_of(store, written), written | gone)
    write_ledger(index_dir, Ledger(tuple(sorted(lines, key=lambda x: (x.source, x.key)))))
