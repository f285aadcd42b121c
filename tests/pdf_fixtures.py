"""Hand-written PDF fixtures for tests (no PDF files are checked in).

``make_pdf`` writes a minimal, valid PDF 1.4 with one Helvetica text object per page and
a correct cross-reference table (offsets computed here), so pypdf extracts the text
exactly. Text must be ASCII (Helvetica with the standard encoding); each ``\\n`` starts a
new text line.
"""

from __future__ import annotations

import io


def _pdf_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def _content_stream(text: str) -> bytes:
    ops = ["BT", "/F1 11 Tf", "14 TL", "72 740 Td"]
    for k, line in enumerate(text.split("\n")):
        if k:
            ops.append("T*")
        ops.append(f"{_pdf_string(line)} Tj")
    ops.append("ET")
    return "\n".join(ops).encode("ascii")


def make_pdf(pages: list[str], *, title: str | None = None) -> bytes:
    """A PDF with one page per string (an empty string gives a page without text)."""
    for page in pages:
        page.encode("ascii")  # Helvetica + standard encoding: ASCII only
    return _write_pdf([_content_stream(text) if text else b"" for text in pages], title)


def make_paper_pdf(pages: list[list[tuple[float, str]]], *, title: str | None = None) -> bytes:
    """A PDF whose lines have their own font sizes: ``pages`` are lists of ``(size,
    text)`` lines, set top-down (for titles, headings, running headers, page numbers)."""
    streams = []
    for lines in pages:
        ops, y = [], 760.0
        for size, text in lines:
            text.encode("ascii")
            ops.append(f"BT /F1 {size:g} Tf 72 {y:.1f} Td {_pdf_string(text)} Tj ET")
            y -= size * 1.4
        streams.append("\n".join(ops).encode("ascii"))
    return _write_pdf(streams, title)


def _write_pdf(streams: list[bytes], title: str | None) -> bytes:
    objects: dict[int, bytes] = {}
    n = len(streams)
    page_ids = [4 + 2 * i for i in range(n)]
    kids = " ".join(f"{pid} 0 R" for pid in page_ids)
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[2] = f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode()
    objects[3] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    for i, stream in enumerate(streams):
        pid, cid = page_ids[i], page_ids[i] + 1
        objects[pid] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {cid} 0 R >>"
        ).encode()
        objects[cid] = f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream"
    info_id = None
    if title is not None:
        info_id = 4 + 2 * n
        objects[info_id] = f"<< /Title {_pdf_string(title)} >>".encode("latin-1")

    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for oid in sorted(objects):
        offsets[oid] = out.tell()
        out.write(f"{oid} 0 obj\n".encode() + objects[oid] + b"\nendobj\n")
    xref = out.tell()
    size = max(objects) + 1
    out.write(f"xref\n0 {size}\n".encode())
    out.write(b"0000000000 65535 f \n")
    for oid in range(1, size):
        out.write(f"{offsets[oid]:010d} 00000 n \n".encode())
    trailer = f"<< /Size {size} /Root 1 0 R"
    if info_id is not None:
        trailer += f" /Info {info_id} 0 R"
    trailer += " >>"
    out.write(f"trailer\n{trailer}\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def make_encrypted_pdf(
    pages: list[str] | None = None, *, user_password: str = "secret", owner_password: str = "owner"
) -> bytes:
    """``make_pdf`` encrypted with pypdf (RC4-128, which needs no crypto package).
    ``user_password=""`` gives a PDF that opens without a password."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(make_pdf(pages or ["Encrypted notes about LoRA."])))
    writer = PdfWriter(clone_from=reader)
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def make_blank_pdf(pages: int = 1) -> bytes:
    """Pages without any text (what a scanned PDF looks like to a text extractor)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=612, height=792)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def make_corrupt_pdf() -> bytes:
    """A ``%PDF-`` header followed by garbage."""
    return b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n"


def make_truncated_pdf() -> bytes:
    """A valid PDF cut off in its first object."""
    data = make_pdf(["This page is cut off."])
    return data[:40]
