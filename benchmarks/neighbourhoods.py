"""What real neighbourhoods look like, and which synthetic rows reproduce them (issue 17).

Ninth round. The 1M HNSW recall (0.825) was measured on ``scale.py --mode mix`` rows whose
exact top 10 spans 0.005 cosine. This script measures, on every real e5 passage vector at
hand (the eval indexes' cached LanceDB tables, read through the real store: SciFact,
AutoRAG-ko, KorQuAD, XQuAD, the notes sample), for real questions (SciFact, KorQuAD, XQuAD,
the notes set, AutoRAG-ko):

* per question, the exact top-10 span (1st minus 10th cosine), the 9th-10th and the
  10th-11th gaps; per passage, the cosine of its nearest other passage;
* how those medians shrink as the corpus grows (random subsamples of 1k..16k passages),
  and a power-law fit of each against the size, extrapolated to 100k and 1M;
* the same statistics on synthetic rows grown from a small real base (``realistic_rows``
  and the old ``scale.py`` mix) at the real sizes, side by side, so the generator's
  settings are chosen where the real answer is known. Settings are chosen on the tuning
  half of the questions (even positions) and reported on the held-out half (odd).

    nice -n 5 env PYTHONPATH=src .venv/bin/python benchmarks/neighbourhoods.py --out .bench/nb.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from realistic_rows import MixSpec, realistic_vectors  # noqa: E402

SHARED = ROOT.parent / "shared" / "eval"
CACHES = Path("/work/bench-cache")
#: The eval indexes whose passage vectors are read (each corpus once).
INDEXES = (
    "ac-cache/eval/beir-scifact-e0c446c6e5b05df9",
    "ac-cache/eval/autorag-autorag-ko-6e17f631b93c732d",
    "ac-cache/eval/squad-korquad-v1-0-dev-part1-json-d9795a5ab421a71c",
    "ac-cache/eval/squad-xquad-en-json-71cd00180e7c811d",
    "notesqa",
)
QUANTILES = (10, 50, 90)


def real_passages(caches: Path = CACHES) -> tuple[np.ndarray, list[str]]:
    """Every cached passage vector of the eval indexes, through the real LanceDB store,
    and the corpus each came from."""
    from notelens.store.lancedb import LanceDBStoreFactory

    factory = LanceDBStoreFactory()
    vecs: list[np.ndarray] = []
    names: list[str] = []
    for rel in INDEXES:
        index = caches / rel / "index"
        meta = json.loads((index / "meta.json").read_text("utf-8"))
        store = factory.open(index, meta["table"], dim=int(meta["dim"]), create=False)
        got = store.get([r.chunk_id for r in store.records()], with_vectors=True)
        vecs += [np.asarray(r.vector, dtype=np.float32) for r in got if r.vector is not None]
        names += [rel.split("/")[-1].split("-")[1 if "/" in rel else 0]] * len(got)
    return np.stack(vecs), names


def real_questions() -> list[tuple[str, str]]:
    """(set, question) of real questions: a deterministic sample of each set."""
    out: list[tuple[str, str]] = []
    with open(SHARED / "scifact" / "queries.jsonl", encoding="utf-8") as fh:
        out += [("scifact", json.loads(line)["text"]) for line in fh][::5]
    ko = json.loads((SHARED / "korquad" / "KorQuAD_v1.0_dev.part1.json").read_text("utf-8"))
    ko_q = [qa["question"] for a in ko["data"] for p in a["paragraphs"] for qa in p["qas"]]
    out += [("korquad", q) for q in ko_q[::12]]
    xq = json.loads((SHARED / "xquad-en" / "xquad.en.json").read_text("utf-8"))
    xq_q = [qa["question"] for a in xq["data"] for p in a["paragraphs"] for qa in p["qas"]]
    out += [("xquad", q) for q in xq_q[::8]]
    data = ROOT / "benchmarks" / "data"
    for line in (data / "notes_qa.jsonl").read_text("utf-8").splitlines():
        out.append(("notes", json.loads(line)["question"]))
    for line in (data / "autorag_ko_questions.jsonl").read_text("utf-8").splitlines():
        out.append(("autorag", json.loads(line)["query"]))
    return out


def question_vectors(questions: list[tuple[str, str]]) -> np.ndarray:
    """e5 query vectors, cached in ``.bench`` by the questions' hash."""
    key = hashlib.sha256("\n".join(q for _, q in questions).encode()).hexdigest()[:16]
    cache = ROOT / ".bench" / f"nb-questions-{key}.npy"
    if cache.exists():
        return np.load(cache)
    from notelens.embed.registry import create

    vecs = np.asarray(create("auto").embed_queries([q for _, q in questions]), dtype=np.float32)
    cache.parent.mkdir(exist_ok=True)
    np.save(cache, vecs)
    return vecs


