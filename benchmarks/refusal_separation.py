"""Which refusal signals separate near misses from right answers, per set (issue #15).

Two steps. ``capture`` replays one set's questions through the answerer on cached
retrieval (``answer_replay.py``'s cache, as ``factor_trace.py``) and keeps, per row, what
``strength.judge`` read: the best unit (text, context, kind, heading path), the quoted
units, the top passages and the final strength. ``count`` then asks each candidate
signal of :data:`SIGNALS` whether it fires on every *answered* row (strength at or above
``--threshold``) and prints, per set, how many answered unanswerable questions it fires
on (``near``) against how many right answers (``right``: the replay JSON's ``ok``, the
gold contained in the answer). A signal worth building fires on near misses and on no
right answers, on the sets whose rows nobody read for it. realq2 / realq4 are refused
(they stay sealed)::

    PYTHONPATH=src nice -n 10 .venv/bin/python benchmarks/refusal_separation.py capture \\
        --name blind3 --questions benchmarks/data/blind3_qa.jsonl \\
        --folders benchmarks/data/blind3-notes --workdir .bench/fresh-blind3
    PYTHONPATH=src .venv/bin/python benchmarks/refusal_separation.py count \\
        --replays /work/lead/final28 notesqa blind blind3 [--show SIGNAL]

The capture lands in ``WORKDIR/separation.pkl``.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

SEALED = frozenset({"realq2", "realq4"})
WORKDIRS = {
    "notesqa": ".bench/fresh-notesqa",
    **{s: f".bench/fresh-{s}" for s in ("blind", "blind2", "blind3", "blind4", "blind5")},
    **{s: f".bench/fresh-{s}" for s in ("blind6", "blind7", "realq", "realq3")},
}


def capture(args: argparse.Namespace) -> None:
    from answer_bench import make_engine
    from answer_replay import DATA, cached_hits, load_questions

    if args.name in SEALED:
        sys.exit(f"{args.name} is sealed: no per-row capture")
    args.set = "notesqa"
    args.parity = None
    if args.questions is None:
        args.questions = DATA / "notes_qa.jsonl"
    qs, corpus = load_questions(args)
    engine = make_engine(args.workdir, corpus if len(corpus) > 1 else corpus[0], "auto")
    hits = cached_hits(engine, qs, args.workdir / f"hits-k{args.k}.pkl", args.k)
    answerer = engine._get_answerer()

    from notelens.answer import strength as st

    real_judge = st.judge
    seen: dict[str, Any] = {}
    factors: dict[str, float] = {}

    def wrap(f: Any) -> Any:
        def traced(j: Any) -> float:
            v = float(f(j))
            factors[f.__name__] = v
            return v

        return traced

    st.FACTORS = tuple(wrap(f) for f in st.FACTORS)

    def judge(q: Any, scored: Any, choice: Any, hits_: Any, analyzer: Any, diagnose: bool = False):  # type: ignore[no-untyped-def]
        factors.clear()
        out = real_judge(q, scored, choice, hits_, analyzer, diagnose)
        best = scored.cands[scored.order[0]]
        unit = best.unit
        bi = scored.order[0]
        seen["row"] = {
            "best": best.text,
            "kind": unit.kind if unit else "sentence",
            "context": unit.context if unit else "",
            "heading": hits_[best.hit_index].heading,
            "passage": hits_[best.hit_index].text,
            "quoted": [c.text for c in choice.chosen],
            "evidence": "\n".join(f"{h.heading}\n{h.text}" for h in hits_),
            "judged": out.strength,
            "factors": dict(factors),
            "base": out.strength / max(1e-9, _product(factors.values())),
            # the question's terms (framing words too), their weights and translations
            "q_terms": list(q.all_terms),
            "q_scored": list(q.terms),
            "weights": {t: scored.idf.get(t, scored.max_idf) for t in q.all_terms},
            "alts": {t: scored.alts.get(t, frozenset()) for t in q.all_terms},
            # the best unit's terms with its context and heading path, as unit_signals
            "unit_terms": scored.term_sets[bi]
            | scored.ctx_sets[bi]
            | scored.all_terms[hits_[best.hit_index].heading],
            "quoted_terms": frozenset().union(
                *(scored.all_terms.get(c.text, frozenset()) for c in choice.chosen)
            ),
            "passage_terms": list(scored.passage_terms),
            "best_passage": best.hit_index,
        }
        return out

    st.judge = judge
    rows = {}
    for q in qs:
        seen.clear()
        h = hits[q["question"]]
        a = answerer.ask(q["question"], k=args.k, search=lambda _q, _n, h=h: h)
        rows[q["id"]] = {"question": q["question"], "neg": q["neg"], "answer": a.answer} | (
            seen.get("row") or {}
        )
    (args.workdir / "separation.pkl").write_bytes(pickle.dumps(rows))
    print(f"captured {len(rows)} rows of {args.name}")


def _product(values: Any) -> float:
    p = 1.0
    for v in values:
        p *= v
    return p


Signal = Callable[[dict[str, Any]], bool]


def _absent(row: dict[str, Any], terms_key: str = "q_scored") -> list[str]:
    """The question's terms (``terms_key``) that the best unit with its context, heading
    path and the other quoted units hold neither as written nor translated."""
    held = row["unit_terms"] | row["quoted_terms"]
    return [
        t
        for t in row[terms_key]
        if t not in held and row["alts"].get(t, frozenset()).isdisjoint(held)
    ]


def _elsewhere(row: dict[str, Any], term: str) -> bool:
    """Whether a top passage other than the best unit's holds ``term`` (or a translation)."""
    forms = {term} | set(row["alts"].get(term, frozenset()))
    return any(
        not forms.isdisjoint(pt)
        for i, pt in enumerate(row["passage_terms"])
        if i != row["best_passage"]
    )


