"""Loaders for files converted to markdown: Word, PowerPoint, Excel, CSV, notebooks,
EPUB and HWPX. Each yields :class:`Section` objects labelled with the part of the
original they come from (``slide 3``, ``sheet Budget``, ``cell 4``, ``chapter 2``); the
:class:`~notelens.ingest.converted.PartChunker` runs the markdown chunker over them and
turns the label (plus table rows) into ``Location.part``.

Converters (the ``office`` extra, imported only when such a file is loaded):

* .pptx: MarkItDown's ``PptxConverter`` (python-pptx), split at its slide markers;
* .docx: mammoth (MarkItDown's own docx backend) to HTML, then notelens' HTML converter.
  MarkItDown's ``DocxConverter`` is not used: its math pre-pass re-serialises
  ``document.xml`` through BeautifulSoup, which with bs4 4.15 drops the ``w:``
  namespace and mammoth then finds no body (every .docx failed);
* .xlsx: openpyxl (read-only, cached values) and .csv: the csv module, written as
  markdown tables by :func:`table_section`, one per sheet, so rows stay traceable;
* .epub: the OPF spine read here (defusedxml), each chapter through the HTML converter;
* .ipynb: nbformat JSON read directly: markdown cells as they are, code cells fenced,
  outputs dropped;
* .hwpx: the OWPML section XML read directly (``<hp:p>`` paragraphs of ``<hp:t>`` runs).

Every zip goes through :class:`~notelens.ingest.container.SafeZip` first (corrupt,
encrypted, zip bomb, macros).
"""

from __future__ import annotations

import csv
import io
import json
import posixpath
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from notelens.errors import IngestError, UnsupportedFileError
from notelens.ingest.budget import checkpoint
from notelens.ingest.container import SafeZip
from notelens.ingest.detect import decode_text
from notelens.ingest.html import html_to_markdown
from notelens.ingest.loaders import markdown_title
from notelens.paths import display_path, source_key
from notelens.types import Document, Section

__all__ = [
    "CsvLoader",
    "DocxLoader",
    "EpubLoader",
    "HwpxLoader",
    "IpynbLoader",
    "PptxLoader",
    "XlsxLoader",
    "table_section",
]

_EXTRA_HINT = "pip install 'notelens[office]'"
_SLIDE = re.compile(r"^<!-- Slide number: (\d+) -->$", re.MULTILINE)
#: Cells of a converted table longer than this are cut (a cell is not a document).
MAX_CELL_CHARS = 2000


def _missing(kind: str, path: Path, exc: ImportError) -> UnsupportedFileError:
    return UnsupportedFileError(
        f"reading {kind} files needs the office extra ({exc.name or exc} is not installed)",
        path=str(path),
        hint=_EXTRA_HINT,
    )


def _document(path: Path, fmt: str, title: str | None, sections: list[Section]) -> Document:
    sections = [s for s in sections if s.text.strip()]
    if not sections:
        raise UnsupportedFileError(f"no text in {fmt} file", path=str(path))
    return Document(
        source=source_key(path),
        title=title or display_path(path.stem),
        format=fmt,
        sections=tuple(sections),
    )


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    if len(text) > MAX_CELL_CHARS:
        text = text[:MAX_CELL_CHARS] + "…"
    return " ".join(text.split()).replace("|", "\\|")


def table_section(
    rows: Iterable[tuple[int, Sequence[object]]], part: str | None, heading: str | None = None
) -> Section | None:
    """A markdown table from ``(row number, cells)`` pairs (the first non-empty row is the
    header), under a ``# heading`` when given (a sheet's name, so chunks carry it);
    ``Section.rows`` keeps each data line's original row number."""
    top = [f"# {_cell(heading)}", ""] if heading else []
    lines: list[str] = []
    numbers: list[int] = []
    width = 0
    for k, (number, cells) in enumerate(rows):
        if k % 256 == 0:
            checkpoint()
        texts = [_cell(c) for c in cells]
        while texts and not texts[-1]:
            texts.pop()
        if not any(texts):
            continue
        if not lines:
            width = len(texts)
            lines += ["| " + " | ".join(texts) + " |", "|" + " --- |" * width]
            numbers += [0, 0]
            continue
        texts = (texts + [""] * width)[: max(width, len(texts))]
        lines.append("| " + " | ".join(texts) + " |")
        numbers.append(number)
    if not lines:
        return None
    return Section(text="\n".join(top + lines), part=part, rows=tuple([0] * len(top) + numbers))


