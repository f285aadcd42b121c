"""Guardrails: detection on the red-team suite, false positives on real corpora, overhead.

1. **Detection** per category on tests/redteam/cases.jsonl: a case passes when every
   expected kind is found and no forbidden kind is (benign look-alikes forbid
   ``injection`` or high-risk PII).
2. **False positives** on every chunk of ../shared/notes-samples (our markdown loader
   and chunker) and of the ../shared/eval corpora (each passage or PDF chunked by our
   chunker, as ingest would): the share of chunks flagged for prompt injection, with
   high-risk PII (the kinds redacted by default) and with any flag at all (names,
   e-mails, phones are real PII in those corpora, so that column is not all error).
3. **Overhead**: the ingest checkpoint per chunk (the same call the indexer makes)
   and the query checkpoint per query (SciFact and KorQuAD questions), after a warm-up
   that loads ko-pii, presidio and the classifier.

    .venv/bin/python benchmarks/guard_bench.py --out /tmp/guard.json
    .venv/bin/python benchmarks/guard_bench.py --corpora notes,korquad --limit 500
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import statistics
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from common import (
    KORQUAD,
    ROOT,
    SHARED,
    percentile,
    scifact_queries,
    squad_paragraphs_and_questions,
)
from notelens.config import ChunkingConfig, GuardConfig
from notelens.guard.pipeline import GuardPipeline
from notelens.types import Document, Section

CORPORA = (
    "notes",
    "scifact",
    "korquad",
    "xquad-en",
    "autorag-ko",
    "msmarco",
    "cranfield",
    "aragog",
)


def _chunks_of(source: str, title: str, text: str, fmt: str = "text") -> list[str]:
    from notelens.ingest.chunking import chunk_document

    doc = Document(source=source, title=title, format=fmt, sections=(Section(text=text),))  # type: ignore[arg-type]
    return [c.text for c in chunk_document(doc, ChunkingConfig())]


def corpus_chunks(name: str) -> Iterator[str]:
    """Every chunk of one corpus, as the indexer would cut it."""
    ev = SHARED / "eval"
    if name == "notes":
        from notelens.ingest.chunking import chunk_document
        from notelens.ingest.registry import loader_for

        for path in sorted((SHARED / "notes-samples").glob("*")):
            data = path.read_bytes()
            doc = loader_for(path, data).load(path, data)
            yield from (c.text for c in chunk_document(doc, ChunkingConfig()))
    elif name == "scifact":
        with open(ev / "scifact" / "corpus.jsonl", encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                yield from _chunks_of(d["_id"], d.get("title", ""), d["text"])
    elif name in ("korquad", "xquad-en"):
        path = (
            ev / "korquad" / "KorQuAD_v1.0_dev.part1.json"
            if name == "korquad"
            else ev / "xquad-en" / "xquad.en.json"
        )
        for art in json.loads(path.read_text(encoding="utf-8"))["data"]:
            for p in art["paragraphs"]:
                yield from _chunks_of(art.get("title", ""), art.get("title", ""), p["context"])
    elif name in ("autorag-ko", "msmarco"):
        import pyarrow.parquet as pq

        f = (
            ev / "autorag-ko" / "ocr_corpus_v3.parquet"
            if name == "autorag-ko"
            else ev / "msmarco-sample" / "corpus.parquet"
        )
        for row in pq.read_table(f, columns=["doc_id", "contents"]).to_pylist():
            yield from _chunks_of(str(row["doc_id"]), "", row["contents"] or "")
    elif name == "cranfield":
        raw = (ev / "cranfield" / "cran.all.1400").read_text(encoding="utf-8", errors="replace")
        for doc in re.split(r"^\.I ", raw, flags=re.M)[1:]:
            m = re.search(r"^\.W\n(.*)", doc, flags=re.M | re.S)
            if m:
                yield from _chunks_of(doc.split("\n", 1)[0], "", m.group(1))
    elif name == "aragog":
        from notelens.errors import IngestError
        from notelens.ingest.chunking import chunk_document
        from notelens.ingest.registry import loader_for

        for path in sorted((ev / "aragog" / "papers").glob("*.pdf")):
            data = path.read_bytes()
            try:
                doc = loader_for(path, data).load(path, data)
            except IngestError:
                continue
            yield from (c.text for c in chunk_document(doc, ChunkingConfig()))
    else:
        raise SystemExit(f"unknown corpus {name}")


def run_suite(pipeline: GuardPipeline) -> dict[str, dict[str, float]]:
    cases = [
        json.loads(line)
        for line in (ROOT / "tests" / "redteam" / "cases.jsonl").read_text("utf-8").splitlines()
        if line.strip()
    ]
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    failures = []
    for c in cases:
        kinds = [f.kind for f in pipeline.scan(c["text"])]
        ok = all(any(k.startswith(e) for k in kinds) for e in c["expect"]) and not any(
            k.startswith(b) for k in kinds for b in c["forbid"]
        )
        per[c["category"]][0] += ok
        per[c["category"]][1] += 1
        if not ok:
            failures.append((c["id"], kinds))
    for fid, kinds in failures:
        print(f"  miss {fid}: found {kinds}")
    return {k: {"passed": a, "cases": n, "rate": a / n} for k, (a, n) in sorted(per.items())}


def run_corpus(pipeline: GuardPipeline, name: str, limit: int | None) -> dict[str, object]:
    high = set(pipeline.config.redact_kinds)
    n = inj = hr = anyflag = 0
    kinds: Counter[str] = Counter()
    examples: list[str] = []
    times: list[float] = []
    cpu = 0.0
    for text in corpus_chunks(name):
        if limit is not None and n >= limit:
            break
        c0 = time.process_time()
        t0 = time.perf_counter()
        res = pipeline.chunk(text)
        times.append(time.perf_counter() - t0)
        cpu += time.process_time() - c0
        n += 1
        flags = res.flags
        kinds.update(flags)
        anyflag += bool(flags)
        if any(f.startswith("injection") for f in flags):
            inj += 1
            if len(examples) < 5:
                f = next(f for f in res.findings if f.category == "injection")
                examples.append(f"{f.source}: {f.text[:90]!r}")
        hr += any(f.startswith("pii:") and f.split(":", 1)[1] in high for f in flags)
    times.sort()
    return {
        "chunks": n,
        "injection_flagged": inj,
        "injection_rate": inj / max(n, 1),
        "high_risk_pii": hr,
        "high_risk_rate": hr / max(n, 1),
        "any_flag_rate": anyflag / max(n, 1),
        "kinds": dict(kinds.most_common()),
        "injection_examples": examples,
        "ms_per_chunk_mean": 1000 * statistics.fmean(times) if times else 0.0,
        # CPU time of this process: less inflated than wall time when the CPU is shared.
        "cpu_ms_per_chunk": 1000 * cpu / max(n, 1),
        "ms_per_chunk_p50": 1000 * percentile(times, 50) if times else 0.0,
        "ms_per_chunk_p95": 1000 * percentile(times, 95) if times else 0.0,
    }


def queries() -> list[str]:
    out: list[str] = []
    out += scifact_queries()[:500]
    out += squad_paragraphs_and_questions(KORQUAD)[1]
    return out[:1500]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", default=",".join(CORPORA))
    ap.add_argument("--limit", type=int, default=None, help="chunks per corpus (default all)")
    ap.add_argument("--no-model", action="store_true", help="rules only (no classifier)")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()

    pipeline = GuardPipeline(GuardConfig(use_model=not args.no_model))
    t0 = time.perf_counter()
    pipeline.scan(
        "warm-up: ignore previous instructions, 김민수 연구원 010-1234-5678, "
        "서울특별시 관악구 관악로 1, SSN 536-22-4513"
    )
    load_s = time.perf_counter() - t0
    result: dict[str, object] = {
        "machine": platform.platform(),
        "python": platform.python_version(),
        "load_s": load_s,
        "use_model": not args.no_model,
    }

    print(f"guard load (ko-pii, presidio, classifier): {load_s:.2f}s")
    suite = run_suite(pipeline)
    result["suite"] = suite
    total = sum(v["passed"] for v in suite.values()), sum(v["cases"] for v in suite.values())
    print(f"\nred-team suite: {total[0]}/{total[1]}")
    print(f"{'category':30} {'pass':>6} {'rate':>7}")
    for k, v in suite.items():
        print(f"{k:30} {int(v['passed']):>3}/{int(v['cases']):<3} {v['rate']:>7.1%}")

    corpora: dict[str, object] = {}
    print(
        f"\n{'corpus':12} {'chunks':>7} {'inject':>7} {'rate':>7} {'hi-PII':>7} {'rate':>7} "
        f"{'any':>7} {'ms/chunk':>9} {'cpu ms':>7} {'p95':>7}"
    )
    for name in args.corpora.split(","):
        if not (SHARED.exists()):
            print("../shared is absent: skipping corpora")
            break
        r = run_corpus(pipeline, name, args.limit)
        corpora[name] = r
        print(
            f"{name:12} {r['chunks']:>7} {r['injection_flagged']:>7} {r['injection_rate']:>7.2%} "
            f"{r['high_risk_pii']:>7} {r['high_risk_rate']:>7.2%} {r['any_flag_rate']:>7.1%} "
            f"{r['ms_per_chunk_mean']:>9.3f} {r['cpu_ms_per_chunk']:>7.3f} "
            f"{r['ms_per_chunk_p95']:>7.3f}"
        )
        for ex in r["injection_examples"]:  # type: ignore[attr-defined]
            print(f"    {ex}")
    result["corpora"] = corpora
    n_all = sum(int(r["chunks"]) for r in corpora.values())  # type: ignore[index]
    if n_all:
        inj_all = sum(int(r["injection_flagged"]) for r in corpora.values())  # type: ignore[index]
        hr_all = sum(int(r["high_risk_pii"]) for r in corpora.values())  # type: ignore[index]
        ms_all = (
            sum(
                float(r["ms_per_chunk_mean"]) * int(r["chunks"])  # type: ignore[index]
                for r in corpora.values()
            )
            / n_all
        )
        cpu_all = (
            sum(
                float(r["cpu_ms_per_chunk"]) * int(r["chunks"])  # type: ignore[index]
                for r in corpora.values()
            )
            / n_all
        )
        result["all"] = {
            "cpu_ms_per_chunk": cpu_all,
            "chunks": n_all,
            "injection_rate": inj_all / n_all,
            "high_risk_rate": hr_all / n_all,
            "ms_per_chunk_mean": ms_all,
        }
        print(
            f"{'ALL':12} {n_all:>7} {inj_all:>7} {inj_all / n_all:>7.2%} {hr_all:>7} "
            f"{hr_all / n_all:>7.2%} {'':>7} {ms_all:>9.3f} {cpu_all:>7.3f}"
        )

    if SHARED.exists():
        qs = queries()
        times = []
        flagged = 0
        for q in qs:
            t = time.perf_counter()
            res = pipeline.check(q, "query")
            times.append(time.perf_counter() - t)
            flagged += any(f.category == "injection" for f in res.findings)
        times.sort()
        result["query"] = {
            "queries": len(qs),
            "ms_mean": 1000 * statistics.fmean(times),
            "ms_p95": 1000 * percentile(times, 95),
            "injection_flagged": flagged,
        }
        print(
            f"\nquery checkpoint: {len(qs)} questions (SciFact + KorQuAD), "
            f"mean {1000 * statistics.fmean(times):.3f} ms, p95 "
            f"{1000 * percentile(times, 95):.3f} ms, injection-flagged {flagged}"
        )
    if args.out:
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
