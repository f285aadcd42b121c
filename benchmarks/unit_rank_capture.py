"""Capture the unit scorer's signals per question, to fit a learned unit ranking.

Replays the answer stage on cached retrieval (``answer_replay.py``'s loop) and records,
through ``answer/candidates.py``'s recording seam, the first ``score_units`` call of every
answerable question: each unit's signals (``answer/unit_signals.py`` :class:`UnitSignals`:
lexical share, its cross-language form, passage index, e5 cosine, language, kind, each
``UNIT_RULES`` rule's contribution, the neighbour lift, the hand score) and its label,
whether the unit's text holds a gold string (``contains`` as ``answer_replay.py`` counts
it). No text is kept. ``unit_rank_fit.py`` fits and checks a correction on the capture
in seconds::

    PYTHONPATH=src nice -n 10 .venv/bin/python benchmarks/unit_rank_capture.py \\
        --sets notesqa blind realq --out .bench/unit-cap

writes one pickle per set (``.bench/unit-cap/<set>.pkl``). The sets are those of
``replay_sets.sh``; ``korquad`` and ``xquad`` are their first ``--prose-limit`` questions
(300: the tuning parts the fit trains on; more adds a 301+ part it checks). realq2 is
refused: it stays sealed.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from answer_bench import DATA, _is_ko, contains, make_engine  # noqa: E402
from answer_replay import cached_hits, load_questions  # noqa: E402

SEALED = frozenset({"realq2", "realq4"})


def set_args(name: str, cache: Path, prose_limit: int) -> argparse.Namespace:
    """``answer_replay.py``'s arguments for one set of ``replay_sets.sh``."""
    ns = argparse.Namespace(start=1, parity=None, folders=None, questions=DATA / "notes_qa.jsonl")
    if name in ("korquad", "xquad"):
        ns.set, ns.limit = name, prose_limit
        ns.workdir = cache / name
        return ns
    ns.set, ns.workdir = "notesqa", cache / f"fresh-{name}"
    if name == "notesqa":
        return ns
    ns.questions = DATA / f"{name}_qa.jsonl"
    if name.startswith("blind"):
        ns.folders = [DATA / f"{name}-notes"]
    else:  # realq, realq3: the real notes samples beside the repo
        ns.folders = [ROOT / "examples" / "notes", ROOT.parent / "shared" / "notes-samples"]
    return ns


def capture(name: str, cache: Path, prose_limit: int) -> list[dict[str, Any]]:
    import notelens.answer.candidates as cand

    args = set_args(name, cache, prose_limit)
    qs, corpus = load_questions(args)
    engine = make_engine(args.workdir, corpus if len(corpus) > 1 else corpus[0], "auto")
    hits = cached_hits(engine, qs, args.workdir / "hits-k5.pkl", 5)
    answerer = engine._get_answerer()
    calls: list[tuple[Any, list[str]]] = []
    rows = []
    for n, q in enumerate(qs, 1):
        if q["neg"]:
            continue
        calls.clear()
        h = hits[q["question"]]
        with cand.recording(lambda sig, raw: calls.append((sig, [u.text for _, u in raw]))):
            answerer.ask(q["question"], k=5, search=lambda _q, _n, h=h: h)
        if not calls:
            continue
        sig, texts = calls[0]
        golds = q["answers"]
        rows.append(
            {
                "set": name,
                "id": q["id"],
                "n": q.get("n", n),
                "sig": sig,
                "label": [any(contains(t, g, _is_ko(g)) for g in golds) for t in texts],
            }
        )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sets", nargs="+", required=True)
    ap.add_argument("--cache", type=Path, default=Path(".bench"))
    ap.add_argument("--out", type=Path, required=True, help="a folder: one <set>.pkl per set")
    ap.add_argument(
        "--prose-limit",
        type=int,
        default=300,
        help="KorQuAD / XQuAD: their first N questions (300: the tuning parts; 1000 / 1190"
        " add the held-out parts the fit checks as 301+)",
    )
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name in args.sets:
        if name in SEALED:
            raise SystemExit(f"{name} is sealed: it is never captured")
        rows = capture(name, args.cache, args.prose_limit)
        (args.out / f"{name}.pkl").write_bytes(pickle.dumps(rows))
        top = sum(r["label"][r["sig"].order()[0]] for r in rows)
        print(f"{name}: {len(rows)} questions, hand top unit holds the gold in {top}", flush=True)


if __name__ == "__main__":
    main()