def top_sims(q: np.ndarray, corpus: np.ndarray, k: int, block: int = 100_000) -> np.ndarray:
    """Each row of ``q``'s ``k`` largest cosines over ``corpus``, largest first, a block of
    rows at a time (1M rows x hundreds of questions do not fit at once)."""
    best = np.full((len(q), k), -np.inf, dtype=np.float32)
    for at in range(0, len(corpus), block):
        both = np.concatenate([best, q @ corpus[at : at + block].T], axis=1)
        best = np.partition(both, -k, axis=1)[:, -k:]
    return -np.sort(-best, axis=1)


def question_stats(corpus: np.ndarray, q: np.ndarray) -> dict[str, np.ndarray]:
    """Per question: top-10 span, 9th-10th gap, 10th-11th gap (cosine)."""
    top = top_sims(q, corpus, 11)
    return {
        "span_1_10": top[:, 0] - top[:, 9],
        "gap_9_10": top[:, 8] - top[:, 9],
        "gap_10_11": top[:, 9] - top[:, 10],
    }


def nn_cosine(corpus: np.ndarray, rng: np.random.Generator, sample: int = 2000) -> np.ndarray:
    """The cosine of each sampled passage's nearest other passage (its own row, cosine
    ~1, is the largest: the second largest is the nearest other)."""
    pick = rng.choice(len(corpus), min(sample, len(corpus)), replace=False)
    return top_sims(corpus[pick], corpus, 2)[:, 1]


def summary(corpus: np.ndarray, q: np.ndarray, rng: np.random.Generator) -> dict[str, float]:
    """Quantiles of each statistic (questions' and passages')."""
    stats = question_stats(corpus, q) | {"nn_cos": nn_cosine(corpus, rng)}
    return {f"{k}_p{p}": float(np.percentile(v, p)) for k, v in stats.items() for p in QUANTILES}


def power_fit(sizes: list[int], values: list[float], at: list[int]) -> list[float]:
    """log(value) linear in log(size): the value extrapolated to ``at``."""
    b, a = np.polyfit(np.log(sizes), np.log(values), 1)
    return [float(np.exp(a + b * np.log(n))) for n in at]


