"""Count how candidate signals order the sibling lines of one entry (issue #15, round 22).

When the hand order's top unit and the gold line are bullets of the same entry, every
sibling shares the entry's name (it is in the heading path or in each line), so the
question's name tells nothing between them. This replays the answer stage on cached
retrieval (``unit_rank_capture.py``'s loop), keeps each question's first
:func:`~notelens.answer.candidates.score_units` result, and for the hand order's top
units that share the top unit's passage and context (its siblings, among the first
``--top``) asks each candidate signal which sibling it puts first. It counts, per set,
how often the signal moves a gold line to first where the hand order has a non-gold
sibling there (``better``) and the reverse (``worse``). No text is printed except with
``--show`` (the ids of the rows moved). realq2 / realq4 are refused: they stay sealed::

    PYTHONPATH=src nice -n 10 .venv/bin/python benchmarks/sibling_signal.py \\
        --sets notesqa blind blind2 realq realq3

Signals (each over the siblings only; a tie keeps the hand order):

* ``distinct``: the question-term weight a line holds in its own text that not every
  sibling holds and its heading path does not write (the entry's name drops out).
* ``distinct_rare``: the same with each term divided by how many siblings hold it.
* ``content`` / ``content_rare``: ``distinct`` / ``distinct_rare`` less the question's
  names one of whose terms the siblings' heading path writes (the entry's name) and any
  term of that path (``content_rare`` is what the reverted rule of commit b9df873 added).
* ``content_rare@.05`` / ``@.1``: ``content_rare`` among the siblings within 0.05 / 0.1
  of the best hand score only (what a small unit-rule bonus could reorder).
* ``last_term``: whether the line holds the question's last such term (in Korean mostly
  the predicate or the asked noun: "결론", "지적", "추가").
* ``dense``: e5's cosine of the question and the line (the scorer's own, for reference).
* ``relation``: whether the line (or the label above it) writes the discourse cue of the
  relation the question asks (``answer/focus.py``: "한계" -> "제한", "compare" ->
  "comparable"); ``relation@.16`` among the siblings within ``W_FOCUS`` of the best hand
  score only (what the focus rule's bonus can reorder).

``--cues-from FILE`` reads the relation table from another copy of ``answer/focus.py``
(round 23: the hand order of main's tree, ``PYTHONPATH`` a detached checkout of it, and
the cues of the branch's table), and ``--by-relation`` prints, per relation asked, how
many questions ask it, how often the gold sibling and the hand order's wrong first
sibling carry its cue, and the signal's moves::

    PYTHONPATH=/work/wt-cues-base/src nice -n 10 .venv/bin/python \\
        benchmarks/sibling_signal.py --sets realq3 --cues-from src/notelens/answer/focus.py \\
        --by-relation
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from answer_bench import _is_ko, contains, make_engine  # noqa: E402
from answer_replay import cached_hits, load_questions  # noqa: E402
from notelens.answer.grounding import latin_names  # noqa: E402
from unit_rank_capture import SEALED, set_args  # noqa: E402


class _WithNames:
    """A :class:`Scored` with the question's name terms beside it."""

    def __init__(self, scored: Any, named: list[frozenset[str]], question: str = "") -> None:
        self._s = scored
        self.named = named
        self.question = question

    def __getattr__(self, key: str) -> Any:
        return getattr(self._s, key)


Signal = Callable[[Any, list[int], int], float]


def _held(scored: Any, group: list[int], i: int) -> dict[str, int]:
    """The question terms line ``i`` holds in its own text, with how many siblings do."""
    terms = scored.term_sets[i] - scored.ctx_sets[i]
    return {t: sum(t in scored.term_sets[j] for j in group) for t in scored.q_weights if t in terms}


def _content(scored: Any, group: list[int], i: int) -> dict[str, int]:
    """:func:`_held` less the question's names and any term a sibling's heading path
    writes: what is left is what the question asks *about* the entry."""
    ctx = frozenset().union(*(scored.ctx_sets[j] for j in group))
    entry = _entry_names(scored, ctx)
    return {t: c for t, c in _held(scored, group, i).items() if t not in ctx | entry}


