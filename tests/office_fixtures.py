"""Office, notebook and e-book fixtures built in the tests (no binary files are checked in).

* ``make_docx``: a minimal WordprocessingML package written by hand (headings use the
  built-in ``Heading1``/``Heading2`` styles, which MarkItDown's mammoth maps to ``#``/``##``);
* ``make_pptx`` / ``make_xlsx``: python-pptx / openpyxl (both come with the ``office`` extra);
* ``make_epub``: an EPUB 3 container by hand (mimetype first, stored);
* ``make_ipynb``: nbformat 4 JSON;
* ``make_hwpx``: a minimal HWPX (OWPML) package by hand;
* ``make_hwp``: an HWP 5 binary file from markdown, written by hwp-converter-ai (dev extra);
* bad files: a zip bomb (a small zip whose directory declares a huge entry), an
  encrypted OOXML (an OLE compound file, as Office writes password-protected files),
  a macro-enabled package (``vbaProject.bin``), a truncated zip.
"""

from __future__ import annotations

import io
import json
import zipfile
from xml.sax.saxutils import escape

_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Word declares these on every document; MarkItDown's math pre-pass needs them declared
_M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _docx_paragraph(style: str | None, text: str) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def make_docx(blocks: list[tuple[str | None, str]], *, macro: bool = False) -> bytes:
    """A .docx: ``blocks`` are ``(style, text)``; style ``"Heading1"``, ``"Heading2"`` or
    ``None`` (a body paragraph). ``macro``: a macro-enabled package (.docm) with a
    ``word/vbaProject.bin`` part."""
    body = "".join(_docx_paragraph(style, text) for style, text in blocks)
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{_W_NS}" xmlns:m="{_M_NS}" xmlns:r="{_R_NS}"><w:body>{body}</w:body></w:document>'
    )
    styles = "".join(
        f'<w:style w:type="paragraph" w:styleId="Heading{n}"><w:name w:val="heading {n}"/></w:style>'
        for n in (1, 2, 3)
    )
    main = "application/vnd.ms-word.document.macroEnabled.main+xml" if macro else _DOCX_MAIN
    content_types = (
        f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{_CT_NS}">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + (
            '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
            if macro
            else ""
        )
        + f'<Override PartName="/word/document.xml" ContentType="{main}"/>'
        '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
        "</Types>"
    )
    rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_REL_NS}">'
        f'<Relationship Id="rId1" Type="{_OFFICE_DOC}" Target="word/document.xml"/>'
        "</Relationships>"
    )
    doc_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_REL_NS}">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        "</Relationships>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", content_types)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", document)
        z.writestr("word/_rels/document.xml.rels", doc_rels)
        z.writestr("word/styles.xml", f'<w:styles xmlns:w="{_W_NS}">{styles}</w:styles>')
        if macro:
            z.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 fake macro project")
    return buf.getvalue()


