"""Answer stage only, on cached retrieval: re-run the extractive answerer over hits saved
from one search per question, so a change to unit scoring or the refusal signal is
measured in seconds instead of a full benchmark run.

The first run searches every question once (the index in ``--workdir``, as
``answer_bench.py`` builds it) and pickles the hits next to the index; later runs read
them. Questions are split by the parity of the number in their id (``n123`` -> odd):
odd ids are the tuning half, even ids the held-out half, and both are printed with the
whole set, so a weight can be chosen on one half and checked on the other.

    PYTHONPATH=src .venv/bin/python benchmarks/answer_replay.py --set notesqa \\
        --workdir .bench/notesqa
    PYTHONPATH=src .venv/bin/python benchmarks/answer_replay.py --set korquad --limit 300 \\
        --workdir .bench/korquad

The figures to quote come from ``answer_bench.py`` (full pipeline); this is the loop.
"""

from __future__ import annotations

import argparse
import json
import pickle
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from answer_bench import (  # noqa: E402
    DATA,
    SHARED,
    _is_ko,
    _norm_en,
    _norm_ko,
    contains,
    f1_en,
    f1_ko,
    load_squad,
    make_engine,
    unanswerable_beside,
    write_corpus,
)
from notelens.answer.grounding import strip_citations  # noqa: E402
from notelens.engine import Engine  # noqa: E402

# KorQuAD / XQuAD: questions 1-TUNE are the tuning part, the rest held out.
TUNE = 300


def parity(qid: str) -> str:
    digits = re.findall(r"\d+", qid)
    if not digits:
        return "odd"
    return "odd" if int(digits[-1]) % 2 else "even"


def load_questions(args: argparse.Namespace) -> tuple[list[dict[str, Any]], list[Path]]:
    """(questions, corpus folders); a question has id, question, answers, class, neg."""
    if args.set == "notesqa":
        qs = []
        for line in args.questions.read_text(encoding="utf-8").splitlines():
            if line.strip():
                o = json.loads(line)
                ans = o.get("answer")
                qs.append(
                    {
                        "id": o["id"],
                        "question": o["question"],
                        "answers": [ans] if isinstance(ans, str) else list(ans or []),
                        "class": o.get("class", "?"),
                        "lang": o.get("lang", "?"),
                        "neg": False,
                    }
                )
        # The X_unanswerable.jsonl beside X_qa.jsonl; unanswerable_ko_en.jsonl is written
        # against examples/notes, so only for the notes set's own archive.
        shared = [] if args.folders else [DATA / "unanswerable_ko_en.jsonl"]
        for path in (unanswerable_beside(args.questions), *shared):
            if not path.exists():
                continue
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    o = json.loads(line)
                    qs.append(
                        {
                            "id": o["id"],
                            "question": o["question"],
                            "answers": [],
                            "class": "unanswerable",
                            "lang": o.get("lang", "?"),
                            "kind": o.get("kind", "?"),
                            "neg": True,
                        }
                    )
        if args.folders:
            return qs, [f.resolve() for f in args.folders]
        return qs, [ROOT / "examples" / "notes", ROOT.parent / "shared" / "notes-samples"]
    ko = args.set == "korquad"
    path = (
        SHARED / "korquad" / "KorQuAD_v1.0_dev.part1.json"
        if ko
        else SHARED / "xquad-en" / "xquad.en.json"
    )
    docs, raw = load_squad(path, args.limit)
    first = max(args.start, 1)
    # --parity: by the question's number in the set (1-based), not its id.
    numbered = [
        (n, q)
        for n, q in enumerate(raw[first - 1 :], first)
        if args.parity is None or (n % 2 == 1) == (args.parity == "odd")
    ]
    corpus = args.workdir / "corpus"
    if not corpus.exists():
        write_corpus(docs, corpus)
    qs = [
        {"id": q["id"], "question": q["question"], "answers": q["answers"], "class": args.set}
        | {"neg": False, "n": n}
        for n, q in numbered
    ]
    return qs, [corpus]


def short_scores(pred: str, golds: list[str]) -> tuple[float, float]:
    """SQuAD / KorQuAD exact match and token F1 of a short answer (best gold)."""
    if not golds:
        return 0.0, 0.0
    ko = any(_is_ko(g) for g in golds)
    norm = _norm_ko if ko else _norm_en
    f1 = f1_ko if ko else f1_en
    return (
        max(float(norm(pred) == norm(g)) for g in golds),
        max(f1(pred, g) for g in golds),
    )


