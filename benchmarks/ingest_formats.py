"""Formats and papers (issue #18): conversion time per file kind, and the ARAGOG papers
before/after reading PDFs like papers.

    PYTHONPATH=src .venv/bin/python benchmarks/ingest_formats.py convert [--reps 3]
    PYTHONPATH=src .venv/bin/python benchmarks/ingest_formats.py aragog

``convert``: files of each new kind built by tests/office_fixtures.py (Korean and English
text, sizes in the table), loaded and chunked by ``parse_file`` as ``notelens index``
does; the median of ``--reps`` runs after one warm-up (the warm-up pays the imports),
plus the 15 ARAGOG PDFs.

``aragog``: the 15 papers of ../shared/eval/aragog chunked two ways -- *before*: the
previous loader (pypdf ``extract_text`` per page, metadata title else the file name,
paragraph packing, no headings) and *after*: this loader (title, headings, no running
lines, hyphenation, ligatures). Each chunk is indexed as the indexer does
(``embed_input``: the heading path, else the title, then the text) with the Kiwi
analyzer's terms in BM25 (bm25s); for the 30 dev questions: the gold paper's first
rank (hit@1, hit@5, MRR@10 by paper) and answer-word recall@5 (the share of the
ground-truth answer's content words found in the top 5 chunks, a proxy for whether an
answer can be read from them). Dense retrieval is not run (embedding ~1,700 chunks twice
on the shared 2-core VM takes too long for this round).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from common import ROOT  # noqa: F401  (puts src/ on the path)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from notelens.config import ChunkingConfig
from notelens.ingest.budget import parse_file
from notelens.types import Chunk

ARAGOG = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "aragog"
KO = "학습 데이터는 웹 문서와 위키백과에서 모았고 토크나이저는 SentencePiece를 썼다."
EN = "We trained the model on two trillion tokens of deduplicated web text."


def _fixtures() -> dict[str, tuple[str, bytes]]:
    import office_fixtures as fx

    paras = [(None if i % 10 else "Heading1", f"{KO} {EN} {i}") for i in range(200)]
    rows: list[list[object]] = [["모델", "score", "note"]]
    rows += [[f"model-{i}", i * 0.5, f"{KO[:20]} {i}"] for i in range(2000)]
    csv = "\n".join(",".join(str(c) for c in r) for r in rows).encode("utf-8")
    return {
        "docx": ("200 paragraphs", fx.make_docx(paras)),
        "pptx": ("30 slides", fx.make_pptx([(f"슬라이드 {i}", [KO, EN]) for i in range(30)])),
        "xlsx": ("2,000 rows", fx.make_xlsx({"실험": rows})),
        "csv": ("2,000 rows", csv),
        "epub": ("20 chapters", fx.make_epub("책", [(f"{i}장", f"{KO} {EN}") for i in range(20)])),
        "ipynb": (
            "100 cells",
            fx.make_ipynb([("markdown" if i % 2 else "code", f"{KO}\n{EN}") for i in range(100)]),
        ),
        "hwpx": ("200 paragraphs", fx.make_hwpx([f"{KO} {i}" for i in range(200)])),
        "hwp": ("200 paragraphs", fx.make_hwp("\n\n".join(f"{KO} {i}" for i in range(200)))),
    }


def convert(reps: int) -> None:
    import tempfile

    cfg = ChunkingConfig()
    print("| kind | file | bytes | chunks | median ms / file |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for kind, (what, data) in _fixtures().items():
            path = Path(tmp) / f"sample.{kind}"
            path.write_bytes(data)
            parse_file(path, data, cfg, 120)  # warm-up: imports
            times = []
            for _ in range(reps):
                t = time.perf_counter()
                _, chunks = parse_file(path, data, cfg, 120)
                times.append(time.perf_counter() - t)
            ms = statistics.median(times) * 1000
            print(f"| {kind} | {what} | {len(data):,} | {len(chunks)} | {ms:.0f} |")
    pdfs = sorted((ARAGOG / "papers").glob("*.pdf"))
    size = sum(p.stat().st_size for p in pdfs)
    for name, fn in (("pdf, before (previous loader)", _before), ("pdf, after", _after)):
        if not pdfs:
            break
        times, n, slowest = [], 0, ""
        for pdf in pdfs:
            t = time.perf_counter()
            n += len(fn(pdf))
            times.append(time.perf_counter() - t)
            if times[-1] == max(times):
                slowest = pdf.name
        print(
            f"| {name} | 15 ARAGOG papers | {size:,} | {n} | "
            f"{statistics.median(times) * 1000:.0f} (max {max(times) * 1000:.0f}: {slowest}) |"
        )


def _before(path: Path) -> list[Chunk]:
    """The previous PDF pipeline, as it was: extract_text per page, TextChunker."""
    import io

    import pypdf

    from notelens.ingest.pdf import _clean_page, _title
    from notelens.ingest.text import TextChunker
    from notelens.paths import display_path, source_key
    from notelens.types import Document, Section

    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()), strict=False)
    sections = []
    for n, page in enumerate(reader.pages, 1):
        text = _clean_page(page.extract_text() or "")
        if text:
            sections.append(Section(text=text, page=n))
    doc = Document(
        source_key(path), _title(reader) or display_path(path.stem), "pdf", tuple(sections)
    )
    return TextChunker(ChunkingConfig()).chunk(doc)


def _after(path: Path) -> list[Chunk]:
    from notelens.ingest.chunking import chunk_document
    from notelens.ingest.pdf import PdfLoader

    # a long timeout: the shared VM is loaded, and this measures quality, not speed
    doc = PdfLoader(timeout_s=900).load(path, path.read_bytes())
    return chunk_document(doc, ChunkingConfig())


_STOP = set(
    [
        "the",
        "a",
        "an",
        "of",
        "and",
        "to",
        "in",
        "for",
        "on",
        "with",
        "by",
        "is",
        "are",
        "was",
        "were",
        "that",
        "this",
        "from",
        "as",
        "at",
        "be",
        "it",
    ]
)


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 3 and w not in _STOP}


def aragog(pipelines: list[str]) -> None:
    import bm25s

    from notelens.analysis.korean import KiwiAnalyzer
    from notelens.index.indexer import embed_input

    questions = [
        json.loads(x) for x in (ARAGOG / "questions.dev.jsonl").read_text().splitlines() if x
    ]
    pdfs = sorted((ARAGOG / "papers").glob("*.pdf"))
    analyzer = KiwiAnalyzer()
    print("| pipeline | chunks | titles = file name | chunks with a section heading | broken words "
          "(`x-⏎y`) | hit@1 | hit@5 | MRR@10 | answer-word recall@5 |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    for name, fn in (("before", _before), ("after", _after)):
        if name not in pipelines:
            continue
        chunks: list[tuple[str, Chunk]] = []
        stem_titles = 0
        for pdf in pdfs:
            cs = fn(pdf)
            stem_titles += bool(cs) and cs[0].title == pdf.stem
            chunks += [(pdf.name, c) for c in cs]
        texts = [embed_input(c) for _, c in chunks]  # what the indexer BM25-indexes
        # a word broken at a line end and left broken: "representa-\ntion" / "representa- tion"
        split = sum(len(re.findall(r"[a-z]{2,}-\s+[a-z]{2,}", c.text)) for _, c in chunks)
        vocab: dict[str, int] = {}
        ids = [[vocab.setdefault(t, len(vocab)) for t in analyzer.terms(x)] for x in texts]
        retriever = bm25s.BM25()
        retriever.index(bm25s.tokenization.Tokenized(ids=ids, vocab=vocab), show_progress=False)
        hit1 = hit5 = 0
        mrr = recall = 0.0
        ranks: list[int] = []
        for q in questions:
            known = [vocab[t] for t in analyzer.terms(q["question"]) if t in vocab]
            res, _ = retriever.retrieve(
                bm25s.tokenization.Tokenized(ids=[known], vocab=vocab), k=10, show_progress=False
            )
            ranked = [int(j) for j in res[0]]
            rank = next((r for r, j in enumerate(ranked, 1) if chunks[j][0] == q["source"]), 0)
            ranks.append(rank)
            hit1 += rank == 1
            hit5 += 0 < rank <= 5
            mrr += 1 / rank if rank else 0.0
            gold = _content_words(q["ground_truth"])
            top = set().union(*(_content_words(chunks[j][1].text) for j in ranked[:5]))
            recall += len(gold & top) / max(len(gold), 1)
        n = len(questions)
        headed = sum(1 for _, c in chunks if c.heading and c.heading != c.title)
        print(
            f"| {name} | {len(chunks)} | {stem_titles}/15 | {headed / len(chunks):.0%} | {split} | "
            f"{hit1 / n:.3f} | {hit5 / n:.3f} | {mrr / n:.3f} | {recall / n:.3f} |"
        )
        print(f"<!-- {name} gold-paper ranks per question: {ranks} -->")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("convert")
    c.add_argument("--reps", type=int, default=3)
    a = sub.add_parser("aragog")
    a.add_argument("--pipelines", default="before,after")
    args = ap.parse_args()
    run: Callable[[], None] = (
        (lambda: convert(args.reps))
        if args.cmd == "convert"
        else (lambda: aragog(args.pipelines.split(",")))
    )
    run()


if __name__ == "__main__":
    main()
