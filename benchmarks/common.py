"""What the scripts in benchmarks/ share: paths, the source tree on sys.path, the
machine line, one percentile, the real data sets in ../shared, and the peer retrievers.

Import it first (``from common import ...``): importing puts this checkout's ``src/`` at
the front of ``sys.path`` so that a script measures the code beside it, not an installed
copy. When ``PYTHONPATH`` is set it is left alone (then the version under test comes from
there, e.g. another worktree's ``src``).

Datasets are loaded through :mod:`notelens.evaluate` (``load_dataset``; corpora are written
and indexed by ``CorpusIndex``), so a benchmark scores exactly what ``notelens eval`` does.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

    from notelens.config import Settings
    from notelens.evaluate.datasets import EvalDataset

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"  # real data, read only (see ../shared/README.md)
EVAL = SHARED / "eval"

if not os.environ.get("PYTHONPATH") and str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

# name -> (format, path, qrels file or None, cut-offs k reported)
DATASETS: dict[str, tuple[str, Path, Path | None, list[int]]] = {
    "scifact": ("beir", EVAL / "scifact", EVAL / "scifact" / "qrels" / "train.tsv", [10, 100]),
    "korquad": ("squad", EVAL / "korquad" / "KorQuAD_v1.0_dev.part1.json", None, [1, 5, 10]),
    "autorag-ko": ("autorag", EVAL / "autorag-ko", None, [1, 5, 10]),
    "xquad": ("squad", EVAL / "xquad-en" / "xquad.en.json", None, [1, 5, 10]),
}
KORQUAD = DATASETS["korquad"][1]
XQUAD = DATASETS["xquad"][1]


def require(path: Path) -> Path:
    """``path``, or exit with a clear message when the shared data is absent."""
    if not path.exists():
        sys.exit(f"{path} not found: the real data sets live in ../shared beside the repo")
    return path


def machine() -> str:
    """The machine line every result file carries."""
    return f"{platform.machine()} cpus={os.cpu_count()}"


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile, ``p`` in 0..100 (NaN for no values)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def load(name: str, limit_queries: int | None = None) -> tuple[EvalDataset, list[int]]:
    """One of :data:`DATASETS` through ``notelens.evaluate``, and its cut-offs."""
    from notelens.evaluate.datasets import load_dataset

    fmt, path, qrels, ks = DATASETS[name]
    ds = load_dataset(f"{fmt}:{require(path)}", qrels)
    return ds.limit(limit_queries), ks


def scifact_queries() -> list[str]:
    """Every SciFact query text, in file order."""
    with open(require(EVAL / "scifact" / "queries.jsonl"), encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh]


def squad_paragraphs_and_questions(path: Path = KORQUAD) -> tuple[list[str], list[str]]:
    """(paragraphs, questions) of a SQuAD-format file (KorQuAD's dev part by default)."""
    data = json.loads(require(path).read_text(encoding="utf-8"))
    paras: list[str] = []
    questions: list[str] = []
    for article in data["data"]:
        for p in article["paragraphs"]:
            paras.append(p["context"])
            questions.extend(qa["question"] for qa in p["qas"])
    return paras, questions


# -- scoring and peers --------------------------------------------------------------------


def body(title: str, text: str) -> str:
    """A document as every system sees it (as ``CorpusIndex`` writes it)."""
    return f"{title}\n\n{text}" if title else text


def score_runs(ds: EvalDataset, runs: dict[str, list[str]], ks: list[int]) -> dict[str, float]:
    """Mean metrics of document runs, scored as ``notelens eval`` scores them."""
    from notelens.evaluate.scoring import mean_metrics, score_query

    return mean_metrics([score_query(runs.get(q, []), ds.qrels[q], ks) for q in ds.queries])


@dataclass
class System:
    """One row of a results table: metrics, index seconds, per-query latencies."""

    name: str
    metrics: dict[str, float] = field(default_factory=dict)
    index_s: float | None = None
    index_note: str = ""
    lat_ms: list[float] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        lat = self.lat_ms
        return {
            "metrics": self.metrics,
            "index_s": self.index_s,
            "index_note": self.index_note,
            "p50_ms": percentile(lat, 50) if lat else None,
            "p95_ms": percentile(lat, 95) if lat else None,
            "qps": 1000 * len(lat) / sum(lat) if lat else None,
        }


def whitespace(text: str) -> list[str]:
    """The peers' plain tokenizer: lowercase, split on whitespace."""
    return text.lower().split()


def _lexical_peer(
    ds: EvalDataset,
    name: str,
    ks: list[int],
    build: Callable[[list[str], list[str]], Callable[[str], list[str]]],
) -> System:
    """Time ``build(ids, texts)`` (the index; returns a search function), then each
    query's search, and score the runs."""
    sysm = System(name)
    docs = ds.docs or {}
    ids = list(docs)
    t0 = time.perf_counter()
    search = build(ids, [body(*docs[i]) for i in ids])
    sysm.index_s = time.perf_counter() - t0
    runs: dict[str, list[str]] = {}
    for qid, q in ds.queries.items():
        t1 = time.perf_counter()
        runs[qid] = search(q)
        sysm.lat_ms.append((time.perf_counter() - t1) * 1e3)
    sysm.metrics = score_runs(ds, runs, ks)
    return sysm


def run_bm25s(
    ds: EvalDataset, tokenize: Callable[[str], list[str]], depth: int, name: str, ks: list[int]
) -> System:
    """bm25s over the dataset's documents, on ``tokenize``'s tokens."""
    import bm25s

    def build(ids: list[str], texts: list[str]) -> Callable[[str], list[str]]:
        vocab: dict[str, int] = {}
        token_ids = [[vocab.setdefault(t, len(vocab)) for t in tokenize(x)] for x in texts]
        retriever = bm25s.BM25()
        tokenized = bm25s.tokenization.Tokenized(ids=token_ids, vocab=vocab)
        retriever.index(tokenized, show_progress=False)

        def search(q: str) -> list[str]:
            known = [vocab[t] for t in tokenize(q) if t in vocab]
            if not known:
                return []
            res, _ = retriever.retrieve(
                bm25s.tokenization.Tokenized(ids=[known], vocab=vocab),
                k=min(depth, len(ids)),
                show_progress=False,
            )
            return [ids[int(j)] for j in res[0]]

        return search

    return _lexical_peer(ds, name, ks, build)


def run_rank_bm25(
    ds: EvalDataset, tokenize: Callable[[str], list[str]], depth: int, name: str, ks: list[int]
) -> System:
    """rank_bm25's BM25Okapi over the dataset's documents, on ``tokenize``'s tokens."""
    import numpy as np
    from rank_bm25 import BM25Okapi

    def build(ids: list[str], texts: list[str]) -> Callable[[str], list[str]]:
        bm = BM25Okapi([tokenize(x) or ["<empty>"] for x in texts])

        def search(q: str) -> list[str]:
            scores = bm.get_scores(tokenize(q))
            top = np.argsort(-scores, kind="stable")[:depth]
            return [ids[int(j)] for j in top if scores[int(j)] > 0]

        return search

    return _lexical_peer(ds, name, ks, build)


def print_table(systems: Sequence[System], cols: list[str]) -> None:
    """The markdown results table: metrics, index seconds, q/s, p50/p95 ms."""
    print("| system | " + " | ".join(cols) + " | index s | q/s | p50 ms | p95 ms |")
    print("|---" * (len(cols) + 5) + "|")
    for s in systems:
        d = s.to_dict()

        def f(x: float | None, nd: int = 1) -> str:
            return "—" if x is None else f"{x:.{nd}f}"

        idx = f(d["index_s"]) + (" (cached)" if d["index_note"] else "")
        print(
            f"| {s.name} | "
            + " | ".join(f"{s.metrics.get(c, float('nan')):.4f}" for c in cols)
            + f" | {idx} | {f(d['qps'])} | {f(d['p50_ms'])} | {f(d['p95_ms'])} |",
            flush=True,
        )


#: Our own Korean questions over the AutoRAG-ko pages (issue #22, third round): written by
#: hand from 64 pages sampled two per source file (seed 22), one gold page each.
AUTORAG_OWN = ROOT / "benchmarks" / "data" / "autorag_ko_questions.jsonl"


def autorag_ko_own() -> EvalDataset:
    """AutoRAG-ko's 720 pages with its 3 sample questions plus :data:`AUTORAG_OWN` (the
    corpus is unchanged, so its cached index is the plain ``autorag-ko`` one)."""
    from notelens.evaluate.datasets import load_dataset

    fmt, path, _qrels, _ks = DATASETS["autorag-ko"]
    ds = load_dataset(f"{fmt}:{require(path)}")
    with open(require(AUTORAG_OWN), encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            qid = str(row["qid"])
            ds.queries[qid] = str(row["query"])
            ds.qrels[qid] = {d: 1.0 for group in row["retrieval_gt"] for d in group}
            ds.answers[qid] = list(row.get("generation_gt") or [])
    return ds


# -- SQuAD-format QA for the answer benchmarks ---------------------------------------------


def squad_qa(
    path: Path, limit: int | None = None
) -> tuple[dict[str, tuple[str, str]], list[dict[str, Any]]]:
    """A SQuAD-format file (KorQuAD, XQuAD) as answer-benchmark rows: paragraphs by id
    (``a000p000`` -> (article title, context)) and questions with their gold answers and
    paragraph, in file order (``limit``: the first N questions)."""
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    docs: dict[str, tuple[str, str]] = {}
    qs: list[dict[str, Any]] = []
    for a, article in enumerate(data):
        for p, para in enumerate(article["paragraphs"]):
            did = f"a{a:03d}p{p:03d}"
            docs[did] = (article.get("title", ""), para["context"])
            for qa in para["qas"]:
                qs.append(
                    {
                        "id": qa["id"],
                        "question": qa["question"],
                        "answers": [x["text"] for x in qa["answers"]],
                        "doc": did,
                    }
                )
    return docs, qs[:limit] if limit else qs


def write_text_corpus(docs: dict[str, tuple[str, str]], folder: Path) -> None:
    """One ``.txt`` note per paragraph: its title line, a blank line, the text."""
    folder.mkdir(parents=True, exist_ok=True)
    for did, (title, text) in docs.items():
        (folder / f"{did}.txt").write_text(body(title, text) + "\n", encoding="utf-8")


def add_translated_weight(ap: argparse.ArgumentParser) -> None:
    """``--translated-weight W``: the BM25 leg's translated terms (issue #22, tenth round)."""
    ap.add_argument(
        "--translated-weight",
        type=float,
        default=None,
        help="FusionConfig.translated_weight_en/_ko, both (the BM25 leg's translated "
        "terms; 0: off; default: the config's)",
    )


def with_translated_weight(settings: Settings, weight: float | None) -> Settings:
    """``settings`` with one translated-terms weight for both query languages (``None``:
    as they are)."""
    from dataclasses import replace

    if weight is None:
        return settings
    fusion = replace(settings.fusion, translated_weight_en=weight, translated_weight_ko=weight)
    return replace(settings, fusion=fusion)
