"""CAG against RAG on the same questions, with the same local model.

For each mode a fresh process (so peak RSS is the mode's own) loads the model and asks
the questions in order, streaming, and records per question: answer containment (the
gold string in the checked answer), time to first token, total time, and for CAG
llama.cpp's prompt tokens evaluated vs taken from the KV cache. CAG preloads the notes
in scope first (its cost is reported apart: a warm process pays it once).

    PYTHONPATH=src .venv/bin/python benchmarks/cag_bench.py --index /tmp/chat-idx \
        --llm smollm2 --source '*/misc/plain-ideas.txt' [--ctx 8192] [--json out.json]

The index must hold examples/notes. The questions (with gold strings) are those of
QUESTIONS below whose note is in scope; they were written for examples/notes.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

# (note file, question, gold string): written over examples/notes for this benchmark.
QUESTIONS: list[tuple[str, str, str]] = [
    (
        "misc/plain-ideas.txt",
        "How many training tokens per parameter did Chinchilla suggest?",
        "20",
    ),
    ("misc/plain-ideas.txt", "Chinchilla은 몇 B 파라미터였어?", "70B"),
    ("misc/plain-ideas.txt", "How many tokens was Llama 3 8B trained on?", "15T"),
    ("misc/plain-ideas.txt", "Which model did Chinchilla outperform?", "Gopher"),
    ("papers/efficient-finetuning.md", "QLoRA는 65B 모델을 몇 GB GPU에서 학습했어?", "48GB"),
    ("papers/efficient-finetuning.md", "How much does LoRA cut trainable parameters?", "10,000"),
    ("papers/efficient-finetuning.md", "Who proposed DoRA?", "NVIDIA"),
    ("papers/attention-variants.txt", "GQA uptraining은 compute의 몇 %를 써?", "5%"),
    ("papers/attention-variants.txt", "Who wrote the FlashAttention paper?", "Dao"),
]


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_mode(args: argparse.Namespace) -> dict[str, Any]:
    from dataclasses import replace

    from notelens.config import Settings
    from notelens.engine import Engine

    base = Settings.from_env()
    settings = replace(
        base,
        answer=replace(base.answer, max_answer_tokens=args.max_tokens),
        # One thread by default: llama.cpp's spinning workers crawl on a shared machine.
        llm=replace(base.llm, n_threads=args.threads),
    )
    engine = Engine(args.index, settings=settings)
    questions = [
        (q, gold) for note, q, gold in QUESTIONS if fnmatch.fnmatch("/" + note, args.source)
    ]
    if not questions:
        raise SystemExit(f"no benchmark question has its note in {args.source!r}")
    questions = questions[: args.limit]
    rows: list[dict[str, Any]] = []
    out: dict[str, Any] = {
        "mode": args.mode,
        "llm": args.llm,
        "source": args.source,
        "max_tokens": args.max_tokens,
        "threads": args.threads,
    }
    start = time.perf_counter()
    if args.mode == "cag":
        context = engine.cag(llm=args.llm, source=args.source, n_ctx=args.ctx, preload=False)
        preload = context.preload()
        out["preload"] = {**preload.to_dict(), "note_tokens_est": context.tokens}
        out["passages"] = len(context.hits)
        for q, gold in questions:
            answer, stats = context.ask(q)
            rows.append(
                {
                    "question": q,
                    "contains": gold.lower() in answer.answer.lower(),
                    "refused": answer.refused,
                    **stats.to_dict(),
                }
            )
        context.close()
    else:
        engine.search("warm up", k=1)  # the index and the embedder, as in a warm process
        for q, gold in questions:
            t0 = time.perf_counter()
            first: list[float] = []

            def on_token(_piece: str, first: list[float] = first, t0: float = t0) -> None:
                if not first:
                    first.append(time.perf_counter() - t0)

            answer = engine.ask(q, k=args.k, llm=args.llm, source=args.source, on_token=on_token)
            total = time.perf_counter() - t0
            gen = engine.generator(args.llm)
            timings = getattr(gen, "last_timings", {}) or {}
            rows.append(
                {
                    "question": q,
                    "contains": gold.lower() in answer.answer.lower(),
                    "refused": answer.refused,
                    "ttft_s": round(first[0] if first else total, 3),
                    "total_s": round(total, 3),
                    "prompt_tokens": int(timings.get("prompt_n", -1)),
                    "cached_tokens": int(timings.get("cache_n", -1)),
                }
            )
    out["seconds"] = round(time.perf_counter() - start, 1)
    out["questions"] = rows
    out["containment"] = round(sum(r["contains"] for r in rows) / len(rows), 3)
    out["ttft_first_s"] = rows[0]["ttft_s"]
    out["ttft_rest_mean_s"] = (
        round(sum(r["ttft_s"] for r in rows[1:]) / (len(rows) - 1), 3) if len(rows) > 1 else None
    )
    out["peak_rss_mb"] = round(_peak_rss_mb(), 1)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--llm", default="smollm2")
    ap.add_argument("--source", default="*/misc/plain-ideas.txt")
    ap.add_argument("--ctx", type=int, default=8192)
    ap.add_argument("-k", type=int, default=5)
    ap.add_argument("--limit", type=int, default=4)
    ap.add_argument("--max-tokens", type=int, default=64, help="answer tokens (both modes)")
    ap.add_argument("--threads", type=int, default=1, help="llama.cpp threads (0: all)")
    ap.add_argument("--mode", choices=("rag", "cag", "both"), default="both")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    if args.mode != "both":
        print(json.dumps(run_mode(args), ensure_ascii=False))
        return 0
    results = []
    for mode in ("cag", "rag"):
        cmd = [sys.executable, __file__, *(argv or sys.argv[1:]), "--mode", mode]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(done.stderr[-2000:], file=sys.stderr)
            return done.returncode
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    report = {"results": results}
    print(json.dumps(report, ensure_ascii=False, indent=1))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
