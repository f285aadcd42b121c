"""Pick the loader for a file by its content (see :mod:`notelens.ingest.detect`).

The PDF and HTML loaders import pypdf / selectolax only when they load a file.
"""

from __future__ import annotations

from pathlib import Path

from notelens.ingest.base import Loader
from notelens.ingest.detect import Format, detect_format
from notelens.ingest.loaders import HtmlLoader, MarkdownLoader, PdfLoader, TextLoader

__all__ = ["loader_for", "loader_for_format"]


def loader_for_format(fmt: Format) -> Loader:
    """A fresh loader for a detected format."""
    if fmt == "markdown":
        return MarkdownLoader()
    if fmt == "text":
        return TextLoader()
    if fmt == "pdf":
        return PdfLoader()
    return HtmlLoader()


def loader_for(path: Path, data: bytes) -> Loader:
    """The loader for ``data`` read from ``path``; raises ``IngestError`` for files no
    loader can read (empty, binary, undecodable, a ``.pdf`` that is not a PDF)."""
    return loader_for_format(detect_format(path, data))
