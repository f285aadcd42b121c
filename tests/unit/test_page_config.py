"""NOTELENS_EDITOR_URL (issue #21 item 4): read once in config.py, checked (a URL with a
scheme, known fields only, never a script URL), and served to the page by GET /config."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from notelens.config import ServerConfig, Settings, editor_url_template
from notelens.errors import ConfigError

pytestmark = pytest.mark.unit

#: The app answers loopback hosts only when it has no token.
LOOPBACK = "http://127.0.0.1"


def test_editor_url_is_read_from_the_environment_mapping(tmp_path: Path) -> None:
    env = {
        "NOTELENS_INDEX": str(tmp_path / "색인"),
        "NOTELENS_EDITOR_URL": " vscode://file/{path}:{line} ",
    }
    assert Settings.from_env(env).server.editor_url == "vscode://file/{path}:{line}"
    assert Settings.from_env({"NOTELENS_INDEX": str(tmp_path)}).server.editor_url is None
    assert Settings.from_env({"NOTELENS_EDITOR_URL": ""}).server.editor_url is None


@pytest.mark.parametrize(
    "template",
    [
        "vscode://file/{path}:{line}",
        "obsidian://open?vault={vault}&file={relpath}",
        "idea://open?file={path}&line={line}",
        "subl://open?url=file://{path}&line={line}",
        "emacs-x:{folder}/{relpath}",
    ],
)
def test_editor_templates_people_use_are_accepted(template: str) -> None:
    assert editor_url_template(template) == template


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("/usr/bin/code {path}", "must be a URL with a scheme"),
        ("javascript:alert({path})", "must not be a javascript: URL"),
        ("JavaScript:alert(1)", "must not be a JavaScript: URL"),
        ("data:text/html,{path}", "must not be a data: URL"),
        ("vscode://file/{file}:{line}", r"unknown field\(s\): file"),
        ("obsidian://open?vault={볼트}&file={relpath}", r"unknown field\(s\): 볼트"),
    ],
)
def test_bad_editor_templates_get_a_clear_error(template: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as info:
        Settings.from_env({"NOTELENS_EDITOR_URL": template})
    assert "NOTELENS_EDITOR_URL" in str(info.value)
    assert info.value.hint  # what to write instead


def test_config_endpoint_serves_the_template(tmp_path: Path) -> None:
    from notelens.server import create_app

    template = "obsidian://open?vault={vault}&file={relpath}"
    settings = replace(
        Settings(index_dir=tmp_path / "색인"),
        server=ServerConfig(editor_url=template, folders=(tmp_path,)),
    )
    # No request here touches a model or the store: GET /config reads settings only.
    with TestClient(create_app(settings), base_url=LOOPBACK) as client:
        body = client.get("/config").json()
    assert body["editor_url"] == template and body["version"]
    with TestClient(create_app(Settings(index_dir=tmp_path / "색인")), base_url=LOOPBACK) as client:
        assert client.get("/config").json()["editor_url"] is None