def _entry_names(scored: Any, ctx: frozenset[str]) -> frozenset[str]:
    """The terms of the question's names the siblings' heading path writes one term of
    ("LLaVA-1.5" under "(LLaVA1.5, 2023)"): the entry's name; "OCR" asked about is not."""
    return frozenset().union(*(ts for ts in scored.named if ts & ctx))


def content(scored: Any, group: list[int], i: int) -> float:
    n = len(group)
    return sum(scored.q_weights[t] for t, c in _content(scored, group, i).items() if c < n)


def content_rare(scored: Any, group: list[int], i: int) -> float:
    return sum(scored.q_weights[t] / c for t, c in _content(scored, group, i).items())


def last_term(scored: Any, group: list[int], i: int) -> float:
    """Whether the line holds the question's last content term not in a name or a
    heading (in Korean the predicate or asked noun: "결론", "지적", "추가")."""
    ctx = frozenset().union(*(scored.ctx_sets[j] for j in group))
    rest = [t for t in scored.q_weights if t not in ctx | _entry_names(scored, ctx)]
    return float(bool(rest) and rest[-1] in scored.term_sets[i])


def distinct(scored: Any, group: list[int], i: int) -> float:
    n = len(group)
    return sum(scored.q_weights[t] for t, c in _held(scored, group, i).items() if c < n)


def distinct_rare(scored: Any, group: list[int], i: int) -> float:
    return sum(scored.q_weights[t] / c for t, c in _held(scored, group, i).items())


def dense(scored: Any, group: list[int], i: int) -> float:
    return float(scored.dense[i])


def siblings(scored: Any, top: int) -> list[int]:
    """The hand order's first ``top`` units that share the best unit's passage and
    context, in the hand order."""
    order = scored.order[:top]
    hi, u = scored.raw[order[0]]
    return [i for i in order if scored.raw[i][0] == hi and scored.raw[i][1].context == u.context]


def close(signal: Signal, margin: float) -> Signal:
    """``signal`` among the siblings within ``margin`` of the best hand score only (what
    a small unit-rule bonus could reorder); the others rank last."""

    def within(scored: Any, group: list[int], i: int) -> float:
        if scored.cands[group[0]].score - scored.cands[i].score > margin:
            return -1.0
        return signal(scored, group, i)

    return within


def pick(signal: Signal, scored: Any, group: list[int]) -> int:
    vals = [signal(scored, group, i) for i in group]
    best = max(vals)
    return group[vals.index(best)]


# The relation table (``answer/focus.py``, or the copy ``--cues-from`` names).
_FOCUS: Any = None


def _focus_module() -> Any:
    global _FOCUS
    if _FOCUS is None:
        import notelens.answer.focus as focus

        _FOCUS = focus
    return _FOCUS