def old_mix(base: np.ndarray, langs: list[str], n: int) -> np.ndarray:
    """The eighth round's rows (``scale.py --mode mix``), vectors only."""
    from scale import scale_rows

    # scale_rows wants (lang, terms, vector) per passage; the terms are not used here.
    fake = [(lang, ["t"], v) for lang, v in zip(langs, base, strict=True)]
    return np.stack([np.asarray(r.vector) for r in scale_rows(fake, n, mode="mix")])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="4000,8000,16000")
    ap.add_argument("--base", type=int, default=2000, help="real passages the rows grow from")
    ap.add_argument(
        "--specs",
        default="3:10:1:0.1:data,3:10:1:0.2:data,3:10:1:0.35:data,3:10:1:0.5:data,"
        "2:5:1:0.2:data,3:10:0.5:0.2:data,3:30:1:0.2:data,3:10:1:0.01:iso,3:10:1:0.015:iso,"
        "3:10:1:0.0175:iso,3:10:1:0.02:iso,3:10:1:0.025:iso,3:30:1:0.015:iso,"
        "4:20:1:0.015:iso,2:10:1:0.015:iso,3:10:0.5:0.015:iso",
        help="parts:near:alpha:sigma:noise,.. (realistic_rows.MixSpec)",
    )
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    t0 = time.perf_counter()
    corpus, names = real_passages()
    questions = real_questions()
    qv = question_vectors(questions)
    halves = {"tune": qv[0::2], "held": qv[1::2]}
    out = args.out.open("a", encoding="utf-8") if args.out else None

    def emit(**row: Any) -> None:
        line = json.dumps(row)
        print(line, flush=True)
        if out is not None:
            out.write(line + "\n")

    emit(
        what="inputs",
        passages=len(corpus),
        by_corpus={n: names.count(n) for n in sorted(set(names))},
        questions={
            s: sum(1 for x, _ in questions if x == s) for s in sorted({x for x, _ in questions})
        },
        load_avg=__import__("os").getloadavg()[0],
    )
    # Every question's nearest passage in the whole pool (its answer, or the passage
    # standing for it) is in every corpus compared, real or synthetic: a subsample that
    # drops answers would shrink a question's top 10 for the wrong reason (at 1k of the
    # 18k passages most questions' answers are gone).
    rng = np.random.default_rng(0)
    answers = np.unique(np.argmax(qv @ corpus.T, axis=1))
    rest = rng.permutation(np.setdiff1d(np.arange(len(corpus)), answers))
    n_base = max(args.base, len(answers))
    base_idx = np.concatenate([answers, rest[: n_base - len(answers)]])
    extra = rest[n_base - len(answers) :]
    sizes = [n for n in (int(x) for x in args.sizes.split(",")) if n >= n_base] + [len(corpus)]
    emit(what="base", passages=n_base, answers=len(answers), sizes=sizes)
    # Real: the base plus the next real passages of one random order (nested corpora).
    real: dict[str, dict[int, dict[str, float]]] = {h: {} for h in halves}
    for n in sorted(set([n_base, *sizes])):
        rows = corpus[np.concatenate([base_idx, extra[: n - n_base]])]
        for h, q in halves.items():
            real[h][n] = summary(rows, q, np.random.default_rng(1))
            emit(what="real", half=h, n=n, **real[h][n])
    # By question set, on every passage (all questions: the sets are small).
    sets = np.array([x for x, _ in questions])
    for name in sorted(set(sets)):
        got = summary(corpus, qv[sets == name], np.random.default_rng(1))
        emit(what="real_by_set", set=name, n=len(corpus), **got)
    fit_sizes = sorted(real["tune"])
    at = [100_000, 300_000, 1_000_000]
    for h in halves:
        for key in ("span_1_10_p50", "gap_9_10_p50", "gap_10_11_p50"):
            ext = power_fit(fit_sizes, [real[h][n][key] for n in fit_sizes], at)
            emit(
                what="extrapolated",
                half=h,
                stat=key,
                **dict(zip(("at_100k", "at_300k", "at_1m"), ext, strict=True)),
            )
        one_minus = [1.0 - real[h][n]["nn_cos_p50"] for n in fit_sizes]
        ext = [1.0 - x for x in power_fit(fit_sizes, one_minus, at)]
        emit(
            what="extrapolated",
            half=h,
            stat="nn_cos_p50",
            **dict(zip(("at_100k", "at_300k", "at_1m"), ext, strict=True)),
        )

    # Synthetic: grown from the same base to each size, beside the real corpus of that size.
    base = corpus[base_idx]
    langs = ["ko" if names[i] in ("autorag", "korquad", "notesqa") else "en" for i in base_idx]
    gens: dict[str, Any] = {"old_mix": lambda n: old_mix(base, langs, n)}
    for s in args.specs.split(","):
        p, k, a, sg, nz = s.split(":")
        spec = MixSpec(parts=int(p), near=int(k), alpha=float(a), sigma=float(sg), noise=nz)
        gens[f"mix{s}"] = lambda n, spec=spec: np.concatenate(
            list(realistic_vectors(base, n, spec))
        )
    keys = ("span_1_10_p50", "gap_9_10_p50", "gap_10_11_p50")
    grown = [n for n in sizes if n > n_base]
    for name, gen in gens.items():
        err = {h: 0.0 for h in halves}
        for n in grown:
            rows = gen(n)
            for h, q in halves.items():
                got = summary(rows, q, np.random.default_rng(1))
                # Mismatch: |log ratio| of the medians against the real corpus' medians.
                e = sum(abs(np.log(got[k] / real[h][n][k])) for k in keys)
                e += abs(np.log((1 - got["nn_cos_p50"]) / (1 - real[h][n]["nn_cos_p50"])))
                err[h] += e / len(grown)
                emit(what="synthetic", gen=name, half=h, n=n, **got)
        emit(what="mismatch", gen=name, tune=err["tune"], held=err["held"])
    emit(what="done", seconds=time.perf_counter() - t0, load_avg=__import__("os").getloadavg()[0])


if __name__ == "__main__":
    main()
