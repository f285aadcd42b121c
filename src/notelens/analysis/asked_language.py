"""What a question asks to read in a language it names, and whether a text writes a run
of a language.

A question names a language for one of three readings (:data:`Reading`): the note's text
in it ("영어 버전", "ENG 설명", "the Korean intro", "영어로 뭐라고"), a term's wording in it
("RLHF 한국어로 풀어서 뭐라고", "the English gloss"), or the note's version of a passage in
it ("영문 Note", "ENG 소개", "the Korean intro"). One reader, :func:`names_language`, reads
all three from one table (:data:`_READINGS`): the answer stage (``answer/crosslang.py``,
the text; ``answer/glossed.py``, the wording) and retrieval (``retrieve/twins.py``, the
version) call it, so it sits below both.
"""

from __future__ import annotations

import re
from typing import Literal

from notelens.analysis.lang import is_korean

#: What a question asks to read in a language it names: ``"text"``, the note's text in it
#: (a part, a version, a line's wording: what the answer quotes); ``"wording"``, a term's
#: wording in it (the other side of a bilingual pair, "A (B)"); ``"version"``, the note's
#: version of a passage in it (a README's English introduction after its Korean one).
Reading = Literal["text", "wording", "version"]

#: The languages, in the order :func:`named_languages` gives them.
LANGUAGES: tuple[str, ...] = ("en", "ko")

# "text": the text a question reads in a language: its version, a part of the note, its
# wording ("영어 버전", "영문 소개", "영어로 된 설명", "영어로 뭐라고", "영어 표기",
# "English intro", "in English").
_KO_PARTS = r"버전|설명|소개|원문|문장|부분|쪽|섹션|요약|노트|판|본문|목록|항목|제목|이름|표기"
_EN_PARTS = (
    r"version|intro(?:duction)?|section|text|description|summary|notes?|overview|part"
    r"|wording|translation|original|name|heading|title|term|sentence"
)

# "wording": a language named as the wording asked for: "한국어로 뭐라고", "영어로
# 풀어서", "한글로 풀면", "영문으로 어떻게", "Korean gloss", "the English term", "in Korean",
# "worded in English". (A language named as data, "한국어 데이터", "Korean QA", is none of
# these: the name must be followed by a way of saying or preceded by "in"/"into".)
_SAY_KO = (
    r"(?:으로|로)\s*(?:는\s*)?"
    r"(?:뭐|무엇|어떻게|뭘|풀어서|풀면|풀어\s*쓰면|번역|옮기면|적|써|쓰|된|되어|돼|해)"
)
_SAY_EN = (
    r"gloss|name|term|word(?:ing)?|translation|equivalent|counterpart|rendering|title"
    r"|label|phrase|expansion|version"
)

# "version": the question names a *version* of the note's text in a language ("영어판
# README", "ENG 소개", "the English version", "Korean intro"), not the wording of one name
# ("부제 영어로 뭐였지" asks a subtitle that a paper list writes in English beside entries
# in English: its neighbours are no versions of one another).
_VERSION_KO = r"판|버전|소개|설명|부분|본문|노트|원문|note|readme|version|intro"
_VERSION_EN = r"version|intro(?:duction)?|part|section|note|text|readme"

