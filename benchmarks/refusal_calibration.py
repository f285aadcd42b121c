"""Fit and check the refusal calibration (answer/calibration.py; issue #15, seventeenth round).

Two steps, on cached retrieval (the ``--workdir`` caches ``answer_replay.py`` uses):

``collect`` replays one set with the calibration off and writes, per question, the raw
evidence strength, the signals of :data:`notelens.answer.calibration.FEATURES`, whether
the answer holds a gold string and the id's half::

    PYTHONPATH=src .venv/bin/python benchmarks/refusal_calibration.py collect --set notesqa \\
        --questions benchmarks/data/blind7_qa.jsonl --folders benchmarks/data/blind7-notes \\
        --workdir .bench/fresh-blind7 --out .bench/cal/blind7.json

``fit`` reads the collected sets, fits one logistic model on the tuning rows of all of
them (notes sets: odd ids; KorQuAD / XQuAD: questions 1-300), and checks it
leave-one-archive-out: for every blind archive, a model fitted without it is scored on
that archive's odd, even and all rows against the strength alone, at the threshold.
``--write`` stores the model fitted on every set's tuning rows as
``src/notelens/answer/calibration.json``::

    PYTHONPATH=src .venv/bin/python benchmarks/refusal_calibration.py fit .bench/cal/*.json
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

TUNE = 300
PROSE = frozenset({"korquad", "korquad2k", "xquad"})
MODEL = ROOT / "src" / "notelens" / "answer" / "calibration.json"


def collect(argv: list[str]) -> None:
    import notelens.answer.calibration as cal
    import notelens.answer.extractive as ex_mod
    from answer_bench import _is_ko, contains, make_engine
    from answer_replay import DATA, cached_hits, load_questions, parity
    from notelens.answer.grounding import strip_citations

    ap = argparse.ArgumentParser(prog="refusal_calibration.py collect")
    ap.add_argument("--set", choices=["notesqa", "korquad", "xquad"], required=True)
    ap.add_argument("--questions", type=Path, default=DATA / "notes_qa.jsonl")
    ap.add_argument("--folders", type=Path, nargs="+", default=None)
    ap.add_argument("--workdir", type=Path, required=True)
    ap.add_argument("--limit", type=int, default=300)
    ap.add_argument("--start", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    args.parity = None
    qs, corpus = load_questions(args)
    engine = make_engine(args.workdir, corpus if len(corpus) > 1 else corpus[0], "auto")
    hits = cached_hits(engine, qs, args.workdir / "hits-k5.pkl", 5)
    answerer = engine._get_answerer()
    seen: dict[str, Any] = {}
    orig = ex_mod.extract

    def recording(question: str, hs: Any, **kw: Any) -> Any:
        out = orig(question, hs, **{**kw, "diagnose": True})
        seen[question] = out
        return out

    # The raw strength: the shipped model is not applied while collecting.
    cal.calibrated = lambda ex: ex
    ex_mod.extract = recording
    rules = _record_rules()
    rows = []
    for q in qs:
        h = hits[q["question"]]
        seen.pop(q["question"], None)
        rules.clear()
        a = answerer.ask(q["question"], k=5, search=lambda _q, _n, h=h: h)
        ok = any(contains(strip_citations(a.answer), g, _is_ko(g)) for g in q["answers"])
        ex = seen.get(q["question"])
        if args.set == "notesqa":
            half = parity(q["id"])
        else:
            half = "odd" if q["n"] <= TUNE else ("even" if q["n"] % 2 == 0 else "rest")
        rows.append(
            {
                "id": q["id"],
                "class": q["class"],
                "neg": q["neg"],
                "half": half,
                "strength": a.strength,
                "ok": ok,
                "kind": ex.atype.kind if ex is not None else "",
                "features": cal.features(ex) if ex is not None and ex.sentences else None,
                "rules": dict(rules),
            }
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    print(f"{len(rows)} rows -> {args.out}")


#: The rule factors of the extractor's refusal signal, by (module, function): each call's
#: value is recorded (the last call of a question wins: the one on the chosen unit).
RULES = (
    ("notelens.answer.refusal", "measure_factor"),
    ("notelens.answer.refusal", "qualifier_factor"),
    ("notelens.answer.refusal", "entry_factor"),
    ("notelens.answer.refusal", "typed_floor"),
    ("notelens.answer.unsettled", "open_factor"),
    ("notelens.answer.members", "member_factor"),
    ("notelens.answer.member_units", "unframed_lead"),
    ("notelens.answer.empty_cells", "empty_asked_cell"),
    ("notelens.answer.unwritten", "unwritten_factor"),
    ("notelens.answer.unit_qualifiers", "unquoted_factor"),
)


def _record_rules() -> dict[str, float]:
    """Wrap every rule of :data:`RULES` in its module (the extractor imports them when
    it runs) so that its value per question lands in the returned dict."""
    import importlib

    seen: dict[str, float] = {}
    for module, name in RULES:
        mod = importlib.import_module(module)
        fn = getattr(mod, name)

        def wrapped(*a: Any, _fn: Any = fn, _name: str = name, **kw: Any) -> Any:
            out = _fn(*a, **kw)
            seen[_name] = float(out)
            return out

        setattr(mod, name, wrapped)
    return seen


def _x(r: dict[str, Any]) -> list[float]:
    from notelens.answer.calibration import FEATURES

    f = r["features"]
    return [math.log(max(r["strength"], 1e-3))] + [float(f[n]) for n in FEATURES]


def fit(
    rows: list[dict[str, Any]],
    threshold: float,
    l2: float,
    match: bool = True,
    veto: float | None = None,
) -> dict[str, float]:
    """Logistic regression (unanswerable 0, answerable 1) on ``rows``' tuning halves.

    Weights: each set's unanswerable rows weigh as much as its answerable ones (the
    notes archives hold about one unanswerable question in four), a wrong answer half
    as much as a right one (refusing it costs no right answer, but counts as a false
    refusal), KorQuAD / XQuAD rows a quarter (they keep the prose sets' false refusals
    in view without outweighing the archives).
    """
    import numpy as np

    from notelens.answer.calibration import FEATURES

    train = [r for r in rows if r["half"] == "odd" and r["features"] is not None]
    if veto is not None:
        # A veto: fitted on the rows the rules answer, it only lowers a strength.
        train = [r for r in train if r["strength"] >= threshold]
    xs = np.array([[*_x(r), 1.0] for r in train])
    ys = np.array([0.0 if r["neg"] else 1.0 for r in train])
    ws = []
    for r in train:
        same = [t for t in train if t["set"] == r["set"]]
        n_neg = sum(t["neg"] for t in same) or 1
        n_pos = len(same) - n_neg or 1
        prose = r["set"] in PROSE
        w = (1.0 / n_neg) if r["neg"] else (1.0 / n_pos) * (1.0 if r["ok"] else 0.5)
        ws.append(w * (0.25 if prose else 1.0))
    wv = np.array(ws) / sum(ws)
    # Standardised columns (not the strength or the bias), so one L2 weight fits all.
    mu = xs[:, 1:-1].mean(axis=0)
    sd = xs[:, 1:-1].std(axis=0) + 1e-6
    z = xs.copy()
    z[:, 1:-1] = (xs[:, 1:-1] - mu) / sd
    w = np.zeros(z.shape[1])
    w[0] = 1.0
    for _ in range(6000):
        p = 1 / (1 + np.exp(-z @ w))
        grad = z.T @ (wv * (p - ys)) + l2 * np.r_[0.0, w[1:-1], 0.0]
        w -= 2.0 * grad
    # Back to raw features.
    coef_f = w[1:-1] / sd
    bias = float(w[-1] - np.dot(w[1:-1], mu / sd))
    out = {"log_strength": float(w[0]), "bias": bias, "threshold": threshold}
    out.update({n: float(c) for n, c in zip(FEATURES, coef_f, strict=True)})
    if veto is not None:
        return _vetoed({**out, "cap": 1.0}, train, threshold, veto)
    return _matched(out, train, threshold) if match else out


def _vetoed(
    coef: dict[str, float], train: list[dict[str, Any]], thr: float, budget: float
) -> dict[str, float]:
    """A veto's bias: it refuses ``budget`` (a share) of the notes archives' answerable
    tuning rows that the rules answer, the ones it finds least likely answerable."""
    from notelens.answer.calibration import factor

    pos = [r for r in train if not r["neg"] and r["set"] not in PROSE]
    allowed = round(budget * len(pos))
    uncapped = {k: v for k, v in coef.items() if k != "cap"}
    margins = sorted(
        math.log(max(r["strength"], 1e-3) * factor(r["features"], uncapped) / thr) for r in pos
    )
    lo = margins[allowed - 1] if allowed else margins[0] - 1.0
    shift = -(lo + margins[allowed]) / 2
    return {**coef, "bias": coef["bias"] + shift * coef["log_strength"]}


def _matched(coef: dict[str, float], train: list[dict[str, Any]], thr: float) -> dict[str, float]:
    """``coef`` with its bias moved so that it refuses as many of the notes archives'
    answerable tuning rows as the rules do: the operating point is "no more false
    refusals than now", and the model is judged by the unanswerable rows it refuses."""
    from notelens.answer.calibration import factor

    pos = [r for r in train if not r["neg"] and r["set"] not in PROSE]
    allowed = sum(r["strength"] < thr for r in pos)
    # The margin of each row in log-strength units: refused when below 0.
    margins = sorted(
        math.log(max(r["strength"], 1e-3) * factor(r["features"], coef) / thr) for r in pos
    )
    if allowed >= len(margins):
        return coef
    # Between the allowed-th and the next margin: exactly ``allowed`` rows fall below.
    lo = margins[allowed - 1] if allowed else margins[0] - 1.0
    shift = -(lo + margins[allowed]) / 2
    return {**coef, "bias": coef["bias"] + shift * coef["log_strength"]}


