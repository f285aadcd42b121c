"""The daemon: one warm :class:`~notelens.engine.Engine` behind a Unix socket.

HTTP/1.0 over the socket (stdlib ``http.server``: one request per connection, which is
all a CLI process sends), JSON in and out:

* ``GET /hello`` -- ``{"version", "pid", "index_dir", "fingerprint"}``: the CLI checks
  these before trusting the answers;
* ``POST /search`` -- body as ``POST /search`` of the HTTP API plus ``show_pii``;
  answers ``{"result": SearchJSON}`` with ``explain`` on every hit (the terminal
  rendering highlights the matched terms) -- the CLI drops it for ``--json`` unless asked;
* ``POST /ask`` -- body as the HTTP API's plus ``show_pii`` and ``stream``; answers
  newline-delimited JSON events: ``{"event": "token", "data": str}``... (when
  ``stream``), then ``{"event": "answer", "data": AnswerJSON, "note": str}``;
* ``POST /status`` -- ``{"result": StatusJSON, "coverage": coverage.json's summary}``;
* ``POST /cli`` -- a whole ``search``/``ask``/``status`` command rendered here for the
  client's terminal (:mod:`notelens.daemon.wire` has the request, a :class:`CliHandler`
  the rendering): newline-delimited ``{"fd": 1|2, "text": str}`` events in the order
  they were written, then ``{"exit": int}``; or one ``{"fallback": why}`` when the
  client should start another daemon or run in-process;
* ``POST /stop`` -- exits after answering.

Errors: ``{"error": {"message", "exit_code"}}``, which the CLI prints as in-process.
Unlike ``notelens serve`` this surface is the owner's own terminal: the local guard
settings apply, not the shared-surface masking.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import json
import logging
import os
import signal
import socketserver
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, Protocol

from notelens.config import DaemonConfig, Settings, daemon_fingerprint
from notelens.contracts import SEARCH_K
from notelens.daemon.place import DaemonPlace, DaemonState, this_version
from notelens.daemon.wire import CLI_ROUTE, SKIP
from notelens.engine import Engine
from notelens.errors import ConfigError, NotelensError

log = logging.getLogger(__name__)


#: How long a request waits for the start-up loads (a slow one must not hold requests
#: for ever; after this they run and load what they need themselves).
WARM_UP_WAIT_S = 120.0
#: The warm-up query: Korean and English, so that both analyzers' paths run once.
WARM_UP_QUERY = "warm up 준비"


class CliHandler(Protocol):
    """Runs one CLI command for a client's terminal (:mod:`notelens.cli.remote`).

    ``engine_for(show_pii)`` gives the engine; ``request`` is the client's ``/cli`` body
    (``command``, ``terminal``); each piece of output goes to ``emit(fd, text)`` as it
    is written. Returns the exit code, or None when the command is one the client's
    Typer path must handle (a value it rejects) -- before emitting anything."""

    def __call__(
        self,
        engine_for: Callable[[bool], Engine],
        request: dict[str, Any],
        emit: Callable[[int, str], None],
    ) -> int | None: ...


class _Engines:
    """The engine for the local guard settings and, built on first use from the same
    loaded analyzer, embedder and store, the one for ``--show-pii``."""

    def __init__(self, base: Engine) -> None:
        self.base = base
        self._unmasked: Engine | None = None
        self._lock = threading.Lock()

    def get(self, show_pii: bool) -> Engine:
        if not show_pii:
            return self.base
        with self._lock:
            if self._unmasked is None:
                b = self.base
                g = b.settings.guard
                self._unmasked = Engine(
                    b.index_dir,
                    settings=replace(
                        b.settings, guard=replace(g, redact_kinds=(), shared_redact_kinds=())
                    ),
                    analyzer=b.analyzer,
                    embedder=b.embedder,
                    stores=b.stores,
                )
            return self._unmasked


class _Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True
    allow_reuse_address = False

    def __init__(self, path: str, service: Service) -> None:
        self.service = service
        super().__init__(path, _Handler)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        log.debug(format, *args)

    def address_string(self) -> str:
        return "unix"

    def do_GET(self) -> None:
        self.server.service.handle(self, "GET")

    def do_POST(self) -> None:
        self.server.service.handle(self, "POST")

    def send_json(self, status: int, payload: Any) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def start_lines(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.end_headers()

    def send_line(self, payload: Any) -> None:
        self.wfile.write(json.dumps(payload, ensure_ascii=False).encode() + b"\n")
        self.wfile.flush()

    def body(self) -> dict[str, Any]:
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n else b"{}"
        value = json.loads(raw)
        if not isinstance(value, dict):
            raise ValueError("the request body must be a JSON object")
        return value


def error_body(exc: BaseException) -> dict[str, Any]:
    """The CLI's one error line for ``exc`` (as ``cli.common.guard`` words it)."""
    if isinstance(exc, NotelensError):
        return {"error": {"message": str(exc), "exit_code": exc.exit_code}}
    return {
        "error": {
            "message": f"unexpected {type(exc).__name__}: {exc} "
            "(this is a bug; rerun with NOTELENS_DEBUG=1 for details)",
            "exit_code": 1,
        }
    }


