"""The JSON contracts the tests pin, written once (README: `search --json`)."""

from __future__ import annotations

# Keys of one hit in `search --json` (and of Hit.to_dict() without explain).
HIT_KEYS = {
    "rank",
    "score",
    "chunk_id",
    "source",
    "title",
    "heading",
    "text",
    "location",
    "lang",
    "flags",
}
