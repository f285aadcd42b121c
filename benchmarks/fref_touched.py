"""Replay only the questions the twenty-sixth round's false-refusal fixes can reach (issue
#15), as ``refusal_touched.py`` does for the twenty-fifth round's rules.

The fixes read: an English layout word of a question with Hangul ("bullet", "sub item",
"list": ``layout_words.PAGE_WORDS``), the written number of a list item asked
(``item_numbers.asked_number_of``), a name with its number ("the SSL 4 table":
``refusal.qualifiers``, ``unqualified.numbered_names``), and a name glued to a grading word
("GPT-level": ``grounding._DESCRIBED_RE``), a setting's member ("temperature 0.02":
``members.members``, whose value a unit may write after an arrow), and a name that is a
notes file's ("README": ``evidence.file_name``; the files of the repo's notes folders).
Every other question takes the same path as before. Run on the after tree, then compare
with a whole replay of the set by the before tree (its rows of the same ids)::

    PYTHONPATH=src .venv/bin/python benchmarks/fref_touched.py --set notesqa \\
        --questions benchmarks/data/realq3_qa.jsonl --folders examples/notes \\
        ../shared/notes-samples --workdir .bench/fresh-realq3 --out .bench/t/realq3.json
    python3 benchmarks/replay_touched.py --compare BEFORE/realq3.json .bench/t/realq3.json

(``--compare`` prints counts only, the form allowed for the sealed sets.)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import replay_touched

# A word of the question as grounding.latin_names reads one ("GPT-level").
_WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


ROOT = Path(__file__).resolve().parents[1]


def _file_names() -> frozenset[str]:
    """The lowercased one-word names of the repo's notes files (``evidence.file_name``;
    the real samples' names are hashes no question writes)."""
    from notelens.answer.evidence import file_name

    folders = [ROOT / "examples" / "notes", *sorted((ROOT / "benchmarks" / "data").glob("*-notes"))]
    names = (file_name(str(p)) for f in folders for p in f.rglob("*") if p.is_file())
    return frozenset(n.lower() for n in names if n)


FILE_NAMES = _file_names()


def reachable(question: str) -> bool:
    """Whether the round's fixes may change ``question``'s answer or strength (a superset
    of where they do)."""
    from notelens.answer.evidence import name_present
    from notelens.answer.grounding import _DESCRIBED_RE, latin_names
    from notelens.answer.item_numbers import asked_number_of
    from notelens.answer.layout_words import PAGE_WORDS
    from notelens.answer.members import _MEMBER_RE
    from notelens.answer.refusal import qualifiers
    from notelens.answer.unqualified import numbered_names
    from notelens.answer.unwritten import korean_terms

    return bool(
        PAGE_WORDS & set(korean_terms(question))
        or asked_number_of(question) is not None
        or any(word for word, _ in qualifiers(question))
        or numbered_names(question)
        or any(_DESCRIBED_RE.fullmatch(w) for w in _WORD_RE.findall(question))
        or any(m.group("name") or m.group("greek") for m in _MEMBER_RE.finditer(question))
        or any(name_present(n, f) for n in latin_names(question) for f in FILE_NAMES)
    )


if __name__ == "__main__":
    replay_touched.main(reachable)
