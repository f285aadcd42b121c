"""The refusal decision calibrated over the signals the extractor computes (issue #15).

The evidence strength is a product of rule factors (answer/refusal.py, members.py,
unwritten.py, ...), each tuned on the odd ids of the notes archives. This module reads
the same chosen unit through a handful of general signals (how much of the question the
unit and its passage hold, whether the question's key entities are named there, whether
the short answer is of the asked type, BM25 and e5 agreeing on the top passage) and
combines them with log(strength) in one logistic model, fitted by
``benchmarks/refusal_calibration.py`` on the tuning halves of every answer set and checked
leave-one-archive-out. A model would ship as data (``calibration.json``); with no file the
strength is left as it is.

``extract`` (answer/extractive.py) computes the chosen unit's signals when a model is
shipped and returns ``calibrated(Extraction(...))``: two hook lines. Shipped in the
seventeenth round because, left out of the fit, the archives' even halves gained a few
rows and lost none (docs/benchmarks.md "Refusals that generalise, seventeenth round").

The fitted boundary ``w0·log(s) + w·f + b = 0`` is applied as a factor on the strength
so that the threshold keeps its meaning: ``s' = s · exp((w·f + b) / w0) · threshold``
is below ``threshold`` exactly when the model says "unanswerable".
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from notelens.answer.extractive import Extraction

#: The signals, in the order of the model's coefficients (log strength comes first).
FEATURES = (
    "coverage",
    "dense",
    "missing",
    "unit_missing",
    "best_lexical",
    "entities_unit",
    "entities_passage",
    "rare_unit",
    "rare_passage",
    "agree",
    "typed_short",
    "attribute_unit",
)


def features(ex: Extraction) -> dict[str, float]:
    """The signals of :data:`FEATURES` for one extraction (its ``signals`` computed)."""
    from notelens.answer.qtype import has_evidence

    sig = ex.signals
    short = ex.short
    # A short answer of the asked type: the slot the question asks is filled by the
    # chosen unit ("몇 개?" over a unit holding a count; "other" needs only a span).
    typed = short is not None and (
        ex.atype.kind == "other" or has_evidence(ex.atype.kind, short.text)
    )
    return {
        "coverage": ex.coverage,
        "dense": ex.dense,
        "missing": ex.missing,
        "unit_missing": ex.unit_missing,
        "best_lexical": ex.best_lexical,
        "entities_unit": sig.entities_unit if sig else 0.0,
        "entities_passage": sig.entities_passage if sig else 0.0,
        "rare_unit": sig.rare_unit if sig else 1.0,
        "rare_passage": sig.rare_passage if sig else 1.0,
        "agree": float(sig.agree) if sig else 1.0,
        "typed_short": float(typed),
        "attribute_unit": sig.attribute_unit if sig else 1.0,
    }


@lru_cache(maxsize=1)
def model() -> dict[str, float] | None:
    """The shipped coefficients (``calibration.json``): ``log_strength``, one per
    feature, ``bias`` and the ``threshold`` they were fitted at; None without a model."""
    try:
        text = resources.files("notelens.answer").joinpath("calibration.json").read_text("utf-8")
    except FileNotFoundError:
        return None
    data = json.loads(text)
    coef = data.get("coefficients") if isinstance(data, dict) else None
    if not coef:
        return None
    return {str(k): float(v) for k, v in coef.items()}


def factor(feats: dict[str, float], coef: dict[str, float]) -> float:
    """The factor on the strength that moves the threshold to the model's boundary."""
    w0 = coef["log_strength"]
    z = coef["bias"] + sum(coef.get(name, 0.0) * value for name, value in feats.items())
    # w0 > 0 (a stronger unit is likelier answerable) is checked when the model is fitted.
    out = math.exp(z / w0) * coef["threshold"]
    # A model fitted as a veto (on the rows the rules answer) only lowers a strength.
    return min(out, coef["cap"]) if "cap" in coef else out


def calibrated(ex: Extraction) -> Extraction:
    """``ex`` with its strength moved by the shipped model (unchanged without one)."""
    from dataclasses import replace

    coef = model()
    if coef is None or not ex.sentences:
        return ex
    strength = min(1.0, ex.strength * factor(features(ex), coef))
    return replace(ex, strength=strength)
