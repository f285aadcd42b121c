"""The question's terms against the quoted units, per question, on cached retrieval: a
study aid for refusal signals read from the terms (which of the question's distinctive
terms the answer's units write, their context, their passage, the other passages).

Replays a set as ``answer_replay.py`` does, records what
:func:`notelens.answer.extractive.extract` chose, and writes per question the analyzer's
question terms (with their translations), every top passage's units with their terms,
and which units were quoted; signals are then tried on the JSON in seconds::

    PYTHONPATH=src .venv/bin/python benchmarks/refusal_terms.py --set notesqa \\
        --questions benchmarks/data/blind3_qa.jsonl --folders benchmarks/data/blind3-notes \\
        --workdir .bench/blind3 --out .bench/rt-blind3.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from answer_bench import _is_ko, contains, make_engine  # noqa: E402
from answer_replay import cached_hits, load_questions, parity, set_arguments  # noqa: E402
from notelens.answer.grounding import strip_citations  # noqa: E402


def main() -> None:
    import notelens.answer.extractive as ex_mod
    from notelens.analysis.lexicon import note_aliases
    from notelens.answer.units import build_units

    ap = argparse.ArgumentParser(description=__doc__)
    set_arguments(ap, set_required=True)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    qs, corpus = load_questions(args)
    engine = make_engine(args.workdir, corpus if len(corpus) > 1 else corpus[0], "auto")
    hits = cached_hits(engine, qs, args.workdir / "hits-k5.pkl", 5)
    answerer = engine._get_answerer()
    analyzer, cache = answerer.analyzer, answerer.units
    seen: dict[str, Any] = {}
    orig = ex_mod.extract

    def recording(question: str, hs: Any, **kw: Any) -> Any:
        out = orig(question, hs, **kw)
        seen[question] = (out, list(hs))
        return out

    ex_mod.extract = recording
    rows = []
    for q in qs:
        h = hits[q["question"]]
        a = answerer.ask(q["question"], k=5, search=lambda _q, _n, h=h: h)
        ok = any(contains(strip_citations(a.answer), g, _is_ko(g)) for g in q["answers"])
        got = seen.get(q["question"])
        row: dict[str, Any] = {
            "id": q["id"],
            "n": q.get("n"),
            "question": q["question"],
            "class": q["class"],
            "neg": q["neg"],
            "half": parity(q["id"]),
            "refused": a.refused,
            "strength": a.strength,
            "ok": ok,
            "answer": a.answer[:300],
        }
        if got is not None:
            ex, hs = got
            q_terms = list(dict.fromkeys(analyzer.terms(q["question"])))
            aliases = note_aliases(x.text for x in hs)
            pair_terms = [
                (a_, b_)
                for a_, b_ in zip(
                    cache.terms([p[0] for p in aliases]),
                    cache.terms([p[1] for p in aliases]),
                    strict=True,
                )
            ]
            alts = ex_mod.translations(q_terms, analyzer, pair_terms)
            passages = []
            for x in hs:
                units = list(build_units(x.text, x.heading))
                terms = cache.terms([u.text for u in units] + [u.context for u in units])
                n = len(units)
                passages.append(
                    {
                        "heading": x.heading,
                        "heading_terms": sorted(cache.terms([x.heading])[0]),
                        "units": [
                            {
                                "kind": u.kind,
                                "position": u.position,
                                "text": u.text[:300],
                                "context": u.context[:200],
                                "terms": sorted(terms[i]),
                                "ctx_terms": sorted(terms[n + i]),
                            }
                            for i, u in enumerate(units)
                        ],
                    }
                )
            best = max(ex.sentences, key=lambda c: c.score) if ex.sentences else None
            row |= {
                "q_terms": q_terms,
                "alts": {t: sorted(v) for t, v in alts.items() if v},
                "kind": ex.atype.kind,
                "coverage": ex.coverage,
                "dense": ex.dense,
                "passages": passages,
                "chosen": [[c.hit_index, c.position] for c in ex.sentences],
                "best": None if best is None else [best.hit_index, best.position],
            }
        rows.append(row)
    args.out.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    print(f"{len(rows)} rows -> {args.out}")


if __name__ == "__main__":
    main()
