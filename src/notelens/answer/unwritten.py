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
  are left out: there every word is lowercase and a paraphrase changes them. (An
  English question naming a Korean title, "What time of day are the 거꾸로 읽는 SSL
  season 4 sessions held?", is read as Korean: its English words are checked against
  the Korean notes through their translations. Reading it as English was tried in the
  twenty-third round and answered one more unanswerable question, refusing no fewer
  right ones.)

A question's word is written by the evidence's longer word it begins as well: askers
shorten a term the notes spell out ("dedup" for "deduplication", "quant" for
"quantization"), as notes shorten one the question spells out ("grad" for "gradient").

The evidence strength is scaled by ``1 - UNWRITTEN_PENALTY`` when any is unwritten and
the best unit is a note unit (bullet, row, definition line, title; not a prose sentence:
docs/benchmarks.md "Refusals, twelfth round").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from notelens.analysis.lang import has_hangul
from notelens.analysis.loanwords import sounds_alike
from notelens.analysis.particles import trailing_particle
from notelens.answer.layout_words import names_layout
from notelens.answer.ordinal_items import EN_PLACES

#: A question's number or term that no top passage writes takes a full strength near the
#: threshold (0.36) and a typical one below it: half, as ``entry_factor``'s
#: ``ENTRY_PENALTY`` for another entry's unit. Chosen on the odd ids of every notes set
#: (and KorQuAD 1-1000, XQuAD 1-300 + odd 301-1190), checked on the even ids.
UNWRITTEN_PENALTY = 0.5

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
# The English words that cite where the notes say a fact, not what they say ("per the
# GQA summary", "according to the 개요 note", "what's listed under 관련 링크"): an
# English question over Korean notes writes them around the name of the note, no passage
# writes them, and a near miss reads no differently from a right answer by them (as the
# layout words, answer/layout_words.py; twenty-seventh round).
CITING_WORDS = frozenset({"per", "according", "listed", "mentioned", "says", "stated"})
# "What does SFT stand for?": the frame of an acronym's expansion, which the notes write
# as the expansion itself ("SFT (Supervised Fine-Tuning)"), never with "stand".
_EXPANSION_RE = re.compile(r"\b(stands?)\s+for\b", re.I)
# A translation shorter than two syllables is too common a piece of other words to be
# looked for in the text ("주" in "주의").
_MIN_WRITTEN_TRANSLATION = 2


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
    if not has_hangul(question):
        return []
    return [
        w.lower()
        for w in (m.group() for m in _TERM_RE.finditer(question))
        if len(w) >= _MIN_TERM and w.islower()
    ]


