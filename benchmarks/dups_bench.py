"""Near-duplicates (``notelens dups``, issue #19): quality on a labelled set, and speed.

Quality: benchmarks/data/dups_labelled.jsonl (written for this project: 12 papers, each
with reordered / paraphrased / Korean-translated copies, plus 12 hard negatives -- another
paper on the same topic, often by the same lab) is spread over five digest notes, indexed
with the real models, and ``Engine.duplicates`` is scored pairwise: a predicted pair is
two labelled entries in one cluster.

Speed: MinHash signatures + LSH candidates + exact Jaccard checks on N entries built from
real text in ../shared (KorQuAD paragraphs and SciFact abstracts, one sentence group per
entry) with 5 % near-duplicate copies (shuffled sentences and dropped words), against
``datasketch`` (MinHash.bulk + MinHashLSH) on the same shingles, same threshold. Terms
come from a regex tokenizer here, so the time is the dedup step alone (analysis costs
what indexing costs, docs/benchmarks.md "Indexing throughput").

    PYTHONPATH=src .venv/bin/python benchmarks/dups_bench.py --quality
    PYTHONPATH=src .venv/bin/python benchmarks/dups_bench.py --speed --entries 100000
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from common import ROOT, SHARED, machine

LABELLED = ROOT / "benchmarks" / "data" / "dups_labelled.jsonl"


def quality() -> None:
    from notelens import Engine

    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]
    base = Path(tempfile.mkdtemp(prefix="dups-bench-"))
    notes = base / "notes"
    notes.mkdir()
    files: dict[int, list[dict[str, str]]] = {}
    for k, r in enumerate(rows):
        files.setdefault(k % 5, []).append(r)
    for f, rs in files.items():
        body = "\n\n".join(f"## {r['id']}\n\n{r['text']}" for r in rs)
        (notes / f"digest-{f}.md").write_text(f"# digest {f}\n\n{body}\n", encoding="utf-8")
    engine = Engine(base / "index")
    engine.index([notes])
    variant = {r["id"]: r["variant"] for r in rows}
    gold = {
        tuple(sorted((a["id"], b["id"])))
        for a, b in itertools.combinations(rows, 2)
        if a["group"] == b["group"] and not a["group"].startswith("n")
    }
    for embeddings in (False, True):
        t0 = time.perf_counter()
        report = engine.duplicates(level="entry", embeddings=embeddings)
        seconds = time.perf_counter() - t0
        pred: set[tuple[str, str]] = set()
        for c in report.clusters:
            ids = sorted(m.heading.split(" > ")[-1] for m in c.members)
            pred |= {(a, b) for a, b in itertools.combinations(ids, 2)}
        tp = pred & gold
        print(
            f"embeddings={embeddings}: gold pairs {len(gold)}, predicted {len(pred)}, "
            f"precision {len(tp) / max(1, len(pred)):.3f}, recall {len(tp) / len(gold):.3f} "
            f"({seconds:.2f} s, {report.entries} entries)"
        )
        kinds: Counter[str] = Counter()
        found: Counter[str] = Counter()
        for a, b in gold:
            kind = (
                "translation"
                if "translation" in (variant[a], variant[b])
                else (variant[b] if variant[a] == "orig" else variant[a])
            )
            kinds[kind] += 1
            found[kind] += (a, b) in pred
        print("  recall by kind: " + ", ".join(f"{k} {found[k]}/{kinds[k]}" for k in sorted(kinds)))
        print(f"  false pairs: {sorted(pred - gold)}")


_SENT = re.compile(r"(?<=[.?!다])\s+")
_TOKEN = re.compile(r"\w+")


def _corpus_texts() -> list[str]:
    texts: list[str] = []
    korquad = SHARED / "eval" / "korquad"
    for path in sorted(korquad.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for article in data["data"]:
            texts += [p["context"] for p in article["paragraphs"]]
    scifact = SHARED / "eval" / "scifact" / "corpus.jsonl"
    if scifact.exists():
        for line in scifact.read_text(encoding="utf-8").splitlines():
            texts.append(json.loads(line)["text"])
    return [t for t in texts if t.strip()]


def _entries(n: int, seed: int = 7) -> tuple[list[list[str]], set[tuple[int, int]]]:
    rng = random.Random(seed)
    sentences = [s for t in _corpus_texts() for s in _SENT.split(t) if len(s) > 40]
    if not sentences:
        sys.exit("no corpus in ../shared/eval (korquad, scifact): nothing to time")
    entries: list[list[str]] = []
    planted: set[tuple[int, int]] = set()
    while len(entries) < n:
        if entries and rng.random() < 0.05:
            src = rng.randrange(len(entries))
            words = list(entries[src])
            cut = rng.randrange(len(words))
            words = words[:cut] + words[cut + 1 :]  # one word dropped
            planted.add((src, len(entries)))
            entries.append(words)
            continue
        group = [rng.choice(sentences) for _ in range(3)]
        entries.append([w.lower() for s in group for w in _TOKEN.findall(s)])
    return entries, planted


def speed(n: int, threshold: float, with_datasketch: bool) -> None:
    from notelens.curate.minhash import MinHasher, candidate_pairs, jaccard, lsh_params, shingles

    entries, planted = _entries(n)
    sets = [shingles(e, 3) for e in entries]
    print(f"{n} entries, {sum(len(s) for s in sets)} shingles, {len(planted)} planted copies")

    t0 = time.perf_counter()
    signatures = MinHasher(128).signatures(sets)
    t1 = time.perf_counter()
    candidates = candidate_pairs(signatures, lsh_params(threshold, 128))
    t2 = time.perf_counter()
    found = {(i, j) for i, j in candidates if jaccard(sets[i], sets[j]) >= threshold}
    t3 = time.perf_counter()
    recall = len(found & planted) / max(1, len(planted))
    print(
        f"notelens: signatures {t1 - t0:.2f} s, LSH {t2 - t1:.2f} s, exact check {t3 - t2:.2f} s "
        f"= {t3 - t0:.2f} s; {len(candidates)} candidates, {len(found)} pairs, "
        f"planted recall {recall:.3f}"
    )
    if not with_datasketch:
        return
    try:
        from datasketch import MinHash, MinHashLSH
    except ImportError:
        print("datasketch not installed: pip install datasketch")
        return
    t0 = time.perf_counter()
    hashes = MinHash.bulk([[s.encode("utf-8") for s in st] for st in sets], num_perm=128)
    t1 = time.perf_counter()
    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    with lsh.insertion_session() as session:
        for i, m in enumerate(hashes):
            session.insert(i, m)
    pairs: set[tuple[int, int]] = set()
    for i, m in enumerate(hashes):
        for j in lsh.query(m):
            if j != i:
                pairs.add((min(i, j), max(i, j)))
    t2 = time.perf_counter()
    ds_found = {(i, j) for i, j in pairs if jaccard(sets[i], sets[j]) >= threshold}
    t3 = time.perf_counter()
    ds_recall = len(ds_found & planted) / max(1, len(planted))
    print(
        f"datasketch: signatures {t1 - t0:.2f} s, LSH {t2 - t1:.2f} s, exact check "
        f"{t3 - t2:.2f} s = {t3 - t0:.2f} s; {len(pairs)} candidates, {len(ds_found)} pairs, "
        f"planted recall {ds_recall:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quality", action="store_true")
    parser.add_argument("--speed", action="store_true")
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--no-datasketch", action="store_true")
    args = parser.parse_args()
    print(machine())
    if args.quality or not args.speed:
        quality()
    if args.speed:
        speed(args.entries, args.threshold, not args.no_datasketch)


if __name__ == "__main__":
    main()