def apply(r: dict[str, Any], coef: dict[str, float] | None) -> float:
    from notelens.answer.calibration import factor

    if coef is None or r["features"] is None:
        return float(r["strength"])
    return min(1.0, r["strength"] * factor(r["features"], coef))


def score(rows: list[dict[str, Any]], coef: dict[str, float] | None, thr: float) -> str:
    pos = [r for r in rows if not r["neg"]]
    neg = [r for r in rows if r["neg"]]
    fr = sum(apply(r, coef) < thr for r in pos) / max(len(pos), 1)
    cont = sum(r["ok"] and apply(r, coef) >= thr for r in pos) / max(len(pos), 1)
    out = f"{cont:.3f}/{fr:.3f}"
    if neg:
        out += f"/{sum(apply(r, coef) < thr for r in neg) / len(neg):.3f}"
    return out


def _rule_factor(r: dict[str, Any], name: str) -> float:
    """The factor rule ``name`` put on row ``r``'s strength (1: it did not fire)."""
    from notelens.answer.members import SIBLING_PENALTY

    v = r["rules"].get(name)
    if v is None:
        return 1.0
    if name == "unframed_lead":
        # (Only read when member_factor left the strength alone.)
        return 1.0 - SIBLING_PENALTY if v and r["rules"].get("member_factor", 1.0) == 1.0 else 1.0
    if name == "empty_asked_cell":
        return 1.0 - SIBLING_PENALTY if v else 1.0
    return v


