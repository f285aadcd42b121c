"""The written number of a numbered list's item the question names
(answer/item_numbers.py).

Notes invented for the test: a Korean numbered list of tuning methods (one with flat
detail bullets under it), an English numbered pipeline, a plain-bullet list. Twins where
nothing fires: the n-th of something else ("몇 번째 layer"), a count ("몇 번 빠지면"), the
item a line is under ("몇 번 항목 밑"), a plain bullet (no number written), an item no
list holds.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.item_numbers import asked_number_of, numbered_item
from notelens.answer.units import build_units
from notelens.types import Hit

pytestmark = pytest.mark.unit

METHODS = note_hit(
    0,
    "일부만 학습하는 방법들\n1. BitAdapter\n2. SparseTune\n- 8-bit block 저장\n- Shared Scales\n"
    "3. ZeroPrefix\n",
    "튜닝 > 효율적인 튜닝",
)
PIPELINE = note_hit(
    1,
    "Steps we run on every crawl:\n1. Tokenization\n2. Near-duplicate removal\n"
    "3. Quality filtering\n",
    "Data pipeline > Steps",
    lang="en",
)
PLAIN = note_hit(2, "- 토크나이저 비교\n- 평가 지표 재현\n- 장문 요약 실험\n", "스터디 계획 > 주제")
HITS = [METHODS, PIPELINE, PLAIN]


def _item(question: str, hits: list[Hit] = HITS) -> str | None:
    found = numbered_item(question, hits, [build_units(h.text, h.heading) for h in hits])
    return None if found is None else found.unit.text


@pytest.mark.parametrize(
    ("question", "text"),
    [
        ("효율적인 튜닝에서 SparseTune은 몇 번이야?", "2. SparseTune"),
        ("SparseTune 몇 번째 항목이야?", "2. SparseTune"),
        ("ZeroPrefix가 몇번째지?", "3. ZeroPrefix"),
        ("What number is Quality filtering in the pipeline?", "3. Quality filtering"),
        ("Which position does Tokenization have in the crawl steps?", "1. Tokenization"),
        ("Data pipeline에서 Near-duplicate removal은 몇 번이야?", "2. Near-duplicate removal"),
        ("What number is BitAdapter in the 튜닝 list?", "1. BitAdapter"),
    ],
)
def test_the_named_item_with_its_number(question: str, text: str) -> None:
    assert _item(question) == text


@pytest.mark.parametrize(
    "question",
    [
        "SparseTune은 몇 번째 layer에서 멈춰?",
        "몇 번 빠지면 제외돼?",
        "8-bit block 저장은 몇 번 항목 밑이야?",
        "평가 지표 재현은 몇 번째야?",
        "LoRA는 몇 번이야?",
        "What number of steps does the pipeline run?",
    ],
)
def test_nothing_fires(question: str) -> None:
    assert _item(question) is None


def test_the_cue_and_where_x_is_written() -> None:
    assert asked_number_of("튜닝에서 SparseTune은 몇 번이야?") == ("튜닝에서 SparseTune", True)
    assert asked_number_of("What number is X in the list?") == ("X in the list?", False)
    assert asked_number_of("몇 번이야?") is None
    assert asked_number_of("SparseTune 구성요소는?") is None


def test_extract_quotes_the_item_with_its_number(analyzer: Analyzer) -> None:
    ex = extract(
        "효율적인 튜닝에서 SparseTune은 몇 번이야?", HITS, analyzer=analyzer, embedder=None
    )
    assert ex.sentences[ex.lead].text == "2. SparseTune"
