"""Zip containers (Office Open XML, EPUB, HWPX): what kind a file is, by content, and
opening it safely.

Detection looks at the bytes, never only at the name: a zip (``PK\\x03\\x04``) whose
``[Content_Types].xml`` names a WordprocessingML / PresentationML / SpreadsheetML main
part is a .docx / .pptx / .xlsx; one whose ``mimetype`` entry says
``application/epub+zip`` / ``application/hwp+zip`` is an EPUB / HWPX. An OLE compound file
(``D0 CF 11 E0``) named like an Office file is what Office writes for a
*password-protected* document (the package is inside, encrypted), or a legacy binary
.doc/.xls/.ppt/.hwp.

Safety, checked on the zip's central directory *before* anything is extracted:

* corrupt / truncated zip -> "corrupt ... file";
* encrypted entries -> "password-protected";
* a declared uncompressed total over :data:`MAX_UNCOMPRESSED` or an entry expanding
  more than :data:`MAX_RATIO` times -> "zip bomb", never inflated;
* more than :data:`MAX_ENTRIES` entries -> refused;
* macro-enabled packages (``vbaProject.bin``, a ``macroEnabled`` content type) ->
  refused (their text is not read: a .docm is a carrier more often than a note).

Each read of a member is bounded by its declared size, so a lying directory cannot make
a reader inflate more than it said.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from notelens.errors import IngestError, UnsupportedFileError

__all__ = [
    "FORMAT_NAMES",
    "LEGACY_EXT",
    "MAX_ENTRIES",
    "MAX_RATIO",
    "MAX_UNCOMPRESSED",
    "OFFICE_EXT",
    "SafeZip",
    "is_ole",
    "is_zip",
    "ole_error",
    "zip_kind",
]

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

#: The whole archive may declare at most this many uncompressed bytes (real notes,
#: decks and workbooks are far under; a zip bomb declares gigabytes).
MAX_UNCOMPRESSED = 256 << 20
#: One entry may expand at most this many times (XML compresses ~10-30x; bombs ~1000x).
MAX_RATIO = 200
#: Entries that small may expand any amount (a 300-byte XML part compresses to 60).
RATIO_FLOOR = 1 << 20
MAX_ENTRIES = 20_000

#: extension -> the format its content must show
OFFICE_EXT = {
    ".docx": "docx",
    ".docm": "docx",
    ".pptx": "pptx",
    ".pptm": "pptx",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".epub": "epub",
    ".hwpx": "hwpx",
}
LEGACY_EXT = {
    ".doc": "Word 97-2003 (.doc)",
    ".xls": "Excel 97-2003 (.xls)",
    ".ppt": "PowerPoint 97-2003 (.ppt)",
    ".hwp": "HWP without an HWP 5 header (.hwp)",
}
_MAIN_TYPES = {
    "wordprocessingml.document.main": "docx",
    "ms-word.document.macroenabled.main": "docx",
    "ms-word.template.macroenabledtemplate.main": "docx",
    "wordprocessingml.template.main": "docx",
    "presentationml.presentation.main": "pptx",
    "ms-powerpoint.presentation.macroenabled.main": "pptx",
    "spreadsheetml.sheet.main": "xlsx",
    "ms-excel.sheet.macroenabled.main": "xlsx",
}
_MIMETYPES = {"application/epub+zip": "epub", "application/hwp+zip": "hwpx"}
_CONTENT_TYPE = re.compile(rb'ContentType="application/vnd\.([^"+]+)\+xml"', re.IGNORECASE)
FORMAT_NAMES = {
    "docx": "Word",
    "pptx": "PowerPoint",
    "xlsx": "Excel",
    "epub": "EPUB",
    "hwpx": "HWPX",
}


def is_zip(data: bytes) -> bool:
    return data[:4] == ZIP_MAGIC


def is_ole(data: bytes) -> bool:
    return data[:8] == OLE_MAGIC


def _err(message: str, path: Path, hint: str | None = None) -> IngestError:
    return IngestError(message, path=str(path), hint=hint)


def ole_error(data: bytes, path: Path) -> IngestError:
    """The error for an OLE compound file named like an Office/HWP file."""
    ext = path.suffix.lower()
    if "EncryptedPackage".encode("utf-16-le") in data[: 1 << 20] or ext in OFFICE_EXT:
        return _err(
            "password-protected (encrypted) Office file",
            path,
            "save an unprotected copy to index it",
        )
    kind = LEGACY_EXT.get(ext, "an OLE compound file")
    return UnsupportedFileError(
        f"{kind} is a legacy binary format notelens does not read",
        path=str(path),
        hint="save it as .docx/.xlsx/.pptx/.hwpx",
    )


class SafeZip:
    """A zip whose central directory passed the checks in the module doc."""

    def __init__(self, data: bytes, path: Path, what: str = "zip") -> None:
        self.path = path
        self.what = what
        try:
            self.zf = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zf.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
            raise _err(f"corrupt {what} file (bad zip: {exc})", path) from exc
        if len(infos) > MAX_ENTRIES:
            raise _err(f"{what} file has {len(infos):,} entries, over {MAX_ENTRIES:,}", path)
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise _err(
                    f"password-protected (encrypted) {what} file",
                    path,
                    "save an unprotected copy to index it",
                )
            total += info.file_size
            ratio_ok = info.file_size <= RATIO_FLOOR or info.file_size <= MAX_RATIO * max(
                info.compress_size, 1
            )
            if total > MAX_UNCOMPRESSED or not ratio_ok:
                raise _err(
                    f"{what} file declares {total:,} uncompressed bytes "
                    f"(entry {info.filename!r}: {info.file_size:,} from "
                    f"{info.compress_size:,}); refused as a possible zip bomb",
                    path,
                )
        self.names = {info.filename: info for info in infos}

    def read(self, name: str) -> bytes:
        """One member, inflated at most to its declared size (a lying directory fails)."""
        info = self.names.get(name)
        if info is None:
            raise _err(f"corrupt {self.what} file: no {name!r} in the package", self.path)
        try:
            with self.zf.open(info) as fh:
                data = fh.read(info.file_size + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise _err(f"corrupt {self.what} file ({name}: {exc})", self.path) from exc
        if len(data) > info.file_size:
            raise _err(f"corrupt {self.what} file ({name} is larger than declared)", self.path)
        return data

    def check_no_macros(self) -> None:
        macro = any(n.lower().endswith("vbaproject.bin") for n in self.names)
        if macro or b"macroenabled" in self._content_types().lower():
            raise UnsupportedFileError(
                f"macro-enabled {self.what} file (contains a VBA project); not read",
                path=str(self.path),
                hint="save it without macros (.docx/.pptx/.xlsx) to index its text",
            )

    def _content_types(self) -> bytes:
        if "[Content_Types].xml" not in self.names:
            return b""
        return self.read("[Content_Types].xml")


def zip_kind(data: bytes, path: Path) -> str | None:
    """The format a zip's *content* shows (``None``: a zip of another kind). Reads only the
    small ``mimetype`` / ``[Content_Types].xml`` members; a corrupt zip named like one of
    these formats raises ``IngestError``."""
    ext_fmt = OFFICE_EXT.get(path.suffix.lower())
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = {i.filename: i for i in zf.infolist()}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        if ext_fmt is not None:
            raise _err(f"corrupt {FORMAT_NAMES[ext_fmt]} file (bad zip: {exc})", path) from exc
        return None
    try:
        mt = names.get("mimetype")
        if mt is not None and mt.file_size < 100 and not mt.flag_bits & 0x1:
            kind = _MIMETYPES.get(zf.read(mt).decode("ascii", "replace").strip())
            if kind is not None:
                return kind
        ct = names.get("[Content_Types].xml")
        if ct is not None and ct.file_size < (1 << 20) and not ct.flag_bits & 0x1:
            for m in _CONTENT_TYPE.finditer(zf.read(ct)):
                key = m.group(1).decode("ascii", "replace").lower()
                for suffix, fmt in _MAIN_TYPES.items():
                    if key.endswith(suffix):
                        return fmt
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        if ext_fmt is not None:
            raise _err(f"corrupt {FORMAT_NAMES[ext_fmt]} file ({exc})", path) from exc
        return None
    if ext_fmt is not None:
        raise _err(
            f"not a {FORMAT_NAMES[ext_fmt]} file: the zip has no {ext_fmt} content type", path
        )
    return None
