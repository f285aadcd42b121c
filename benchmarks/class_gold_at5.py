"""Gold in ask's five hits, for one question class of the realq sets (issue #15).

Searches the class's rows of each set on one index (the notes sets share one corpus:
examples/notes + ../shared/notes-samples), caches the hits, and prints per set the rows
whose gold string is in a hit's heading path or text, and the ids of the rest:

    PYTHONPATH=src python benchmarks/class_gold_at5.py .bench/tvb-base \
        --cls title_vs_bullet --sets realq10 realq9 realq8 realq7 realq6

WORK/index is built on the first run (copy a `fresh-<set>/index` there to skip it); the
hits go to WORK/class-hits.pkl, so delete it when retrieval or the index changed.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from answer_bench import make_engine  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("work", type=Path)
    ap.add_argument("--cls", default="title_vs_bullet", help="a class, or 'all'")
    ap.add_argument("--sets", nargs="+", default=["realq10", "realq9", "realq8", "realq7"])
    args = ap.parse_args()
    folders = [ROOT / "examples/notes", ROOT.parent / "shared/notes-samples"]
    engine = make_engine(args.work, folders, "auto")
    rerank = engine.settings.answer.rerank or None
    path = args.work / "class-hits.pkl"
    hits: dict[str, Any] = pickle.loads(path.read_bytes()) if path.exists() else {}
    for name in args.sets:
        lines = (ROOT / f"benchmarks/data/{name}_qa.jsonl").read_text(encoding="utf-8")
        qs = [json.loads(line) for line in lines.splitlines() if line.strip()]
        qs = [q for q in qs if args.cls in ("all", q["class"])]
        missed = []
        for q in qs:
            if q["question"] not in hits:
                hits[q["question"]] = engine.search(q["question"], k=5, rerank=rerank)
            shown = [f"{h.heading}\n{h.text}" for h in hits[q["question"]]]
            if not any(g in s for g in q["answer"] for s in shown):
                missed.append(q["id"])
        n = len(qs)
        found = n - len(missed)
        print(f"{name} {found}/{n} {found / max(n, 1):.3f} missed: {' '.join(missed) or '-'}")
    path.write_bytes(pickle.dumps(hits))


if __name__ == "__main__":
    main()
