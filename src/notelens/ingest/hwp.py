"""HWP 5 (한글 binary ``.hwp``) through hwp2markdown (the ``hwp`` extra: pure Python,
olefile + lxml, imported only when such a file is loaded).

Detection is by content: an OLE compound file whose ``FileHeader`` stream starts with
``HWP Document File``. Before conversion the body streams are inflated here with a
bounded decompressor: hwp2markdown inflates them without a limit, so a small file whose
sections expand past :data:`MAX_INFLATED` (a zlib bomb) is refused before it is handed on.
Encrypted and DRM-protected documents get hwp2markdown's own error, as a failed file.
"""

from __future__ import annotations

import io
import zlib
from pathlib import Path

from notelens.errors import IngestError, UnsupportedFileError
from notelens.ingest.budget import checkpoint
from notelens.paths import display_path, source_key
from notelens.types import Document, Section

__all__ = ["MAX_INFLATED", "HwpLoader", "is_hwp5"]

HWP_SIGNATURE = b"HWP Document File"
#: All body sections together may inflate to at most this many bytes.
MAX_INFLATED = 256 << 20
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def is_hwp5(data: bytes) -> bool:
    """An OLE file holding an HWP 5 ``FileHeader`` (its signature is stored uncompressed
    in a small stream, which sits in the first sectors)."""
    return data[:8] == _OLE_MAGIC and HWP_SIGNATURE in data[: 1 << 20]


def _check_inflated_size(data: bytes, path: Path) -> None:
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except OSError as exc:
        raise IngestError(f"corrupt HWP file ({exc})", path=str(path)) from exc
    try:
        header = ole.openstream("FileHeader").read(40) if ole.exists("FileHeader") else b""
        compressed = len(header) > 36 and bool(header[36] & 0x1)
        if not compressed:
            return
        total = 0
        for entry in ole.listdir():
            if entry[0] not in ("BodyText", "ViewText", "BinData") or len(entry) < 2:
                continue
            stream = ole.openstream(entry).read()
            inflater = zlib.decompressobj(-15)
            chunk = inflater.decompress(stream, MAX_INFLATED - total + 1)
            while chunk:
                checkpoint()
                total += len(chunk)
                if total > MAX_INFLATED:
                    raise IngestError(
                        f"HWP body inflates past {MAX_INFLATED >> 20} MiB; refused as a "
                        "possible zip bomb",
                        path=str(path),
                    )
                chunk = inflater.decompress(inflater.unconsumed_tail, MAX_INFLATED - total + 1)
    except zlib.error:
        return  # not ours to judge: hwp2markdown reports a damaged stream itself
    finally:
        ole.close()


class HwpLoader:
    """HWP 5 documents: one markdown section (headings where the document has them)."""

    format = "hwp"

    def load(self, path: Path, data: bytes) -> Document:
        try:
            import hwp2md
        except ImportError as exc:
            raise UnsupportedFileError(
                "reading .hwp files needs the hwp extra (hwp2markdown is not installed)",
                path=str(path),
                hint="pip install 'notelens[hwp]'",
            ) from exc
        _check_inflated_size(data, path)
        try:
            result = hwp2md.convert_bytes(data, path.name)
        except (hwp2md.EncryptedDocumentError, hwp2md.DrmProtectedError) as exc:
            raise IngestError(
                f"password-protected or DRM-protected HWP file ({exc})",
                path=str(path),
                hint="save an unprotected copy to index it",
            ) from exc
        except hwp2md.Hwp2mdError as exc:
            raise IngestError(f"corrupt or unsupported HWP file: {exc}", path=str(path)) from exc
        text = result.markdown.strip()
        if not text:
            # hwp2markdown returns nothing for a truncated body: a failure, not a skip
            raise IngestError("no text read from HWP file (damaged or truncated?)", path=str(path))
        first = text.split("\n", 1)[0].lstrip("# ").strip()
        title = first if 0 < len(first) <= 80 else display_path(path.stem)
        return Document(
            source=source_key(path), title=title, format="hwp", sections=(Section(text=text),)
        )
