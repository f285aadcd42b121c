"""Refusal signal of the question's own distinctive words that no top passage writes.

A near-domain question names something the notes lack beside things they hold:
"Marlin-serve chunk 크기를 2048로 바꾼 결과는?" over notes that give Marlin-serve's
chunk size as 1024, "용어집에서 flash attention은 어떻게 정의돼 있어?" over a glossary
without it, "2025년 12월 1주차 다이제스트" over an archive of 2026. Every other word
of the question is in the evidence, so coverage and cosine stay high; the one word
missing is the one that picks the fact. ``NAME_PENALTY`` (answer/extractive.py) reads
the Latin *names* (capitals, digits); this reads the two other kinds of word that single
out a fact and that a right answer's passages write as the question does:

* a **number of two digits or more** written on its own ("2048로", "2025년", "64명"; not
  inside a name, "GPT-4", "Wren-2-160M", "32k", which are the names' rule): a passage
  writes the number the question conditions on, whatever its other words (one digit is
  left out: "3분할", "top 5" are written "three", "세" as often);
* an **English term of a Korean question** ("flash attention", "gradient clipping"): in
  Korean text an English word is a technical term, not a function word. It is written
  if a passage holds it (its stem, a typo of it), an abbreviation of it ("grad" for
  "gradient", a passage word of four letters or more that starts it), or a translation
  of its analyzer term (``alternatives``: "attention" over "어텐션"). English questions
  are left out: there every word is lowercase and a paraphrase changes them.

The evidence strength is scaled by ``1 - UNWRITTEN_PENALTY`` when any is unwritten and
the best unit is a note unit (bullet, row, definition line, title; not a prose sentence:
docs/benchmarks.md "Refusals, twelfth round").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

#: A question's number or term that no top passage writes takes a full strength near the
#: threshold (0.36) and a typical one below it: half, as ``entry_factor``'s
#: ``ENTRY_PENALTY`` for another entry's unit. Chosen on the odd ids of every notes set
#: (and KorQuAD 1-1000, XQuAD 1-300 + odd 301-1190), checked on the even ids.
UNWRITTEN_PENALTY = 0.5

_HANGUL_RE = re.compile(r"[가-힣]")
# A number on its own: not glued to Latin letters, a hyphen or a metric's "@" ("GPT-4",
# "32k", "v2", "Wren-2-160M", "SOLAR 10.7B", "nDCG@10"), thousands with commas
# ("2,048"), a decimal ("0.8.3" is one token).
_Q_NUMBER_RE = re.compile(r"(?<![A-Za-z0-9_.,@#\-])\d+(?:[.,]\d+)*(?![A-Za-z0-9_\-]|[.,]\d)")
# Any number of a passage, glued or not ("160M", "2026-10-19", "1.0→0.5").
_NUMBER_RE = re.compile(r"(?<![0-9.,])\d+(?:[.,]\d+)*")
# A lowercase English word of a Korean question (hyphens inside: "over-refusal"); a word
# with a capital or a digit is a name (grounding.latin_names).
_TERM_RE = re.compile(r"(?<![A-Za-z0-9_\-])[A-Za-z]+(?:-[A-Za-z]+)*(?![A-Za-z0-9_])")
_LATIN_RE = re.compile(r"[a-z]{4,}")
# A run of English words ("flash attention", "KV cache eviction").
_PHRASE_RE = re.compile(r"[A-Za-z]+(?:[\s-]+[A-Za-z]+)+")
_MIN_TERM = 3
_MIN_ABBREVIATION = 4


def _number_key(token: str) -> str:
    """A number as written, without thousands commas or an integer's leading zeros."""
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", token):
        token = token.replace(",", "")
    return str(int(token)) if token.isdigit() else token


def question_numbers(question: str) -> list[str]:
    """The question's numbers of two digits or more written on their own."""
    keys = [_number_key(m.group()) for m in _Q_NUMBER_RE.finditer(question)]
    return [k for k in keys if len(k.replace(".", "").replace(",", "")) >= 2]


def korean_terms(question: str) -> list[str]:
    """The lowercase English words (three letters or more) of a Korean question."""
    if _HANGUL_RE.search(question) is None:
        return []
    return [
        w.lower()
        for w in (m.group() for m in _TERM_RE.finditer(question))
        if len(w) >= _MIN_TERM and w.islower()
    ]


