"""Finding or starting the index's daemon (:mod:`notelens.daemon`) for ``search``/
``ask``/``status``, and the Typer path's requests to it (JSON, rendered here).

The plain warm command does not come here: :mod:`notelens.cli.fast` sends it straight
to the running daemon's socket (``daemon.wire``), which renders it. This module is its
slow path -- start the first daemon, replace a dead or outdated one -- and the Typer
path's (``-v``, note filters: it asks the daemon's JSON routes and renders locally).
Any trouble reaching the daemon -- disabled, no index yet, started with other settings,
died mid-request -- means the command runs in-process, as it did before the daemon
existed; ``-v`` logs why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from notelens.config import DaemonConfig, default_index_dir, opt_out_of_daemon
from notelens.daemon.client import Daemon, DaemonUnavailable, RemoteError, connect

log = logging.getLogger(__name__)

#: Reaching the daemon failed at the transport level: run in-process instead.
TRANSPORT_ERRORS = (OSError, ValueError, StopIteration)
#: What the CLI's daemons run: the service with the CLI's terminal rendering.
SERVICE_MODULE = "notelens.cli.remote"


def disable() -> None:
    """``notelens --no-daemon``: this process (and what it starts) runs in-process."""
    opt_out_of_daemon()


def daemon_for(index: Path | None) -> Daemon | None:
    """The daemon to ask for this command, or None to run in-process."""
    cfg = DaemonConfig.from_env()
    if not cfg.enabled:
        return None
    index_dir = index if index is not None else default_index_dir()
    verbose = logging.getLogger().getEffectiveLevel() <= logging.INFO
    try:
        return connect(index_dir, cfg, verbose=verbose, module=SERVICE_MODULE)
    except DaemonUnavailable as exc:
        log.info("running in-process: %s", exc)
    except TRANSPORT_ERRORS as exc:
        log.info("running in-process: the daemon cannot be reached (%s)", exc)
    return None


def _checked(payload: dict[str, Any]) -> dict[str, Any]:
    """A daemon's answer; its error as :class:`RemoteError` (printed as in-process)."""
    error = payload.get("error")
    if isinstance(error, dict):
        raise RemoteError(str(error.get("message", "?")), int(error.get("exit_code", 1)))
    return payload


def request(daemon: Daemon, path: str, body: dict[str, Any]) -> dict[str, Any] | None:
    """One request's answer; None when the daemon could not be reached (run in-process)."""
    try:
        payload = daemon.request(path, body)
    except TRANSPORT_ERRORS as exc:
        log.info("running in-process: the daemon failed (%s)", exc)
        return None
    return _checked(payload)


def stream(
    daemon: Daemon, path: str, body: dict[str, Any], on_event: Callable[[dict[str, Any]], None]
) -> dict[str, Any] | None:
    """Events of a streamed answer to ``on_event``; the last one (``answer``) returned.
    None when the daemon failed before any event (run in-process)."""
    last: dict[str, Any] | None = None
    events: Iterator[dict[str, Any]] = daemon.lines(path, body)
    try:
        for ev in events:
            last = _checked(ev)
            if ev.get("event") != "answer":
                on_event(ev)
    except TRANSPORT_ERRORS as exc:
        if last is not None:
            # Tokens were shown already: a second answer in-process would confuse.
            raise RemoteError(f"the daemon stopped mid-answer ({exc}); ask again", 1) from None
        log.info("running in-process: the daemon failed (%s)", exc)
        return None
    return last
