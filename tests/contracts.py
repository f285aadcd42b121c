"""The JSON contracts the tests pin, derived from :mod:`notelens.contracts` (the one
definition the CLI, the HTTP API and the MCP tools share)."""

from __future__ import annotations

from notelens.contracts import HitJSON

# Keys of one hit in `search --json` (and of Hit.to_dict() without explain).
HIT_KEYS = set(HitJSON.__required_keys__)
