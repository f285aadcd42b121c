"""Signals of an answer unit beyond its lexical overlap: script and name coverage.

Two helpers the extractive scorer (``answer/extractive.py``) calls:

* :func:`is_korean` says which script a text is written in (by the analyzer's
  :func:`~notelens.analysis.lang.hangul_share`). Research notes mix Korean prose
  with English terms; a Korean question over an English bullet (or the reverse)
  shares few terms with the bullet that answers it, so such a *cross-language* unit is
  scored on the e5 cosine instead of the lexical overlap it cannot have;
* :func:`names_missing` is the share of the question's Latin names (model, paper,
  dataset: ``Qwen``, ``GSM8K``, ``A100``) that the chosen unit and its context (heading
  path, entry title, table header) do not name. A question about a fact *next to* one
  the notes hold ("the context length of Llama 3 405B", where the notes give Llama 3 8B)
  is answered by a unit about the neighbour: the neighbour's name is there, the asked
  one is not. That is the near-domain refusal signal the passage-level check misses.
"""

from __future__ import annotations

import re

# (is_korean and KOREAN_SHARE live in the analysis layer, which retrieval reads too.)
from notelens.analysis.lang import KOREAN_SHARE as KOREAN_SHARE
from notelens.analysis.lang import has_hangul
from notelens.analysis.lang import is_korean as is_korean


def name_present(name: str, text: str) -> bool:
    """Whether lowercased ``text`` holds ``name`` (lowercased) at a word start.

    Plural and possessive endings aside ("Ottomans" names the Ottoman), a long
    alphabetic name is found by its stem; other names must end at a word end, so
    "GPT-4" is not found in "GPT-4o". A numbered product in the plural ("A100s",
    "H100s") is found by its singular: notes count it with a counter ("A100 16장").
    """
    stem = name[: max(4, len(name) - 2)] if len(name) > 5 and name.isalpha() else name
    end = "" if stem != name else "(?![a-z0-9])"
    if re.fullmatch(r"[a-z]+\d+s", name):
        stem, end = name[:-1], "s?(?![a-z0-9])"
    if re.search(rf"(?<![a-z0-9]){re.escape(stem)}{end}", text) is not None:
        return True
    return typo_present(name, text) or translated_present(name, text) or series_present(name, text)


# A name glued to a series number ("SSL4", "season4"): letters, then one or two digits.
_SERIES_NAME_RE = re.compile(r"([a-z]{2,})(\d{1,2})")


def series_present(name: str, text: str) -> bool:
    """Whether lowercased ``text`` writes ``name``, a name glued to a series number, with
    the number as a counted member: "season4" as "시즌4" or "season 4", "SSL4" as "SSL
    시즌4" or "SSL 4" (the notes title a season "거꾸로 읽는 SSL 시즌4"; an asker glues
    the number to the name it counts). The member must be the same number: "SSL5" is not
    found in "SSL 시즌4" (twenty-ninth round)."""
    from notelens.answer.members import member_stated, members

    m = _SERIES_NAME_RE.fullmatch(name)
    if m is None:
        return False
    head, num = m.groups()
    if members(name):
        # The name is itself a counter and its number ("season4" -> ("4", "시즌")).
        return member_stated(name, text)
    # The name's letters, then its number (bare or as a counter's member) in one phrase.
    # (The counters written before a number: unqualified.COUNTER_BEFORE.)
    from notelens.answer.unqualified import COUNTER_BEFORE

    counted = rf"(?<![a-z0-9]){re.escape(head)}\s?{COUNTER_BEFORE}?{num}(?![\d.])"
    # (Not a week or a cohort counted after it: "SSL 4주차" is week 4 of the series.)
    counted += r"(?!\s?(?:주|기|회|차시|번|월|일|년))"
    return re.search(counted, text) is not None


def translated_present(name: str, text: str) -> bool:
    """Whether ``text`` writes a language's name the question capitalises in the other
    language ("Korean" as "한국어" in a Korean note's heading): such a word is no entity
    the notes lack. Only language names: English capitalises them anywhere, other
    general words only inside a title ("Large Language Models"), where they are part
    of the name and must be found as written."""
    from notelens.analysis.lexicon import LANGUAGE_NAMES, word_translations

    if name not in LANGUAGE_NAMES:
        return False
    return any(t in text for t in word_translations(name) if has_hangul(t[:1]))


# A name of at least this many letters is also found misspelt by one typo.
TYPO_MIN_CHARS = 5
_WORD_RE = re.compile(r"[a-z]+")