# The Korean word right after a number, one space allowed ("1024 토큰으로", "1,024차원"):
# its measure, once a trailing particle is cut off.
_MEASURE_RE = re.compile(r"\s?([가-힣]+)")
_PARTICLE_RE = re.compile(
    r"(?:으로|로|은|는|이|가|을|를|의|에서|에|도|만|과|와|까지|부터|보다|이나|나|쯤|씩)$"
)


def _measure(text: str, end: int) -> str:
    """The Korean measure written right after the number ending at ``end`` ("토큰" of
    "1024 토큰으로"), or "" for none (a particle alone, a Latin word, punctuation)."""
    m = _MEASURE_RE.match(text, end)
    if m is None:
        return ""
    word = m.group(1)
    while (cut := _PARTICLE_RE.sub("", word)) != word and cut:
        word = cut
    return "" if _PARTICLE_RE.fullmatch(m.group(1)) else word


def _same_measure(asked: str, written: str) -> bool:
    """Whether a number's measure in the evidence may be the asked one: either is none
    (a bare number, a Latin unit the Korean one may translate), or one begins the other
    ("토큰" / "토큰을")."""
    return not asked or not written or asked.startswith(written) or written.startswith(asked)


def _written_numbers(question: str, evidence: str) -> set[str]:
    """The question's numbers (:func:`question_numbers`) that ``evidence`` writes with
    the same Korean measure the question writes them with, or none: "1024 토큰" is not
    written by "출력 1,024차원", the dimension of another entry (a sibling setting)."""
    asked = {
        _number_key(m.group()): _measure(question, m.end()) for m in _Q_NUMBER_RE.finditer(question)
    }
    out: set[str] = set()
    for m in _NUMBER_RE.finditer(evidence):
        key = _number_key(m.group())
        if key in asked and _same_measure(asked[key], _measure(evidence, m.end())):
            out.add(key)
    return out


def _glued_phrases(question: str, low_evidence: str) -> set[str]:
    """The words of the question's English phrases that the evidence writes as one word
    ("flash attention" as "FlashAttention", "multi head" as "multi-head")."""
    letters = re.sub(r"[^a-z]", "", low_evidence)
    out: set[str] = set()
    for m in _PHRASE_RE.finditer(question):
        words = m.group().lower().replace("-", " ").split()
        if len(words) > 1 and "".join(words) in letters:
            out.update(words)
    return out


def _abbreviated(word: str, words: Iterable[str]) -> bool:
    return any(len(w) >= _MIN_ABBREVIATION and word.startswith(w) for w in words)


def unwritten(
    question: str,
    evidence: str,
    terms_of: Callable[[str], Iterable[str]],
    held: Callable[[str], bool],
    alternatives: Mapping[str, frozenset[str]],
) -> list[str]:
    """The question's numbers and (Korean question) English terms that ``evidence``
    does not write. ``terms_of`` gives a word's analyzer terms (none for a stopword);
    ``held`` says whether a term is among the top passages' terms; ``alternatives``
    maps a question term to its translations' terms."""
    from notelens.answer.evidence import name_present

    numbers = _written_numbers(question, evidence)
    out = [n for n in question_numbers(question) if n not in numbers]
    words = korean_terms(question)
    if not words:
        return out
    low = evidence.lower()
    latin = set(_LATIN_RE.findall(low))
    glued = _glued_phrases(question, low)
    for word in words:
        if word in glued or name_present(word, low) or _abbreviated(word, latin):
            continue
        terms = list(terms_of(word))
        if not terms or any(
            held(t) or any(held(a) for a in alternatives.get(t, ())) for t in terms
        ):
            continue
        out.append(word)
    return out


def unwritten_factor(
    question: str,
    unit_kind: str,
    evidence: str,
    terms_of: Callable[[str], Iterable[str]],
    held: Callable[[str], bool],
    alternatives: Mapping[str, frozenset[str]],
) -> float:
    """``1 - UNWRITTEN_PENALTY`` when :func:`unwritten` finds a word and the best unit
    (``unit_kind``) is a note unit, else 1. Prose is left alone, as by ``entry_factor``:
    a question about a paragraph adds what its article says elsewhere ("… touchdowns
    in 2015?" over a sentence of the 2015 season's article that writes no year) and
    writes a number the prose spells ("100 years" for "a hundred years"): XQuAD 1-300
    lost two right answers so, blind one ("trainable parameter" over a prose sentence's
    "학습 가능한 파라미터")."""
    if unit_kind == "sentence":
        return 1.0
    if unwritten(question, evidence, terms_of, held, alternatives):
        return 1.0 - UNWRITTEN_PENALTY
    return 1.0
