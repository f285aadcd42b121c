"""Question sets from the user's own notes (``notelens eval generate``).

Chunks are sampled round-robin over source files (so every file gets questions before
any file gets a second), and each becomes one question of the ``notes`` format,
labelled with its source chunk: ``relevant`` holds a quote of that chunk (a sentence
prefix, which the runner finds in the chunk's text), ``chunk_id``/``source`` say where
it came from and ``kind`` how it was made:

* ``heading``: "What do the notes say about <last heading>?" / "…에 대해 노트에는
  무엇이 적혀 있나?"; the answer is the chunk's first sentence.
* ``keyword``: the chunk's two most distinctive words (highest tf·idf among words that
  appear verbatim in its text: Latin words, and Hangul analyzer terms, which drops
  inflected verb stems) asked about together.
* ``cloze``: a sentence of the chunk with its most distinctive word blanked; the answer
  is that word.
* ``llm``: when a generator (LLM) is given, it writes one question and answer from the
  chunk; chunks it fails on fall back to the templates.

Template questions reuse the chunk's words, so they measure lexical retrieval more than
paraphrase: treat them as a floor check, and LLM-written ones as the harder set.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from notelens.analysis.stopwords import EN_STOPWORDS
from notelens.errors import ConfigError, GeneratorError

if TYPE_CHECKING:
    from notelens.answer.base import Generator
    from notelens.store.base import Store

KINDS = ("heading", "keyword", "cloze")
MIN_CHUNK_CHARS = 50  # Korean packs a sentence into ~40 characters
QUOTE_CHARS = 100
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9+\-]*[A-Za-z0-9]")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Leading markdown markers: headings, quotes, bullets, table pipes, "1." / "2)".
_MARKER = re.compile(r"^(?:\s*(?:[#>*|\-]+|\d+[.)])(?=\s))+\s*")


@dataclass(frozen=True, slots=True)
class ChunkView:
    """What question generation needs of a stored chunk."""

    chunk_id: str
    source: str
    heading: str
    text: str
    lang: str
    terms: tuple[str, ...]


def sentences(text: str) -> list[str]:
    """Sentences of a chunk, stripped of markdown markers, long enough to quote."""
    from notelens.analysis.sentences import split_sentences

    out: list[str] = []
    for raw in split_sentences(text):
        s = _MARKER.sub("", raw).strip()
        if len(s) >= 20:
            out.append(s)
    return out


def _words(chunk: ChunkView) -> list[str]:
    """Keyword candidates that appear verbatim in the chunk text."""
    words = [w for w in _LATIN.findall(chunk.text) if len(w) >= 3 and w.lower() not in EN_STOPWORDS]
    words += [t for t in chunk.terms if len(t) >= 2 and _HANGUL.search(t) and t in chunk.text]
    return words


def _keywords(chunk: ChunkView, df: Counter[str], n_docs: int, top: int = 3) -> list[str]:
    tf = Counter(_words(chunk))
    scored: dict[str, float] = {}
    shown: dict[str, str] = {}
    for w, c in tf.items():
        key = w.lower()
        idf = math.log((n_docs + 1) / (df.get(key, 0) + 1)) + 1.0
        # Names and terms (LoRA, GPT-3, KV) make better questions than short verbs
        # ("adds"): favour capitals/digits/hyphens and length; Hangul terms are nouns
        # or stems already filtered by verbatim presence.
        latin = bool(_LATIN.fullmatch(w))
        shape = (
            1.5 if latin and (w[0].isupper() or any(ch.isdigit() or ch == "-" for ch in w)) else 1.0
        )
        length = min(1.0, len(w) / 6) if latin else 1.0
        scored[key] = scored.get(key, 0.0) + c * idf * shape * length
        shown.setdefault(key, w)
    ranked = sorted(scored, key=lambda k: (-scored[k], k))
    return [shown[k] for k in ranked[:top]]


def _quote(sentence: str) -> str:
    return sentence[:QUOTE_CHARS].rstrip()


def _is_ko(chunk: ChunkView) -> bool:
    return chunk.lang in ("ko", "mixed") or bool(_HANGUL.search(chunk.text[:200]))


def _template(kind: str, chunk: ChunkView, kws: list[str]) -> dict[str, Any] | None:
    sents = sentences(chunk.text)
    if not sents:
        return None
    ko = _is_ko(chunk)
    first = sents[0]
    if kind == "heading":
        head = chunk.heading.split(" > ")[-1].strip(" #*`") if chunk.heading else ""
        if len(head) < 2:
            return None
        q = (
            f"{head}에 대해 노트에는 무엇이 적혀 있나?"
            if ko
            else f"What do the notes say about {head}?"
        )
        return {"question": q, "answer": first[:300], "quote": _quote(first)}
    if kind == "keyword":
        if len(kws) < 2:
            return None
        a, b = kws[0], kws[1]
        q = (
            f"{a} 및 {b}에 대해 노트는 무엇이라고 하나?"
            if ko
            else f"What do the notes say about {a} and {b}?"
        )
        best = next((s for s in sents if a in s and b in s), None) or next(
            (s for s in sents if a in s), first
        )
        return {"question": q, "answer": best[:300], "quote": _quote(best)}
    if kind == "cloze":
        for kw in kws:
            for s in sents:
                if kw in s and 30 <= len(s) <= 240:
                    masked = s.replace(kw, "____", 1)
                    q = f"빈칸에 들어갈 말은? {masked}" if ko else f"Fill in the blank: {masked}"
                    return {"question": q, "answer": kw, "quote": _quote(s)}
        return None
    raise ConfigError(f"unknown question kind {kind!r}")


_LLM_PROMPT = (
    "Write one question that the following note passage answers, in the passage's own "
    "language (Korean or English), as a user would ask it without seeing the passage, "
    "then its short answer. Reply exactly as two lines:\nQ: <question>\nA: <answer>\n\n"
    "Passage:\n{text}"
)


def _llm_question(gen: Generator, chunk: ChunkView) -> dict[str, Any] | None:
    messages: list[Any] = [{"role": "user", "content": _LLM_PROMPT.format(text=chunk.text[:1500])}]
    try:
        reply = "".join(gen.stream(messages, max_tokens=160, temperature=0.0))
    except GeneratorError:
        return None
    q = re.search(r"^\s*Q:\s*(.+)$", reply, re.MULTILINE)
    a = re.search(r"^\s*A:\s*(.+)$", reply, re.MULTILINE)
    sents = sentences(chunk.text)
    if not q or not sents:
        return None
    return {
        "question": q.group(1).strip(),
        "answer": a.group(1).strip() if a else "",
        "quote": _quote(sents[0]),
    }


def _round_robin(chunks: Sequence[ChunkView], rng: random.Random) -> Iterable[ChunkView]:
    by_source: dict[str, list[ChunkView]] = {}
    for c in chunks:
        by_source.setdefault(c.source, []).append(c)
    queues = list(by_source.values())
    for q in queues:
        rng.shuffle(q)
    rng.shuffle(queues)
    while queues:
        nxt: list[list[ChunkView]] = []
        for q in queues:
            yield q.pop()
            if q:
                nxt.append(q)
        queues = nxt


def generate_questions(
    chunks: Sequence[ChunkView],
    n: int,
    *,
    seed: int = 0,
    kinds: Sequence[str] = KINDS,
    generator: Generator | None = None,
) -> list[dict[str, Any]]:
    """Up to ``n`` questions (fewer when the notes run out), deterministic for a seed."""
    if n <= 0:
        raise ConfigError("-n must be positive")
    usable = [c for c in chunks if len(c.text) >= MIN_CHUNK_CHARS]
    if not usable:
        raise ConfigError("no chunk is long enough to ask about", hint="index some notes first")
    df: Counter[str] = Counter()
    for c in usable:
        df.update({w.lower() for w in _words(c)})
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    seen_q: set[str] = set()
    turn = 0
    for chunk in _round_robin(usable, rng):
        if len(out) >= n:
            break
        kws = _keywords(chunk, df, len(usable))
        item: dict[str, Any] | None = None
        kind = "llm"
        if generator is not None:
            item = _llm_question(generator, chunk)
        if item is None:
            # Try the kinds starting from this turn's, so the set mixes them evenly.
            for j in range(len(kinds)):
                kind = kinds[(turn + j) % len(kinds)]
                item = _template(kind, chunk, kws)
                if item is not None:
                    break
        if item is None or item["question"] in seen_q:
            continue
        turn += 1
        seen_q.add(item["question"])
        out.append(
            {
                "id": f"g{len(out) + 1}",
                "question": item["question"],
                "relevant": [item["quote"]],
                "answer": item["answer"],
                "kind": kind,
                "lang": "ko" if _is_ko(chunk) else "en",
                "chunk_id": chunk.chunk_id,
                "source": chunk.source,
                "heading": chunk.heading,
            }
        )
    return out


def chunks_of_index(store: Store) -> list[ChunkView]:
    """Every chunk of an index (all rows, without vectors), in source order."""
    return [
        ChunkView(
            chunk_id=r.chunk_id,
            source=r.source,
            heading=r.heading or "",
            text=r.text or "",
            lang=r.lang,
            terms=tuple((r.terms or "").split()),
        )
        for r in store.records()
    ]
