"""Where the passage that answers sits in ask's evidence, searched again with the current
code, per notes set and class (issue #15 / #22, sixteenth round: retrieval across
languages).

`answer_replay.py` caches ask's five hits once per workdir, so a retrieval change needs a
fresh index and a full replay (minutes per set). This probe opens the same index (the
replay's `CACHE/fresh-<set>/index`, built by `replay_sets.sh`), searches every answerable
question again with the code on PYTHONPATH, the way ask's evidence is searched (hybrid,
k=5, the fused order: `AnswerConfig.rerank` is `identity`), and reports the rank of the
first hit that holds a gold answer string (the replay's `gold_ranks[0]`): "gold@1" per
half and for the cross-language class. With `--base BASE.json` (a replay's `--out`) it
compares with that replay's `gold_ranks` row by row: the odd (tuning) rows that moved
are listed with their question, the even (held-out) rows by id only.

    PYTHONPATH=src nice -n 10 .venv/bin/python benchmarks/xlang_probe.py --set blind5 \\
        --cache .bench --base /work/briefs/base18/blind5.json
    ... --explain f211      # the legs' ranks of the gold hits for one (odd) question
    ... --variant across_weight_ko=0.2,across_weight_mixed=0.2 --variant ...

``--same-hits WORKDIR`` searches every question cached in ``WORKDIR/hits-k5.pkl`` (any
replay's workdir: KorQuAD's, XQuAD's) again and counts the questions whose five hits
differ from the cached ones (chunk ids in order): the check that a change leaves a set's
retrieval as it was.

    ... --same-hits .bench/korquad      # --set is not needed then

Each ``--variant`` sets FusionConfig fields for one pass over the questions (one process:
the query vectors are embedded once); without one, the settings as they are.

Only retrieval is measured: the figures to quote for answers come from the replay.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from answer_bench import _is_ko, contains, make_engine  # noqa: E402
from answer_replay import parity  # noqa: E402

DATA = ROOT / "benchmarks" / "data"


def _value(text: str) -> int | float | str:
    """A FusionConfig value: a whole number (depths), a number (weights) or a name
    (``absent_floor=one``)."""
    if text.isdigit():
        return int(text)
    try:
        return float(text)
    except ValueError:
        return text


def questions(name: str) -> list[dict[str, Any]]:
    path = DATA / ("notes_qa.jsonl" if name == "notesqa" else f"{name}_qa.jsonl")
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            o = json.loads(line)
            ans = o.get("answer")
            o["answers"] = [ans] if isinstance(ans, str) else list(ans or [])
            out.append(o)
    return out


def gold_rank(texts: list[str], answers: list[str]) -> int | None:
    for i, text in enumerate(texts, start=1):
        if any(contains(text, g, _is_ko(g)) for g in answers):
            return i
    return None


def share(rows: list[dict[str, Any]], key: str) -> str:
    return f"{sum(r[key] == 1 for r in rows) / len(rows):.3f} ({len(rows)})" if rows else "-"


def within(rows: list[dict[str, Any]], key: str) -> str:
    """The share of rows whose gold is anywhere in the five hits ask reads."""
    found = sum(r[key] is not None and r[key] >= 1 for r in rows)
    return f"{found / len(rows):.3f}" if rows else "-"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", help="notesqa, blind, blind2 .. blind6")
    ap.add_argument("--same-hits", type=Path, help="a replay workdir with hits-k5.pkl")
    ap.add_argument("--limit", type=int, default=0, help="--same-hits: the first N questions")
    ap.add_argument("--cache", type=Path, default=ROOT / ".bench")
    ap.add_argument("--base", type=Path, help="a replay's --out JSON to compare with")
    ap.add_argument("--explain", action="append", default=[], help="a question id")
    ap.add_argument("--depth", type=int, default=30, help="fused depth for --explain")
    ap.add_argument("--variant", action="append", default=[], help="FIELD=VALUE,... (FusionConfig)")
    ap.add_argument("--quiet", action="store_true", help="counts only, no moved rows")
    args = ap.parse_args()
    if args.same_hits:
        same_hits(args.same_hits, args.limit)
        return
    if not args.set:
        ap.error("--set or --same-hits is required")
    workdir = args.cache / f"fresh-{args.set}"
    if not (workdir / "index").exists():
        sys.exit(f"no index in {workdir}: run replay_sets.sh for {args.set} first")
    engine = make_engine(workdir, [], "auto")
    base = (
        {r["id"]: r for r in json.loads(args.base.read_text(encoding="utf-8"))} if args.base else {}
    )
    engine.search("warm up", k=1)
    searcher = engine._get_searcher()
    searcher._cache_size = 100_000  # every question's vector embedded once for all variants
    start = searcher.fusion
    for variant in args.variant or [""]:
        values = dict(kv.split("=", 1) for kv in variant.split(",") if kv)
        searcher.fusion = replace(start, **{k: _value(v) for k, v in values.items()})
        print(f"\n== variant {variant or '(as configured)'}")
        run(engine, args, base)


def run(engine: Any, args: argparse.Namespace, base: dict[str, Any]) -> None:
    rows = []
    for q in questions(args.set):
        if q["id"] in args.explain:
            explain(engine, q, args.depth)
        hits = engine.search(q["question"], k=5, mode="hybrid", rerank="identity")
        b = base.get(q["id"], {}).get("gold_ranks")
        rows.append(
            {
                "id": q["id"],
                "q": q["question"],
                "class": q.get("class", "?"),
                "half": parity(q["id"]),
                "now": gold_rank([h.text for h in hits], q["answers"]),
                "before": (b[0] if b else None) if b is not None else -1,
            }
        )
    print(f"set {args.set}: gold@1 now (before) by half; cross_language rows")
    for half in ("odd", "even", None):
        sub = [r for r in rows if half is None or r["half"] == half]
        xl = [r for r in sub if r["class"] == "cross_language"]
        line = f"  {half or 'all'}: {share(sub, 'now')}"
        if base:
            line += f" ({share(sub, 'before')})"
        line += f"  in top 5 {within(sub, 'now')}"
        if base:
            line += f" ({within(sub, 'before')})"
        line += f"   cross_language {share(xl, 'now')}"
        if base:
            line += f" ({share(xl, 'before')})"
        print(line)
    if not base or args.quiet:
        return
    for half in ("odd", "even"):
        up = [r for r in rows if r["half"] == half and r["now"] == 1 and r["before"] != 1]
        down = [r for r in rows if r["half"] == half and r["now"] != 1 and r["before"] == 1]
        moved = [r for r in rows if r["half"] == half and r["now"] != r["before"]]
        found = [r for r in rows if r["half"] == half and r["now"] and not r["before"]]
        lost = [r for r in rows if r["half"] == half and not r["now"] and r["before"]]
        print(f"  {half}: gold@1 better {len(up)} / worse {len(down)}; rank moved {len(moved)}")
        print(
            f"  {half}: into the top 5 {' '.join(r['id'] for r in found) or '-'};"
            f" out of it {' '.join(r['id'] for r in lost) or '-'}"
        )
        for r in moved:
            tail = f"  {r['q']}" if half == "odd" else ""
            print(f"    {r['id']} {r['class']}: {r['before']} -> {r['now']}{tail}")


def same_hits(workdir: Path, limit: int) -> None:
    """How many cached questions' five hits a search with the current code changes."""
    import pickle

    cached: dict[str, Any] = pickle.loads((workdir / "hits-k5.pkl").read_bytes())
    engine = make_engine(workdir, [], "auto")
    questions = list(cached)[: limit or None]
    changed = []
    for q in questions:
        now = [h.chunk_id for h in engine.search(q, k=5, mode="hybrid", rerank="identity")]
        if now != [h.chunk_id for h in cached[q]]:
            changed.append(q)
    print(f"{workdir}: {len(questions)} questions, {len(changed)} with other hits")
    for q in changed[:20]:
        print(f"  {q}")


def explain(engine: Any, q: dict[str, Any], depth: int) -> None:
    """The legs' ranks and scores of the fused top ``depth`` for one question."""
    hits = engine.search(q["question"], k=depth, mode="hybrid", rerank="identity")
    print(f"\n[{q['id']} {q.get('class')}] {q['question']}  gold {q['answers']}")
    for h in hits:
        e = h.explanation
        gold = "*" if gold_rank([h.text], q["answers"]) else " "
        if gold == " " and h.rank > 3:
            continue  # the head and the hits that hold a gold string
        first = " ".join(h.text.split())[:90]
        print(
            f" {gold}{h.rank:3d} fused {h.score:6.2f} bm25 {e.bm25_rank} dense {e.dense_rank}"
            f" ({(e.dense_score or 0):.3f}) {h.lang}  {first}"
        )


if __name__ == "__main__":
    main()
