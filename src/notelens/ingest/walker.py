"""Find the files to index under the paths a user names.

:func:`discover` yields a :class:`Candidate` for every readable file to load and a
:class:`Problem` for every path it cannot use, in a deterministic order (roots in the
order given, the entries of each folder sorted by name, depth first).

* folders: files with a configured extension; hidden files and folders (``.name``) and
  ``ingest.ignore_dirs`` are skipped silently, as are files of other types;
* a file named explicitly is a candidate whatever its extension (its content decides);
* symlinks met while walking are followed (unless ``ingest.follow_symlinks`` is off,
  then skipped; the paths given are always followed) **when their target lies inside
  one of the paths given**; a link to anywhere else yields ``Problem("symlink to
  outside the note folders ...")`` unless ``ingest.follow_external_links`` is on
  (``--follow-external-links``): the folders a user names are the border of what
  becomes searchable. A link back into a folder being
  walked yields ``Problem("symlink loop")``; a folder or file
  reached twice (two roots, or a link) is walked / yielded once;
* a ``.notelensignore`` file (gitignore syntax, read with ``pathspec``) in any walked
  folder excludes the matching files and folders below it, silently (as ``.obsidian/``,
  ``.trash/``, ``.git/`` and other hidden tool folders are);
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
from typing import Any

from notelens.config import IngestConfig
from notelens.errors import UnsupportedFileError
from notelens.ingest.registry import note_extensions

__all__ = ["Candidate", "Problem", "admit", "discover", "read_regular", "size_problem"]


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
EXTERNAL_LINK = (
    "symlink to outside the note folders, not followed "
    "(--follow-external-links or ingest.follow_external_links to index it)"
)


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
        self.borders: list[Path] = []

    def set_roots(self, paths: Sequence[Path]) -> None:
        """The real paths of the roots: what a link may point into."""
        for raw in paths:
            try:
                self.borders.append(Path(os.path.abspath(Path(raw).expanduser())).resolve())
            except OSError:
                continue

    def outside(self, real: Path) -> bool:
        return not any(real == b or b in real.parents for b in self.borders)

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

    def tree(self, top: Path, rules: _Rules = ()) -> Iterator[Candidate | Problem]:
        try:
            real_top = top.resolve(strict=True)
        except OSError as exc:
            yield Problem(top, _os_reason(exc))
            return
        if real_top in self.walked_dirs:
            return
        self.walked_dirs.add(real_top)
        # Depth-first, one iterator per open folder; ancestors = real paths on the stack;
        # rules = the .notelensignore files of the folders on the stack.
        stack: list[tuple[Iterator[os.DirEntry[str]], frozenset[Path], _Rules]] = []
        entries = self.entries(top)
        if isinstance(entries, Problem):
            yield entries
            return
        stack.append((iter(entries), frozenset({real_top}), _with_ignore_file(rules, top)))
        while stack:
            it, ancestors, rules = stack[-1]
            entry = next(it, None)
            if entry is None:
                stack.pop()
                continue
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if rules and _ignored(rules, path, _is_dir(entry)):
                continue
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
            if is_link and not self.config.follow_external_links:
                try:
                    target = path.resolve(strict=True)
                except OSError as exc:
                    yield Problem(path, _os_reason(exc))
                    continue
                if self.outside(target) and (
                    stat.S_ISDIR(st.st_mode) or path.suffix.lower() in self.extensions
                ):
                    yield Problem(path, EXTERNAL_LINK)
                    continue
                if self.outside(target):
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
                stack.append((iter(sub), ancestors | {real}, _with_ignore_file(rules, path)))
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


#: The ignore file read in every walked folder (gitignore syntax).
IGNORE_FILE = ".notelensignore"

#: ``(folder, compiled spec)`` of each ``.notelensignore`` above a walked entry.
_Rules = tuple[tuple[Path, Any], ...]


def _with_ignore_file(rules: _Rules, folder: Path) -> _Rules:
    """``rules`` plus ``folder``'s ``.notelensignore`` when it has a readable one."""
    try:
        text = (folder / IGNORE_FILE).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return rules
    import pathspec

    return (*rules, (folder, pathspec.GitIgnoreSpec.from_lines(text.splitlines())))


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _ignored(rules: _Rules, path: Path, is_dir: bool) -> bool:
    for base, spec in rules:
        rel = path.relative_to(base).as_posix() + ("/" if is_dir else "")
        if spec.match_file(rel):
            return True
    return False