class Service:
    """Serve ``engine`` on ``place``'s socket until idle for ``cfg.idle_s`` or stopped."""

    def __init__(
        self,
        engine: Engine,
        place: DaemonPlace,
        cfg: DaemonConfig,
        cli: CliHandler | None = None,
    ) -> None:
        self.engines = _Engines(engine)
        self.place = place
        self.cfg = cfg
        self.cli = cli
        self.fingerprint = daemon_fingerprint()
        self._active = 0
        self._requests = 0  # ever received (the warm-up query runs only before the first)
        self._last = time.monotonic()
        self._cv = threading.Condition()
        self._stop = threading.Event()
        # Set when the store and the embedding model are loaded: what every request
        # needs. A request arriving earlier waits for them rather than loading them
        # itself a second time.
        self._ready = threading.Event()
        # Held by the warm-up query: a request waits for it, so it is never batched with
        # it (a batch pads its queries, which moves the query vector in the third
        # decimal: output must equal in-process).
        self._gate = threading.Lock()
        self._server: _Server | None = None
        self._state: DaemonState | None = None

    # -- requests -------------------------------------------------------------------------

    def handle(self, req: _Handler, method: str) -> None:
        with self._cv:
            self._active += 1
            if method == "POST":
                self._requests += 1
        try:
            self._route(req, method)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the CLI went away (Ctrl-C); nothing to answer
        finally:
            with self._cv:
                self._active -= 1
                self._last = time.monotonic()
                self._cv.notify_all()

    def _route(self, req: _Handler, method: str) -> None:
        path = req.path
        if method == "GET" and path == "/hello":
            req.send_json(
                200,
                {
                    "version": this_version(),
                    "pid": os.getpid(),
                    "index_dir": str(self.place.index_dir),
                    "fingerprint": self.fingerprint,
                },
            )
            return
        if method != "POST" or path not in ("/search", "/ask", "/status", "/stop", CLI_ROUTE):
            req.send_json(404, {"error": {"message": f"no route {method} {path}", "exit_code": 1}})
            return
        if path == "/stop":
            req.send_json(200, {"stopping": True})
            self._stop.set()
            return
        try:
            body = req.body()
        except ValueError as exc:
            req.send_json(400, error_body(ConfigError(f"bad request: {exc}")))
            return
        if path == CLI_ROUTE:
            self._cli(req, body)
            return
        self._wait_warm()
        if path == "/ask":
            self._ask(req, body)
            return
        try:
            payload = self._search(body) if path == "/search" else self._status()
        except Exception as exc:
            log.debug("request failed", exc_info=True)
            req.send_json(200, error_body(exc))
            return
        req.send_json(200, payload)

    def _wait_warm(self) -> None:
        self._ready.wait(WARM_UP_WAIT_S)
        with self._gate:
            pass  # a warm-up query in flight finishes first

    def _mismatch(self, body: dict[str, Any]) -> str | None:
        """Why this daemon must not answer this client (what ``/hello`` lets a client
        check), or None."""
        if body.get("index_dir") != str(self.place.index_dir):
            return f"the socket serves another index ({self.place.index_dir})"
        if body.get("version") != this_version():
            return f"daemon of notelens {this_version()}"
        env = body.get("env")
        if not isinstance(env, dict):
            return f"{SKIP} bad request (no env)"
        try:
            DaemonConfig.from_env(env)
        except ConfigError as exc:
            return f"{SKIP} {exc}"  # the Typer path reports the bad setting
        if daemon_fingerprint(env) != self.fingerprint:
            return "daemon started with other NOTELENS_* settings"
        return None

    def _cli(self, req: _Handler, body: dict[str, Any]) -> None:
        why = self._mismatch(body)
        if why is None and self.cli is None:
            why = f"{SKIP} this daemon does not render CLI output"
        if why is not None or self.cli is None:
            req.send_json(200, {"fallback": why})
            return
        self._wait_warm()
        req.start_lines()

        def emit(fd: int, text: str) -> None:
            req.send_line({"fd": fd, "text": text})

        try:
            code = self.cli(self.engines.get, body, emit)
        except (BrokenPipeError, ConnectionResetError):
            raise
        except Exception as exc:  # the handler reports the command's errors itself
            log.warning("CLI request failed", exc_info=True)
            req.send_line(error_body(exc))
            return
        req.send_line({"exit": code} if code is not None else {"fallback": f"{SKIP} usage"})

    def _search(self, body: dict[str, Any]) -> dict[str, Any]:
        eng = self.engines.get(bool(body.get("show_pii")))
        hits = eng.search(
            str(body["query"]),
            k=int(body.get("k", SEARCH_K)),
            mode=str(body.get("mode", "hybrid")),
            source=body.get("source"),
            lang=body.get("lang"),
            rerank=body.get("rerank"),
        )
        result = {
            "query": body["query"],
            "mode": body.get("mode", "hybrid"),
            "hits": [h.to_dict(explain=True) for h in hits],
        }
        return {"result": result}

    def _status(self) -> dict[str, Any]:
        eng = self.engines.base
        cov = eng.coverage()  # the per-kind lines `status` prints under the status
        return {"result": eng.status().to_dict(), "coverage": cov.to_dict() if cov else None}

    def _ask(self, req: _Handler, body: dict[str, Any]) -> None:
        eng = self.engines.get(bool(body.get("show_pii")))
        req.start_lines()
        on_token = None
        if body.get("stream"):

            def on_token(token: str) -> None:
                req.send_line({"event": "token", "data": token})

        try:
            answer = eng.ask(
                str(body["question"]),
                k=int(body.get("k", 5)),
                llm=body.get("llm"),
                mode=body.get("mode", "hybrid"),
                source=body.get("source"),
                lang=body.get("lang"),
                rerank=body.get("rerank"),
                on_token=on_token,
            )
        except (BrokenPipeError, ConnectionResetError):
            raise
        except Exception as exc:
            log.debug("ask failed", exc_info=True)
            req.send_line({"event": "error", **error_body(exc)})
            return
        req.send_line({"event": "answer", "data": answer.to_dict(), "note": answer.note})

    # -- life -----------------------------------------------------------------------------

    def serve(self) -> None:
        """Bind, announce, warm up, and serve until stopped or idle."""
        sock = self.place.socket_path()
        with contextlib.suppress(FileNotFoundError):
            sock.unlink()  # a dead daemon's; the client checked it no longer answers
        old = os.umask(0o077)  # the socket is created 0600
        try:
            self._server = _Server(str(sock), self)
        finally:
            os.umask(old)
        os.chmod(sock, 0o600)
        self._state = DaemonState(
            pid=os.getpid(),
            version=this_version(),
            fingerprint=self.fingerprint,
            index_dir=str(self.place.index_dir),
            socket=str(sock),
        )
        self.place.write_state(self._state)
        atexit.register(self._cleanup)
        signal.signal(signal.SIGTERM, lambda *_: self._stop.set())
        signal.signal(signal.SIGINT, lambda *_: self._stop.set())
        threading.Thread(target=self._server.serve_forever, name="daemon-serve").start()
        threading.Thread(target=self._warm, name="daemon-warm", daemon=True).start()
        log.info("serving %s on %s", self.place.index_dir, sock)
        while not self._stop.wait(min(5.0, self.cfg.idle_s / 4)):
            with self._cv:
                idle = self._active == 0 and time.monotonic() - self._last >= self.cfg.idle_s
            if idle:
                log.info("idle for %.0f s: exiting", self.cfg.idle_s)
                break
        self._server.shutdown()
        self._server.server_close()
        self._cleanup()

    def _warm(self) -> None:
        """Load what every request needs -- the store, the embedding model -- then, when
        no request is running, the analyzer and (before any request came) one query.

        The order is the first command's: it arrives while these load and needs the
        store and the model whatever it asks. Kiwi loads after them, and only when idle,
        because it holds the GIL for its whole load (~1 s): an English first command,
        which in-process would never load it, must not wait for it; a Korean one loads
        it itself (the analyzer's lock keeps it to one load). A missing or foreign index
        only logs: each request then reports it as in-process would."""
        eng = self.engines.base
        try:
            for step in (eng.status, lambda: _warm_up(eng.embedder)):
                step()
        except Exception as exc:
            log.info("warm-up: %s", exc)
        finally:
            self._ready.set()
        with self._cv:
            while self._active and not self._stop.is_set():
                self._cv.wait(1.0)
        try:
            with self._gate:
                _warm_up(eng.analyzer)
                if self._requests == 0:
                    eng.search(WARM_UP_QUERY, k=1)
        except Exception as exc:
            log.info("warm-up: %s", exc)

    def _cleanup(self) -> None:
        # Only our own files: a newer daemon may have replaced them already.
        if self._state is not None and self.place.read_state() == self._state:
            self.place.clear()
        self._state = None


def _warm_up(part: object) -> None:
    """``part.warm_up()`` where the analyzer or embedder has one (load it now)."""
    warm_up = getattr(part, "warm_up", None)
    if warm_up is not None:
        warm_up()


def run(index_dir: Path, cli: CliHandler | None = None) -> None:
    """``python -m notelens.daemon --index DIR``: serve that index until idle (with
    ``cli``, also whole CLI commands: ``python -m notelens.cli.remote``)."""
    place = DaemonPlace.of(index_dir)
    place.ensure_dir()
    settings = Settings.from_env()
    with Engine(place.index_dir, settings=settings) as engine:  # closes a server's pools
        engine.stores.quiet_logs()
        Service(engine, place, DaemonConfig.from_env(), cli).serve()


def main(
    argv: list[str] | None = None,
    cli: CliHandler | None = None,
    prog: str = "python -m notelens.daemon",
) -> int:
    """The daemon process: ``PROG --index DIR [--verbose]``."""
    parser = argparse.ArgumentParser(prog=prog)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    run(args.index, cli)
    return 0
