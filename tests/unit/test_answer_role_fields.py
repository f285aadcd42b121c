"""A role named in a later field of a line (answer/roles.py ``names_role`` /
``role_value``): a header line packing several labelled fields ("Speaker: … · Date: … ·
Transcribed by: …") and a verdict line ending with its reviewer ("Score: 6/10 —
reviewer: …"). Notes written for the test; Korean, English and mixed questions, the last
ones through the extractor with real Kiwi.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.roles import asked_roles, names_role, role_value
from notelens.answer.units import build_units

HEADER = "Speaker: 문가온 · Date: 2025-11-02 · Transcribed by: Dana Holt (from the audio, trimmed)"
VERDICT = "**Verdict:** 6/10 — reviewer: 백서진"
KO_HEADER = "발표: 이하늘 | 일시: 3월 4일 | 녹취: 한지유 (회의 녹음에서)"


def _unit(text: str):  # type: ignore[no-untyped-def]
    return build_units(text + "\n", "Talk notes")[0]


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "text", "who"),
    [
        ("Who transcribed the Quill talk?", HEADER, "Dana Holt"),
        ("Quill 발표 녹취는 누가 했어?", HEADER, "Dana Holt"),
        ("Who reviewed the Sparse Echo paper?", VERDICT, "백서진"),
        ("Sparse Echo 논문 리뷰어는?", VERDICT, "백서진"),
        ("3월 4일 세미나 녹취 누가 했어?", KO_HEADER, "한지유"),
        ("Who presented?", HEADER, "문가온"),
    ],
)
def test_the_field_of_the_asked_role(question: str, text: str, who: str) -> None:
    roles = asked_roles(question)
    unit = _unit(text)
    assert names_role(unit, roles)
    span = role_value(roles, unit)
    assert span is not None and span.text == who
    assert unit.text[span.start : span.end] == who


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "text"),
    [
        ("Who reviewed the Quill talk?", HEADER),  # no reviewer field
        ("Who transcribed it?", VERDICT),  # no transcriber field
        ("Who transcribed it?", "Transcribed by: Dana Holt"),  # one field: unit_role's
        ("Who transcribed it?", "The talk was transcribed by Dana Holt, reviewer: none"),
    ],
)
def test_no_field_for_the_role(question: str, text: str) -> None:
    roles = asked_roles(question)
    assert role_value(roles, _unit(text)) is None


@pytest.mark.unit
def test_a_table_row_is_left_to_the_row_readers() -> None:
    rows = build_units("| 논문 | 리뷰어 |\n|---|---|\n| Sparse Echo | 백서진 |\n", "리뷰")
    row = next(u for u in rows if u.kind == "row")
    assert not names_role(row, frozenset({"reviewer"}))
    assert role_value(frozenset({"reviewer"}), row) is None


TALK = note_hit(
    0,
    "Paper: Quill: Long Inputs for Small Encoders (Orchard Labs, 2025)\n"
    f"{HEADER}\n\n"
    "The Quill talk covered why small encoders lose recall on long inputs.\n",
    "Quill talk — Q&A notes",
    lang="en",
)
REVIEW = note_hit(
    0,
    f"Sparse Echo evicts KV cache entries by attention echo.\n- 장점: 메모리 40% 절감\n{VERDICT}\n",
    "Review: Sparse Echo (2025)",
)
SCHEDULE = note_hit(
    1,
    "| 주차 | 논문 | 발표자 |\n|---|---|---|\n| 3 | Sparse Echo | 오민재 |\n",
    "스터디 일정",
)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "hits", "who"),
    [
        ("Who transcribed the Quill talk?", [TALK], "Dana Holt"),
        ("Quill talk 녹취는 누가 했어?", [TALK], "Dana Holt"),
        ("Who reviewed the Sparse Echo paper?", [SCHEDULE, REVIEW], "백서진"),
        ("Sparse Echo 리뷰어는 누구야?", [SCHEDULE, REVIEW], "백서진"),
    ],
)
def test_the_extractor_reads_the_field(
    question: str, hits: list, who: str, analyzer: Analyzer
) -> None:
    ex = extract(question, hits, analyzer=analyzer, embedder=None)
    assert ex.short is not None and ex.short.text == who


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "roles"),
    [
        ("어텐션 정리 에세이를 쓴 사람은?", {"writer"}),
        ("이 글 누가 썼어?", {"writer"}),
        ("Who wrote the essay on attention sinks?", {"writer"}),
        ("3/9 회의록은 누가 작성했어?", {"recorder"}),  # the minutes' recorder
        ("Sparse Echo 논문을 쓴 사람은?", set()),  # a paper's authors: no byline names them
    ],
)
def test_the_writer_is_asked(question: str, roles: set[str]) -> None:
    assert asked_roles(question) == roles


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("*2025-11-02, 문가온*", "문가온"),
        ("by Dana Holt · March 3, 2026", "Dana Holt"),
        ("글: 백서진", "백서진"),
        ("Dana Holt, 2025-11-02", "Dana Holt"),
        ("문가온", None),  # a lone name: no date, no "by"
        ("2025-11-02 회의록", None),  # no person
        ("Updated 2025-01-02", None),  # a label, not a name
    ],
)
def test_a_byline_under_the_title(text: str, who: str | None) -> None:
    from notelens.answer.roles import byline

    unit = build_units(text + "\n\n본문 첫 문장이다.\n", "Attention sinks, one autumn")[0]
    span = byline(unit)
    assert (span.text if span else None) == who


ESSAY = note_hit(
    0,
    "*2025-11-02, 문가온*\n\n"
    "attention sink를 줄이는 방법은 세 가지다. 첫째, 앞쪽 토큰을 cache에 남긴다.\n",
    "Attention sink를 다루는 세 가지 방법",
)
ESSAY_BODY = note_hit(
    1,
    "attention sink를 줄이려고 한 달을 썼다. sink 토큰 네 개만 남겨도 perplexity가 유지됐다.\n",
    "Attention sink를 다루는 세 가지 방법 > 1. 앞쪽 토큰 남기기",
)


@pytest.mark.unit
@pytest.mark.parametrize(
    "question", ["attention sink 줄이는 에세이를 쓴 사람은?", "Who wrote the attention sink essay?"]
)
def test_the_extractor_reads_the_byline(question: str, analyzer: Analyzer) -> None:
    ex = extract(question, [ESSAY_BODY, ESSAY], analyzer=analyzer, embedder=None)
    assert ex.short is not None and ex.short.text == "문가온"
