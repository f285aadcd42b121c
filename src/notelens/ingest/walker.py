"""Find the files to index under the paths a user names.

:func:`discover` yields a :class:`Candidate` for every readable file to load and a
:class:`Problem` for every path it cannot use, in a deterministic order (roots in the
order given, the entries of each folder sorted by name, depth first).

* folders: files with a configured extension; hidden files and folders (``.name``) and
  ``ingest.ignore_dirs`` are skipped silently, as are files of other types;
* a file named explicitly is a candidate whatever its extension (its content decides);
* symlinks met while walking are followed (unless ``ingest.follow_symlinks`` is off,
  then skipped; the paths given are always followed); a link back into a folder being
  walked yields ``Problem("symlink loop")``; a folder or file
  reached twice (two roots, or a link) is walked / yielded once;
* a file over ``ingest.max_file_bytes``, a missing path, a broken link and an unreadable
  file or folder each yield a :class:`Problem`.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from notelens.config import IngestConfig
from notelens.ingest.registry import note_extensions

__all__ = ["Candidate", "Problem", "discover", "size_problem"]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A file to load: resolved absolute path, size in bytes, modification time."""

    path: Path
    size: int
    mtime: float


@dataclass(frozen=True, slots=True)
class Problem:
    """A path that cannot be indexed, and why (one user-facing phrase)."""

    path: Path
    reason: str


_MIB = 1024 * 1024


def size_problem(size: int, limit: int) -> str:
    """``file is 52.4 MB, over the 20 MB limit (ingest.max_file_bytes)``."""
    limit_text = f"{limit // _MIB}" if limit % _MIB == 0 else f"{limit / 1e6:.1f}"
    return f"file is {size / 1e6:.1f} MB, over the {limit_text} MB limit (ingest.max_file_bytes)"


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ENOENT:
        return "no such file or directory"
    return exc.strerror or str(exc)


class _Walk:
    def __init__(self, config: IngestConfig) -> None:
        self.config = config
        self.extensions = {e.lower() for e in note_extensions(config)}
        self.ignore = set(config.ignore_dirs)
        self.seen_files: set[Path] = set()
        self.walked_dirs: set[Path] = set()

    def file(self, path: Path, st: os.stat_result) -> Iterator[Candidate | Problem]:
        if not stat.S_ISREG(st.st_mode):
            yield Problem(path, "not a regular file")
            return
        try:
            real = path.resolve(strict=True)
        except OSError as exc:
            yield Problem(path, _os_reason(exc))
            return
        if real in self.seen_files:
            return
        self.seen_files.add(real)
        if st.st_size > self.config.max_file_bytes:
            yield Problem(path, size_problem(st.st_size, self.config.max_file_bytes))
            return
        if not os.access(real, os.R_OK):
            yield Problem(path, "permission denied")
            return
        yield Candidate(real, st.st_size, st.st_mtime)

    def root(self, raw: Path) -> Iterator[Candidate | Problem]:
        path = Path(os.path.abspath(raw.expanduser()))
        try:
            st = path.stat()
        except OSError as exc:
            if exc.errno == errno.ENOENT and path.is_symlink():
                yield Problem(path, "broken symlink")
            else:
                yield Problem(path, _os_reason(exc))
            return
        if stat.S_ISDIR(st.st_mode):
            yield from self.tree(path)  # a root named by the user is followed even if a link
        else:
            yield from self.file(path, st)

    def tree(self, top: Path) -> Iterator[Candidate | Problem]:
        try:
            real_top = top.resolve(strict=True)
        except OSError as exc:
            yield Problem(top, _os_reason(exc))
            return
        if real_top in self.walked_dirs:
            return
        self.walked_dirs.add(real_top)
        # Depth-first, one iterator per open folder; ancestors = real paths on the stack.
        stack: list[tuple[Iterator[os.DirEntry[str]], frozenset[Path]]] = []
        entries = self.entries(top)
        if isinstance(entries, Problem):
            yield entries
            return
        stack.append((iter(entries), frozenset({real_top})))
        while stack:
            it, ancestors = stack[-1]
            entry = next(it, None)
            if entry is None:
                stack.pop()
                continue
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            is_link = entry.is_symlink()
            if is_link and not self.config.follow_symlinks:
                continue
            try:
                st = path.stat()
            except OSError as exc:
                if is_link and exc.errno == errno.ELOOP:
                    yield Problem(path, "symlink loop")
                elif is_link and exc.errno == errno.ENOENT:
                    if path.suffix.lower() in self.extensions:
                        yield Problem(path, "broken symlink")
                else:
                    yield Problem(path, _os_reason(exc))
                continue
            if stat.S_ISDIR(st.st_mode):
                if entry.name in self.ignore:
                    continue
                try:
                    real = path.resolve(strict=True)
                except OSError as exc:
                    yield Problem(path, _os_reason(exc))
                    continue
                if real in ancestors:
                    yield Problem(path, "symlink loop")
                    continue
                if real in self.walked_dirs:
                    continue
                self.walked_dirs.add(real)
                sub = self.entries(path)
                if isinstance(sub, Problem):
                    yield sub
                    continue
                stack.append((iter(sub), ancestors | {real}))
                continue
            if path.suffix.lower() not in self.extensions:
                continue
            yield from self.file(path, st)

    @staticmethod
    def entries(folder: Path) -> list[os.DirEntry[str]] | Problem:
        try:
            with os.scandir(folder) as it:
                return sorted(it, key=lambda e: e.name)
        except OSError as exc:
            return Problem(folder, _os_reason(exc))


def discover(
    paths: Sequence[Path], config: IngestConfig | None = None
) -> Iterator[Candidate | Problem]:
    """Walk ``paths`` (files and folders); see the module doc for the rules."""
    walk = _Walk(config or IngestConfig())
    for raw in paths:
        yield from walk.root(Path(raw))
