"""Replay only the questions that write a name half in Hangul, half in Latin letters
("인스트럭트GPT"), which the twenty-eighth round's loanword pairing can reach
(analysis/loanwords.py, ``loanword_pairs``'s Latin tail), and compare them with the same
rows of a whole replay (issue #15).

Every other question is searched and answered as before. The touched questions' cached
hits must be searched anew: copy the set's workdir without them first (``--fresh-from``
writes WORKDIR from an existing one: its index linked, its hits less the reachable ones):

    PYTHONPATH=src .venv/bin/python benchmarks/halfname_touched.py --set notesqa \\
        --questions benchmarks/data/realq8_qa.jsonl --folders examples/notes \\
        ../shared/notes-samples --fresh-from .bench/fresh-realq8 \\
        --workdir .bench/ht/fresh-realq8 --out .bench/ht/realq8.json
    python3 benchmarks/halfname_touched.py --compare BEFORE/realq8.json .bench/ht/realq8.json --ids
"""

from __future__ import annotations

import pickle
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import replay_touched  # noqa: E402

_HALF = re.compile(r"[가-힣][A-Za-z]")


def reachable(question: str) -> bool:
    """A Hangul letter with a Latin one right after it (a superset of the questions whose
    name the pairing can respell)."""
    return _HALF.search(question) is not None


def fresh_workdir(source: Path, workdir: Path, k: int = 5) -> None:
    """``workdir`` with ``source``'s index (linked) and its cached hits less the
    reachable questions'."""
    workdir.mkdir(parents=True, exist_ok=True)
    index = workdir / "index"
    if not index.exists():
        index.symlink_to((source / "index").resolve())
    hits = pickle.loads((source / f"hits-k{k}.pkl").read_bytes())
    kept = {q: h for q, h in hits.items() if not reachable(q)}
    (workdir / f"hits-k{k}.pkl").write_bytes(pickle.dumps(kept))


if __name__ == "__main__":
    if "--fresh-from" in sys.argv:
        i = sys.argv.index("--fresh-from")
        src = Path(sys.argv[i + 1])
        del sys.argv[i : i + 2]
        fresh_workdir(src, Path(sys.argv[sys.argv.index("--workdir") + 1]))
    replay_touched.main(reachable)