def make_pptx(slides: list[tuple[str, list[str]]], *, notes: dict[int, str] | None = None) -> bytes:
    """A .pptx with one title-and-content slide per ``(title, bullet lines)``; ``notes``
    maps a 1-based slide number to its speaker notes."""
    from pptx import Presentation

    prs = Presentation()
    layout = prs.slide_layouts[1]
    for number, (title, lines) in enumerate(slides, start=1):
        slide = prs.slides.add_slide(layout)
        slide.shapes.title.text = title
        body = slide.placeholders[1].text_frame
        body.text = lines[0] if lines else ""
        for line in lines[1:]:
            body.add_paragraph().text = line
        if notes and number in notes:
            slide.notes_slide.notes_text_frame.text = notes[number]
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def make_xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    """An .xlsx with one sheet per name; rows as given (first row: the header)."""
    from openpyxl import Workbook

    wb = Workbook()
    first = True
    for name, rows in sheets.items():
        ws = wb.active if first else wb.create_sheet()
        assert ws is not None
        ws.title = name
        first = False
        for row in rows:
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def make_epub(title: str, chapters: list[tuple[str, str]]) -> bytes:
    """An EPUB 3 with one XHTML file per ``(chapter heading, paragraph text)``."""
    items = "".join(
        f'<item id="c{i}" href="c{i}.xhtml" media-type="application/xhtml+xml"/>'
        for i in range(len(chapters))
    )
    spine = "".join(f'<itemref idref="c{i}"/>' for i in range(len(chapters)))
    opf = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<dc:identifier id="id">urn:uuid:notelens-test</dc:identifier><dc:title>{escape(title)}</dc:title>'
        "<dc:language>ko</dc:language></metadata>"
        f"<manifest>{items}</manifest><spine>{spine}</spine></package>"
    )
    container = (
        '<?xml version="1.0"?><container version="1.0" '
        'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
        '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
        "</rootfiles></container>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")  # stored, first
        z.writestr("META-INF/container.xml", container, zipfile.ZIP_DEFLATED)
        z.writestr("OEBPS/content.opf", opf, zipfile.ZIP_DEFLATED)
        for i, (heading, text) in enumerate(chapters):
            xhtml = (
                '<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
                f"<head><title>{escape(heading)}</title></head><body>"
                f"<h1>{escape(heading)}</h1><p>{escape(text)}</p></body></html>"
            )
            z.writestr(f"OEBPS/c{i}.xhtml", xhtml, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def make_ipynb(cells: list[tuple[str, str]], *, with_outputs: bool = True) -> bytes:
    """An nbformat 4 notebook; ``cells`` are ``(cell_type, source)``. Code cells get an
    output (which the loader must drop) when ``with_outputs``."""
    out_cells = []
    for kind, source in cells:
        cell: dict[str, object] = {"cell_type": kind, "metadata": {}, "source": source}
        if kind == "code":
            cell["execution_count"] = 1
            cell["outputs"] = (
                [{"output_type": "stream", "name": "stdout", "text": "OUTPUT_SHOULD_BE_DROPPED\n"}]
                if with_outputs
                else []
            )
        out_cells.append(cell)
    nb = {
        "cells": out_cells,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(nb, ensure_ascii=False).encode("utf-8")


def make_hwpx(paragraphs: list[str]) -> bytes:
    """A minimal HWPX (OWPML) package: ``mimetype`` first, one section of paragraphs."""
    hp = "http://www.hancom.co.kr/hwpml/2011/paragraph"
    hs = "http://www.hancom.co.kr/hwpml/2011/section"
    paras = "".join(f"<hp:p><hp:run><hp:t>{escape(p)}</hp:t></hp:run></hp:p>" for p in paragraphs)
    section = f'<?xml version="1.0" encoding="UTF-8"?><hs:sec xmlns:hs="{hs}" xmlns:hp="{hp}">{paras}</hs:sec>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/hwp+zip")
        z.writestr("Contents/section0.xml", section, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def make_zip_bomb(member: str = "word/document.xml", declared: int = 3 << 30) -> bytes:
    """A small OOXML-looking zip whose central directory declares a ``declared``-byte
    entry (the directory is what a safe reader checks before extracting anything)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            f'<Types xmlns="{_CT_NS}"><Override PartName="/word/document.xml" '
            f'ContentType="{_DOCX_MAIN}"/></Types>',
        )
        z.writestr(member, b"<w:document/>")
    data = bytearray(buf.getvalue())
    # patch the uncompressed size of ``member`` in its central directory record
    start = 0
    name = member.encode()
    while True:
        cd = data.find(b"PK\x01\x02", start)
        if cd < 0:
            raise AssertionError("central directory record not found")
        name_len = int.from_bytes(data[cd + 28 : cd + 30], "little")
        if bytes(data[cd + 46 : cd + 46 + name_len]) == name:
            data[cd + 24 : cd + 28] = min(declared, 0xFFFFFFFE).to_bytes(4, "little")
            return bytes(data)
        start = cd + 4


def make_encrypted_ooxml() -> bytes:
    """The start of an OLE compound file holding ``EncryptedPackage``, which is what
    Office writes for a password-protected .docx/.xlsx/.pptx."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    name = "EncryptedPackage".encode("utf-16-le")
    return header + name + b"\x00" * (4096 - len(header) - len(name))


def make_hwp(markdown: str) -> bytes:
    """An HWP 5 (OLE, zlib-compressed body) document written by hwp-converter-ai."""
    import tempfile
    from pathlib import Path

    from hwp_converter_ai import HwpWriter

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "doc.hwp"
        HwpWriter().from_markdown(markdown, out)
        return out.read_bytes()