def _load_focus(path: Path) -> None:
    global _FOCUS
    spec = importlib.util.spec_from_file_location("_cues_focus", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    _FOCUS = mod


def asked_relation(question: str) -> str | None:
    return _focus_module().asked_focus(question)  # type: ignore[no-any-return]


def relation(scored: Any, group: list[int], i: int) -> float:
    """Whether line ``i`` writes the cue of the relation the question asks."""
    focus = asked_relation(scored.question)
    return float(_focus_module().states_focus(focus, scored.raw[i][1]))


SIGNALS: dict[str, Signal] = {
    "distinct": distinct,
    "distinct_rare": distinct_rare,
    "content": content,
    "content_rare": content_rare,
    "content_rare@.05": close(content_rare, 0.05),
    "content_rare@.1": close(content_rare, 0.1),
    "last_term": last_term,
    "dense": dense,
    "relation": relation,
    "relation@.16": close(relation, 0.16),
}


Row = tuple[str, list[bool], dict[str, int], str | None, list[bool]]


def run_set(name: str, cache: Path, top: int) -> list[Row]:
    import notelens.answer.candidates as cand

    args = set_args(name, cache, 300)
    qs, corpus = load_questions(args)
    engine = make_engine(args.workdir, corpus if len(corpus) > 1 else corpus[0], "auto")
    hits = cached_hits(engine, qs, args.workdir / "hits-k5.pkl", 5)
    answerer = engine._get_answerer()
    seen: list[Any] = []
    original = cand.score_units

    def keep(*a: Any, **kw: Any) -> Any:
        out = original(*a, **kw)
        if out is not None:
            named = [frozenset(a[2].terms(n)) for n in sorted(latin_names(a[0].text))]
            seen.append(_WithNames(out, named, a[0].text))
        else:
            seen.append(None)
        return out

    cand.score_units = keep  # type: ignore[assignment]
    rows = []
    try:
        for q in qs:
            if q["neg"]:
                continue
            seen.clear()
            h = hits[q["question"]]
            answerer.ask(q["question"], k=5, search=lambda _q, _n, h=h: h)
            if not seen or seen[0] is None:
                continue
            scored = seen[0]
            group = siblings(scored, top)
            if len(group) < 2:
                continue
            label = [
                any(contains(scored.cands[i].text, g, _is_ko(g)) for g in q["answers"])
                for i in group
            ]
            picks = {s: group.index(pick(f, scored, group)) for s, f in SIGNALS.items()}
            cued = [bool(relation(scored, group, i)) for i in group]
            rows.append((q["id"], label, picks, asked_relation(q["question"]), cued))
    finally:
        cand.score_units = original  # type: ignore[assignment]
    return rows


def tally(rows: Sequence[Row], signal: str) -> tuple[list[str], list[str]]:
    better = [r[0] for r in rows if r[1][r[2][signal]] and not r[1][0]]
    worse = [r[0] for r in rows if r[1][0] and not r[1][r[2][signal]]]
    return better, worse


def by_relation(name: str, rows: Sequence[Row], show: bool) -> None:
    """Per relation asked: questions, how often the gold sibling / the hand order's wrong
    first sibling carry the cue, and ``relation@.16``'s moves."""
    groups: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        if r[3] is not None:
            groups[r[3]].append(r)
    for rel, rs in sorted(groups.items()):
        wrong = [r for r in rs if not r[1][0] and any(r[1][1:])]
        gold_cued = sum(any(c and g for c, g in zip(r[4], r[1], strict=True)) for r in wrong)
        top_cued = sum(r[4][0] for r in wrong)
        b, w = tally(rs, "relation@.16")
        print(
            f"  {name} {rel}: {len(rs)} asked with siblings, gold a lower sibling {len(wrong)}"
            f" (gold cued {gold_cued}, wrong top cued {top_cued}); relation@.16 +{len(b)}/-{len(w)}"
            + (f" {b} {w}" if show else ""),
            flush=True,
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sets", nargs="+", required=True)
    ap.add_argument("--cache", type=Path, default=Path(".bench"))
    ap.add_argument("--top", type=int, default=4, help="the hand order's first N units")
    ap.add_argument("--show", action="store_true", help="list the ids moved")
    ap.add_argument("--cues-from", type=Path, help="another copy of answer/focus.py")
    ap.add_argument("--by-relation", action="store_true", help="counts per relation asked")
    args = ap.parse_args()
    if args.cues_from:
        _load_focus(args.cues_from)
    for name in args.sets:
        if name in SEALED:
            raise SystemExit(f"{name} is sealed")
        rows = run_set(name, args.cache, args.top)
        gold_sib = sum(any(r[1][1:]) and not r[1][0] for r in rows)
        parts = [f"{name}: {len(rows)} rows with siblings, gold a lower sibling {gold_sib}"]
        for s in SIGNALS:
            b, w = tally(rows, s)
            parts.append(f"{s} +{len(b)}/-{len(w)}" + (f" {b} {w}" if args.show else ""))
        print("; ".join(parts), flush=True)
        if args.by_relation:
            by_relation(name, rows, args.show)


if __name__ == "__main__":
    main()
