"""Test helpers for the HTTP server: a real uvicorn on a free loopback port, in a thread,
and a small index of examples/notes (written for this repo) in a temp folder."""

from __future__ import annotations

import contextlib
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "notes"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build_example_index(work: Path, **models: Any) -> tuple[Any, Path]:
    """Copy examples/notes under ``work`` and index it; returns (engine, notes folder).

    For tests that change the notes or the index; read-only tests use conftest.py's
    shared ``example_index``. ``models``: ``analyzer=``/``embedder=`` for the engine (the
    session's, so that no model is loaded again).
    """
    from notelens import Engine

    notes = work / "notes"
    shutil.copytree(EXAMPLES, notes)
    engine = Engine(work / "index", **models)
    report = engine.index([notes])
    assert report.ok, report.to_dict()
    return engine, notes.resolve()


@contextlib.contextmanager
def serving(app: Any, host: str = "127.0.0.1", **options: Any) -> Iterator[str]:
    """Run ``app`` with uvicorn on a free port until the block ends; yields the base URL.
    ``options``: more ``uvicorn.Config`` arguments (``notelens.server.limits.uvicorn_options``)."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False, **options)
    )
    thread = threading.Thread(target=server.run, name="test-uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
