"""3-line summaries (``notelens summarize``, issue #19): grounding rate and time per note.

Every note of examples/notes and ../shared/notes-samples is indexed once, then summarised
extractively and with each LLM named by ``--llm`` (e.g. ``smollm2``, ``local``,
``ollama:MODEL``). For each: lines written, lines the citation check kept (the grounding
rate: kept / written), and seconds per note. Extractive lines are then checked by the
same ``ground()`` against the note's passages, as a control.

    PYTHONPATH=src .venv/bin/python benchmarks/summary_bench.py --llm smollm2
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from common import ROOT, SHARED, machine, percentile


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--llm", action="append", default=[], help="LLM spec (repeatable)")
    parser.add_argument("--lines", type=int, default=3)
    args = parser.parse_args()
    from notelens import Engine
    from notelens.errors import NotelensError

    folders = [ROOT / "examples" / "notes"]
    if (SHARED / "notes-samples").exists():
        folders.append(SHARED / "notes-samples")
    engine = Engine(Path(tempfile.mkdtemp(prefix="summary-bench-")) / "index")
    engine.index(folders)
    sources = sorted({r.source for r in engine.searcher.store.records()})
    print(machine(), f"{len(sources)} notes")
    for method in ["extractive", *args.llm]:
        written = kept = failed = fell_back = 0
        seconds: list[float] = []
        for source in sources:
            t0 = time.perf_counter()
            llm = None if method == "extractive" else method
            try:
                summary = engine.summarize(source, lines=args.lines, llm=llm)
            except NotelensError as exc:  # a model that fails on a note: counted, shown
                failed += 1
                print(f"  {Path(source).name}: {exc}")
                continue
            seconds.append(time.perf_counter() - t0)
            if llm is not None and not summary.method.startswith("llm:"):
                fell_back += 1  # the model failed on this note: extractive lines instead
                print(f"  {Path(source).name}: {summary.method}")
                continue
            if method == "extractive":
                _, passages = engine._note_passages(source)
                text = "\n".join(line.text for line in summary.lines)
                verdicts = engine.ground(text, [p.text for p in passages]) if text else []
                written += len(verdicts)
                kept += sum(v.supported for v in verdicts)
            else:
                written += len(summary.lines) + summary.dropped
                kept += len(summary.lines)
        rate = kept / written if written else float("nan")
        print(
            f"{method}: {written} lines written, {kept} supported (grounding rate {rate:.3f}), "
            f"{failed} notes failed, {fell_back} fell back to extractive; "
            f"p50 {percentile(seconds, 50):.2f} s, p95 {percentile(seconds, 95):.2f} s per note"
        )


if __name__ == "__main__":
    main()
