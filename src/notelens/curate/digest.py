"""The weekly digest (``notelens digest``): archive entries added or changed in a
period, grouped by heading, each with a one-line summary and its link, as markdown
ready to paste into a weekly archive::

    ## 2026-11-27 ~ 2026-12-04

    ### Papers > Alignment
    - [Title](https://arxiv.org/abs/...) — one line from the entry's own bullets

"Added or changed" is per entry (:mod:`.entries`), never per file: an archive that
gained two entries shows two. The dates come from

* the entry ledger (:mod:`.ledger`) the index keeps, or
* git, when the folder is a repository: every commit of the period that touched an
  indexed note is diffed by entry against its parent, which gives real dates for edits
  made long before the first index run.

The one-line summary is the extractive summary of :mod:`.summary` over the entry's
nested lines (a verbatim line of the note, so grounded by construction), or an LLM
line that passes the citation check when one is configured.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import numpy as np

from notelens.config import Settings
from notelens.contracts import DigestItemJSON, DigestJSON
from notelens.curate.entries import Entry, entries_of
from notelens.curate.ledger import Ledger, keyed
from notelens.curate.summary import EmbedFn
from notelens.errors import ConfigError, IngestError
from notelens.paths import source_key
from notelens.store.base import ChunkRecord
from notelens.types import Chunk, Lang, Link, Location

__all__ = [
    "Change",
    "Digest",
    "DigestItem",
    "from_git",
    "from_ledger",
    "git_top",
    "parse_when",
]

_SPAN = re.compile(r"^(\d+)\s*([hdw])$")
_MD_LINK = re.compile(r"\[([^\[\]]+)\]\((https?://[^)\s]+)\)")
_BARE_URL = re.compile(r"https?://[A-Za-z0-9\-._~:/?#@!$&'*+,;=%]+[A-Za-z0-9/_#=\-]")
_MARKER = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_GIT_TIMEOUT = 60.0


def parse_when(text: str, now: datetime, *, end: bool = False) -> datetime:
    """``7d``/``2w``/``24h`` before ``now``, a day (``2026-11-01``: its start, or its
    end for ``end=True``, in UTC) or an ISO 8601 time."""
    value = text.strip()
    m = _SPAN.match(value)
    if m:
        n, unit = int(m.group(1)), m.group(2)
        hours = {"h": 1, "d": 24, "w": 24 * 7}[unit] * n
        return now - timedelta(hours=hours)
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return datetime.combine(day, time.max if end else time.min, tzinfo=UTC)
        when = datetime.fromisoformat(value)
    except ValueError:
        raise ConfigError(
            f"cannot read {text!r} as a time",
            hint="give a span (7d, 2w, 24h), a day (2026-11-01) or an ISO time",
        ) from None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Change:
    """An entry added or changed in the period, and when."""

    entry: Entry
    status: str  # "added" | "changed"
    when: datetime
    origin: str  # "ledger" | "git"
    links: tuple[Link, ...] = ()  # the links of the entry's chunk (the text drops targets)


@dataclass(frozen=True, slots=True)
class DigestItem:
    source: str
    heading: str
    title: str
    url: str | None
    summary: str
    location: Location
    status: str
    when: datetime
    origin: str

    def line(self) -> str:
        head = f"[{self.title}]({self.url})" if self.url else self.title
        return f"- {head} — {self.summary}" if self.summary else f"- {head}"

    def to_dict(self) -> DigestItemJSON:
        return {
            "source": self.source,
            "heading": self.heading,
            "title": self.title,
            "url": self.url,
            "summary": self.summary,
            "location": self.location.to_dict(),
            "status": self.status,
            "when": self.when.isoformat(),
            "origin": self.origin,
        }


@dataclass(frozen=True, slots=True)
class Digest:
    since: datetime
    until: datetime
    items: tuple[DigestItem, ...]
    method: str  # how the one-line summaries were made

    def groups(self) -> list[tuple[str, list[DigestItem]]]:
        """Items by heading, headings in the order their first item was written."""
        out: dict[str, list[DigestItem]] = {}
        for item in sorted(
            self.items, key=lambda i: (i.when, i.source, i.location.line_start or 0)
        ):
            out.setdefault(item.heading, []).append(item)
        return list(out.items())

    def markdown(self) -> str:
        lines = [f"## {self.since.date().isoformat()} ~ {self.until.date().isoformat()}"]
        for heading, items in self.groups():
            lines += ["", f"### {heading}"]
            lines += [item.line() for item in items]
        return "\n".join(lines) + "\n"

    def to_dict(self) -> DigestJSON:
        return {
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "method": self.method,
            "items": [item.to_dict() for item in self.items],
            "markdown": self.markdown(),
        }


# -- the ledger's view -----------------------------------------------------------------------


def from_ledger(
    ledger: Ledger, records: Sequence[ChunkRecord], since: datetime, until: datetime
) -> list[Change]:
    """Entries of ``records`` (the current rows) the ledger saw appear or change in
    ``[since, until]``."""
    want: dict[tuple[str, str], tuple[str, datetime]] = {}
    for line in ledger.lines:
        changed = datetime.fromisoformat(line.last_changed)
        if since <= changed <= until:
            first = datetime.fromisoformat(line.first_seen)
            want[(line.source, line.key)] = ("added" if first >= since else "changed", changed)
    if not want:
        return []
    sources = {s for s, _ in want}
    rows = sorted((r for r in records if r.source in sources), key=lambda r: (r.source, r.ordinal))
    links = {r.chunk_id: r.links for r in rows}
    out: list[Change] = []
    for key, entry in keyed(entries_of(rows)):
        hit = want.get((entry.source, key))
        if hit is not None:
            out.append(Change(entry, hit[0], hit[1], "ledger", links.get(entry.chunk_id, ())))
    return out


# -- git's view ------------------------------------------------------------------------------


def _git(args: Sequence[str], cwd: Path) -> str | None:
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            timeout=_GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", errors="replace")


def git_top(folder: Path) -> Path | None:
    """The work tree ``folder`` is in, ``None`` when it is not in one (or no git)."""
    if not folder.is_dir():
        return None
    out = _git(["rev-parse", "--show-toplevel"], folder)
    return Path(out.strip()) if out and out.strip() else None


ReadChunks = Callable[[str, str], list[Chunk]]


def _records(source: str, chunks: Iterable[Chunk]) -> list[ChunkRecord]:
    """Chunks of a past version as rows, for :func:`entries_of` (no terms, no vector)."""
    return [
        ChunkRecord(
            chunk_id=f"{source}#{c.ordinal}",
            source=source,
            title=c.title,
            heading=c.heading,
            text=c.text,
            terms="",
            location=c.location,
            lang=c.lang,
            kind=c.kind,
            links=c.links,
            content_hash=c.content_hash,
            ordinal=c.ordinal,
            file_hash="",
            file_size=0,
            file_mtime_ns=0,
        )
        for c in chunks
    ]


def chunk_reader(settings: Settings) -> ReadChunks:
    """Chunks of a file's text as the indexer would make them (same loader, same
    chunking), read from a temporary copy with the file's name."""

    def read(name: str, text: str) -> list[Chunk]:
        from notelens.ingest import load_file
        from notelens.ingest.chunking import chunk_document

        with tempfile.TemporaryDirectory(prefix="notelens-digest-") as tmp:
            path = Path(tmp) / Path(name).name
            path.write_text(text, encoding="utf-8")
            try:
                doc = load_file(path, settings.ingest)
            except IngestError:
                return []
            return chunk_document(doc, settings.chunking)

    return read


