"""Office, CSV, notebook, EPUB and HWPX files (built here, Korean and English), detected
by content, chunked with part locations; bad files fail alone with a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest

import office_fixtures as fx
from notelens.config import ChunkingConfig
from notelens.errors import IngestError, UnsupportedFileError
from notelens.ingest import detect_format, load_file
from notelens.ingest.budget import parse_file
from notelens.ingest.converted import part_label
from notelens.types import Chunk, Location

pytestmark = pytest.mark.unit


def _parse(tmp_path: Path, name: str, data: bytes) -> list[Chunk]:
    path = tmp_path / name
    path.write_bytes(data)
    return parse_file(path, data, ChunkingConfig(), 30)[1]


def test_docx_headings_korean_and_english(tmp_path: Path) -> None:
    data = fx.make_docx(
        [
            ("Heading1", "학습 데이터 정리"),
            (None, "토크나이저는 SentencePiece를 썼다."),
            ("Heading2", "3.2 Training data"),
            (None, "We used 2T tokens of web text."),
        ]
    )
    path = tmp_path / "notes.docx"
    path.write_bytes(data)
    doc = load_file(path)
    assert doc.format == "docx" and doc.title == "학습 데이터 정리"
    chunks = _parse(tmp_path, "notes.docx", data)
    english = next(c for c in chunks if "2T tokens" in c.text)
    assert english.heading == "학습 데이터 정리 > 3.2 Training data"
    assert english.location.line_start is None  # no lines of converted text
    assert any("SentencePiece" in c.text for c in chunks)


def test_pptx_slide_is_the_location(tmp_path: Path) -> None:
    data = fx.make_pptx(
        [("첫 슬라이드", ["한국어 요점", "second point"]), ("Results", ["BLEU 42"])],
        notes={2: "발표자 메모: 재현 실패"},
    )
    chunks = _parse(tmp_path, "deck.pptx", data)
    by_text = {c.location.part: c for c in chunks}
    assert set(by_text) == {"slide 1", "slide 2"}
    assert "한국어 요점" in by_text["slide 1"].text
    assert "BLEU 42" in by_text["slide 2"].text and "재현 실패" in by_text["slide 2"].text
    assert by_text["slide 2"].location.describe() == "slide 2"


def test_xlsx_rows_keep_header_and_sheet(tmp_path: Path) -> None:
    rows: list[list[object]] = [["모델", "점수", "note"]]
    rows += [[f"model-{i}", i, f"설명 {i} " + "x" * 60] for i in range(2, 400)]
    data = fx.make_xlsx({"실험": rows, "Other": [["a", "b"], ["LoRA", 7]]})
    chunks = _parse(tmp_path, "book.xlsx", data)
    sheet = [c for c in chunks if (c.location.part or "").startswith("sheet 실험")]
    assert len(sheet) > 1  # a long sheet is split ...
    for c in sheet:  # ... and every piece repeats the header row
        assert c.text.startswith("| 모델 | 점수 | note |")
        assert c.heading == "실험"
    last = sheet[-1]
    assert "rows" in (last.location.part or "")
    other = next(c for c in chunks if (c.location.part or "").startswith("sheet Other"))
    assert other.location.part == "sheet Other, row 2" and "LoRA" in other.text


def test_xlsx_row_numbers_skip_blank_rows(tmp_path: Path) -> None:
    data = fx.make_xlsx({"S": [["k", "v"], ["가", 1], [None, None], ["나", 2]]})
    (chunk,) = _parse(tmp_path, "s.xlsx", data)
    assert chunk.location.part == "sheet S, rows 2-4"


def test_csv_korean_rows(tmp_path: Path) -> None:
    data = "이름,값\n가,1\n나,2\n".encode()
    (chunk,) = _parse(tmp_path, "t.csv", data)
    assert chunk.location == Location(part="rows 2-3")
    assert "| 나 | 2 |" in chunk.text


def test_ipynb_cells_outputs_dropped(tmp_path: Path) -> None:
    data = fx.make_ipynb(
        [
            ("markdown", "# 노트북 제목\n실험 설명"),
            ("code", "loss = train(model)"),
            ("markdown", "결론"),
        ]
    )
    path = tmp_path / "nb.ipynb"
    path.write_bytes(data)
    assert load_file(path).title == "노트북 제목"
    chunks = _parse(tmp_path, "nb.ipynb", data)
    text = "\n".join(c.text for c in chunks)
    assert "loss = train(model)" in text and "OUTPUT_SHOULD_BE_DROPPED" not in text
    assert chunks[0].location.part == "cells 1-3"


def test_epub_chapters(tmp_path: Path) -> None:
    data = fx.make_epub(
        "책 제목", [("1장 서론", "한국어 문장입니다."), ("Chapter 2", "English text.")]
    )
    path = tmp_path / "b.epub"
    path.write_bytes(data)
    assert load_file(path).title == "책 제목"
    chunks = _parse(tmp_path, "b.epub", data)
    assert [c.location.part for c in chunks] == ["chapter 1", "chapter 2"]
    assert chunks[0].heading == "1장 서론"


def test_hwpx_paragraphs(tmp_path: Path) -> None:
    chunks = _parse(
        tmp_path, "h.hwpx", fx.make_hwpx(["한글 문서 제목", "본문 문단입니다. HWPX test."])
    )
    assert chunks[0].location.part == "section 1"
    assert "본문 문단입니다" in chunks[0].text


def test_hwp5_binary(tmp_path: Path) -> None:
    data = fx.make_hwp(
        "# 연구 계획서\n\n양자화 오차를 줄이기 위해 그룹별 스케일을 쓴다. Group-wise scales."
    )
    assert detect_format(tmp_path / "renamed.bin", data) == "hwp"  # by content
    path = tmp_path / "plan.hwp"
    path.write_bytes(data)
    assert load_file(path).title == "연구 계획서"
    chunks = _parse(tmp_path, "plan.hwp", data)
    assert any("그룹별 스케일" in c.text and "Group-wise" in c.text for c in chunks)


def test_hwp5_bomb_and_truncated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from notelens.ingest import hwp

    data = fx.make_hwp("# 제목\n\n" + "본문 문장입니다. " * 200)
    path = tmp_path / "big.hwp"
    path.write_bytes(data)
    # the body inflates to a few KB; a limit below that shows the bounded inflate refusing
    monkeypatch.setattr(hwp, "MAX_INFLATED", 512)
    with pytest.raises(IngestError, match="zip bomb"):
        parse_file(path, data, ChunkingConfig(), 30)
    monkeypatch.undo()
    cut = data[: len(data) // 2]
    with pytest.raises(IngestError, match="HWP") as info:
        parse_file(tmp_path / "cut.hwp", cut, ChunkingConfig(), 30)
    assert not isinstance(info.value, UnsupportedFileError)


def test_detection_is_by_content(tmp_path: Path) -> None:
    pptx = fx.make_pptx([("t", ["x"])])
    # a deck saved with a .docx name is read as the deck it is, not rejected as binary
    assert detect_format(tmp_path / "wrong.docx", pptx) == "pptx"
    assert detect_format(tmp_path / "noext", fx.make_docx([(None, "x")])) == "docx"
    with pytest.raises(IngestError, match="not a Word file"):
        detect_format(tmp_path / "fake.docx", b"plain text pretending")


@pytest.mark.parametrize(
    ("name", "make", "message", "skipped"),
    [
        ("bomb.docx", fx.make_zip_bomb, "zip bomb", False),
        ("locked.xlsx", fx.make_encrypted_ooxml, "password-protected", False),
        ("macro.docm", lambda: fx.make_docx([(None, "x")], macro=True), "macro-enabled", True),
        ("cut.pptx", lambda: fx.make_pptx([("t", ["x"])])[:600], "corrupt PowerPoint", False),
        ("cut.epub", lambda: fx.make_epub("t", [("a", "b")])[:200], "corrupt EPUB", False),
        ("bad.ipynb", lambda: b'{"cells": 3}', "not a notebook", False),
        ("old.doc", lambda: fx.make_encrypted_ooxml()[:512] + b"\0" * 512, "legacy", True),
    ],
)
def test_bad_files_fail_alone(
    tmp_path: Path, name: str, make: object, message: str, skipped: bool
) -> None:
    data = make()  # type: ignore[operator]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(IngestError, match=message) as info:
        parse_file(path, data, ChunkingConfig(), 30)
    assert isinstance(info.value, UnsupportedFileError) == skipped
    assert info.value.path == str(path)


def test_part_labels() -> None:
    assert part_label(["cell 3", "cell 4", "cell 5"], []) == "cells 3-5"
    assert part_label(["sheet B"], [4, 9, 7]) == "sheet B, rows 4-9"
    assert part_label([], [3]) == "row 3"
    assert Location(part="slide 2").to_dict()["part"] == "slide 2"
