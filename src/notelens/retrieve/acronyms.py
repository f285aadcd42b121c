"""What an acronym stands for, wherever the notes spell it out (read by the search, which
puts a passage spelling out the asked acronym first, and by ``answer/expansions.py``).

People ask for an acronym's long form in a handful of ways ("SAIL 약자 뭐야?", "RLHF는 뭐의
약자야?", "PEFT 풀네임", "What does GQA stand for?", "What is SFT short for?", "the full
form of MoE"), and notes write it in as many: after the name with a colon or a dash (a
paper title "SAIL: Search-Augmented Instruction Learning"), in parentheses after it
("SFT(Supervised Fine-Tuning)") or before it ("Retrieval-Augmented Generation (RAG)"), or
in a sentence ("X는 … 의 약자", "X stands for …"). The scorer reads none of these as
the answer: the long form shares no word with the question, so the best unit is any line
that names the acronym.

:func:`asked_acronym` reads the acronym a question asks to expand; :func:`expands`
tells a text that spells it out, its long form checked letter by letter (each word's
initial, or a camel-case word's capitals, in order; small words such as "of" may be
skipped), so that "SAIL: a new benchmark" is not read as one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# The acronym: letters (a capital among them) and digits, 2-10 characters ("SAIL",
# "RLHF", "MoE", "NF4", "GPT-4" is a name, not an acronym: no hyphen).
_ACR = r"(?<![A-Za-z0-9-])(?P<acr>(?=[A-Za-z0-9]*[A-Z])[A-Za-z][A-Za-z0-9]{1,9})(?![A-Za-z0-9-])"
_ASKED_RE = (
    # "SAIL 약자 뭐야?", "RLHF는 뭐의 약자야?", "RLHF가 무슨 약자", "PEFT 풀네임", "MoE 풀어서",
    # "GQA의 full name", "SFT 원래 이름".
    re.compile(
        _ACR + r"(?:은|는|이|가|의|을|를)?\s*(?:뭐의\s*|무엇의\s*|무슨\s*|어떤\s*(?:말|단어)의\s*)?"
        # "RLHF를 한국어로 풀어서", "SFT 영어로 풀면": the long form asked in a language.
        r"(?:(?:한국어|한글|우리말|영어|영문)(?:으로|로)\s*)?"
        r"(?:약자|약어|줄임말|풀네임|풀\s*네임|full\s*name|full\s*form|풀어서|풀면|풀어\s*쓰면|원래\s*이름)"
    ),
    # "What does GQA stand for?", "What is SFT short for?", "SAIL stands for?".
    re.compile(
        _ACR + r"\s+(?i:stands?|stood)\s+for\b"
        r"|\b(?i:what)\s+(?:is|was)\s+" + _ACR.replace("acr", "acr2") + r"\s+short\s+for\b",
    ),
    # "the full name / full form / expansion of MoE", "expand PEFT".
    re.compile(
        r"\b(?i:full\s+(?:name|form)|long\s+form|expansion)\s+of\s+(?:the\s+)?"
        + _ACR
        + r"|\b(?i:expand)\s+"
        + _ACR.replace("acr", "acr2"),
    ),
)
# Small words a long form may hold that its acronym leaves out ("Reinforcement Learning
# from Human Feedback" -> RLHF).
_SMALL = frozenset(
    {"of", "for", "from", "and", "the", "to", "in", "on", "with", "by", "a", "an", "via", "at"}
)
# The long form's end: a closing parenthesis, a sentence's end, a Korean particle or a
# bracketed year ("… Learning(2023)").
_STOP_RE = re.compile(r"[()\[\]\"“”.,;|·<>]|\s(?:은|는|이|가|을|를|의|로|으로|에)\s|$")
#: The most words a long form is read over.
MAX_WORDS = 10


def asked_acronym(question: str) -> str | None:
    """The acronym a question asks the long form of (as the question writes it), or
    None."""
    for rx in _ASKED_RE:
        m = rx.search(question)
        if m:
            return next(g for g in (m.groupdict().get("acr"), m.groupdict().get("acr2")) if g)
    return None


def _initials(word: str) -> str:
    """A word's letters as an acronym reads them: its capitals when it is camel case
    ("NormalFloat" -> "nf"), else its first letter."""
    caps = re.findall(r"[A-Z]", word)
    if len(caps) > 1 and not word.isupper() and word[0].isupper():
        return "".join(caps).lower()
    return word[0].lower()


def spells(acronym: str, words: Sequence[str]) -> bool:
    """Whether ``words`` spell ``acronym`` out: their initials, small words skipped or
    not, are the acronym's letters (its digits dropped: "NF4" from "NormalFloat")."""
    want = re.sub(r"[^a-z]", "", acronym.lower())
    parts = [p for w in words for p in re.split(r"-", w) if p and p[0].isalpha()]
    if not parts or len(parts) > MAX_WORDS:
        return False
    full = "".join(_initials(p) for p in parts)
    short = "".join(_initials(p) for p in parts if p.lower() not in _SMALL)
    return want in (full, short)


def _after(acronym: str, rest: str) -> bool:
    """Whether ``rest``, what follows the acronym, opens with its long form: after a
    colon, a dash or an opening parenthesis, or "stands for" / "은(는) … 의 약자"."""
    m = re.match(r"\s*(?:[:：]|[—–-]\s|\(|\s(?:stands\s+for|is\s+short\s+for))\s*", rest)
    if m is None:
        return False
    body = _STOP_RE.split(rest[m.end() :], maxsplit=1)[0]
    words = body.split()
    # The long form may be followed by more ("SAIL: Search-Augmented Instruction
    # Learning for …"): any run of its first words that spells the acronym.
    return any(spells(acronym, words[:n]) for n in range(1, min(len(words), MAX_WORDS) + 1))


def _before(acronym: str, head: str) -> bool:
    """Whether ``head``, what precedes "(acronym)", ends with its long form."""
    words = _STOP_RE.split(head[::-1], maxsplit=1)[0][::-1].split()
    return any(spells(acronym, words[-n:]) for n in range(1, min(len(words), MAX_WORDS) + 1))


def _ko_sentence(acronym: str, text: str, at: int) -> bool:
    """ "X는 Long Form의 약자": the words between the particle and "의 약자" spell it."""
    m = re.match(r"(?:은|는|이란|란)?\s+(.{2,80}?)\s*의\s*(?:약자|약어|줄임말)", text[at:])
    return m is not None and spells(acronym, m.group(1).split())


def expands(acronym: str, text: str) -> bool:
    """Whether ``text`` spells ``acronym`` out in one of the ways notes write it (see the
    module docstring)."""
    # (A Korean particle may follow the acronym: "PEFT는 … 의 약자".)
    for m in re.finditer(rf"(?<![A-Za-z0-9-]){re.escape(acronym)}(?![A-Za-z0-9-])", text, re.I):
        rest, head = text[m.end() :], text[: m.start()]
        if _after(acronym, rest) or _ko_sentence(acronym, text, m.end()):
            return True
        if (
            re.match(r"\s*\)", rest)
            and re.search(r"\(\s*$", head)
            and _before(acronym, re.sub(r"\(\s*$", "", head))
        ):
            return True
    return False


__all__ = ["MAX_WORDS", "asked_acronym", "expands", "spells"]
