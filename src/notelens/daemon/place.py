"""Where a daemon lives: ``<index>/.daemon/`` (0700) holds its state file, log and start
lock, and its socket (0600) unless that path is too long for a Unix socket.

Stdlib only: the CLI imports this on every warm command.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from notelens._version import __version__
from notelens.daemon.wire import STATE_DIR, STATE_FILE
from notelens.errors import ConfigError
from notelens.fileio import write_atomic

#: sun_path holds 108 bytes on Linux, 104 on macOS; keep a margin.
MAX_SOCKET_PATH = 100


@dataclass(frozen=True, slots=True)
class DaemonState:
    """What a running daemon wrote about itself (``daemon.json``)."""

    pid: int
    version: str
    fingerprint: str
    index_dir: str
    socket: str

    def to_json(self) -> str:
        return json.dumps(
            {
                "pid": self.pid,
                "version": self.version,
                "fingerprint": self.fingerprint,
                "index_dir": self.index_dir,
                "socket": self.socket,
            }
        )

    @classmethod
    def from_json(cls, text: str) -> DaemonState | None:
        try:
            raw = json.loads(text)
            return cls(
                pid=int(raw["pid"]),
                version=str(raw["version"]),
                fingerprint=str(raw["fingerprint"]),
                index_dir=str(raw["index_dir"]),
                socket=str(raw["socket"]),
            )
        except (ValueError, KeyError, TypeError):
            return None


@dataclass(frozen=True, slots=True)
class DaemonPlace:
    """The files of the daemon of one index folder."""

    index_dir: Path  # absolute, resolved

    @classmethod
    def of(cls, index_dir: Path) -> DaemonPlace:
        return cls(index_dir.expanduser().resolve())

    @property
    def dir(self) -> Path:
        return self.index_dir / STATE_DIR

    @property
    def state_file(self) -> Path:
        return self.dir / STATE_FILE

    @property
    def log_file(self) -> Path:
        return self.dir / "daemon.log"

    @property
    def start_lock(self) -> Path:
        return self.dir / "start.lock"

    @property
    def index_exists(self) -> bool:
        """An index was built here (``meta.json``; see :mod:`notelens.index.layout`)."""
        return (self.index_dir / "meta.json").is_file()

    def socket_path(self) -> Path:
        """``.daemon/sock``, or a user-only temp folder's ``<hash>.sock`` when the index
        path is too long for a Unix socket address."""
        near = self.dir / "sock"
        if len(os.fsencode(near)) <= MAX_SOCKET_PATH:
            return near
        digest = hashlib.sha256(os.fsencode(self.index_dir)).hexdigest()[:20]
        return private_dir(Path(tempfile.gettempdir()) / f"notelens-{os.getuid()}") / (
            f"{digest}.sock"
        )

    def ensure_dir(self) -> Path:
        return private_dir(self.dir)

    def read_state(self) -> DaemonState | None:
        try:
            return DaemonState.from_json(self.state_file.read_text(encoding="utf-8"))
        except OSError:
            return None

    def write_state(self, state: DaemonState) -> None:
        # 0600 like the socket: only this user's clients read it.
        write_atomic(self.state_file, state.to_json(), mode=0o600)

    def clear(self) -> None:
        """Remove a (dead or stopping) daemon's socket and state file. Only this place's
        own socket path: a copied index folder's state may name the original's socket."""
        for path in (self.socket_path(), self.state_file):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


def private_dir(path: Path) -> Path:
    """``path`` as a folder only this user can enter (created 0700); one that another
    user owns or others can enter is refused: a socket there could be swapped."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    st = path.lstat()
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
        raise ConfigError(f"{path} is not a folder of this user", hint="remove it")
    if st.st_mode & 0o077:
        os.chmod(path, 0o700)
    return path


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def this_version() -> str:
    return __version__
