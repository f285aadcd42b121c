"""A concept glossary mined from the notes (``notelens glossary``).

Research notes define their key concepts in a few recurring shapes, which is what is
mined here (no model): definition lines ("GQA: …", "- **BM25**: …", read by the answer
units of :mod:`notelens.answer.units`), Korean definitional sentences ("X는 …이다",
"X란 …를 말한다") and English ones ("X is a …", "X refers to …"). Terms are merged
across files and languages through the aliases the notes themselves write: a
parenthesised pair ("Reciprocal Rank Fusion (RRF)", "로라(LoRA)") makes both spellings
one term, and so does a definition whose term carries one ("RRF (Reciprocal Rank
Fusion): …"). A term's page lists its definitions with their sources and lines, the notes
that use it (by mentions of any of its spellings) and the related terms (glossary terms
its definitions mention, then those used in the same passages).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from notelens.analysis.lang import detect_lang
from notelens.answer.units import build_units
from notelens.contracts import (
    GlossaryDefinitionJSON,
    GlossaryJSON,
    GlossaryNoteJSON,
    GlossaryTermJSON,
)
from notelens.errors import SearchError
from notelens.store.base import ChunkRecord
from notelens.types import Location

#: "GQA: …", "RRF (Reciprocal Rank Fusion): …", "**BM25**: …": a definition line.
_LINE_DEF = re.compile(
    r"^(?P<term>[^:：()\s][^:：()]{0,40}?)\s*(?:\((?P<alias>[^()]{1,40})\))?\s*[:：]\s+"
    r"(?P<body>\S.{5,})$"
)
#: "X는 …이다" / "X란 …를 말한다": a Korean sentence that defines its subject.
_KO_DEF = re.compile(
    r"^(?P<term>[A-Za-z가-힣][\w\-+./]*(?: [\w\-+./]+){0,2}?)\s*"
    r"(?:\((?P<alias>[^()]{1,40})\))?(?:이란|란|은|는)\s+"
    r"(?P<body>.{6,}?(?:이다|(?:을|를) (?:말한다|의미한다|뜻한다|가리킨다)))[.。]?$"
)
#: "X is a …" / "X refers to …": an English sentence that defines its subject.
_EN_DEF = re.compile(
    r"^(?:The |An? )?(?P<term>[A-Z][\w\-+.]*(?: [\w\-+.]+){0,3}?)\s*"
    r"(?:\((?P<alias>[^()]{1,40})\))?\s+"
    r"(?:is|are|refers to|means|stands for)\s+(?P<body>(?:a|an|the|one)\b.{8,})$"
)
#: A word ending in a Korean particle or ending is part of a sentence, not a term.
_PARTICLE_END = re.compile(
    r"[가-힣](?:에서|으로|에게|부터|까지|를|을|이|가|은|는|에|로|와|과|의|도|만|면|고|서)$"
)
#: "Long Name (ABBR)" or "ABBR (Long Name)" or "한국어(English)": two spellings of one term.
_ALIAS = re.compile(r"(?P<a>[A-Za-z가-힣][\w\-+ ]{1,40}?)\s*\((?P<b>[^()]{2,40})\)")
_URL = re.compile(r"https?://\S+")
_ACRONYM = re.compile(r"^[A-Za-z]*[A-Z][A-Za-z0-9\-+]*$")
#: Labels that open a line like a definition but define nothing.
_STOP_TERMS = frozenset(
    {
        "note",
        "notes",
        "todo",
        "tip",
        "q",
        "a",
        "link",
        "links",
        "example",
        "e.g",
        "result",
        "results",
        "question",
        "answer",
        "expected",
        "benign",
        "this",
        "it",
        "that",
        "there",
        "these",
        "here",
        "see",
        "source",
        "rule of thumb",
        "summary",
        "예",
        "예시",
        "참고",
        "주의",
        "출처",
        "결과",
        "질문",
        "답",
        "메모",
        "요약",
        "정리",
        "링크",
    }
)
_MAX_TERM_WORDS = 5


@dataclass(frozen=True, slots=True)
class Definition:
    term: str
    text: str
    source: str
    location: Location
    heading: str

    def to_dict(self) -> GlossaryDefinitionJSON:
        return {
            "text": self.text,
            "source": self.source,
            "heading": self.heading,
            "location": self.location.to_dict(),
            "lang": detect_lang(self.text),
        }


@dataclass(frozen=True, slots=True)
class Term:
    term: str
    aliases: tuple[str, ...]
    definitions: tuple[Definition, ...]
    notes: tuple[tuple[str, int], ...]  # (source, mentions), most mentions first
    related: tuple[str, ...]

    def to_dict(self) -> GlossaryTermJSON:
        notes: list[GlossaryNoteJSON] = [{"source": s, "mentions": n} for s, n in self.notes]
        return {
            "term": self.term,
            "aliases": list(self.aliases),
            "definitions": [d.to_dict() for d in self.definitions],
            "notes": notes,
            "related": list(self.related),
        }


@dataclass(frozen=True, slots=True)
class Glossary:
    terms: tuple[Term, ...]

    def to_dict(self) -> GlossaryJSON:
        return {"terms": [t.to_dict() for t in self.terms]}


def _key(term: str) -> str:
    return " ".join(term.casefold().replace("-", " ").split())


def _usable(term: str) -> bool:
    """A term looks like a name: a few words, no sentence (particles, a verb-like
    lower-case run), no citation, no label."""
    words = term.split()
    if not 0 < len(words) <= _MAX_TERM_WORDS or len(term) > 60 or len(term) < 2:
        return False
    if _key(term) in _STOP_TERMS or term[0].isdigit() or "et al" in term or "," in term:
        return False
    if re.search(r"\.(?:md|txt|pdf|html?|py)$", term, re.I):
        return False
    if term.lower().startswith(("http", "www")) or any(_PARTICLE_END.search(w) for w in words):
        return False
    if re.search(r"[가-힣]", term) is None and len(words) > 1:
        # English: a name is capitalised or a short noun phrase, not "b controls document"
        lower = [w for w in words[1:] if w[:1].islower() and w.lower() not in ("of", "and")]
        if term[0].islower() or len(lower) > 2:
            return False
    return len(term.replace(" ", "")) >= 2


def _is_alias_pair(a: str, b: str) -> bool:
    """Two spellings of one term: an acronym and the words it abbreviates (initials in
    order), or a Latin name and its Korean rendering ("로라", "지도 학습 기반 미세 조정")."""
    for short, long in ((a, b), (b, a)):
        if _ACRONYM.match(short) and sum(c.isupper() for c in short) >= 2:
            initials = "".join(w[0] for w in re.split(r"[\s\-]+", long) if w).upper()
            letters = [c for c in short if c.isupper()]  # "LoRA": L, R, A
            it = iter(initials)
            if initials[:1] == letters[0] and all(c in it for c in letters):
                return True
    hangul = [x for x in (a, b) if re.fullmatch(r"[가-힣 ]+", x)]
    latin = [x for x in (a, b) if re.fullmatch(r"[A-Za-z0-9\-+. ]+", x)]
    return len(hangul) == 1 and len(latin) == 1 and len(hangul[0].split()) <= 5


def _definition(text: str) -> tuple[str, str | None, str] | None:
    """(term, alias written beside it, the defining text) of a unit, or None."""
    for pattern in (_LINE_DEF, _KO_DEF, _EN_DEF):
        m = pattern.match(text)
        if m:
            return m.group("term").strip(" *`"), m.group("alias"), text
    return None


class _Names:
    """Union-find over term keys, with every spelling seen for each."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.spellings: dict[str, Counter[str]] = defaultdict(Counter)

    def add(self, surface: str) -> str:
        key = _key(surface)
        self.parent.setdefault(key, key)
        self.spellings[key][surface] += 1
        return key

    def find(self, key: str) -> str:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(self.add(a)), self.find(self.add(b))
        if ra != rb:
            self.parent[rb] = ra

    def surfaces(self, root: str) -> Counter[str]:
        out: Counter[str] = Counter()
        for key in self.parent:
            if self.find(key) == root:
                out.update(self.spellings[key])
        return out


