"""Rich rendering for the CLI: progress, index reports, hits, status."""

from __future__ import annotations

import os
import re
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from notelens.paths import display_path, escape_controls, source_path
from notelens.types import FileReport, FileStatus, Hit, IndexReport, IndexStatus, NoteHit

_STATUS_STYLE = {
    FileStatus.INDEXED: "green",
    FileStatus.UNCHANGED: "dim",
    FileStatus.SKIPPED: "yellow",
    FileStatus.FAILED: "red",
    FileStatus.REMOVED: "magenta",
}


def _short(path: str) -> str:
    """A file name to print: relative when close, always escaped (notelens.paths)."""
    try:
        rel = os.path.relpath(source_path(path))
    except ValueError:
        return display_path(path)
    return display_path(rel if not rel.startswith("../../") else source_path(path))


class RichProgress:
    """Implements the indexer's ``Progress`` protocol with a Rich bar on stderr."""

    def __init__(self, console: Console) -> None:
        self._p = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self._files: TaskID | None = None
        self._phase: TaskID | None = None
        self._p.start()

    def start(self, total_files: int) -> None:
        self._files = self._p.add_task("files", total=total_files)

    def file_done(self, report: FileReport) -> None:
        if self._files is not None and report.status is not FileStatus.REMOVED:
            self._p.advance(self._files)

    def phase(self, name: str, total: int | None = None) -> None:
        if self._phase is not None:
            self._p.remove_task(self._phase)
            self._phase = None
        if total is not None:
            self._phase = self._p.add_task(name, total=total)

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
            table.add_row(
                f"[{style}]{f.status.value}[/]",
                escape(_short(f.path)),
                str(f.chunks) if f.chunks else "",
                escape(escape_controls(f.reason)),
            )
        console.print(table)
    counts = ", ".join(
        f"{report.count(s)} {s.value}"
        for s in FileStatus
        if report.count(s) or s is FileStatus.INDEXED
    )
    t = report.timings
    console.print(
        f"[bold]{counts}[/]; {report.chunks_embedded} chunks embedded, "
        f"{report.chunks_reused} reused "
        f"[dim](parse {t.parse:.1f}s, analyze {t.analyze:.1f}s, embed {t.embed:.1f}s, "
        f"store {t.store:.1f}s)[/]"
    )
    flagged = [f for f in report.files if f.flagged]
    if flagged:
        console.print(
            f"[bold yellow]guard:[/] {report.flagged_chunks} chunk(s) flagged "
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


def print_hits(console: Console, query: str, hits: list[Hit], *, explain: bool = False) -> None:
    if not hits:
        console.print(f"no results for [bold]{escape(query)}[/]")
        return
    for h in hits:
        where = h.location.describe()
        loc = f"{_short(h.source)}" + (f":{where}" if where else "")
        heading = h.heading or h.title
        console.print(
            f"[bold cyan]{h.rank:>2}.[/] [bold]{escape(escape_controls(heading))}[/]  "
            f"[dim]{escape(loc)}  score {h.score:.4f}[/]"
        )
        console.print("    " + _highlight(_snippet(h.text), h.explanation.matched_terms))
        for other in h.also_in:
            where = other.location.describe()
            console.print(
                f"    [dim]also in {escape(_short(other.source))}"
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
    table.add_row("store", escape(st.store))
    table.add_row("dense search", st.dense_index)
    table.add_row("updated", st.updated or "-")
    if st.flagged_chunks:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(st.flags.items()))
        table.add_row("[yellow]flagged[/]", f"{st.flagged_chunks} chunks ({escape(kinds)})")
    if not st.compatible:
        table.add_row("[red]problem[/]", escape(st.problem))
    console.print(table)
