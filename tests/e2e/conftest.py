"""Browser fixtures: Debian's chromium driven by Playwright (no browser download), and a
real uvicorn on loopback over the session's examples/notes index."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import pytest
from e2e_layout import CHROMIUM, EDITOR_URL, need_chromium

from serving import serving

if TYPE_CHECKING:
    from conftest import ExampleIndex


# Per module, not per session: Playwright's sync API keeps an event loop running on the
# thread while it is open, so a later test in the same worker calling asyncio.run (the MCP
# tests) would fail with "cannot be called from a running event loop".
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = need_chromium()
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture(scope="session")
def base_url(example_index: ExampleIndex, open_example: Callable[..., Any]) -> Iterator[str]:
    """The page and API over the session's examples/notes index (search and ask only),
    with an editor link template configured."""
    from notelens.config import ServerConfig
    from notelens.server import create_app

    engine, notes = open_example(), example_index.notes
    cfg = ServerConfig(token=None, folders=(notes,), editor_url=EDITOR_URL)
    app = create_app(replace(engine.settings, server=cfg), engine=engine)
    with serving(app) as url:
        yield url
