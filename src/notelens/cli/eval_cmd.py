"""``notelens eval``: measure retrieval and answers on a question set; ``eval compare``
(paired significance tests between two runs); ``eval generate`` (question sets from the
user's own notes). Heavy imports happen inside the commands.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from notelens.cli.common import IndexOpt, JsonOpt, err, out
from notelens.cli.common import engine as _engine
from notelens.cli.common import fail as _fail
from notelens.cli.common import guard as _guard
from notelens.cli.render import plural
from notelens.config import LIMITS

if TYPE_CHECKING:
    from notelens.evaluate.results import EvalResult
    from notelens.types import FileReport

_HELP = (
    "Measure how well notelens finds (and answers) on a question set.\n\n"
    "DATASET is FORMAT:PATH, FORMAT one of: beir:DIR (corpus.jsonl, queries.jsonl, "
    "qrels/*.tsv); autorag:DIR (corpus + qa parquet); squad:FILE.json (SQuAD, KorQuAD); "
    "trec:RUN[,RUN...] with --qrels; notes:FILE.jsonl (questions over the index given by "
    "--index).\n\n"
    "Corpus datasets get their own cached index; your notes index is never touched. "
    "Subcommands: compare (paired significance tests), generate (questions from your "
    "notes), report (HTML from a saved result)."
)


class LineProgress:
    """Progress as plain lines on stderr (non-terminals, logs): one per phase and ~10%."""

    def __init__(self) -> None:
        self._name = ""
        self._total: int | None = None
        self._done = 0
        self._t0 = time.perf_counter()
        self._next = 0

    def start(self, total_files: int) -> None:
        err.print(f"indexing {plural(total_files, 'file')}")

    def file_done(self, report: FileReport) -> None:
        pass

    def phase(self, name: str, total: int | None = None) -> None:
        if self._name and self._total:
            err.print(f"{self._name}: {self._done}/{self._total} in {self._elapsed():.1f}s")
        self._name, self._total, self._done, self._next = name, total, 0, 0
        self._t0 = time.perf_counter()
        if total:
            err.print(f"{name}: 0/{total}")

    def advance(self, n: int = 1) -> None:
        self._done += n
        if self._total and self._done >= self._next and self._done < self._total:
            if self._next:
                err.print(f"{self._name}: {self._done}/{self._total} ({self._elapsed():.0f}s)")
            self._next = self._done + max(1, self._total // 10)

    def _elapsed(self) -> float:
        return time.perf_counter() - self._t0

    def close(self) -> None:
        self.phase("")


def _ints(text: str, what: str) -> list[int]:
    try:
        values = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        _fail(f"{what} must be comma-separated integers, not {text!r}", 2)
    if not values or min(values) < 1 or max(values) > LIMITS.max_k:
        _fail(f"{what} values must be between 1 and {LIMITS.max_k}", 2)
    return values


def _print_result(result: EvalResult) -> None:
    from rich import box
    from rich.table import Table

    from notelens.evaluate.scoring import primary_metric

    ds = result.dataset
    idx = result.index
    out.print(
        f"[bold]{ds['name']}[/] ({ds['format']}): {ds['queries']} queries"
        + (f", {ds['docs']} documents" if ds.get("docs") else "")
    )
    if idx.get("files") is not None:
        how = f"built in {idx['seconds']:.1f}s" if idx.get("built") else "reused from the cache"
        out.print(f"index: {idx['dir']} ({plural(idx['chunks'], 'chunk')}, {how})")
    ks = result.ks
    primary = primary_metric(ks)
    cols = [primary] + [f"Recall@{k}" for k in ks] + [f"MRR@{10 if 10 in ks else max(ks)}", "MAP"]
    # Two-line headers keep the table inside 80 columns (pipes and logs).
    short = {
        c: c.replace("Recall@", "R@").replace("nDCG@", "nDCG\n@").replace("MRR@", "MRR\n@")
        for c in cols
    }
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, padding=(0, 1))
    table.add_column("mode")
    for c in cols:
        table.add_column(short[c], justify="right")
    for c in ("p50 ms", "p95 ms"):
        table.add_column(c, justify="right")
    best = {c: max(m.metrics[c] for m in result.modes.values()) for c in cols}
    for name, m in result.modes.items():
        cells = [
            (
                f"[bold]{m.metrics[c]:.3f}[/]"
                if len(result.modes) > 1 and m.metrics[c] == best[c]
                else f"{m.metrics[c]:.3f}"
            )
            for c in cols
        ]
        speed = [
            f"{m.p50_ms:.0f}" if m.p50_ms is not None else "-",
            f"{m.p95_ms:.0f}" if m.p95_ms is not None else "-",
        ]
        table.add_row(name, *cells, *speed)
    out.print(table)
    out.print("[dim]all metrics (P@k, F1@k, Hit@k, nDCG@k, ...): --json or --report[/]")
    if result.answers is not None:
        a = result.answers
        line = ", ".join(f"{k} {v:.3f}" for k, v in a.metrics.items())
        out.print(f"answers ({plural(len(a.rows), 'question')}, {a.seconds:.1f}s): {line}")
        for name, groups in a.by_field.items():  # e.g. per class of a notes set
            parts = ", ".join(
                f"{v} {m['Containment']:.2f} (n={m['n']:.0f})" for v, m in groups.items()
            )
            out.print(f"  containment by {name}: {parts}")


def register(app: typer.Typer) -> None:
    group = typer.Typer(help=_HELP, invoke_without_command=True, no_args_is_help=False)

    @group.callback(invoke_without_command=True)
    def eval_main(
        ctx: typer.Context,
        dataset: Annotated[
            str | None, typer.Option("--dataset", "-d", help="FORMAT:PATH (see above).")
        ] = None,
        qrels: Annotated[
            Path | None,
            typer.Option("--qrels", help="Qrels file (beir: override; trec: required)."),
        ] = None,
        modes: Annotated[
            str, typer.Option("--modes", help="Comma-separated.")
        ] = "bm25,dense,hybrid",
        k: Annotated[str, typer.Option("--k", help="Cut-offs, comma-separated.")] = "1,5,10,100",
        limit: Annotated[
            int | None, typer.Option("--limit", min=1, help="Only the first N questions.")
        ] = None,
        answers: Annotated[
            bool, typer.Option("--answers", help="Also answer each question and score the answers.")
        ] = False,
        answers_limit: Annotated[
            int | None, typer.Option("--answers-limit", min=1, help="Answer at most N questions.")
        ] = None,
        llm: Annotated[
            str | None,
            typer.Option(
                "--llm", help="LLM spec for --answers (default: $NOTELENS_LLM, else extractive)."
            ),
        ] = None,
        index: IndexOpt = None,
        as_json: JsonOpt = False,
        report: Annotated[
            Path | None, typer.Option("--report", help="Write a self-contained HTML report here.")
        ] = None,
        save: Annotated[
            Path | None, typer.Option("--save", help="Also write the JSON result to this file.")
        ] = None,
        cache: Annotated[
            Path | None,
            typer.Option(
                "--cache", help="Cache folder for dataset indexes (default: $NOTELENS_CACHE)."
            ),
        ] = None,
        by: Annotated[
            str,
            typer.Option(
                "--by",
                help="chunk: a document ranks at its best chunk; doc: its chunks' scores "
                "add up (judgments per document).",
            ),
        ] = "chunk",
        judge: Annotated[
            str | None,
            typer.Option(
                "--judge",
                help="Judge the answers (implies --answers): checklist (yes/no per "
                "criterion) or llm (a 1-10 grade), by an LLM.",
            ),
        ] = None,
        judge_llm: Annotated[
            str | None,
            typer.Option("--judge-llm", help="The judge's LLM spec (default: --llm's)."),
        ] = None,
    ) -> None:
        """Evaluate a dataset (see `notelens eval --help`)."""
        if ctx.invoked_subcommand is not None:
            return
        if dataset is None:
            err.print(ctx.get_help())
            raise typer.Exit(2)
        ks = _ints(k, "--k")
        mode_list = [m.strip() for m in modes.split(",") if m.strip()]
        if judge is not None and judge not in ("checklist", "llm"):
            err.print("--judge must be checklist or llm")
            raise typer.Exit(2)

        def body() -> None:
            from notelens.cli.render import RichProgress
            from notelens.evaluate.api import evaluate
            from notelens.evaluate.report import write_report

            engine = _engine(index)
            progress: RichProgress | LineProgress = (
                RichProgress(err) if err.is_terminal else LineProgress()
            )
            try:
                result = evaluate(
                    engine,
                    dataset,
                    qrels=qrels,
                    modes=mode_list,
                    ks=ks,
                    limit=limit,
                    answers=answers or judge is not None,
                    answers_limit=answers_limit,
                    llm=llm,
                    cache_dir=cache,
                    progress=progress,
                    by=by,
                )
            finally:
                progress.close()
            data = result.to_dict()
            verdicts = None
            if judge is not None and result.answers is not None:
                from notelens.evaluate.judge import judge_answers, judge_generator

                judged = judge_answers(
                    result.answers.rows,
                    judge,
                    judge_generator(judge_llm or llm, engine.settings.llm),
                )
                verdicts = judged.to_dict()
                data["judge"] = verdicts
            payload = json.dumps(data, ensure_ascii=False)
            if save is not None:
                save.parent.mkdir(parents=True, exist_ok=True)
                save.write_text(payload, encoding="utf-8")
            if report is not None:
                write_report(result, report)
            if as_json:
                sys.stdout.write(payload + "\n")
            else:
                _print_result(result)
                if verdicts is not None:
                    print_judge(verdicts)
                if report is not None:
                    out.print(f"report: {report}")
                if save is not None:
                    out.print(f"result: {save}")

        _guard(body)

    @group.command("compare")
    def compare_cmd(
        run_a: Annotated[str, typer.Argument(help="Result JSON (baseline), optionally FILE:MODE.")],
        run_b: Annotated[str, typer.Argument(help="Result JSON to compare, optionally FILE:MODE.")],
        metrics: Annotated[
            str | None, typer.Option("--metrics", help="Comma-separated (default: all shared).")
        ] = None,
        permutations: Annotated[
            int, typer.Option("--permutations", min=100, help="Randomization test samples.")
        ] = 10_000,
        as_json: JsonOpt = False,
        judge: Annotated[
            str | None,
            typer.Option(
                "--judge",
                help="llm: also judge the two runs' answers pairwise with an LLM, each "
                "pair twice with the positions swapped.",
            ),
        ] = None,
        judge_llm: Annotated[
            str | None, typer.Option("--judge-llm", help="The judge's LLM spec.")
        ] = None,
    ) -> None:
        """Compare two runs per query: deltas, wins/losses, paired test p-values."""
        if judge is not None:
            if judge != "llm":
                err.print("--judge for compare must be llm (a pairwise LLM judge)")
                raise typer.Exit(2)

            def judged() -> None:
                from notelens.config import LLMConfig
                from notelens.evaluate.judge import (
                    generator_ask,
                    judge_generator,
                    judge_pairs,
                    load_answers,
                )

                label_a, rows_a = load_answers(run_a)
                label_b, rows_b = load_answers(run_b)
                generator = judge_generator(judge_llm, LLMConfig.from_env())
                report = judge_pairs(
                    rows_a,
                    rows_b,
                    generator_ask(generator),
                    name=generator.name,
                    labels=(label_a, label_b),
                ).to_dict()
                if as_json:
                    sys.stdout.write(json.dumps(report, ensure_ascii=False) + "\n")
                else:
                    print_judge(report)

            _guard(judged)
            return

        def body() -> None:
            from rich import box
            from rich.table import Table

            from notelens.errors import DatasetError
            from notelens.evaluate.compare import compare_modes, select_run

            label_a, a = select_run(run_a)
            label_b, b = select_run(run_b)
            wanted = [m.strip() for m in metrics.split(",")] if metrics else None
            if wanted:
                missing = [m for m in wanted if m not in a.metrics or m not in b.metrics]
                if missing:
                    raise DatasetError(f"metric {missing[0]!r} is not in both runs")
            comps = compare_modes(a, b, metrics=wanted, n=permutations)
            if as_json:
                payload = {"a": label_a, "b": label_b, "metrics": [c.to_dict() for c in comps]}
                sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
                return
            table = Table(
                box=box.SIMPLE_HEAD,
                header_style="bold",
                pad_edge=False,
                padding=(0, 1),
                title=f"A = {label_a}   B = {label_b}",
            )
            for col in ("metric", "A", "B", "B−A", "B>A", "B<A", "=", "p rand", "p t"):
                table.add_column(col, justify="left" if col == "metric" else "right", no_wrap=True)
            for c in comps:
                mark = "[bold]" if c.p_randomization < 0.05 else ""
                end = "[/]" if mark else ""
                table.add_row(
                    c.metric,
                    f"{c.mean_a:.4f}",
                    f"{c.mean_b:.4f}",
                    f"{mark}{c.delta:+.4f}{end}",
                    str(c.wins),
                    str(c.losses),
                    str(c.ties),
                    f"{mark}{c.p_randomization:.4f}{end}",
                    f"{c.p_ttest:.4f}",
                )
            out.print(table)
            out.print(
                "B>A / B<A / =: queries where B scores higher / lower / the same; "
                "bold: p < 0.05 (paired randomization test; not corrected for many metrics)"
            )

        _guard(body)

    @group.command("report")
    def report_cmd(
        run: Annotated[Path, typer.Argument(help="Result JSON (from --json or --save).")],
        out_file: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")],
    ) -> None:
        """Render the HTML report of a saved result."""

        def body() -> None:
            from notelens.evaluate.report import write_report
            from notelens.evaluate.results import EvalResult

            write_report(EvalResult.load(run), out_file)
            out.print(f"report: {out_file}")

        _guard(body)

    @group.command("generate")
    def generate_cmd(
        out_file: Annotated[
            Path, typer.Option("--out", "-o", help="Question set to write (JSONL).")
        ],
        n: Annotated[
            int, typer.Option("-n", "--n", min=1, max=100_000, help="How many questions.")
        ] = 50,
        index: IndexOpt = None,
        seed: Annotated[int, typer.Option("--seed", help="Sampling seed.")] = 0,
        llm: Annotated[
            str | None,
            typer.Option(
                "--llm",
                help="LLM spec to write questions (default: $NOTELENS_LLM; none: templates).",
            ),
        ] = None,
        as_json: Annotated[
            bool,
            typer.Option("--json", help="Print a JSON summary (file, counts, chunks skipped)."),
        ] = False,
    ) -> None:
        """Write a question set (notes format) from the indexed notes.

        Each question is labelled with its source chunk; measure with
        `notelens eval --dataset notes:FILE`.
        """

        def body() -> None:
            from collections import Counter

            from notelens.evaluate.api import generate_question_set

            made = generate_question_set(_engine(index), n, seed=seed, llm=llm)
            questions = made.questions
            out_file.parent.mkdir(parents=True, exist_ok=True)
            with out_file.open("w", encoding="utf-8") as fh:
                for q in questions:
                    fh.write(json.dumps(q, ensure_ascii=False) + "\n")
            kinds = Counter(str(q["kind"]) for q in questions)
            langs = Counter(str(q["lang"]) for q in questions)
            if as_json:
                summary = {
                    "out": str(out_file),
                    "questions": len(questions),
                    "kinds": dict(sorted(kinds.items())),
                    "langs": dict(sorted(langs.items())),
                    "chunks": made.chunks,
                    "skipped": made.skipped,
                }
                sys.stdout.write(json.dumps(summary, ensure_ascii=False) + "\n")
                return
            out.print(
                f"wrote {plural(len(questions), 'question')} to {out_file} "
                f"({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}; "
                f"{', '.join(f'{k} {v}' for k, v in sorted(langs.items()))})"
            )
            out.print(made.summary())  # which chunks got no question, and why (#21)
            if len(questions) < n:
                err.print(f"only {len(questions)} of {n}: the notes have no more usable chunks")

        _guard(body)

    app.add_typer(group, name="eval")


def print_judge(report: dict[str, Any]) -> None:
    """A judge's verdicts and its agreement with the automatic metrics."""
    kind = report["kind"]
    out.print(f"judge ({kind}): {report['judge']}, {report['n']} answers", markup=False)
    if kind == "checklist":
        for name, rate in report["rates"].items():
            out.print(f"  {name:<18} {rate:.3f}", markup=False)
    elif kind == "llm":
        out.print(f"  mean grade {report['mean_grade']}", markup=False)
    else:
        wins = report["wins"]
        out.print(
            f"  A = {report['a']}: {wins['A']}   B = {report['b']}: {wins['B']}   "
            f"tie: {wins['tie']}   (position flips: {report['position_flips']})",
            markup=False,
        )
    out.print(f"  unreadable replies: {report['unreadable']}", markup=False)
    for a in report["agreement"]:
        kappa = "n/a" if a["kappa"] is None else f"{a['kappa']:.3f}"
        out.print(
            f"  agreement {a['judge']} ~ {a['metric']}: {a['agreement']:.3f} (kappa {kappa})",
            markup=False,
        )
