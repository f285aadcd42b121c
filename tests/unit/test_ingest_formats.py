"""The ingest format table: one row per format (detector, Loader, Chunker); detection
walks it in order, loading and chunking follow the row."""

from __future__ import annotations

from pathlib import Path

import pytest

from notelens.config import ChunkingConfig, IngestConfig
from notelens.errors import ConfigError, IngestError
from notelens.ingest import Candidate, discover, load_file
from notelens.ingest.converted import PartChunker
from notelens.ingest.markdown import MarkdownChunker
from notelens.ingest.pdf_chunk import PdfChunker
from notelens.ingest.registry import (
    FORMATS,
    chunker_for,
    detect_format,
    loader_for,
    loader_for_format,
    note_extensions,
)
from notelens.ingest.text import TextChunker

pytestmark = pytest.mark.unit


def test_the_table_names_every_format_once_in_detection_order() -> None:
    assert list(FORMATS) == [
        "pdf", "hwp", "docx", "pptx", "xlsx", "epub", "hwpx", "ipynb", "csv", "html", "markdown", "text"
    ]  # fmt: skip
    assert set(note_extensions()) == {
        ".pdf", ".html", ".htm", ".md", ".markdown", ".txt", ".text", ".docx", ".docm",
        ".pptx", ".pptm", ".xlsx", ".xlsm", ".epub", ".hwpx", ".hwp", ".ipynb", ".csv", ".tsv",
    }  # fmt: skip
    for fmt, spec in FORMATS.items():
        assert loader_for_format(fmt).format == fmt
        chunker = spec.chunker(ChunkingConfig())
        assert isinstance(chunker, (MarkdownChunker, TextChunker, PartChunker, PdfChunker))
    with pytest.raises(ConfigError, match="unknown format 'rtf'"):
        loader_for_format("rtf")


@pytest.mark.parametrize(
    ("name", "body", "fmt"),
    [
        ("a.md", "그냥 한국어 문장입니다.", "markdown"),  # the extension decides
        ("a.txt", "# LoRA 정리\n\n랭크 r을 낮추면 파라미터가 줄어든다.", "markdown"),
        ("a.txt", "GQA는 MQA와 다르다. plain 문장 only.", "text"),
        ("a.html", "<p>한국어 HTML</p>", "html"),
        ("a.txt", "<!doctype html><html><body>KV cache 설명</body></html>", "html"),
        ("a.md", "<html><body>마크다운 확장자가 이긴다</body></html>", "markdown"),
        ("a.md", "%PDF-1.7\n", "pdf"),
    ],
)
def test_detection_follows_the_table(name: str, body: str, fmt: str) -> None:
    assert detect_format(Path(name), body.encode("utf-8")) == fmt
    assert loader_for(Path(name), body.encode("utf-8")).format == fmt


def test_detection_errors_stay_clear() -> None:
    with pytest.raises(IngestError, match="not a PDF"):
        detect_format(Path("논문.pdf"), "PDF가 아닌 텍스트".encode())
    with pytest.raises(IngestError, match="binary"):
        detect_format(Path("그림.md"), b"\x00\x01\x02" * 10)
    with pytest.raises(IngestError, match="empty"):
        detect_format(Path("빈.txt"), b"  \n")


def test_a_new_format_is_one_row(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """What the table promises: a row (detector + loader + chunker) is all it takes for
    load_file and chunk_document to handle a format."""
    from notelens.ingest import chunk_document
    from notelens.ingest.registry import FormatSpec, Probe
    from notelens.types import Document, Section

    class OrgLoader:  # a minimal org-mode loader: '* ' headings become markdown ones
        format = "org"

        def load(self, path: Path, data: bytes) -> Document:
            text = data.decode("utf-8").replace("\n* ", "\n# ")
            text = "# " + text[2:] if text.startswith("* ") else text
            return Document(str(path), path.stem, "org", (Section(text=text),))

    def is_org(p: Probe) -> bool:
        return p.ext == ".org"

    table = {"org": FormatSpec(is_org, OrgLoader, MarkdownChunker, (".org",)), **FORMATS}
    monkeypatch.setattr("notelens.ingest.registry.FORMATS", table)
    note = tmp_path / "회의.org"
    note.write_text("* 회의록\nDPO 논문 발표: 박지훈\n* Next\nGQA review\n", encoding="utf-8")
    (tmp_path / "lora.md").write_text("# LoRA\n\n랭크 r = 8.\n", encoding="utf-8")
    # the walker picks the new extension up from the table (IngestConfig.extensions unset)
    found = sorted(c.path.name for c in discover([tmp_path]) if isinstance(c, Candidate))
    assert found == ["lora.md", "회의.org"]
    assert note_extensions()[0] == ".org"
    assert note_extensions(IngestConfig(extensions=(".md",))) == (".md",)
    doc = load_file(note)
    assert doc.format == "org"
    chunks = chunk_document(doc)
    assert isinstance(chunker_for("org"), MarkdownChunker)
    assert chunks[0].heading.startswith("회의록")  # the org heading became structure
    assert "박지훈" in chunks[0].text
    assert "GQA review" in "\n".join(c.text for c in chunks)
