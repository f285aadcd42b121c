"""Query embedding beside other Python threads: TorchScript forward vs eager (issue 3, 7).

An eager torch forward releases and retakes the GIL ~250 times per batch; a server's
request threads (or the indexer's reader thread) want the GIL too, and each hand-off
can cost the encoder a switch interval. The TorchScript forward releases it once per
batch. This script embeds SciFact claims, ``--batch`` per call, for ``--seconds`` per
row in one process with both forwards loaded, in these settings:

* alone: one thread embedding;
* 2 encoders: two threads embedding at once (two concurrent batches, as a server runs);
* Python 25 % / 100 %: one thread embedding beside a thread running pure Python
  (JSON round trips) for 25 % of the time in 2.7 ms bursts (about what a loaded server's
  request handling does) or all the time.

It reports queries/s and CPU per query of the embedding threads (``thread_time``).

    .venv/bin/python benchmarks/embed_gil.py --seconds 6
"""

from __future__ import annotations

import argparse
import json
import threading
import time

from common import scifact_queries
from notelens.embed.fast_embedder import FastE5Embedder


def run(emb: FastE5Embedder, qs: list[str], batch: int, secs: float, enc: int, duty: float):
    stop = threading.Event()

    def python_work() -> None:
        doc = {"a": list(range(200)), "b": "x" * 300}
        while not stop.is_set():
            t = time.perf_counter()
            while time.perf_counter() - t < 0.0027:
                json.loads(json.dumps(doc))
            if duty < 1:
                time.sleep(0.0027 * (1 - duty) / duty)

    res: list[tuple[int, float, float]] = []

    def encoder(k: int) -> None:
        t0, c0, n, i = time.perf_counter(), time.thread_time(), 0, k * 97
        while time.perf_counter() - t0 < secs:
            emb.embed_queries([qs[(i + j) % len(qs)] for j in range(batch)])
            n, i = n + batch, i + batch
        res.append((n, time.perf_counter() - t0, time.thread_time() - c0))

    side = threading.Thread(target=python_work) if duty > 0 else None
    if side:
        side.start()
    threads = [threading.Thread(target=encoder, args=(k,)) for k in range(enc)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    if side:
        side.join()
    n = sum(r[0] for r in res)
    return n / max(r[1] for r in res), sum(r[2] for r in res) / n * 1e3


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seconds", type=float, default=6.0)
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--precision", default="auto")
    args = ap.parse_args()
    qs = scifact_queries()
    embs = {
        "TorchScript": FastE5Embedder(args.precision, compile=False),
        "eager": FastE5Embedder(args.precision, compile=False, script=False),
    }
    for e in embs.values():
        e.embed_queries(qs[:8])
        e.embed_queries(qs[:1])
    print(f"precision {embs['eager'].precision}, {args.batch} queries per call\n")
    print("| setting | forward | queries/s | CPU ms/query |")
    print("|---|---|---:|---:|")
    for name, enc, duty in (
        ("alone", 1, 0.0),
        ("2 encoders", 2, 0.0),
        ("Python 25 %", 1, 0.25),
        ("Python 100 %", 1, 1.0),
    ):
        for fwd, emb in embs.items():
            qps, cpu = run(emb, qs, args.batch, args.seconds, enc, duty)
            print(f"| {name} | {fwd} | {qps:.1f} | {cpu:.2f} |", flush=True)


if __name__ == "__main__":
    main()