def _commits(
    top: Path, folder: Path, since: datetime, until: datetime
) -> list[tuple[str, datetime, list[str]]]:
    rel = folder.relative_to(top).as_posix() if folder != top else "."
    out = _git(
        [
            "log",
            "--reverse",
            "--no-renames",
            f"--since={since.isoformat()}",
            f"--until={until.isoformat()}",
            "--format=%x1e%H%x1f%cI",
            "--name-only",
            "--",
            rel,
        ],
        top,
    )
    commits: list[tuple[str, datetime, list[str]]] = []
    for block in (out or "").split("\x1e"):
        head, _, names = block.strip("\n").partition("\n")
        if "\x1f" not in head:
            continue
        sha, stamp = head.split("\x1f", 1)
        files = [n.strip() for n in names.splitlines() if n.strip()]
        commits.append((sha, datetime.fromisoformat(stamp.strip()), files))
    return commits


def from_git(
    folder: Path,
    indexed: set[str],
    since: datetime,
    until: datetime,
    read_chunks: ReadChunks,
) -> list[Change]:
    """Entries of the indexed notes under ``folder`` that the period's commits added or
    changed, each dated by its last commit in the period; entries gone by the period's
    last commit of their file are left out."""
    top = git_top(folder)
    if top is None:
        return []
    top = top.resolve()
    seen: dict[tuple[str, str], tuple[str, datetime]] = {}
    last: dict[str, list[tuple[str, Entry]]] = {}
    links: dict[str, dict[str, tuple[Link, ...]]] = {}
    for sha, when, files in _commits(top, folder.resolve(), since, until):
        for name in files:
            source = source_key(top / name)
            if source not in indexed:
                continue
            new_text = _git(["show", f"{sha}:{name}"], top)
            if new_text is None:  # deleted in this commit
                last.pop(source, None)
                continue
            old_text = _git(["show", f"{sha}^:{name}"], top) or ""
            old = {k: e.text for k, e in _entries(source, name, old_text, read_chunks)[0]}
            new, chunk_links = _entries(source, name, new_text, read_chunks)
            for key, entry in new:
                before = old.get(key)
                if before is not None and " ".join(before.split()) == " ".join(entry.text.split()):
                    continue
                status = "added" if before is None else "changed"
                first = seen.get((source, key))
                seen[(source, key)] = (first[0] if first else status, when)
            last[source] = new
            links[source] = chunk_links
    out: list[Change] = []
    for source, entries in last.items():
        for key, entry in entries:
            hit = seen.get((source, key))
            if hit is not None:
                out.append(
                    Change(entry, hit[0], hit[1], "git", links[source].get(entry.chunk_id, ()))
                )
    return out


