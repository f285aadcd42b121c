"""Fit a learned correction of the unit ranking and judge it set by set (issue #15).

Reads ``unit_rank_capture.py``'s pickles (one per set). Per question, the hand order's
top K units (``UnitRanker.top``) form one list; a unit's label is whether its text holds
a gold string. A linear listwise softmax (the probability of the gold-holding units of
the list; L2 on every weight but the hand score's, so a large L2 gives the hand order
back; scipy's L-BFGS) is fitted over :func:`notelens.answer.unit_signals.features`.

The judgement is leave-one-set-out: for each set, the model is fitted on all the OTHER
sets and scored on the left-out one by the questions whose top unit holds the gold, hand
vs learned, with the question ids that got better or worse. KorQuAD and XQuAD train on
their tuning parts (1-300); their held-out parts (301+) are checked with the model fitted
on every training set::

    PYTHONPATH=src .venv/bin/python benchmarks/unit_rank_fit.py .bench/unit-cap \\
        --top 3 5 8 --l2 1 10 100

Each set's line also gives its headroom (questions whose top unit misses the gold while
another of the top K holds it) and, for the grid's first setting, what the model fitted on
every set (the left-out one included) scores on it: the gap between that in-sample figure
and the left-out one is what the model learned of the set itself. ``--drop-rules`` fits
without the ``UNIT_RULES`` contributions. No weights are written: the correction did not
transfer (docs/benchmarks.md, "A learned correction to the unit ranking, twenty-second
round").
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from notelens.answer.unit_signals import FEATURES, features  # noqa: E402

TRAIN_SETS = (
    "notesqa",
    "blind",
    "blind2",
    "blind3",
    "blind4",
    "blind5",
    "blind6",
    "blind7",
    "realq",
    "realq3",
    "korquad",
    "xquad",
)
PROSE = frozenset({"korquad", "xquad"})
TUNE = 300


class Question:
    """One captured question's top-K list: features, labels, and its id."""

    def __init__(self, row: dict[str, Any], top: int) -> None:
        sig = row["sig"]
        order = sig.order()[:top]
        self.id = f"{row['set']}:{row['id']}"
        self.x = np.array(features(sig, order), dtype=np.float64)
        self.y = np.array([bool(row["label"][i]) for i in order])

    def hand_ok(self) -> bool:
        return bool(self.y[0])

    def learned_ok(self, w: np.ndarray, mean: np.ndarray, std: np.ndarray) -> bool:
        s = ((self.x - mean) / std) @ w
        # Ties keep the hand order (argmax takes the first).
        return bool(self.y[int(np.argmax(s))])


def load(folder: Path, top: int) -> dict[str, tuple[list[Question], list[Question]]]:
    """Per set: (its training questions, its held-out ones: KorQuAD/XQuAD 301+)."""
    out = {}
    for name in TRAIN_SETS:
        path = folder / f"{name}.pkl"
        if not path.exists():
            print(f"  ({name}: no capture)")
            continue
        rows = pickle.loads(path.read_bytes())
        qs = [Question(r, top) for r in rows]
        if name in PROSE:
            out[name] = (
                [q for q, r in zip(qs, rows, strict=True) if r["n"] <= TUNE],
                [q for q, r in zip(qs, rows, strict=True) if r["n"] > TUNE],
            )
        else:
            out[name] = (qs, [])
    return out


