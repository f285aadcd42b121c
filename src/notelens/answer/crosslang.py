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

# The reading itself lives in the analysis layer: retrieval reads it too
# (retrieve/twins.py brings a note's asked-language version into the hits).
from notelens.analysis.asked_language import asked_language, holds_language

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