# ("ENG 설명", "the ENG section": the marker of a folded English block, not after a Latin
# letter; "ENG 팀" is a team, so a part must follow it.)
_READINGS: dict[Reading, dict[str, re.Pattern[str]]] = {
    "text": {
        "en": re.compile(
            rf"(?:영어|영문)\s*(?:로\s*된\s*)?(?:{_KO_PARTS})"
            r"|(?:영어|영문)\s*(?:으로|로)\s*(?:뭐|무엇|어떻게|뭘)"
            rf"|(?<![A-Za-z])ENG\s*(?:{_KO_PARTS}|section|part|version)"
            rf"|\bEnglish\s+(?:{_EN_PARTS})\b|\bin English\b(?!\s+[A-Za-z])",
        ),
        "ko": re.compile(
            rf"(?:한국어|한글|국문)\s*(?:로\s*된\s*)?(?:{_KO_PARTS})"
            r"|(?:한국어|한글)\s*(?:으로|로)\s*(?:뭐|무엇|어떻게|뭘)"
            rf"|\bKorean\s+(?:{_EN_PARTS})\b|\bin Korean\b(?!\s+[A-Za-z])",
        ),
    },
    "wording": {
        "en": re.compile(
            rf"(?:영어|영문){_SAY_KO}|\bEnglish\s+(?:{_SAY_EN})\b"
            r"|\b(?:in|into)\s+English\b(?!\s+[A-Za-z])",
            re.I,
        ),
        "ko": re.compile(
            rf"(?:한국어|한글|국문|우리말){_SAY_KO}|\bKorean\s+(?:{_SAY_EN})\b"
            r"|\b(?:in|into)\s+Korean\b(?!\s+[A-Za-z])",
            re.I,
        ),
    },
    "version": {
        "en": re.compile(
            rf"(?:영어|영문|(?<![A-Za-z])ENG)\s*(?:{_VERSION_KO})"
            rf"|\bEnglish\s+(?:{_VERSION_EN})\b",
            re.I,
        ),
        "ko": re.compile(
            rf"(?:한국어|한글|국문)\s*(?:{_VERSION_KO})|\bKorean\s+(?:{_VERSION_EN})\b",
            re.I,
        ),
    },
}


def names_language(question: str, lang: str, reading: Reading) -> bool:
    """Whether ``question`` names ``lang`` ("en" or "ko") as the language of what it asks
    to read, for ``reading`` (see :data:`Reading`)."""
    return _READINGS[reading][lang].search(question) is not None


def named_languages(question: str, reading: Reading) -> list[str]:
    """The languages (in :data:`LANGUAGES` order) ``question`` names for ``reading``."""
    return [lang for lang in LANGUAGES if names_language(question, lang, reading)]


# A run of the language in a unit: four Latin words in a row (a Korean line writes its
# English terms one or two at a time: "Clinical LLaMA-LoRA와 Downstream LLaMA-LoRA를"), or
# two Hangul words in a row. A bilingual line ("LLM의 예외적 행동 사례 분석 (Analysis of
# Exceptional LLM Behavior)") holds both.
_RUNS: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"[A-Za-z][\w'’.-]*(?:[\s,:;]+[A-Za-z][\w'’.-]*){3,}"),
    "ko": re.compile(r"[가-힣]+\s+[가-힣]+"),
}
# The letters of each language: a line with its own and none of the other's is written in
# it, however short (a list's item that names a term: "Double Quantization", "Paged
# Optimizer" under a Korean overview's "QLoRA"; "창발성").
_LETTERS: dict[str, re.Pattern[str]] = {"en": re.compile(r"[A-Za-z]"), "ko": re.compile(r"[가-힣]")}


def holds_language(lang: str, text: str) -> bool:
    """Whether ``text`` writes a run of ``lang`` (see :data:`_RUNS`), or is a line written
    in ``lang`` alone (its letters and none of the other language's: a term too short
    for a run, the item "Paged Optimizer" that "페이지드 옵티마이저 영어 표기" asks)."""
    if _RUNS[lang].search(text) is not None:
        return True
    other = "ko" if lang == "en" else "en"
    return _LETTERS[lang].search(text) is not None and _LETTERS[other].search(text) is None


def asked_language(question: str) -> str | None:
    """The language ("en" or "ko") of the note text ``question`` asks to quote, when it
    names it and it is not the question's own language; else None."""
    other = "en" if is_korean(question) else "ko"
    return other if names_language(question, other, "text") else None


__all__ = [
    "LANGUAGES",
    "Reading",
    "asked_language",
    "holds_language",
    "named_languages",
    "names_language",
]
