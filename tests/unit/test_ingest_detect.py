from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from test_ingest_fixtures import LINK_ARCHIVE, PLAIN_TEXT, SYLLABUS_TABLE

from notelens.errors import IngestError
from notelens.ingest.detect import decode_text, looks_like_markdown
from notelens.ingest.registry import detect_format

pytestmark = pytest.mark.unit

KOREAN = "# 메모\n\n저랭크 행렬로 미세 조정하는 LoRA를 정리했다.\n"


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("notes.md", PLAIN_TEXT, "markdown"),  # the extension decides for .md
        ("notes.markdown", "plain words only", "markdown"),
        ("notes.txt", LINK_ARCHIVE, "markdown"),
        ("notes.txt", SYLLABUS_TABLE, "markdown"),
        ("notes.txt", PLAIN_TEXT, "text"),
        ("notes.text", "그냥 일기처럼 쓴 메모다.\n다음 줄도 평범하다.\n", "text"),
        (
            "notes.txt",
            "intro\n\n<details>\n<summary>ENG</summary>\nhidden\n</details>\n",
            "markdown",
        ),
        ("notes.txt", "설명\n\n```python\nprint(1)\n```\n", "markdown"),
        ("notes.txt", "see [the paper](https://arxiv.org/abs/2106.09685) today", "markdown"),
        ("notes.txt", "- first item\n- second item\n", "markdown"),
        ("notes.txt", "- only one dash line\nand prose\n", "text"),
        ("notes.txt", "#hashtag is not a heading\n", "text"),
        ("page.html", "<p>hi</p>", "html"),
        ("page.htm", "<p>hi</p>", "html"),
        ("saved.txt", "<!DOCTYPE html><html><body><p>hi</p></body></html>", "html"),
        ("README", "## heading\n\nbody\n", "markdown"),
    ],
)
def test_format_by_content(name: str, text: str, expected: str) -> None:
    assert detect_format(Path(name), text.encode("utf-8")) == expected


def test_pdf_by_magic_whatever_the_extension() -> None:
    assert detect_format(Path("paper.pdf"), b"%PDF-1.7\n...") == "pdf"
    assert detect_format(Path("paper.md"), b"%PDF-1.4\n...") == "pdf"
    assert detect_format(Path("paper.pdf"), b"junk\n%PDF-1.4\n...") == "pdf"  # within 1 KB
    # A note that merely mentions the magic string is not a PDF.
    assert detect_format(Path("note.md"), b"# PDF\n\nfiles start with %PDF-1.7\n") == "markdown"


def test_pdf_extension_without_magic_is_an_error() -> None:
    with pytest.raises(IngestError, match="not a PDF"):
        detect_format(Path("paper.pdf"), b"just some text")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        b"# looks like markdown\n\x00\x01\x02 then binary",
        bytes(range(1, 32)) * 50,
    ],
)
def test_binary_file_with_md_extension(data: bytes) -> None:
    with pytest.raises(IngestError, match="binary file") as info:
        detect_format(Path("image.md"), data)
    assert info.value.path == "image.md"
    assert "image.md" in str(info.value)


@pytest.mark.parametrize("data", [b"", b"   \n\t\n", codecs.BOM_UTF8 + b"\n  \n"])
def test_empty_file(data: bytes) -> None:
    with pytest.raises(IngestError, match="empty file"):
        detect_format(Path("empty.md"), data)


def test_utf8_bom_and_crlf() -> None:
    text = decode_text(codecs.BOM_UTF8 + "# 제목\r\n본문\r\n".encode())
    assert text == "# 제목\n본문\n"


def test_utf16_with_bom() -> None:
    data = codecs.BOM_UTF16_LE + KOREAN.encode("utf-16-le")
    assert decode_text(data) == KOREAN
    assert detect_format(Path("n.txt"), data) == "markdown"


@pytest.mark.parametrize("codec", ["cp949", "euc-kr"])
def test_korean_legacy_encodings_decode(codec: str) -> None:
    data = KOREAN.encode(codec)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode_text(data, Path("old.md")) == KOREAN


def test_invalid_utf8_random_bytes_gives_a_clear_error() -> None:
    data = b"notes about LoRA: " + bytes([0xFF, 0xFE, 0xFA, 0x80, 0xC3, 0x28]) + b" more"
    with pytest.raises(IngestError) as info:
        decode_text(data, Path("bad.txt"))
    msg = str(info.value)
    assert "byte offset 18" in msg and "0xff" in msg and "bad.txt" in msg


def test_latin1_text_is_not_mistaken_for_korean() -> None:
    data = "Café résumé naïve façade, déjà vu à la carte.".encode("latin-1")
    with pytest.raises(IngestError, match="invalid UTF-8"):
        decode_text(data)


def test_nfc_normalisation() -> None:
    import unicodedata

    nfd = unicodedata.normalize("NFD", "한국어 노트")
    assert decode_text(nfd.encode()) == "한국어 노트"


def test_markdown_signals() -> None:
    assert looks_like_markdown("| a | b |\n|---|---|\n| 1 | 2 |")
    assert looks_like_markdown("## 제목")
    assert not looks_like_markdown("Plain prose. Nothing else here.\nSecond line.")
