"""Registration of the command groups that live in their own modules.

Each module exposes ``register(app)``; importing it must stay cheap (no heavy
imports at module level) because the CLI imports them all on start-up.
"""

from __future__ import annotations

import importlib

import typer

# Module names under notelens.cli; a module that is not there yet is skipped.
_MODULES = ("ask", "eval_cmd", "guard_cmd", "serve_cmd")


def register_all(app: typer.Typer) -> None:
    """Attach every available command module to ``app``."""
    for name in _MODULES:
        try:
            module = importlib.import_module(f"notelens.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"notelens.cli.{name}":
                continue
            raise
        module.register(app)
