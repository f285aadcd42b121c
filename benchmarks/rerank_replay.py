"""Recall@1 of ``feature_rerank_fit.py dump`` files under given weights, per part, paired
(issue #22, fifteenth round).

Each ``--run`` is ``DUMP:WEIGHTS`` (a dump, and a weights file as ``fit --out`` writes
it: ``{"weights": {"en": [...], "ko": [...]}}``), optionally ``:COLUMN=VALUE,...`` to
set the Korean weight of named columns (a sweep without a file per value). The first
run is the base; every other run is compared with it question by question (the same
qids: two dumps of one set with two analyzers compare too, the index being the only
difference). A question counts when the reranked first hit is a gold unit, as the eval's
R@1 counts it. The tuning part's changed questions are listed by id; the held-out part
gives counts only (its questions do not steer the work).

    PYTHONPATH=src .venv/bin/python benchmarks/rerank_replay.py \\
        --run .bench/t17/dump-kiwi.json:.bench/t17/shipped.json \\
        --run .bench/t17/dump-parts.json:.bench/t17/shipped.json
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from feature_rerank_fit import group


def firsts(dump: Path, weights: Path, overrides: dict[str, float]) -> dict[str, tuple[str, bool]]:
    """qid -> (part, whether the reranked first hit is gold)."""
    from notelens.retrieve.rerankers.feature_values import NAMES

    data = json.loads(dump.read_text(encoding="utf-8"))
    given = json.loads(weights.read_text(encoding="utf-8"))["weights"]
    out: dict[str, tuple[str, bool]] = {}
    for q in data["questions"]:
        rows = np.asarray(q["rows"], dtype=np.float64)
        w = np.zeros(rows.shape[1])
        row = given[group(q["lang"])]
        w[: len(row)] = row[: rows.shape[1]]
        if group(q["lang"]) == "ko":
            for name, value in overrides.items():
                w[NAMES.index(name)] = value
        scores = rows @ w
        first = int(np.argmax(scores)) if len(scores) else -1  # argmax: the first of ties
        units = q["units"]
        out[q["qid"]] = (q["part"], first >= 0 and units[first] in q["qrels"])
    return out


def parse_run(spec: str) -> tuple[Path, Path, dict[str, float]]:
    dump, weights, *rest = spec.split(":")
    overrides: dict[str, float] = {}
    for item in ",".join(rest).split(","):
        if item:
            name, value = item.split("=")
            overrides[name] = float(value)
    return Path(dump), Path(weights), overrides


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--run", action="append", required=True, help="DUMP:WEIGHTS[:COL=V,...]")
    ap.add_argument("--tune", default="train", help="the part whose changed ids are listed")
    args = ap.parse_args(argv)
    runs = [(spec, firsts(*parse_run(spec))) for spec in args.run]
    base_spec, base = runs[0]
    parts = sorted({p for p, _ in base.values()})
    for spec, got in runs:
        cells = []
        for part in parts:
            qids = [q for q, (p, _) in base.items() if p == part and q in got]
            hits = sum(got[q][1] for q in qids)
            cell = f"{part} {hits}/{len(qids)} = {hits / max(1, len(qids)):.4f}"
            if spec != base_spec:
                better = [q for q in qids if got[q][1] and not base[q][1]]
                worse = [q for q in qids if base[q][1] and not got[q][1]]
                cell += f" (+{len(better)} / -{len(worse)})"
                if part == args.tune and (better or worse):
                    cell += f" better {better} worse {worse}"
            cells.append(cell)
        total = sum(ok for _, ok in got.values())
        share = total / max(1, len(got))
        print(f"{spec}\n  all {total}/{len(got)} = {share:.4f} | " + " | ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
