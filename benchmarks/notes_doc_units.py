"""The notes set's `--by doc` hit@1 with honest document keys (issue #22, fifth round).

`notelens eval --by doc` on a notes set aggregates chunk scores per *unit*: the eval's
`NotesMatcher` maps a chunk of the relevant note to `rel:0` but every other chunk to its
own `chunk:<id>`, so only the relevant note pools its chunks' scores and the other notes
never do. This replays the hybrid search of every notes question on the cached index
and scores the top 1 three ways: by chunk (the note of the best chunk), by doc with the
eval's units, and by doc with every chunk keyed by its note (what `search --by note`
does). Same `DocScoring` default (best + 0.1 x the next two) over the same 100 hits.

    PYTHONPATH=src nice -n 5 .venv/bin/python benchmarks/notes_doc_units.py \\
        --out .bench/r5/notes-doc-units.json
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from analyzer_compare import NOTES_DIRS, NOTES_QA
from common import ROOT, machine, require


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=ROOT / ".bench" / "ac-cache")
    ap.add_argument("--depth", type=int, default=100)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)

    from notelens.config import Settings
    from notelens.engine import Engine
    from notelens.evaluate.compare import randomization_test
    from notelens.evaluate.datasets import load_dataset
    from notelens.evaluate.runner import NotesMatcher
    from notelens.retrieve.aggregate import aggregate

    ds = load_dataset(f"notes:{require(NOTES_QA)}")
    engine = Engine(settings=replace(Settings.from_env(), index_dir=args.cache / "notes-kiwi"))
    engine.index([require(p) for p in NOTES_DIRS])
    rows: list[dict[str, object]] = []
    for qid, query in ds.queries.items():
        matcher = NotesMatcher(ds.relevant[qid])
        hits = engine.search(query, k=args.depth, mode="hybrid")
        units = [matcher.unit(h.source, h.text, h.chunk_id) for h in hits]
        gold = {u for u in units if u.startswith("rel:")}
        eval_units = aggregate([(u, h.score) for u, h in zip(units, hits, strict=True)])
        by_note = aggregate([(h.source, h.score) for h in hits])
        top_note = by_note[0].key if by_note else ""
        top_unit = hits[by_note[0].members[0]] if by_note else None
        rows.append(
            {
                "qid": qid,
                "chunk": 1.0 if units and units[0] in gold else 0.0,
                "doc_eval_units": 1.0 if eval_units and eval_units[0].key in gold else 0.0,
                "doc_by_note": 1.0
                if top_unit is not None
                and matcher.unit(top_note, top_unit.text, top_unit.chunk_id) in gold
                else 0.0,
            }
        )
    summary: dict[str, object] = {"questions": len(rows), "machine": machine()}
    for name in ("chunk", "doc_eval_units", "doc_by_note"):
        summary[name] = round(sum(float(r[name]) for r in rows) / len(rows), 4)  # type: ignore[arg-type]
    for parity, want in (("odd", 1), ("even", 0)):
        part = [r for r in rows if int(str(r["qid"])[1:]) % 2 == want]
        for name in ("chunk", "doc_eval_units", "doc_by_note"):
            summary[f"{name}_{parity}"] = round(sum(float(r[name]) for r in part) / len(part), 4)  # type: ignore[arg-type]
    a = [float(r["chunk"]) for r in rows]  # type: ignore[arg-type]
    b = [float(r["doc_by_note"]) for r in rows]  # type: ignore[arg-type]
    summary["by_note_vs_chunk"] = {
        "better": sum(y > x for x, y in zip(a, b, strict=True)),
        "worse": sum(y < x for x, y in zip(a, b, strict=True)),
        "p": round(randomization_test(a, b), 4),
    }
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"summary": summary, "rows": rows}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