def _entries(
    source: str, name: str, text: str, read_chunks: ReadChunks
) -> tuple[list[tuple[str, Entry]], dict[str, tuple[Link, ...]]]:
    if not text.strip():
        return [], {}
    rows = _records(source, read_chunks(name, text))
    return keyed(entries_of(rows)), {r.chunk_id: r.links for r in rows}


# -- items -----------------------------------------------------------------------------------


def title_and_url(entry: Entry, links: Sequence[Link]) -> tuple[str, str | None]:
    """The entry's title and link: a markdown link of its first line, else its chunk's
    link with a text of its own, else its first line (a bare URL taken out of it)."""
    from notelens.curate.entries import normalize_url

    first = _MARKER.sub("", entry.first_line).strip()
    m = _MD_LINK.search(first)
    if m:
        return m.group(1).strip(), m.group(2)
    bare = _BARE_URL.search(first)
    for link in links:
        named = link.text.strip()
        if named and "://" not in named and entry.link and normalize_url(link.url) == entry.link:
            return named[:160], link.url
    if bare is None:
        return first[:160], None
    # "(url)" or "<url>" leaves an empty pair behind; a title's own brackets stay
    rest = first[: bare.start()] + first[bare.end() :]
    rest = rest.replace("()", "").replace("<>", "").strip(" -—:")
    return (rest or bare.group(0))[:160], bare.group(0)


def body(entry: Entry) -> str:
    """The entry's nested lines (its summary bullets), dedented; the entry itself when
    it has none."""
    lines = entry.text.strip().splitlines()
    rest = [ln.strip() for ln in lines[1:] if ln.strip()]
    return "\n".join(rest) if rest else entry.text


@dataclass(frozen=True, slots=True)
class EntryPassage:
    """An entry as the one passage of a note (what :mod:`.summary` summarises)."""

    source: str
    title: str
    heading: str
    text: str
    location: Location
    ordinal: int = 0
    lang: Lang = "mixed"
    links: tuple[Link, ...] = ()


def item(change: Change, summary: str) -> DigestItem:
    title, url = title_and_url(change.entry, change.links)
    e = change.entry
    heading = e.heading or Path(e.source).stem
    return DigestItem(
        source=e.source,
        heading=heading,
        title=title,
        url=url,
        summary=summary,
        location=e.location,
        status=change.status,
        when=change.when,
        origin=change.origin,
    )


def with_summaries(
    changes: Sequence[Change],
    summarise: Callable[[Sequence[EntryPassage]], list[str]],
) -> list[DigestItem]:
    """One item per change, its summary written by ``summarise`` (all entries at once,
    one line each; a line that only repeats the title is left out)."""
    passages = [
        EntryPassage(c.entry.source, "", c.entry.heading, body(c.entry), c.entry.location)
        for c in changes
    ]
    lines = summarise(passages) if passages else []
    out: list[DigestItem] = []
    for change, line in zip(changes, lines, strict=True):
        made = item(change, "")
        line = line.strip()
        if line and line.rstrip(" …") not in made.title and made.title not in line:
            made = replace(made, summary=line)
        out.append(made)
    return out


def extractive_lines(passages: Sequence[EntryPassage], embed: EmbedFn) -> list[str]:
    """The most central unit of each entry (:func:`.summary.pick`), every entry's units
    embedded in one batch; an entry with one unit needs no vector."""
    from notelens.curate.summary import note_units, pick

    units = [note_units([p]) for p in passages]
    texts = [u.text for us in units if len(us) > 1 for u in us]
    vectors = np.asarray(embed(texts), dtype=np.float32) if texts else None
    out: list[str] = []
    at = 0
    for us in units:
        if len(us) <= 1:
            out.append(us[0].text if us else "")
            continue
        assert vectors is not None
        out.append(us[pick(vectors[at : at + len(us)], 1)[0]].text)
        at += len(us)
    return out
