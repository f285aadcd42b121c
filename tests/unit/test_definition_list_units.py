"""A definition list (Pandoc / Markdown Extra: a term line, then ``: definition``) is
read as one definition unit, so a glossary written that way is quoted term and meaning
together, never the bare term line."""

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
