"""File names as the index stores them and as people see them.

POSIX file names are bytes. Python gives a name that is not valid UTF-8 to us as a
``str`` with lone surrogates (``\\udce9`` for the byte ``0xe9``, PEP 383), which no
UTF-8 encoder -- pyarrow's included -- accepts. So the index never stores that ``str``:

* :func:`source_key` is the stored form: valid UTF-8, and *lossless* --
  :func:`source_path` gives back the exact bytes. Valid UTF-8 names are stored as they
  are (so every existing index keeps its keys); each undecodable byte ``b`` becomes the
  escape character :data:`ESCAPE` followed by ``chr(0x10FE00 + b)``, and a real
  :data:`ESCAPE` in a name is doubled. Both are Unicode noncharacters / private-use
  code points of plane 16, so no ordinary name changes.
* :func:`display_path` is the human form: undecodable bytes as ``\\xe9``, control
  characters (ANSI escape sequences included) as ``\\x1b``-style escapes, so a file
  name can neither garble nor drive the terminal it is printed on.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

__all__ = [
    "ESCAPE",
    "chunk_key_bytes",
    "display_path",
    "escape_controls",
    "source_key",
    "source_path",
]

#: U+10FFFE, a noncharacter: never part of a name anyone types.
ESCAPE = "\U0010fffe"
_BYTE_BASE = 0x10FE00
_SURROGATE = re.compile("[\udc80-\udcff]")
_STORED = re.compile(f"{ESCAPE}(.)", re.S)
# C0, DEL and C1 controls (ESC starts ANSI sequences; CSI is U+009B), and the bidi
# overrides that can make a name read as another.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def source_key(path: Path | str) -> str:
    """The stored, valid-UTF-8 form of ``path`` (see the module doc)."""
    text = os.fspath(path)
    if ESCAPE not in text and not _SURROGATE.search(text):
        return text
    text = text.replace(ESCAPE, ESCAPE + ESCAPE)
    return _SURROGATE.sub(lambda m: ESCAPE + chr(_BYTE_BASE + (ord(m.group()) - 0xDC00)), text)


def _unescape(m: re.Match[str]) -> str:
    ch = m.group(1)
    if ch == ESCAPE:
        return ESCAPE
    code = ord(ch) - _BYTE_BASE
    if 0x80 <= code <= 0xFF:
        return chr(0xDC00 + code)
    return m.group(0)  # not one of ours: leave it


def source_path(key: str) -> Path:
    """The file a stored ``key`` names (its exact bytes on disk)."""
    if ESCAPE not in key:
        return Path(key)
    return Path(_STORED.sub(_unescape, key))


def chunk_key_bytes(key: str) -> bytes:
    """The bytes hashed into chunk ids: the file name's own bytes (``os.fsencode``)."""
    return os.fsencode(source_path(key))


def _escape_control(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def display_path(path: Path | str) -> str:
    """``path`` made safe to print: undecodable bytes and control characters escaped."""
    text = os.fspath(path)
    if ESCAPE in text:
        text = os.fspath(source_path(text))
    if _SURROGATE.search(text):
        text = os.fsencode(text).decode("utf-8", "backslashreplace")
    return _CONTROL.sub(_escape_control, text)


def escape_controls(text: str) -> str:
    """``text`` (a title, a heading, a reason) with control characters escaped, for a
    terminal; newlines and tabs are kept."""
    return _CONTROL.sub(lambda m: m.group() if m.group() in "\n\t" else _escape_control(m), text)