class DocxLoader:
    """Word documents: one section, headings as markdown headings."""

    format = "docx"

    def load(self, path: Path, data: bytes) -> Document:
        SafeZip(data, path, "Word").check_no_macros()
        try:
            import mammoth
        except ImportError as exc:
            raise _missing(".docx", path, exc) from exc
        html = mammoth.convert_to_html(io.BytesIO(data)).value
        markdown, _ = html_to_markdown(f"<html><body>{html}</body></html>")
        title = _core_title(data, path) or markdown_title(markdown)
        return _document(path, "docx", title, [Section(text=markdown)])


def _core_title(data: bytes, path: Path) -> str | None:
    """``dc:title`` from an OOXML package's core properties (``docProps/core.xml``)."""
    z = SafeZip(data, path)
    if "docProps/core.xml" not in z.names:
        return None
    m = re.search(rb"<dc:title>([^<]{1,300})</dc:title>", z.read("docProps/core.xml"))
    if m is None:
        return None
    title = " ".join(m.group(1).decode("utf-8", "replace").split())
    return title or None


class PptxLoader:
    """PowerPoint decks: one section per slide (``slide N``), speaker notes included."""

    format = "pptx"

    def load(self, path: Path, data: bytes) -> Document:
        SafeZip(data, path, "PowerPoint").check_no_macros()
        try:
            from markitdown import StreamInfo
            from markitdown.converters import PptxConverter
        except ImportError as exc:
            raise _missing(".pptx", path, exc) from exc
        converter = PptxConverter()  # type: ignore[no-untyped-call]
        result = converter.convert(io.BytesIO(data), StreamInfo(extension=".pptx"))
        text = result.markdown
        marks = list(_SLIDE.finditer(text))
        sections = []
        for k, m in enumerate(marks):
            end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
            body = text[m.end() : end].strip().replace("### Notes:", "### Notes")
            sections.append(Section(text=body, part=f"slide {m.group(1)}"))
        title = _core_title(data, path) or (markdown_title(sections[0].text) if sections else None)
        return _document(path, "pptx", title, sections)


class XlsxLoader:
    """Excel workbooks: one markdown table per sheet (``sheet NAME``), values as cached."""

    format = "xlsx"

    def load(self, path: Path, data: bytes) -> Document:
        SafeZip(data, path, "Excel").check_no_macros()
        try:
            import openpyxl
        except ImportError as exc:
            raise _missing(".xlsx", path, exc) from exc
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sections = []
            for ws in wb.worksheets:
                rows = ((r, cells) for r, cells in enumerate(ws.iter_rows(values_only=True), 1))
                section = table_section(rows, f"sheet {ws.title}", ws.title)
                if section is not None:
                    sections.append(section)
        finally:
            wb.close()
        return _document(path, "xlsx", _core_title(data, path), sections)


class CsvLoader:
    """CSV/TSV files: one markdown table; chunks say ``rows A-B``."""

    format = "csv"

    def load(self, path: Path, data: bytes) -> Document:
        text = decode_text(data, path)
        try:
            dialect: Any = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
        except csv.Error:
            dialect = csv.excel_tab if path.suffix.lower() == ".tsv" else csv.excel
        try:
            rows = list(enumerate(csv.reader(io.StringIO(text), dialect), 1))
        except csv.Error as exc:
            raise IngestError(f"malformed CSV: {exc}", path=str(path)) from exc
        section = table_section(rows, None)
        return _document(path, "csv", None, [section] if section else [])


