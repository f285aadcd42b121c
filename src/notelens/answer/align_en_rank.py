"""A learned ranker over the English aligner's candidate spans (issue #15, twelfth round).

Three rounds of hand rules in ``align_en.py`` moved XQuAD's held-out short F1 by 0.003
while the tuning half rose: each rule fits two or three tuning questions. The rules'
candidates stay; what changes is how they are weighed. Each candidate gets general
features of English word order (the rules' own score, its length, capitals, digits, its
distance to the question's words in the sentence, the words right beside it, the answer
type the question asks) and a linear model fitted on XQuAD's tuning part
(``benchmarks/span_rank_fit.py``, a listwise softmax; numpy there, plain Python here)
scores it. The weights are a small JSON file beside this module, read once, lazily.

A missing or unreadable weights file is no user's error: :func:`shipped_ranker` logs it
and returns ``None``, and the aligner keeps the rules' scores.
"""

from __future__ import annotations

import json
import logging
import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from notelens.answer.align_base import Candidate
from notelens.answer.align_base import words as _words
from notelens.errors import AnswerError

logger = logging.getLogger(__name__)

#: The shipped weights (``benchmarks/span_rank_fit.py --write`` writes them).
WEIGHTS_PATH = Path(__file__).with_name("align_en_rank.json")

_KINDS = ("date", "number", "person", "place", "proper", "np")
_PREPOSITIONS = frozenset(_words("in at on by from to of for with into during under after"))
_DETERMINERS = frozenset(_words("the a an"))
_COPULAS = frozenset(_words("is was are were has had have became becomes"))

#: The feature names, in the order :func:`features` writes them.
FEATURES: tuple[str, ...] = (
    "rule",
    "gap",
    "top",
    "len1",
    "len2",
    "len_long",
    "dist",
    "no_anchor",
    "left_q",
    "right_q",
    "q_share",
    "caps",
    "cap_first",
    "digit",
    "prev_prep",
    "prev_det",
    "prev_punct",
    "next_punct",
    "next_copula",
    "paren",
    "rel_pos",
    "head_near",
    "comma_inside",
    "chars",
    "prev_is_q",
    "next_is_q",
    "next_after_wh",
    "prev_q_end",
    "prev_before_wh",
    "sent_anchors",
    "subject_slot",
    "object_slot",
    "after_comma",
    "lower",
    *(f"{k}:{f}" for k in _KINDS for f in ("caps", "digit", "len1")),
)


class SpanRankerError(AnswerError):
    """The span ranker's weights file cannot be used (bad JSON, wrong features)."""


@dataclass(frozen=True, slots=True)
class SentenceView:
    """What the ranker reads of one sentence: the question's answer kind and head noun,
    the sentence's tokens with their offsets, and which of them are question words."""

    kind: str
    head: str | None
    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    is_q: tuple[bool, ...]
    subject_wh: bool
    #: The sentence's stems, and the question's (after its wh-word, its last words,
    #: before an in-place wh-word).
    stems: tuple[str, ...] = ()
    q_sides: tuple[frozenset[str], ...] = (frozenset(), frozenset(), frozenset())


def token_range(view: SentenceView, start: int, end: int) -> tuple[int, int]:
    """The tokens ``[i, j)`` a character span covers (a span may trim a token's "'s")."""
    i = bisect_right(view.ends, start)
    j = bisect_left(view.starts, end)
    return min(i, max(j - 1, 0)), max(j, i + 1)


def _candidate_features(view: SentenceView, c: Candidate, best: float) -> list[float]:
    words, n = view.words, len(view.words)
    i, j = token_range(view, c.start, c.end)
    span = words[i:j]
    anchors = [k for k, q in enumerate(view.is_q) if q]
    alpha = [w for w in span if w[:1].isalpha()]
    caps = bool(alpha) and all(w[:1].isupper() for w in alpha)
    digit = any(ch.isdigit() for w in span for ch in w)
    prev = words[i - 1].lower() if i > 0 else ""
    nxt = words[j].lower() if j < n else ""
    dist = min((min(abs(a - i), abs(a - (j - 1))) for a in anchors), default=0)
    head = view.head[:5] if view.head else ""
    around = words[max(0, i - 3) : min(n, j + 3)]
    after, end, before = view.q_sides
    row = [
        c.score,
        c.score - best,
        float(c.score >= best),
        float(j - i == 1),
        float(j - i == 2),
        float(max(0, j - i - 3)),
        math.log1p(dist) if anchors else 0.0,
        float(not anchors),
        float(min(3, sum(i - 3 <= a < i for a in anchors))),
        float(min(3, sum(j <= a < j + 3 for a in anchors))),
        sum(view.is_q[i:j]) / max(1, j - i),
        float(caps),
        float(span[0][:1].isupper()) if span else 0.0,
        float(digit),
        float(prev in _PREPOSITIONS),
        float(prev in _DETERMINERS),
        float(i == 0 or not prev[:1].isalnum()),
        float(j >= n or not nxt[:1].isalnum()),
        float(nxt in _COPULAS),
        float(prev == "("),
        i / max(1, n),
        float(bool(head) and any(w.lower().startswith(head) for w in around)),
        float("," in span),
        math.log1p(max(0, c.end - c.start)),
        float(i > 0 and view.is_q[i - 1]),
        float(j < n and view.is_q[j]),
        float(any(s in after for s in view.stems[j : j + 3])),
        float(any(s in end for s in view.stems[max(0, i - 3) : i])),
        float(any(s in before for s in view.stems[max(0, i - 3) : i])),
        math.log1p(len(anchors)),
        float(view.subject_wh and any(s in after for s in view.stems[j : j + 3])),
        float(not view.subject_wh and any(s in end for s in view.stems[max(0, i - 3) : i])),
        float(prev == ","),
        float(bool(alpha) and all(w.islower() for w in alpha)),
    ]
    for k in _KINDS:
        on = view.kind == k
        row += [float(on and caps), float(on and digit), float(on and j - i == 1)]
    return row


