"""The cost of one watch sync without a watcher or a polling reader: ``Engine.index``
over one changed note (``only=[note]``), as ``notelens watch`` runs it, with the run's
timings per step; then the time of a whole walk of the folder (what a sync without
``walker.admit`` paid on top). Run after benchmarks/watch_latency.py built the folder.

    PYTHONPATH=src .venv/bin/python benchmarks/watch_sync_parts.py --workdir .bench/watch
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--workdir", type=Path, default=Path(".bench/watch"))
    ap.add_argument("--notes", type=int, default=5000)
    ap.add_argument("--syncs", type=int, default=4)
    args = ap.parse_args()

    from notelens import Engine
    from notelens.ingest.walker import discover

    work = args.workdir.resolve()
    notes = work / f"notes-{args.notes}"
    engine = Engine(work / f"index-{args.notes}")
    engine.search("warm up 준비", k=1)
    note = sorted(notes.rglob("*.md"))[1]
    rows = []
    for i in range(args.syncs + 1):  # the first loads the ingest guard: not counted
        note.write_text(note.read_text(encoding="utf-8") + f"\n추가 {i} {time.time()}\n", "utf-8")
        t0 = time.perf_counter()
        report = engine.index([notes], only=[note])
        if i:
            timings = {k: round(v, 2) for k, v in report.timings.to_dict().items()}
            rows.append({"sync_s": round(time.perf_counter() - t0, 2), **timings})
    t0 = time.perf_counter()
    walked = sum(1 for _ in discover([notes]))
    print(
        json.dumps(
            {"syncs": rows, "walk_files": walked, "walk_s": round(time.perf_counter() - t0, 2)},
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
