"""The gloss that answers a bare English definition question (issue #15, sixteenth round).

"What is X?" / "What are Xs?" / "What does X mean?" is answered by the whole sentence
(``answer/span.py``: a definition is the sentence itself, not a phrase of it), and so it
stays where the sentence only mentions X. Where the sentence glosses X in one of the
ways prose writes a definition, the gloss is the short answer:

* a bracket right after the term: "related clades (genetic branches) of …";
* an apposition after it: "infinitely many twin primes, pairs of primes with
  difference 2 (…)", "the rhodophyte, or red algal chloroplast lineage, …";
* the predicate of "X is / are [a | an | the] …": "DECnet is a suite of network
  protocols created by Digital Equipment Corporation, originally …";
* the class X is an example of: "members of trade unions such as ATL, NUT or NASUWT".

Each gloss runs to the next comma, semicolon, bracket or sentence end, and is kept only
when it holds a word and is not a number or year alone (a bracket also writes dates,
"Norman Cantor (2001)", and asides, "(which are thought to be extinct)"). ``None``
otherwise: the caller keeps the sentence.
"""

from __future__ import annotations

import re

from notelens.answer.align_base import words as _words

#: "What is X?", "What are X?", "What does X mean?", "What is meant by X?".
_BARE = re.compile(
    r"^\s*what\s+(?:is|are|was|were)\s+(?:meant\s+by\s+)?(?P<a>.+?)\s*\??\s*$"
    r"|^\s*what\s+(?:does|do)\s+(?P<b>.+?)\s+mean\s*\??\s*$",
    re.I,
)
_LEAD = re.compile(r"^(?:an?|the)\s+", re.I)
#: Words that open no gloss: a relative clause, an example, a reference.
_NOT_GLOSS = re.compile(
    r"^(?:which|who|that|where|when|e\.g\.|i\.e\.|see|also|and|but|as|in|on|at|for|from)\b",
    re.I,
)
_STOP = re.compile(r"\s*(?:[,;()]|—|–\s|\.(?:\s|$)|\[|$)")
_NUMBERISH = re.compile(r"^[\d\s.,–-]+(?:BC|AD|CE|BCE)?$")
_FUNCTION = frozenset(
    _words("of in on at to for from with by the a an and or many some other various several")
)
#: The longest gloss kept, in words: a longer run is a clause, not a name for X.
MAX_WORDS = 16


def bare_term(question: str) -> str | None:
    """The term a bare definition question asks about ("What are clades?" → "clades"),
    quotes and a leading article dropped; ``None`` for any other question."""
    m = _BARE.match(question)
    if m is None:
        return None
    term = (m.group("a") or m.group("b") or "").strip(" '\"‘’“”")
    term = _LEAD.sub("", term).strip(" '\"‘’“”")
    if not term or len(term.split()) > 4:
        return None
    return term


def _term_at(term: str, text: str) -> re.Match[str] | None:
    """The term in the sentence, as a whole word, a plural ending allowed ("twin prime"
    / "twin primes")."""
    stem = re.escape(term[:-1] if term.lower().endswith("s") and len(term) > 3 else term)
    return re.search(rf"\b{stem}(?:s|es)?\b", text, re.I)


def _run(text: str, start: int, term: str) -> tuple[int, int] | None:
    """The phrase from ``start`` to the next stop, or ``None`` when it is no gloss (a
    phrase that writes the term again is about it, not another name for it)."""
    while start < len(text) and text[start] == " ":
        start += 1
    stop = _STOP.search(text, start)
    end = stop.start() if stop else len(text)
    phrase = text[start:end]
    if (
        not phrase
        or _NOT_GLOSS.match(phrase)
        or _NUMBERISH.match(phrase)
        or len(phrase.split()) > MAX_WORDS
        or not any(ch.isalpha() for ch in phrase)
        or _term_at(term, phrase) is not None
    ):
        return None
    return start, end


def gloss_span(question: str, text: str) -> tuple[int, int] | None:
    """The character span of ``text`` that glosses the term of a bare English
    definition ``question``; ``None`` when the question is no bare definition or the
    sentence writes no gloss of its term."""
    term = bare_term(question)
    if term is None:
        return None
    m = _term_at(term, text)
    if m is None:
        return None
    after = text[m.end() :]
    if after.startswith(" ("):
        found = _run(text, m.end() + 2, term)
        if found is not None and text[found[1] : found[1] + 1] == ")":
            return found
    apposition = re.match(r",\s+(?:or\s+)?", after)
    if apposition is not None:
        found = _run(text, m.end() + apposition.end(), term)
        if found is not None and not text[found[0] : found[0] + 1].isupper():
            return found
    copula = re.match(r"\s+(?:is|are|was|were)\s+(?=(?:an?|the)\s)", after)
    if copula is not None:
        return _run(text, m.end() + copula.end(), term)
    such = re.search(r"\s+such\s+as\s+[^.;]*$", text[: m.start()])
    return _class_before(text, such.start()) if such is not None else None


def _class_before(text: str, end: int) -> tuple[int, int] | None:
    """The lowercase noun phrase (up to three words) that ends at ``end``: "trade unions"
    of "members of trade unions such as …"."""
    words = list(re.finditer(r"[A-Za-z][\w'-]*", text[:end]))
    kept: list[re.Match[str]] = []
    for w in reversed(words[-3:]):
        if not w.group().islower() or w.group() in _FUNCTION:
            break
        if text[w.end() : (kept[-1].start() if kept else end)].strip():
            break  # a comma or bracket between: not one phrase
        kept.append(w)
    if not kept:
        return None
    return kept[-1].start(), kept[0].end()


__all__ = ["MAX_WORDS", "bare_term", "gloss_span"]