def typo_present(name: str, text: str) -> bool:
    """Whether lowercased ``text`` holds alphabetic ``name`` with one typo in it.

    Questions misspell names ("Beriods" for the passage's "Beroids", "Sentanta" for
    "Setanta", "ARPNET" for "ARPANET"); read exactly, the name is "absent" and the
    evidence strength drops as for a name the notes never mention. Only the typos of
    typing count: one letter dropped or added, or two neighbours swapped, with the
    first letter kept. A changed letter does not: "Mixtral" and "Mistral", "LLaMA" and
    "LLaVA" are different models.
    """
    if len(name) < TYPO_MIN_CHARS or not name.isalpha():
        return False
    return any(
        w[0] == name[0] and one_typo(name, w)
        for w in set(_WORD_RE.findall(text))
        if abs(len(w) - len(name)) <= 1
    )


def one_typo(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with one letter dropped or added, or two neighbours swapped."""
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    if len(long_) - len(short) != 1:
        return False
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


# An acronym the question writes in capitals ("RPO", "DPO", "RAG"): 3-6 letters (two
# letters spell too many word pairs). Its small words may be lower case ("MoE" for
# "Mixture-of-Experts", "CoT" for "Chain of Thought"): capitals with at most one small
# letter between or after them (twenty-fifth round: a note's entry titled "Scaling Sparse
# Mixture-of-Experts …" was read as lacking the question's "MoE").
_ACRONYM_RE = re.compile(
    r"(?<![A-Za-z0-9])(?=[A-Za-z]{3,6}(?![A-Za-z0-9]))[A-Z](?:[a-z]?[A-Z])+[a-z]?(?![A-Za-z0-9])"
)


def acronyms(question: str) -> frozenset[str]:
    """The question's acronyms of 3-6 letters (:data:`_ACRONYM_RE`), lowercased."""
    return frozenset(m.group().lower() for m in _ACRONYM_RE.finditer(question))


def acronym_present(acronym: str, text_lower: str) -> bool:
    """Whether lowercased ``text_lower`` spells ``acronym`` out: as many words in a row
    (space or hyphen between) as it has letters, each starting with its letter ("RPO"
    in "Iterative Reasoning Preference Optimization"). A note's heading writes the full
    name and its bullets or a question the short one; read literally, the name is
    absent from the very entry that holds it."""
    words = r"[\s\-]+".join(rf"{re.escape(c)}[a-z]+" for c in acronym)
    return re.search(rf"(?<![a-z0-9]){words}(?![a-z0-9])", text_lower) is not None


def named(name: str, text_lower: str, spelled: frozenset[str]) -> bool:
    """Whether lowercased ``text_lower`` names ``name`` (:func:`name_present`), or spells
    it out when it is one of the question's acronyms ``spelled`` (:func:`acronym_present`)."""
    return name_present(name, text_lower) or (name in spelled and acronym_present(name, text_lower))


def file_name(source: str) -> str:
    """The name of a passage's file when it is one word ("notes/README.md" -> "README"),
    else "": the name an asker calls a note by ("README 표에서 …", "In the README table,
    …"), which the note's own text seldom writes (twenty-sixth round). A name of several
    words ("lora-explained.md") names the note's topic, which its text writes itself."""
    stem = re.split(r"[/\\]", source.rstrip("/\\"))[-1].rsplit(".", 1)[0]
    return stem if re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", stem) else ""


# A repository's name as a note's title: a lowercase slug ("research-notes",
# "llm-paper-notes").
_SLUG_RE = re.compile(r"[a-z][a-z0-9]*(?:[-_][a-z0-9]+)+")


def front_page(heading: str) -> str:
    """ "README" when a passage's heading path starts with a repository's name (a lowercase
    slug, :data:`_SLUG_RE`), else "": the note is the repository's front page, which an
    asker calls its README ("research-notes README 주의 문구", "the English README"),
    a word its own text never writes (twenty-ninth round, as :func:`file_name` for a
    README.md)."""
    title = heading.split(">", 1)[0].strip()
    return "README" if _SLUG_RE.fullmatch(title) else ""


def document_names(source: str, heading: str) -> str:
    """The names an asker calls a passage's note by that its text need not write: its
    file's (:func:`file_name`) and a repository's front page's (:func:`front_page`)."""
    return f"{file_name(source)} {front_page(heading)}".strip()


def names_missing(question: str, text: str) -> float:
    """Share of the question's Latin names that ``text`` does not hold (0 if none); an
    acronym the question capitalises is also held by its spelled-out name."""
    from notelens.answer.grounding import latin_names

    names = latin_names(question)
    if not names:
        return 0.0
    low = text.lower()
    spelled = acronyms(question)
    return sum(not named(n, low, spelled) for n in names) / len(names)


def cross_units(question: str, texts: list[str]) -> list[bool]:
    """For each text, whether it is written in the other language than ``question``."""
    q_ko = is_korean(question)
    return [is_korean(t) != q_ko for t in texts]
