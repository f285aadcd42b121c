"""``notelens doctor``: check an index folder, and with ``--repair`` rebuild it.

The checks (:func:`diagnose`), each reported whether it passes or not:

* ``meta``: ``meta.json`` reads, and was built by this notelens's recipe;
* ``table``: the table it names opens;
* ``rows``: every row reads back, and the per-file counts add up to the row count;
* ``vectors``: every stored vector is finite, of the index's dimension and unit norm
  (what the embedders write; anything else is damage);
* ``vector cache``: rows of the same text hash hold the same vector, and the lookup the
  indexer reuses vectors through (``vectors_for_hashes``) returns them;
* ``other tables``: tables beside the current one (a rebuild's leftovers; informational).

The repair (:meth:`notelens.engine.Engine.doctor`) moves what cannot be read into
``damaged/<time>/`` and rebuilds from the note files (``index --rebuild``), which
reuses only vectors that pass the ``vectors`` check.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from notelens.errors import IndexStoreError, NotelensError
from notelens.index.layout import IndexLayout, IndexMeta, check_compatible
from notelens.store.base import Store, StoreFactory
from notelens.store.resident import sound_vector
from notelens.types import IndexReport

#: Rows read per ``get`` while checking vectors.
_BATCH = 500
#: Two vectors of one text hash differing by more than this are not the same vector.
_SAME_VECTOR = 1e-4


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    ok: bool
    detail: str
    # True for a failure that means "cannot be read" (set aside by the repair), as
    # opposed to readable but wrong (rebuilt past).
    unreadable: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "ok": self.ok, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class DoctorReport:
    """The checks, and after ``--repair`` what was moved aside, the rebuild and the
    checks run again on its result."""

    index_dir: str
    checks: tuple[Check, ...]
    repaired: bool = False
    moved: tuple[str, ...] = ()
    rebuild: IndexReport | None = None
    after: tuple[Check, ...] = field(default_factory=tuple)

    @property
    def healthy(self) -> bool:
        """True when the index (after the repair, if there was one) passes every check."""
        final = self.after if self.repaired else self.checks
        return all(c.ok for c in final)

    def to_dict(self) -> dict[str, Any]:
        return {
            "index_dir": self.index_dir,
            "healthy": self.healthy,
            "checks": [c.to_dict() for c in self.checks],
            "repaired": self.repaired,
            "moved": list(self.moved),
            "rebuild": self.rebuild.to_dict() if self.rebuild is not None else None,
            "after": [c.to_dict() for c in self.after],
        }


@dataclass(frozen=True, slots=True)
class Recipe:
    """What this notelens would build: compared with ``meta.json``."""

    analyzer: str
    embedder: str
    dim: int


def diagnose(layout: IndexLayout, stores: StoreFactory, recipe: Recipe) -> tuple[Check, ...]:
    """Run every check; never raises for a damaged index (that is what it reports).

    An unreadable or missing ``meta.json`` ends the checks there (it names the table);
    a failure that means "cannot be read" is marked ``unreadable``.
    """
    checks: list[Check] = []
    try:
        meta = layout.read_meta()
    except NotelensError as exc:
        return (Check("meta", False, exc.message, unreadable=True),)
    if meta is None:
        return (Check("meta", False, "meta.json is missing", unreadable=True),)
    try:
        check_compatible(meta, analyzer=recipe.analyzer, embedder=recipe.embedder, dim=recipe.dim)
        checks.append(Check("meta", True, f"table {meta.table}, {len(meta.roots)} folder(s)"))
    except NotelensError as exc:
        checks.append(Check("meta", False, exc.message))
    others = [t for t in stores.tables(layout.root) if t != meta.table]
    try:
        store = stores.open(layout.root, meta.table, dim=meta.dim, create=False)
    except IndexStoreError as exc:
        checks.append(Check("table", False, exc.message, unreadable=True))
        return (*checks, _others(others))
    checks.append(Check("table", True, f"{meta.table} opens"))
    try:
        checks.append(_rows(store))
    except IndexStoreError as exc:
        checks.append(Check("rows", False, exc.message, unreadable=True))
    try:
        checks.extend(_vectors(store, meta))
    except IndexStoreError as exc:
        checks.append(Check("vectors", False, exc.message, unreadable=True))
    return (*checks, _others(others))


def _others(names: list[str]) -> Check:
    detail = ", ".join(names) if names else "none"
    return Check("other tables", True, detail)


def _rows(store: Store) -> Check:
    count = store.count()
    rows = store.records()
    files = store.file_states()
    in_files = sum(f.chunks for f in files.values())
    if len(rows) != count or in_files != count:
        return Check(
            "rows",
            False,
            f"{count} rows counted, {len(rows)} read back, {in_files} in the file list",
        )
    return Check("rows", True, f"{count} rows in {len(files)} files")


def _vectors(store: Store, meta: IndexMeta) -> tuple[Check, Check]:
    """The ``vectors`` and ``vector cache`` checks, in one pass over the stored vectors."""
    ids = [r.chunk_id for r in store.records()]
    bad = 0
    by_hash: dict[str, list[Any]] = defaultdict(list)
    for i in range(0, len(ids), _BATCH):
        for r in store.get(ids[i : i + _BATCH], with_vectors=True):
            vec = r.vector
            if vec is None or np.shape(vec) != (meta.dim,) or not sound_vector(vec):
                bad += 1
            by_hash[r.content_hash].append(vec)
    seen = sum(len(v) for v in by_hash.values())
    if bad:
        vectors = Check("vectors", False, f"{bad} of {seen} vectors are not finite unit vectors")
    else:
        vectors = Check("vectors", True, f"{seen} vectors finite, unit norm")
    differ = sum(1 for vecs in by_hash.values() if not _same(vecs))
    hashes = list(by_hash)
    served = store.vectors_for_hashes(hashes)
    missing = sum(1 for h in hashes if h not in served)
    if differ or missing:
        cache = Check(
            "vector cache",
            False,
            f"{differ} text hashes hold different vectors, "
            f"{missing} are not served by the cache lookup",
        )
    else:
        cache = Check("vector cache", True, f"{len(hashes)} text hashes, one vector each")
    return vectors, cache


def _same(vecs: list[Any]) -> bool:
    first = vecs[0]
    return all(
        v is not None
        and first is not None
        and np.shape(v) == np.shape(first)
        and bool(np.allclose(v, first, atol=_SAME_VECTOR, equal_nan=True))
        for v in vecs[1:]
    )
