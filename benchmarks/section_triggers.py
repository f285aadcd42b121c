"""Which questions of a set the heading rules of the twenty-fourth round can read (issue
#15): a section asked by its place (answer/section_asks.py ``asked_section``) or a section
question that may switch to the named entry (answer/filed_entries.py: ``asks_container``
with a noun other than a folder). Every other question goes through the answer stage
exactly as before these rules (both return the chain's choice untouched), so a set with
no trigger cannot move; KorQuAD and XQuAD are checked this way when a replay of all
their rows does not fit.

Question texts only, no answers and no replay rows. Do not run it on a sealed set's
question file (realq2, realq4, realq5).

    PYTHONPATH=src .venv/bin/python benchmarks/section_triggers.py \\
        benchmarks/data/notes_qa.jsonl benchmarks/data/blind_qa.jsonl --squad 2000
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from answer_bench import SHARED, load_squad  # noqa: E402
from notelens.answer.container import asks_container  # noqa: E402
from notelens.answer.section_asks import asked_section  # noqa: E402

_FOLDERS = frozenset({"폴더", "디렉토리", "디렉터리", "folder", "directory"})


def triggers(question: str) -> str | None:
    """The rule a question triggers ("section" or "entry"), or ``None``."""
    if asked_section(question) is not None:
        return "section"
    noun = asks_container(question)
    return "entry" if noun is not None and noun not in _FOLDERS else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("files", type=Path, nargs="*", help="question files (JSON lines)")
    ap.add_argument(
        "--squad", type=int, default=0, help="also KorQuAD and XQuAD, their first N questions"
    )
    args = ap.parse_args()
    sets: list[tuple[str, list[str]]] = []
    for f in args.files:
        rows = [json.loads(x) for x in f.read_text(encoding="utf-8").splitlines() if x.strip()]
        sets.append((f.name, [r["question"] for r in rows]))
    if args.squad:
        for name in ("korquad/KorQuAD_v1.0_dev.part1.json", "xquad-en/xquad.en.json"):
            _docs, raw = load_squad(SHARED / name, args.squad)
            sets.append((name, [q["question"] for q in raw[: args.squad]]))
    for name, questions in sets:
        hit = [(q, t) for q in questions if (t := triggers(q)) is not None]
        print(f"{name}: {len(questions)} questions, {len(hit)} trigger")
        for q, t in hit:
            print(f"  {t}: {q}")


if __name__ == "__main__":
    main()
