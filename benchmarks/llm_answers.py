"""Local-LLM answers: gold containment, refusals and seconds per answer, per model.

Runs the real pipeline (`Engine.ask` with `--llm SPEC`, default refusal threshold, the
same citation check as every answer) on small seeded samples of

* the notes question set (benchmarks/data/notes_qa.jsonl and notes_unanswerable.jsonl,
  read from this worktree or from --notes-data) over ../shared/notes-samples and
  examples/notes;
* KorQuAD 1.0 dev and XQuAD-en: the sampled questions' paragraphs plus distractor
  paragraphs of the same set (--distractors), indexed as documents. A small corpus
  makes retrieval easier than over the whole set: the numbers measure the answer
  stage, not retrieval.

Metrics per set and model: `contain` (gold answer string in the answer, SQuAD /
KorQuAD normalisation of answer_bench.py; a refusal is a miss), `refused` (share of
answerable questions refused: false refusals), `refuse_unans` (share of unanswerable
questions refused), `llm` (share answered by the LLM rather than refused or by the
extractive fallback), `s_p50` / `s_mean` (wall seconds per `ask`, retrieval included).
`extractive` can be given as a spec for the baseline from the same samples.

    PYTHONPATH=src nice -n 5 .venv/bin/python benchmarks/llm_answers.py \\
        --llm extractive,local:0.5b,local:1.5b --n 15 --unanswerable 10 --threads 2 \\
        --workdir .bench/llm --out .bench/llm-answers.json

`--half held` (the default) asks the held-out half: even notes ids, and KorQuAD/XQuAD
questions after the first TUNE_POOL of the seeded draw; `--half tune` the tuning half.
`--prompt chunks` gives local models main's whole-chunk prompt (the "before").
`llm_answers.py --table A.json B.json ...` prints one table over several runs' files,
each set restricted to the questions all its models were asked.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from answer_bench import contains, load_squad, write_corpus  # noqa: E402
from notelens.config import AnswerConfig, LLMConfig, Settings  # noqa: E402
from notelens.engine import Engine  # noqa: E402

Row = dict[str, Any]
#: KorQuAD/XQuAD questions set aside for tuning (the first of each seeded draw).
TUNE_POOL = 20


def make_engine(work: Path, corpora: list[Path], args: argparse.Namespace) -> Engine:
    settings = replace(
        Settings(index_dir=work / "index"),
        answer=replace(
            AnswerConfig(),
            evidence_tokens=args.evidence_tokens,
            max_answer_tokens=args.max_tokens,
        ),
        llm=replace(LLMConfig(), n_threads=args.threads, n_ctx=args.n_ctx),
    )
    engine = Engine(settings=settings)
    if engine.layout.read_meta() is None:
        t0 = time.perf_counter()
        engine.index(corpora)
        print(f"indexed {[str(c) for c in corpora]} in {time.perf_counter() - t0:.1f}s")
    return engine


class ReplayGenerator:
    """Replays a model's stored reply (``raw`` of an earlier run) for one question.

    At temperature 0 over the same index the prompt, and so the reply, are the same:
    replaying re-scores what the model said under the current answer stage (citation
    check, composition) in seconds instead of minutes per answer."""

    name = "replay"
    prompt_style = "focused"

    def __init__(self, replies: dict[str, str], asked: set[str]) -> None:
        self.replies = replies
        self.asked = asked
        # the stored run's seconds and prompt tokens per question (the real cost)
        self.stored: dict[str, tuple[float, Any]] = {}
        self.current = ""
        self.last_timings: dict[str, Any] = {}

    def stream(self, messages: Any, *, max_tokens: int, temperature: float) -> Any:
        reply = self.replies.get(self.current)
        if reply is None:
            raise RuntimeError(f"no stored reply for {self.current}: the stored run refused it")
        self.last_timings = {"prompt_n": self.stored[self.current][1]}
        yield from ([reply] if reply else [])

    def close(self) -> None:
        pass


def load_replies(paths: list[Path], spec: str) -> ReplayGenerator:
    """The stored raw replies of ``spec`` in result files (where the model ran), and
    the ids of every question those runs asked."""
    out: dict[str, str] = {}
    asked: set[str] = set()
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        for name, models in data.items():
            if name == "args" or spec not in models:
                continue
            for r in models[spec]["answerable"] + models[spec]["unanswerable"]:
                asked.add(r["id"])
                if r.get("prompt_tokens"):
                    out[r["id"]] = r["raw"]
    replay = ReplayGenerator(out, asked)
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        for name, models in data.items():
            if name != "args" and spec in models:
                for r in models[spec]["answerable"] + models[spec]["unanswerable"]:
                    replay.stored[r["id"]] = (r["seconds"], r.get("prompt_tokens"))
    return replay


def ask_all(
    engine: Engine,
    qs: list[Row],
    spec: str,
    ko: bool | None,
    prompt: str = "",
    rows: list[Row] | None = None,
    after: Callable[[], None] | None = None,
    replay: ReplayGenerator | None = None,
) -> list[Row]:
    """Ask ``qs``; each row is appended to ``rows`` and ``after`` runs after each
    question (the caller saves: a run stopped midway keeps what it measured)."""
    rows = [] if rows is None else rows
    gen: Any = None
    if replay is not None:
        gen = replay
        engine._get_answerer().generator = lambda llm: replay  # type: ignore[method-assign]
    elif prompt and spec != "extractive":
        # Load the model first (its load is not an answer's time) and pick the prompt.
        gen = engine._get_answerer().generator(spec)
        gen.prompt_style = prompt
    for q in qs:
        raw: list[str] = []  # the model's own reply, before the citation check
        if gen is not None:
            gen.last_timings = {}  # llama.cpp's counts of this question's request
        if replay is not None:
            if q["id"] not in replay.asked:
                continue  # the stored run did not reach this question
            replay.current = q["id"]
        t0 = time.perf_counter()
        ans = engine.ask(q["question"], llm=spec, on_token=raw.append)
        secs = time.perf_counter() - t0
        lang_ko = ko if ko is not None else q.get("lang") != "en"
        golds = q.get("answers") or []
        rows.append(
            {
                "id": q["id"],
                "refused": ans.refused,
                "mode": ans.mode,
                "fallback": bool(ans.note),
                "contain": (not ans.refused)
                and any(contains(ans.answer, g, lang_ko) for g in golds),
                # the model's own reply (citations aside) holds the gold answer
                "contain_reply": (not ans.refused)
                and any(contains("".join(raw), g, lang_ko) for g in golds),
                "seconds": replay.stored[q["id"]][0] if replay is not None else round(secs, 2),
                "answer": ans.answer,
                "raw": "".join(raw),
                # prompt tokens llama.cpp evaluated (None: refused before the model ran)
                "prompt_tokens": (gen.last_timings.get("prompt_n") if gen is not None else None),
            }
        )
        print(f"  {spec} {q['id']} {secs:5.1f}s refused={ans.refused} {ans.answer[:80]!r}")
        if after is not None:
            after()
    return rows


def summarize(pos: list[Row], neg: list[Row], spec: str) -> dict[str, float | int]:
    secs = [r["seconds"] for r in pos + neg]
    llm = spec != "extractive"
    out: dict[str, float | int] = {"n": len(pos), "n_unans": len(neg)}
    if pos:
        out["contain"] = round(sum(r["contain"] for r in pos) / len(pos), 3)
        out["refused"] = round(sum(r["refused"] for r in pos) / len(pos), 3)
        if llm and all("contain_reply" in r for r in pos):
            out["contain_reply"] = round(sum(r["contain_reply"] for r in pos) / len(pos), 3)
        if llm:
            answered = [r for r in pos if not r["refused"] and not r["fallback"]]
            out["llm"] = round(len(answered) / len(pos), 3)
    if neg:
        out["refuse_unans"] = round(sum(r["refused"] for r in neg) / len(neg), 3)
    ptoks = [r["prompt_tokens"] for r in pos + neg if r.get("prompt_tokens")]
    if ptoks:
        out["prompt_tokens_p50"] = int(statistics.median(ptoks))
    ran = [r["seconds"] for r in pos + neg if r.get("prompt_tokens")]
    if ran:  # seconds of the answers the model wrote (not refused before it ran)
        out["s_p50_model"] = round(statistics.median(ran), 2)
    out["s_p50"] = round(statistics.median(secs), 2) if secs else 0.0
    out["s_mean"] = round(statistics.fmean(secs), 2) if secs else 0.0
    return out


def notes_sets(args: argparse.Namespace) -> tuple[list[Row], list[Row]]:
    folder = args.notes_data
    rng = random.Random(args.seed)
    qa = [json.loads(x) for x in (folder / "notes_qa.jsonl").read_text().splitlines() if x]
    un = [
        json.loads(x) for x in (folder / "notes_unanswerable.jsonl").read_text().splitlines() if x
    ]
    # Tuning half: odd ids (n001, n003, ...); held-out half: even ids. Unanswerable
    # questions split the same way (u001 tune, u002 held).
    qa, un = _half(qa, args.half), _half(un, args.half)
    pos = [{**q, "answers": q["answer"]} for q in rng.sample(qa, min(args.n, len(qa)))]
    neg = rng.sample(un, min(args.unanswerable, len(un)))
    return pos, neg


def _half(rows: list[Row], half: str) -> list[Row]:
    """Rows of one half by the parity of the number in their id (``all``: every row)."""
    if half == "all":
        return rows
    want = 1 if half == "tune" else 0
    return [r for r in rows if int("".join(c for c in r["id"] if c.isdigit()) or 0) % 2 == want]


def squad_set(name: str, args: argparse.Namespace, work: Path) -> tuple[Path, list[Row]]:
    path = (
        SHARED / "eval" / "korquad" / "KorQuAD_v1.0_dev.part1.json"
        if name == "korquad"
        else SHARED / "eval" / "xquad-en" / "xquad.en.json"
    )
    docs, qs = load_squad(path, None)
    rng = random.Random(args.seed)
    # One draw: its first TUNE_POOL questions are the tuning half, the next n the
    # held-out half (a prefix of the same draw for any n, so n=10 is the first half of
    # n=20). The corpus holds the paragraphs of all drawn questions; an existing corpus
    # folder is reused as it is (build it with the largest n first).
    drawn = rng.sample(qs, TUNE_POOL + args.n)
    tune, held = drawn[: min(args.n, TUNE_POOL)], drawn[TUNE_POOL:]
    chosen = {"tune": tune, "held": held, "all": tune + held}[args.half]
    keep = {q["doc"] for q in drawn}
    others = sorted(set(docs) - keep)
    keep |= set(rng.sample(others, min(args.distractors, len(others))))
    corpus = work / "corpus"
    if not corpus.exists():
        write_corpus({d: docs[d] for d in sorted(keep)}, corpus)
    return corpus, chosen


def results_table(paths: list[Path]) -> str:
    """A markdown table of result files (``--out`` of several runs), each set's metrics
    recomputed over the questions every model of that set answered (the same ids)."""
    runs: dict[str, dict[str, Any]] = {}
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        for name, models in data.items():
            if name != "args":
                runs.setdefault(name, {}).update(models)
    keys = ["contain", "contain_reply", "refused", "refuse_unans", "llm", "s_p50"]
    keys += ["s_p50_model", "prompt_tokens_p50"]
    lines = [f"| set | model | n | {' | '.join(keys)} |", "|---" * (len(keys) + 3) + "|"]
    for name, models in runs.items():
        pos_ids = set.intersection(*({r["id"] for r in m["answerable"]} for m in models.values()))
        neg_ids = set.intersection(*({r["id"] for r in m["unanswerable"]} for m in models.values()))
        for spec, m in models.items():
            pos = [r for r in m["answerable"] if r["id"] in pos_ids]
            neg = [r for r in m["unanswerable"] if r["id"] in neg_ids]
            sm = summarize(pos, neg, spec)
            cells = [str(sm.get(k, "-")) for k in keys]
            lines.append(f"| {name} | {spec} | {len(pos)}+{len(neg)} | {' | '.join(cells)} |")
    return "\n".join(lines)


def main() -> None:
    if sys.argv[1:2] == ["--table"]:
        print(results_table([Path(p) for p in sys.argv[2:]]))
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--llm", default="extractive,local:1.5b", help="comma-separated specs")
    ap.add_argument("--sets", default="notes,korquad,xquad")
    ap.add_argument("--n", type=int, default=15, help="answerable questions per set")
    ap.add_argument("--unanswerable", type=int, default=10, help="notes set only")
    ap.add_argument("--distractors", type=int, default=60)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--n-ctx", type=int, default=4096)
    ap.add_argument("--evidence-tokens", type=int, default=AnswerConfig().evidence_tokens)
    ap.add_argument("--max-tokens", type=int, default=AnswerConfig().max_answer_tokens)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--replay",
        type=Path,
        nargs="*",
        default=None,
        help="result files: re-score their stored replies with the current answer stage",
    )
    ap.add_argument(
        "--prompt",
        choices=("focused", "chunks"),
        default="focused",
        help="local models: the focused prompt (default) or main's whole-chunk prompt",
    )
    ap.add_argument(
        "--half",
        choices=("tune", "held", "all"),
        default="held",
        help="notes: odd ids (tune) or even ids (held); KorQuAD/XQuAD: first or last n of 2n",
    )
    ap.add_argument("--notes-data", type=Path, default=ROOT / "benchmarks" / "data")
    ap.add_argument("--workdir", type=Path, default=ROOT / ".bench" / "llm")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    specs = [s.strip() for s in args.llm.split(",") if s.strip()]
    results: dict[str, Any] = {"args": {k: str(v) for k, v in vars(args).items()}}
    for name in args.sets.split(","):
        work = args.workdir / name
        if name == "notes":
            pos, neg = notes_sets(args)
            corpora = [SHARED / "notes-samples", ROOT / "examples" / "notes"]
            ko: bool | None = None
        else:
            corpus, pos = squad_set(name, args, work)
            neg, corpora, ko = [], [corpus], name == "korquad"
        engine = make_engine(work, corpora, args)
        for spec in specs:
            print(f"{name} / {spec}", flush=True)
            entry: dict[str, Any] = {"summary": {}, "answerable": [], "unanswerable": []}
            results.setdefault(name, {})[spec] = entry

            def save() -> None:
                if args.out:
                    args.out.parent.mkdir(parents=True, exist_ok=True)
                    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1))

            replay = load_replies(args.replay, spec) if args.replay else None
            p_rows = ask_all(engine, pos, spec, ko, args.prompt, entry["answerable"], save, replay)
            n_rows = ask_all(
                engine, neg, spec, ko, args.prompt, entry["unanswerable"], save, replay
            )
            entry["summary"] = summarize(p_rows, n_rows, spec)
            print(f"{name} / {spec}: {entry['summary']}", flush=True)
            save()
    table = {s: {m: results[s][m]["summary"] for m in results[s]} for s in args.sets.split(",")}
    print(json.dumps(table, indent=1))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
