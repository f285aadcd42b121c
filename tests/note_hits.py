"""Search hits over made-up notes for the answer stage's unit tests: the i-th hit of a
result list, from its own note file, so a test writes only the text and heading."""

from __future__ import annotations

from notelens.types import Hit, Lang, Location


def note_hit(i: int, text: str, heading: str, lang: Lang = "ko") -> Hit:
    return Hit(
        rank=i + 1,
        score=1.0 / (i + 1),
        chunk_id=f"c{i}",
        source=f"/notes/n{i}.md",
        title=f"n{i}",
        heading=heading,
        text=text,
        location=Location(1, 3),
        lang=lang,
    )
