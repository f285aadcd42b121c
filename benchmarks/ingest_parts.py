"""Per-chunk CPU of the indexer's steps outside the model: the e5 tokenizer and the
ingest guard (issue 3), on the chunks `notelens index` makes of real notes.

    .venv/bin/python benchmarks/ingest_parts.py \\
        --corpus .bench/eval-cache/eval/beir-scifact-bf18f3365767d401/corpus --files 1000

Reads and chunks the first ``--files`` files as the indexer does, then times, one
thread: the tokenizer on every chunk's embedded text, twice (a fresh tokenizer, so words
are seen for the first time, then again, with whatever the tokenizer keeps between
calls), and the ingest guard (PII + injection, the default policy) on every chunk.
To compare with an older version, run this file with ``PYTHONPATH=<its src>``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import common  # noqa: F401  (puts this checkout's src/ on sys.path)
from notelens.config import Settings
from notelens.embed.e5_tokenizer import E5Tokenizer
from notelens.embed.e5_weights import load_weights
from notelens.guard.pipeline import GuardPipeline
from notelens.index.indexer import embed_input
from notelens.ingest.chunking import chunk_document
from notelens.ingest.registry import loader_for


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--corpus", type=Path, required=True, help="a folder of notes")
    ap.add_argument("--files", type=int, default=1000)
    args = ap.parse_args()

    settings = Settings.from_env()
    chunks = []
    for path in sorted(p for p in args.corpus.iterdir() if p.is_file())[: args.files]:
        data = path.read_bytes()
        chunks.extend(chunk_document(loader_for(path, data).load(path, data), settings.chunking))
    texts = [embed_input(c) for c in chunks]
    print(f"{len(texts)} chunks from {args.files} files\n")
    print("| step | ms of CPU per chunk |\n|---|---|")

    weights = load_weights()
    tok = E5Tokenizer(weights.vocab, weights.header.max_positions)
    for label in ("tokenizer, first sight of the words", "tokenizer, second pass"):
        c0 = time.process_time()
        for t in texts:
            tok.content_ids(t, is_query=False)
        print(f"| {label} | {(time.process_time() - c0) / len(texts) * 1e3:.3f} |", flush=True)

    guard = GuardPipeline(settings.guard)
    guard.chunk(texts[0], [])  # loads the rules and models outside the timing
    c0 = time.process_time()
    for c in chunks:
        guard.chunk(c.text, [lk.url for lk in c.links])
    print(f"| ingest guard | {(time.process_time() - c0) / len(chunks) * 1e3:.3f} |")


if __name__ == "__main__":
    main()