def cached_hits(engine: Engine, qs: list[dict[str, Any]], path: Path, k: int) -> dict[str, Any]:
    hits: dict[str, Any] = pickle.loads(path.read_bytes()) if path.exists() else {}
    todo = [q for q in qs if q["question"] not in hits]
    # ask's evidence: the reranker AnswerConfig.rerank names ("": the search's default)
    rerank = engine.settings.answer.rerank or None
    for i, q in enumerate(todo):
        hits[q["question"]] = engine.search(q["question"], k=k, mode="hybrid", rerank=rerank)
        if (i + 1) % 50 == 0:
            print(f"  searched {i + 1}/{len(todo)}", flush=True)
    if todo:
        path.write_bytes(pickle.dumps(hits))
    return hits


def answer_row(answerer: Any, q: dict[str, Any], h: list[Any], k: int) -> dict[str, Any]:
    """One question answered over its cached hits ``h``, as a replay row."""
    a = answerer.ask(q["question"], k=k, search=lambda _q, _n, h=h: h)
    text = strip_citations(a.answer)
    ok = any(contains(text, g, _is_ko(g)) for g in q["answers"])
    em, f1 = short_scores(a.short_answer or text, q["answers"])
    return {
        **q,
        "strength": a.strength,
        "refused": a.refused,
        "ok": ok and not a.refused,
        "ok_unrefused": ok,
        "short": a.short_answer,
        "chars": len(text),
        "em": em,
        "f1": f1,
        "answer": a.answer,
        "half": parity(q["id"]),
        "gold_ranks": [
            i + 1
            for i, x in enumerate(h)
            if any(contains(x.text, g, _is_ko(g)) for g in q["answers"])
        ],
    }