def _signals() -> dict[str, Signal]:
    def absent_any(row: dict[str, Any]) -> bool:
        return bool(_absent(row))

    def absent_elsewhere(row: dict[str, Any]) -> bool:
        return any(_elsewhere(row, t) for t in _absent(row))

    def absent_nowhere(row: dict[str, Any]) -> bool:
        return any(not _elsewhere(row, t) for t in _absent(row))

    def absent_half(row: dict[str, Any]) -> bool:
        w = row["weights"]
        total = sum(w[t] for t in row["q_scored"]) or 1.0
        return sum(w[t] for t in _absent(row)) / total >= 0.5

    from notelens.answer.evidence import acronyms, named
    from notelens.answer.grounding import latin_names

    def names_out(row: dict[str, Any], scope: str) -> list[str]:
        low, spelled = scope.lower(), acronyms(row["question"])
        return [n for n in latin_names(row["question"]) if not named(n, low, spelled)]

    def unit_scope(row: dict[str, Any]) -> str:
        return f"{row['heading']}\n{row['context']}\n" + "\n".join(row["quoted"])

    def name_unit(row: dict[str, Any]) -> bool:
        return bool(names_out(row, unit_scope(row)))

    def name_unit_elsewhere(row: dict[str, Any]) -> bool:
        out = names_out(row, unit_scope(row))
        return bool(out) and len(names_out(row, row["evidence"])) < len(out)

    def name_passage(row: dict[str, Any]) -> bool:
        return bool(names_out(row, f"{row['heading']}\n{row['passage']}"))

    def rarest_absent(row: dict[str, Any]) -> bool:
        # the question's rarest scored term (highest idf over the candidate units) is
        # not in the quoted scope
        w = row["weights"]
        terms = [t for t in row["q_scored"] if t in w]
        if not terms:
            return False
        top = max(w[t] for t in terms)
        return any(w[t] == top for t in _absent(row))

    return {
        "rarest_absent": rarest_absent,
        "name_unit": name_unit,
        "name_unit_elsewhere": name_unit_elsewhere,
        "name_passage": name_passage,
        "absent_any": absent_any,
        "absent_elsewhere": absent_elsewhere,
        "absent_nowhere": absent_nowhere,
        "absent_half": absent_half,
    }


def _json_signals() -> dict[str, Signal]:
    """Signals read off a replay row alone (its question and short answer)."""
    from notelens.answer.grounding import latin_names
    from notelens.answer.qtype import answer_type, has_evidence

    typed = ("person", "org", "number", "size", "date", "week", "place")

    def short_untyped(r: dict[str, Any]) -> bool:
        # the short answer holds no token of the asked type ("누가" answered "용도")
        kind = answer_type(r["question"]).kind
        return kind in typed and not has_evidence(kind, r["short"] or "")

    def short_echo(r: dict[str, Any]) -> bool:
        # the short answer repeats the question's own name (its entry's title), and no
        # title or name is asked
        short = (r["short"] or "").lower()
        names = [n.lower() for n in latin_names(r["question"]) if len(n) >= 4]
        kind = answer_type(r["question"]).kind
        return bool(short) and kind not in ("title", "name") and any(n in short for n in names)

    return {"short_untyped": short_untyped, "short_echo": short_echo}


def count(args: argparse.Namespace) -> None:
    captured, from_json = _signals(), _json_signals()
    print("| set | signal | near answered | near fired | right answered | right fired |")
    print("|---|---|---|---|---|---|")
    for name in args.sets:
        if name in SEALED:
            sys.exit(f"{name} is sealed: no per-row count")
        replay = {r["id"]: r for r in json.loads((args.replays / f"{name}.json").read_text())}
        pkl = ROOT / WORKDIRS[name] / "separation.pkl"
        rows = pickle.loads(pkl.read_bytes()) if pkl.exists() else {}
        table: list[tuple[str, Signal, bool]] = [(n, f, False) for n, f in from_json.items()]
        if rows:
            table += [(n, f, True) for n, f in captured.items()]
        for sname, fires, needs_capture in table:
            near = right = near_f = right_f = 0
            shown: list[str] = []
            for rid, r in replay.items():
                # answered rows only: an unanswerable one (a near miss) or a right one
                if r["strength"] < args.threshold or not (r["neg"] or r["ok"]):
                    continue
                row = rows.get(rid, {}) if needs_capture else r
                if needs_capture and "best" not in row:
                    continue
                near += r["neg"]
                right += not r["neg"]
                if fires(row):
                    near_f += r["neg"]
                    right_f += not r["neg"]
                    shown.append(("U " if r["neg"] else "R ") + rid)
            print(f"| {name} | {sname} | {near} | {near_f} | {right} | {right_f} |")
            if args.show == sname and shown:
                print("    " + " ".join(shown))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("capture")
    c.add_argument("--name", required=True)
    c.add_argument("--questions", type=Path, default=None)
    c.add_argument("--folders", type=Path, nargs="+", default=None)
    c.add_argument("--workdir", type=Path, required=True)
    c.add_argument("--k", type=int, default=5)
    n = sub.add_parser("count")
    n.add_argument("--replays", type=Path, required=True)
    n.add_argument("--threshold", type=float, default=0.36)
    n.add_argument("--show", default="", help="list the ids this signal fires on")
    n.add_argument("sets", nargs="+")
    args = ap.parse_args()
    capture(args) if args.cmd == "capture" else count(args)


if __name__ == "__main__":
    main()
