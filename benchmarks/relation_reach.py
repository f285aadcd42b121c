"""Whether the sibling relations of ``answer/focus.py`` can reach prose answers (issue #15,
round 23).

``choose._relation`` reorders only an entry's note lines (bullets, definitions, rows,
titles), never prose sentences. For each prose set (KorQuAD 1-1000, 1001-2000, XQuAD-en)
this counts the questions that ask a sibling relation (``SIBLING_FOCI``), the units of
their cached hits that are not sentences, and how many of those carry the relation's cue:
with none, the step cannot change a prose answer and the sets need no replay. Reads the
questions from a replay's JSON (``/work/lead/final28``-style ``SET.json``) and the hits
from ``CACHE/SET/hits-k5.pkl``::

    PYTHONPATH=src .venv/bin/python benchmarks/relation_reach.py /work/lead/final28 .bench
"""

from __future__ import annotations

import argparse
import json
import pickle
from pathlib import Path

from notelens.answer.focus import SIBLING_FOCI, asked_focus, states_focus
from notelens.answer.units import build_units


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument(
        "replays", type=Path, help="folder with korquad.json, korquad2k.json, xquad.json"
    )
    ap.add_argument("cache", type=Path, help="the retrieval caches (.bench)")
    args = ap.parse_args()
    for name in ("korquad", "korquad2k", "xquad"):
        rows = json.loads((args.replays / f"{name}.json").read_text())
        hits = pickle.loads((args.cache / name / "hits-k5.pkl").read_bytes())
        asking = notes = cued = 0
        for r in rows:
            focus = asked_focus(r["question"])
            if focus not in SIBLING_FOCI:
                continue
            asking += 1
            for h in hits[r["question"]]:
                for u in build_units(h.text, h.heading):
                    if u.kind != "sentence":
                        notes += 1
                        cued += states_focus(focus, u)
        print(
            f"{name}: {len(rows)} questions, {asking} ask a sibling relation; "
            f"{notes} non-sentence units in their hits, {cued} with the cue"
        )


if __name__ == "__main__":
    main()
