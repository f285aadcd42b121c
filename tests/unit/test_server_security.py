"""The server's access rules: loopback detection, bind check, bearer tokens, folders."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from notelens.config import ServerConfig
from notelens.errors import ConfigError
from notelens.server.security import check_bind, inside, is_loopback, token_ok

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("host", "loop"),
    [
        ("127.0.0.1", True),
        ("127.3.2.1", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("192.168.0.10", False),
        ("::", False),
        ("example.com", False),
    ],
)
def test_is_loopback(host: str, loop: bool) -> None:
    assert is_loopback(host) is loop


def test_check_bind_needs_a_real_token_off_loopback() -> None:
    check_bind(ServerConfig(host="127.0.0.1", token=None))
    with pytest.raises(ConfigError, match="without a token") as err:
        check_bind(ServerConfig(host="0.0.0.0", token=None))
    assert err.value.exit_code == 2 and "NOTELENS_TOKEN" in (err.value.hint or "")
    with pytest.raises(ConfigError, match="too short"):
        check_bind(ServerConfig(host="0.0.0.0", token="abc"))
    check_bind(ServerConfig(host="0.0.0.0", token="x" * 32))


def test_token_is_not_in_repr() -> None:
    assert "s3cret-s3cret-s3cret" not in repr(ServerConfig(token="s3cret-s3cret-s3cret"))


def test_token_ok() -> None:
    tok = "abcdefghijklmnopqrstuvwxyz"
    assert token_ok(tok, f"Bearer {tok}")
    assert token_ok(tok, f"bearer {tok}")
    assert not token_ok(tok, None)
    assert not token_ok(tok, tok)
    assert not token_ok(tok, f"Basic {tok}")
    assert not token_ok(tok, f"Bearer {tok}x")


def test_inside_resolves_dots_and_symlinks(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    (notes / "sub").mkdir(parents=True)
    secret = tmp_path / "secret.md"
    secret.write_text("비밀", encoding="utf-8")
    (notes / "sub" / "a.md").write_text("메모", encoding="utf-8")
    (notes / "link.md").symlink_to(secret)
    assert inside(notes / "sub" / "a.md", [notes])
    assert not inside(secret, [notes])
    assert not inside(notes / ".." / "secret.md", [notes])
    assert not inside(notes / "link.md", [notes])
    assert not inside(tmp_path / "notes-evil" / "x.md", [notes])
    assert not inside(Path("/etc/passwd"), [])


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("127.0.0.1:8765", 200),
        ("localhost", 200),
        ("[::1]:8765", 200),
        ("attacker.example", 400),
        ("attacker.example:8765", 400),
        ("127.0.0.1.attacker.example", 400),
        ("", 400),
    ],
)
def test_loopback_host_guard(host: str, status: int) -> None:
    import asyncio

    from notelens.server.app import LoopbackHostOnly

    async def ok_app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "GET",
        "path": "/healthz",
        "headers": [(b"host", host.encode())] if host else [],
    }
    asyncio.run(LoopbackHostOnly(ok_app)(scope, receive, send))
    assert sent[0]["status"] == status
