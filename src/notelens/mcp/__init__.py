"""MCP server (stdio) over the one :class:`~notelens.engine.Engine`: ``notelens mcp``.

This package is ``notelens.mcp``; the SDK is the top-level ``mcp`` package, imported
only inside :mod:`notelens.mcp.server` (absolute imports keep the two apart).
"""

from __future__ import annotations

__all__ = ["build_server", "run_stdio"]


def __getattr__(name: str) -> object:
    # Lazy: importing notelens.mcp must not import the SDK (the CLI imports on start-up).
    if name in __all__:
        from notelens.mcp import server

        return getattr(server, name)
    raise AttributeError(name)
