"""Obsidian notes as people keep them, chunked (issue #15): front matter is a chunk of its
own cited by its lines, a callout's title is heading-like context (its marker is markup),
an embed leaves no text, inline code keeps an HTML tag. Korean and mixed Korean/English."""

from __future__ import annotations

from pathlib import Path

import pytest

from notelens.ingest.chunking import chunk_document
from notelens.ingest.inline import clean_inline
from notelens.ingest.loaders import MarkdownLoader
from notelens.types import Chunk

pytestmark = pytest.mark.unit


def _chunks(text: str) -> list[Chunk]:
    return chunk_document(MarkdownLoader().load(Path("볼트 노트.md"), text.encode("utf-8")))


def _lines(c: Chunk) -> tuple[int | None, int | None]:
    return c.location.line_start, c.location.line_end


def _source_lines(text: str, c: Chunk) -> list[str]:
    start, end = _lines(c)
    assert start is not None and end is not None
    return text.split("\n")[start - 1 : end]


VAULT_NOTE = """---
title: 추측 디코딩 노트
aliases: [spec-dec, "추측 디코딩", 초안-검증]
tags:
  - inference
  - 논문/2026
# 아래는 작성일
date: 2026-09-14
related: "[[kv-cache-essay|KV cache 에세이]]"
---

# Speculative decoding

> [!info] 상태 (2026-11-02 기준)
> 평가셋 v1.0 동결 · hit@5 0.86 · 투고 마감 2027-02-15

## 실험 메모
draft model은 Wren-160M을 쓴다. γ=4에서 39.7 tokens/s가 나왔다.
![[speedup-vs-gamma.png]]

> [!warning]-
> T=1.0에서 α는 0.52로 떨어진다. Keep the temperature low.

파서는 `<details>` summary도 heading으로 취급하고 ![[pipeline#파서|그림]] 옆에 적는다.
"""


def test_front_matter_is_a_chunk_of_its_own_cited_by_its_lines() -> None:
    chunks = _chunks(VAULT_NOTE)
    props = chunks[0]
    assert props.heading == ""
    assert props.text.split("\n") == [
        "aliases: spec-dec, 추측 디코딩, 초안-검증",  # flow list read, quotes dropped
        "",  # title and tags (block list) name and file the note; a comment is no heading
        "date: 2026-09-14",
        "related: KV cache 에세이",  # a wiki-link property reads as its alias
    ]
    assert _lines(props) == (3, 9)  # the front matter's own lines, not the '---' ones
    assert ("KV cache 에세이", "wiki:kv-cache-essay") in {(k.text, k.url) for k in props.links}
    # the note's properties are still parsed, and the body starts after the front matter
    assert props.note.aliases == ("spec-dec", "추측 디코딩", "초안-검증")
    assert props.note.date == "2026-09-14"
    assert all((c.location.line_start or 0) > 10 for c in chunks[1:])
    assert not any("aliases" in c.text for c in chunks[1:])


def test_a_note_without_front_matter_has_no_properties_chunk() -> None:
    text = "# Note\n\nplain body 본문 문단입니다. 충분히 긴 문장을 여기에 씁니다.\n"
    (chunk,) = _chunks(text)
    assert _lines(chunk) == (3, 3)


def test_callout_title_is_heading_context_and_its_marker_is_gone() -> None:
    chunks = _chunks(VAULT_NOTE)
    status = next(c for c in chunks if "평가셋 v1.0 동결" in c.text)
    assert status.heading == "Speculative decoding > 상태 (2026-11-02 기준)"
    assert status.text == "평가셋 v1.0 동결 · hit@5 0.86 · 투고 마감 2027-02-15"
    assert _lines(status) == (14, 15)  # the title line is the callout's own
    assert _source_lines(VAULT_NOTE, status)[0].startswith("> [!info]")
    # a folded callout without a title: its type names it; English body under a Korean note
    pit = next(c for c in chunks if "0.52" in c.text)
    assert pit.heading == "Speculative decoding > 실험 메모 > Warning"
    assert pit.text == "T=1.0에서 α는 0.52로 떨어진다. Keep the temperature low."
    assert not any("[!" in c.text for c in chunks)
    # what follows a callout is back under the section's own path, in its own chunk
    after = next(c for c in chunks if "summary도" in c.text)
    assert after.heading == "Speculative decoding > 실험 메모"
    assert after.location.line_start == 24


def test_a_callout_with_no_body_keeps_its_title_as_text() -> None:
    text = "# 회의\n\n> [!note] 다음 회의는 11/19 (수) 14:00, room 301\n\n- 안건: 평가셋 v1.1\n"
    (chunk,) = _chunks(text)
    assert chunk.heading == "회의"
    assert chunk.text == "다음 회의는 11/19 (수) 14:00, room 301\n\n- 안건: 평가셋 v1.1"


def test_embeds_leave_no_text_but_their_link() -> None:
    chunks = _chunks(VAULT_NOTE)
    joined = "\n".join(c.text for c in chunks)
    assert "speedup-vs-gamma" not in joined and "그림" not in joined
    memo = next(c for c in chunks if "39.7 tokens/s" in c.text)
    assert memo.text.endswith("39.7 tokens/s가 나왔다.")  # no stray file-name line
    assert _lines(memo) == (18, 19)  # its own text's lines, not the embed's
    assert "wiki:speedup-vs-gamma.png" in {k.url for k in memo.links}  # the note's link kept
    inline = next(c for c in chunks if "summary도" in c.text)
    assert "wiki:pipeline#파서" in {k.url for k in inline.links}  # an inline embed's link


def test_inline_code_keeps_an_html_tag_as_text() -> None:
    chunks = _chunks(VAULT_NOTE)
    line = next(c for c in chunks if "summary도" in c.text)
    assert line.text.startswith("파서는 <details> summary도 heading으로 취급하고")
    # real tags outside code are still markup; code without a tag is unchanged
    assert clean_inline("<b>굵게</b> `<br>` and `plain` **`<summary>` 강조**")[0] == (
        "굵게 <br> and plain <summary> 강조"
    )


def test_a_details_tag_in_code_does_not_close_a_real_block() -> None:
    text = (
        "# Archive\n\n"
        "<details><summary>2nd week (10/9)</summary>\n\n"
        "- 메모: `</details>` 태그는 닫는 태그다\n"
        "- Tabula-QA: 헤더를 셀마다 붙이면 +6.1 EM\n\n"
        "</details>\n\n"
        "뒤 문단은 주차 밖이다. It is outside the week.\n"
    )
    chunks = _chunks(text)
    week = next(c for c in chunks if "Tabula-QA" in c.text)
    assert week.heading == "Archive > 2nd week (10/9)"
    assert "</details> 태그는" in week.text
    outside = next(c for c in chunks if "주차 밖" in c.text)
    assert outside.heading == "Archive"


def test_a_block_list_property_sits_on_its_key_line() -> None:
    text = (
        "---\nattendees:\n  - 한지수\n  - Priya Raman\ntags:\n  - meeting\nowner: 박도현\n---\n"
        "# 회의\n\n본문 문단입니다. The meeting notes follow here in full.\n"
    )
    props, body = _chunks(text)
    assert props.text == "attendees: 한지수, Priya Raman\n\nowner: 박도현"
    assert _lines(props) == (2, 7) and _lines(body) == (11, 11)
    assert not any(ln.startswith("- ") for ln in props.text.split("\n"))
