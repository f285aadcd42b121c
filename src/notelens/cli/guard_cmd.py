"""``notelens guard``: run the guardrails on any text.

* ``guard check TEXT | --file FILE [--checkpoint C] [--json]`` lists PII and prompt
  injection findings (kind, span, score, the rule or model that fired) and what the
  checkpoint's policy would do (flag, redact, block);
* ``guard ground ANSWER --evidence FILE [--dense] [--json]`` scores every sentence of
  an answer against the passages it cites (``[n]`` = the n-th passage of FILE).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from notelens.cli.common import JsonOpt, engine, escape, fail, guard, out

if TYPE_CHECKING:
    from notelens.guard.base import Finding

_MAX_TEXT_BYTES = 20 * 1024 * 1024


def _read(path: Path, what: str) -> str:
    try:
        if path.stat().st_size > _MAX_TEXT_BYTES:
            fail(f"{what} is larger than 20 MB: {path}", 2)
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        fail(f"cannot read {what} {escape(str(path))}: {escape(exc.strerror or str(exc))}", 2)


def read_evidence(path: Path) -> list[str]:
    """Passages from FILE: a JSON list (of strings or objects with ``text``), JSON lines,
    or plain text with passages separated by blank lines."""
    raw = _read(path, "evidence file")
    stripped = raw.lstrip()
    items: list[Any] | None = None
    if stripped.startswith("["):
        try:
            items = json.loads(raw)
        except json.JSONDecodeError:
            items = None
    elif stripped.startswith("{"):
        try:
            items = [json.loads(line) for line in raw.splitlines() if line.strip()]
        except json.JSONDecodeError:
            items = None
    if items is not None:
        passages = [i if isinstance(i, str) else str(i.get("text", "")) for i in items]
    else:
        blocks = [b.strip() for b in raw.replace("\r\n", "\n").split("\n\n")]
        passages = [b for b in blocks if b]
    if not passages:
        fail(f"no passages in {escape(str(path))}", 2)
    return passages


def _finding_row(f: Finding) -> tuple[str, str, str, str, str]:
    text = " ".join(f.text.split())
    return (
        f.kind + (" [high risk]" if f.high_risk else ""),
        f"{f.span[0]}-{f.span[1]}",
        f"{f.score:.2f}",
        f.source + (f" ({f.detail})" if f.detail else ""),
        text[:80] + ("…" if len(text) > 80 else ""),
    )


def register(app: typer.Typer) -> None:
    """Add the ``guard`` command group to ``app``."""
    group = typer.Typer(
        help="Guardrails: PII and prompt-injection findings, grounding of answers.",
        no_args_is_help=True,
    )

    @group.command("check")
    def check_cmd(
        text: Annotated[str | None, typer.Argument(help="Text to check ('-' reads stdin).")] = None,
        file: Annotated[
            Path | None, typer.Option("--file", "-f", help="Check this file instead.")
        ] = None,
        checkpoint: Annotated[
            str, typer.Option("--checkpoint", help="Policy to apply: ingest | query | answer.")
        ] = "ingest",
        as_json: JsonOpt = False,
    ) -> None:
        """List PII and prompt-injection findings in TEXT or FILE."""
        if checkpoint not in ("ingest", "query", "answer"):
            fail(f"--checkpoint must be ingest, query or answer, not {checkpoint!r}", 2)
        if (text is None) == (file is None):
            fail("give TEXT or --file FILE (one of them)", 2)
        if file is not None:
            body = _read(file, "file")
        elif text == "-":
            body = sys.stdin.read()
        else:
            body = text or ""

        def run() -> None:
            # The engine's guard: the same policy (NOTELENS_GUARD) and models the index,
            # search and ask use. No index is opened.
            result = engine(None).guard.check(body, checkpoint)  # type: ignore[arg-type]
            if as_json:
                payload = {"source": str(file) if file else None, **result.to_dict()}
                if file is not None:
                    payload.pop("text")  # a whole file echoed back helps nobody
                sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
                return
            _print_findings(result.findings, result.action.value, checkpoint)
            if result.redacted and file is None:
                out.print(f"[dim]shown as:[/] {escape(result.text)}")

        guard(run)

    @group.command("ground")
    def ground_cmd(
        answer: Annotated[
            str, typer.Argument(help=r"Answer text with \[n] citations ('-': stdin).")
        ],
        evidence: Annotated[
            Path,
            typer.Option(
                "--evidence",
                "-e",
                help="Passages: JSON list, JSON lines, or blank-line separated text.",
            ),
        ],
        dense: Annotated[
            bool, typer.Option("--dense", help="Mix in e5 similarity (loads the model).")
        ] = False,
        threshold: Annotated[
            float, typer.Option("--threshold", min=0.0, max=1.0, help="Support threshold.")
        ] = 0.5,
        as_json: JsonOpt = False,
    ) -> None:
        """Score each sentence of ANSWER against the evidence it cites."""
        text = sys.stdin.read() if answer == "-" else answer
        passages = read_evidence(evidence)

        def run() -> None:
            rows = engine(None).ground(text, passages, dense=dense, threshold=threshold)
            supported = sum(1 for r in rows if r.supported)
            if as_json:
                payload = {
                    "answer": text,
                    "passages": len(passages),
                    "supported": supported,
                    "sentences": [
                        {
                            "sentence": r.sentence,
                            "span": list(r.span),
                            "cited": list(r.cited),
                            "best": r.best,
                            "score": round(r.score, 4),
                            "lexical": round(r.lexical, 4),
                            "dense": None if r.dense is None else round(r.dense, 4),
                            "numbers_ok": r.numbers_ok,
                            "names_ok": r.names_ok,
                            "supported": r.supported,
                        }
                        for r in rows
                    ],
                }
                sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
                return
            from rich.table import Table

            table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
            for col in ("", "sentence", "cited", "best", "score", "numbers", "names"):
                table.add_column(col, overflow="fold")
            for r in rows:
                mark = "[green]✓[/]" if r.supported else "[red]✗[/]"
                table.add_row(
                    mark,
                    escape(r.sentence[:120]),
                    ",".join(map(str, r.cited)) or "-",
                    str(r.best or "-"),
                    f"{r.score:.2f}",
                    "ok" if r.numbers_ok else "[red]mismatch[/]",
                    "ok" if r.names_ok else "[red]mismatch[/]",
                )
            out.print(table)
            out.print(f"[bold]{supported}/{len(rows)} sentences supported[/]")

        guard(run)

    app.add_typer(group, name="guard")


def _print_findings(findings: tuple[Finding, ...], action: str, checkpoint: str) -> None:
    from rich.table import Table

    if not findings:
        out.print("no findings")
        return
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for col in ("kind", "span", "score", "rule / model", "text"):
        table.add_column(col, overflow="fold")
    for f in findings:
        table.add_row(*(escape(c) for c in _finding_row(f)))
    out.print(table)
    out.print(f"[bold]{len(findings)} finding(s)[/]; {checkpoint} policy: {action}")
