"""The language a question asks a figure in, and a unit that gives it in another.

Notes write a figure per language ("acceptance rate 영어 0.71, 한국어 0.63", "학습 데이터
1,200시간 한국어 방송 음성", "MIRACL-ko nDCG@10 74.2"). A question that asks the figure
in a language the notes do not give ("Medusa 일본어 acceptance rate", "Lipsync-TTS 학습에
영어 음성은 몇 시간?", "… on English MIRACL?") is answered by a unit about its subject
holding the sibling language's figure: every passage-level check passes. The languages
are siblings as the members of ``answer/members.py`` are (a size, a season): a unit that
names a language and none of the asked ones answers for another (twenty-first round).

The question's languages are read from its words only ("영어", "English", "일본어로"):
a code glued to a name ("Quill-Rerank-ko") is part of that name (``answer/variants.py``
reads it). The unit's are read from its words and from such codes ("MIRACL-ko",
"KoBEST"): there they say which language a figure is on.
"""

from __future__ import annotations

import re

from notelens.analysis.lang import hangul_share, has_hangul, script_counts

# One id per language, with its Korean word and English name (and adjective forms).
_WORDS: dict[str, tuple[str, ...]] = {
    "ko": ("한국어", "한국말", "korean"),
    "en": ("영어", "english"),
    "ja": ("일본어", "japanese"),
    "zh": ("중국어", "chinese", "mandarin"),
    "fr": ("프랑스어", "french"),
    "de": ("독일어", "german"),
    "es": ("스페인어", "spanish"),
}
_BY_WORD = {w: lang for lang, words in _WORDS.items() for w in words}
# (A Korean word may carry a particle or a compound's tail, "영어로", "한국어판": read as
# a prefix; an English name is a whole word.)
_KO_WORDS = [w for w in _BY_WORD if has_hangul(w)]
_EN_WORDS = [w for w in _BY_WORD if not has_hangul(w)]
_WORD_RE = re.compile(
    rf"(?<![가-힣])(?:{'|'.join(_KO_WORDS)})|(?<![A-Za-z])(?:{'|'.join(_EN_WORDS)})(?![A-Za-z])",
    re.I,
)
# A language code glued to a benchmark's or a split's name ("MIRACL-ko", "XNLI-en",
# "(ko)"), or the Korean prefix of a Korean benchmark ("KoBEST", "KoGSM").
_CODE_RE = re.compile(
    r"(?<=[A-Za-z0-9])[-_](ko|en|ja|zh|fr|de|es)(?![A-Za-z])|\((ko|en|ja|zh)\)"
    r"|(?<![A-Za-z])(Ko)(?=[A-Z])"
)


def question_languages(question: str) -> set[str]:
    """The languages the question names by word."""
    return {_BY_WORD[m.group(0).lower()] for m in _WORD_RE.finditer(question)}


def text_languages(text: str) -> set[str]:
    """The languages ``text`` names, by word or by a code on a name."""
    langs = question_languages(text)
    for m in _CODE_RE.finditer(text):
        langs.add((m.group(1) or m.group(2) or m.group(3)).lower())
    return langs


def other_language_only(question: str, unit_text: str, context: str = "") -> bool:
    """Whether the quoted ``unit_text`` names a language and none the question asks,
    nor does its ``context`` (heading path, entry title): the unit gives the figure in
    another language ("영어 0.71, 한국어 0.63" for "일본어 acceptance rate")."""
    asked = question_languages(question)
    if not asked:
        return False
    written = text_languages(unit_text)
    if not written:
        return False
    return not asked & (written | text_languages(context))


# A line written in the other language than the question, clearly: a Korean question's
# line with next to no Hangul and some Latin words (a line of digits, "2024 1/27 ~", is in
# no language), an English question's line mostly in Hangul (a mixed line, "reasoning
# 모델과 RL (7표)", shares the question's words where it has them).
_EN_LINE_MAX_SHARE = 0.1
_EN_LINE_MIN_LATIN = 4
_KO_LINE_MIN_SHARE = 0.6


def written_across(question: str, unit_text: str) -> bool:
    """Whether ``unit_text`` is written clearly in the other language than ``question``
    (see the thresholds above; a question is Korean as ``evidence.is_korean`` reads it)."""
    from notelens.answer.evidence import is_korean

    share = hangul_share(unit_text)
    if is_korean(question):
        return share <= _EN_LINE_MAX_SHARE and script_counts(unit_text)[1] >= _EN_LINE_MIN_LATIN
    return share >= _KO_LINE_MIN_SHARE


__all__ = ["other_language_only", "question_languages", "text_languages", "written_across"]
