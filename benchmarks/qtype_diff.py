"""The KorQuAD / XQuAD questions whose answer type or asked unit differs between two trees
(issue #15).

A question typing rule can retype prose questions that a replay of the notes sets never
meets; a replay of only the retyped questions (``replay_touched.py --ids-of``) checks
them. Run once per tree with that tree's ``src`` first on the path (it writes one line
per question: set, id, type and the unit a number answer is scored by
(``numbers.asked_unit``)), then compare the two dumps:

    PYTHONPATH=/work/main/src .venv/bin/python benchmarks/qtype_diff.py --dump /tmp/qt-main.tsv
    PYTHONPATH=src .venv/bin/python benchmarks/qtype_diff.py --dump /tmp/qt-branch.tsv
    python3 benchmarks/qtype_diff.py --compare /tmp/qt-main.tsv /tmp/qt-branch.tsv \\
        --ids-json /tmp/qt-diff

``--compare`` prints each retyped question (set, id, before -> after, question) and, with
``--ids-json DIR``, writes ``DIR/<set>.json`` (rows with an ``id``) for ``--ids-of``.
KorQuAD reads questions 1-2000 (the replays' ``korquad`` and ``korquad2k``), XQuAD 1-1190.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from answer_bench import SHARED, load_squad  # noqa: E402

_SETS = (
    ("korquad", SHARED / "korquad" / "KorQuAD_v1.0_dev.part1.json", 2000),
    ("xquad", SHARED / "xquad-en" / "xquad.en.json", 1190),
)


def dump(out: Path) -> None:
    """Every question's answer type under the ``notelens`` on the path."""
    from notelens.answer.numbers import asked_unit
    from notelens.answer.qtype import answer_type

    lines = []
    for name, path, limit in _SETS:
        _, raw = load_squad(path, limit)
        for n, q in enumerate(raw[:limit], 1):
            t, unit = answer_type(q["question"]), asked_unit(q["question"])
            # (the unit a number is scored by: classes and counted words, sorted)
            asked = "-" if unit is None else f"{sorted(unit.classes)}{list(unit.counted)}"
            text = " ".join(q["question"].split())
            lines.append(f"{name}\t{q['id']}\t{n}\t{t.kind}/{t.count} {asked}\t{text}")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def compare(before: Path, after: Path, ids_json: Path | None) -> None:
    """The questions typed differently, by set."""

    def rows(p: Path) -> dict[tuple[str, str], list[str]]:
        parts = [ln.split("\t") for ln in p.read_text(encoding="utf-8").splitlines()]
        return {(r[0], r[1]): r for r in parts if r}

    b, a = rows(before), rows(after)
    changed: dict[str, list[str]] = {}
    for key, rb in b.items():
        ra = a.get(key)
        if ra is not None and ra[3] != rb[3]:
            print(f"{key[0]}\t{rb[2]}\t{key[1]}\t{rb[3]} -> {ra[3]}\t{rb[4]}")
            changed.setdefault(key[0], []).append(key[1])
    print({k: len(v) for k, v in changed.items()})
    if ids_json is not None:
        ids_json.mkdir(parents=True, exist_ok=True)
        for name, ids in changed.items():
            text = json.dumps([{"id": i} for i in ids])
            (ids_json / f"{name}.json").write_text(text, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dump", type=Path)
    ap.add_argument("--compare", type=Path, nargs=2, metavar=("BEFORE", "AFTER"))
    ap.add_argument("--ids-json", type=Path)
    args = ap.parse_args()
    if args.dump:
        dump(args.dump)
    if args.compare:
        compare(*args.compare, args.ids_json)


if __name__ == "__main__":
    main()
