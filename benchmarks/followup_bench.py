"""Follow-up questions: rewrite accuracy and answer containment with vs without rewriting.

Data: benchmarks/data/dialogues.jsonl (written for this repo over examples/notes):
one dialogue per line, ``split`` tune|test (odd ids tune, even test: the rules were
tuned on the tune half only), each turn with the gold standalone question's key terms
(``keys``) and the gold answer string (``answer``, null where the notes give no short
string). The first turn of a dialogue stands alone; every later turn is a follow-up.

* **rewrite accuracy**: a follow-up counts when every gold key term is in the rewritten
  question (case-insensitive); the history is the benchmark's own rewrites, as in use.
  ``raw`` is the same check on the follow-up as typed (what retrieval sees without
  rewriting).
* **answer containment** (with ``--index``): the gold answer string in ``Engine.ask``'s
  answer, asked with the rewritten question vs the follow-up as typed.

    PYTHONPATH=src .venv/bin/python benchmarks/followup_bench.py --index /tmp/chat-idx \
        [--split tune|test|all] [--llm smollm2] [--json out.json]

The index must hold examples/notes (``notelens index examples/notes --index DIR``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data" / "dialogues.jsonl"


@dataclass
class Tally:
    n: int = 0
    rewrite_ok: int = 0
    raw_ok: int = 0
    answered: int = 0  # follow-ups with a gold answer
    contain_rewritten: int = 0
    contain_raw: int = 0
    by_method: dict[str, int] = field(default_factory=dict)

    def row(self) -> dict[str, Any]:
        def rate(a: int, b: int) -> float | None:
            return round(a / b, 3) if b else None

        return {
            "follow_ups": self.n,
            "rewrite_accuracy": rate(self.rewrite_ok, self.n),
            "raw_key_terms": rate(self.raw_ok, self.n),
            "with_gold_answer": self.answered,
            "containment_rewritten": rate(self.contain_rewritten, self.answered),
            "containment_raw": rate(self.contain_raw, self.answered),
            "methods": dict(sorted(self.by_method.items())),
        }


def _has_keys(text: str, keys: list[str]) -> bool:
    low = text.lower()
    return all(k.lower() in low for k in keys)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--index", type=Path, help="an index of examples/notes (answers)")
    ap.add_argument("--split", choices=("tune", "test", "all"), default="all")
    ap.add_argument("--llm", default=None, help="rewrite (and answer) with this LLM spec")
    ap.add_argument("--no-answers", action="store_true", help="rewrite accuracy only")
    ap.add_argument("--json", type=Path, help="write the figures here")
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args(argv)

    from notelens.analysis.registry import create_analyzer
    from notelens.answer.followup import Turn, key_entity, rewrite_rules
    from notelens.config import Settings

    dialogues = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    engine = None
    if args.index is not None:
        from notelens.engine import Engine

        engine = Engine(args.index, settings=Settings.from_env())
        analyzer: Any = engine.analyzer
    else:
        analyzer = create_analyzer(Settings.from_env().analyzer)
    answers = engine is not None and not args.no_answers
    tallies: dict[str, Tally] = {}
    t0 = time.perf_counter()
    for d in dialogues:
        if args.split != "all" and d["split"] != args.split:
            continue
        history: list[Turn] = []
        for i, turn in enumerate(d["turns"]):
            q = turn["q"]
            if engine is not None:
                rw = engine.rewrite_followup(q, history, llm=args.llm)
            else:
                rw = rewrite_rules(q, history, analyzer)
            answer = ""
            if answers and engine is not None:
                asked = engine.ask(rw.standalone, llm=args.llm)
                answer = "" if asked.refused else asked.answer
            if i > 0:
                for key in ("all", d["split"], f"{d['split']}:{d['lang']}"):
                    t = tallies.setdefault(key, Tally())
                    t.n += 1
                    t.rewrite_ok += _has_keys(rw.standalone, turn["keys"])
                    t.raw_ok += _has_keys(q, turn["keys"])
                    t.by_method[rw.method] = t.by_method.get(rw.method, 0) + 1
                if args.show_misses and not _has_keys(rw.standalone, turn["keys"]):
                    print(f"MISS {d['id']}: {q!r} -> {rw.standalone!r} want {turn['keys']}")
                gold = turn.get("answer")
                if answers and gold and engine is not None:
                    with_rw = answer
                    raw = engine.ask(q, llm=args.llm).answer
                    for key in ("all", d["split"], f"{d['split']}:{d['lang']}"):
                        t = tallies[key]
                        t.answered += 1
                        t.contain_rewritten += gold.lower() in with_rw.lower()
                        t.contain_raw += gold.lower() in raw.lower()
            topic = rw.topic or key_entity(rw.standalone, analyzer)
            history.append(Turn(q, rw.standalone, topic, answer))
    report = {
        "split": args.split,
        "llm": args.llm or "rules only",
        "seconds": round(time.perf_counter() - t0, 1),
        "results": {k: v.row() for k, v in sorted(tallies.items())},
    }
    print(json.dumps(report, ensure_ascii=False, indent=1))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