def set_arguments(
    ap: argparse.ArgumentParser, *, set_required: bool = False, workdir_required: bool = True
) -> None:
    """The options that name a question set and its cached retrieval (``--set``,
    ``--questions``, ``--folders``, ``--workdir``, ``--limit``, ``--start``, ``--parity``,
    ``--k``), as :func:`load_questions` and :func:`cached_hits` read them: one reading for
    every script that replays or traces a set."""
    ap.add_argument(
        "--set",
        choices=["notesqa", "korquad", "xquad"],
        required=set_required,
        default=None if set_required else "notesqa",
    )
    ap.add_argument("--questions", type=Path, default=DATA / "notes_qa.jsonl")
    ap.add_argument(
        "--folders",
        type=Path,
        nargs="+",
        default=None,
        help="notesqa: the folders to index (default: the notes set's archive)",
    )
    ap.add_argument("--workdir", type=Path, required=workdir_required)
    ap.add_argument("--limit", type=int, default=300)
    ap.add_argument(
        "--start",
        type=int,
        default=1,
        help="KorQuAD/XQuAD: first question (1-based) of the --limit first; 301 with"
        " --limit 1000 scores the held-out 301-1000",
    )
    ap.add_argument(
        "--parity",
        choices=["odd", "even"],
        default=None,
        help="KorQuAD/XQuAD: only the odd or even question numbers of --start..--limit"
        " (a tuning half and a held-out half of the same articles)",
    )
    ap.add_argument("--k", type=int, default=5)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    set_arguments(ap, set_required=True)
    ap.add_argument(
        "--passages",
        type=int,
        default=None,
        help="AnswerConfig.sentence_passages for this run (default: the config's)",
    )
    ap.add_argument("--threshold", type=float, default=None, help="default: the config's")
    ap.add_argument(
        "--reuse",
        type=Path,
        nargs=2,
        metavar=("BEFORE_JSON", "BEFORE_HITS"),
        help="copy a row from BEFORE_JSON (an --out run of the same code) where this run's"
        " cached hits are the passages BEFORE_HITS held, in the same order: the answer"
        " stage is deterministic, so only the rows whose hits differ are answered again"
        " (window_variants.py's variants change a third of them)",
    )
    ap.add_argument("--out", type=Path, default=None, help="rows as JSON")
    ap.add_argument("--misses", default="", help="print the misses of these classes (a,b)")
    ap.add_argument(
        "--evidence-rerank",
        default=None,
        help="AnswerConfig.rerank for this run ('': the search's reranker; default: the "
        "config's fused order). The hits are cached per --workdir: use a fresh one",
    )
    args = ap.parse_args()
    qs, corpus = load_questions(args)
    engine = make_engine(args.workdir, corpus if len(corpus) > 1 else corpus[0], "auto")
    if args.evidence_rerank is not None:
        from dataclasses import replace

        answer = replace(engine.settings.answer, rerank=args.evidence_rerank)
        engine.settings = replace(engine.settings, answer=answer)
    if args.passages is not None:
        from dataclasses import replace

        answer = replace(engine.settings.answer, sentence_passages=args.passages)
        engine.settings = replace(engine.settings, answer=answer)
    hits = cached_hits(engine, qs, args.workdir / f"hits-k{args.k}.pkl", args.k)
    answerer = engine._get_answerer()
    from notelens.config import AnswerConfig

    threshold = AnswerConfig().refuse_below if args.threshold is None else args.threshold
    rows = []
    seconds: list[float] = []
    kept: dict[str, dict[str, Any]] = {}
    if args.reuse:
        old_rows = json.loads(args.reuse[0].read_text(encoding="utf-8"))
        old_hits = pickle.loads(args.reuse[1].read_bytes())
        by_id = {r["id"]: r for r in old_rows}
        for q in qs:
            old = old_hits.get(q["question"])
            ids = [x.chunk_id for x in hits[q["question"]]]
            if q["id"] in by_id and old is not None and [x.chunk_id for x in old] == ids:
                kept[q["id"]] = by_id[q["id"]]
        print(f"reused {len(kept)} of {len(qs)} rows (same hits as {args.reuse[0]})")
    for q in qs:
        h = hits[q["question"]]
        if q["id"] in kept:
            rows.append(kept[q["id"]])
            continue
        t0 = time.perf_counter()
        rows.append(answer_row(answerer, q, h, args.k))
        seconds.append(time.perf_counter() - t0)

    def report(sub: list[dict[str, Any]], name: str) -> None:
        pos = [r for r in sub if not r["neg"]]
        neg = [r for r in sub if r["neg"]]

        def refused(r: dict[str, Any]) -> bool:
            return bool(r["refused"] or r["strength"] < threshold)

        msg = f"{name:>8}: n {len(pos)}"
        if pos:
            cont = sum(r["ok_unrefused"] and not refused(r) for r in pos) / len(pos)
            msg += f" contains {cont:.3f} false-ref {sum(map(refused, pos)) / len(pos):.3f}"
            # A refused question scores 0 (as answer_bench.py counts it).
            em = sum(r["em"] for r in pos if not refused(r)) / len(pos)
            f1 = sum(r["f1"] for r in pos if not refused(r)) / len(pos)
            msg += f" short EM {em:.3f} F1 {f1:.3f}"
            msg += f" avg chars {sum(r['chars'] for r in pos) / len(pos):.0f}"
        if neg:
            msg += f" | unanswerable {len(neg)} refused {sum(map(refused, neg)) / len(neg):.3f}"
        print(msg)

    print(f"threshold {threshold:.2f}")
    # The answer stage's time after retrieval (the first questions pay for model warm-up).
    warm = sorted(seconds[5:] or seconds) or [0.0]
    print(
        f"answer stage p50 {1000 * statistics.median(warm):.0f} ms"
        f" p90 {1000 * warm[int(0.9 * (len(warm) - 1))]:.0f} ms"
    )
    for half in ("odd", "even"):
        report([r for r in rows if r["half"] == half], half)
    if args.set != "notesqa":
        # The prose sets' tuning part is their first TUNE questions (short_study.py's).
        tune = [r for r in rows if r["n"] <= TUNE]
        held = [r for r in rows if r["n"] > TUNE]
        for part, name in ((tune, f"1-{TUNE}"), (held, f"{TUNE + 1}+")):
            if part:
                report(part, name)
        # The held-out part's odd / even question numbers (a tuning and a checking half).
        for rest in (1, 0):
            part = [r for r in held if r["n"] % 2 == rest]
            if part:
                report(part, f"{TUNE + 1}+{'odd' if rest else 'even'}")
    report(rows, "all")
    for cls in sorted({r["class"] for r in rows if not r["neg"]}):
        sub = [r for r in rows if r["class"] == cls]
        n = len(sub)
        print(
            f"  {cls:16} {n:4} contains {_share(sub, None, threshold)}"
            f" (odd {_share(sub, 'odd', threshold)}, even {_share(sub, 'even', threshold)})"
        )
    wanted = {c for c in args.misses.split(",") if c}
    for r in rows:
        if r["class"] in wanted and not r["ok"]:
            print(f"\n[{r['id']} {r['class']} s={r['strength']:.3f}] {r['question']}")
            print(f"   gold {r['answers']}")
            print(f"   got  {r['answer'][:300]}")
            print(f"   gold in hits at ranks {r['gold_ranks']}")
    if args.out:
        args.out.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


def _share(rows: list[dict[str, Any]], half: str | None, threshold: float) -> str:
    sub = [r for r in rows if half is None or r["half"] == half]
    ok = sum(r["ok"] and r["strength"] >= threshold for r in sub)
    return f"{ok / len(sub):.3f}" if sub else "-"


if __name__ == "__main__":
    main()