class IpynbLoader:
    """Jupyter notebooks: markdown and code cells (``cell N``, 1-based), outputs dropped."""

    format = "ipynb"

    def load(self, path: Path, data: bytes) -> Document:
        try:
            nb = json.loads(decode_text(data, path))
        except json.JSONDecodeError as exc:
            raise IngestError(f"not a notebook: invalid JSON ({exc})", path=str(path)) from exc
        cells = nb.get("cells") if isinstance(nb, dict) else None
        if not isinstance(cells, list):
            raise IngestError("not a notebook: no 'cells' list", path=str(path))
        meta = nb.get("metadata") if isinstance(nb.get("metadata"), dict) else {}
        lang = str((meta.get("kernelspec") or {}).get("language") or "python")
        sections: list[Section] = []
        for number, cell in enumerate(cells, 1):
            if not isinstance(cell, dict):
                continue
            source = cell.get("source", "")
            body = "".join(source) if isinstance(source, list) else str(source)
            if not body.strip():
                continue
            kind = cell.get("cell_type")
            if kind == "markdown":
                sections.append(Section(text=body.strip(), part=f"cell {number}"))
            elif kind == "code":
                fence = "````" if "```" in body else "```"
                text = f"{fence}{lang}\n{body.rstrip()}\n{fence}"
                sections.append(Section(text=text, part=f"cell {number}"))
        title = meta.get("title") if isinstance(meta.get("title"), str) else None
        if title is None:
            title = next((t for s in sections if (t := markdown_title(s.text)) is not None), None)
        return _document(path, "ipynb", title, sections)


class EpubLoader:
    """EPUB books: one section per spine document (``chapter N``)."""

    format = "epub"

    def load(self, path: Path, data: bytes) -> Document:
        z = SafeZip(data, path, "EPUB")
        try:
            from defusedxml import ElementTree
        except ImportError as exc:
            raise _missing(".epub", path, exc) from exc
        try:
            container = ElementTree.fromstring(z.read("META-INF/container.xml"))
            rootfile = next(e for e in container.iter() if e.tag.endswith("rootfile"))
            opf_path = rootfile.attrib["full-path"]
            opf = ElementTree.fromstring(z.read(opf_path))
        except (StopIteration, KeyError, ElementTree.ParseError) as exc:
            raise IngestError(f"corrupt EPUB file: {exc!r}", path=str(path)) from exc
        base = posixpath.dirname(opf_path)
        manifest = {
            e.attrib.get("id"): e.attrib.get("href", "")
            for e in opf.iter()
            if e.tag.endswith("}item")
        }
        title_el = next((e for e in opf.iter() if e.tag.endswith("}title")), None)
        sections = []
        spine = [e.attrib.get("idref") for e in opf.iter() if e.tag.endswith("}itemref")]
        for number, idref in enumerate(spine, 1):
            checkpoint()
            href = manifest.get(idref)
            if not href:
                continue
            name = posixpath.normpath(posixpath.join(base, href.split("#")[0]))
            html = z.read(name).decode("utf-8", "replace")
            markdown, _ = html_to_markdown(html)
            sections.append(Section(text=markdown, part=f"chapter {number}"))
        title = (title_el.text or "").strip() if title_el is not None else None
        return _document(path, "epub", title or None, sections)


_HWPX_SECTION = re.compile(r"^Contents/section(\d+)\.xml$")


class HwpxLoader:
    """HWPX (한글 OWPML) documents: paragraphs of every section (``section N``)."""

    format = "hwpx"

    def load(self, path: Path, data: bytes) -> Document:
        z = SafeZip(data, path, "HWPX")
        try:
            from defusedxml import ElementTree
        except ImportError as exc:
            raise _missing(".hwpx", path, exc) from exc
        found = sorted(
            (int(m.group(1)), name) for name in z.names if (m := _HWPX_SECTION.match(name))
        )
        sections = []
        for number, name in found:
            checkpoint()
            try:
                root = ElementTree.fromstring(z.read(name))
            except ElementTree.ParseError as exc:
                raise IngestError(f"corrupt HWPX file ({name}: {exc})", path=str(path)) from exc
            paras = []
            for p in root.iter():
                if p.tag.endswith("}p"):
                    # a paragraph's own runs only: a table inside a run has paragraphs
                    # of its own, which this loop visits themselves
                    runs = [
                        t.text or ""
                        for run in p
                        if run.tag.endswith("}run")
                        for t in run
                        if t.tag.endswith("}t")
                    ]
                    line = "".join(runs).strip()
                    if line:
                        paras.append(line)
            sections.append(Section(text="\n\n".join(paras), part=f"section {number + 1}"))
        first = sections[0].text.split("\n", 1)[0].strip() if sections else ""
        title = first if 0 < len(first) <= 80 else None
        return _document(path, "hwpx", title, sections)
