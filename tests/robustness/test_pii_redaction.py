"""Defect 4 and 7 at the unit level: the one redaction step (full-width digits, every
field of a payload, the surface's kinds), without the store or models."""

from __future__ import annotations

from dataclasses import replace

import pytest

from notelens.config import GuardConfig
from notelens.guard.normalize import nfkc_view
from notelens.guard.pipeline import GuardPipeline

pytestmark = pytest.mark.unit

RRN = "850315-1234566"
FULL = "８５０３１５－１２３４５６６"


def test_nfkc_view_maps_full_width_back_to_the_original() -> None:
    text = f"주민번호 {FULL} 끝"
    view = nfkc_view(text)
    assert view is not None and RRN in view.text
    start = view.text.index(RRN)
    s, e = view.span(start, start + len(RRN))
    assert text[s:e] == FULL
    assert nfkc_view("plain ascii 850315 한글") is None


@pytest.mark.parametrize(
    "text",
    [
        f"번호 {RRN}",
        f"번호 {FULL}",
        "번호 ８５０３１５-1234566",
        "카드 ４１１１ １１１１ １１１１ １１１１",
        f"# 제목 {RRN}",
    ],
)
def test_redact_text_masks_ascii_and_full_width(text: str) -> None:
    shown = GuardPipeline().redact_text(text)
    assert "[redacted:" in shown
    assert (
        "1234566" not in shown
        and "１２３４５６６" not in shown
        and "１１１１ １１１１" not in shown
    )


def test_shared_surfaces_mask_contacts_and_the_owner_can_show_everything() -> None:
    text = f"연락처 010-1234-5678, kim@example.com, 주민번호 {RRN}"
    local = GuardPipeline()
    assert "010-1234-5678" in local.redact_text(text)
    assert "[redacted:rrn]" in local.redact_text(text)
    shared = local.shared().redact_text(text)
    assert "[redacted:phone]" in shared and "[redacted:email]" in shared
    assert "[redacted:rrn]" in shared
    owner = GuardPipeline(replace(GuardConfig(), redact_kinds=(), shared_redact_kinds=()))
    assert owner.redact_text(text) == text
    assert owner.shared().redact_text(text) == text
    off = GuardPipeline(GuardConfig("off", "off", "off", "off", "off", "off"))
    assert off.redact_text(text) == text


def test_redact_json_covers_every_text_field_but_not_paths_or_ids() -> None:
    source = f"/notes/{RRN}.md"  # a file name is how the user finds the note
    payload = {
        "answer": f"담당자는 010-1234-5678 [1]. {RRN}",
        "citations": [{"n": 1, "source": source, "quote": FULL, "heading": f"H {RRN}"}],
        "evidence": [{"title": RRN, "text": "kim@example.com", "chunk_id": "ab12", "flags": []}],
        "event": "answer",
    }
    out = GuardPipeline().shared().redact_json(payload)
    flat = repr(out)
    assert "1234566" not in flat.replace(source, "") and "１２３４５６６" not in flat
    assert "010-1234-5678" not in flat and "kim@example.com" not in flat
    assert out["citations"][0]["source"] == source and out["evidence"][0]["chunk_id"] == "ab12"
    assert out["citations"][0]["n"] == 1 and out["event"] == "answer"


def test_texts_without_numbers_skip_the_scan_but_lose_nothing() -> None:
    guard = GuardPipeline()
    for text in ("LoRA 실험 노트", "제목 > 소제목", "", "2024년 5월 회의"):
        assert guard.redact_text(text) == text
