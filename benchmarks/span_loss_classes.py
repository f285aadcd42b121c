"""Where XQuAD's English short-answer F1 is lost: wrong sentence, wrong span, or bounds.

Reads ``span_rank_capture.py``'s capture and sorts every question's lost F1 (1 - its
short F1) into one class:

* ``refused``: the answer was refused (strength < 0.36 or a refusal);
* ``no span``: the English aligner cut no span (a clause kind, a typed token, ...);
* ``gold not weighed``: no sentence the aligner weighed holds a gold answer (the unit
  or the retrieval missed it);
* ``wrong sentence``: another weighed sentence holds the gold, the chosen one does not;
* in the chosen sentence, which holds the gold: ``wrong span`` (no word shared),
  ``too long`` (the span holds the gold and more), ``too short`` (the gold holds the
  span), ``shifted`` (they overlap otherwise).

Per part (1-300, 301-1190 odd, and 301-1190 even as totals only)::

    PYTHONPATH=src .venv/bin/python benchmarks/span_loss_classes.py .bench/span-cap.pkl
"""

from __future__ import annotations

import argparse
import pickle
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from answer_bench import _norm_en  # noqa: E402
from span_rank_fit import weighed  # noqa: E402


def _holds(text: str, golds: list[str]) -> bool:
    low = f" {_norm_en(text)} "
    return any(f" {_norm_en(g)} " in low for g in golds if _norm_en(g))


def loss_class(r: dict[str, Any]) -> str:
    """The class one captured question's lost F1 falls in (``"exact"`` at F1 1)."""
    if r["refused"]:
        return "refused"
    if r["f1"] >= 1.0 - 1e-9:
        return "exact"
    found = weighed(r)
    if found is None or found[3] is None:
        return "no span"
    text, _cands, _view, _got, sents = found
    if not _holds(text, r["golds"]):
        others = [t for t, _ in sents if t != text]
        elsewhere = any(_holds(t, r["golds"]) for t in others)
        return "wrong sentence" if elsewhere else "gold not weighed"
    pred = _norm_en(r["short"] or "").split()
    if r["f1"] <= 0.0:
        return "wrong span"
    best = max(r["golds"], key=lambda g: len(set(_norm_en(g).split()) & set(pred)))
    gold = _norm_en(best).split()
    p, g = f" {' '.join(pred)} ", f" {' '.join(gold)} "
    if g in p:
        return "too long"
    if p in g:
        return "too short"
    return "shifted"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("capture", type=Path)
    args = ap.parse_args()
    rows = pickle.loads(args.capture.read_bytes())
    parts = {
        "1-300": [r for r in rows if r["n"] <= 300],
        "301+ odd": [r for r in rows if r["n"] > 300 and r["n"] % 2],
        "301+ even (held out)": [r for r in rows if r["n"] > 300 and not r["n"] % 2],
    }
    classes = (
        "refused",
        "no span",
        "gold not weighed",
        "wrong sentence",
        "wrong span",
        "too long",
        "too short",
        "shifted",
    )
    print("part | n | F1 | " + " | ".join(f"{c} (n, F1 lost)" for c in classes))
    for name, part in parts.items():
        count: Counter[str] = Counter()
        lost: Counter[str] = Counter()
        for r in part:
            c = loss_class(r)
            count[c] += 1
            lost[c] += 1.0 - r["f1"]
        n = len(part)
        f1 = sum(r["f1"] for r in part) / n
        cells = " | ".join(f"{count[c]}, {lost[c] / n:.3f}" for c in classes)
        print(f"{name} | {n} | {f1:.4f} | {cells}")


if __name__ == "__main__":
    main()
