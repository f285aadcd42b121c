"""Related notes (``notelens related NOTE``): which other notes are about the same things.

A note is compared to every other note by three signals, each explainable:

* the e5 similarity of the notes (the mean of their chunk vectors, so a long note is
  represented by everything it says, not its first chunk), spread over 0..1 with the
  passage-to-passage scale of :mod:`notelens.embed.similarity`;
* the links both cite (normalised, so ``arxiv.org/abs/X`` and ``arxiv.org/pdf/Xv2`` are
  one paper);
* the rare terms both use: a TF-IDF cosine over the analyzer's terms, whose shared
  terms with the highest IDF are shown as the reason.

The weights favour the embedding (it crosses languages) and let a shared citation or a
shared rare name lift a note above others on the same broad topic.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

import numpy as np
import numpy.typing as npt

from notelens.contracts import RelatedJSON, RelatedListJSON
from notelens.curate.entries import normalize_url
from notelens.embed.similarity import E5_SUPPORT_SCALE
from notelens.errors import SearchError
from notelens.store.base import ChunkRecord

_W_COSINE, _W_TERMS, _W_LINKS = 0.6, 0.25, 0.15
#: Shared terms shown per related note.
_SHOWN_TERMS = 6


@dataclass(frozen=True, slots=True)
class Related:
    source: str
    title: str
    score: float
    cosine: float
    shared_links: tuple[str, ...]
    shared_terms: tuple[str, ...]

    def to_dict(self) -> RelatedJSON:
        return {
            "source": self.source,
            "title": self.title,
            "score": round(self.score, 4),
            "cosine": round(self.cosine, 4),
            "shared_links": list(self.shared_links),
            "shared_terms": list(self.shared_terms),
        }


@dataclass(frozen=True, slots=True)
class RelatedList:
    note: str
    related: tuple[Related, ...]

    def to_dict(self) -> RelatedListJSON:
        return {"note": self.note, "related": [r.to_dict() for r in self.related]}


def resolve_note(note: str, sources: Sequence[str], titles: dict[str, str]) -> str:
    """The stored source a user's ``NOTE`` names: an exact or trailing path, a file
    stem, a title, or the beginning of a file stem (case-insensitive). Ambiguous or
    unknown names are a usage error that lists what matched."""
    if note in sources:
        return note
    wanted = note.strip().lower()
    tail = [s for s in sources if s.lower().endswith("/" + wanted.lstrip("/"))]
    if len(tail) == 1:
        return tail[0]
    named = tail or [
        s
        for s in sources
        if PurePath(s).stem.lower() == wanted or titles.get(s, "").strip().lower() == wanted
    ]
    if not named:  # a unique beginning of a file name will do
        named = [s for s in sources if PurePath(s).stem.lower().startswith(wanted)]
    if len(named) == 1:
        return named[0]
    if not named:
        raise SearchError(
            f"no indexed note matches {note!r}",
            hint="give the note's path (as `notelens search --json` shows it), file name or title",
        )
    listed = ", ".join(sorted(named)[:5])
    raise SearchError(
        f"{note!r} matches {len(named)} notes: {listed}", hint="give more of the path"
    )


def _note_links(records: Sequence[ChunkRecord]) -> set[str]:
    return {normalize_url(link.url) for r in records for link in r.links if "://" in link.url}


def related_notes(
    note: str,
    records: Sequence[ChunkRecord],
    vectors: dict[str, npt.NDArray[np.float32]],
    *,
    k: int = 5,
) -> RelatedList:
    """The ``k`` notes most related to ``note``; ``vectors`` maps chunk ids to vectors."""
    by_note: dict[str, list[ChunkRecord]] = defaultdict(list)
    for r in records:
        by_note[r.source].append(r)
    titles = {s: rs[0].title for s, rs in by_note.items()}
    target = resolve_note(note, sorted(by_note), titles)

    names = sorted(by_note)
    means = []
    for name in names:
        vs = [vectors[r.chunk_id] for r in by_note[name] if r.chunk_id in vectors]
        mean = np.mean(vs, axis=0) if vs else np.zeros(1, dtype=np.float32)
        norm = float(np.linalg.norm(mean))
        means.append(mean / norm if norm > 0 else mean)

    tf = {name: Counter(t for r in by_note[name] for t in r.terms.split()) for name in names}
    df: Counter[str] = Counter()
    for counts in tf.values():
        df.update(counts.keys())
    n = len(names)
    idf = {t: math.log((1 + n) / (1 + d)) + 1.0 for t, d in df.items()}

    def weights(name: str) -> dict[str, float]:
        return {t: (1 + math.log(c)) * idf[t] for t, c in tf[name].items()}

    target_w = weights(target)
    target_norm = math.sqrt(sum(w * w for w in target_w.values())) or 1.0
    target_vec = means[names.index(target)]
    target_links = _note_links(by_note[target])

    out = []
    for i, name in enumerate(names):
        if name == target:
            continue
        w = weights(name)
        norm = math.sqrt(sum(x * x for x in w.values())) or 1.0
        shared = set(target_w) & set(w)
        tfidf = sum(target_w[t] * w[t] for t in shared) / (target_norm * norm)
        cosine = float(target_vec @ means[i]) if target_vec.shape == means[i].shape else 0.0
        links = target_links & _note_links(by_note[name])
        link_share = len(links) / max(1, min(len(target_links), len(_note_links(by_note[name]))))
        score = _W_COSINE * E5_SUPPORT_SCALE(cosine) + _W_TERMS * tfidf + _W_LINKS * link_share
        # the rare ones: a term both notes use, ranked by how few notes use it
        rare = sorted((t for t in shared if df[t] < n), key=lambda t: (-idf[t], t))
        out.append(
            Related(
                name,
                titles[name],
                score,
                cosine,
                tuple(sorted(links)),
                tuple(rare[:_SHOWN_TERMS]),
            )
        )
    out.sort(key=lambda r: (-r.score, r.source))
    return RelatedList(target, tuple(out[:k]))
