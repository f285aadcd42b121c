"""Note conventions the answer units read. A definition list (Pandoc / Markdown Extra: a
term line, then ``: definition``) is one definition unit, so a glossary written that way
is quoted term and meaning together, never the bare term line; a table cell "〃" (ditto)
is the value above it."""

from __future__ import annotations

import pytest

from notelens.answer.units import build_units

pytestmark = pytest.mark.unit

GLOSSARY = """ECE (expected calibration error)
: 모델의 확신도와 실제 정답률의 차이를 구간별로 평균 낸 값. 0에 가까울수록 믿을 만하다.

Position bias
: the judge prefers whichever answer comes first, whatever its content.

KV cache
: attention의 key/value를 저장해 두는 메모리."""


def _units() -> list[tuple[str, int, str, str]]:
    return [(u.kind, u.line, u.text, u.term) for u in build_units(GLOSSARY, "용어 정리")]


def test_term_and_definition_are_one_unit_korean() -> None:
    units = _units()
    assert units[0] == (
        "definition",
        0,
        "ECE (expected calibration error): 모델의 확신도와 실제 정답률의 차이를 구간별로 평균 낸 값.",
        "ECE (expected calibration error)",
    )
    # the definition's later sentences stay sentences of their own, on the ": " line
    assert units[1] == ("sentence", 1, "0에 가까울수록 믿을 만하다.", "")


def test_english_and_mixed_definitions() -> None:
    by_term = {term: (kind, line, text) for kind, line, text, term in _units() if term}
    assert by_term["Position bias"] == (
        "definition",
        3,
        "Position bias: the judge prefers whichever answer comes first, whatever its content.",
    )
    assert by_term["KV cache"][2] == "KV cache: attention의 key/value를 저장해 두는 메모리."
    assert not any(text.startswith(":") for _, _, text, _ in _units())


def test_a_sentence_above_a_colon_line_is_not_a_term() -> None:
    # a full sentence is not a term line: both stay as they were written
    units = build_units("LoRA를 썼다.\n: 이건 메모의 오타.", "")
    assert [u.kind for u in units] == ["sentence", "sentence"]
    assert units[0].text == "LoRA를 썼다."


def test_ditto_cells_take_the_value_above() -> None:
    table = (
        "| week | topic | speaker\n-- | -- | --\n1 | MoE | 최도현\n2 | 〃 | 윤하람\n3 | ″ | 〃\n"
    )
    rows = [u for u in build_units(table, "") if u.kind == "row"]
    assert [dict(u.cells)["topic"] for u in rows] == ["MoE", "MoE", "MoE"]
    assert dict(rows[2].cells)["speaker"] == "윤하람"  # a chain of marks resolves too


def test_a_ditto_mark_with_nothing_above_stays() -> None:
    rows = [u for u in build_units("| 주차 | 주제\n-- | --\n1 | 〃\n", "") if u.kind == "row"]
    assert dict(rows[0].cells)["주제"] == "〃"