def _aliases(texts: Iterable[str], names: _Names, defined: set[str]) -> None:
    """Join "Long Name (ABBR)" pairs where one side is already a defined term."""
    for text in texts:
        for m in _ALIAS.finditer(text):
            a = m.group("a").strip()
            b = m.group("b").strip()
            # keep only the last words of "…uses Reciprocal Rank Fusion (RRF)"
            words = a.split()
            if _ACRONYM.match(b) and len(b) <= 12:
                a = " ".join(words[-len(b) :]) if len(words) > len(b) else a
            elif _ACRONYM.match(a.split()[-1]) and len(words) > 1:
                a = words[-1]
            if not (_usable(a) and _usable(b) and _is_alias_pair(a, b)):
                continue
            if _key(a) in defined or _key(b) in defined:
                names.union(a, b)


def _mentions(text: str, spellings: Iterable[str]) -> int:
    total = 0
    low = text.casefold()
    for s in spellings:
        s = s.casefold()
        if re.fullmatch(r"[\w\-+. ]+", s) and s.isascii():
            total += len(re.findall(rf"(?<![a-z0-9]){re.escape(s)}(?![a-z0-9])", low))
        else:
            total += low.count(s)
    return total


def build_glossary(records: Sequence[ChunkRecord], *, related: int = 5) -> Glossary:
    """Every defined term of the index, merged across files and languages."""
    names = _Names()
    found: list[tuple[str, Definition]] = []
    for r in records:
        for unit in build_units(r.text, r.heading):
            if unit.kind not in ("definition", "item", "sentence"):
                continue
            hit = _definition(unit.text)
            if hit is None:
                continue
            head, alias, body = hit
            if not _usable(head) or len(_URL.sub(" ", body).split()) < 4:
                continue  # a citation line ("RAG (Lewis et al., 2020): https://…") defines nothing
            names.add(head)
            if alias and _usable(alias.strip()) and _is_alias_pair(head, alias.strip()):
                names.union(head, alias.strip())
            line = r.location.line_start + unit.line if r.location.line_start else None
            location = Location(line_start=line, line_end=line, page=r.location.page)
            found.append((head, Definition(head, body, r.source, location, r.heading)))

    defined = {_key(t) for t, _ in found}
    _aliases((r.text for r in records), names, defined)

    by_root: dict[str, list[Definition]] = defaultdict(list)
    for head, d in found:
        by_root[names.find(_key(head))].append(d)

    terms: list[Term] = []
    spellings_of: dict[str, list[str]] = {}
    for root, defs in by_root.items():
        surfaces = names.surfaces(root)
        # the display name: an acronym if there is one, else the most written spelling
        ranked = sorted(surfaces, key=lambda s: (not _ACRONYM.match(s), -surfaces[s], s))
        spellings_of[root] = ranked
        unique: dict[tuple[str, str], Definition] = {}
        for d in defs:
            unique.setdefault((d.source, " ".join(d.text.split())), d)
        terms.append(Term(ranked[0], tuple(ranked[1:]), tuple(unique.values()), (), ()))

    # usage and co-occurrence, one pass over the passages
    uses: dict[str, Counter[str]] = defaultdict(Counter)
    together: dict[str, Counter[str]] = defaultdict(Counter)
    for r in records:
        present = []
        for root, spellings in spellings_of.items():
            n = _mentions(r.text, spellings)
            if n:
                uses[root][r.source] += n
                present.append(root)
        for a in present:
            for b in present:
                if a != b:
                    together[a][b] += 1

    display = {root: spellings_of[root][0] for root in spellings_of}
    out: list[Term] = []
    for root, term in zip(by_root, terms, strict=True):
        in_defs = Counter(
            other
            for d in term.definitions
            for other, spellings in spellings_of.items()
            if other != root and _mentions(d.text, spellings)
        )
        ranked = [t for t, _ in in_defs.most_common()] + [
            t for t, _ in together[root].most_common() if t not in in_defs
        ]
        notes = tuple(sorted(uses[root].items(), key=lambda kv: (-kv[1], kv[0])))
        out.append(
            Term(
                term.term,
                term.aliases,
                term.definitions,
                notes,
                tuple(display[t] for t in ranked[:related]),
            )
        )
    out.sort(key=lambda t: (-len(t.notes), t.term.casefold()))
    return Glossary(tuple(out))


def find_term(glossary: Glossary, term: str) -> Term:
    """The glossary entry ``term`` names (any spelling, case-insensitive)."""
    key = _key(term)
    for t in glossary.terms:
        if key in {_key(s) for s in (t.term, *t.aliases)}:
            return t
    close = [t.term for t in glossary.terms if key in _key(t.term) or _key(t.term) in key]
    raise SearchError(
        f"{term!r} is not defined in the notes",
        hint=f"close: {', '.join(close[:5])}" if close else "see `notelens glossary`",
    )
