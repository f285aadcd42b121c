"""Candidate refusal signals counted over a replay's answered rows (issue #15).

For every answered row of the replay JSONs given (``answer_replay.py --out``, e.g.
``/work/briefs/final26/*.json``), reads the best unit off the answer (the first quoted
unit after the short answer) and asks each signal of ``answer/refusal.py`` whether it
fires there. Per set, prints how many answered unanswerable questions each signal
fires on (and how many of them its penalty would bring under ``--threshold``) against
how many right answers it fires on (and would refuse)::

    PYTHONPATH=src .venv/bin/python benchmarks/refusal_signals.py \\
        /work/briefs/final26/{notesqa,blind,blind2,realq3}.json --threshold 0.36 --show

The unit's kind is not in the replay: every unit is read as a note unit (the signals
leave prose sentences alone), so a count here is an upper bound on what the replay moves.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable
from pathlib import Path

from notelens.answer import extractive as ex
from notelens.answer.counted import _KO_COUNT_RE, counted_noun
from notelens.answer.qtype import answer_type, has_evidence
from notelens.answer.refusal import (
    ATTRIBUTE_PENALTY,
    MEASURE_PENALTY,
    asked_attribute,
    asked_measure,
    attribute_stated,
    day_unstated,
    measure_stated,
    without_numbers,
)

Signal = Callable[[str, str], bool]


def _metric(q: str, u: str) -> bool:
    return asked_attribute(q) == "metric" and not attribute_stated("metric", without_numbers(q, u))


def _magnitude(q: str, u: str) -> bool:
    m = asked_measure(q)
    return m is not None and m in "BTMK" and not measure_stated(m, u)


def _tokens_t(q: str, u: str) -> bool:
    return (
        asked_attribute(q) == "tokens"
        and re.search(r"몇\s*T", q) is not None
        and not attribute_stated("tokens", u)
    )


def _kind_unheld(q: str, u: str) -> bool:
    # (Rejected: a person or an organisation asked of a line holding none by the type
    # patterns; the patterns miss too many of the names notes write.)
    kind = answer_type(q).kind
    return kind in ("person", "org") and not has_evidence(kind, u)


def _noun_without_number(q: str, u: str) -> bool:
    # (Rejected: "How many layers …?" over a line that writes "layer" but no count of it.)
    noun = counted_noun(q)
    if noun is None or not re.search(rf"(?<![a-z0-9]){re.escape(noun)}", u, re.I):
        return False
    n = re.escape(noun)
    counted = re.search(
        rf"\d[\d,.]*\s*[KMB]?\s*[-×x]?\s*(?:\S+\s)?{n}|(?<![a-z0-9]){n}\S{{0,3}}\s*[:=]?\s*\d",
        u,
        re.I,
    )
    return counted is None and _KO_COUNT_RE.search(u) is None


# name -> (test, the factor its penalty applies)
SIGNALS: dict[str, tuple[Signal, float]] = {
    "(rejected) person/org asked, none in the unit": (_kind_unheld, 1.0 - ex.NUMBER_PENALTY),
    "(rejected) counted noun written with no count": (_noun_without_number, 1.0 - MEASURE_PENALTY),
    "metric asked by its bare name, no value": (_metric, 1.0 - ATTRIBUTE_PENALTY),
    "day asked, unit dated to the month": (day_unstated, 1.0 - ATTRIBUTE_PENALTY),
    "size/count asked in B/T/M/K, none stated": (_magnitude, 1.0 - MEASURE_PENALTY),
    "tokens asked in T, no token count": (_tokens_t, 1.0 - ATTRIBUTE_PENALTY),
}


def best_unit(row: dict[str, object]) -> str:
    """The first quoted unit of the row's answer (after "short — ")."""
    answer, short = str(row.get("answer") or ""), str(row.get("short") or "")
    if short and answer.startswith(f"{short} — "):
        answer = answer[len(short) + 3 :]
    return re.split(r"\s\[\d+\]", answer)[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("replays", type=Path, nargs="+")
    ap.add_argument("--threshold", type=float, default=0.36)
    ap.add_argument("--show", action="store_true", help="list the rows each signal fires on")
    args = ap.parse_args()
    print(
        "| set | signal | answered unanswerable: fires / refused | right answers: fires / refused |"
    )
    print("|---|---|---|---|")
    shown: list[str] = []
    for path in args.replays:
        rows = json.loads(path.read_text(encoding="utf-8"))
        for name, (test, factor) in SIGNALS.items():
            counts = {"neg": [0, 0], "ok": [0, 0]}
            for r in rows:
                strength = float(r["strength"])
                if r["refused"] or strength < args.threshold:
                    continue
                side = "neg" if r["neg"] else ("ok" if r["ok"] else None)
                if side is None or not test(str(r["question"]), best_unit(r)):
                    continue
                counts[side][0] += 1
                counts[side][1] += strength * factor < args.threshold
                shown.append(
                    f"{path.stem} {r['id']} {side} {strength:.2f} [{name}] {r['question']}"[:200]
                )
            if counts["neg"][0] or counts["ok"][0]:
                neg, ok = counts["neg"], counts["ok"]
                print(f"| {path.stem} | {name} | {neg[0]} / {neg[1]} | {ok[0]} / {ok[1]} |")
    if args.show:
        print("\n".join(shown))


if __name__ == "__main__":
    main()