def rules(paths: list[Path], thr: float) -> None:
    """Per rule and half: the rows it decides (refused only because of its factor), as
    answerable rows it refuses (cost) and unanswerable rows it refuses (gain)."""
    names = [n for _, n in RULES if n != "typed_floor"]
    print("rule: per set odd cost/gain | even cost/gain (rows the rule alone refuses)")
    totals = {n: [0, 0, 0, 0] for n in names}
    for p in paths:
        rows = [r for r in json.loads(p.read_text(encoding="utf-8")) if r.get("rules")]
        cells = []
        for n in names:
            c = []
            for i, h in enumerate(("odd", "even")):
                sub = [r for r in rows if r["half"] == h]
                decided = [
                    r
                    for r in sub
                    if r["strength"] < thr
                    and _rule_factor(r, n) < 1.0
                    and r["strength"] / _rule_factor(r, n) >= thr
                ]
                cost = sum(not r["neg"] for r in decided)
                gain = sum(r["neg"] for r in decided)
                totals[n][2 * i] += cost
                totals[n][2 * i + 1] += gain
                c.append(f"{cost}/{gain}")
            cells.append(f"{n} {c[0]} | {c[1]}")
        print(f"{p.stem}: " + "; ".join(cells))
    print("all sets:")
    for n, (oc, og, ec, eg) in totals.items():
        print(f"  {n:18} odd cost {oc:3} gain {og:3} | even cost {ec:3} gain {eg:3}")


def _changed(
    rows: list[dict[str, Any]], coef: dict[str, float], thr: float
) -> tuple[list[str], list[str]]:
    """The ids the model gets right and the rules did not, and the reverse (right: an
    unanswerable row refused, an answerable one answered with a gold string)."""

    def right(r: dict[str, Any], c: dict[str, float] | None) -> bool:
        refused = apply(r, c) < thr
        return refused if r["neg"] else bool(r["ok"]) and not refused

    better = [r["id"] for r in rows if right(r, coef) and not right(r, None)]
    worse = [r["id"] for r in rows if right(r, None) and not right(r, coef)]
    return better, worse


