"""Extractive answers: gold containment, token F1, first citation on gold, refusals.

Runs the real pipeline (`Engine.ask`, extractive mode) with the refusal threshold off,
records every answer's evidence strength, and then scores any threshold from the same
run (so the calibration sweep costs nothing extra):

* KorQuAD / XQuAD-en (paragraphs indexed as documents, as in retrieval_bench.py):
  share of questions whose gold answer string is in the answer (normalised), SQuAD
  token F1 (KorQuAD: its own character-level F1 over normalised tokens), share whose
  first citation is the gold paragraph; a refused question counts as a miss;
* refusal: benchmarks/data/unanswerable_ko_en.jsonl (questions about topics absent
  from examples/notes) against an index of examples/notes, and the 30 answerable
  examples/queries.jsonl questions for false refusals there.

    .venv/bin/python benchmarks/answer_bench.py --dataset korquad --limit 500 \\
        --workdir .bench/korquad-auto --out .bench/answer-korquad.json
    .venv/bin/python benchmarks/answer_bench.py --dataset xquad --workdir .bench/xquad-answer
    .venv/bin/python benchmarks/answer_bench.py --dataset notes --workdir .bench/notes-answer
    .venv/bin/python benchmarks/answer_bench.py --dataset notesqa \\
        --questions benchmarks/data/blind_qa.jsonl \\
        --folders benchmarks/data/blind-notes --workdir .bench/blind

A notes question set ``X_qa.jsonl`` is scored with the unanswerable questions of the
``X_unanswerable.jsonl`` beside it; each table has a line per half (odd ids tune, even
ids are held out) and the retrieval hit@1 / hit@5 of the gold source.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from common import EVAL as SHARED
from common import ROOT, add_translated_weight, squad_qa, with_translated_weight, write_text_corpus

DATA = ROOT / "benchmarks" / "data"

from notelens.answer.grounding import strip_citations  # noqa: E402
from notelens.config import AnswerConfig, Settings  # noqa: E402
from notelens.engine import Engine  # noqa: E402
from notelens.evaluate.metrics.exact_match import exact_match  # noqa: E402
from notelens.evaluate.metrics.normalize import normalize_korquad, normalize_squad  # noqa: E402
from notelens.evaluate.metrics.token_f1 import token_f1  # noqa: E402

# -- scoring: the official SQuAD v1.1 / KorQuAD v1.0 schemes of notelens.evaluate ---------
# (these names are what short_study.py, answer_replay.py and llm_answers.py import)
_norm_en = normalize_squad
_norm_ko = normalize_korquad
load_squad = squad_qa
write_corpus = write_text_corpus


def f1_en(pred: str, gold: str) -> float:
    return token_f1(pred, [gold], scheme="squad")


def f1_ko(pred: str, gold: str) -> float:
    """KorQuAD 1.0: F1 over the characters of the normalised tokens, for every answer."""
    return token_f1(pred, [gold], scheme="korquad")


def contains(pred: str, gold: str, ko: bool) -> bool:
    norm = normalize_korquad if ko else normalize_squad
    return norm(gold) in norm(pred)


def _settings(index_dir: Path) -> Settings:
    # Settings.from_env is newer than the d9fba37 "before" checkout, which has with_index.
    if hasattr(Settings, "from_env"):
        return Settings.from_env(index_dir=index_dir)
    return Settings().with_index(index_dir)  # type: ignore[attr-defined]


def make_engine(
    work: Path, corpus: Path | list[Path], embedder: str, translated_weight: float | None = None
) -> Engine:
    settings = replace(
        _settings(work / "index"),
        embedder=embedder,
        answer=replace(AnswerConfig(), refuse_below=0.0),  # scored post hoc
    )
    settings = with_translated_weight(settings, translated_weight)
    engine = Engine(settings=settings)
    if engine.layout.read_meta() is None:
        t0 = time.perf_counter()
        engine.index(corpus if isinstance(corpus, list) else [corpus])
        print(f"indexed {corpus} in {time.perf_counter() - t0:.1f}s", flush=True)
    return engine


# -- runs -------------------------------------------------------------------------------


def short_text(a: object) -> str:
    """The short answer when the answerer gives one (else the answer without markers)."""
    short = getattr(a, "short_answer", None)
    return short if isinstance(short, str) and short else strip_citations(a.answer)  # type: ignore[attr-defined]


def run_notes_qa(engine: Engine, questions: Path, negatives: list[Path], k: int) -> dict:  # type: ignore[type-arg]
    """The notes question set (answerable, per class) and unanswerable questions."""
    from notelens.evaluate.datasets.notes import load_notes

    ds = load_notes(questions)
    meta = {
        str(o.get("id")): o
        for o in (json.loads(x) for x in questions.read_text(encoding="utf-8").splitlines() if x)
    }
    rows = []
    for qid, q in ds.queries.items():
        a, _, after_ms = timed_ask(engine, q, k)
        golds = ds.answers.get(qid, [])
        text = strip_citations(a.answer)
        rel = [str((ROOT / r).resolve()) for r in ds.relevant[qid]]
        first = a.citations[0].source if a.citations else None
        short = short_text(a)
        rows.append(
            {
                "id": qid,
                "question": q,
                "class": meta.get(qid, {}).get("class", "?"),
                "lang": meta.get(qid, {}).get("lang", "?"),
                "strength": a.strength,
                "refused": a.refused,
                "contains": any(contains(text, g, _is_ko(g)) for g in golds) and not a.refused,
                "em": exact_match(short, golds) if golds and not a.refused else 0.0,
                "f1": token_f1(short, golds) if golds and not a.refused else 0.0,
                "first_gold": first is not None
                and any(Path(first).resolve() == Path(r) for r in rel),
                "short": getattr(a, "short_answer", None),
                "answer": a.answer,
                "gold": golds,
                "top": [Path(h.source).name for h in a.evidence[:5]],
                "gold_rank": next(
                    (
                        i + 1
                        for i, h in enumerate(a.evidence)
                        if any(Path(h.source).resolve() == Path(r) for r in rel)
                    ),
                    None,
                ),
                "ms_after_retrieval": after_ms,
            }
        )
    neg_rows = []
    for path in negatives:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                q = json.loads(line)
                a = engine.ask(q["question"], k=k)
                neg_rows.append(
                    {**q, "strength": a.strength, "refused": a.refused, "answer": a.answer}
                )
    return {"answerable": rows, "unanswerable": neg_rows}


def unanswerable_beside(questions: Path) -> Path:
    """``X_qa.jsonl`` -> ``X_unanswerable.jsonl`` (``notes_qa`` -> ``notes_unanswerable``)."""
    stem = questions.stem.removesuffix("_qa")
    return questions.with_name(f"{stem}_unanswerable{questions.suffix}")


def _half(qid: str) -> str:
    """Odd ids tune, even ids are held out (the number the id ends with decides)."""
    m = re.search(r"(\d+)$", qid)
    if m is None:
        return "?"
    return "odd (tune)" if int(m.group(1)) % 2 else "even (held out)"


def _is_ko(s: str) -> bool:
    return bool(re.search(r"[\uac00-\ud7a3]", s))


def summarize_notes(res: dict, threshold: float) -> None:  # type: ignore[type-arg]
    """Per-class table at ``threshold`` (a question below it counts as refused)."""
    rows = [{**r, "refused": r["refused"] or r["strength"] < threshold} for r in res["answerable"]]
    for r in rows:
        if r["refused"]:
            r.update(contains=False, em=0.0, f1=0.0, first_gold=False)
    neg = [{**r, "refused": r["refused"] or r["strength"] < threshold} for r in res["unanswerable"]]
    print(f"\nthreshold {threshold:.2f}")

    def line(name: str, sub: list) -> str:  # type: ignore[type-arg]
        n = len(sub)
        return (
            f"| {name} | {n} | {sum(r['contains'] for r in sub) / n:.3f} | "
            f"{sum(r['em'] for r in sub) / n:.3f} | {sum(r['f1'] for r in sub) / n:.3f} | "
            f"{sum(r['first_gold'] for r in sub) / n:.3f} | "
            f"{sum(r['refused'] for r in sub) / n:.3f} |"
        )

    print("| class | n | contains | short EM | short F1 | first citation gold | false refusals |")
    print("|---|---|---|---|---|---|---|")
    print(line("**all**", rows))
    for half in ("odd (tune)", "even (held out)"):
        sub = [r for r in rows if _half(r["id"]) == half]
        if sub:
            print(line(f"half {half}", sub))
    for cls in sorted({r["class"] for r in rows}):
        print(line(cls, [r for r in rows if r["class"] == cls]))
    for lang in ("ko", "en", "mixed"):
        sub = [r for r in rows if r["lang"] == lang]
        if sub:
            print(line(f"lang {lang}", sub))
    print(
        f"refusal rate on {len(neg)} unanswerable: {sum(r['refused'] for r in neg) / len(neg):.3f}"
    )
    for half in ("odd (tune)", "even (held out)"):
        sub = [r for r in neg if _half(str(r.get("id", ""))) == half]
        if sub:
            print(f"  {half}: {sum(r['refused'] for r in sub) / len(sub):.3f} (n={len(sub)})")
    # retrieval alone (threshold-free): is the gold source the first / in the top 5 hits?
    ranks = [r["gold_rank"] for r in res["answerable"]]
    hit1 = sum(x == 1 for x in ranks) / len(ranks)
    hit5 = sum(x is not None and x <= 5 for x in ranks) / len(ranks)
    print(f"retrieval: gold source hit@1 {hit1:.3f}, hit@5 {hit5:.3f}")
    ms = [r["ms_after_retrieval"] for r in rows]
    print(f"extractive ms per answer after retrieval: p50 {statistics.median(ms):.0f}")


def set_cold(engine: Engine) -> None:
    """Every question starts with an empty unit cache (the question vector still comes
    from the searcher, which embedded it for the search)."""
    from notelens.answer.embedcache import UnitCache

    answerer = engine._get_answerer()
    answerer.units = UnitCache(
        engine.analyzer, engine.embedder, size=0, query_vector=engine.searcher.query_vector
    )


def timed_ask(engine: Engine, question: str, k: int) -> tuple[Any, float, float]:
    """``engine.ask`` with its time split: the answer, total ms, ms after retrieval (from
    the evidence event to the answer: unit scoring, e5 on units, short answer, checks)."""
    t0 = time.perf_counter()
    t_evidence = t0
    answer = None
    for event, data in engine._ask_events(question, k, None, "hybrid", None, None):
        if event == "evidence":
            t_evidence = time.perf_counter()
        elif event == "answer":
            answer = data
    t1 = time.perf_counter()
    assert answer is not None
    return answer, (t1 - t0) * 1000, (t1 - t_evidence) * 1000


def run_qa(
    engine: Engine,
    qs: list[dict],  # type: ignore[type-arg]
    ko: bool,
    k: int,
    partial: Path | None = None,
) -> list[dict]:  # type: ignore[type-arg]
    """Every question's row; with ``partial``, the rows so far are written there every
    100 questions (a long run cut short still leaves its numbers)."""
    rows = []
    f1 = f1_ko if ko else f1_en
    for i, q in enumerate(qs):
        a, ms, after_ms = timed_ask(engine, q["question"], k)
        text = strip_citations(a.answer)
        first = Path(a.citations[0].source).stem if a.citations else None
        rows.append(
            {
                "id": q["id"],
                "strength": a.strength,
                "contains": any(contains(text, g, ko) for g in q["answers"]),
                "f1": max(f1(text, g) for g in q["answers"]),
                "short_f1": max(f1(short_text(a), g) for g in q["answers"]),
                "short_em": exact_match(short_text(a), q["answers"]),
                "first_gold": first == q["doc"],
                "retrieved_gold": any(Path(h.source).stem == q["doc"] for h in a.evidence[:1]),
                "sentences": len(a.citations and re.findall(r"\[\d+\]", a.answer)),
                "chars": len(text),
                "ms": ms,
                "ms_after_retrieval": after_ms,
            }
        )
        if (i + 1) % 100 == 0:
            print(f"  {i + 1}/{len(qs)}", flush=True)
            if partial is not None:
                partial.parent.mkdir(parents=True, exist_ok=True)
                partial.write_text(json.dumps({"partial": True, "rows": rows}), encoding="utf-8")
    return rows


def summarize_qa(rows: list[dict], threshold: float) -> dict[str, float]:  # type: ignore[type-arg]
    ok = [r for r in rows if r["strength"] >= threshold]
    n = len(rows)
    return {
        "questions": n,
        "contains": sum(r["contains"] for r in ok) / n,
        "f1": sum(r["f1"] for r in ok) / n,
        "short_f1": sum(r["short_f1"] for r in ok) / n,
        "short_em": sum(r["short_em"] for r in ok) / n,
        "first_citation_gold": sum(r["first_gold"] for r in ok) / n,
        "false_refusal": 1 - len(ok) / n,
        "avg_chars": statistics.fmean(r["chars"] for r in rows),
        "p50_ms": statistics.median(r["ms"] for r in rows),
        "p50_ms_after_retrieval": statistics.median(r["ms_after_retrieval"] for r in rows),
    }


def run_refusal(engine: Engine, k: int) -> tuple[list[dict], list[dict]]:  # type: ignore[type-arg]
    neg = [json.loads(x) for x in (DATA / "unanswerable_ko_en.jsonl").read_text().splitlines()]
    pos = [json.loads(x) for x in (ROOT / "examples" / "queries.jsonl").read_text().splitlines()]
    neg_rows = []
    for q in neg:
        a = engine.ask(q["question"], k=k)
        neg_rows.append({**q, "strength": a.strength, "answer": a.answer})
    pos_rows = []
    for q in pos:
        a = engine.ask(q["query"], k=k)
        gold = {str((ROOT / r).resolve()) for r in q["relevant"]}
        first = a.citations[0].source if a.citations else None
        pos_rows.append(
            {
                "question": q["query"],
                "lang": q["lang"],
                "strength": a.strength,
                "first_relevant": first in gold,
                "answer": a.answer,
            }
        )
    return neg_rows, pos_rows


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--dataset", choices=["korquad", "xquad", "notes", "notesqa"], required=True)
    ap.add_argument(
        "--questions",
        type=Path,
        default=DATA / "notes_qa.jsonl",
        help="notesqa: the notes question set (JSONL, notelens eval's notes format)",
    )
    ap.add_argument(
        "--folders",
        type=Path,
        nargs="+",
        default=None,
        help="notesqa: the folders to index (default: examples/notes and "
        "../shared/notes-samples, the notes set's archive)",
    )
    ap.add_argument("--limit", type=int, default=None, help="first N questions")
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--embedder", default="auto")
    ap.add_argument("--workdir", type=Path, default=None, help="corpus + index (reused)")
    ap.add_argument("--threshold", type=float, default=AnswerConfig().refuse_below)
    add_translated_weight(ap)
    ap.add_argument("--out", type=Path, default=None, help="write rows + summary JSON here")
    ap.add_argument(
        "--summarize",
        type=Path,
        default=None,
        help="korquad/xquad: print the summary of a written --out file (or its "
        ".partial.json) instead of running",
    )
    ap.add_argument(
        "--cold",
        action="store_true",
        help="keep no unit terms / vectors between questions (answer/embedcache.py size 0)",
    )
    args = ap.parse_args()
    if args.summarize is not None:
        rows = json.loads(args.summarize.read_text(encoding="utf-8"))["rows"]
        m = summarize_qa(rows, args.threshold)
        print(f"{args.summarize}: " + ", ".join(f"{k} {v:.3f}" for k, v in m.items()))
        return

    work = args.workdir or Path(tempfile.mkdtemp(prefix=f"nl-answer-{args.dataset}-"))
    result: dict[str, object] = {"dataset": args.dataset, "k": args.k}
    if args.dataset == "notesqa":
        default_folders = [ROOT / "examples" / "notes", ROOT.parent / "shared" / "notes-samples"]
        folders = [f.resolve() for f in args.folders] if args.folders else default_folders
        engine = make_engine(work, folders, args.embedder, args.translated_weight)
        # unanswerable_ko_en.jsonl is written against examples/notes: only for that archive
        shared_negatives = [] if args.folders else [DATA / "unanswerable_ko_en.jsonl"]
        negatives = [
            p for p in (unanswerable_beside(args.questions), *shared_negatives) if p.exists()
        ]
        res = run_notes_qa(engine, args.questions, negatives, args.k)
        for t in sorted({0.0, 0.4, args.threshold, 0.45, 0.5}):
            summarize_notes(res, t)
        print("\n| threshold | refused (unanswerable) | false refusals (answerable) |")
        print("|---|---|---|")
        for t in [x / 100 for x in range(30, 61, 2)]:
            neg_r = sum(r["refused"] or r["strength"] < t for r in res["unanswerable"])
            pos_r = sum(r["refused"] or r["strength"] < t for r in res["answerable"])
            print(
                f"| {t:.2f} | {neg_r / len(res['unanswerable']):.3f} | "
                f"{pos_r / len(res['answerable']):.3f} |"
            )
        result.update(res)
    elif args.dataset == "notes":
        engine = make_engine(work, ROOT / "examples" / "notes", args.embedder)
        neg, pos = run_refusal(engine, args.k)
        sweep = []
        for t in [x / 100 for x in range(20, 71, 2)]:
            refused = sum(r["strength"] < t for r in neg) / len(neg)
            false_ref = sum(r["strength"] < t for r in pos) / len(pos)
            sweep.append((t, refused, false_ref))
        print("\n| threshold | refusal rate (unanswerable) | false refusals (answerable) |")
        print("|---|---|---|")
        for t, r, f in sweep:
            mark = " **(default)**" if abs(t - args.threshold) < 1e-9 else ""
            print(f"| {t:.2f}{mark} | {r:.3f} | {f:.3f} |")
        for kind in ("near", "off"):
            for lang in ("ko", "en"):
                sub = [r for r in neg if r["kind"] == kind and r["lang"] == lang]
                rate = sum(r["strength"] < args.threshold for r in sub) / len(sub)
                print(f"refusal at {args.threshold}: {kind}/{lang} {rate:.3f} (n={len(sub)})")
        kept = sum(r["first_relevant"] for r in pos if r["strength"] >= args.threshold)
        print(f"answerable: first citation on a relevant file {kept}/{len(pos)}")
        print("unanswerable strengths:", sorted(round(r["strength"], 3) for r in neg))
        print("answerable strengths:  ", sorted(round(r["strength"], 3) for r in pos))
        result.update({"unanswerable": neg, "answerable": pos, "sweep": sweep})
    else:
        ko = args.dataset == "korquad"
        path = (
            SHARED / "korquad" / "KorQuAD_v1.0_dev.part1.json"
            if ko
            else SHARED / "xquad-en" / "xquad.en.json"
        )
        if not path.exists():
            sys.exit(f"{path} not found")
        docs, qs = load_squad(path, args.limit)
        corpus = work / "corpus"
        if not corpus.exists():
            write_corpus(docs, corpus)
        engine = make_engine(work, corpus, args.embedder)
        if args.cold:
            set_cold(engine)
        t0 = time.perf_counter()
        partial = args.out.with_suffix(".partial.json") if args.out else None
        rows = run_qa(engine, qs, ko, args.k, partial)
        total = time.perf_counter() - t0
        print(f"\n## {args.dataset}: {len(qs)} questions, k={args.k}, {total:.0f}s")
        print(
            "| threshold | contains | F1 | short EM | short F1 | first citation gold "
            "| false refusals |"
        )
        print("|---|---|---|---|---|---|---|")
        for t in (0.0, 0.3, 0.4, args.threshold, 0.5):
            m = summarize_qa(rows, t)
            print(
                f"| {t:.2f} | {m['contains']:.3f} | {m['f1']:.3f} | {m['short_em']:.3f} | "
                f"{m['short_f1']:.3f} | "
                f"{m['first_citation_gold']:.3f} | {m['false_refusal']:.3f} |"
            )
        m = summarize_qa(rows, args.threshold)
        top1 = sum(r["retrieved_gold"] for r in rows) / len(rows)
        print(
            f"top-1 passage is gold: {top1:.3f}; answer length {m['avg_chars']:.0f} chars; "
            f"p50 {m['p50_ms']:.0f} ms/question, "
            f"{m['p50_ms_after_retrieval']:.0f} ms after retrieval"
        )
        result.update({"summary": m, "rows": rows})
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
