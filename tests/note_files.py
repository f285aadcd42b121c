"""Made-up note folders for tests: each ``name -> text`` of a mapping written as a file
(sub-folders made as needed), so a fixture writes only its notes."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


def write_notes(folder: Path, notes: Mapping[str, str]) -> Path:
    """Write ``notes`` (relative path -> text, UTF-8) under ``folder``; returns ``folder``."""
    for name, text in notes.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder
