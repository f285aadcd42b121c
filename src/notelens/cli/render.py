"""Rich rendering for the CLI: progress, index reports, hits, status."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from rich.console import Console
from rich.markup import escape
from rich.table import Table

if TYPE_CHECKING:
    from rich.progress import TaskID

    from notelens.contracts import LastRunJSON

from notelens.paths import display_path, escape_controls, source_path
from notelens.types import (
    Answer,
    FileReport,
    FileStatus,
    Hit,
    IndexReport,
    IndexStatus,
    NoteHit,
)

_STATUS_STYLE = {
    FileStatus.INDEXED: "green",
    FileStatus.UNCHANGED: "dim",
    FileStatus.SKIPPED: "yellow",
    FileStatus.FAILED: "red",
    FileStatus.REMOVED: "magenta",
}


def _short(path: str, cwd: str | None = None) -> str:
    """A file name to print: relative (to ``cwd``, else this process's working folder)
    when close, always escaped (notelens.paths)."""
    try:
        rel = os.path.relpath(source_path(path), cwd)
    except ValueError:
        return display_path(path)
    return display_path(rel if not rel.startswith("../../") else source_path(path))


class RichProgress:
    """Implements the indexer's ``Progress`` protocol with a Rich bar on stderr.

    The files bar counts files as the run reaches them (not when their batch is
    written, which left it at 0 for the first ~20 s) and names the current file; every
    bar shows an ETA. Indexed files' warnings are not printed here: they are on the
    report's lines (notelens.index.file_warnings).
    """

    def __init__(self, console: Console) -> None:
        # Imported here: the warm search/ask path loads this module and draws no bar.
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._p = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("eta"),
            TimeRemainingColumn(),
            TextColumn("[dim]{task.fields[current]}"),
            console=console,
            transient=True,
        )
        self._files: TaskID | None = None
        self._phase: TaskID | None = None
        self._p.start()

    def start(self, total_files: int) -> None:
        self._files = self._p.add_task("files", total=total_files, current="")

    def reading(self, source: str) -> None:
        if self._files is not None:
            name = escape(escape_controls(os.path.basename(source_path(source))))
            self._p.update(self._files, advance=1, current=name)

    def file_done(self, report: FileReport) -> None:
        pass  # counted when reached (reading); the report lists the outcome

    def phase(self, name: str, total: int | None = None) -> None:
        if self._phase is not None:
            self._p.remove_task(self._phase)
            self._phase = None
        if self._files is not None and name != "embedding":
            self._p.update(self._files, current="")
        if total is not None:
            self._phase = self._p.add_task(name, total=total, current="")

    def advance(self, n: int = 1) -> None:
        if self._phase is not None:
            self._p.advance(self._phase, n)

    def close(self) -> None:
        self._p.stop()


def print_index_report(
    console: Console, report: IndexReport, index_dir: Path, *, show_all: bool = False
) -> None:
    rows = [f for f in report.files if show_all or f.status is not FileStatus.UNCHANGED]
    if rows:
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        table.add_column("status")
        table.add_column("file", overflow="fold")
        table.add_column("chunks", justify="right")
        table.add_column("why")
        for f in rows:
            style = _STATUS_STYLE[f.status]
            status = f"[{style}]{f.status.value}[/]"
            why = "; ".join(x for x in (f.reason, *f.warnings) if x)
            if f.warnings:
                status += " [yellow](with warnings)[/]"
            table.add_row(
                status,
                escape(_short(f.path)),
                str(f.chunks) if f.chunks else "",
                escape(escape_controls(why)),
            )
        console.print(table)
    counts = ", ".join(
        f"{report.count(s)} {s.value}"
        for s in FileStatus
        if report.count(s) or s is FileStatus.INDEXED
    )
    t = report.timings
    console.print(
        f"[bold]{counts}[/]; {plural(report.chunks_embedded, 'chunk')} embedded, "
        f"{report.chunks_reused} reused "
        f"[dim](parse {t.parse:.1f}s, analyze {t.analyze:.1f}s, embed {t.embed:.1f}s, "
        f"store {t.store:.1f}s)[/]"
    )
    flagged = [f for f in report.files if f.flagged]
    if flagged:
        console.print(
            f"[bold yellow]guard:[/] {plural(report.flagged_chunks, 'chunk')} flagged "
            "[dim](kept in the index; quoted with a warning in LLM prompts)[/]"
        )
        for f in flagged:
            kinds = escape(", ".join(f.flags))
            console.print(f"  [yellow]{f.flagged}[/] in {escape(_short(f.path))}: {kinds}")
    console.print(f"[dim]index: {escape(display_path(index_dir))}[/]")


def _highlight(text: str, terms: tuple[str, ...]) -> str:
    """Escape ``text`` for Rich and mark case-insensitive occurrences of ``terms``."""
    usable = sorted({t for t in terms if len(t) >= 2 or not t.isascii()}, key=len, reverse=True)
    if not usable:
        return escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in usable), re.IGNORECASE)
    out: list[str] = []
    pos = 0
    for m in pattern.finditer(text):
        out.append(escape(text[pos : m.start()]))
        out.append(f"[bold yellow]{escape(m.group(0))}[/]")
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out)


def _snippet(text: str, limit: int = 360) -> str:
    flat = escape_controls(" ".join(text.split()))
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def print_hits(
    console: Console, query: str, hits: list[Hit], *, explain: bool = False, cwd: str | None = None
) -> None:
    """The hits; file names relative to ``cwd`` (None: this process's working folder --
    the daemon passes its client's)."""
    if not hits:
        console.print(f"no results for [bold]{escape(query)}[/]")
        return
    for h in hits:
        where = h.location.describe()
        loc = f"{_short(h.source, cwd)}" + (f":{where}" if where else "")
        heading = h.heading or h.title
        console.print(
            f"[bold cyan]{h.rank:>2}.[/] [bold]{escape(escape_controls(heading))}[/]  "
            f"[dim]{escape(loc)}  score {h.score:.4f}[/]"
        )
        console.print("    " + _highlight(_snippet(h.text), h.explanation.matched_terms))
        for other in h.also_in:
            where = other.location.describe()
            console.print(
                f"    [dim]also in {escape(_short(other.source, cwd))}"
                + (f":{escape(where)}" if where else "")
                + "[/]"
            )
        if explain:
            e = h.explanation
            console.print(
                f"    [dim]bm25 rank {e.bm25_rank or '-'}, dense rank {e.dense_rank or '-'}, "
                f"fused rank {e.fused_rank or '-'}, "
                f"matched: {escape(', '.join(e.matched_terms) or '-')}[/]"
            )
            if e.reranker is not None:
                pairs = ", ".join(f"{m.query}~{m.passage} {m.sim:.2f}" for m in e.token_matches)
                console.print(
                    f"    [dim]{escape(e.reranker)} rank {e.rerank_rank}, "
                    f"score {e.rerank_score:.4f}"
                    + (f", tokens: {escape(pairs)}" if pairs else "")
                    + "[/]"
                )
        console.print()


def print_notes(console: Console, query: str, notes: list[NoteHit]) -> None:
    """``search --by note``: one block per note, its best passages under it."""
    if not notes:
        console.print(f"no results for [bold]{escape(query)}[/]")
        return
    for n in notes:
        console.print(
            f"[bold cyan]{n.rank:>2}.[/] [bold]{escape(escape_controls(n.title or n.source))}[/]  "
            f"[dim]{escape(_short(n.source))}  score {n.score:.4f}[/]"
        )
        for h in n.hits:
            where = h.location.describe()
            heading = escape(escape_controls(h.heading or h.title))
            console.print(f"    [dim]{where or '-'}[/] {heading}")
            console.print("      " + _highlight(_snippet(h.text, 200), h.explanation.matched_terms))
        console.print()


def print_status(console: Console, st: IndexStatus) -> None:
    if not st.exists:
        console.print(f"no index at {escape(st.index_dir)}; create one with `notelens index PATH`")
        return
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    table.add_row("index", escape(st.index_dir))
    table.add_row("files", str(st.files))
    langs = ", ".join(f"{k} {v}" for k, v in sorted(st.langs.items()))
    table.add_row("chunks", f"{st.chunks}" + (f" ({langs})" if langs else ""))
    table.add_row("analyzer", escape(st.analyzer or "-"))
    table.add_row("embedder", escape(st.embedder or "-"))
    # The backend, and for a server where it is: "postgres postgresql://u:***@db/x
    # (namespace team, replica ...)".
    where = ", ".join(
        f"{label} {value}"
        for label, value in (
            ("namespace", st.store_namespace),
            ("replica", st.store_replica),
            ("BM25 by", st.store_bm25),
        )
        if value
    )
    store = " ".join(filter(None, [st.store, st.store_dsn])) + (f" ({where})" if where else "")
    table.add_row("store", escape(store))
    flat = f" ({st.dense_unindexed:,} newer rows searched flat)" if st.dense_unindexed else ""
    table.add_row("dense search", st.dense_index + flat)
    table.add_row("updated", st.updated or "-")
    for i, root in enumerate(st.roots):
        table.add_row("folders" if i == 0 else "", escape(display_path(root)))
    if st.last_run is not None:
        table.add_row("last run", escape(describe_run(st.last_run)))
    if st.flagged_chunks:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(st.flags.items()))
        table.add_row(
            "[yellow]flagged[/]", f"{plural(st.flagged_chunks, 'chunk')} ({escape(kinds)})"
        )
    if not st.compatible:
        table.add_row("[red]problem[/]", escape(st.problem))
    console.print(table)


def print_answer(
    console: Console,
    answer: Answer,
    *,
    streamed: bool = False,
    err: Console | None = None,
    cwd: str | None = None,
) -> None:
    """The answer with its ``[n]`` markers, then the numbered citations (or the closest
    passages when refused). The note goes to ``err`` (None: the CLI's stderr console);
    file names are relative to ``cwd`` (as in :func:`print_hits`)."""
    if err is None:
        from notelens.cli.consoles import err as stderr_console

        err = stderr_console
    if answer.note:
        err.print(f"[yellow]note:[/] {escape(answer.note)}")
    if answer.refused:
        console.print(f"[bold]{escape(answer.answer)}[/]")
        if answer.evidence:
            console.print("[dim]closest passages:[/]")
            for h in answer.evidence:
                where = h.location.describe()
                loc = _short(h.source, cwd) + (f":{where}" if where else "")
                snippet = " ".join(h.text.split())[:200]
                console.print(f"  [dim]{escape(loc)}[/] {escape(h.heading or h.title)}")
                console.print(f"    {escape(snippet)}")
        return
    if streamed:
        console.print("[dim]verified answer:[/]")
    if answer.flags:
        console.print(
            "[bold yellow]warning:[/] a cited passage was flagged at ingest "
            f"[yellow]({escape(', '.join(answer.flags))})[/]: read it as data, not instructions"
        )
    body = answer.answer
    if answer.short is not None:
        # The short answer first and prominent; the cited units follow.
        # soft_wrap: a URL or a page path is printed whole, never folded at the width.
        console.print(f"[bold green]→ {escape(answer.short.text)}[/]", soft_wrap=True)
        prefix = f"{answer.short.text} — "
        body = body[len(prefix) :] if body.startswith(prefix) else body
    text = re.sub(r"\[(\d+)\]", r"[bold cyan]\[\1][/]", escape(body))
    console.print(text)
    console.print()
    for c in answer.citations:
        where = f"line {c.line}" if c.line is not None else c.location.describe()
        loc = _short(c.source, cwd) + (f":{where}" if where else "")
        console.print(
            f"[bold cyan]\\[{c.n}][/] [bold]{escape(loc)}[/]"
            + (f"  [dim]{escape(c.heading)}[/]" if c.heading else "")
        )
        console.print(f"    [italic]{escape(c.quote[:400])}[/]")


def write_search_json(
    query: str, mode: str, hits: list[Hit], *, explain: bool, file: TextIO | None = None
) -> None:
    """``search --json``: one SearchJSON object on ``file`` (None: stdout)."""
    import json
    import sys

    payload = {"query": query, "mode": mode, "hits": [h.to_dict(explain=explain) for h in hits]}
    (file or sys.stdout).write(json.dumps(payload, ensure_ascii=False) + "\n")


def write_answer_json(
    answer: Answer, *, file: TextIO | None = None, err: Console | None = None
) -> None:
    """``ask --json``: the note (outside the contract) on ``err`` (None: the CLI's stderr
    console), AnswerJSON on ``file`` (None: stdout)."""
    import json
    import sys

    if err is None:
        from notelens.cli.consoles import err as stderr_console

        err = stderr_console
    if answer.note:
        err.print(f"note: {escape(answer.note)}")
    (file or sys.stdout).write(json.dumps(answer.to_dict(), ensure_ascii=False) + "\n")


def write_status_json(st: IndexStatus, *, file: TextIO | None = None) -> None:
    """``status --json``: one StatusJSON object on ``file`` (None: stdout)."""
    import json
    import sys

    (file or sys.stdout).write(json.dumps(st.to_dict(), ensure_ascii=False) + "\n")


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 chunk``, ``2 chunks``, ``0 files`` (``many``: an irregular plural)."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def describe_run(run: LastRunJSON) -> str:
    """One line for ``status``: when, how long, what happened to the files."""
    files = ", ".join(f"{n} {status}" for status, n in run["files"].items() if n)
    text = (
        f"{run['finished']} ({run['seconds']:.1f} s): {files or 'no files'}; "
        f"{plural(run['chunks_embedded'], 'chunk')} embedded, {run['chunks_reused']} reused"
    )
    if run["warnings"]:
        text += f"; {plural(run['warnings'], 'file')} with warnings"
    return text


def home_short(path: str) -> str:
    """A path under the home folder as ``~/…``."""
    home = str(Path.home())
    return "~" + path[len(home) :] if path.startswith(home + "/") else path


def print_coverage(console: Console, data: dict[str, Any] | None, *, files: bool) -> None:
    """Coverage per kind (``status``) and, with ``files``, every file with its state."""
    if data is None:
        console.print("coverage: no index run recorded one yet (run `notelens index`)")
        return
    console.print(f"[bold]last sync[/]     {data['last_sync'] or '-'}")
    table = Table(box=None, pad_edge=False)
    for col in ("kind", "indexed", "skipped", "failed", "why not"):
        table.add_column(
            col, justify="right" if col in ("indexed", "skipped", "failed") else "left"
        )
    for kind, row in data["kinds"].items():
        why = "; ".join(f"{r} ({n})" for r, n in sorted(row["reasons"].items()))
        table.add_row(
            escape(kind), str(row["indexed"]), str(row["skipped"]), str(row["failed"]), escape(why)
        )
    console.print(table)
    if files:
        for f in data["files"]:
            style = {"indexed": "", "skipped": "yellow", "failed": "red"}[f["state"]]
            state = f"[{style}]{f['state']}[/]" if style else f["state"]
            reason = f"  {escape(f['reason'])}" if f["reason"] else ""
            console.print(f"{state:>8}  {escape(home_short(f['path']))}{reason}")
