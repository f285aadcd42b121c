"""What kind of token answers a question, and whether a sentence holds one (issue #22).

A classic feature of QA reranking: a question asking "how many" / "몇 개" is answered
by a passage holding a number *where it matches the question*, "when" / "언제" by a
date, "where" / "어디" by a place word. The retrieval layer cannot use the answer
stage's question analysis (``notelens.answer.qtype`` sits above it and types a note's
answers far more finely), so this is the coarse version the reranker needs: four kinds,
and a token pattern for each, Korean and English.
"""

from __future__ import annotations

import re
from typing import Literal

AskedKind = Literal["date", "number", "person", "place"]

_I = re.IGNORECASE
# Ordered: "몇 년" / "what year" ask for a date before "몇" / "how" ask for a number.
_QUESTION: tuple[tuple[AskedKind, re.Pattern[str]], ...] = (
    (
        "date",
        re.compile(
            r"언제|몇\s*(?:년|월|일|세기)(?!\s*(?:동안|간|째))|며칠|연도|날짜"
            r"|\bwhen\b|\b(?:what|which|in what) (?:year|date|month|day|century)\b",
            _I,
        ),
    ),
    (
        "number",
        re.compile(
            r"몇|얼마|[갯개]수|\bhow (?:many|much|long|far|old)\b|\bwhat (?:number|percent)", _I
        ),
    ),
    ("person", re.compile(r"누구|누가|누군가|\bwho(?:m|se)?\b", _I)),
    (
        "place",
        re.compile(r"어디|어느\s*(?:곳|나라|지역|도시)|\bwhere\b|\bwhich (?:country|city)\b", _I),
    ),
)

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
_TOKEN: dict[AskedKind, re.Pattern[str]] = {
    "date": re.compile(
        rf"\d{{1,4}}\s*(?:년|월|일|세기)|\b(?:1[0-9]|20)\d\d\b|\b{_MONTH}\.?\s+\d"
        r"|\d+(?:st|nd|rd|th) century",
        _I,
    ),
    "number": re.compile(
        r"\d|(?<![가-힣])(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s*(?:개|명|번|가지|차례|마리)"
        r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million)\b",
        _I,
    ),
    # A Korean personal name is not a pattern; a role or honorific after a word is, as
    # are capitalised English name pairs.
    "person": re.compile(
        r"[가-힣]{2,4}\s?(?:씨|님|왕|대통령|장관|교수|박사|감독|선수|의원|시장|회장|장군)"
        r"|\b[A-Z][a-z]+\s+[A-Z][a-z]+\b"
    ),
    "place": re.compile(
        r"[가-힣]+(?:시|도|군|구|읍|면|리|국|섬|산|강|해|만|주|성|궁)(?:에서|에|의|로)"
        r"|\b(?:in|at|near|from) [A-Z][a-z]+",
    ),
}


def asked_kind(question: str) -> AskedKind | None:
    """The kind of token that answers ``question`` (None: any kind, or none said)."""
    for kind, pattern in _QUESTION:
        if pattern.search(question):
            return kind
    return None


def holds_kind(kind: AskedKind, sentence: str, question: str = "") -> bool:
    """Whether ``sentence`` holds a token that can answer a question of ``kind``, other
    than one the question itself states ("1970년 당시 … 누구" asks no date)."""
    return any(m.group() not in question for m in _TOKEN[kind].finditer(sentence))
