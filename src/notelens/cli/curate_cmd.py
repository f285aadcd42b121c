"""``notelens dups``, ``related``, ``glossary``, ``summarize`` and ``digest``: curation over the
index (issue #19).

Both print from the JSON contract (:mod:`notelens.contracts`), so the terminal view and
``--json`` cannot disagree.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from notelens.cli import decode
from notelens.cli.common import IndexOpt, JsonOpt, escape, out
from notelens.cli.common import engine as _engine
from notelens.cli.common import guard as _guard
from notelens.contracts import (
    DigestJSON,
    DupsJSON,
    GlossaryJSON,
    GlossaryTermJSON,
    LocationJSON,
    RelatedListJSON,
    SummaryJSON,
)


def _where(loc: LocationJSON) -> str:
    return decode.location(loc).describe()


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def print_dups(report: DupsJSON) -> None:
    clusters = report["clusters"]
    out.print(
        f"{_plural(len(clusters), 'cluster')} of near-duplicates among "
        f"{report['entries']} entries in "
        f"{_plural(report['notes'], 'note')} (shingle Jaccard >= {report['threshold']})"
    )
    for n, c in enumerate(clusters, 1):
        reasons = ", ".join(c["reasons"])
        out.print(
            f"\n[bold]{n}. {c['level']}[/] ({reasons}; similarity {c['similarity']:.2f})",
            markup=True,
        )
        for m in c["members"]:
            where = _where(m["location"])
            out.print(f"  {escape(m['source'])} {where} [{m['lang']}]", markup=False)
            out.print(f"    {escape(m['first_line'][:120])}", markup=False)


def print_related(related: RelatedListJSON) -> None:
    out.print(f"notes related to {escape(related['note'])}:", markup=False)
    for n, r in enumerate(related["related"], 1):
        out.print(
            f"{n}. {escape(r['title'] or r['source'])}  (score {r['score']:.2f}, "
            f"cosine {r['cosine']:.3f})",
            markup=False,
        )
        out.print(f"   {escape(r['source'])}", markup=False)
        if r["shared_links"]:
            out.print(f"   shared links: {', '.join(r['shared_links'][:5])}", markup=False)
        if r["shared_terms"]:
            out.print(f"   shared terms: {', '.join(r['shared_terms'])}", markup=False)


def print_glossary(glossary: GlossaryJSON) -> None:
    terms = glossary["terms"]
    out.print(f"{_plural(len(terms), 'term')} defined in the notes")
    for t in terms:
        first = t["definitions"][0]
        also = f" ({', '.join(t['aliases'])})" if t["aliases"] else ""
        out.print(f"[bold]{escape(t['term'])}[/]{escape(also)}", markup=True)
        out.print(
            f"  {escape(first['text'][:140])}  [{escape(first['source'])} "
            f"{_where(first['location'])}]",
            markup=False,
        )


def print_term(term: GlossaryTermJSON) -> None:
    also = f" ({', '.join(term['aliases'])})" if term["aliases"] else ""
    out.print(f"[bold]{escape(term['term'])}[/]{escape(also)}", markup=True)
    out.print("definitions:")
    for d in term["definitions"]:
        out.print(f"  - {escape(d['text'])}", markup=False)
        out.print(f"    {escape(d['source'])} {_where(d['location'])}", markup=False)
    out.print("used in:")
    for n in term["notes"]:
        out.print(f"  {escape(n['source'])} ({_plural(n['mentions'], 'mention')})", markup=False)
    if term["related"]:
        out.print(f"related: {escape(', '.join(term['related']))}", markup=False)


def print_summary(summary: SummaryJSON, *, details: bool) -> None:
    if details:
        # the block goes into a note as is: plain text, no wrapping, no markup
        sys.stdout.write(summary["details"] + "\n")
        return
    out.print(
        f"{escape(summary['title'] or summary['source'])} ({summary['method']})", markup=False
    )
    for n, line in enumerate(summary["lines"], 1):
        out.print(f"{n}. {escape(line['text'])}  [{_where(line['location'])}]", markup=False)
    if not summary["lines"]:
        out.print("nothing to summarise: no sentence or list item long enough", markup=False)
    if summary["dropped"]:
        out.print(
            f"({_plural(summary['dropped'], 'line')} the notes do not support dropped)",
            markup=False,
        )


def register(app: typer.Typer) -> None:
    @app.command("dups")
    def dups_cmd(
        index: IndexOpt = None,
        threshold: Annotated[
            float | None,
            typer.Option(
                "--threshold",
                min=0.05,
                max=0.99,
                help="Shingle Jaccard for near-duplicates (default 0.5).",
                show_default=False,
            ),
        ] = None,
        level: Annotated[
            str, typer.Option("--level", help="entry | note | all (entries and whole notes).")
        ] = "all",
        no_embed: Annotated[
            bool,
            typer.Option(
                "--no-embed", help="Skip the cross-language check (no entry is embedded)."
            ),
        ] = False,
        as_json: JsonOpt = False,
    ) -> None:
        """Near-duplicate entries and notes, the same entry in Korean and English.

        Reordered or edited copies, and entries that share a link, count as duplicates.
        """

        def body() -> None:
            report = _engine(index).duplicates(
                threshold=threshold, level=level, embeddings=not no_embed
            )
            if as_json:
                sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False) + "\n")
            else:
                print_dups(report.to_dict())

        _guard(body)

    @app.command("related")
    def related_cmd(
        note: Annotated[str, typer.Argument(help="The note: its path, file name or title.")],
        index: IndexOpt = None,
        k: Annotated[int, typer.Option("-k", "--k", min=1, max=100, help="How many.")] = 5,
        as_json: JsonOpt = False,
    ) -> None:
        """Notes related to NOTE: by meaning (e5), shared links and shared rare terms."""

        def body() -> None:
            related = _engine(index).related(note, k=k)
            if as_json:
                sys.stdout.write(json.dumps(related.to_dict(), ensure_ascii=False) + "\n")
            else:
                print_related(related.to_dict())

        _guard(body)

    @app.command("glossary")
    def glossary_cmd(
        index: IndexOpt = None,
        term: Annotated[
            str | None,
            typer.Option("--term", help="One term's page (any spelling: LoRA, 로라, …)."),
        ] = None,
        as_json: JsonOpt = False,
    ) -> None:
        """The concepts the notes define, merged across files and languages, with sources.

        A definition is a line such as "X: …", "X는 …이다" or "X is a …".
        """

        def body() -> None:
            engine = _engine(index)
            if term is not None:
                page = engine.glossary_term(term).to_dict()
                if as_json:
                    sys.stdout.write(json.dumps(page, ensure_ascii=False) + "\n")
                else:
                    print_term(page)
                return
            glossary = engine.glossary().to_dict()
            if as_json:
                sys.stdout.write(json.dumps(glossary, ensure_ascii=False) + "\n")
            else:
                print_glossary(glossary)

        _guard(body)

    @app.command("summarize")
    def summarize_cmd(
        note: Annotated[
            str, typer.Argument(help="An indexed note (path, file name, title) or any file.")
        ],
        index: IndexOpt = None,
        lines: Annotated[int, typer.Option("--lines", min=1, max=20, help="How many.")] = 3,
        lang: Annotated[
            str | None, typer.Option("--lang", help="ko | en: lines in this language.")
        ] = None,
        fmt: Annotated[
            str, typer.Option("--format", help="text | details (a <details> block).")
        ] = "text",
        llm: Annotated[
            str | None, typer.Option("--llm", help="Write the lines with this LLM (as for ask).")
        ] = None,
        as_json: JsonOpt = False,
    ) -> None:
        """A 3-line summary of NOTE in the archive's style.

        Extractive: the note's most central, mutually different lines; with --llm, an
        LLM's lines that the note supports.
        """
        from notelens.cli.common import check_lang, fail

        if fmt not in ("text", "details"):
            fail("--format must be text or details", 2)
        only = check_lang(lang)

        def body() -> None:
            summary = _engine(index).summarize(note, lines=lines, lang=only, llm=llm)
            if as_json:
                sys.stdout.write(json.dumps(summary.to_dict(), ensure_ascii=False) + "\n")
            else:
                print_summary(summary.to_dict(), details=fmt == "details")

        _guard(body)

    @app.command("digest")
    def digest_cmd(
        index: IndexOpt = None,
        since: Annotated[
            str, typer.Option("--since", help="Start: a span (7d, 2w, 24h), a day or ISO time.")
        ] = "7d",
        until: Annotated[
            str | None, typer.Option("--until", help="End (default now); a day counts whole.")
        ] = None,
        fmt: Annotated[str, typer.Option("--format", help="md | json.")] = "md",
        origin: Annotated[
            str,
            typer.Option(
                "--from",
                help="auto (git where the folder is a repository, else the index's "
                "entry ledger) | git | ledger.",
            ),
        ] = "auto",
        llm: Annotated[
            str | None, typer.Option("--llm", help="Write the lines with this LLM (as for ask).")
        ] = None,
        as_json: JsonOpt = False,
    ) -> None:
        """The entries added or changed in a period, as markdown for a weekly archive.

        Grouped by heading, each entry with a one-line summary and its link.
        """
        from notelens.cli.common import fail

        if fmt not in ("md", "json"):
            fail("--format must be md or json", 2)

        def body() -> None:
            digest = _engine(index).digest(since=since, until=until, origin=origin, llm=llm)
            if as_json or fmt == "json":
                sys.stdout.write(json.dumps(digest.to_dict(), ensure_ascii=False) + "\n")
            else:
                print_digest(digest.to_dict())

        _guard(body)


def print_digest(digest: DigestJSON) -> None:
    # the block goes into a note as is: plain text, no wrapping, no markup
    sys.stdout.write(digest["markdown"])
    if not digest["items"]:
        sys.stderr.write("no entries were added or changed in this period\n")
