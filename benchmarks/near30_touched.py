"""Replay only the questions the twenty-eighth round's near-miss changes can reach (issue #15),
as ``replay_touched.py`` does, with this round's reachability test.

The changes read: a Hangul word of the question that the loanword reader paired with a
notes' name of the other voicing ("결론" / "Korean", "발표" / "Prefer": the first stop's
voicing, ``analysis/loanwords._initials_agree``), and a note's writer asked
(``note_attributes.WRITER_ASKED``) over units that only name the entry
(``asked_nowhere.nowhere``). The first is a retrieval change (``retrieve/searcher.py``
respells the question): this script drops those questions' cached hits from
``WORKDIR/hits-k5.pkl`` first, so that they are searched anew. Every other question takes
the same path as before. Run on the after tree, then compare with a whole replay of the set
by the before tree (its rows of the same ids)::

    PYTHONPATH=src .venv/bin/python benchmarks/near30_touched.py --set notesqa \\
        --questions benchmarks/data/realq8_qa.jsonl --folders examples/notes \\
        ../shared/notes-samples --workdir .bench/fresh-realq8 --out .bench/t/realq8.json
    python3 benchmarks/replay_touched.py --compare BEFORE/realq8.json .bench/t/realq8.json

(``--compare`` prints counts only, the form allowed for the sealed sets.)
"""

from __future__ import annotations

import pickle
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import replay_touched

_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")


def _arg(name: str) -> list[str]:
    """The values after ``name`` on the command line (up to the next option)."""
    argv = sys.argv[1:]
    if name not in argv:
        return []
    values = []
    for a in argv[argv.index(name) + 1 :]:
        if a.startswith("--"):
            break
        values.append(a)
    return values


def _vocabulary(folders: list[str]) -> str:
    """Every Latin word of the notes under ``folders``, one text (a superset of what any
    search's passages write)."""
    words: set[str] = set()
    for folder in folders:
        for path in Path(folder).rglob("*"):
            if path.is_file():
                words |= set(_LATIN_WORD.findall(path.read_text(encoding="utf-8", errors="ignore")))
    return " ".join(sorted(words))


def main() -> None:
    from notelens.analysis import loanwords
    from notelens.analysis.registry import create_analyzer
    from notelens.answer.note_attributes import WRITER_ASKED

    workdir = Path((_arg("--workdir") or ["."])[0])
    # (KorQuAD and XQuAD keep their plain-text corpus in the workdir.)
    corpus = workdir / "corpus"
    folders = _arg("--folders") or ([str(corpus)] if corpus.is_dir() else ["examples/notes"])
    vocab = [_vocabulary(folders)]
    terms = create_analyzer().terms  # the default, the one the replays' engines use
    agree = loanwords._initials_agree

    def respelled(question: str) -> bool:
        new = loanwords.loanword_pairs(question, vocab, terms)
        loanwords._initials_agree = lambda _h, _l: True  # the rule before this round
        try:
            old = loanwords.loanword_pairs(question, vocab, terms)
        finally:
            loanwords._initials_agree = agree
        return old != new

    pkl = workdir / "hits-k5.pkl"
    if pkl.exists():
        hits = pickle.loads(pkl.read_bytes())
        stale = [q for q in hits if respelled(q)]
        if stale:
            for q in stale:
                del hits[q]
            pkl.write_bytes(pickle.dumps(hits))
        print(f"searched anew: {len(stale)}", flush=True)
    replay_touched.main(lambda q: bool(WRITER_ASKED.search(q) or respelled(q)))


if __name__ == "__main__":
    main()
