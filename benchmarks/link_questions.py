"""Which cached questions ask for a link (answer/link_answers.py), and whether their
evidence holds any link at all: a cheap check that the link stage can touch only those
rows (the replay itself, ``replay_sets.sh``, gives the verdicts).

Reads the hits ``answer_replay.py`` pickled per question (``WORKDIR/hits-k5.pkl``); never
searches. Prints, per cache, the questions read as a link question, how many of them
have a hit with links, and how many rows the stage could change at all (a link question
whose hits hold a link); question texts only with ``--show`` (tuning sets only: never on
a held-out set).

    PYTHONPATH=src .venv/bin/python benchmarks/link_questions.py .bench/korquad \\
        .bench/korquad2k .bench/xquad

``--replay OUT/realq.json`` (one workdir) also sorts that replay's rows whose gold is a
link target (in a link of the row's hits: its URL or the title its path spells) or looks
like one (a URL or a path, in no hit): ids and verdicts only, no question text. With
``--notes FOLDER ...`` too, a gold in no hit that is a link target of a note file (a link
the search did not bring into the top k) is counted apart: a retrieval miss.
"""

from __future__ import annotations

import argparse
import pickle
import re
from collections import Counter
from pathlib import Path
from typing import Any

from notelens.answer.link_answers import asked_link, path_title


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("workdirs", type=Path, nargs="+")
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--show", action="store_true", help="print the link questions")
    ap.add_argument("--replay", type=Path, default=None, help="answer_replay.py --out JSON")
    ap.add_argument("--notes", type=Path, nargs="*", default=[], help="the indexed folders")
    args = ap.parse_args()
    for work in args.workdirs:
        hits: dict[str, Any] = pickle.loads((work / f"hits-k{args.k}.pkl").read_bytes())
        asks: Counter[str] = Counter()
        reachable = 0
        with_links = sum(any(h.links for h in hs) for hs in hits.values())
        for question, hs in hits.items():
            ask = asked_link(question)
            if ask is None:
                continue
            asks[ask] += 1
            if any(h.links for h in hs):
                reachable += 1
            if args.show:
                print(f"  {ask:8} links={sum(len(h.links) for h in hs):3} {question}")
        print(
            f"{work}: {len(hits)} questions, {with_links} with a linked hit;"
            f" link questions {sum(asks.values())} {dict(asks)}, of them with a linked hit"
            f" {reachable}"
        )

    if args.replay is not None:
        link_golds(args.replay, hits, note_targets(args.notes))


def _is_linkish(gold: str) -> bool:
    return "://" in gold or ("/" in gold and " " not in gold.strip("/")) or gold.count("/") >= 2


_TARGET_RE = re.compile(r"\]\(\s*<([^<>\n]*)>|\]\(([^()\s]*)|https?://[^\s<>()\[\]\"']+")


def note_targets(folders: list[Path]) -> list[str]:
    """Every link target the note files of ``folders`` write (and its path's title)."""
    out: list[str] = []
    for folder in folders:
        for f in sorted(folder.rglob("*")):
            if f.suffix.lower() not in (".md", ".txt", ".markdown") or not f.is_file():
                continue
            for m in _TARGET_RE.finditer(f.read_text(encoding="utf-8", errors="replace")):
                url = m.group(1) or m.group(2) or m.group(0)
                out += [url.lower(), (path_title(url) or "").lower()]
    return [t for t in out if t]


def link_golds(replay: Path, hits: dict[str, Any], targets: list[str]) -> None:
    """The rows whose gold is a link target: in a link of their hits (reachable by the
    link stage) or link-like and in no hit (a retrieval miss), with their verdicts."""
    import json

    rows = json.loads(replay.read_text(encoding="utf-8"))
    in_links: list[str] = []
    missing: list[str] = []
    unretrieved: list[str] = []
    for r in rows:
        golds = [g.lower() for g in r["answers"]]
        if not golds or r["question"] not in hits:
            continue
        hs = hits[r["question"]]
        if any(g in h.text.lower() for g in golds for h in hs):
            continue
        link_targets = [
            t.lower() for h in hs for lk in h.links for t in (lk.url, path_title(lk.url) or "") if t
        ]
        mark = f"{r['id']}({'ok' if r['ok'] else 'miss'})"
        if any(g in t for g in golds for t in link_targets):
            in_links.append(mark)
        elif any(g in t for g in golds for t in targets):
            unretrieved.append(mark)
        elif any(_is_linkish(g) for g in golds):
            missing.append(mark)
    print(f"gold only in a hit's link: {len(in_links)} {' '.join(in_links)}")
    print(f"gold in a note's link, not in the hits: {len(unretrieved)} {' '.join(unretrieved)}")
    print(f"link-like gold in no hit: {len(missing)} {' '.join(missing)}")


if __name__ == "__main__":
    main()
