"""Where a table row writes a paper's authors: an author column or a byline, not a
presenter's.

A reading group's schedule names a paper and the member who presents it ("Paper: Sparse
Echo: KV Cache Eviction by Attention Echo · Presenter: Elena Varga", "논문: … · 발표자:
임준서"). Asked "Sparse Echo 논문의 저자는 누구야?", the row holds a person's name and a
title-cased title, both of which read as the authors' value form ("Elena Varga",
"Eviction by Attention"), so the "authors" attribute (answer/refusal.py) looked stated
and the presenter was given as the author. A row states its paper's authors only in a
column headed as authors ("Authors", "저자", "작성자", "by") or in a cell with a byline
marker ("Varga et al.", "김민수 외"); its other cells (presenter, date, the title) are
left out. Units that are not rows (a bullet "first author: …", a byline sentence) are
read whole, as before.
"""

from __future__ import annotations

import re

from notelens.answer.units import ROW_CELL_SEP

# A cell as the row renders it: a short header, a colon, the value.
_CELL_RE = re.compile(r"(?P<header>[^:·\n]{1,40}?):\s*(?P<value>.*)", re.S)
# Headers of an author column (Korean and English).
_AUTHOR_HEADER_RE = re.compile(
    r"\bauthors?\b|\bwritten by\b|^by$|\bwriters?\b|저자|작성자|지은이|필자|저술", re.I
)
# A byline inside another cell ("Sparse Echo (Varga et al.)", "… (김민수 외)").
_BYLINE_RE = re.compile(r"\bet al\b|[가-힣]{2,4}\s?(?:외|등)(?![가-힣])|\bauthors?\b|저자")


def row_cells(text: str) -> list[tuple[str, str]] | None:
    """The ``(header, value)`` cells of a row rendered as ``header: value · …``, or None
    when ``text`` is not one (a bullet, a sentence, a row of a single cell)."""
    parts = text.split(ROW_CELL_SEP)
    if len(parts) < 2:
        return None
    cells = []
    for part in parts:
        m = _CELL_RE.fullmatch(part.strip())
        if m is None:
            return None
        cells.append((m.group("header").strip(), m.group("value").strip()))
    return cells


def authors_text(text: str) -> str:
    """The part of a unit's ``text`` that can state a paper's authors: for a table row,
    its author columns and the cells with a byline; any other unit whole."""
    cells = row_cells(text)
    if cells is None:
        return text
    return ROW_CELL_SEP.join(
        f"{header}: {value}"
        for header, value in cells
        if _AUTHOR_HEADER_RE.search(header) or _BYLINE_RE.search(value)
    )
