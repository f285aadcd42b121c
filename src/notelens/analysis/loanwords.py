"""Names written in Hangul that the notes write in Latin letters (친칠라 / Chinchilla).

Korean users type a model's or a lab's name as it sounds ("친칠라 논문은 누가 발표했어?",
"미스트랄 7B", "클로드랑 제미나이 비교"), while the notes keep the Latin spelling
("Training Compute-Optimal … (Chinchilla, …)"). No lexicon lists every name, and the
analyzer sees two unrelated words. Korean loanword spelling (외래어 표기법) is regular
enough to compare the two by sound. Both words become a *sound*: their consonants as
classes and their vowels as five letters —

* Latin: ch/tch/j/z and a soft g -> J, sh/s/soft c/th -> S, ph/f/b/p/v -> P,
  c/k/q/hard g -> K, d/t -> T, l/r -> L, m, n, ng, h, x -> KS; the glides w/y drop; an r
  after a vowel and before a consonant or the end drops (Korean writes "Transformer"
  트랜스포머, "Gopher" 고퍼: its "er" is an ㅓ, o) in one variant and stays in another
  ("Orca" 오르카); vowel pairs read as one (au -> o as in 클로드, ee -> i, ai -> e), a final
  e after a consonant is silent;
* Hangul: the jamo's classes (ㅈ ㅉ ㅊ -> J, ㅅ ㅆ -> S, ㅂ ㅃ ㅍ -> P, ㄱ ㄲ ㅋ -> K,
  ㄷ ㄸ ㅌ -> T, ㄹ -> L; a final ㅅ is a t, a final ㅇ is ng) and its vowels (ㅓ -> o,
  ㅐ ㅔ -> e, glides dropped); the ㅡ Korean puts between consonants ("스트" for st) is
  no vowel.

Two words pair when their consonant classes agree in order (a class doubled next to itself
counts once: Chinchilla and 친칠라 are both J N J L) *and* their sounds are alike
(:data:`MIN_LIKENESS`; "얼마" and "Llama" share L M but not their vowels). Only a
capitalised Latin word, a name, is a candidate: a common word (모델 / model) is the
lexicon's to translate. An all-capital acronym (GPT, BM25) is spelled by its letters in
Korean (지피티), not by its sound, and is never one; nor is a key of one class (로라 / LoRA).

Search (``retrieve/searcher.py``) and the answer stage (``answer/extractive.py``) read a
question with such a name in the notes' spelling (:func:`latin_spelling`): the name is
then the question's own term everywhere a term counts — BM25, the units' scores, a table
row's lookup, the refusal's coverage.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from difflib import SequenceMatcher
from functools import lru_cache

from notelens.analysis.particles import CASE_PARTICLES

__all__ = [
    "MIN_LIKENESS",
    "hangul_sound",
    "latin_sounds",
    "latin_spelling",
    "loanword_pairs",
    "sounds_alike",
]

#: How alike two sounds must be (difflib's ratio) besides their consonant classes, and
#: for a short sound (:data:`SHORT` characters or fewer: two syllables), where one vowel
#: is a large share. Chosen on names and on the notes sets' Korean questions whose common
#: words share a name's classes (얼마 / Llama 0.75, 가을 / Goal 0.86, 도입 / Deep 0.86);
#: tests/unit/test_loanwords.py pins both sides.
MIN_LIKENESS = 0.8
MIN_LIKENESS_SHORT = 0.9
SHORT = 4

_S_BASE, _S_LAST = 0xAC00, 0xD7A3
# One character per consonant class ("G" is ng); vowels are lower case.
# Initial consonants in jamo order: ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ
_INITIAL = "KKNTTLMPPSS JJJKTPH"
# Final consonants in jamo order (first: none): ㄱ ㄲ ㄳ ㄴ ㄵ ㄶ ㄷ ㄹ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ
# ㅁ ㅂ ㅄ ㅅ ㅆ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ. A loanword's final ㅅ is a t (로봇, 넷).
_FINAL = " KKKNNNTLLLLLLLLMPPTTGTTKTP "
# Medial vowels in jamo order: ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ
# (ㅡ: none).
_MEDIAL = "aeaeoeoeoaeeouoeiu ii"

_LATIN_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
_HANGUL_RE = re.compile(r"[가-힣]+")
# Latin letters written onto a Hangul word, the rest of a name ("인스트럭트GPT"): two or
# more, as the notes write them (a single letter, "주얼리S", "몇m", ends too many words).
_LATIN_TAIL = re.compile(r"[A-Za-z]{2,}")
_MIN_CLASSES = 2
# A Hangul half glued to a Latin tail ("웹GPT", "애니메이트LCM") is anchored by that tail: a
# name of the texts must end on it too, so one consonant class is enough (웹 / Web) and the
# sounds need only be this alike (애니메이트 / Animate: Korean writes the "a" of "-ate" as
# 에이, 0.67).
_MIN_CLASSES_TAILED = 1
MIN_LIKENESS_TAILED = 0.6
# What a name takes after it in a question ("제미나이랑", "클로드는", "벤치마크야"): a
# particle or the copula's question endings. Longest first.
_PARTICLES = tuple(
    sorted(
        {
            *CASE_PARTICLES,
            *("에서", "랑", "이랑", "과", "와", "도", "보다", "처럼", "까지", "부터", "한테"),
            *("에게", "께서", "만", "이야", "야", "이에요", "예요", "이니", "니", "인가"),
            *("인가요", "이지", "지"),
        },
        key=lambda e: (-len(e), e),
    )
)
_VOWEL_PAIRS = {"au": "o", "aw": "o", "ee": "i", "ea": "i", "ie": "i", "oo": "u", "ou": "u"}
_VOWEL_PAIRS |= {"ai": "e", "ay": "e", "ei": "e", "ey": "e"}
_LATIN_CLASS = {
    "b": "P", "p": "P", "f": "P", "v": "P", "d": "T", "t": "T", "k": "K", "q": "K",
    "j": "J", "z": "J", "s": "S", "l": "L", "m": "M", "n": "N", "h": "H",
}  # fmt: skip


def _squeeze(sound: list[str]) -> str:
    """A consonant class repeated next to itself counts once (ll, 칠라's ㄹㄹ)."""
    out: list[str] = []
    for c in sound:
        if c.strip() and not (out and c.isupper() and out[-1] == c):
            out.append(c)
    return "".join(out)


def classes(sound: str) -> str:
    """A sound's consonant classes, a class repeated across vowels counted once."""
    out: list[str] = []
    for c in sound:
        if c.isupper() and (not out or out[-1] != c):
            out.append(c)
    return "".join(out)


@lru_cache(maxsize=4096)
def hangul_sound(word: str) -> str:
    """The sound of a Hangul word ("" when it holds a non-syllable)."""
    sound: list[str] = []
    for ch in word:
        code = ord(ch)
        if not _S_BASE <= code <= _S_LAST:
            return ""
        index = code - _S_BASE
        sound += [_INITIAL[index // 588], _MEDIAL[index % 588 // 28], _FINAL[index % 28]]
    return _squeeze(sound)


def _latin_sound(word: str, keep_r: bool, th: str) -> str:
    w = re.sub(r"['’-]", "", word.lower())
    sound: list[str] = []
    i = 0
    while i < len(w):
        ch, nxt = w[i], w[i + 1 : i + 2]
        two = w[i : i + 2]
        after = w[i + 2 : i + 3]
        step, out = 2, ""
        if w.startswith("tch", i):
            step, out = 3, "J"
        elif two in _VOWEL_PAIRS:
            out = _VOWEL_PAIRS[two]
        elif two == "ch":
            out = "J"
        elif two == "sh":
            out = "S"
        elif two == "th":
            out = th
        elif two == "ph":
            out = "P"
        elif two in ("ck", "qu", "gg"):
            out = "K"
        elif two == "gh":
            out = " "
        elif two == "ng" and after not in tuple("aeiou"):
            out = "G"
        else:
            step = 1
            if ch in "aeiou":
                # A final e after a consonant is silent; an e before a dropped r is ㅓ.
                silent = ch == "e" and i == len(w) - 1 and i > 0 and w[i - 1] not in "aeiou"
                r_drops = nxt == "r" and after not in tuple("aeiou") and not keep_r
                out = " " if silent else ("o" if ch == "e" and r_drops else ch)
            elif ch == "y":
                # between consonants a y is "ai" (PyTorch 파이토치, Hyper 하이퍼); a final
                # one after a consonant is "i" (study 스터디)
                after_consonant = i > 0 and w[i - 1] not in "aeiou"
                out = " " if not after_consonant else ("i" if not nxt else "ai")
            elif ch == "w":
                out = " "
            elif ch == "c":
                out = "S" if nxt in ("e", "i", "y") else "K"
            elif ch == "g":
                out = "J" if nxt in ("e", "i", "y") else "K"
            elif ch == "x":
                out = "KS"
            elif ch == "r":
                prev_vowel = i > 0 and w[i - 1] in "aeiou"
                out = "L" if keep_r or not prev_vowel or nxt in tuple("aeiou") else " "
            else:
                out = _LATIN_CLASS.get(ch, " ")
        sound.extend(out)
        i += step
    return _squeeze(sound)


@lru_cache(maxsize=16384)
def latin_sounds(word: str) -> frozenset[str]:
    """The sounds a Korean spelling of ``word`` may have: with and without a post-vocalic
    r, a "th" as ㅅ or ㄷ."""
    return frozenset(
        _latin_sound(word, keep_r, th) for keep_r in (False, True) for th in ("S", "T")
    )


def _candidate(word: str) -> bool:
    """A name a Korean spelling can stand for: capitalised, not an acronym, three letters
    or more."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 3 and word[0].isupper() and not all(c.isupper() for c in letters)


def _stems(word: str) -> list[str]:
    """The word less a trailing particle (when two syllables or more are left), then the
    word itself."""
    for p in _PARTICLES:
        if word.endswith(p) and len(word) - len(p) >= 2:
            return [word[: -len(p)], word]
    return [word]


def _noun(stems: list[str], content: Sequence[str]) -> str | None:
    """The stem of a question word that may be a name: the first of ``stems`` (the word
    less its particle, then the word) that a content term of the question is, or is all
    of but its last syllable (Kiwi reads "미스트랄" as 미스트, "제미나이" as 제미나); a term
    that is the whole word (Kiwi keeps an unknown name with its particle, "일렉트로보이즈와")
    names the word less its particle. None for a verb's or an adjective's form ("끓이는":
    its stem 끓이 is the term, and 끓이 is no name)."""
    word = stems[-1]
    for stem in stems:
        if any(
            t in (stem, word) or (stem.startswith(t) and len(t) == len(stem) - 1) for t in content
        ):
            return stem
    return None


# The vowels Korean writes for an English one, loosely: an a is ㅏ or ㅐ (Transformer
# 트랜스포머), an o or u is ㅗ, ㅜ or ㅓ; and an e is also ㅣ (Electro 일렉트로) and an i
# also ㅔ (NVIDIA 엔비디아).
_VOWEL_GROUP = {"a": "a", "e": "a", "i": "i", "o": "o", "u": "o"}


def _first_vowel(sound: str) -> str:
    return next((c for c in sound if c in _VOWEL_GROUP), "")


def _same_vowel(a: str, b: str) -> bool:
    return _VOWEL_GROUP.get(a) == _VOWEL_GROUP.get(b) or {a, b} == {"e", "i"}


# A word's first stop, told by voicing: Korean loanword spelling (외래어 표기법) writes a
# voiced b/v, d, hard g as the plain ㅂ ㄷ ㄱ (버트, 딥마인드, 고퍼) and a voiceless p/f/ph,
# t, k/c/q as the aspirated ㅍ ㅌ ㅋ (파이토치, 트랜스포머, 클로드), so a native word whose
# plain first consonant sounds like a voiceless name's is no spelling of it ("결론" and
# "Korean": a question's "conclusion" read as the notes' language, twenty-eighth round). The
# tense ㄲ ㄸ ㅃ (깃허브) and a "th" or "ch" are read either way.
_HANGUL_STOP = {
    0: "plain",
    3: "plain",
    7: "plain",
    15: "aspirated",
    16: "aspirated",
    17: "aspirated",
}
_LATIN_STOP = re.compile(r"(?P<plain>[bvd]|g(?![eiy]))|(?P<aspirated>p|f|k|q|c(?![eihy])|t(?!h))")


def _initials_agree(hangul: str, latin: str) -> bool:
    """Whether the first consonants of ``hangul`` and ``latin``, when both are stops, agree
    in voicing (plain with voiced, aspirated with voiceless)."""
    if not hangul or not _S_BASE <= ord(hangul[0]) <= _S_LAST:
        return True
    korean = _HANGUL_STOP.get((ord(hangul[0]) - _S_BASE) // 588)
    m = _LATIN_STOP.match(latin.lower())
    return korean is None or m is None or m.lastgroup == korean


def _alike(a: str, b: str, tailed: bool = False) -> bool:
    """Alike sounds: their first vowels alike (리딩 is no "Routing"), and alike as a whole
    (less so for a Hangul half glued to the Latin tail the name ends on: ``tailed``)."""
    if not _same_vowel(_first_vowel(a), _first_vowel(b)):
        return False
    least = MIN_LIKENESS_SHORT if min(len(a), len(b)) <= SHORT else MIN_LIKENESS
    if tailed:
        least = MIN_LIKENESS_TAILED
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= least


def sounds_alike(hangul: str, latin: str) -> bool:
    """Whether the Hangul word may be a Korean spelling of the Latin one: the same
    consonant classes in order and alike sounds."""
    sound = hangul_sound(hangul)
    return _initials_agree(hangul, latin) and any(
        classes(s) == classes(sound) and _alike(sound, s) for s in latin_sounds(latin)
    )


def loanword_pairs(
    question: str, texts: Iterable[str], terms: Callable[[str], Sequence[str]]
) -> list[tuple[str, str]]:
    """(Hangul word of ``question``, name in ``texts``) pairs that sound alike.

    Only a word that no text holds as written, in full or less a particle, is paired (one
    that is written matches by itself), and only by its noun: the first of its stems
    that a content term of the question covers (``terms``, the analyzer's: "누가" holds
    none, "끓이는" is a verb's form)."""
    if _HANGUL_RE.search(question) is None:
        return []
    corpus = list(texts)
    joined = "\n".join(corpus)
    # The question's words no text writes, with their stems' sounds: when none is left (the
    # texts write every word, or none is long enough to be a name) the candidates' Latin
    # words are not read at all.
    # per word: stems, their sounds, the Latin letters written right after it
    unwritten: list[tuple[list[str], dict[str, str], str]] = []
    for m in _HANGUL_RE.finditer(question):
        stems = _stems(m.group(0))
        after = _LATIN_TAIL.match(question, m.end())
        tail = after.group(0) if after else ""
        # A half glued to a tail is written when the texts write it glued ("웹GPT"): 웹
        # alone is in many a Korean line.
        if any(stem + tail in joined for stem in stems):
            continue
        least = _MIN_CLASSES_TAILED if tail else _MIN_CLASSES
        sounds = {stem: hangul_sound(stem) for stem in stems}
        sounds = {stem: s for stem, s in sounds.items() if len(classes(s)) >= least}
        if sounds:
            unwritten.append((stems, sounds, tail))
    if not unwritten:
        return []
    tails = {tail for _, _, tail in unwritten if tail}
    # classes -> (sound, name), per Latin tail ("": a whole word)
    by_classes: dict[str, dict[str, dict[tuple[str, str], None]]] = {}
    for text in corpus:
        for m in _LATIN_RE.finditer(text):
            word = m.group(0)
            # A name the question writes half in Hangul ("인스트럭트GPT", "오픈AI" for
            # InstructGPT, OpenAI): the Hangul half stands for the name less that tail.
            parts = [("", word)] + [(t, word[: -len(t)]) for t in tails if word.endswith(t)]
            for tail, name in parts:
                if _candidate(name):
                    for sound in latin_sounds(name):
                        heard_as = by_classes.setdefault(tail, {}).setdefault(classes(sound), {})
                        heard_as[(sound, name)] = None
    # per word: stems, names alike, whether glued to a tail
    heard: list[tuple[list[str], dict[str, list[str]], bool]] = []
    for stems, sounds, tail in unwritten:
        alike: dict[str, list[str]] = {}
        for stem, sound in sounds.items():
            whole = (
                by_classes.get("", {}).get(classes(sound), {})
                if len(classes(sound)) >= _MIN_CLASSES
                else {}
            )
            tailed = by_classes.get(tail, {}).get(classes(sound), {}) if tail else {}
            names = [
                w
                for known, loose in ((whole, False), (tailed, True))
                for s, w in known
                if _alike(sound, s, loose) and _initials_agree(stem, w)
            ]
            if names:
                alike[stem] = list(dict.fromkeys(names))
        heard.append((stems, alike, bool(tail)))
    if not any(alike for _, alike, _ in heard):
        return []
    # Only the word's noun may be a name (:func:`_noun`).
    content = [t for t in terms(question) if len(t) >= 2 and _HANGUL_RE.fullmatch(t)]
    found: dict[str, list[str]] = {}
    for stems, alike, glued in heard:
        # A half glued to a tail is a name's by itself (웹 of "웹GPT" is no term of two
        # syllables, and no particle comes between it and its tail).
        noun = stems[-1] if glued else _noun(stems, content)
        names = alike.get(noun, []) if noun is not None else []
        if noun is not None and names:
            found[noun] = names
    return [(stem, name) for stem, names in found.items() for name in names]


def latin_spelling(
    question: str, texts: Iterable[str], terms: Callable[[str], Sequence[str]]
) -> str:
    """``question`` with each Hangul name the ``texts`` write in Latin letters spelled as
    they write it ("친칠라 논문은 누가 발표했어?" -> "Chinchilla 논문은 누가 발표했어?"), its
    particles kept. Where one Hangul word sounds like several names, the one the texts
    write most often is taken; ``question`` unchanged when none pairs. ``terms``: the
    analyzer's terms of a text (see :func:`loanword_pairs`)."""
    corpus = list(texts)
    pairs = loanword_pairs(question, corpus, terms)
    if not pairs:
        return question
    joined = "\n".join(corpus)
    chosen: dict[str, str] = {}
    for stem, word in pairs:
        best = chosen.get(stem)
        if best is None or joined.count(word) > joined.count(best):
            chosen[stem] = word
    for stem, word in chosen.items():
        # Digits written onto the Hangul name ("라마2" for Llama 2) are set apart from it, as
        # the notes write a version ("Llama 2"), so that the name is a term by itself.
        at = re.search(rf"(?<![가-힣]){re.escape(stem)}", question)
        if at is not None:
            apart = " " if question[at.end() : at.end() + 1].isdigit() else ""
            question = question[: at.start()] + word + apart + question[at.end() :]
    return question
