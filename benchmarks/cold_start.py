"""What a one-shot CLI search pays before its first query: each component's load time.

    .venv/bin/python benchmarks/cold_start.py --index .bench/korquad-auto/index

Run it in a fresh process (it is one); the numbers are the cold-start cost of
`notelens search`, step by step.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import common  # noqa: F401  (puts this checkout's src/ on sys.path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--index", type=Path, required=True)
    args = ap.parse_args()
    steps: list[tuple[str, float]] = []
    t = time.perf_counter()
    from notelens.engine import Engine

    engine = Engine(args.index)
    steps.append(("import notelens + Engine()", time.perf_counter() - t))
    t = time.perf_counter()
    engine.analyzer.terms("한국어 질문")
    steps.append(("Kiwi analyzer load", time.perf_counter() - t))
    t = time.perf_counter()
    engine.embedder.embed_queries(["warm"])
    steps.append((f"embedder load ({type(engine.embedder).__name__})", time.perf_counter() - t))
    t = time.perf_counter()
    engine._get_searcher()
    steps.append(("open LanceDB store", time.perf_counter() - t))
    t = time.perf_counter()
    engine.search("한국어 질문 테스트", k=1)
    steps.append(("first search", time.perf_counter() - t))
    for name, secs in steps:
        print(f"{name:40s} {secs:6.2f} s")
    print(f"{'total':40s} {sum(s for _, s in steps):6.2f} s")


if __name__ == "__main__":
    main()