def slot(paths: list[Path], thr: float) -> None:
    """The asked-slot check as a rule instead of a signal: the strength times
    ``1 - p`` when the slot is empty, for p in 0.2 / 0.35. "attribute": the unit holds
    under a third of what the question asks beside its entities (``attribute_unit``);
    "typed": that for an "other" question, no short answer of the asked type otherwise."""
    for mode in ("attribute", "typed"):
        for p in (0.0, 0.2, 0.35):
            print(f"{mode} p={p}: contains / false refusals / refused unanswerable, odd | even")
            for path in paths:
                rows = json.loads(path.read_text(encoding="utf-8"))
                for r in rows:
                    f = r["features"]
                    empty = f is not None and (
                        f["attribute_unit"] < 1 / 3
                        if mode == "attribute" or r["kind"] == "other"
                        else f["typed_short"] < 1
                    )
                    r["features_cut"] = r["strength"] * (1 - p if empty else 1.0)
                cells = []
                for h in ("odd", "even"):
                    sub = [
                        dict(r, strength=r["features_cut"], features=None)
                        for r in rows
                        if r["half"] == h
                    ]
                    cells.append(score(sub, None, thr))
                print(f"   {path.stem:10} " + " | ".join(cells))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "slot":
        slot([Path(p) for p in sys.argv[2:]], 0.36)
        return
    if len(sys.argv) > 1 and sys.argv[1] == "collect":
        collect(sys.argv[2:])
        return
    if len(sys.argv) > 1 and sys.argv[1] == "rules":
        rules([Path(p) for p in sys.argv[2:]], 0.36)
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("cmd", choices=["fit"])
    ap.add_argument("paths", type=Path, nargs="+")
    ap.add_argument("--threshold", type=float, default=0.36)
    ap.add_argument("--l2", type=float, default=0.01)
    ap.add_argument("--write", action="store_true", help="store the all-sets model")
    ap.add_argument(
        "--veto",
        type=float,
        default=None,
        help="fit a veto on the answered rows, refusing this share of the answerable ones",
    )
    ap.add_argument(
        "--no-match", action="store_true", help="keep the fitted bias (no false-refusal match)"
    )
    args = ap.parse_args()
    sets: dict[str, list[dict[str, Any]]] = {}
    for p in args.paths:
        rows = json.loads(p.read_text(encoding="utf-8"))
        for r in rows:
            r["set"] = p.stem
        sets[p.stem] = rows
    every = [r for rows in sets.values() for r in rows]
    print(f"threshold {args.threshold}; cells: contains / false refusals / refused unanswerable")
    print("leave-one-set-out (model fitted without the set):")
    for name, rows in sets.items():
        coef = fit(
            [r for r in every if r["set"] != name],
            args.threshold,
            args.l2,
            not args.no_match,
            args.veto,
        )
        for label, c in (("rules", None), ("model", coef)):
            cells = " | ".join(
                f"{h} {score([r for r in rows if r['half'] == h], c, args.threshold)}"
                for h in ("odd", "even")
            )
            print(f"  {name:10} {label}: {cells} | all {score(rows, c, args.threshold)}")
        for h in ("odd", "even"):
            better, worse = _changed([r for r in rows if r["half"] == h], coef, args.threshold)
            if better or worse:
                print(f"  {'':10} {h}: better {better} / worse {worse}")
    coef = fit(every, args.threshold, args.l2, not args.no_match, args.veto)
    print("fitted on every set's tuning rows:")
    print("  " + ", ".join(f"{k} {v:+.3f}" for k, v in coef.items()))
    for name, rows in sets.items():
        cells = " | ".join(
            f"{h} {score([r for r in rows if r['half'] == h], coef, args.threshold)}"
            for h in ("odd", "even")
        )
        print(f"  {name:10} model: {cells}")
    if args.write:
        if coef["log_strength"] <= 0:
            raise SystemExit("log_strength must weigh positive; model not written")
        MODEL.write_text(
            json.dumps(
                {"fitted_by": "benchmarks/refusal_calibration.py", "coefficients": coef}, indent=1
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"-> {MODEL}")


if __name__ == "__main__":
    main()
