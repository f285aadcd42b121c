"""Language of a text: ``ko``, ``en`` or ``mixed``, by script counts.

Counts Hangul syllables/jamo against Latin letters. Korean notes routinely carry
English terms ("LoRA를 쓰면 ..."), so a text is ``ko`` only when Latin letters are a
small share; ``en`` when Hangul is (nearly) absent; ``mixed`` otherwise.
"""

from __future__ import annotations

import re

from notelens.types import Lang

# Shares were picked by looking at the notes samples: a Korean sentence with one or
# two English terms stays "ko"; a bilingual line with whole English clauses is "mixed".
_KO_MAX_LATIN_SHARE = 0.35
_EN_MAX_HANGUL_SHARE = 0.05


def _is_hangul(ch: str) -> bool:
    o = ord(ch)
    return 0xAC00 <= o <= 0xD7A3 or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F


# Hangul syllables only: a question or a line is Korean when it writes syllables; the
# answer modules asked this with a pattern of their own each.
_SYLLABLE_RE = re.compile(r"[가-힣]")
_SYLLABLES_RE = re.compile(r"[가-힣]+")


# The final consonants (jongseong) of a Hangul syllable, in the order Unicode composes
# syllables with them (index 1..27; 0 is an open syllable).
_FINALS = "ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"


def final_consonant(syllable: str) -> str:
    """The final consonant of a Hangul syllable as a compatibility jamo ("ㄴ" of "은",
    "ㄹ" of "쓸"), or "" for an open syllable or anything that is not one syllable. A
    verb's modifier ending closes its last syllable with ㄴ or ㄹ ("넣은", "간다는", "쓸")."""
    if len(syllable) != 1 or not "가" <= syllable <= "힣":
        return ""
    index = (ord(syllable) - 0xAC00) % 28
    return _FINALS[index - 1] if index else ""


def has_hangul(text: str) -> bool:
    """Whether ``text`` writes a Hangul syllable."""
    return _SYLLABLE_RE.search(text) is not None


def is_hangul_word(text: str) -> bool:
    """Whether ``text`` is Hangul syllables only (a Korean word form, no Latin or digits)."""
    return _SYLLABLES_RE.fullmatch(text) is not None


def script_counts(text: str) -> tuple[int, int]:
    """(hangul characters, latin letters) in ``text``."""
    hangul = latin = 0
    for ch in text:
        if _is_hangul(ch):
            hangul += 1
        elif ("a" <= ch <= "z") or ("A" <= ch <= "Z"):
            latin += 1
    return hangul, latin


def hangul_share(text: str) -> float:
    """Share of the letters that are Hangul, a Latin letter counting a third (about one
    syllable's worth of text, as :func:`detect_lang` weighs it); 0.0 for text with no
    letters."""
    hangul, latin = script_counts(text)
    total = hangul + latin / 3
    return hangul / total if total else 0.0


# A text is "Korean" when a third of its letters are Hangul: notes write Korean with
# English terms, and such a text is still read as Korean.
KOREAN_SHARE = 0.3


def is_korean(text: str) -> bool:
    """Whether ``text`` reads as Korean (see :data:`KOREAN_SHARE`)."""
    return hangul_share(text) >= KOREAN_SHARE


def detect_lang(text: str) -> Lang:
    """Classify ``text``; text with no letters at all counts as ``en``."""
    hangul, latin = script_counts(text)
    total = hangul + latin
    if total == 0 or hangul / total <= _EN_MAX_HANGUL_SHARE:
        return "en"
    # Latin letters are ~3x denser per word than Hangul syllables, so weigh them down.
    latin_share = (latin / 3) / (hangul + latin / 3)
    if latin_share <= _KO_MAX_LATIN_SHARE:
        return "ko"
    return "mixed"
