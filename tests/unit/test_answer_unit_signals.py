"""The unit scorer's recording seam (answer/candidates.py ``recording``) and the feature vector
of answer/unit_signals.py, which benchmarks/unit_rank_capture.py and unit_rank_fit.py
read: what the seam hands out is what the score summed, and the seam changes no score.

The notes are made up for these tests: a Korean meeting note, an English setup list and
a mixed Korean/English experiment log.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import notelens.answer.candidates as cand
from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.embedcache import UnitCache
from notelens.answer.question import read_question
from notelens.answer.unit_signals import FEATURES, KINDS, RULES, UnitSignals, features
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
    with cand.recording(lambda sig, _raw: got.append(sig)):
        yield got


def _score(analyzer: Analyzer, question: str, hits: list[Hit]) -> object:
    q = read_question(question, hits, analyzer)
    return cand.score_units(q, hits, analyzer, None, UnitCache(analyzer, None, size=0))


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


def test_without_the_seam_the_scores_are_the_same(analyzer: Analyzer) -> None:
    question, hit = CASES[1]
    got: list[UnitSignals] = []
    with cand.recording(lambda sig, _raw: got.append(sig)):
        seen = _score(analyzer, question, [hit])
    plain = _score(analyzer, question, [hit])
    # The seam is scoped to its block: the second call recorded nothing.
    assert len(got) == 1
    assert [c.score for c in seen.cands] == [c.score for c in plain.cands]  # type: ignore[attr-defined]


def test_the_rule_names_are_the_chain_s() -> None:
    assert [f"_{r}" for r in RULES] == [getattr(f, "__name__", "") for f in cand.UNIT_RULES]


@pytest.mark.parametrize(("question", "hit"), CASES)
def test_the_rules_contributions_add_up(
    analyzer: Analyzer, recorded: list[UnitSignals], question: str, hit: Hit
) -> None:
    # The hand score is the rules' sum over the lexical and prior start, plus e5's share,
    # the cross-language bonus, the neighbours' lift and the transcript turns.
    from notelens.answer import extractive as ex

    _score(analyzer, question, [hit])
    sig = recorded[0]
    for i in range(len(sig.hand)):
        start = ex.W_LEXICAL * sig.lexical_rank[i] + ex.W_PRIOR / (1.0 + 0.5 * sig.passage[i])
        total = start + sum(sig.rules[i]) + ex.W_DENSE * sig.dense[i]
        total += sig.cross[i] + sig.neighbour[i] + sig.turns[i]
        assert total == pytest.approx(sig.hand[i])
