"""Who may call the API and which files a request may read.

* Loopback by default. Binding elsewhere needs a token (``NOTELENS_TOKEN``), sent as
  ``Authorization: Bearer <token>``; without one the server refuses to start.
* Without a token the app only answers requests whose ``Host`` is a loopback name, so a
  web page elsewhere cannot reach it through DNS rebinding.
* Files are read only from inside the configured note folders (symlinks resolved).
"""

from __future__ import annotations

import hmac
import ipaddress
import re
from collections.abc import Iterable
from pathlib import Path

from notelens.config import ENV_TOKEN, ServerConfig
from notelens.errors import ConfigError

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if host.strip("[]") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


_PORT = re.compile(r"[0-9]{1,5}")


def host_name(header: str) -> str | None:
    """The host of a ``Host`` header without its port, or ``None`` when the header is
    not ``name``, ``name:port``, ``[v6]`` or ``[v6]:port`` exactly (``[::1]evil.com``
    is refused, not read as ``[::1]``)."""
    if header.startswith("["):
        close = header.find("]")
        if close < 0:
            return None
        rest = header[close + 1 :]
        if rest and not (rest.startswith(":") and _PORT.fullmatch(rest[1:])):
            return None
        return header[: close + 1]
    name, sep, port = header.partition(":")
    if sep and not _PORT.fullmatch(port):
        return None
    return name or None


def check_bind(config: ServerConfig) -> None:
    """Refuse to listen off loopback without a token (raises :class:`ConfigError`)."""
    if not is_loopback(config.host) and not config.token:
        raise ConfigError(
            f"refusing to listen on {config.host} without a token",
            hint=f"set {ENV_TOKEN} (clients send it as 'Authorization: Bearer ...'), "
            "or keep the default --host 127.0.0.1",
        )
    if config.token is not None and len(config.token) < 16:
        raise ConfigError(
            f"{ENV_TOKEN} is too short to protect the server",
            hint="use at least 16 random characters, e.g. from `openssl rand -hex 16`",
        )


def token_ok(expected: str, header: str | None) -> bool:
    """Constant-time check of an ``Authorization: Bearer`` header."""
    if not header:
        return False
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(value.strip().encode(), expected.encode())


def inside(path: Path, folders: Iterable[Path]) -> bool:
    """True when ``path`` (resolved) lies inside one of ``folders`` (resolved)."""
    real = path.resolve()
    for folder in folders:
        root = folder.resolve()
        if real == root or root in real.parents:
            return True
    return False
