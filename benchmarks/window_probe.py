"""Would a long passage's best window carry the dense leg better than its one vector?
(issues #15 / #22, twenty-second round: cross-language retrieval on real notes)

A chunk of a weekly archive holds a dozen entries; its one e5 vector is their average, so
one bullet's meaning is diluted, and a question in the other language, which shares no
BM25 term with the bullet, has only that diluted vector to find it by. This probe opens a
replay's index (``CACHE/fresh-<set>/index``), embeds every long chunk's windows of a few
lines (under the chunk's heading, as the indexer embeds the chunk) and searches every
answerable question again with the dense leg scored per chunk as ``max(chunk cosine,
best window cosine)`` (``retrieve/windows.py``, as shipped; variants of the window's
lines and the shortest chunk windowed); the rest of the search is the code on PYTHONPATH
(hybrid, k=5, fused order, as ask reads its evidence). Printed per variant: gold@1 and
gold in the top 5 by half and for the cross-language class (``xlang_probe.py``'s
figures), the time the windows took to embed and how many there are, and the searches'
p50 / p90 (the first pass embeds the query vectors: ``--variant off`` last times the
search without windows on equal terms).

    PYTHONPATH=src nice -n 10 .venv/bin/python benchmarks/window_probe.py --set realq3 \\
        --variant lines=3,min_chars=300 --variant lines=2

``--set realq2`` prints totals only (it is sealed: no row ids). ``--count WORKDIR`` only
counts the chunks of any replay's index that get windows (KorQuAD's, XQuAD's: a corpus
whose passages are single paragraphs has none, so its searches cannot move); with
``--write`` it also writes the index's side file, as the next ``notelens index`` would,
so that ``xlang_probe.py --same-hits WORKDIR`` compares the searches with windows.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from answer_bench import make_engine  # noqa: E402
from answer_replay import parity  # noqa: E402
from notelens.index.windows import (  # noqa: E402
    WINDOW_LINES,
    WINDOW_MIN_CHARS,
    WindowVectors,
    chunk_windows,
    refresh_windows,
)
from xlang_probe import gold_rank, questions, share, within  # noqa: E402


def _parse(variant: str) -> dict[str, str]:
    return dict(kv.split("=", 1) for kv in variant.split(",") if kv)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set")
    ap.add_argument("--count", type=Path, help="a replay workdir: count windowed chunks only")
    ap.add_argument("--write", action="store_true", help="--count: write the side file too")
    ap.add_argument("--cache", type=Path, default=ROOT / ".bench")
    ap.add_argument("--variant", action="append", default=[], help="lines=N,min_chars=N")
    args = ap.parse_args()
    if args.count:
        counted = make_engine(args.count, [], "auto")
        searcher = counted._get_searcher()
        recs = searcher.store.records()
        if args.write:
            meta = counted.layout.read_meta()
            assert meta is not None
            refresh_windows(counted.layout.root, meta.table, searcher.store, searcher.embedder)
        cut = [len(list(chunk_windows(r.heading, r.text))) for r in recs]
        print(f"{args.count}: {len(recs)} chunks, {sum(c > 0 for c in cut)} windowed,")
        print(f"  {sum(cut)} windows")
        return
    if not args.set:
        ap.error("--set or --count is required")
    sealed = args.set == "realq2"
    engine = make_engine(args.cache / f"fresh-{args.set}", [], "auto")
    engine.search("warm up", k=1)
    searcher = engine._get_searcher()
    searcher._cache_size = 100_000
    store = searcher.store
    recs = store.records()
    qs = [q for q in questions(args.set) if q.get("answers") and not q.get("unanswerable")]
    searcher.use_windows(None)  # "off" first: the chunk vectors alone
    for variant in ["off", *args.variant]:
        opts = _parse(variant) if variant != "off" else {}
        note = ""
        if variant == "off":
            searcher.use_windows(None)
        else:
            lines = int(opts.get("lines", WINDOW_LINES))
            min_chars = int(opts.get("min_chars", WINDOW_MIN_CHARS))
            ids: list[str] = []
            texts: list[str] = []
            for r in recs:
                for w in chunk_windows(r.heading, r.text, lines=lines, min_chars=min_chars):
                    ids.append(r.chunk_id)
                    texts.append(w)
            t0 = time.perf_counter()
            mat = np.asarray(searcher.embedder.embed_passages(texts), dtype=np.float32)
            took = time.perf_counter() - t0
            searcher.use_windows(WindowVectors(tuple(ids), tuple(ids), mat))
            note = f" windows {len(texts)} over {len(set(ids))} chunks, embedded in {took:.1f}s"
        rows = []
        took_ms: list[float] = []
        for q in qs:
            t0 = time.perf_counter()
            hits = engine.search(q["question"], k=5, mode="hybrid", rerank="identity")
            took_ms.append((time.perf_counter() - t0) * 1000)
            rows.append(
                {
                    "id": q["id"],
                    "class": q.get("class", "?"),
                    "half": parity(q["id"]),
                    "now": gold_rank([h.text for h in hits], q["answers"]),
                }
            )
        if variant == "off":
            before = {r["id"]: r["now"] for r in rows}
        p50, p90 = np.percentile(took_ms, [50, 90])
        print(f"== {args.set} variant {variant}{note}; search p50 {p50:.1f} ms p90 {p90:.1f} ms")
        for half in ("odd", "even", None):
            sub = [r for r in rows if half is None or r["half"] == half]
            xl = [r for r in sub if r["class"] == "cross_language"]
            print(
                f"  {half or 'all'}: gold@1 {share(sub, 'now')} top5 {within(sub, 'now')}"
                f"   cross_language gold@1 {share(xl, 'now')} top5 {within(xl, 'now')}"
            )
        if variant != "off":
            found = [r for r in rows if r["now"] and not before[r["id"]]]
            lost = [r for r in rows if not r["now"] and before[r["id"]]]
            up = [r for r in rows if r["now"] == 1 and before[r["id"]] != 1]
            down = [r for r in rows if r["now"] != 1 and before[r["id"]] == 1]
            print(f"  into top5 {len(found)} out {len(lost)};", end="")
            print(f" gold@1 better {len(up)} worse {len(down)}")
            if not sealed:
                print(f"    in: {' '.join(r['id'] + ':' + r['class'][:5] for r in found) or '-'}")
                print(f"    out: {' '.join(r['id'] + ':' + r['class'][:5] for r in lost) or '-'}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
