"""The language of the note text a question asks to quote, when it names it ("영어 버전",
"ENG 설명", "the Korean intro", "영어로 뭐라고"), and whether a text writes a run of a
language. The answer stage (``answer/crosslang.py``, which says how the answer uses it) and
retrieval (``retrieve/twins.py``) both read it, so it sits below both.
"""

from __future__ import annotations

import re

from notelens.analysis.lang import is_korean

# The text a question reads in a language: its version, a part of the note, its wording.
_KO_PARTS = r"버전|설명|소개|원문|문장|부분|쪽|섹션|요약|노트|판|본문|목록|항목|제목|이름"
_EN_PARTS = (
    r"version|intro(?:duction)?|section|text|description|summary|notes?|overview|part"
    r"|wording|translation|original|name|heading|title|term|sentence"
)
# "영어 버전", "영문 소개", "영어로 된 설명", "영어로 뭐라고", "English intro", "in English".
_ASKED: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        rf"(?:영어|영문)\s*(?:로\s*된\s*)?(?:{_KO_PARTS})"
        r"|(?:영어|영문)\s*(?:으로|로)\s*(?:뭐|무엇|어떻게|뭘)"
        # ("ENG 설명", "the ENG section": the marker of a folded English block; "ENG 팀"
        # is a team.)
        rf"|(?<![A-Za-z])ENG\s*(?:{_KO_PARTS}|section|part|version)"
        rf"|\bEnglish\s+(?:{_EN_PARTS})\b|\bin English\b(?!\s+[A-Za-z])",
    ),
    "ko": re.compile(
        rf"(?:한국어|한글|국문)\s*(?:로\s*된\s*)?(?:{_KO_PARTS})"
        r"|(?:한국어|한글)\s*(?:으로|로)\s*(?:뭐|무엇|어떻게|뭘)"
        rf"|\bKorean\s+(?:{_EN_PARTS})\b|\bin Korean\b(?!\s+[A-Za-z])",
    ),
}


# A run of the language in a unit: four Latin words in a row (a Korean line writes its
# English terms one or two at a time: "Clinical LLaMA-LoRA와 Downstream LLaMA-LoRA를"), or
# two Hangul words in a row. A bilingual line ("LLM의 예외적 행동 사례 분석 (Analysis of
# Exceptional LLM Behavior)") holds both.
_RUNS: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"[A-Za-z][\w'’.-]*(?:[\s,:;]+[A-Za-z][\w'’.-]*){3,}"),
    "ko": re.compile(r"[가-힣]+\s+[가-힣]+"),
}


def holds_language(lang: str, text: str) -> bool:
    """Whether ``text`` writes a run of ``lang`` (see :data:`_RUNS`)."""
    return _RUNS[lang].search(text) is not None


def asked_language(question: str) -> str | None:
    """The language ("en" or "ko") of the note text ``question`` asks to quote, when it
    names it and it is not the question's own language; else None."""
    other = "en" if is_korean(question) else "ko"
    return other if _ASKED[other].search(question) else None


__all__ = ["asked_language", "holds_language"]
