"""An answer does not depend on the questions asked before it.

The answer stage caches e5 unit vectors, and an int8 e5 vector moves with its
batch-mates; cached per text, a warm engine (the daemon, the server, a notebook) answered
a question from vectors other questions had embedded, and could give another answer than
a cold CLI. The cache now keeps a question's batch whole (answer/embedcache.py).

Real Kiwi, real e5, real LanceDB over examples/notes (written for this repo); the
questions are Korean, English and mixed, worded for this test.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from notelens import Engine

pytestmark = pytest.mark.integration

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "notes"

# Questions over the same study notes, so later ones share passages (and cached vectors)
# with earlier ones; with vectors cached per text, three of these six answered with
# another strength warm than cold.
ASKED = [
    "2024 상반기 스터디에서 LoRA는 누가 발표했어?",
    "Who presented QLoRA in the 2024 first-half study, and on which date?",
    "2024 상반기 스터디에서 9주차에 다룬 논문은?",
    "스터디 4주차 발표자는 누구야?",
    "QLoRA는 GPU memory를 얼마나 줄여?",
    "What does the study cover in week 3?",
]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory, make_engine: Callable[..., Engine]) -> Path:
    work = tmp_path_factory.mktemp("answer-history")
    shutil.copytree(EXAMPLES, work / "notes")
    assert make_engine(work / "index").index([work / "notes"]).ok
    return work / "index"


def _said(engine: Engine, question: str) -> tuple[str, bool, float]:
    a = engine.ask(question)
    return a.answer, a.refused, a.strength


def test_warm_and_cold_engines_answer_alike(
    index_dir: Path, make_engine: Callable[..., Engine]
) -> None:
    warm = make_engine(index_dir)
    for question in ASKED:
        # A fresh engine per question is the cold CLI; ``warm`` has answered the ones before.
        assert _said(warm, question) == _said(make_engine(index_dir), question), question
