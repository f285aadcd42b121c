"""Which traced questions changed strength against a saved replay (issue #15).

``factor_trace.py`` prints each traced question's final strength ("factors: … -> 0.412");
this reads such a trace and a baseline ``answer_replay.py --out`` file and prints how
many questions were traced, and those whose strength moved (with whether they crossed
the refusal threshold). A cheap check of a rule's reach on KorQuAD / XQuAD: trace only
the questions ``refusal_triggers.py --ids`` says the rule can read::

    PYTHONPATH=src .venv/bin/python benchmarks/factor_trace.py --set korquad \\
        --limit 1000 --workdir .bench/korquad ID … > trace.txt
    python benchmarks/trace_compare.py trace.txt BASE/korquad.json --threshold 0.36

Prints ids and strengths only, never the questions.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

_ID_RE = re.compile(r"^(\S+) neg=")
_FINAL_RE = re.compile(r"factors: .* -> ([\d.]+)$")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("trace", type=Path)
    ap.add_argument("base", type=Path)
    ap.add_argument("--threshold", type=float, default=0.36)
    ap.add_argument("--tolerance", type=float, default=0.0015, help="the trace rounds to 3 places")
    args = ap.parse_args()
    base = {str(r["id"]): r for r in json.loads(args.base.read_text(encoding="utf-8"))}
    traced = 0
    moved: list[str] = []
    current = None
    for line in args.trace.read_text(encoding="utf-8").splitlines():
        m = _ID_RE.match(line)
        if m:
            current = m.group(1)
        m = _FINAL_RE.search(line.strip())
        if m and current in base:
            traced += 1
            before, after = float(base[current]["strength"]), float(m.group(1))
            if abs(after - before) > args.tolerance:
                crossed = (before >= args.threshold) != (after >= args.threshold)
                moved.append(f"{current} {before:.3f}->{after:.3f}{' crossed' if crossed else ''}")
    print(f"{traced} traced, {len(moved)} moved")
    for row in moved:
        print(f"  {row}")


if __name__ == "__main__":
    main()
