"""Why the rows of a notes-set replay failed, by cause, and how each gold file fared.

Reads an ``answer_replay.py --set notesqa --out X.json`` replay and the question file it
replayed (for each question's gold file, which the replay's rows don't carry):

    PYTHONPATH=src python benchmarks/realq_failures.py .bench/rq/realq.json --threshold 0.36
    PYTHONPATH=src python benchmarks/realq_failures.py .bench/rq2/realq2.json \
        --questions benchmarks/data/realq2_qa.jsonl --threshold 0.36

(``PYTHONPATH=src``: each gold file is chunked with notelens's own loader and chunker.)

A missed answerable row (no gold string in an unrefused answer) gets the first cause that
fits, in this order:

- gold not indexed: the gold is in the file but in no chunk the index holds of it (not in
  a chunk's text, heading path or title: a link's target, a URL, an empty section's
  heading), so no passage can show it;
- gold only in a heading: the gold is a heading or the note's title (a section name, a
  paper title used as a heading), in no chunk's text: the hits' text can't hold it, only an
  answer that reads the heading path can;
- retrieval miss: no gold string in any of the top-k hits, so nothing could be right;
- false refusal: a gold string was retrieved, but the answer was refused (or below the
  threshold);
- wrong span: a sentence of the answer is read from a line holding the gold (a table row,
  a bullet, a sentence) but the gold is left out: the right place, the fact cut away;
- wrong unit, same section: the answer's sentences are read from other lines under the
  gold's heading (another table row, a sibling bullet, the body instead of the heading);
- wrong unit, other section: read from another section of the gold's file;
- wrong unit, other file: no sentence of the answer is read from the gold's file: it
  answered from another note (a distractor).

A sentence (the answer split at its citation marks, a leading "short answer — " dropped)
is "read from" a line when half its characters or more match the line in order
(difflib's matching blocks): extracted sentences are copied, table rows re-rendered with
their headers, so both read as their line while a sentence that only shares a term with
it does not. An unrefused unanswerable question is "answered unanswerable".
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHUNKING = (
    "gold not indexed",
    "gold only in a heading",
)
READ_FROM = 0.5  # share of a sentence's characters matched in a line to be read from it
CAUSES = (
    *CHUNKING,
    "retrieval miss",
    "false refusal",
    "wrong span",
    "wrong unit, same section",
    "wrong unit, other section",
    "wrong unit, other file",
)


def _sentences(answer: str) -> list[str]:
    parts = [p.strip(" .") for p in re.split(r"\[\d+\]\.?", answer)]
    return [p.split(" — ", 1)[-1] for p in parts if p.strip(" .")]


def _read_from(sentence: str, lines: list[str]) -> bool:
    for line in lines:
        blocks = SequenceMatcher(None, sentence, line, autojunk=False).get_matching_blocks()
        if sum(b.size for b in blocks) >= READ_FROM * len(sentence):
            return True
    return False


@dataclass(frozen=True)
class Indexed:
    """What the index holds of one file: its chunks' texts and their heading paths and
    titles (the places a gold string can be shown from)."""

    texts: tuple[str, ...]
    headings: tuple[str, ...]

    @classmethod
    def of(cls, path: Path) -> Indexed:
        """The file chunked as an index run chunks it (its format's loader and chunker,
        the default chunking settings the replays use)."""
        from notelens.ingest.chunking import chunk_document
        from notelens.ingest.registry import loader_for

        data = path.read_bytes()
        chunks = chunk_document(loader_for(path, data).load(path, data))
        return cls(
            tuple(c.text for c in chunks),
            tuple(h for c in chunks for h in (c.heading, c.title)),
        )


def _chunking_cause(golds: list[str], indexed: Indexed) -> str | None:
    if any(g in t for g in golds for t in indexed.texts):
        return None
    if any(g in h for g in golds for h in indexed.headings):
        return "gold only in a heading"
    return "gold not indexed"


def cause(row: dict[str, Any], text: str, threshold: float, indexed: Indexed | None = None) -> str:
    """The cause of one missed answerable row (see the module docstring); without
    ``indexed`` (the file's chunks) the two chunking causes are not told apart."""
    if indexed is not None and (found := _chunking_cause(row["answers"], indexed)):
        return found
    if not row["gold_ranks"]:
        return "retrieval miss"
    if row["refused"] or row["strength"] < threshold:
        return "false refusal"
    sentences = _sentences(row["answer"])
    sections = _sections(text)
    lines = [line for sec in sections for line in sec]
    gold_lines = [line for line in lines if any(g in line for g in row["answers"])]
    if any(_read_from(s, gold_lines) for s in sentences):
        return "wrong span"
    near = [line for sec in sections if set(sec) & set(gold_lines) for line in sec]
    if any(_read_from(s, near) for s in sentences):
        return "wrong unit, same section"
    if any(_read_from(s, lines) for s in sentences):
        return "wrong unit, other section"
    return "wrong unit, other file"


def _sections(text: str) -> list[list[str]]:
    """The file's non-empty lines, cut before each markdown heading (a heading opens its
    section; a file without headings is one section)."""
    out: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.startswith("#") and out[-1]:
            out.append([])
        if line.strip():
            out[-1].append(line)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("replay", type=Path, help="answer_replay.py --out JSON")
    ap.add_argument("--questions", type=Path, default=ROOT / "benchmarks/data/realq_qa.jsonl")
    ap.add_argument("--threshold", type=float, default=0.36)
    args = ap.parse_args()
    rows = json.loads(args.replay.read_text(encoding="utf-8"))
    lines = args.questions.read_text(encoding="utf-8").splitlines()
    gold_file = {q["id"]: q["relevant"][0] for q in map(json.loads, filter(str.strip, lines))}
    texts = {rel: (ROOT / rel).read_text(encoding="utf-8") for rel in set(gold_file.values())}
    indexed = {rel: Indexed.of((ROOT / rel).resolve()) for rel in texts}
    th = args.threshold

    def ok(r: dict[str, Any]) -> bool:
        return bool(r["ok"]) and r["strength"] >= th

    pos = [r for r in rows if not r["neg"]]
    print("| gold file | n | contains | false refusals |\n|---|---|---|---|")
    by_file: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in pos:
        by_file[gold_file[r["id"]]].append(r)
    for rel, sub in sorted(by_file.items()):
        refused = sum(bool(r["refused"] or r["strength"] < th) for r in sub)
        hit = sum(map(ok, sub)) / len(sub)
        print(f"| {Path(rel).name} | {len(sub)} | {hit:.3f} | {refused / len(sub):.3f} |")

    missed = [
        (r, cause(r, texts[gold_file[r["id"]]], th, indexed[gold_file[r["id"]]]))
        for r in pos
        if not ok(r)
    ]
    per = Counter((c, r["class"]) for r, c in missed)
    classes = sorted({r["class"] for r in pos})
    print(f"\nmissed {len(missed)} of {len(pos)} answerable rows\n")
    print("| cause | " + " | ".join(classes) + " | all | odd | even |")
    print("|---" * (len(classes) + 4) + "|")
    for c in CAUSES:
        ids = [r for r, cc in missed if cc == c]
        cells = " | ".join(str(per[(c, k)]) for k in classes)
        halves = Counter(r["half"] for r in ids)
        print(f"| {c} | {cells} | {len(ids)} | {halves['odd']} | {halves['even']} |")
    answered = [r for r in rows if r["neg"] and not (r["refused"] or r["strength"] < th)]
    kinds = Counter(r.get("kind", "?") for r in answered)
    print(f"\nanswered unanswerable: {len(answered)} (near {kinds['near']}, off {kinds['off']})")
    for c in CAUSES:
        ids = [r["id"] for r, cc in missed if cc == c]
        print(f"{c}: {' '.join(ids) or '-'}")
    # A refusal that held the gold: the answer was right and the refusal signal too low.
    held = [r["id"] for r, c in missed if c == "false refusal" and r["ok_unrefused"]]
    print(f"false refusals whose answer held the gold: {' '.join(held) or '-'}")
    print(f"answered unanswerable: {' '.join(r['id'] for r in answered) or '-'}")


if __name__ == "__main__":
    main()
