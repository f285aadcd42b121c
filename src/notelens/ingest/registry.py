"""The format table: for every format, how it is detected, loaded and chunked.

:data:`FORMATS` is the one place that names the formats. Detection walks the table in
order and takes the first format whose detector accepts the file (so ``text``, which
accepts anything decodable, comes last). Adding a format is one :class:`FormatSpec` row
here, its loader (a module beside the others) and its tests.

The PDF and HTML loaders import pypdf / selectolax only when they load a file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from notelens.config import ChunkingConfig, IngestConfig
from notelens.errors import ConfigError
from notelens.ingest import container, detect
from notelens.ingest.base import Chunker, Loader
from notelens.ingest.converted import PartChunker
from notelens.ingest.hwp import HwpLoader, is_hwp5
from notelens.ingest.loaders import HtmlLoader, MarkdownLoader, PdfLoader, TextLoader
from notelens.ingest.markdown import MarkdownChunker
from notelens.ingest.office import (
    CsvLoader,
    DocxLoader,
    EpubLoader,
    HwpxLoader,
    IpynbLoader,
    PptxLoader,
    XlsxLoader,
)
from notelens.ingest.pdf_chunk import PdfChunker
from notelens.ingest.text import TextChunker

__all__ = [
    "FORMATS",
    "FormatSpec",
    "Probe",
    "chunker_for",
    "detect_format",
    "loader_for",
    "loader_for_format",
    "note_extensions",
]


class Probe:
    """What a detector looks at: the path, its extension, the raw bytes and (decoded
    once, on first use) the text. Decoding raises ``IngestError`` for binary, empty or
    undecodable files, which ends detection with that error."""

    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        self.data = data
        self.ext = path.suffix.lower()

    @cached_property
    def text(self) -> str:
        return detect.decode_text(self.data, self.path)

    @cached_property
    def container(self) -> str | None:
        """The format a zip container's content shows (docx, pptx, xlsx, epub, hwpx), or
        ``None``; an OLE file or corrupt zip named like one of them raises."""
        if container.is_zip(self.data):
            return container.zip_kind(self.data, self.path)
        if container.is_ole(self.data) and (
            self.ext in container.OFFICE_EXT or self.ext in container.LEGACY_EXT
        ):
            raise container.ole_error(self.data, self.path)
        if self.ext in container.OFFICE_EXT:
            name = container.FORMAT_NAMES[container.OFFICE_EXT[self.ext]]
            raise detect.not_a_container(self.path, name)
        return None


@dataclass(frozen=True, slots=True)
class FormatSpec:
    """One row of the format table."""

    detector: Callable[[Probe], bool]
    loader: Callable[[], Loader]
    chunker: Callable[[ChunkingConfig], Chunker]
    #: file names the walker picks up for this format (``IngestConfig.extensions`` unset)
    extensions: tuple[str, ...] = ()


def _is_pdf(p: Probe) -> bool:
    if detect.is_pdf(p.data, lenient=p.ext == ".pdf"):
        return True
    if p.ext == ".pdf":  # named .pdf but is not one: an error, not a text file
        raise detect.not_a_pdf(p.path)
    return False


def _container(fmt: str) -> Callable[[Probe], bool]:
    def detector(p: Probe) -> bool:
        return p.container == fmt

    return detector


def _is_hwp(p: Probe) -> bool:
    return is_hwp5(p.data)


def _is_ipynb(p: Probe) -> bool:
    return p.ext == ".ipynb"


def _is_csv(p: Probe) -> bool:
    return p.ext in (".csv", ".tsv")


def _is_html(p: Probe) -> bool:
    text = p.text  # every text format must decode, whatever its extension
    if p.ext in detect.HTML_EXT:
        return True
    # content decides only for files without a markdown extension
    return p.ext not in detect.MARKDOWN_EXT and detect.looks_like_html(text)


def _is_markdown(p: Probe) -> bool:
    return p.ext in detect.MARKDOWN_EXT or detect.looks_like_markdown(p.text)


def _is_text(p: Probe) -> bool:
    return bool(p.text)  # the fallback: anything that decodes


#: format -> (detector, Loader, Chunker), in detection order. Markdown and HTML (converted
#: to markdown) get the structure-aware chunker; plain text and PDF pages paragraph packing;
#: converted formats (Office, notebooks, e-books) the markdown chunker with part labels.
FORMATS: dict[str, FormatSpec] = {
    "pdf": FormatSpec(_is_pdf, PdfLoader, PdfChunker, (".pdf",)),
    "hwp": FormatSpec(_is_hwp, HwpLoader, PartChunker, (".hwp",)),
    # zip containers, by content ([Content_Types].xml / mimetype), never by name alone
    "docx": FormatSpec(_container("docx"), DocxLoader, PartChunker, (".docx", ".docm")),
    "pptx": FormatSpec(_container("pptx"), PptxLoader, PartChunker, (".pptx", ".pptm")),
    "xlsx": FormatSpec(_container("xlsx"), XlsxLoader, PartChunker, (".xlsx", ".xlsm")),
    "epub": FormatSpec(_container("epub"), EpubLoader, PartChunker, (".epub",)),
    "hwpx": FormatSpec(_container("hwpx"), HwpxLoader, PartChunker, (".hwpx",)),
    "ipynb": FormatSpec(_is_ipynb, IpynbLoader, PartChunker, (".ipynb",)),
    "csv": FormatSpec(_is_csv, CsvLoader, PartChunker, (".csv", ".tsv")),
    "html": FormatSpec(_is_html, HtmlLoader, MarkdownChunker, (".html", ".htm")),
    "markdown": FormatSpec(_is_markdown, MarkdownLoader, MarkdownChunker, (".md", ".markdown")),
    "text": FormatSpec(_is_text, TextLoader, TextChunker, (".txt", ".text")),
}


def note_extensions(config: IngestConfig | None = None) -> tuple[str, ...]:
    """The file extensions an index run reads: ``config.extensions`` when set, else every
    extension the format table names."""
    if config is not None and config.extensions is not None:
        return config.extensions
    return tuple(ext for spec in FORMATS.values() for ext in spec.extensions)


def _spec(fmt: str) -> FormatSpec:
    try:
        return FORMATS[fmt]
    except KeyError:
        raise ConfigError(
            f"unknown format {fmt!r}", hint=f"choose one of: {', '.join(FORMATS)}"
        ) from None


def detect_format(path: Path, data: bytes) -> str:
    """The format of ``data`` (read from ``path``); raises ``IngestError`` for empty,
    binary or undecodable files and for a ``.pdf`` that is not a PDF."""
    if not data.strip():
        raise detect.empty_file(path)
    probe = Probe(path, data)
    for fmt, spec in FORMATS.items():
        if spec.detector(probe):
            return fmt
    raise detect.empty_file(path)  # unreachable while "text" accepts any decoded text


def loader_for_format(fmt: str) -> Loader:
    """A fresh loader for a detected format."""
    return _spec(fmt).loader()


def chunker_for(fmt: str, config: ChunkingConfig | None = None) -> Chunker:
    """A fresh chunker for documents of format ``fmt``."""
    return _spec(fmt).chunker(config or ChunkingConfig())


def loader_for(path: Path, data: bytes) -> Loader:
    """The loader for ``data`` read from ``path``; raises ``IngestError`` for files no
    loader can read (empty, binary, undecodable, a ``.pdf`` that is not a PDF)."""
    return loader_for_format(detect_format(path, data))
