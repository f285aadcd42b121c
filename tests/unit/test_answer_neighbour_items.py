"""An item asked for by its neighbour in a list (answer/neighbour_items.py).

Notes invented for the test: an English numbered pipeline split over two chunks of one
note, a Korean run of plain bullets, a Korean table of weeks and an English one, and a
mixed note whose named items hold nested bullets (also asked for an item's fellows, "X와
같은 목록에 있는 다른 것"). Twins of each question where "다음"
means "the following ones", where "after" says when, or where X is no item of a list:
nothing fires.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer import choose
from notelens.answer.extractive import extract
from notelens.answer.neighbour_items import (
    NEXT,
    PREVIOUS,
    asked_fellows,
    asked_neighbour,
    fellow_items,
    neighbour_item,
)
from notelens.answer.units import build_units
from notelens.types import Hit

pytestmark = pytest.mark.unit

_PIPE_1 = note_hit(
    0,
    "Steps we run on every crawl:\n1. Tokenization\n2. Near-duplicate removal (MinHash)\n"
    "3. Quality filtering: a small classifier\n",
    "Data pipeline > Steps",
    lang="en",
)
# The rest of the same numbered list, in the note's next chunk.
_PIPE_2 = replace(
    note_hit(1, "4. Decontamination against eval sets\n5. Packing\n", "Data pipeline > Steps"),
    source=_PIPE_1.source,
    title=_PIPE_1.title,
    lang="en",
)
TOPICS = note_hit(
    2,
    "이번 학기에 다룰 주제는 다음과 같다.\n- 토크나이저 비교\n- 평가 지표 재현\n- 장문 요약 실험\n",
    "스터디 계획 > 주제",
)
WEEKS = note_hit(
    3,
    "| 주차 | 날짜 | 발표자 |\n|---|---|---|\n| 1 | 3월 4일 | 김하늘 |\n| 2 | 3월 11일 | 박서준 |\n"
    "| 3 | 3월 18일 | 이도윤 |\n| 4 | 3월 25일 | 최유나 |\n",
    "봄 스터디 > 발표 순서",
)
WEEKS_EN = note_hit(
    4,
    "| Week | Topic | Presenter |\n|---|---|---|\n| 1 | Scaling laws | Mara Quint |\n"
    "| 2 | Mixture of experts | Oskar Lind |\n| 3 | Long context | Ines Duval |\n",
    "Reading group > Schedule",
    lang="en",
)
TUNING = note_hit(
    5,
    "- Tuning\n  - LoRA: low-rank adapters\n  - QLoRA: 4-bit base + LoRA\n  - DoRA\n"
    "- Serving\n  - vLLM\n  - TGI\n",
    "실험 메모 > 방법들",
)


@pytest.mark.parametrize(
    ("question", "step", "anchor"),
    [
        ("QLoRA 항목 중 Double Quantization 다음 거?", NEXT, "Double Quantization"),
        ("Large Language Models 목록에서 Qwen 바로 앞 항목?", PREVIOUS, "Qwen"),
        ("SPLADE 바로 뒤에 나오는 논문", NEXT, "SPLADE"),
        ("LoRA 다음으로 소개된 모델", NEXT, "LoRA"),
        ("DoRA 앞에 있는 거", PREVIOUS, "DoRA"),
        ("정제 이후 단계는?", NEXT, "정제"),
        ("What comes right after tokenization in the pipeline?", NEXT, "tokenization"),
        ("What comes before packing?", PREVIOUS, "packing"),
        ("Which step precedes deduplication?", PREVIOUS, "deduplication"),
        ("What's after tokenization?", NEXT, "tokenization"),
        ("Packing 바로 위 항목?", PREVIOUS, "Packing"),
        ("Decontamination 전 단계는?", PREVIOUS, "Decontamination"),
    ],
)
def test_the_asked_neighbour(question: str, step: int, anchor: str) -> None:
    asked = asked_neighbour(question)
    assert asked is not None and asked[0] == step and anchor in asked[1]


@pytest.mark.parametrize(
    "question",
    [
        # "다음" as "the following", "이후" as "later in time", "after" as "when".
        "다음 중 평가 지표 재현에 해당하는 것은?",
        "다음과 같은 주제 중 첫 번째는?",
        "다음 세미나 연사",
        "양자화 배포 이후 latency는 몇 ms야?",
        "Kestrel-7B는 이후 어떤 모델의 베이스로 쓰였어?",
        "What CER did the model reach after full fine-tuning?",
        "What should I check before trusting a benchmark number?",
        # "아래" without "바로": the items under X; "전" and "위" inside a word.
        "Tuning 아래 첫 항목",
        "학습 전 모델 점수",
        "토큰 단위 뭐야",
    ],
)
def test_no_neighbour_asked(question: str) -> None:
    assert asked_neighbour(question) is None


def _item(question: str, hits: list[Hit]) -> str | None:
    found = neighbour_item(question, hits, [build_units(h.text, h.heading) for h in hits])
    return found.unit.text if found is not None else None


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        # "3." in the first chunk, "4." in the second: the list runs on by its numbers.
        ("What comes right after quality filtering in the pipeline?", "Decontamination"),
        ("Data pipeline에서 Decontamination 바로 앞 단계는?", "Quality filtering"),
        ("Which step comes after tokenization?", "Near-duplicate removal"),
        ("Packing 앞에 있는 거?", "Decontamination"),
    ],
)
def test_a_numbered_list_split_over_chunks(question: str, answer: str) -> None:
    got = _item(question, [_PIPE_2, TOPICS, _PIPE_1])
    assert got is not None and got.startswith(answer)


def test_the_ends_of_a_list_have_no_neighbour_beyond() -> None:
    assert _item("Which step comes before tokenization?", [_PIPE_1, _PIPE_2]) is None
    assert _item("What comes after packing?", [_PIPE_1, _PIPE_2]) is None
    assert _item("장문 요약 실험 다음 항목?", [TOPICS]) is None
    # Only the second chunk retrieved: "3." is not there to be "before 4.".
    assert _item("Decontamination 바로 앞 단계는?", [_PIPE_2]) is None


def test_plain_bullets_by_their_run() -> None:
    assert _item("스터디 주제 중 평가 지표 재현 다음 거?", [TOPICS]) == "장문 요약 실험"
    assert _item("평가 지표 재현 바로 앞 항목?", [TOPICS]) == "토크나이저 비교"


def test_table_rows() -> None:
    assert _item("3주차 다음 주에 발표한 사람", [WEEKS]) == (
        "주차: 4 · 날짜: 3월 25일 · 발표자: 최유나"
    )
    assert _item("Who presented in the week after week 2?", [WEEKS_EN]) == (
        "Week: 3 · Topic: Long context · Presenter: Ines Duval"
    )
    # A bare number names no row.
    assert _item("3 다음 거?", [WEEKS]) is None


def test_nested_bullets_among_their_siblings() -> None:
    assert _item("Tuning 아래 QLoRA 다음 항목?", [TUNING]) == "DoRA"
    assert _item("What comes right before QLoRA under Tuning?", [TUNING]) == (
        "LoRA: low-rank adapters"
    )
    # A named item with children: its sibling, not its first child.
    assert _item("Tuning 다음 항목은?", [TUNING]) == "Serving"


@pytest.mark.parametrize(
    "question",
    [
        "다음 중 평가 지표 재현에 해당하는 것은?",
        # "after training": a phrase, no item of a retrieved list.
        "Which model comes after training on the filtered crawl?",
        "Warmup 다음 단계는?",
        # X not written against the cue.
        "평가 지표 재현은 어떤 주제 다음이야?",
    ],
)
def test_no_item_named_nothing_fires(question: str) -> None:
    assert _item(question, [_PIPE_1, _PIPE_2, TOPICS, WEEKS, TUNING]) is None


@pytest.mark.parametrize(
    ("question", "hits", "lead"),
    [
        ("스터디 주제 중 평가 지표 재현 다음 거?", [TOPICS, _PIPE_1], "장문 요약 실험"),
        ("What comes right after quality filtering?", [_PIPE_1, _PIPE_2], "Decontamination"),
    ],
)
def test_the_neighbour_leads_the_answer(
    question: str, hits: list[Hit], lead: str, analyzer: Analyzer
) -> None:
    ex = extract(question, hits, analyzer=analyzer, embedder=None)
    assert ex.sentences and ex.sentences[0].text.startswith(lead)
    assert len(ex.sentences) == 1


_GPTS = note_hit(
    6,
    "1. Orca-1: small model, imitation data\n2. Orca-2: reasoning traces\n"
    "3. Orca-3: agentic data\n",
    "읽은 논문 > 모델 계보",
)


@pytest.mark.parametrize(
    ("question", "hits", "lead"),
    [
        ("스터디 주제 중 평가 지표 재현 다음 거?", [TOPICS, _PIPE_1], "장문 요약 실험"),
        # The neighbour names another numbered member ("Orca-2" for "Orca-1 다음"):
        # judged itself, it would read as an answer for a sibling.
        ("모델 계보에서 Orca-1 다음 논문은?", [_GPTS, TOPICS], "Orca-2"),
        ("QLoRA와 같은 목록에 있는 다른 것", [TUNING, TOPICS], "LoRA"),
    ],
)
def test_the_strength_is_the_named_items(
    question: str, hits: list[Hit], lead: str, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    after = extract(question, hits, analyzer=analyzer, embedder=None)
    assert after.sentences[0].text.startswith(lead)
    steps = ("_neighbour_item", "_fellow_items")
    without = tuple(s for s in choose.CHOICE_STEPS if s.__name__ not in steps)
    monkeypatch.setattr(choose, "CHOICE_STEPS", without)
    before = extract(question, hits, analyzer=analyzer, embedder=None)
    assert after.strength == before.strength


def _fellows(question: str, hits: list[Hit]) -> list[str]:
    units = [build_units(h.text, h.heading) for h in hits]
    return [it.unit.text for it in fellow_items(question, hits, units)]


def test_the_other_items_of_the_named_ones_list() -> None:
    assert _fellows("QLoRA와 같은 목록에 있는 다른 것", [TUNING]) == [
        "LoRA: low-rank adapters",
        "DoRA",
    ]
    assert _fellows("Which other servers are in the same list as vLLM?", [TUNING]) == ["TGI"]
    assert _fellows("평가 지표 재현이랑 같은 목록에 있는 다른 주제?", [TOPICS]) == [
        "토크나이저 비교",
        "장문 요약 실험",
    ]
    # No list holds X; no fellows asked.
    assert _fellows("Warmup과 같은 목록에 있는 다른 것", [TUNING, TOPICS]) == []
    assert asked_fellows("QLoRA 다음 거?") is None
    assert _fellows("QLoRA 다음 거?", [TUNING]) == []


def test_the_fellows_are_the_answer(analyzer: Analyzer) -> None:
    ex = extract(
        "QLoRA와 같은 목록에 있는 다른 것", [TUNING, TOPICS], analyzer=analyzer, embedder=None
    )
    assert [c.text for c in ex.sentences] == ["LoRA: low-rank adapters", "DoRA"]


# Twenty-eighth round: the scorer's top unit may be a line of another list that names
# none of the question's words ("language, vision 등" under another heading); the
# neighbour is judged as the item the question names where that reads better.
_DIRECTIONS = note_hit(
    0,
    "1. Multimodal\n- language, vision 등\n2. Synthetic Data\n3. Domain specialized\n",
    "개요 > 모델의 방향성",
)
_MULTIMODAL = note_hit(
    1, "다양한 모델을 통합\n\n1. CLIP\n2. BLIP\n3. LLaVA\n", "개요 > 멀티모달 모델 목록"
)
_DIRECTIONS_EN = note_hit(
    0,
    "1. Multimodal\n- language, vision etc.\n2. Synthetic Data\n3. Domain specialized\n",
    "Overview > Where models go",
    lang="en",
)
_MULTIMODAL_EN = note_hit(
    1,
    "Models that join text and images\n\n1. CLIP\n2. BLIP\n3. LLaVA\n",
    "Overview > Multimodal model list",
    lang="en",
)


@pytest.mark.parametrize(
    ("question", "hits", "raised"),
    [
        ("멀티모달 모델 리스트에서 BLIP 다음", [_DIRECTIONS, _MULTIMODAL], True),
        ("multimodal model list에서 BLIP 다음", [_DIRECTIONS_EN, _MULTIMODAL_EN], True),
        (
            "In the multimodal model list, what comes after BLIP?",
            [_DIRECTIONS_EN, _MULTIMODAL_EN],
            False,
        ),
    ],
)
def test_the_neighbour_is_judged_as_the_named_item_where_better(
    question: str,
    hits: list[Hit],
    raised: bool,
    analyzer: Analyzer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    after = extract(question, hits, analyzer=analyzer, embedder=None)
    assert after.sentences[0].text == "LLaVA"
    without = tuple(s for s in choose.CHOICE_STEPS if s.__name__ != "_neighbour_item")
    monkeypatch.setattr(choose, "CHOICE_STEPS", without)
    before = extract(question, hits, analyzer=analyzer, embedder=None)
    # Never lower than the chain's choice; higher where the named item reads better.
    assert after.strength > before.strength if raised else after.strength == before.strength
