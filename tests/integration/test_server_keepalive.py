"""How the HTTP server's two connection timers share a connection, on loopback with a
real uvicorn and the notelens app (``notelens.server.limits``; shortened times): an idle
kept-alive connection closes after the keep-alive time, the next request's head gets
the whole header deadline from its first byte, and a head that never ends is still cut
at that deadline. Both of uvicorn's HTTP implementations (httptools, h11).

Times: keep-alive 1.0 s, header deadline 3.0 s. The margins (0.5 s and more) are for a
loaded 2-core machine: timers fire late there, never early.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from serving import serving

pytestmark = pytest.mark.integration

KEEP_ALIVE_S = 1.0
HEADER_S = 3.0
REQUEST = "GET /healthz HTTP/1.1\r\nHost: localhost\r\nUser-Agent: 노트렌즈-test\r\n\r\n".encode()


def _protocols() -> list[Any]:
    from uvicorn.protocols.http.h11_impl import H11Protocol
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    return [pytest.param(HttpToolsProtocol, id="httptools"), pytest.param(H11Protocol, id="h11")]


@pytest.fixture(params=_protocols())
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, int]]:
    from notelens import Engine
    from notelens.config import ServerConfig
    from notelens.server.app import create_app
    from notelens.server.limits import header_limited, uvicorn_options

    notes = tmp_path / "노트"
    notes.mkdir()
    engine = Engine(tmp_path / "index")  # lazy: /healthz loads nothing
    cfg = replace(ServerConfig(token=None), folders=(notes,))
    app = create_app(replace(engine.settings, server=cfg), engine=engine)
    options = uvicorn_options(HEADER_S, KEEP_ALIVE_S)
    options["http"] = header_limited(request.param, HEADER_S)
    with serving(app, **options) as url:
        host, port = url.removeprefix("http://").split(":")
        yield host, int(port)


def _response(sock: socket.socket) -> bytes:
    """One whole response (head and its Content-Length body) read from ``sock``."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        assert chunk, f"closed before a response: {data!r}"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        body += sock.recv(4096)
    assert head.startswith(b"HTTP/1.1 200"), head
    return body


def _closed_after(sock: socket.socket, limit: float) -> float | None:
    """Seconds until the server closes ``sock`` (None: still open after ``limit``)."""
    t0 = time.monotonic()
    sock.settimeout(limit)
    try:
        data = sock.recv(1024)
    except TimeoutError:
        return None
    except ConnectionResetError:
        data = b""
    assert data == b"", data
    return time.monotonic() - t0


def _trickle(sock: socket.socket, head: bytes, seconds: float) -> None:
    """Send ``head`` spread evenly over ``seconds`` (a slow client)."""
    pieces = [head[i : i + 4] for i in range(0, len(head), 4)]
    for piece in pieces:
        sock.sendall(piece)
        time.sleep(seconds / len(pieces))


def test_an_idle_kept_alive_connection_closes_after_the_keep_alive_time(
    server: tuple[str, int],
) -> None:
    with socket.create_connection(server, timeout=10) as s:
        for _ in range(2):  # kept alive between two requests
            s.sendall(REQUEST)
            assert b'"ok"' in _response(s)
        waited = _closed_after(s, HEADER_S + 2)
        assert waited is not None, "an idle kept-alive connection stayed open"
        assert KEEP_ALIVE_S - 0.1 <= waited < HEADER_S - 0.5


def test_a_slow_head_after_idling_gets_the_whole_header_deadline(
    server: tuple[str, int],
) -> None:
    """Idle most of the keep-alive time, then a head sent over 2.5 s: 3.3 s after the
    last response (the deadline re-armed at the response would have cut it), 2.5 s after
    its first byte (within the deadline)."""
    with socket.create_connection(server, timeout=10) as s:
        s.sendall(REQUEST)
        _response(s)
        time.sleep(KEEP_ALIVE_S - 0.2)
        _trickle(s, REQUEST[:-2], HEADER_S - 0.5)
        s.sendall(b"\r\n")
        assert b'"ok"' in _response(s)


def test_a_head_that_never_ends_is_still_cut_at_the_deadline(server: tuple[str, int]) -> None:
    with socket.create_connection(server, timeout=10) as s:
        s.sendall(REQUEST)
        _response(s)
        time.sleep(KEEP_ALIVE_S / 2)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
        t0 = time.monotonic()
        closed = None
        while closed is None and time.monotonic() - t0 < HEADER_S + 3:
            try:
                s.sendall(b"a")  # each byte would have restarted uvicorn's keep-alive
            except OSError:
                closed = time.monotonic() - t0
                break
            if _closed_after(s, 0.2) is not None:
                closed = time.monotonic() - t0
        assert closed is not None, "a head that never ended kept its connection"
        assert HEADER_S - 0.1 <= closed < HEADER_S + 2


async def _slow_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """``/slow`` answers after 1.5 s, anything else at once (a long ``/ask`` stands-in:
    the notelens routes without models all answer in milliseconds)."""
    import asyncio

    if scope["type"] != "http":
        return
    if scope["path"] == "/slow":
        await asyncio.sleep(1.5)
    body = "느림 ok".encode()
    headers = [(b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


@pytest.mark.parametrize("protocol", _protocols())
def test_a_pipelined_request_is_not_cut_while_it_runs(protocol: Any) -> None:
    """Two requests in one packet, the second slower than the header deadline (0.5 s):
    both answered (the deadline re-armed at the first response used to close the
    connection under the second)."""
    from notelens.server.limits import header_limited

    with serving(_slow_app, http=header_limited(protocol, 0.5), timeout_keep_alive=5) as url:
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as s:
            s.sendall(
                REQUEST.replace(b"/healthz", b"/fast") + REQUEST.replace(b"/healthz", b"/slow")
            )
            assert _response(s) == "느림 ok".encode()
            assert _response(s) == "느림 ok".encode()
