"""PDF loader (pypdf, imported lazily): one :class:`Section` per page with text.

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
        sections: list[Section] = []
        for number in range(1, count + 1):
            checkpoint()  # the per-file parse budget (ingest.budget)
            if time.monotonic() > deadline:
                raise IngestError(f"PDF took longer than {self.timeout_s:g} s to parse", path=src)
            try:
                raw = pages[number - 1].extract_text() or ""
            except Exception as exc:
                raise IngestError(
                    f"corrupt PDF: page {number}: {exc or type(exc).__name__}", path=src
                ) from exc
            text = _clean_page(raw)
            if text:
                sections.append(Section(text=text, page=number))
        if not sections:
            raise IngestError("no text layer (scanned PDF?)", path=src)
        return Document(
            source=src,
            title=_title(reader) or display_path(path.stem),
            format="pdf",
            sections=tuple(sections),
        )
