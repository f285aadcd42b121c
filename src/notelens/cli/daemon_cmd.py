"""``notelens daemon start|stop|status``: the index's warm background service by hand.

``search``, ``ask`` and ``status`` start it on first use anyway (notelens.cli.warm);
these commands are for scripts and for stopping it now rather than at its idle exit.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from notelens.cli.common import IndexOpt, JsonOpt, escape, fail, guard, out


def _index_dir(index: Path | None) -> Path:
    from notelens.config import default_index_dir

    return (index if index is not None else default_index_dir()).expanduser().resolve()


def register(app: typer.Typer) -> None:
    """Add the ``daemon`` command group to ``app``."""
    group = typer.Typer(
        help="The index's warm background service that search/ask/status use.",
        no_args_is_help=True,
    )
    app.add_typer(group, name="daemon")

    @group.command("start")
    def start_cmd(
        index: IndexOpt = None,
        verbose: Annotated[bool, typer.Option("--verbose", help="Log requests.")] = False,
    ) -> None:
        """Start the daemon of the index (or report the one already running)."""
        from notelens.cli.warm import SERVICE_MODULE
        from notelens.config import DaemonConfig
        from notelens.daemon.client import DaemonUnavailable, connect

        def body() -> None:
            where = _index_dir(index)
            try:
                daemon = connect(
                    where, DaemonConfig.from_env(), verbose=verbose, module=SERVICE_MODULE
                )
            except DaemonUnavailable as exc:
                fail(f"no daemon started: {escape(str(exc))}", 1)
            out.print(f"daemon {daemon.pid} serves {escape(str(where))}")

        guard(body)

    @group.command("stop")
    def stop_cmd(index: IndexOpt = None) -> None:
        """Stop the daemon of the index, if one runs."""
        from notelens.daemon.client import stop

        def body() -> None:
            where = _index_dir(index)
            pid = stop(where)
            if pid is None:
                out.print(f"no daemon runs for {escape(str(where))}")
            else:
                out.print(f"stopped daemon {pid}")

        guard(body)

    @group.command("status")
    def status_cmd(index: IndexOpt = None, as_json: JsonOpt = False) -> None:
        """Whether a daemon serves the index, and whether this CLI would use it."""
        from notelens.daemon.client import BUSY, probe
        from notelens.daemon.place import DaemonPlace

        def body() -> None:
            place = DaemonPlace.of(_index_dir(index))
            daemon, state, why = probe(place)
            # Alive and connected but slow to answer (loading Kiwi while idle, or a
            # loaded machine): it runs, and the next command will wait for it.
            busy = daemon is None and state is not None and why.startswith(BUSY)
            info = {
                "index_dir": str(place.index_dir),
                "running": daemon is not None or busy,
                "busy": busy,
                "pid": daemon.pid if daemon else (state.pid if state else None),
                "socket": daemon.socket if daemon else (state.socket if busy and state else None),
                "detail": why,
            }
            where = escape(str(place.index_dir))
            if as_json:
                sys.stdout.write(json.dumps(info, ensure_ascii=False) + "\n")
            elif daemon is not None:
                out.print(f"daemon {daemon.pid} serves {where}")
            elif busy and state is not None:
                out.print(
                    f"daemon {state.pid} serves {where} but is busy (loading models, or a "
                    "loaded machine); a command waits for it, then runs in-process"
                )
            else:
                out.print(f"no usable daemon for {where}: {escape(why)}")
            if not info["running"]:
                raise typer.Exit(1)

        guard(body)
