"""What per-batch embedding progress (issue #21 item 2) costs an index run.

Two measurements, one process, the same loaded models:

1. the embed call alone: ``embed_passages`` vs ``embed_passages_reporting`` on the same
   texts, alternating, ``--rounds`` each (the only code on the embedding path that
   changed; the poll on the calling thread only waits);
2. whole index runs (each into a new index folder) of examples/notes plus generated Korean/English
   notes, with a progress recorder, alternating plain (an embedder proxy without the
   reporting method and one slice per call, as before) and reporting.

    .venv/bin/python benchmarks/embed_progress_cost.py [--rounds 5]

Timings on a shared machine are noisy: compare medians within one run.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from common import ROOT, machine
from notelens import Engine
from notelens.analysis.registry import create_analyzer
from notelens.config import Settings
from notelens.embed.base import Embedder, Vectors
from notelens.embed.registry import create as create_embedder
from notelens.index import embed_progress
from notelens.types import FileReport


class Plain:
    """The embedder without its reporting method: the run as before item 2."""

    def __init__(self, inner: Embedder) -> None:
        self.inner, self.id, self.dim = inner, inner.id, inner.dim

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return self.inner.embed_passages(texts)

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self.inner.embed_queries(texts)


class Count:
    def __init__(self) -> None:
        self.steps = 0

    def start(self, total_files: int) -> None: ...
    def file_done(self, report: FileReport) -> None: ...
    def phase(self, name: str, total: int | None = None) -> None: ...

    def advance(self, n: int = 1) -> None:
        self.steps += 1


def notes(folder: Path) -> None:
    shutil.copytree(ROOT / "examples" / "notes", folder)
    topics = ["LoRA", "GQA", "DPO", "RRF", "KV 캐시", "양자화", "RAG", "MoE"]
    for f in range(30):
        parts = [f"# 스터디 노트 {f}\n"]
        for s in range(12):
            t = topics[(f + s) % len(topics)]
            parts.append(
                f"## {t} 메모 {f}-{s}\n\n{t}를 주차 {s}에 정리했다. The paper {f}.{s} reports "
                f"rank {s + 4}, 학습률 {f + 1}e-4, batch {8 * s + 8}; 실험 결과는 "
                f"baseline 대비 {s}.{f}% 개선되었고 메모리는 {f + s} GB였다.\n"
            )
        (folder / f"gen-{f:02d}.md").write_text("\n".join(parts), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    settings = Settings()
    emb = create_embedder(settings.embedder)
    ana = create_analyzer(settings.analyzer)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "notes"
        notes(folder)
        texts = [p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.md"))]
        paras = [x for t in texts for x in t.split("\n\n") if x.strip()][:256]
        emb.embed_passages(paras[:8])  # load
        plain_s, rep_s = [], []
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            emb.embed_passages(paras)
            plain_s.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            getattr(emb, "embed_passages_reporting", lambda t, d: emb.embed_passages(t))(
                paras, lambda n: None
            )
            rep_s.append(time.perf_counter() - t0)
        print(machine())
        print(
            f"embed call, {len(paras)} texts: plain median {statistics.median(plain_s):.3f} s, "
            f"reporting median {statistics.median(rep_s):.3f} s ({args.rounds} rounds each)"
        )

        runs: dict[str, list[float]] = {"plain": [], "reporting": []}
        steps: dict[str, int] = {}
        chunks = 0
        for r in range(args.rounds):
            for name in ("plain", "reporting"):
                used: Embedder = Plain(emb) if name == "plain" else emb
                # "plain" as before: one counted step per call, no slicing
                slice_was = embed_progress.FALLBACK_SLICE
                if name == "plain":
                    embed_progress.FALLBACK_SLICE = settings.embed_batch_size
                try:
                    # a new index each run: a rebuild would reuse the vectors by text hash
                    eng = Engine(Path(tmp) / f"index-{name}-{r}", analyzer=ana, embedder=used)
                    count = Count()
                    t0 = time.perf_counter()
                    rep = eng.index([folder], progress=count)
                    runs[name].append(time.perf_counter() - t0)
                    steps[name] = count.steps
                    chunks = rep.to_dict()["chunks_embedded"]
                finally:
                    embed_progress.FALLBACK_SLICE = slice_was
        for name, ts in runs.items():
            print(
                f"index run (new folder), {chunks} chunks embedded, {name}: "
                f"median {statistics.median(ts):.2f} s "
                f"(min {min(ts):.2f}, max {max(ts):.2f}), progress advances per run: {steps[name]}"
            )


if __name__ == "__main__":
    main()