def fit(qs: list[Question], l2: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(weights, mean, std) of the listwise softmax over ``qs``' informative lists
    (those holding a gold unit and another), padded to one array."""
    lists = [q for q in qs if q.y.any() and not q.y.all() and len(q.y) > 1]
    allx = np.concatenate([q.x for q in qs if len(q.x)])
    mean = allx.mean(axis=0)
    std = allx.std(axis=0)
    std[std < 1e-9] = 1.0
    d = len(FEATURES)
    k = max((len(q.y) for q in lists), default=1)
    x = np.zeros((len(lists), k, d))
    on = np.zeros((len(lists), k), dtype=bool)
    pos = np.zeros((len(lists), k), dtype=bool)
    for n, q in enumerate(lists):
        m = len(q.y)
        x[n, :m] = (q.x - mean) / std
        on[n, :m] = True
        pos[n, :m] = q.y
    reg = np.full(d, l2)
    reg[FEATURES.index("hand")] = 0.0
    count = max(1, len(lists))

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = np.where(on, x @ w, -np.inf)
        s = s - s.max(axis=1, keepdims=True)
        e = np.exp(s)
        z_all = e.sum(axis=1)
        z_pos = (e * pos).sum(axis=1)
        total = 0.5 * float(reg @ (w * w)) - float(np.log(z_pos / z_all).sum()) / count
        p = e / z_all[:, None] - e * pos / z_pos[:, None]
        grad = reg * w + np.einsum("nk,nkd->d", p, x) / count
        return total, grad

    w0 = np.zeros(d)
    w0[FEATURES.index("hand")] = 1.0
    res = minimize(loss, w0, jac=True, method="L-BFGS-B", options={"maxiter": 1000})
    return res.x, mean, std


def judge(
    qs: list[Question], model: tuple[np.ndarray, np.ndarray, np.ndarray]
) -> tuple[int, int, list[str], list[str]]:
    """(hand top-ok count, learned top-ok count, better ids, worse ids)."""
    hand = learned = 0
    better, worse = [], []
    for q in qs:
        h, lo = q.hand_ok(), q.learned_ok(*model)
        hand += h
        learned += lo
        if lo and not h:
            better.append(q.id)
        elif h and not lo:
            worse.append(q.id)
    return hand, learned, better, worse


def loso(
    data: dict[str, tuple[list[Question], list[Question]]],
    l2: float,
    show: bool,
    fitted: frozenset[str],
) -> tuple[int, int, int, int]:
    """Leave-one-set-out: (sets won, sets lost, total better, total worse); only the
    sets in ``fitted`` are fitted on."""
    won = lost = tb = tw = 0
    everyone = fit([q for o, (t, _h) in data.items() if o in fitted for q in t], l2)
    for name, (train, _held) in data.items():
        others = [q for o, (t, _h) in data.items() if o != name and o in fitted for q in t]
        hand, learned, better, worse = judge(train, fit(others, l2))
        won += learned > hand
        lost += learned < hand
        tb += len(better)
        tw += len(worse)
        if show:
            room = sum(not q.y[0] and bool(q.y.any()) for q in train)
            inside = judge(train, everyone)[1]
            print(
                f"  {name:8} n {len(train):4} hand {hand:4} learned {learned:4}"
                f" ({learned - hand:+d}; better {len(better)} worse {len(worse)})"
                f" headroom {room:3} in-sample {inside - hand:+d}"
            )
            print(f"      better: {' '.join(better) or '-'}")
            print(f"      worse:  {' '.join(worse) or '-'}")
    return won, lost, tb, tw


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("capture", type=Path, help="unit_rank_capture.py's --out folder")
    ap.add_argument("--top", type=int, nargs="+", default=[5])
    ap.add_argument("--l2", type=float, nargs="+", default=[0.1])
    ap.add_argument("--drop-rules", action="store_true", help="fit without the rule features")
    ap.add_argument(
        "--notes-only",
        action="store_true",
        help="fit on the notes sets only (KorQuAD / XQuAD are still judged when left out)",
    )
    args = ap.parse_args()
    fitted = frozenset(TRAIN_SETS) - (PROSE if args.notes_only else frozenset())
    rules = np.array([n.startswith("rule:") for n in FEATURES])
    for top in args.top:
        data = load(args.capture, top)
        if args.drop_rules:
            for t, h in data.values():
                for q in (*t, *h):
                    q.x[:, rules] = 0.0
        for l2 in args.l2:
            show = len(args.top) == 1 and len(args.l2) == 1
            print(f"top {top} L2 {l2}: leave-one-set-out")
            won, lost, tb, tw = loso(data, l2, show, fitted)
            print(f"  sets won {won} lost {lost}; questions better {tb} worse {tw}")
            # The prose sets' held-out parts, with the model fitted on every training set.
            model = fit([q for o, (t, _h) in data.items() if o in fitted for q in t], l2)
            for name, (_t, held) in data.items():
                if held:
                    hand, learned, better, worse = judge(held, model)
                    print(
                        f"  {name} {TUNE + 1}+: n {len(held)} hand {hand} learned {learned}"
                        f" (better {len(better)} worse {len(worse)})"
                    )


if __name__ == "__main__":
    main()
