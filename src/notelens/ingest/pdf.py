"""PDF loader (pypdf, imported lazily): one :class:`Section` per page with text, read
like a paper (:mod:`notelens.ingest.pdf_layout`: title, section headings, no running
headers/footers or page numbers, hyphenated line breaks rejoined).

* encrypted: the empty user password is tried, else ``IngestError("encrypted PDF")``;
* anything pypdf raises on a broken file becomes ``IngestError("corrupt PDF: ...")``
  with pypdf's message (pypdf raises many exception types on garbage);
* no extractable text on any page: ``IngestError("no text layer (scanned PDF?)")``;
* pathological files: parsing stops after ``timeout_s`` (checked between pages, and
  enforced with ``SIGALRM`` when running on the main thread of a Unix process whose
  ``SIGALRM`` is unused) and after ``max_pages`` pages.
"""

from __future__ import annotations

import io
import logging
import re
import signal
import threading
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

from notelens.errors import IngestError
from notelens.ingest.budget import checkpoint
from notelens.ingest.pdf_layout import Line, layout
from notelens.paths import display_path, source_key
from notelens.types import Document, Section

__all__ = ["PdfLoader"]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]")
_TRAILING = re.compile(r"[ \t]+\n")
_BLANKS = re.compile(r"\n{3,}")


class _Timeout(BaseException):
    """Raised by the alarm; a BaseException so pypdf's broad ``except`` cannot eat it."""


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    usable = (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None)
    )
    if not usable or seconds <= 0:
        yield
        return

    def _on_alarm(signum: int, frame: FrameType | None) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _clean_page(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text).replace("\u00a0", " ")
    return _BLANKS.sub("\n\n", _TRAILING.sub("\n", text + "\n")).strip()


def _lines(page: Any) -> list[Line]:
    """The page's text lines, each with the font size most of its characters have
    (pypdf's text visitor sees the same pieces ``extract_text`` joins)."""
    pieces: list[tuple[str, float]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if text:
            scale = abs(tm[3] * cm[3]) or abs(tm[0] * cm[0]) or 1.0
            pieces.append((text, abs(size) * scale))

    page.extract_text(visitor_text=visit)
    lines: list[Line] = []
    buf: list[str] = []
    weight: dict[float, int] = {}
    for text, size in pieces:
        parts = text.split("\n")
        for k, part in enumerate(parts):
            if k:
                lines.append(_line("".join(buf), weight))
                buf, weight = [], {}
            buf.append(part)
            key = round(size, 1)
            weight[key] = weight.get(key, 0) + len(part.strip())
    lines.append(_line("".join(buf), weight))
    return lines


def _line(text: str, weight: dict[float, int]) -> Line:
    text = _clean_page(text)
    size = max(weight, key=lambda s: weight[s]) if weight and any(weight.values()) else 0.0
    return Line(text, size)


def _outline(reader: Any) -> list[tuple[int, str, int]]:
    """(page index, title, depth) of the PDF's bookmarks; empty when it has none."""
    out: list[tuple[int, str, int]] = []

    def walk(items: Any, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
                continue
            try:
                index = reader.get_destination_page_number(item)
                title = str(item.title)
            except Exception:
                continue
            if index is not None and index >= 0 and title.strip():
                out.append((index, title, depth))

    try:
        walk(reader.outline, 0)
    except Exception:
        return []
    return out if len(out) >= 2 else []


def _title(reader: Any) -> str | None:
    try:
        meta = reader.metadata
        title = meta.title if meta is not None else None
    except Exception:
        return None
    if isinstance(title, str) and title.strip():
        return " ".join(title.split())
    return None


class PdfLoader:
    """Text PDFs, page by page (``Section.page`` is 1-based)."""

    format = "pdf"

    def __init__(self, *, timeout_s: float = 60.0, max_pages: int = 5000) -> None:
        self.timeout_s = timeout_s
        self.max_pages = max_pages

    def load(self, path: Path, data: bytes) -> Document:
        try:
            import pypdf
        except ImportError as exc:  # pragma: no cover - install problem
            raise IngestError("pypdf is not installed", path=str(path)) from exc
        logging.getLogger("pypdf").addHandler(logging.NullHandler())
        try:
            with _alarm(self.timeout_s):
                return self._load(pypdf, path, data)
        except _Timeout:
            raise IngestError(
                f"PDF took longer than {self.timeout_s:g} s to parse", path=str(path)
            ) from None

    def _load(self, pypdf: Any, path: Path, data: bytes) -> Document:
        src = source_key(path)
        deadline = time.monotonic() + self.timeout_s
        try:
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                try:
                    result = reader.decrypt("")
                except Exception as exc:
                    raise IngestError(f"encrypted PDF ({exc})", path=src) from exc
                if not result:
                    raise IngestError("encrypted PDF", path=src, hint="a password is needed")
            pages = reader.pages
            count = len(pages)
        except IngestError:
            raise
        except Exception as exc:
            raise IngestError(f"corrupt PDF: {exc or type(exc).__name__}", path=src) from exc
        if count == 0:
            raise IngestError("corrupt PDF: no pages", path=src)
        if count > self.max_pages:
            raise IngestError(f"PDF has {count} pages, over the {self.max_pages} limit", path=src)
        pages_lines: list[list[Line]] = []
        for number in range(1, count + 1):
            checkpoint()  # the per-file parse budget (ingest.budget)
            if time.monotonic() > deadline:
                raise IngestError(f"PDF took longer than {self.timeout_s:g} s to parse", path=src)
            try:
                pages_lines.append(_lines(pages[number - 1]))
            except Exception as exc:
                raise IngestError(
                    f"corrupt PDF: page {number}: {exc or type(exc).__name__}", path=src
                ) from exc
        paper = layout(pages_lines, meta_title=_title(reader), outline=_outline(reader))
        sections = [
            Section(text=text, page=number)
            for number, text in enumerate(paper.pages, 1)
            if text.strip()
        ]
        if not sections:
            raise IngestError("no text layer (scanned PDF?)", path=src)
        return Document(
            source=src,
            title=paper.title or display_path(path.stem),
            format="pdf",
            sections=tuple(sections),
        )
