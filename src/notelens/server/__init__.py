"""HTTP API and web page over the one :class:`~notelens.engine.Engine`.

``create_app(settings)`` builds the FastAPI application; ``notelens serve`` runs it with
uvicorn. FastAPI is imported only when this package is, never by the CLI on start-up.
"""

from __future__ import annotations

from notelens.server.app import create_app

__all__ = ["create_app"]
