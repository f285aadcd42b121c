"""Line windows in the answer's passages: which way of using them moves answers?
(issues #15 / #22, twenty-third round)

The twenty-second round's line windows (``DenseConfig.windows``) lift the gold passage's
rank on every notes set, but the answers did not follow: the answer stage reads its five
passages as a set, so a reordered top with a different fifth passage moves answers both
ways. This script builds, from a replay's cached retrieval (``CACHE/fresh-<set>``, the
windows off) and the same index searched again with the windows on, the hits caches of
the variants, each in ``ROOT/<variant>/fresh-<set>`` so that ``replay_sets.sh OUT
ROOT/<variant>`` replays the answer stage on them:

* ``on``: the windowed search as shipped (the dense leg scored by the best window);
* ``swap5``: the windows only add a passage: the windows-off top four in their order,
  then the best passage the windowed top five holds that the windows-off five lack (the
  windows-off fifth where there is none);
* ``add6``: the windows-off five unchanged, plus that passage as a sixth (replay with
  ``answer_replay.py --passages 6`` so that the answer stage reads it);
* ``order``: the windows only reorder: the windows-off five, in the order the windowed
  top five gives them (those it lacks after, in their own order); no passage enters.

The index is copied from the replay's cache (with the windows' side file written, as the
next ``notelens index`` with the windows on would); the questions are the cached ones
(the replay's, answerable and unanswerable), so a sealed set's rows are never printed:
only how many questions each variant changed.

    PYTHONPATH=src nice -n 10 .venv/bin/python benchmarks/window_variants.py \\
        --base .bench/fresh-realq3 --root .bench/winvar
"""

from __future__ import annotations

import argparse
import pickle
import shutil
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from answer_bench import make_engine  # noqa: E402
from notelens.index.windows import read_windows, refresh_windows  # noqa: E402

VARIANTS = ("on", "swap5", "add6", "order")


def promoted(base: list[Any], on: list[Any], k: int = 5) -> Any | None:
    """The best passage of the windowed top ``k`` that the windows-off top ``k`` lacks."""
    have = {h.chunk_id for h in base[:k]}
    return next((h for h in on[:k] if h.chunk_id not in have), None)


def variant_hits(name: str, base: list[Any], on: list[Any]) -> list[Any]:
    if name == "on":
        return list(on)
    if name == "order":
        place = {h.chunk_id: i for i, h in enumerate(on)}
        return sorted(base, key=lambda h: place.get(h.chunk_id, len(on) + base.index(h)))
    extra = promoted(base, on)
    if extra is None:
        return list(base)
    if name == "swap5":
        return [*base[:4], extra]
    return [*base[:5], extra]  # add6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", type=Path, required=True, help="a replay cache: fresh-<set>")
    ap.add_argument("--root", type=Path, required=True, help="ROOT/<variant>/fresh-<set>")
    ap.add_argument("--k", type=int, default=5)
    args = ap.parse_args()
    name = args.base.name
    base_hits: dict[str, list[Any]] = pickle.loads((args.base / f"hits-k{args.k}.pkl").read_bytes())
    on_dir = args.root / "on" / name
    if not (on_dir / "index").exists():
        on_dir.mkdir(parents=True, exist_ok=True)
        shutil.copytree(args.base / "index", on_dir / "index")
    engine = make_engine(on_dir, [], "auto")
    engine.settings = replace(engine.settings, dense=replace(engine.settings.dense, windows=True))
    meta = engine.layout.read_meta()
    assert meta is not None
    searcher = engine._get_searcher()
    if read_windows(engine.layout.root, meta.table, searcher.embedder.id) is None:
        refresh_windows(engine.layout.root, meta.table, searcher.store, searcher.embedder)
    searcher.use_windows(read_windows(engine.layout.root, meta.table, searcher.embedder.id))
    assert searcher.windows is not None, "no windows: nothing to compare"
    on_path = on_dir / f"hits-k{args.k}.pkl"
    on_hits: dict[str, list[Any]] = pickle.loads(on_path.read_bytes()) if on_path.exists() else {}
    rerank = engine.settings.answer.rerank or None
    for q in base_hits:
        if q not in on_hits:
            on_hits[q] = engine.search(q, k=args.k, mode="hybrid", rerank=rerank)
    on_path.write_bytes(pickle.dumps(on_hits))
    for v in VARIANTS[1:]:
        d = args.root / v / name
        d.mkdir(parents=True, exist_ok=True)
        link = d / "index"
        if not link.exists():
            link.symlink_to((on_dir / "index").resolve())
        hits = {q: variant_hits(v, h, on_hits[q]) for q, h in base_hits.items()}
        (d / f"hits-k{args.k}.pkl").write_bytes(pickle.dumps(hits))
    moved = sum(
        [h.chunk_id for h in on_hits[q]] != [h.chunk_id for h in b] for q, b in base_hits.items()
    )
    added = sum(promoted(b, on_hits[q]) is not None for q, b in base_hits.items())
    print(
        f"{name}: {len(base_hits)} questions, windowed order differs {moved}, new passage {added}"
    )


if __name__ == "__main__":
    main()
