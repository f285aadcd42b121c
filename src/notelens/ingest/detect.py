"""The signals that decide a file's format, and safe text decoding. The decision itself
(which signal wins, in which order) is the format table in :mod:`notelens.ingest.registry`.

* a file starting with ``%PDF-`` is a PDF, whatever its extension (for ``.pdf`` files
  the header may be anywhere in the first 1 KB); a ``.pdf`` without it is an error.
* ``.html``/``.htm`` (or a text file that starts with ``<!doctype html``/``<html``) is HTML.
* ``.md``/``.markdown`` is markdown; ``.txt``/``.text`` (and anything else) is markdown
  when it shows markdown signals (ATX headings, several list items, ``[text](url)``
  links, pipe tables, ``<details>``, fenced code), else plain text.

Text decoding: UTF-8 (BOM stripped; UTF-16 with a BOM also accepted); on invalid UTF-8,
CP949 (a superset of EUC-KR, common for Korean files) when the result reads as Korean;
otherwise :class:`~notelens.errors.IngestError` naming the byte offset. NUL bytes or a
high share of control characters in the first 8 KB mean a binary file. Text is returned
NFC-normalised with ``\\n`` line ends.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from notelens.errors import IngestError, UnsupportedFileError

__all__ = [
    "HTML_EXT",
    "MARKDOWN_EXT",
    "check_not_binary",
    "decode_text",
    "empty_file",
    "is_pdf",
    "looks_like_html",
    "looks_like_markdown",
    "not_a_container",
    "not_a_pdf",
]

SNIFF_BYTES = 8192
#: Share of control characters (other than tab/newline/CR/FF/ESC) that marks a binary file.
MAX_CONTROL_SHARE = 0.10
#: Share of Hangul among the non-ASCII characters for a CP949 decoding to count as Korean.
MIN_HANGUL_SHARE = 0.8

MARKDOWN_EXT = {".md", ".markdown", ".mdown", ".mkd"}
HTML_EXT = {".html", ".htm", ".xhtml"}

_ATX = re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.MULTILINE)
_FENCE = re.compile(r"^[ \t]*(?:```|~~~)", re.MULTILINE)
_BULLET = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\S", re.MULTILINE)
_MD_LINK = re.compile(r"!?\[[^\]\n]+\]\((?:<[^>\n]+>|[^)\s]+)[^)\n]*\)")
_TABLE_SEP = re.compile(
    r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$", re.MULTILINE
)
_DETAILS = re.compile(r"<details\b", re.IGNORECASE)
_HTML_START = re.compile(
    r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL
)


def _err(message: str, path: Path | None) -> IngestError:
    return IngestError(message, path=str(path) if path is not None else None)


def _unsupported(message: str, path: Path | None) -> UnsupportedFileError:
    """Not a note at all (binary, empty): the indexer reports it as skipped."""
    return UnsupportedFileError(message, path=str(path) if path is not None else None)


def empty_file(path: Path | None) -> UnsupportedFileError:
    return _unsupported("empty file", path)


def not_a_pdf(path: Path | None) -> IngestError:
    return _err("not a PDF file (no %PDF- header)", path)


def not_a_container(path: Path | None, name: str) -> IngestError:
    return _err(f"not a {name} file (not a zip package)", path)


def is_pdf(data: bytes, *, lenient: bool = False) -> bool:
    """Starts with ``%PDF-``; ``lenient``: anywhere in the first 1 KB (the PDF spec
    allows leading junk; used for files named ``.pdf``)."""
    if data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n\x00").startswith(b"%PDF-"):
        return True
    return lenient and b"%PDF-" in data[:1024]


def check_not_binary(data: bytes, path: Path | None = None) -> None:
    """Raise ``IngestError("binary file ...")`` for NUL bytes or many control characters."""
    sample = data[:SNIFF_BYTES]
    if not sample:
        return
    if b"\x00" in sample:
        raise _unsupported("binary file (contains NUL bytes)", path)
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27)) + sample.count(127)
    share = control / len(sample)
    if share > MAX_CONTROL_SHARE:
        raise _unsupported(f"binary file ({share:.0%} control characters)", path)


def _reads_as_korean(text: str) -> bool:
    non_ascii = [ch for ch in text if ord(ch) > 127 and not ch.isspace()]
    if not non_ascii:
        return True
    hangul = sum(1 for ch in non_ascii if "\uac00" <= ch <= "\ud7a3" or "\u3131" <= ch <= "\u318e")
    return hangul / len(non_ascii) >= MIN_HANGUL_SHARE


def _finish(text: str, path: Path | None) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise _unsupported("empty file", path)
    return text


def decode_text(data: bytes, path: Path | None = None) -> str:
    """Decode file bytes to text (see the module doc); raise ``IngestError`` when it is
    empty, binary or undecodable."""
    if not data.strip():
        raise _unsupported("empty file", path)
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom) and not data.startswith(codecs.BOM_UTF32_LE):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise _err(
                    f"invalid UTF-16 text at byte offset {exc.start + len(bom)}", path
                ) from exc
            check_not_binary(text[:SNIFF_BYTES].encode("utf-8", "replace"), path)
            return _finish(text, path)
    check_not_binary(data, path)
    body = data[3:] if data.startswith(codecs.BOM_UTF8) else data
    try:
        return _finish(body.decode("utf-8"), path)
    except UnicodeDecodeError as exc:
        offset = exc.start + (len(data) - len(body))
        bad = data[offset]
        korean: str | None
        try:
            korean = body.decode("cp949")
        except UnicodeDecodeError:
            korean = None
        if korean is not None and _reads_as_korean(korean):
            return _finish(korean, path)
        raise _err(
            f"cannot decode text: invalid UTF-8 byte 0x{bad:02x} at byte offset {offset},"
            " and it is not CP949/EUC-KR Korean text either",
            path,
        ) from exc


def looks_like_markdown(text: str) -> bool:
    """Markdown signals in (the first 64 KB of) a ``.txt`` file."""
    sample = text[:65536]
    if _ATX.search(sample) or _FENCE.search(sample) or _TABLE_SEP.search(sample):
        return True
    if _DETAILS.search(sample) or _MD_LINK.search(sample):
        return True
    # A space-aligned table under a dashed rule: read as the pipe table it stands for
    # (ingest/aligned_tables.py), through the markdown chunker's table path.
    from notelens.ingest.aligned_tables import has_aligned_table

    return len(_BULLET.findall(sample)) >= 2 or has_aligned_table(sample)


def looks_like_html(text: str) -> bool:
    return _HTML_START.match(text[:4096]) is not None