# The Korean word right after a number, one space allowed ("1024 토큰으로", "1,024차원"):
# its measure, once a trailing particle is cut off.
_MEASURE_RE = re.compile(r"\s?([가-힣]+)")
_PARTICLE_RE = trailing_particle(
    *("에서", "도", "만", "과", "와", "까지", "부터", "보다", "이나", "나", "쯤", "씩")
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


# -- the number a question conditions on, in the quoted units ----------------------------------

# What follows a number that makes it no condition on the quoted fact: a date or a time
# ("2025년", "10월", "3주차", "9/22", "14:00"; the heading path answers when), an ordinal
# or a rank ("1위", "2번째", "3차"), or a threshold the fact is compared with ("30% 이상",
# "64명 넘는", "8B보다"): the unit writes the fact's own number, not the bound.
_NOT_CONDITION_AFTER_RE = re.compile(
    r"\s?(?:%|퍼센트)?\s?(?:년|월|일|주차|주|시|분기|차|회|기|위|등|번째|째|번|[/:]"
    r"|이상|이하|넘|초과|미만|이내|보다|대비|전후)"
)
# What before a number makes it no condition: an English bound or date ("over 30%",
# "more than 8", "in 2024", "on May 12"), or a name or counter the number belongs to
# ("Llama 3", "Quiet Rank 2", "season 4", "시즌3", "버전 2": the member's number, read by
# answer/members.py and answer/unqualified.py, which heading paths write).
_NOT_CONDITION_BEFORE_RE = re.compile(
    r"(?:\b(?:over|above|below|under|than|least|most|beyond|within|in|on|since|by|until"
    r"|from|to|before|after|week|season|session|version|step|round|part|chapter|epoch)"
    r"|[/:]|시즌|주차|버전|회차|기수|번째)\s?$"
    # (a name: a word with a capital, "Llama 3", "Kestrel-MoE 2"; case-sensitive)
    r"|(?-i:\b[\w-]*[A-Z][\w-]*)\s$",
    re.I,
)
# A one-digit number is often written as a word, a cardinal or an ordinal ("두 단계",
# "three heads", "세 가지", "a second stage" for "2단계").
_DIGIT_WORDS: dict[str, str] = {
    "1": r"한|하나|첫|one|single|first",
    "2": r"두|둘|two|twice|both|second",
    "3": r"세|셋|three|third",
    "4": r"네|넷|four|fourth",
    "5": r"다섯|five|fifth",
    "6": r"여섯|six|sixth",
    "7": r"일곱|seven|seventh",
    "8": r"여덟|eight|eighth",
    "9": r"아홉|nine|ninth",
}
_YEAR_RE = re.compile(r"(?:19|20)\d\d")


def condition_numbers(question: str) -> list[str]:
    """The numbers ``question`` conditions its fact on ("head를 8개 쓰면", "1024 토큰으로
    했을 때", "with 4 GPUs"), one digit or more, written on their own (not a name's:
    "GPT-4", "v2", "32k"); not a date, a time, a year, an ordinal or a bound (see
    :data:`_NOT_CONDITION_AFTER_RE`)."""
    out: list[str] = []
    for m in _Q_NUMBER_RE.finditer(question):
        if (
            _YEAR_RE.fullmatch(m.group())
            or _NOT_CONDITION_AFTER_RE.match(question, m.end())
            or _NOT_CONDITION_BEFORE_RE.search(question[: m.start()])
        ):
            continue
        out.append(_number_key(m.group()))
    return out


def condition_unwritten(question: str, quoted: str) -> list[str]:
    """The question's :func:`condition_numbers` that the quoted units (``quoted``: their
    text, contexts and heading paths) do not write with the question's measure: the
    units answer for another setting of the same entry ("Halla-13B-Chat에서 speed-up
    2.0배" for "head를 8개 쓰면 speed-up은?"). Unlike :func:`unwritten`, over the quoted
    units rather than every top passage, and with one-digit numbers: another passage
    writing an 8 makes no 8 of this unit."""
    asked = condition_numbers(question)
    if not asked:
        return []
    written = _written_numbers(question, quoted)
    low = quoted.lower()
    return [
        n
        for n in asked
        if n not in written
        and not (n in _DIGIT_WORDS and re.search(rf"(?<![a-z가-힣])(?:{_DIGIT_WORDS[n]})", low))
    ]


def unstated_condition(question: str, unit_text: str, context: str) -> bool:
    """Whether the quoted note units (``unit_text``, one per line; ``context``: their
    heading paths and contexts) leave out a number the question conditions on
    (:func:`condition_unwritten`). Prose is left alone, as by :func:`unwritten_factor`:
    a paragraph spells its numbers and states its conditions in the sentences around
    ("223계는 … 몇 개를 탑재" over a sentence of the 223 series' article that says "이
    차량은"); a quoted line that ends as a statement (``units.reads_as_sentence``) is
    prose."""
    from notelens.answer.units import reads_as_sentence

    lines = [t for t in unit_text.splitlines() if t.strip()]
    if not lines or any(reads_as_sentence(t) for t in lines):
        return False
    return bool(condition_unwritten(question, f"{unit_text}\n{context}"))


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
    """Whether ``word`` and one of ``words`` (the evidence's) are one term, either the
    shortening of the other ("grad" / "gradient", "dedup" / "deduplication"): the
    shorter of four letters or more begins the longer."""
    return any(
        (len(w) >= _MIN_ABBREVIATION and word.startswith(w))
        or (len(word) >= _MIN_ABBREVIATION and w.startswith(word))
        for w in words
    )


def _translation_written(term: str, held: Callable[[str], bool], low_evidence: str) -> bool:
    """Whether a translation's analyzer ``term`` is among the passages' terms, or (a Korean
    one of two syllables or more) is written in their text: the analyzer drops a counter
    after a number ("11 주차" gives only "11"), which is how the notes write the "week"
    a question asks by."""
    return held(term) or (
        has_hangul(term) and len(term) >= _MIN_WRITTEN_TRANSLATION and term in low_evidence
    )


_HANGUL_WORD_RE = re.compile(r"[가-힣]+")
# The verbs asking which entry holds a topic ("covers", "covered"): the asked relation.
_HOLDING_RE = re.compile(r"cover(?:s|ed|ing)?")
# What an English question's quoted Korean name may take after it ("SSL 시즌4에서").
_NAME_PARTICLE_RE = trailing_particle("에서", "과", "와", "도", "까지", "부터", "처럼")


def _written_word(word: str, low_evidence: str) -> bool:
    """Whether ``low_evidence`` writes the Hangul ``word``, or the word less a particle."""
    stem = _NAME_PARTICLE_RE.sub("", word)
    return word in low_evidence or (len(stem) >= 2 and stem in low_evidence)


def quotes_korean_names(question: str, low_evidence: str) -> bool:
    """Whether every Hangul word of ``question`` (one at least) is written in the evidence
    (``low_evidence``, lowercased): the question quotes the Korean notes' names ("In the
    거꾸로 읽는 SSL study, besides a method's features, what …?", "Which empty section of
    논문 정리 comes right after …?") and asks in another language. A question asked in
    Korean writes its own words around an English term ("뭐야", "알려줘", "누가 발표해"),
    which no passage writes."""
    words = _HANGUL_WORD_RE.findall(question)
    return bool(words) and all(_written_word(w, low_evidence) for w in words)


def _sounded(word: str, hangul: Iterable[str]) -> bool:
    """Whether a Hangul word of the evidence (``hangul``) is a Korean spelling of the
    English ``word`` ("메소드" for "method": analysis/loanwords.py ``sounds_alike``): the
    notes write the term by its sound rather than by a translation the lexicon knows."""
    # (Two syllables at least: one syllable is a piece of too many words, "읽" / "year".)
    return len(word) >= _MIN_ABBREVIATION and any(
        len(h) >= _MIN_WRITTEN_TRANSLATION and sounds_alike(h, word) for h in hangul
    )


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
    quoting = quotes_korean_names(question, low)
    hangul = frozenset(_NAME_PARTICLE_RE.sub("", w) or w for w in _HANGUL_WORD_RE.findall(evidence))
    for word in words:
        # ("… 다음 bullet은?", "어느 section 밑에 있어?", "the 개요 note's LLM 방향성
        # list": a word of the notes' layout, which no passage writes, in a right answer's
        # as in a near miss's: answer/layout_words.py, twenty-sixth round.)
        if (
            names_layout(word)
            or word in CITING_WORDS
            or word in {m.lower() for m in _EXPANSION_RE.findall(question)}
            or word in glued
            or name_present(word, low)
            or _abbreviated(word, latin)
        ):
            continue
        terms = list(terms_of(word))
        if not terms or any(
            held(t) or any(_translation_written(a, held, low) for a in alternatives.get(t, ()))
            for t in terms
        ):
            continue
        # An English question quoting the Korean notes' names (:func:`quotes_korean_names`)
        # writes its own frame in English ("besides", "comes right after", "calls itself",
        # "looks like"): a word the lexicon has no Korean for could be written in Korean
        # notes by no test here, in a right answer's as in a near miss's, so only the
        # words it translates are read (a near miss's "sessions start", "year") and the
        # place of a list's item ("the first paper under Reviews" of an empty section,
        # "the sixth direction" of five; twenty-eighth round).
        # (A word asking which entry holds a topic stays read: "Which season of 거꾸로 읽는
        # SSL covered diffusion models?" over season links that name no topic is the near
        # miss, realq6 xu16; "Which week … covers X?" is answered by X's row.)
        if (
            quoting
            and word not in EN_PLACES
            and not _HOLDING_RE.fullmatch(word)
            and not any(alternatives.get(t) for t in terms)
        ):
            continue
        if _sounded(word, hangul):
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
