"""The rows of a replay whose question a question-gated change cannot reach, for
``answer_replay.py --reuse``: only the gated questions are answered again.

A change that acts only on the questions a predicate reads (``answer/crosslang.py``: the
question names the other language's version of the notes, ``asked_language``) leaves
every other row as the replay it was made from answered it, to the last bit. This writes
BEFORE's rows less the gated ones; ``answer_replay.py --reuse`` copies those (their hits
are the cached hits of the same workdir) and answers the rest::

    PYTHONPATH=src .venv/bin/python benchmarks/gated_rows.py /work/lead/base/realq.json \\
        /tmp/realq-ungated.json
    PYTHONPATH=src .venv/bin/python benchmarks/answer_replay.py --set notesqa \\
        --questions benchmarks/data/realq_qa.jsonl \\
        --folders examples/notes ../shared/notes-samples --workdir .bench/fresh-realq \\
        --reuse /tmp/realq-ungated.json .bench/fresh-realq/hits-k5.pkl \\
        --out .bench/gated/realq.json

It prints how many rows are gated (answered again). The full replay
(``replay_sets.sh``) gives the same rows; this is the quick loop.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from notelens.answer.crosslang import asked_language


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("before", type=Path, help="an answer_replay.py --out JSON")
    ap.add_argument("out", type=Path, help="BEFORE's rows less the gated ones")
    args = ap.parse_args()
    rows = json.loads(args.before.read_text(encoding="utf-8"))
    kept = [r for r in rows if asked_language(r["question"]) is None]
    print(f"{len(rows) - len(kept)} of {len(rows)} rows gated (answered again)")
    args.out.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
