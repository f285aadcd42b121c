"""Defect 8: an index path that is a file, NUL bytes in /passage, a Host header that
only starts like loopback, FIFOs and devices given to load_file(), and connections
that never finish their request headers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from notelens.errors import IngestError, UnsupportedFileError
from notelens.ingest import load_file
from notelens.server.security import host_name, is_loopback
from serving import free_port


@pytest.mark.unit
@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("localhost", "localhost"),
        ("127.0.0.1:8765", "127.0.0.1"),
        ("[::1]", "[::1]"),
        ("[::1]:8765", "[::1]"),
        ("[::1]evil.com", None),
        ("[::1]:80evil", None),
        ("localhost:80:90", None),
        ("localhost:", None),
        ("[::1", None),
        ("", None),
    ],
)
def test_host_header_is_parsed_strictly(header: str, name: str | None) -> None:
    assert host_name(header) == name
    if name is None:
        assert not (host_name(header) and is_loopback(host_name(header) or ""))


@pytest.mark.unit
def test_load_file_refuses_fifos_and_devices_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.md"
    os.symlink("/dev/zero", zero)
    t0 = time.perf_counter()
    for path in (fifo, zero):
        with pytest.raises(UnsupportedFileError, match="not a regular file"):
            load_file(path)
    assert time.perf_counter() - t0 < 2
    big = tmp_path / "big.md"
    big.write_bytes(b"# x\n\n" + b"y" * 3000)
    from notelens.config import IngestConfig

    with pytest.raises(UnsupportedFileError, match="over the"):
        load_file(big, replace(IngestConfig(), max_file_bytes=1000))
    with pytest.raises(IngestError, match="cannot read"):
        load_file(tmp_path / "missing.md")
    ok = tmp_path / "ok.md"
    ok.write_text("# 제목\n\n본문 text\n", encoding="utf-8")
    assert load_file(ok).title == "제목"


@pytest.mark.integration
def test_index_path_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("# a\n\n노트\n", encoding="utf-8")
    regular = tmp_path / "not_a_folder"
    regular.write_text("x")
    env = {**os.environ, "PYTHONPATH": "src", "COLUMNS": "200"}
    proc = subprocess.run(
        [sys.executable, "-m", "notelens", "index", str(notes), "--index", str(regular)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 1
    assert "not a folder" in proc.stderr and "bug" not in proc.stderr


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real uvicorn on loopback with the serve command's limits, header deadline 0.5 s."""
    import uvicorn

    from notelens import Engine
    from notelens.config import ServerConfig
    from notelens.server.app import create_app
    from notelens.server.limits import uvicorn_options

    work = tmp_path_factory.mktemp("small")
    notes = work / "notes"
    notes.mkdir()
    engine = Engine(work / "index")  # lazy: nothing loads for these routes
    cfg = replace(ServerConfig(token=None), folders=(notes,))
    app = create_app(replace(engine.settings, server=cfg), engine=engine)
    port = free_port()
    srv = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", **uvicorn_options(0.5)
        )
    )
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert thread.is_alive() and time.monotonic() < deadline
        time.sleep(0.05)
    yield f"127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.mark.integration
def test_passage_nul_byte_is_400_and_bad_host_is_refused(server: str) -> None:
    with httpx.Client(base_url=f"http://{server}", timeout=30) as c:
        r = c.get("/passage", params={"source": "/tmp/a\x00b.md", "line_start": 1})
        assert r.status_code == 400, r.text
        assert "NUL" in r.json()["error"]["message"]
        assert c.get("/healthz", headers={"Host": "[::1]evil.com"}).status_code == 400
        assert c.get("/healthz", headers={"Host": "[::1]:8765"}).status_code == 200


def _closed_within(sock: socket.socket, seconds: float) -> bool:
    sock.settimeout(seconds)
    try:
        data: Any = sock.recv(1024)
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True
    return data == b""


@pytest.mark.integration
def test_connections_that_never_finish_their_headers_are_closed(server: str) -> None:
    host, port = server.split(":")
    # A slow client: one header byte now and then, never the blank line.
    with socket.create_connection((host, int(port)), timeout=5) as s:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
        t0 = time.perf_counter()
        closed = False
        for _ in range(20):
            try:
                s.sendall(b"a")
            except OSError:
                closed = True
                break
            if _closed_within(s, 0.2):
                closed = True
                break
        assert closed, "the server kept a connection whose headers never ended"
        assert time.perf_counter() - t0 < 3
    # A client that sends nothing at all.
    with socket.create_connection((host, int(port)), timeout=5) as s:
        assert _closed_within(s, 3)
    # A complete request still works, and so does a second one on the same connection.
    with httpx.Client(base_url=f"http://{server}", timeout=10) as c:
        assert c.get("/healthz").status_code == 200
        time.sleep(0.8)  # past the header deadline while idle: keep-alive closes or waits
        assert c.get("/healthz").status_code == 200
