"""Cost of the hardening steps (issue 16): the per-file parse budget, the redaction of
every shown field, and the HTML reproducers.

1. **Parse budget**: ``parse_file`` (load + chunk) of every note under examples/notes
   (and ../shared/notes-samples when present), on a worker thread with its deadline
   (``max_seconds=30``) versus inline (``0``); median of ``--repeat`` runs per file.
2. **Redaction**: ``GuardPipeline.redact_text`` over text, title and heading of 10
   chunks (what every search now does for its hits), after a warm-up.
3. **HTML**: the issue's reproducers, time and output size.

    .venv/bin/python benchmarks/parse_budget.py --repeat 20
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from notelens.config import ChunkingConfig
from notelens.errors import IngestError
from notelens.guard.pipeline import GuardPipeline
from notelens.ingest.budget import parse_file
from notelens.ingest.loaders import HtmlLoader

ROOT = Path(__file__).resolve().parents[1]


def _files() -> list[Path]:
    found = sorted(p for p in (ROOT / "examples" / "notes").rglob("*") if p.is_file())
    shared = ROOT.parent / "shared" / "notes-samples"
    if shared.is_dir():
        found += sorted(shared.glob("*.txt"))
    return [p for p in found if p.suffix in (".md", ".txt", ".html", ".pdf")]


def budget(repeat: int) -> None:
    cfg = ChunkingConfig()
    deltas: list[float] = []
    inline_all: list[float] = []
    files = _files()
    for path in files:
        data = path.read_bytes()
        runs = {0.0: [], 30.0: []}  # type: dict[float, list[float]]
        for _ in range(repeat):
            for seconds in (0.0, 30.0):
                t0 = time.perf_counter()
                parse_file(path, data, cfg, seconds)
                runs[seconds].append(time.perf_counter() - t0)
        inline = statistics.median(runs[0.0])
        inline_all.append(inline)
        deltas.append(statistics.median(runs[30.0]) - inline)
    print(
        f"parse budget: {len(files)} files, "
        f"median parse {statistics.median(inline_all) * 1e3:.2f} ms; "
        f"the deadline adds median {statistics.median(deltas) * 1e6:.0f} us "
        f"(p90 {sorted(deltas)[int(0.9 * (len(deltas) - 1))] * 1e6:.0f} us) per file"
    )


def redaction(repeat: int) -> None:
    cfg = ChunkingConfig()
    chunks = []
    for path in _files():
        try:
            _, cs = parse_file(path, path.read_bytes(), cfg, 0)
        except IngestError:
            continue
        chunks += cs
    sample = chunks[:: max(1, len(chunks) // 10)][:10]  # spread over all notes
    guard = GuardPipeline()
    for c in sample:  # warm-up: loads ko-pii / presidio
        guard.redact_text(c.text)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for c in sample:
            for field in (c.text, c.title, c.heading):
                guard.redact_text(field)
        times.append(time.perf_counter() - t0)
    digits = sum(1 for c in sample if _has_number(c.text))
    print(
        f"redaction: text+title+heading of {len(sample)} hits ({digits} with 6+ digits or @): "
        f"median {statistics.median(times) * 1e3:.2f} ms"
    )


def _has_number(text: str) -> bool:
    import re

    return re.search(r"\d(?:\D{0,3}\d){5}|[@＠]", text) is not None


def html() -> None:
    cases = {
        "nested tables x8000 (was 32 M chars)": "<table><tr><td>x" * 8000,
        "table/list/details x20000 (was > 240 s)": "<table><tr><td><ul><li><details><summary>x"
        * 20000,
        "nested divs x200000 (was 112 s)": "<div>" * 200000 + "x",
        "100k paragraphs": "<p>문단 paragraph</p>\n" * 100000,
    }
    for name, page in cases.items():
        t0 = time.perf_counter()
        try:
            doc = HtmlLoader().load(Path("x.html"), page.encode())
            out = f"{len(doc.sections[0].text):,} chars"
        except IngestError as exc:
            out = f"refused: {exc.message}"
        print(f"html {name}: {len(page):,} chars in, {out}, {time.perf_counter() - t0:.2f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    budget(args.repeat)
    redaction(args.repeat)
    html()


if __name__ == "__main__":
    main()
