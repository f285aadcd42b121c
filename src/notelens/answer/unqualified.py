"""Refusal signal of a unit that names the family, not the asked member.

A question names one release of a named thing by its number — "Sparse Echo 2",
"RefuseBench v2", "Tamna-2" — and the best unit is about the unnumbered one: the
schedule row "Paper: Sparse Echo: KV Cache Eviction by Attention Echo", the bullet under
the "RefuseBench: Measuring Over-Refusal" entry. Every word of the question but the
number is there, so coverage and cosine are high; ``members.sibling_only`` sees no
sibling because the unit writes no number of that counter at all, and
``refusal.qualifier_factor`` none because another top passage writes the numbered name.

:func:`numbered_missing` reads the unit (its text, context and heading path): it never
writes the name with the asked number. ``members.member_factor`` counts it as a
sibling's answer (``SIBLING_PENALTY``): the unnumbered name is the numbered one's
predecessor or family, as "v1.0" is "v1.1"'s; a unit naming neither is another entry's
(a schedule row "Paper: Sparse Echo 2" for "Who presents the Tamna-2 paper at the
Tuesday Reading Group?", found by the group's name). On the five notes sets no answerable
question is refused by it (docs/benchmarks.md "Refusals, thirteenth round").
"""

from __future__ import annotations

import re

# A capitalised Latin name (one to three words, spaced or hyphenated: "Sparse Echo",
# "RefuseBench", "Llama Guard", "Hangul-Math") with its release number: glued or
# hyphenated ("Tamna-2", "Qwen2.5"),
# after a "v" ("RefuseBench v2", "Relay v1.1"), or after a space when a Korean particle,
# punctuation, the end or a lowercase or Korean word follows ("Sparse Echo 2 in …",
# "Sparse Echo 2의", "Sparse Echo 2 논문"; "LoRA 3 LINE SUMMARY" names no release, "GPU
# 8장" a count). The number is short (one or two digits glued, one digit or a dotted
# one after a space): "MMLU 70은", "Top 100" are a score and a count, not a release.
# A count with its Korean counter may follow the number ("Llama Guard 2 3줄 요약").
_NAMED_RE = re.compile(
    r"(?<![\w.-])(?P<name>[A-Z][A-Za-z]+(?:[ -][A-Z][A-Za-z]+){0,2})"
    r"(?:(?:-|\s?[vV])(?P<glued>\d{1,2}(?:\.\d+)?)(?![A-Za-z0-9.])"
    r"|(?<=[a-z])(?P<attached>\d{1,2}\.\d+)(?![A-Za-z0-9.])"
    r"| (?P<spaced>\d(?:\.\d+)?)"
    r"(?=(?:은|는|이|가|을|를|의|에서|에|와|과|로|도)?(?:$|[?,!:.)]| [a-z가-힣]| \d+\s?[가-힣])))"
)
# A counter a note writes between a name and its member's number ("거꾸로 읽는 SSL 시즌4"
# for "the SSL 4 table", "RefuseBench v2", "Llama version 3", "Series Part 2"): the same
# member, its number read with the counter the asker left out (twenty-sixth round).
COUNTER_BEFORE = r"(?:[vV](?:ersion\s?)?|[Ss]eason\s?|시즌\s?|[Pp]art\s?)"
#: The counters of a series' members ("Week 9", "Season 2"), which ``refusal.qualifiers``
#: leaves to answer/indexed.py as well.
SERIES_COUNTERS = frozenset({"season", "week", "session", "chapter", "step", "phase", "day"})
# Words that name a counter or a date, not a release: their numbers are
# ``members.py``'s members ("Season 2", "Week 3") or days ("October 20").
NOT_NAMES = frozenset(
    SERIES_COUNTERS
    | {"version", "part"}
    | {"january", "february", "march", "april", "may", "june", "july", "august"}
    | {"september", "october", "november", "december", "top", "table", "figure"}
)


# An English question's capitalised function words are no part of a name ("Which Llama
# 3 sizes …" names "Llama 3").
_FUNCTION_WORDS = frozenset(
    {"which", "what", "who", "whom", "whose", "when", "where", "why", "how", "is", "are"}
    | {"was", "were", "do", "does", "did", "the", "a", "an", "in", "on", "at", "for", "of"}
    | {"and", "or", "can", "could", "should", "would", "will", "has", "have", "had", "to"}
)


def numbered_names(question: str) -> list[tuple[str, str]]:
    """The question's (name, release number) pairs: "Sparse Echo 2" -> ("Sparse Echo",
    "2"), "RefuseBench v2" -> ("RefuseBench", "2"), "Tamna-2" -> ("Tamna", "2")."""
    out = []
    for m in _NAMED_RE.finditer(question):
        words = m.group("name").split()
        while words and words[0].lower() in _FUNCTION_WORDS:
            words = words[1:]
        if not words or words[-1].lower() in NOT_NAMES:
            continue
        number = m.group("glued") or m.group("attached") or m.group("spaced")
        out.append((" ".join(words), number))
    return out


def numbered_missing(question: str, unit: str) -> bool:
    """Whether ``unit`` does not write one of the question's numbered names with its
    number (any spacing, hyphen or "v" between): it names the family only ("Sparse
    Echo: …" for "Sparse Echo 2") or another paper altogether (the "Sparse Echo 2" row
    for "the Tamna-2 paper": a schedule's row is found by the group's name)."""
    versioned = {m.group("glued") for m in _NAMED_RE.finditer(question) if _V_RE.search(m.group())}
    for name, number in numbered_names(question):
        # The last word with the number is enough: "Meta Llama 3" is written "Llama 3",
        # "Sparse Echo 2" "SparseEcho-2" (no boundary before the word).
        word = re.escape(name.split()[-1])
        num = re.escape(number)
        if re.search(rf"{word}[\s\-_]?{COUNTER_BEFORE}?{num}(?![\d.])", unit, re.I):
            continue
        # A Korean note translates the name and keeps its "v" ("Jeju Speech Corpus v2"
        # written "제주어 음성 코퍼스 v2").
        if number in versioned and re.search(rf"[가-힣]\s?[vV]{num}(?![\d.])", unit):
            continue
        return True
    return False


# A release number written with its "v" ("Corpus v2", "RefuseBench v2").
_V_RE = re.compile(r"\s?[vV]\d")
