"""Fit the English span ranker (``answer/align_en_rank.py``) on a capture of XQuAD.

Reads ``span_rank_capture.py``'s capture. Per question, the candidates of every sentence
the English aligner weighed (the quoted sentences ``best_quoted`` compares, or the one
sentence ``en_span`` cut from) form one list; each candidate's label is its SQuAD token
F1 against the gold. A linear listwise softmax (the candidates with the list's best F1
as the target, L2 on the weights; scipy's L-BFGS) is fitted on the TUNING part only
(questions 1-300 and the odd numbers of 301-1190). The model is a correction added to the
rules' score (and to ``quoted.BEST_BONUS_EN``'s head start for the best sentence), so
a large L2 gives the rules' own picks back.

The span step is then re-scored: the rules' pick against the ranker's, 5-fold CV over
the tuning questions for each L2 value (``--l2``), and, once, the held-out half
(301-1190 even) with the weights fitted on the whole tuning part::

    PYTHONPATH=src .venv/bin/python benchmarks/span_rank_fit.py .bench/span-cap.pkl \\
        --l2 0.1 1 10 --write

``--write`` writes ``src/notelens/answer/align_en_rank.json`` with the L2 the CV chose;
``--shipped`` scores the shipped file as the aligner runs it (its tie rule included).
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from answer_replay import short_scores  # noqa: E402
from notelens.answer.align_en_rank import FEATURES, WEIGHTS_PATH, features, read_ranker  # noqa: E402
from notelens.answer.quoted import BEST_BONUS_EN  # noqa: E402
from notelens.answer.span import _span  # noqa: E402

_CLAUSE = frozenset({"reason", "method", "definition", "list"})


def trimmed(text: str, s: int, e: int) -> str:
    """The short answer ``span.py`` cuts from ``text[s:e]`` (its edges trimmed)."""
    return _span(text, s, e).text


def weighed(r: dict[str, Any]) -> tuple[str, Any, Any, Any, list[tuple[str, Any]]] | None:
    """A captured question's last ``en_span`` call (its sentence, candidates, view and
    span) and the sentences weighed with it (``best_quoted``'s, when it chose this one)."""
    spans = [c for c in r["calls"] if c[0] == "span"]
    if not spans:
        return None
    _kind, _terms, text, (cands, view), got = spans[-1][1]
    quoted = [c for c in r["calls"] if c[0] == "quoted"]
    sents: list[tuple[str, Any]] = [(text, (cands, view))]
    if quoted and quoted[-1][1][0] not in _CLAUSE and text in [t for t, _ in quoted[-1][1][2]]:
        sents = quoted[-1][1][2]
    return text, cands, view, got, sents


@dataclass
class Question:
    n: int
    f1: float  # the captured answer's short F1 (0 when refused)
    refused: bool
    # Per sentence: feature rows, rule scores, labels (F1), spans; sentence 0 = the best.
    rows: list[np.ndarray]
    rule: list[np.ndarray]
    labels: list[np.ndarray]
    spans: list[list[str]]
    rule_pick: tuple[int, int]


def load(path: Path) -> tuple[list[Question], int]:
    """The rankable questions (the rules' simulated pick is the captured span)."""
    out: list[Question] = []
    skipped = 0
    for r in pickle.loads(path.read_bytes()):
        found = weighed(r)
        if found is None:
            continue
        text, cands, view, got, sents = found
        if not cands or got is None or view is None:
            skipped += 1
            continue
        rows, rule, labels, texts = [], [], [], []
        for t, (cs, v) in sents:
            if not cs or v is None:
                rows.append(np.zeros((0, len(FEATURES))))
                rule.append(np.zeros(0))
                labels.append(np.zeros(0))
                texts.append([])
                continue
            rows.append(np.array(features(v, cs)))
            rule.append(np.array([c.score for c in cs]))
            txt = [trimmed(t, c.start, c.end) for c in cs]
            texts.append(txt)
            labels.append(np.array([short_scores(x, r["golds"])[1] for x in txt]))
        q = Question(r["n"], r["f1"], r["refused"], rows, rule, labels, texts, (0, 0))
        q.rule_pick = pick(q, [x for x in q.rule], BEST_BONUS_EN)
        si, ci = q.rule_pick
        spick = [t for t, _ in sents][si]
        best_c = (cands if spick == text else sents[si][1][0])[ci]
        if spick != text or (best_c.start, best_c.end) != tuple(got):
            skipped += 1  # another path chose the span (a clause, a typed token, ...)
            continue
        out.append(q)
    return out, skipped


def keep_top(qs: list[Question], top: int) -> list[Question]:
    """Each sentence's ``top`` best candidates by the rules' score (0: all): the ranker
    reorders the rules' short list only (the rules' pick stays in it)."""
    if top <= 0:
        return qs
    out = []
    for q in qs:
        keep = [np.argsort(-sc, kind="stable")[:top] for sc in q.rule]
        si, ci = q.rule_pick
        new_ci = int(np.where(keep[si] == ci)[0][0])
        out.append(
            Question(
                q.n,
                q.f1,
                q.refused,
                [r[k] for r, k in zip(q.rows, keep, strict=True)],
                [r[k] for r, k in zip(q.rule, keep, strict=True)],
                [r[k] for r, k in zip(q.labels, keep, strict=True)],
                [[t[i] for i in k] for t, k in zip(q.spans, keep, strict=True)],
                (si, new_ci),
            )
        )
    return out


def pick(q: Question, scores: list[np.ndarray], bonus: float) -> tuple[int, int]:
    """best_quoted then en_span: the best sentence's candidates with a head start."""
    best: tuple[float, int, int] | None = None
    for si, sc in enumerate(scores):
        if len(sc) == 0:
            continue
        ci = int(np.argmax(sc))
        val = float(sc[ci]) + (bonus if si == 0 else 0.0)
        if best is None or val > best[0] + (0.0 if si == 0 else 1e-9):
            best = (val, si, ci)
    assert best is not None
    return best[1], best[2]


def f1_of(q: Question, at: tuple[int, int]) -> float:
    if q.refused:
        return 0.0
    return q.f1 if at == q.rule_pick else float(q.labels[at[0]][at[1]])


@dataclass
class Model:
    w: np.ndarray
    first: float
    mean: np.ndarray
    std: np.ndarray


def fit(
    qs: list[Question], l2: float, soft: float = 0.0, without: frozenset[str] = frozenset()
) -> Model:
    """A correction to the rules' scores: the list's softmax over
    ``a * (rule + BEST_BONUS_EN * first) + x @ w``, so the rules' order and their head
    start for the best sentence are where a large L2 ends (``a`` is a temperature; the
    ranker adds ``x @ w / a`` to the rules' score)."""
    lists = []
    for q in qs:
        x = [r for r in q.rows if len(r)]
        if not x:
            continue
        lab = np.concatenate([lb for lb in q.labels if len(lb)])
        if lab.max() <= 0:
            continue
        first = np.concatenate(
            [np.full(len(r), float(si == 0)) for si, r in enumerate(q.rows) if len(r)]
        )
        base = np.concatenate([r for r in q.rule if len(r)]) + BEST_BONUS_EN * first
        if soft < 0:
            lists.append((np.vstack(x), base, -lab))  # expected F1 (below)
            continue
        target = lab**soft if soft else (lab >= lab.max() - 1e-9).astype(float)
        lists.append((np.vstack(x), base, target / target.sum()))
    allx = np.vstack([x for x, _, _ in lists])
    mean, std = allx.mean(0), allx.std(0)
    std[std < 1e-6] = 1.0
    data = [((x - mean) / std, f, t) for x, f, t in lists]
    d = len(FEATURES)
    # The rules' score is the base term itself, not a feature to reweigh; ``without``
    # leaves features out (their weight held at 0) to read what they add.
    use = np.array([f != "rule" and f not in without for f in FEATURES], dtype=float)

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, a = theta[:d] * use, theta[d]
        total, grad = 0.0, np.zeros(d + 1)
        for x, base, t in data:
            s = x @ w + a * base
            s = s - s.max()
            p = np.exp(s)
            p /= p.sum()
            if soft < 0:
                # -E[F1] under the softmax: d/ds = p * (F1 - E[F1]) (t holds -F1).
                total += float(p @ t)
                diff = p * (t - p @ t)
            else:
                total -= float(t @ np.log(p + 1e-12))
                diff = p - t
            grad[:d] += x.T @ diff
            grad[d] += base @ diff
        total /= len(data)
        grad /= len(data)
        total += 0.5 * l2 * float(w @ w) / len(data)
        grad[:d] += l2 * w / len(data)
        grad[:d] *= use
        return total, grad

    start = np.zeros(d + 1)
    start[d] = 1.0
    res = minimize(loss, start, jac=True, method="L-BFGS-B")
    return Model(res.x[:d] * use, float(res.x[d]), mean, std)


def model_pick(q: Question, m: Model) -> tuple[int, int]:
    scores = [
        rule + ((r - m.mean) / m.std) @ m.w / m.first if len(r) else np.zeros(0)
        for r, rule in zip(q.rows, q.rule, strict=True)
    ]
    return pick(q, scores, BEST_BONUS_EN)


def mean_f1(qs: list[Question], m: Model | None) -> float:
    if not qs:
        return 0.0
    return sum(f1_of(q, q.rule_pick if m is None else model_pick(q, m)) for q in qs) / len(qs)


def moved(qs: list[Question], m: Model) -> tuple[int, int]:
    better = worse = 0
    for q in qs:
        a, b = f1_of(q, q.rule_pick), f1_of(q, model_pick(q, m))
        better += b > a + 1e-9
        worse += b < a - 1e-9
    return better, worse


def shipped_check(path: Path) -> None:
    """The shipped ranker as the aligner runs it (``SpanRanker.rescore``, its tie rule
    included) against the rules, per part: F1 gained and questions moved."""
    ranker = read_ranker(WEIGHTS_PATH)
    parts: dict[str, list[float]] = {}
    for r in pickle.loads(path.read_bytes()):
        found = weighed(r)
        if found is None:
            continue
        text, cands, _view, got, sents = found
        if got is None or not cands:
            continue
        rule = _choose([(t, cs) for t, (cs, _v) in sents])
        new = _choose([(t, ranker.rescore(v, cs) if cs else cs) for t, (cs, v) in sents])
        if (
            rule is None
            or new is None
            or (rule[0], rule[1].start, rule[1].end)
            != (
                text,
                *got,
            )
        ):
            continue
        old_f1 = r["f1"]
        same = (new[0], new[1].start, new[1].end) == (rule[0], rule[1].start, rule[1].end)
        new_f1 = old_f1
        if not same and not r["refused"]:
            new_f1 = short_scores(trimmed(new[0], new[1].start, new[1].end), r["golds"])[1]
        part = "301+ even (held out)" if r["n"] > 300 and not r["n"] % 2 else "tuning"
        got_part = parts.setdefault(part, [0, 0.0, 0, 0])
        got_part[0] += 1
        got_part[1] += new_f1 - old_f1
        got_part[2] += new_f1 > old_f1 + 1e-9
        got_part[3] += new_f1 < old_f1 - 1e-9
    for part, (n, gain, better, worse) in sorted(parts.items()):
        print(f"shipped ranker, {part}: {n} questions, F1 sum {gain:+.2f}, +{better} / -{worse}")


def _choose(sents: list[tuple[str, list[Any]]]) -> tuple[str, Any] | None:
    """best_quoted then en_span over the scored candidates of each sentence."""
    best: tuple[float, str, Any] | None = None
    for si, (t, cs) in enumerate(sents):
        if not cs:
            continue
        c = max(cs, key=lambda c: c.score)
        val = c.score + (BEST_BONUS_EN if si == 0 else 0.0)
        if best is None or val > best[0] + (0.0 if si == 0 else 1e-9):
            best = (val, t, c)
    return None if best is None else (best[1], best[2])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("capture", type=Path)
    ap.add_argument("--l2", type=float, nargs="+", default=[0.1, 1.0, 10.0, 100.0])
    ap.add_argument(
        "--soft",
        type=float,
        default=0.0,
        help="target proportional to F1**soft (0: the list's best candidates only;"
        " negative: maximise the expected F1 instead)",
    )
    ap.add_argument("--top", type=int, default=0, help="rerank each sentence's K best")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument(
        "--without", nargs="*", default=[], help="features to leave out (weight held at 0)"
    )
    ap.add_argument("--held-out", action="store_true", help="also score 301-1190 even")
    ap.add_argument("--write", action="store_true", help="write the shipped weights file")
    ap.add_argument(
        "--shipped", action="store_true", help="only score the shipped ranker as it runs"
    )
    args = ap.parse_args()
    if args.shipped:
        shipped_check(args.capture)
        return
    qs, skipped = load(args.capture)
    qs = keep_top(qs, args.top)
    tune = [q for q in qs if q.n <= 300 or q.n % 2]
    held = [q for q in qs if q.n > 300 and not q.n % 2]
    print(f"rankable: tuning {len(tune)}, held out {len(held)} (skipped {skipped})")
    oracle = sum(
        max((float(lb.max()) for lb in q.labels if len(lb)), default=0.0) * (not q.refused)
        for q in tune
    )
    print(f"tuning part's best candidate (an upper bound): F1 {oracle / len(tune):.4f}")
    rng = np.random.default_rng(0)
    order = rng.permutation(len(tune))
    folds = [order[k :: args.folds] for k in range(args.folds)]
    cv: dict[float, float] = {}
    for l2 in args.l2:
        got = base = 0.0
        b = w = 0
        for k in range(args.folds):
            test = [tune[i] for i in folds[k]]
            train = [tune[i] for f in range(args.folds) if f != k for i in folds[f]]
            m = fit(train, l2, args.soft, frozenset(args.without))
            got += mean_f1(test, m) * len(test)
            base += mean_f1(test, None) * len(test)
            mb, mw = moved(test, m)
            b, w = b + mb, w + mw
        cv[l2] = got / len(tune)
        print(
            f"L2 {l2:g}: 5-fold CV span-step F1 {base / len(tune):.4f} (rules) ->"
            f" {got / len(tune):.4f} (ranker), moved +{b} / -{w}"
        )
    l2 = max(cv, key=lambda k: cv[k])
    m = fit(tune, l2, args.soft, frozenset(args.without))
    print(f"chosen L2 {l2:g}; temperature of the rules' score {m.first:.3f}")
    for name, part in (
        ("1-300", [q for q in tune if q.n <= 300]),
        ("301+ odd", [q for q in tune if q.n > 300]),
    ):
        mb, mw = moved(part, m)
        print(f"  {name} (fit on): {mean_f1(part, None):.4f} -> {mean_f1(part, m):.4f} +{mb}/-{mw}")
    if args.held_out:
        mb, mw = moved(held, m)
        print(
            f"  301+ even (held out): {mean_f1(held, None):.4f} -> {mean_f1(held, m):.4f}"
            f" +{mb}/-{mw}"
        )
    top = sorted(zip(FEATURES, m.w, strict=True), key=lambda t: -abs(t[1]))[:10]
    print("  largest weights: " + ", ".join(f"{n} {v:+.2f}" for n, v in top))
    if args.write:
        scale = 1.0 / m.first
        WEIGHTS_PATH.write_text(
            json.dumps(
                {
                    "fit": "benchmarks/span_rank_fit.py (XQuAD-en 1-300 + 301-1190 odd),"
                    f" L2 {l2:g}",
                    "features": list(FEATURES),
                    "weights": [round(float(x), 6) for x in m.w],
                    "mean": [round(float(x), 6) for x in m.mean],
                    "std": [round(float(x), 6) for x in m.std],
                    "scale": round(scale, 6),
                    "top": args.top,
                },
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"wrote {WEIGHTS_PATH}")


if __name__ == "__main__":
    main()
