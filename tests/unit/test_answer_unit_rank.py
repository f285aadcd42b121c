"""The learned correction of the unit ranking (answer/unit_rank.py): the signals the
recording seam hands out, the feature vector, the re-ordering of the hand order's top
units, the weights file, and the AnswerConfig switch.

The notes are made up for these tests: a Korean meeting note, an English setup list and
a mixed Korean/English experiment log.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

import notelens.answer.candidates as cand
from bag_embedder import BagEmbedder
from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.embedcache import UnitCache
from notelens.answer.question import read_question
from notelens.answer.unit_rank import (
    FEATURES,
    KINDS,
    RULES,
    WEIGHTS_PATH,
    UnitRanker,
    UnitRankerError,
    UnitSignals,
    features,
    read_ranker,
    shipped_ranker,
)
from notelens.config import AnswerConfig
from notelens.types import Hit

pytestmark = pytest.mark.unit

KO = note_hit(
    0,
    "- 다음 회의는 목요일 오후 3시\n- 회의 장소는 3층 세미나실\n- 발표자는 서지우",
    "팀 회의 > 공지",
)
EN = note_hit(
    0,
    "- Batch size was 64 for every run\n- The learning rate was 3e-4\n- Warmup took 500 steps",
    "Training setup",
    "en",
)
MIXED = note_hit(
    0,
    "- baseline 정확도는 71.2%\n- 새 tokenizer로 바꾼 뒤 정확도 74.5%\n- eval set은 고정",
    "실험 로그 > tokenizer ablation",
)
CASES = [
    ("다음 회의 장소는 어디야?", KO),
    ("What was the learning rate?", EN),
    ("새 tokenizer로 바꾼 뒤 정확도는?", MIXED),
]


@pytest.fixture
def recorded() -> Iterator[list[UnitSignals]]:
    got: list[UnitSignals] = []
    cand.RECORDER = lambda sig, _raw: got.append(sig)
    try:
        yield got
    finally:
        cand.RECORDER = None


def _score(analyzer: Analyzer, question: str, hits: list[Hit], learned: bool = False) -> object:
    q = read_question(question, hits, analyzer)
    return cand.score_units(
        q, hits, analyzer, None, UnitCache(analyzer, None, size=0), learned=learned
    )


@pytest.mark.parametrize(("question", "hit"), CASES)
def test_the_seam_records_what_the_score_summed(
    analyzer: Analyzer, recorded: list[UnitSignals], question: str, hit: Hit
) -> None:
    scored = _score(analyzer, question, [hit])
    assert scored is not None and len(recorded) == 1
    sig = recorded[0]
    # The seam only reads: the hand scores are the candidates' scores.
    assert sig.hand == tuple(c.score for c in scored.cands)  # type: ignore[attr-defined]
    assert sig.order() == scored.order  # type: ignore[attr-defined]
    assert all(len(r) == len(RULES) == len(cand.UNIT_RULES) for r in sig.rules)
    rows = features(sig, sig.order()[:3])
    assert all(len(r) == len(FEATURES) for r in rows)
    first = dict(zip(FEATURES, rows[0], strict=True))
    assert first["rank"] == 0.0 and first["gap"] == 0.0
    assert sum(first[f"kind:{k}"] for k in KINDS) == 1.0
    assert first["kind:item"] == 1.0  # the fixtures are bullets


def test_without_the_seam_the_scores_are_the_same(
    analyzer: Analyzer, recorded: list[UnitSignals]
) -> None:
    question, hit = CASES[1]
    seen = _score(analyzer, question, [hit])
    cand.RECORDER = None
    plain = _score(analyzer, question, [hit])
    assert [c.score for c in seen.cands] == [c.score for c in plain.cands]  # type: ignore[attr-defined]


def _sig(hand: list[float], lexical: list[float]) -> UnitSignals:
    n = len(hand)
    return UnitSignals(
        passage=(0,) * n,
        kind=("item",) * n,
        chars=(20,) * n,
        lexical=tuple(lexical),
        lexical_rank=tuple(lexical),
        dense=(0.5,) * n,
        other=(False,) * n,
        rules=((0.0,) * len(RULES),) * n,
        cross=(0.0,) * n,
        neighbour=(0.0,) * n,
        turns=(0.0,) * n,
        hand=tuple(hand),
    )


def _ranker(weight: str, top: int = 2) -> UnitRanker:
    d = len(FEATURES)
    w = [1.0 if f == weight else 0.0 for f in FEATURES]
    return UnitRanker(tuple(w), (0.0,) * d, (1.0,) * d, top)


def test_the_correction_reorders_only_the_top_units() -> None:
    sig = _sig([3.0, 2.0, 1.0], [0.1, 0.9, 1.0])
    # Weighed by the lexical share alone: of the top two, the second unit leads and
    # takes the best hand score; the third, outside the top, keeps its own.
    assert _ranker("lexical").reorder(sig) == [2.0, 3.0, 1.0]
    assert _ranker("lexical", top=3).reorder(sig) == [1.0, 2.0, 3.0]
    # Weighed by the hand score: the hand order stands.
    assert _ranker("hand", top=3).reorder(sig) == [3.0, 2.0, 1.0]


def test_the_shipped_weights_load() -> None:
    ranker = shipped_ranker()
    assert ranker is not None and ranker.top >= 2
    assert json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))["features"] == list(FEATURES)


def test_a_weights_file_of_another_version_is_refused(tmp_path: Path) -> None:
    data = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))
    bad = tmp_path / "w.json"
    bad.write_text(json.dumps({**data, "features": data["features"][:-1]}), encoding="utf-8")
    with pytest.raises(UnitRankerError, match="refit"):
        read_ranker(bad)
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(UnitRankerError, match="not JSON"):
        read_ranker(bad)


@pytest.mark.parametrize(("question", "hit"), CASES)
def test_the_switch_keeps_the_score_values(analyzer: Analyzer, question: str, hit: Hit) -> None:
    hand = _score(analyzer, question, [hit])
    learned = _score(analyzer, question, [hit], learned=True)
    # The learned order hands the same score values out again.
    assert sorted(c.score for c in hand.cands) == sorted(c.score for c in learned.cands)  # type: ignore[attr-defined]


def test_the_config_switch_reaches_the_scorer(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from notelens.answer.service import Answerer

    seen: list[bool] = []
    real = cand.score_units

    def spy(*args: object, learned: bool = False) -> object:
        seen.append(learned)
        return real(*args, learned=learned)  # type: ignore[arg-type]

    monkeypatch.setattr(cand, "score_units", spy)
    for on in (True, False):
        cfg = replace(AnswerConfig(), unit_rank=on)
        answerer = Answerer(None, analyzer, BagEmbedder(analyzer), cfg)  # type: ignore[arg-type]
        answerer.ask(CASES[0][0], search=lambda _q, _k: [KO])
    assert seen == [True, False]
