"""Office, CSV, notebook, EPUB and HWPX files indexed and searched end to end through the
engine (real Kiwi, e5 and LanceDB), Korean and English; bad files of each kind fail
alone with a clear line and the rest is indexed. ``Location.part`` survives the store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import office_fixtures as fx
from notelens import FileStatus

if TYPE_CHECKING:
    from notelens import Engine

pytestmark = pytest.mark.integration


def _folder(root: Path) -> Path:
    notes = root / "notes"
    notes.mkdir()
    files = {
        "회의록.docx": fx.make_docx(
            [
                ("Heading1", "주간 회의록"),
                (None, "이번 주에는 그룹 쿼리 어텐션으로 KV 캐시 메모리를 절반으로 줄였다."),
                ("Heading2", "Action items"),
                (None, "Rerun the long-context evaluation with rotary scaling factor 4."),
            ]
        ),
        "deck.pptx": fx.make_pptx(
            [
                ("LoRA 실험", ["랭크 16 어댑터가 전체 미세조정과 비슷한 정확도를 냈다."]),
                ("Distillation", ["The student model keeps 97 percent of teacher accuracy."]),
            ]
        ),
        "scores.xlsx": fx.make_xlsx(
            {
                "벤치마크": [
                    ["모델", "과제", "점수"],
                    ["llama-7b", "KorQuAD", 81.2],
                    ["qwen-7b", "MMLU", 64.3],
                ]
            }
        ),
        "nb.ipynb": fx.make_ipynb(
            [
                ("markdown", "# 토크나이저 분석\n한국어 음절 단위 토큰화의 압축률을 비교한다."),
                ("code", "ratio = compress(corpus)"),
            ]
        ),
        "book.epub": fx.make_epub(
            "논문 읽기", [("1장", "Mixture of experts routes each token to two experts.")]
        ),
        "doc.hwpx": fx.make_hwpx(
            ["연구 계획서", "양자화 오차를 줄이기 위해 그룹별 스케일을 쓴다."]
        ),
        # bad files: each fails alone
        "bomb.docx": fx.make_zip_bomb(),
        "locked.xlsx": fx.make_encrypted_ooxml(),
        "macro.docm": fx.make_docx([(None, "Sub AutoOpen()")], macro=True),
        "cut.pptx": fx.make_pptx([("t", ["x"])])[:700],
    }
    for name, data in files.items():
        (notes / name).write_bytes(data)
    return notes


def test_office_formats_searched_end_to_end(
    tmp_path: Path, make_engine: Callable[..., Engine]
) -> None:
    notes = _folder(tmp_path)
    engine = make_engine(tmp_path / "index")
    report = engine.index([notes])
    status = {Path(f.path).name: f for f in report.files}
    for good in ("회의록.docx", "deck.pptx", "scores.xlsx", "nb.ipynb", "book.epub", "doc.hwpx"):
        assert status[good].status == FileStatus.INDEXED, status[good]
    assert "zip bomb" in status["bomb.docx"].reason
    assert "password-protected" in status["locked.xlsx"].reason
    assert "macro-enabled" in status["macro.docm"].reason
    assert "corrupt PowerPoint" in status["cut.pptx"].reason
    for bad in ("bomb.docx", "locked.xlsx", "macro.docm", "cut.pptx"):
        assert status[bad].status in (FileStatus.FAILED, FileStatus.SKIPPED)

    hit = engine.search("KV 캐시 메모리를 줄인 방법", k=1)[0]
    assert hit.source.endswith("회의록.docx") and "그룹 쿼리 어텐션" in hit.text
    hit = engine.search("student model teacher accuracy", k=1)[0]
    assert hit.source.endswith("deck.pptx") and hit.location.part == "slide 2"
    hit = engine.search("qwen-7b MMLU 점수", k=1)[0]
    assert hit.source.endswith("scores.xlsx")
    assert hit.location.part == "sheet 벤치마크, rows 2-3"
    assert hit.to_dict()["location"]["part"] == "sheet 벤치마크, rows 2-3"
    hit = engine.search("음절 단위 토큰화 압축률", k=1)[0]
    assert hit.source.endswith("nb.ipynb") and hit.location.part == "cells 1-2"
    hit = engine.search("mixture of experts routing", k=1)[0]
    assert hit.source.endswith("book.epub") and hit.location.part == "chapter 1"
    hit = engine.search("양자화 오차 그룹별 스케일", k=1, mode="bm25")[0]
    assert hit.source.endswith("doc.hwpx") and hit.location.describe() == "section 1"
