"""The refusal calibration (answer/calibration.py, docs/benchmarks.md "Refusals that
generalise, seventeenth round"): the fitted boundary applied as a factor on the strength,
the signals read from an extraction, and the shipped model's shape. Korean, English and
mixed questions' extractions written for the test."""

from __future__ import annotations

import math

import pytest

from notelens.analysis.base import Analyzer
from notelens.answer import calibration
from notelens.answer.calibration import FEATURES, calibrated, factor, features, model
from notelens.answer.extractive import Candidate, Extraction
from notelens.answer.qtype import AnswerType
from notelens.answer.refusal import RefusalSignals, attribute_share, key_entities
from notelens.answer.span import Span


def _extraction(text: str, kind: str, short: str | None, strength: float = 0.5) -> Extraction:
    cand = Candidate(0, 0, text, frozenset(), 0.4, 0.8, 1.0)
    return Extraction(
        sentences=(cand,),
        qtype="factoid",
        strength=strength,
        coverage=0.7,
        dense=0.9,
        short=Span(short, text.find(short), text.find(short) + len(short)) if short else None,
        atype=AnswerType(kind),  # type: ignore[arg-type]
        best_lexical=0.4,
        signals=RefusalSignals(entities=2, entities_unit=0.5, rare_unit=0.25, agree=False),
    )


@pytest.mark.unit
def test_the_factor_moves_the_threshold_to_the_models_boundary() -> None:
    coef = {"log_strength": 2.0, "bias": 0.5, "threshold": 0.36, "coverage": 1.5}
    for strength in (0.1, 0.3, 0.36, 0.5, 0.9):
        for cov in (0.0, 0.4, 1.0):
            feats = {"coverage": cov}
            z = 2.0 * math.log(strength) + 0.5 + 1.5 * cov
            below = strength * factor(feats, coef) < 0.36
            assert below == (z < 0)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "kind", "short", "typed"),
    [
        # The asked slot filled: a count for "몇 개", a name for "who".
        ("벤치마크 과제 5종, 평가 문항 1,200개", "number", "1,200개", 1.0),
        ("Presenter: 김하늘 · Date: Oct 9", "person", "김하늘", 1.0),
        # A span that is not of the asked type: a word where a count was asked.
        ("학습 데이터는 아직 공개 안 됨", "number", "학습 데이터", 0.0),
        ("The context window is not reported yet", "number", "context window", 0.0),
        # No short answer at all.
        ("회의 장소는 미정", "person", None, 0.0),
    ],
)
def test_features_read_the_extraction(
    text: str, kind: str, short: str | None, typed: float
) -> None:
    feats = features(_extraction(text, kind, short))
    assert tuple(feats) == FEATURES
    assert feats["typed_short"] == typed
    assert feats["entities_unit"] == 0.5
    assert feats["rare_unit"] == 0.25
    assert feats["agree"] == 0.0
    assert feats["coverage"] == 0.7


@pytest.mark.unit
def test_without_a_model_the_strength_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calibration, "model", lambda: None)
    ex = _extraction("Gaon-3 context 32K", "number", "32K", strength=0.42)
    assert calibrated(ex) is ex


@pytest.mark.unit
def test_a_model_scales_the_strength_within_one(monkeypatch: pytest.MonkeyPatch) -> None:
    coef = {"log_strength": 1.0, "bias": 3.0, "threshold": 0.36, "typed_short": 1.0}
    monkeypatch.setattr(calibration, "model", lambda: coef)
    ex = _extraction("Gaon-3 context 32K", "number", "32K", strength=0.42)
    out = calibrated(ex)
    assert out.strength == 1.0  # exp(4) * 0.36 * 0.42 > 1: clipped
    assert out.sentences == ex.sentences
    coef["bias"] = -3.0
    low = calibrated(ex)
    assert low.strength == pytest.approx(0.42 * math.exp(-2.0) * 0.36)


@pytest.mark.unit
def test_the_shipped_model_weighs_the_strength_positively() -> None:
    coef = model()
    if coef is None:
        pytest.skip("no model shipped")
    assert coef["log_strength"] > 0
    assert set(coef) <= {"log_strength", "bias", "threshold", *FEATURES}


# -- the asked slot: the question's terms beside its key entities, in the unit ----------


def _attribute(question: str, unit: str, analyzer: Analyzer) -> float:
    weights = {t: 1.0 for t in analyzer.terms(question)}
    entities = key_entities(question, analyzer)
    return attribute_share(weights, entities, analyzer, frozenset(analyzer.terms(unit)))


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "filled", "empty"),
    [
        # Korean: the entity is named by both units; only one writes what is asked of it.
        (
            "박서진 연구원 이메일 주소",
            "박서진 연구원 이메일 주소: sj@lab.kr",
            "참석: 박서진 연구원, 김하율",
        ),
        # English: the counted noun beside the model's name.
        (
            "How many attention heads does Orca-7B use?",
            "Orca-7B uses 32 attention heads per layer",
            "Orca-7B: 32 layers, hidden size 4,096",
        ),
        # Mixed: an English attribute in a Korean question.
        ("Marten-2 batch size 얼마야", "Marten-2 학습 batch size 1024", "Marten-2 공개일 3월 4일"),
    ],
)
def test_the_asked_slot_is_read_beside_the_entity(
    question: str, filled: str, empty: str, analyzer: Analyzer
) -> None:
    assert _attribute(question, filled, analyzer) > _attribute(question, empty, analyzer)
    assert _attribute(question, empty, analyzer) < 0.5


@pytest.mark.unit
def test_a_question_asking_nothing_beside_its_entity_fills_its_slot(analyzer: Analyzer) -> None:
    # Only the entity and how-to-ask words: nothing is asked of it that a unit could lack.
    assert attribute_share({}, ["orca-7b"], analyzer, frozenset()) == 1.0
    weights = {t: 1.0 for t in analyzer.terms("Orca-7B 뭐야")}
    assert attribute_share(weights, ["orca-7b"], analyzer, frozenset()) == 1.0