def discover(
    paths: Sequence[Path], config: IngestConfig | None = None
) -> Iterator[Candidate | Problem]:
    """Walk ``paths`` (files and folders); see the module doc for the rules."""
    walk = _Walk(config or IngestConfig())
    walk.set_roots(paths)
    for raw in paths:
        yield from walk.root(Path(raw))


def admit(
    paths: Sequence[Path], roots: Sequence[Path], config: IngestConfig | None = None
) -> Iterator[Candidate | Problem]:
    """What a walk of ``roots`` would yield for ``paths`` only (a folder watch's changed
    files and folders), without walking the rest: the same hidden-folder, ``ignore_dirs``,
    ``.notelensignore``, extension and symlink rules. A path under no root, hidden,
    ignored or gone yields nothing; a folder is walked."""
    walk = _Walk(config or IngestConfig())
    walk.set_roots(roots)
    tops = [Path(os.path.abspath(Path(r).expanduser())) for r in roots]
    for raw in paths:
        path = Path(os.path.abspath(Path(raw).expanduser()))
        top = next((t for t in tops if path == t or t in path.parents), None)
        if top is None or path == top:
            continue
        parts = path.relative_to(top).parts
        if any(p.startswith(".") for p in parts) or any(p in walk.ignore for p in parts[:-1]):
            continue
        rules = _with_ignore_file((), top)
        folder, skip = top, False
        for k, part in enumerate(parts):
            here = folder / part
            last = k == len(parts) - 1
            if rules and _ignored(rules, here, not last or here.is_dir()):
                skip = True
                break
            if not last:
                folder = here
                rules = _with_ignore_file(rules, folder)
        if skip:
            continue
        try:
            st = path.stat()
        except OSError:
            if path.is_symlink() and path.suffix.lower() in walk.extensions:
                yield Problem(path, "broken symlink")
            continue
        if path.is_symlink() and not walk.config.follow_external_links:
            if not walk.config.follow_symlinks:
                continue
            try:
                outside = walk.outside(path.resolve(strict=True))
            except OSError as exc:
                yield Problem(path, _os_reason(exc))
                continue
            if outside:
                if stat.S_ISDIR(st.st_mode) or path.suffix.lower() in walk.extensions:
                    yield Problem(path, EXTERNAL_LINK)
                continue
        if stat.S_ISDIR(st.st_mode):
            if parts[-1] not in walk.ignore:
                yield from walk.tree(path, rules)
        elif path.suffix.lower() in walk.extensions:
            yield from walk.file(path, st)


def read_regular(path: Path, limit: int) -> tuple[os.stat_result, bytes]:
    """The stat and bytes of the regular file at ``path`` (links followed).

    Opened non-blocking and checked on the open descriptor, so a FIFO, a device
    (``/dev/zero``), a socket or a file swapped for one since the walk is refused
    (:class:`UnsupportedFileError`) instead of blocking or reading without end; the read
    stops at ``limit + 1`` bytes, so a file that grew is refused too. Raises ``OSError``
    when the file cannot be opened or read.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            reason = "not a regular file (FIFO, device or socket)"
            raise UnsupportedFileError(reason, path=str(path))
        if st.st_size > limit:
            raise UnsupportedFileError(size_problem(st.st_size, limit), path=str(path))
        chunks: list[bytes] = []
        got = 0
        while got <= limit:
            block = os.read(fd, min(1 << 20, limit + 1 - got))
            if not block:
                break
            chunks.append(block)
            got += len(block)
        if got > limit:
            raise UnsupportedFileError(size_problem(got, limit), path=str(path))
        return st, b"".join(chunks)
    finally:
        os.close(fd)