def features(view: SentenceView, cands: Sequence[Candidate]) -> list[list[float]]:
    """One row of :data:`FEATURES` per candidate (the rules' scores are read as given)."""
    best = max((c.score for c in cands), default=0.0)
    return [_candidate_features(view, c, best) for c in cands]


def _holds(cands: Sequence[Candidate], k: int) -> int:
    """How many candidates of the same score lie inside candidate ``k``."""
    c = cands[k]
    return sum(
        o.score == c.score and c.start <= o.start and o.end <= c.end and o != c for o in cands
    )


@dataclass(frozen=True, slots=True)
class SpanRanker:
    """The rules' score plus a linear correction over standardised features (times
    ``scale``, the fit's temperature: the correction is in the rules' units, so
    ``quoted.BEST_BONUS_EN``'s head start for the best sentence keeps its meaning)."""

    weights: tuple[float, ...]
    mean: tuple[float, ...]
    std: tuple[float, ...]
    scale: float
    #: The ranker reorders the rules' ``top`` best candidates (0: all of them); the rest
    #: stay below those; of two candidates the rules score exactly alike, the one that
    #: holds the other comes first (the rules left the extra words unpunished).
    top: int = 0

    def score_row(self, rule: float, row: Sequence[float]) -> float:
        return rule + self.scale * sum(
            w * (x - m) / s
            for w, x, m, s in zip(self.weights, row, self.mean, self.std, strict=True)
        )

    def rescore(self, view: SentenceView, cands: Sequence[Candidate]) -> list[Candidate]:
        scores = [c.score for c in cands]
        tied = (
            {x for x in scores if scores.count(x) > 1} if len(set(scores)) < len(scores) else set()
        )
        order = sorted(
            range(len(cands)),
            key=lambda k: (-cands[k].score, -_holds(cands, k) if cands[k].score in tied else 0),
        )
        short = order[: self.top] if self.top > 0 else order
        best = cands[order[0]].score
        learned: dict[int, float] = {}
        prev: int | None = None
        for k in short:
            if prev is not None and cands[k].score == cands[prev].score:
                # An exact tie of the rules: the span that holds the other ("every four
                # years" over "every four", "May 18, 1756" over "1756"), else their order.
                learned[k] = learned[prev] - 1e-9
            else:
                learned[k] = self.score_row(
                    cands[k].score, _candidate_features(view, cands[k], best)
                )
            prev = k
        floor = min(learned.values()) - 1.0
        return [
            Candidate(c.start, c.end, learned.get(k, floor - 0.001 * rank))
            for rank, (k, c) in enumerate((k, cands[k]) for k in order)
        ]


def read_ranker(path: Path) -> SpanRanker:
    """The ranker a weights file holds; :class:`SpanRankerError` says what is wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SpanRankerError(f"span ranker weights {path}: cannot read ({exc})") from exc
    except ValueError as exc:
        raise SpanRankerError(f"span ranker weights {path}: not JSON ({exc})") from exc
    if not isinstance(data, dict) or data.get("features") != list(FEATURES):
        raise SpanRankerError(
            f"span ranker weights {path}: its feature list is not this version's"
            " (refit with benchmarks/span_rank_fit.py)"
        )
    try:
        weights, mean, std = (tuple(float(x) for x in data[k]) for k in ("weights", "mean", "std"))
        scale = float(data["scale"])
        top = int(data.get("top", 0))
    except (KeyError, TypeError, ValueError) as exc:
        raise SpanRankerError(f"span ranker weights {path}: bad field ({exc})") from exc
    if not len(weights) == len(mean) == len(std) == len(FEATURES) or min(std) <= 0:
        raise SpanRankerError(f"span ranker weights {path}: lengths or scales do not fit")
    return SpanRanker(weights, mean, std, scale, top)


@lru_cache(maxsize=1)
def shipped_ranker() -> SpanRanker | None:
    """The shipped ranker, read once; ``None`` (the rules' scores stand) when its file
    is missing or unusable (logged: a packaging fault, not the user's)."""
    try:
        return read_ranker(WEIGHTS_PATH)
    except SpanRankerError as exc:
        logger.warning("%s; English short answers use the rule scores", exc)
        return None


__all__ = [
    "FEATURES",
    "WEIGHTS_PATH",
    "SentenceView",
    "SpanRanker",
    "SpanRankerError",
    "features",
    "read_ranker",
    "shipped_ranker",
    "token_range",
]
