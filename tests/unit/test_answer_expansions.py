"""Acronym questions (answer/expansions.py): which question asks for a long form, which
line spells it out, and that the answer quotes that line.

Notes invented for the test: a reading schedule whose title cell writes "NAME: Long
Form", a glossary writing the long form in parentheses after or before the acronym, and
a Korean sentence "X는 … 의 약자". Real Kiwi; Korean, English and mixed questions.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.expansions import asked_acronym, expands, expansion, spells
from notelens.answer.extractive import extract
from notelens.answer.units import build_units
from notelens.types import Hit

SCHEDULE = note_hit(
    0,
    "| 주차 | 주제 | 논문 |\n|---|---|---|\n| 1 | RAG | TIDE: Tool-Integrated Dense Encoding |\n"
    "| 2 | RAG | Sparse Index Tricks |\n",
    "스터디 > 발표 순서",
)
MENTION = note_hit(1, "- TIDE는 다음 주에 다시 읽기로 함\n- 발표 자료는 공유 폴더에\n", "회의 메모")
GLOSSARY = note_hit(
    2,
    "- KVQ(Key-Value Quantization)로 캐시 메모리를 줄임\n"
    "- Mixture of Routers (MoR) layers route tokens twice\n"
    "- PRM은 process reward model의 약자다\n",
    "Glossary",
    lang="en",
)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "acronym"),
    [
        ("TIDE 약자 뭐야?", "TIDE"),
        ("PRM은 뭐의 약자야?", "PRM"),
        ("KVQ 풀네임 알려줘", "KVQ"),
        ("What does MoR stand for?", "MoR"),
        ("What is PRM short for?", "PRM"),
        ("What is the full name of KVQ?", "KVQ"),
        # The long form asked in a language, or "written out" (twenty-sixth round).
        ("PRM을 한국어로 풀어서 뭐라고 해?", "PRM"),
        ("KVQ 영어로 풀면?", "KVQ"),
        ("MoR를 풀어 쓰면 뭐야?", "MoR"),
    ],
)
def test_questions_asking_for_a_long_form(question: str, acronym: str) -> None:
    assert asked_acronym(question) == acronym


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        "TIDE가 뭐야?",
        "What is TIDE?",
        "TIDE 논문 full title 알려줘",
        "KVQ 구성요소",
        "TIDE를 한국어로 설명해줘",
    ],
)
def test_other_questions_ask_no_long_form(question: str) -> None:
    assert asked_acronym(question) is None


@pytest.mark.unit
def test_the_ways_notes_spell_an_acronym_out() -> None:
    assert expands("TIDE", "논문: TIDE: Tool-Integrated Dense Encoding · 발표: 민아")
    assert expands("KVQ", "KVQ(Key-Value Quantization)로 캐시 메모리를 줄임")
    assert expands("MoR", "Mixture of Routers (MoR) layers route tokens twice")
    assert expands("PRM", "PRM은 process reward model의 약자다")
    # A colon followed by words that do not spell it, or a mention only.
    assert not expands("TIDE", "TIDE: 다음 주에 다시 읽기")
    assert not expands("TIDE", "TIDE는 다음 주에 다시 읽기로 함")
    assert spells("NF4", ["NormalFloat"]) and not spells("RAG", ["Retrieval", "Models"])


@pytest.mark.unit
def test_expansion_finds_the_unit_in_any_passage() -> None:
    units = [build_units(h.text, h.heading) for h in (MENTION, SCHEDULE)]
    found = expansion("TIDE 약자 뭐야?", units)
    assert found is not None and found[0] == 1 and "Tool-Integrated Dense Encoding" in found[1].text
    assert expansion("SPARSE 약자 뭐야?", units) is None


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "hits", "long_form"),
    [
        ("TIDE 약자 뭐야?", [MENTION, SCHEDULE], "Tool-Integrated Dense Encoding"),
        ("What does MoR stand for?", [GLOSSARY], "Mixture of Routers"),
        ("PRM은 뭐의 약자야?", [GLOSSARY], "process reward model"),
    ],
)
def test_extract_leads_with_the_long_form(
    question: str, hits: list[Hit], long_form: str, analyzer: Analyzer
) -> None:
    ex = extract(question, hits, analyzer=analyzer, embedder=None)
    assert long_form in ex.sentences[ex.lead].text
