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
* ``POST /stop`` -- exits after answering.

Errors: ``{"error": {"message", "exit_code"}}``, which the CLI prints as in-process.
Unlike ``notelens serve`` this surface is the owner's own terminal: the local guard
settings apply, not the shared-surface masking.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import os
import signal
import socketserver
import threading
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from notelens.config import DaemonConfig, Settings, daemon_fingerprint
from notelens.daemon.place import DaemonPlace, DaemonState, this_version
from notelens.engine import Engine
from notelens.errors import ConfigError, NotelensError

log = logging.getLogger(__name__)


#: How long a request waits for the warm-up query to finish (a slow warm-up must not
#: hold requests for ever; after this they run, batched or not).
WARM_UP_WAIT_S = 120.0


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

    def __init__(self, engine: Engine, place: DaemonPlace, cfg: DaemonConfig) -> None:
        self.engines = _Engines(engine)
        self.place = place
        self.cfg = cfg
        self.fingerprint = daemon_fingerprint()
        self._active = 0
        self._last = time.monotonic()
        self._cv = threading.Condition()
        self._stop = threading.Event()
        # Set when the warm-up query is done: a request arriving meanwhile waits for it,
        # so it is never batched with the warm-up query (a batch pads its queries, which
        # moves the query vector in the third decimal: output must equal in-process).
        self._warmed = threading.Event()
        self._server: _Server | None = None
        self._state: DaemonState | None = None

    # -- requests -------------------------------------------------------------------------

    def handle(self, req: _Handler, method: str) -> None:
        with self._cv:
            self._active += 1
        try:
            self._route(req, method)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the CLI went away (Ctrl-C); nothing to answer
        finally:
            with self._cv:
                self._active -= 1
                self._last = time.monotonic()

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
        if method != "POST" or path not in ("/search", "/ask", "/status", "/stop"):
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
        self._warmed.wait(WARM_UP_WAIT_S)
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

    def _search(self, body: dict[str, Any]) -> dict[str, Any]:
        eng = self.engines.get(bool(body.get("show_pii")))
        hits = eng.search(
            str(body["query"]),
            k=int(body.get("k", 10)),
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
        """Load the analyzer, the model and the store now, so that the first command
        after ``daemon start`` is already warm. A missing or foreign index only logs:
        each request then reports it as in-process would."""
        try:
            eng = self.engines.base
            eng.status()
            eng.search("warm up", k=1)
        except Exception as exc:
            log.info("warm-up: %s", exc)
        finally:
            self._warmed.set()

    def _cleanup(self) -> None:
        # Only our own files: a newer daemon may have replaced them already.
        if self._state is not None and self.place.read_state() == self._state:
            self.place.clear()
        self._state = None


def run(index_dir: Path) -> None:
    """``python -m notelens.daemon --index DIR``: serve that index until idle."""
    place = DaemonPlace.of(index_dir)
    place.ensure_dir()
    settings = Settings.from_env()
    engine = Engine(place.index_dir, settings=settings)
    engine.stores.quiet_logs()
    Service(engine, place, DaemonConfig.from_env()).serve()
