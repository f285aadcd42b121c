"""Registration of the command groups that live in their own modules.

Each module exposes ``register(app)``; importing it must stay cheap (no heavy imports
at module level) because the CLI imports them all on start-up.
"""

from __future__ import annotations

import typer


def register_all(app: typer.Typer) -> None:
    """Attach ``ask``, ``serve``/``mcp``, ``eval``, ``guard``, ``doctor``, ``daemon``,
    ``links``/``watch`` and the curation commands (``dups``, ``related``, ``glossary``,
    ``summarize``) to ``app``."""
    from notelens.cli import (
        ask,
        chat_cmd,
        curate_cmd,
        daemon_cmd,
        doctor_cmd,
        eval_cmd,
        guard_cmd,
        serve_cmd,
        vault_cmd,
    )

    modules = (ask, serve_cmd, eval_cmd, guard_cmd, doctor_cmd, daemon_cmd, vault_cmd, curate_cmd)
    for module in (*modules, chat_cmd):
        module.register(app)
