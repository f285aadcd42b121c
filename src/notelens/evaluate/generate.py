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
from collections.abc import Iterable, Mapping, Sequence
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
    flags: tuple[str, ...] = ()  # the ingest guard's findings (injection:*, pii:*)


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


# -- chunks not worth a question (issue #21 item 5) ------------------------------------------

#: Why a chunk gets no question, in the order they are checked.
SKIP_REASONS = ("injection", "pii", "too short", "boilerplate")

# Page furniture a saved web page or export brings along, English and Korean: cookie and
# consent banners, log-in/sign-up and subscribe prompts, legal footers, skip links.
_BOILERPLATE = re.compile(
    r"\bcookies?\b|\bconsent\b|accept all|privacy (?:policy|settings)|terms of (?:use|service)"
    r"|\bsubscribe\b|\bnewsletter\b|\bsign (?:in|up)\b|\blog ?in\b|\blog ?out\b"
    r"|all rights reserved|skip to (?:main )?content|\bshare (?:on|this)\b|\bfollow us\b"
    r"|쿠키|동의(?:합니다|하기|함)?\b|로그인|로그아웃|회원\s?가입|구독|뉴스레터|개인정보\s?처리\s?방침"
    r"|이용\s?약관|무단\s?(?:전재|배포)|저작권|공유하기|본문\s?바로\s?가기",
    re.IGNORECASE,
)
# A line that is only links: [text](url), <url>, a bare URL, [[wiki]] -- with separators.
_LINK = re.compile(r"!?\[[^\]]*\]\([^)]*\)|<https?://[^>]+>|https?://\S+|\[\[[^\]]+\]\]")
_SEPARATORS = re.compile(r"^[\s|·•/>»\-–—,:;]*$")


def _content_lines(text: str) -> list[str]:
    return [ln for ln in (_MARKER.sub("", raw).strip() for raw in text.splitlines()) if ln]


def is_boilerplate(text: str) -> bool:
    """Mostly page furniture: at least half of the lines are link-only (a navigation
    list) or banner lines (cookies, consent, 로그인, 구독, ...). A note that mentions
    cookies in a sentence is not."""
    lines = _content_lines(text)
    if not lines:
        return False
    furniture = 0
    for ln in lines:
        link_only = bool(_LINK.search(ln)) and bool(_SEPARATORS.match(_LINK.sub("", ln)))
        # A banner line is dense with such phrases (about one per 60 characters); a
        # note's sentence that names cookies or 로그인 once in passing is not.
        banner = len(_BOILERPLATE.findall(ln)) * 60 >= len(ln)
        furniture += link_only or banner
    return furniture * 2 >= len(lines)


def skip_reason(chunk: ChunkView) -> str | None:
    """Why ``chunk`` gets no question (one of :data:`SKIP_REASONS`), or None.

    Flagged chunks are skipped first: a question set is shared and read, so it must not
    quote an injection attempt or personal data (the flags are the ingest guard's)."""
    if any(f.startswith("injection") for f in chunk.flags):
        return "injection"
    if any(f.startswith("pii") for f in chunk.flags):
        return "pii"
    if len(chunk.text) < MIN_CHUNK_CHARS or not sentences(chunk.text):
        return "too short"
    if is_boilerplate(chunk.text):
        return "boilerplate"
    return None


@dataclass(frozen=True, slots=True)
class QuestionSet:
    """Generated questions, how many chunks the index held, and the chunks skipped per
    reason (only reasons with a count)."""

    questions: list[dict[str, Any]]
    chunks: int
    skipped: dict[str, int]

    def summary(self) -> str:
        """``skipped 7 of 114 chunks: 2 boilerplate, 5 injection`` (or ``skipped none``)."""
        total = sum(self.skipped.values())
        if not total:
            return f"skipped none of {self.chunks} chunks"
        return f"skipped {total} of {self.chunks} chunks: {_skipped_text(self.skipped)}"


def _skipped_text(skipped: Mapping[str, int]) -> str:
    return ", ".join(f"{skipped[r]} {r}" for r in SKIP_REASONS if skipped.get(r))


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
    return generate_question_set(chunks, n, seed=seed, kinds=kinds, generator=generator).questions


def generate_question_set(
    chunks: Sequence[ChunkView],
    n: int,
    *,
    seed: int = 0,
    kinds: Sequence[str] = KINDS,
    generator: Generator | None = None,
) -> QuestionSet:
    """:func:`generate_questions`, with the chunks it would not ask about counted by
    reason (:func:`skip_reason`)."""
    if n <= 0:
        raise ConfigError("-n must be positive")
    skipped: Counter[str] = Counter()
    usable: list[ChunkView] = []
    for c in chunks:
        reason = skip_reason(c)
        if reason is None:
            usable.append(c)
        else:
            skipped[reason] += 1
    if not usable:
        raise ConfigError(
            "no chunk is long enough to ask about"
            if set(skipped) <= {"too short"}
            else f"every chunk was skipped ({_skipped_text(skipped)})",
            hint="index some notes first",
        )
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
    return QuestionSet(
        questions=out,
        chunks=len(chunks),
        skipped={r: skipped[r] for r in SKIP_REASONS if skipped[r]},
    )


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
            flags=tuple(r.flags or ()),
        )
        for r in store.records()
    ]
