"""The language of the note text a question asks to quote, when it names it.

Notes kept in two languages write the same passage twice ("… 저장소입니다." then, under
"ENG", "This repository is dedicated to …"; "LLM 애플리케이션 리뷰 (Reviews of LLM
applications)"), and a question over such notes often names the version it reads: "영어
버전 Note에는 뭐가 있을 수 있다고 해?", "ENG 설명에서 …", "영문 소개에서 …", "… 영어로 뭐라고
써놨어?", "How does the Korean overview note define …?", "What is the Korean name of …?".
Its words are then the other language's (a Korean question over an English sentence):
the unit that answers shares few of them, and a unit of the question's own language that
restates the question wins on overlap. A question that names the other language's
version is read as asking for a unit written in that language:

* the unit scorer adds ``W_ASKED_LANGUAGE`` to such a unit (``candidates._asked_language``);
* the refusal signal keeps no lexical penalty over it (``strength._lexical``): the
  question itself says it reads across languages, as a terse note line in the other
  language does (``languages_asked.written_across``).

Only the language the question is not written in is read so (a Korean question naming
"한국어 버전" of a dataset asks about the data, and every unit it would favour is already
in its language), and only as a version of the text (a note, an intro, a section, a
description, a name, the wording "영어로 뭐라고"): "영어 음성은 몇 시간", "Korean QA
accuracy" name a language as data (``answer/languages_asked.py``).
"""

from __future__ import annotations

import re

from notelens.answer.evidence import is_korean

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


# The marker of a note's other-language block ("ENG", a folded section's title): the
# language the question reads, no entity the quoted unit must name.
_MARKER_RE = re.compile(r"(?<![A-Za-z])ENG(?![A-Za-z])")


def without_marker(question: str) -> str:
    """``question`` without the "ENG" block marker it names as the language it reads
    (a Latin word no unit of that block repeats, read as a missing name otherwise)."""
    return _MARKER_RE.sub(" ", question) if asked_language(question) == "en" else question


def in_asked_language(question: str, text: str) -> bool:
    """Whether ``text`` is written in the language :func:`asked_language` reads."""
    lang = asked_language(question)
    return lang is not None and holds_language(lang, text)


__all__ = ["asked_language", "holds_language", "in_asked_language", "without_marker"]
