"""Near-duplicate entries and notes (``notelens dups``).

Three kinds of evidence, each cheap where it is strong:

* **shingles** -- GPT-3-style fuzzy deduplication: MinHash/LSH over shingles of the
  analyzer's terms finds candidate pairs, the exact Jaccard of their shingle sets decides
  (a reordered or lightly edited copy keeps most shingles);
* **link** -- two entries whose first links name the same target (an arXiv id in its
  ``abs``/``pdf``/versioned spellings) note the same paper;
* **embedding** -- a translation shares no shingles, so an entry in Korean and one in
  English count when their e5 cosine reaches ``cross_cosine``, they share the numbers and
  Latin names a translation keeps ("GPT-3 175B", "10,000"; weighted by rarity, so the
  archive's everyday names do not count for much) and do not link to different targets.
  e5's cosines are compressed (unrelated entries on the same topic reach 0.92 here), so
  the cosine alone would merge neighbours; the anchors are what separate them
  (docs/benchmarks.md, "Near-duplicates").

Clusters are stars around a centre (see :class:`_Edges`), so a cluster never chains
loosely related entries together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import numpy.typing as npt

from notelens.analysis.base import Analyzer
from notelens.analysis.lang import detect_lang
from notelens.config import CurateConfig
from notelens.contracts import DupClusterJSON, DupMemberJSON, DupsJSON
from notelens.curate.entries import (
    MIN_TERMS,
    Entry,
    anchor_idf,
    anchor_overlap,
    anchors,
    different_languages,
    entries_of,
)
from notelens.curate.minhash import (
    MinHasher,
    candidate_pairs,
    jaccard,
    lsh_params,
    shingles,
)
from notelens.store.base import ChunkRecord

#: Embeds entry texts as passages (unit vectors); ``None`` skips the embedding evidence.
EmbedFn = Callable[[Sequence[str]], npt.NDArray[np.float32]]

#: Neighbours per entry checked for the embedding evidence (the rest are further away).
_NEIGHBOURS = 16
_ROWS_PER_BLOCK = 1024


@dataclass(frozen=True, slots=True)
class DupCluster:
    level: str  # "entry" | "note"
    similarity: float
    reasons: tuple[str, ...]
    members: tuple[Entry, ...]

    def to_dict(self) -> DupClusterJSON:
        return {
            "level": "entry" if self.level == "entry" else "note",
            "similarity": round(self.similarity, 4),
            "reasons": list(self.reasons),
            "members": [_member(e) for e in self.members],
        }


@dataclass(frozen=True, slots=True)
class DupReport:
    threshold: float
    notes: int
    entries: int
    clusters: tuple[DupCluster, ...]

    def to_dict(self) -> DupsJSON:
        return {
            "threshold": self.threshold,
            "notes": self.notes,
            "entries": self.entries,
            "clusters": [c.to_dict() for c in self.clusters],
        }


def _member(e: Entry) -> DupMemberJSON:
    return {
        "source": e.source,
        "heading": e.heading,
        "first_line": e.first_line,
        "location": e.location.to_dict(),
        "lang": detect_lang(e.text),
    }


class _Edges:
    """Pairs with their reasons and best similarity, grouped into star clusters.

    Connected components would chain (A~B, B~C, C~D: a dozen loosely related entries in
    one "duplicate" cluster); in a star every member is a duplicate of the cluster's
    centre itself. Stronger pairs are placed first: shared links and shingles before
    embeddings, higher similarity first.
    """

    _ORDER: ClassVar[dict[str, int]] = {"link": 0, "shingles": 1, "embedding": 2}

    def __init__(self) -> None:
        self.pairs: dict[tuple[int, int], tuple[set[str], float]] = {}

    def add(self, i: int, j: int, reason: str, sim: float) -> None:
        key = (min(i, j), max(i, j))
        reasons, best = self.pairs.get(key, (set(), 0.0))
        reasons.add(reason)
        self.pairs[key] = (reasons, max(best, sim))

    def clusters(self) -> list[tuple[list[int], set[str], float]]:
        def strength(item: tuple[tuple[int, int], tuple[set[str], float]]) -> tuple[int, float]:
            reasons, sim = item[1]
            return (min(self._ORDER.get(r, 9) for r in reasons), -sim)

        centre_of: dict[int, int] = {}
        members: dict[int, list[int]] = {}
        reasons_of: dict[int, set[str]] = defaultdict(set)
        best_of: dict[int, float] = defaultdict(float)
        for (i, j), (reasons, sim) in sorted(self.pairs.items(), key=strength):
            if i not in centre_of and j not in centre_of:
                centre, joiner = i, j
                centre_of[i] = i
                members[i] = [i]
            elif centre_of.get(i) == i and j not in centre_of:
                centre, joiner = i, j
            elif centre_of.get(j) == j and i not in centre_of:
                centre, joiner = j, i
            else:
                continue  # both placed, or the pair does not touch a centre
            centre_of[joiner] = centre
            members[centre].append(joiner)
            reasons_of[centre] |= reasons
            best_of[centre] = max(best_of[centre], sim)
        return [(sorted(m), reasons_of[c], best_of[c]) for c, m in members.items()]


def _shingle_pairs(sets: Sequence[set[str]], config: CurateConfig) -> list[tuple[int, int, float]]:
    hasher = MinHasher(config.num_perm)
    signatures = hasher.signatures(sets)
    params = lsh_params(config.dup_threshold, config.num_perm)
    out = []
    for i, j in candidate_pairs(signatures, params):
        sim = jaccard(sets[i], sets[j])
        if sim >= config.dup_threshold:
            out.append((i, j, sim))
    return out


def _embedding_pairs(
    entries: Sequence[Entry], vectors: npt.NDArray[np.float32], config: CurateConfig
) -> list[tuple[int, int, float]]:
    marks = [anchors(e.text) for e in entries]
    idf = anchor_idf(marks)
    n = len(entries)
    out = []
    k = min(_NEIGHBOURS + 1, n)
    for start in range(0, n, _ROWS_PER_BLOCK):
        sims = vectors[start : start + _ROWS_PER_BLOCK] @ vectors.T
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        for row, cols in enumerate(top):
            i = start + row
            for j in cols.tolist():
                sim = float(sims[row, j])
                if j <= i or sim < config.cross_cosine:
                    continue
                a, b = entries[i], entries[j]
                if not different_languages(a, b):
                    continue  # same language: shingles and links are the evidence
                if a.link is not None and b.link is not None and a.link != b.link:
                    continue  # two different papers, however alike their summaries
                share, shared = anchor_overlap(marks[i], marks[j], idf)
                if share >= config.cross_anchor_overlap and shared >= config.cross_min_shared:
                    out.append((i, j, sim))
    return out


def _entry_vectors(
    entries: Sequence[Entry],
    embed: EmbedFn,
    stored: Mapping[str, npt.NDArray[np.float32]],
) -> npt.NDArray[np.float32]:
    missing = [i for i, e in enumerate(entries) if not (e.whole_chunk and e.chunk_id in stored)]
    fresh = embed([entries[i].text for i in missing]) if missing else None
    rows: list[npt.NDArray[np.float32]] = []
    slot = {i: n for n, i in enumerate(missing)}
    for i, e in enumerate(entries):
        rows.append(fresh[slot[i]] if fresh is not None and i in slot else stored[e.chunk_id])
    return np.asarray(rows, dtype=np.float32)


def find_duplicates(
    records: Sequence[ChunkRecord],
    analyzer: Analyzer,
    config: CurateConfig,
    *,
    embed: EmbedFn | None = None,
    vectors: Mapping[str, npt.NDArray[np.float32]] | None = None,
    level: str = "all",
) -> DupReport:
    """Clusters of near-duplicate entries (``level`` ``entry``), notes (``note``) or both.

    ``embed`` enables the embedding evidence; ``vectors`` (chunk id -> stored vector)
    saves embedding the entries that are a whole chunk."""
    entries = [e for e in entries_of(records)]
    terms = analyzer.terms_batch([e.text for e in entries]) if entries else []
    keep = [i for i, t in enumerate(terms) if len(t) >= MIN_TERMS]
    entries = [entries[i] for i in keep]
    terms = [terms[i] for i in keep]
    clusters: list[DupCluster] = []

    if level in ("all", "entry") and entries:
        edges = _Edges()
        sets = [shingles(t, config.shingle) for t in terms]
        for i, j, sim in _shingle_pairs(sets, config):
            edges.add(i, j, "shingles", sim)
        by_link: dict[str, list[int]] = defaultdict(list)
        for i, e in enumerate(entries):
            if e.link is not None:
                by_link[e.link].append(i)
        for members in by_link.values():
            for j in members[1:]:
                edges.add(members[0], j, "link", jaccard(sets[members[0]], sets[j]))
        if embed is not None and len(entries) > 1:
            matrix = _entry_vectors(entries, embed, vectors or {})
            for i, j, sim in _embedding_pairs(entries, matrix, config):
                edges.add(i, j, "embedding", sim)
        for members, reasons, best in edges.clusters():
            clusters.append(
                DupCluster(
                    "entry", best, tuple(sorted(reasons)), tuple(entries[i] for i in members)
                )
            )

    notes: dict[str, list[str]] = defaultdict(list)
    first: dict[str, Entry] = {}
    for e, t in zip(entries, terms, strict=True):
        notes[e.source].extend(t)
        first.setdefault(e.source, e)
    if level in ("all", "note") and len(notes) > 1:
        names = sorted(notes)
        edges = _Edges()
        sets = [shingles(notes[name], config.shingle) for name in names]
        for i, j, sim in _shingle_pairs(sets, config):
            edges.add(i, j, "shingles", sim)
        for members, reasons, best in edges.clusters():
            clusters.append(
                DupCluster(
                    "note", best, tuple(sorted(reasons)), tuple(first[names[i]] for i in members)
                )
            )

    clusters.sort(key=lambda c: (c.level != "note", -len(c.members), -c.similarity))
    return DupReport(config.dup_threshold, len(notes), len(entries), tuple(clusters))
