"""The FastAPI application: ``create_app(settings)``.

Routes (all JSON; bodies mirror the CLI's ``--json`` contracts):

* ``POST /search`` — ``notelens search --json``
* ``POST /ask`` — ``notelens ask --json``, or server-sent events (``evidence``,
  ``token``..., ``answer``, or ``error``) when an LLM answers or ``stream`` is true
* ``POST /index`` — re-index the configured folders in the background (202; 409 busy);
  ``GET /index`` — that run's state and, once done, its report
* ``GET /status`` — ``notelens status --json`` plus the folders and the index run
* ``GET /passage`` — lines around a cited range, only from inside the note folders
* ``GET /healthz`` — liveness, no auth; ``GET /openapi.json`` — the schema
* ``GET /`` — the web page (assets ship with the package; no CDN)
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Annotated, Any, Literal, cast

from fastapi import APIRouter, Body, Depends, FastAPI, Query
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from notelens._version import __version__
from notelens.config import Settings
from notelens.contracts import (
    DigestJSON,
    GlossaryJSON,
    GlossaryTermJSON,
    NotesSearchJSON,
    PageConfigJSON,
    RelatedListJSON,
    SummaryJSON,
)
from notelens.engine import Engine
from notelens.errors import NotelensError
from notelens.paths import source_path
from notelens.server import errors
from notelens.server.errors import ApiError
from notelens.server.jobs import IndexBusyError, IndexRunner
from notelens.server.models import (
    AnswerModel,
    AskRequest,
    ErrorResponse,
    IndexRequest,
    JobModel,
    PassageResponse,
    SearchRequest,
    SearchResponse,
    StatusResponse,
)
from notelens.server.security import check_bind, host_name, inside, is_loopback, token_ok

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
# Files /passage shows as lines; other formats (PDF, HTML) have no stable line view,
# so the page shows the stored chunk text for them instead.
LINE_FORMATS = (".md", ".markdown", ".txt", ".text")
# The only LLM specs a request may name; anything else is the server's own choice.
REQUEST_LLMS = ("extractive", "none", "smollm2")

# Declared through HTTPBearer so the OpenAPI schema documents the scheme; the check
# itself is ours (constant time, and only when the server has a token). Module level:
# FastAPI resolves the string annotations of routes against this module's globals.
BEARER = HTTPBearer(auto_error=False, description="NOTELENS_TOKEN, when the server has one")

_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse} for code in (400, 401, 403, 404, 409, 413, 415, 422, 503)
}


class LoopbackHostOnly:
    """Reject requests whose ``Host`` is not a loopback name (DNS-rebinding guard).

    Installed only when the server has no token: then the loopback interface is the
    only protection, and a page on another site must not reach it via a rebound name.
    """

    def __init__(self, app: ASGIApp, extra: tuple[str, ...] = ()) -> None:
        self.app = app
        self.extra = extra

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            host = ""
            for key, value in scope.get("headers", ()):
                if key == b"host":
                    host = value.decode("latin-1")
                    break
            name = host_name(host)  # "127.0.0.1:8765", "[::1]:8765", "localhost"
            if name is None or not (is_loopback(name) or name in self.extra):
                body = errors.error_body(
                    400, "HTTPError", "server", f"unexpected Host header {host!r}"
                )
                resp = JSONResponse(body, status_code=400)
                await resp(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _sse(event: str, data: Any) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> FastAPI:
    """Build the app over ``engine`` (default: ``Engine(settings=settings)``).

    Raises :class:`~notelens.errors.ConfigError` when ``settings.server`` would listen
    off loopback without a token. Nothing heavy is loaded here: the engine loads its
    models on the first request.
    """
    settings = settings or (engine.settings if engine is not None else Settings.from_env())
    cfg = settings.server
    check_bind(cfg)
    eng = engine or Engine(settings=settings)
    # Every response that carries note text passes this one step: PII masked as for
    # others (docs/guide.md, "PII per surface"), over every text field.
    shared = eng.guard.shared()

    def note_folders() -> list[Path]:
        if cfg.folders:
            return [Path(f).expanduser().resolve() for f in cfg.folders]
        try:
            meta = eng.layout.read_meta()
        except NotelensError:
            return []
        return [Path(r) for r in meta.roots] if meta is not None else []

    runner = IndexRunner(
        lambda folders, rebuild: eng.index(list(folders), rebuild=rebuild),
        errors.notelens_error_body,
    )

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        if engine is None:  # ours: a server store's pools close with the app
            eng.close()

    app = FastAPI(
        lifespan=lifespan,
        title="notelens",
        version=__version__,
        summary="Search and ask a folder of Korean/English research notes, offline.",
        # Swagger UI and ReDoc load from a CDN; the schema itself is served.
        docs_url=None,
        redoc_url=None,
        max_body_size=cfg.max_body_bytes,
    )
    app.state.engine = eng
    app.state.runner = runner
    errors.install(app)
    if not cfg.token:
        app.add_middleware(LoopbackHostOnly, extra=(cfg.host,))
    if cfg.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(cfg.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )

    def require_token(
        creds: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)],
    ) -> None:
        header = f"{creds.scheme} {creds.credentials}" if creds is not None else None
        if cfg.token and not token_ok(cfg.token, header):
            raise ApiError(
                401,
                "missing or wrong token",
                hint="send 'Authorization: Bearer <NOTELENS_TOKEN>'",
            )

    def check_k(k: int) -> None:
        if k > cfg.max_k:
            raise ApiError(422, f"k: must be at most {cfg.max_k}")

    def check_text(name: str, text: str) -> None:
        if not text.strip():
            raise ApiError(422, f"{name}: must not be blank")
        if len(text) > cfg.max_question_chars:
            raise ApiError(422, f"{name}: longer than {cfg.max_question_chars} characters")

    api = APIRouter(dependencies=[Depends(require_token)], responses=_ERRORS)

    @api.post("/search", response_model=SearchResponse, response_model_exclude_unset=True)
    def search(req: SearchRequest) -> dict[str, Any]:
        """Top ``k`` passages for a query (hybrid BM25 + dense by default)."""
        check_text("query", req.query)
        check_k(req.k)
        hits = eng.search(
            req.query,
            k=req.k,
            mode=req.mode,
            source=req.source,
            lang=req.lang,
            rerank=req.rerank,
            note=req.scope(),
        )
        return {
            "query": req.query,
            "mode": req.mode,
            "hits": shared.redact_json([h.to_dict(explain=req.explain) for h in hits]),
        }

    @api.post("/search/notes", response_model=NotesSearchJSON, response_model_exclude_unset=True)
    def search_notes(req: SearchRequest) -> dict[str, Any]:
        """Top ``k`` notes for a query, each with its best passages (``search --by note``)."""
        check_text("query", req.query)
        check_k(req.k)
        notes = eng.search_notes(
            req.query,
            k=req.k,
            mode=req.mode,
            source=req.source,
            lang=req.lang,
            rerank=req.rerank,
            note=req.scope(),
        )
        return {
            "query": req.query,
            "mode": req.mode,
            "notes": shared.redact_json([n.to_dict(explain=req.explain) for n in notes]),
        }

    @api.post(
        "/ask",
        response_model=AnswerModel,
        responses={200: {"content": {"text/event-stream": {}}}},
    )
    def ask(req: AskRequest) -> Response:
        """An answer with citations; a server-sent-event stream when an LLM answers."""
        check_text("question", req.question)
        check_k(req.k)
        if req.llm is not None and req.llm.strip().lower() not in REQUEST_LLMS:
            # A request must not point the server at a model path (a file outside the
            # note folders) or at a URL (which would receive the user's notes).
            raise ApiError(
                422,
                "llm: a request may only ask for 'extractive' or 'smollm2'",
                hint="the server's LLM is set where it starts: NOTELENS_LLM or --llm",
            )
        llm_answers = eng.uses_llm(req.llm)
        stream = req.stream if req.stream is not None else llm_answers
        args: dict[str, Any] = {
            "k": req.k,
            "llm": req.llm,
            "mode": req.mode,
            "source": req.source,
            "lang": req.lang,
            "rerank": req.rerank,
            "note": req.scope(),
        }
        if req.session is not None:
            args["session"] = req.session  # a conversation (issue #19 item 6)
        if not stream:
            return JSONResponse(shared.redact_json(eng.ask(req.question, **args).to_dict()))
        events = iter(eng.ask_stream(req.question, **args))
        # Pull the first event before answering, so a bad question or a missing index
        # is a plain 4xx JSON error, not a broken stream.
        first = next(events, None)

        def body() -> Iterator[bytes]:
            if first is not None:
                yield _sse(first["event"], shared.redact_json(first["data"]))
            try:
                for ev in events:
                    yield _sse(ev["event"], shared.redact_json(ev["data"]))
            except NotelensError as exc:
                yield _sse("error", errors.notelens_error_body(exc)["error"])
            except Exception as exc:
                log.exception("ask stream failed")
                yield _sse("error", {"type": type(exc).__name__, "message": "unexpected error"})

        return StreamingResponse(
            body(),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    @api.post("/index", status_code=202, response_model=JobModel)
    def index(req: Annotated[IndexRequest | None, Body()] = None) -> dict[str, Any]:
        """Re-index the configured note folders in the background; 409 while one runs."""
        folders = note_folders()
        if not folders:
            raise ApiError(
                409,
                "no note folders to index",
                hint="start the server with folders: `notelens serve ~/notes`",
            )
        try:
            job = runner.start(folders, rebuild=bool(req and req.rebuild))
        except IndexBusyError as exc:
            raise ApiError(
                409, f"index run {exc.job.id} is still running", hint="poll GET /index"
            ) from None
        return job.to_dict()

    @api.get("/index", response_model=JobModel)
    def index_job() -> dict[str, Any]:
        """The current or last index run of this server."""
        job = runner.job
        if job is None:
            raise ApiError(404, "no index run yet", hint="start one with POST /index")
        return job.to_dict()

    @api.get("/status", response_model=StatusResponse)
    def status() -> dict[str, Any]:
        """What the index holds, the note folders, and the index run if any."""
        job = runner.job
        return {
            **eng.status().to_dict(),
            "folders": [str(f) for f in note_folders()],
            "job": job.to_dict() if job is not None else None,
        }

    @api.get("/coverage")
    def coverage() -> dict[str, Any]:
        """Files per kind indexed / skipped / failed by the last runs (and watch syncs),
        every file with its reason, and the last sync time (issue #18)."""
        cov = eng.coverage()
        if cov is None:
            return {"last_sync": None, "counts": {}, "kinds": {}, "files": []}
        return cov.to_dict()

    @api.get("/passage", response_model=PassageResponse)
    def passage(
        source: Annotated[str, Query(description="Absolute path of an indexed note.")],
        line_start: Annotated[int, Query(ge=1)],
        line_end: Annotated[int | None, Query(ge=1)] = None,
        context: Annotated[int, Query(ge=0, le=50)] = 3,
    ) -> dict[str, Any]:
        """Lines ``line_start..line_end`` of a note with ``context`` lines around them."""
        if "\x00" in source:
            raise ApiError(400, "source: must not contain a NUL byte")
        path = source_path(source)
        end = line_end or line_start
        if not path.is_absolute():
            raise ApiError(422, "source: must be an absolute path (as in search hits)")
        if end < line_start:
            raise ApiError(422, "line_end: must not be before line_start")
        if not inside(path, note_folders()):
            raise ApiError(403, "that file is outside the note folders")
        if path.suffix.lower() not in LINE_FORMATS:
            raise ApiError(415, f"no line view for {path.suffix or 'this'} files")
        if not path.is_file():
            raise ApiError(404, "no such note (moved or deleted since indexing?)")
        if path.stat().st_size > settings.ingest.max_file_bytes:
            raise ApiError(413, "the note is larger than the indexing limit")
        try:
            data = eng.read_note(path)
        except (OSError, NotelensError):
            raise ApiError(404, "the note cannot be read now") from None
        lines = data.decode("utf-8", errors="replace").splitlines()
        if line_start > len(lines):
            raise ApiError(404, f"the note has only {len(lines)} lines now")
        first = max(1, line_start - context)
        last = min(len(lines), end + context)
        return {
            "source": str(path),
            "line_start": line_start,
            "line_end": min(end, len(lines)),
            "first_line": first,
            # Redacted per line: the stored flags are not consulted (the file may
            # have changed since indexing).
            "lines": [shared.redact_text(ln) for ln in lines[first - 1 : last]],
        }

    # -- curation (issue #19): read-only views over the index ---------------------------

    @api.get("/related", response_model=RelatedListJSON)
    def related(
        note: Annotated[str, Query(min_length=1, description="Path, file name or title.")],
        k: Annotated[int, Query(ge=1, le=50)] = 5,
    ) -> dict[str, Any]:
        """Notes related to ``note``: e5 similarity, shared links, shared rare terms."""
        return cast("dict[str, Any]", shared.redact_json(eng.related(note, k=k).to_dict()))

    @api.get("/glossary", response_model=GlossaryJSON | GlossaryTermJSON)
    def glossary(
        term: Annotated[str | None, Query(description="One term, any spelling.")] = None,
    ) -> dict[str, Any]:
        """The concepts the notes define, or one term's page."""
        page = eng.glossary_term(term).to_dict() if term else eng.glossary().to_dict()
        return cast("dict[str, Any]", shared.redact_json(page))

    @api.get("/summarize", response_model=SummaryJSON)
    def summarize(
        note: Annotated[str, Query(min_length=1, description="An indexed note.")],
        lines: Annotated[int, Query(ge=1, le=20)] = 3,
        lang: Annotated[Literal["ko", "en"] | None, Query()] = None,
    ) -> dict[str, Any]:
        """A summary of an indexed note (extractive, or the server's configured LLM).
        Only indexed notes: the server never reads another file by its path."""
        summary = eng.summarize(note, lines=lines, lang=lang, read_files=False)
        return cast("dict[str, Any]", shared.redact_json(summary.to_dict()))

    @api.get("/config", response_model=PageConfigJSON)
    def page_config() -> dict[str, Any]:
        """The web page's settings: the "open in editor" link template (issue #21)."""
        return {"editor_url": cfg.editor_url, "version": __version__}

    @api.get("/digest", response_model=DigestJSON)
    def digest(
        since: Annotated[str, Query(min_length=1, max_length=40)] = "7d",
        until: Annotated[str | None, Query(max_length=40)] = None,
        origin: Annotated[Literal["auto", "git", "ledger"], Query(alias="from")] = "auto",
    ) -> dict[str, Any]:
        """Entries added or changed in a period (``7d``, a day, an ISO time), grouped
        by heading, each with a one-line summary; ``markdown`` is ready to paste."""
        found = eng.digest(since=since, until=until, origin=origin)
        return cast("dict[str, Any]", shared.redact_json(found.to_dict()))

    @app.get("/healthz", include_in_schema=True)
    def healthz() -> dict[str, str]:
        """Liveness: the process answers (no model or index is touched)."""
        return {"status": "ok", "version": __version__}

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    app.include_router(api)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
