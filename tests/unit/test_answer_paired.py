"""A question joining two names, judged by the one the best unit names (answer/paired.py)."""

from __future__ import annotations

from notelens.answer.paired import focus, joined_names

ROWS = (
    "3 주차 | Orca 13B: Progressive Learning | 2023 Jun | 민서연\n"
    "4 주차 | Falcon 2: Open Models | 2024 May | 박도윤"
)


def test_joined_names_english_and_korean() -> None:
    assert joined_names("Of Orca 13B and Falcon 2, which was uploaded later?") == [
        "Orca 13B",
        "Falcon 2",
    ]
    assert joined_names("Orca랑 Falcon 2 중 뭐가 먼저야?") == ["Orca", "Falcon 2"]
    assert joined_names("Compare the labs listed for ReAct and Toolformer.") == [
        "ReAct",
        "Toolformer",
    ]
    assert joined_names("Imagen 논문이랑 Parti 중 뭐가 먼저 올라옴?") == ["Imagen", "Parti"]


def test_no_join_no_names() -> None:
    assert joined_names("Who presents Orca 13B?") == []
    assert joined_names("발표자와 소속 알려줘") == []


def test_focus_drops_the_name_written_elsewhere() -> None:
    q = "Of Orca 13B and Falcon 2, which was uploaded later?"
    out = focus(q, "3 주차 | Orca 13B: Progressive Learning | 2023 Jun", ROWS)
    assert "Falcon" not in out and "Orca 13B" in out


def test_focus_keeps_a_name_no_passage_writes() -> None:
    # a near miss: the other name is in no top passage, so it still weighs
    q = "Orca랑 Gemma 2 중 뭐가 먼저 올라왔어?"
    assert focus(q, "3 주차 | Orca 13B: Progressive Learning | 2023 Jun", ROWS) == q
    # "Falcon 2" is written, "Falcon 3" is not
    q3 = "Orca and Falcon 3: which came later?"
    assert focus(q3, "3 주차 | Orca 13B", ROWS) == q3


def test_focus_needs_the_unit_to_name_one_of_them() -> None:
    q = "Orca랑 Falcon 2 중 뭐가 먼저야?"
    assert focus(q, "5 주차 | Mamba | 2023 Dec", ROWS) == q
    # a unit naming both is judged as asked
    assert focus(q, ROWS, ROWS) == q
