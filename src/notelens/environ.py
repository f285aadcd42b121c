"""The few ``NOTELENS_*`` variables the warm CLI reads before anything else is imported.

A warm ``notelens search`` has ~60 ms in all, ~10 of them the interpreter's own start:
it cannot import :mod:`notelens.config` (its dataclasses and regexes cost more than the
rest of the warm path) just to learn whether the daemon is wanted and where the index
is. So those few variables are read here, with ``os`` only, and :mod:`notelens.config`
reads them through the same functions: one spelling, one rule.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

ENV_INDEX = "NOTELENS_INDEX"
ENV_DAEMON = "NOTELENS_DAEMON"
#: Every notelens variable starts so; the daemon compares the ones that shape answers.
PREFIX = "NOTELENS_"
#: ``NOTELENS_DAEMON`` values that turn the daemon off (as ``--no-daemon`` does).
DAEMON_OFF = frozenset({"0", "false", "no", "off"})


def _env(environ: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if environ is None else environ


def daemon_wanted(environ: Mapping[str, str] | None = None) -> bool:
    """``NOTELENS_DAEMON`` is not one of :data:`DAEMON_OFF` (unset: wanted)."""
    return _env(environ).get(ENV_DAEMON, "").strip().lower() not in DAEMON_OFF


def index_from_env(environ: Mapping[str, str] | None = None) -> str | None:
    """``NOTELENS_INDEX`` with ``~`` expanded; None when unset or empty."""
    value = _env(environ).get(ENV_INDEX)
    return os.path.expanduser(value) if value else None


def default_index_path(environ: Mapping[str, str] | None = None) -> str:
    """The index folder a command without ``--index`` uses: ``NOTELENS_INDEX``, else
    the per-user data folder's ``index`` (platformdirs, imported only then)."""
    named = index_from_env(environ)
    if named is not None:
        return named
    from platformdirs import user_data_dir

    return os.path.join(user_data_dir("notelens", appauthor=False), "index")


def notelens_vars(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Every ``NOTELENS_*`` variable: what a CLI sends its daemon, which decides
    (``config.daemon_fingerprint``) whether it was started with the same settings."""
    return {k: v for k, v in _env(environ).items() if k.startswith(PREFIX)}
