"""English sentence frames that name the answer beside the question's own words
(``answer/align_en.py`` adds them to its candidates' scores; ninth round, tuned on the odd
questions of XQuAD 301-1190).

Without a tagger, four frames of SQuAD sentences mark the phrase asked for:

* a **parenthetical alias**: the sentence writes the question's name and the answer side
  by side, one in brackets ("Donna Noble (Catherine Tate)" for "Who played Donna
  Noble?", "cilia ("hairs")" for "What are the hairs called?");
* an **example after "such as"**: "What acquired condition …?" is answered by the phrase
  after "acquired conditions such as", the question's noun a few words before it;
* the **subject of a copula** whose predicate is the question's: "What is the process of
  constructing a building?" → "*Construction* is the process of constructing …";
* a **name in apposition** with the question's head noun (tenth round): "What drama …?"
  → "*Dynasty*, an opulent drama from Aaron Spelling".

A **plural head noun** ("… grow which crops?") asks for a list's items as "two / some"
do (eleventh round, :func:`plural_head`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from notelens.answer.align_base import words as _words

_ARTICLES = frozenset({"a", "an", "the"})
_COPULAS = frozenset(_words("is are was were"))
#: "What / Which / Who is …?": the question asks for the subject or the predicate of "is".
_COPULA_Q = re.compile(r"^\s*(?:what|which|who)\s+(?:is|are|was|were)\b", re.I)
#: A bracket longer than this is a remark ("(see World's busiest airports by …)"), no alias.
_BRACKET_SPAN = 6
#: Participles after "is": a passive or progressive ("was later found", "was checking"),
#: whose subject is no definition's.
_PARTICIPLES = frozenset(
    _words("found made known held built given seen taken written called named used born")
)


def _bracket_end(words: Sequence[str], at: int) -> int | None:
    """The index of the ")" closing the "(" at ``at``, when it is near (further for a
    description opened by an article: "(a residential treatment program for …)")."""
    span = _BRACKET_SPAN
    if at + 1 < len(words) and words[at + 1].lower() in _ARTICLES:
        span *= 2
    for k in range(at + 1, min(len(words), at + 1 + span)):
        if words[k] == ")":
            return k
        if words[k] == "(":
            return None
    return None


def bracket_alias(words: Sequence[str], i: int, j: int, anchors: Collection[int]) -> bool:
    """Whether ``[i, j)`` and a question word stand as a name and its bracketed alias:
    the phrase before a bracket that holds a question word ("cilia ("hairs")"), or the
    phrase alone in the bracket right after a question word ("Donna Noble (Catherine
    Tate)")."""
    if j < len(words) and words[j] == "(":
        close = _bracket_end(words, j)
        if close is not None and any(j < a < close for a in anchors):
            return True
    if i >= 2 and words[i - 1] == "(" and (i - 2) in anchors:
        # The bracket's whole contents, and a name, not the question phrase's acronym
        # ("American Sign Language (ASL)") or its dates ("Theatre (1922–26)").
        inner = words[i:j]
        return (
            _bracket_end(words, i - 1) == j
            and not any(w[:1].isdigit() for w in inner)
            and not (len(inner) == 1 and inner[0].isupper())
        )
    return False


def such_as_example(words: Sequence[str], i: int, anchors: Collection[int]) -> bool:
    """Whether the phrase at ``i`` follows "such as" and a question word stands at most
    three words before it ("acquired conditions such as HIV/AIDS")."""
    if i < 3 or [w.lower() for w in words[i - 2 : i]] != ["such", "as"]:
        return False
    return any(i - 6 <= a <= i - 3 for a in anchors)


#: "Which two bodies …?", "What are some … companies?", "What is included …": several.
_SEVERAL_Q = re.compile(r"\b(?:two|three|four|both|some|several|examples)\b", re.I)
_LIST_JOINERS = frozenset({",", "and", "or"})
#: At most this many items make one list answer.
LIST_ITEMS = 4


def asks_several(question: str) -> bool:
    return bool(_SEVERAL_Q.search(question))


#: A plural noun: "-s" after a letter other than "s" / "u" ("crops", "classes"), not
#: "status", "glass" or a short word ("gas", "was").
_PLURAL = re.compile(r"[a-z]{3,}[^su\W]s")


def plural_head(head: str | None) -> bool:
    """Whether the question's head noun is plural ("… grow which crops?", "What classes
    of drugs …?"): it asks for the items of a list, as "two / some" do (eleventh round)."""
    return head is not None and _PLURAL.fullmatch(head) is not None


def lists(words: Sequence[str], chunks: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Phrases joined by ", / and / or" into one span ("the European Parliament and the
    Council of the European Union", "transportation, sewer, hazardous waste and water"):
    each chunk with the chunks after it, two to :data:`LIST_ITEMS` items, the last one
    after "and / or"."""
    longest: dict[int, int] = {}
    for i, j in chunks:
        longest[i] = max(longest.get(i, j), j)
    out: list[tuple[int, int]] = []
    for i in sorted(longest):
        j, items = longest[i], 1
        while items < LIST_ITEMS:
            k = j
            while k < len(words) and words[k].lower() in _LIST_JOINERS:
                k += 1
            if k == j or k - j > 2:
                break
            joined_by = {w.lower() for w in words[j:k]}
            while k < len(words) and words[k].lower() in _ARTICLES:
                k += 1
            if k not in longest:
                break
            j, items = longest[k], items + 1
            # The last item may hold the "and" itself, a name run read as one chunk
            # ("Omnicare, Kindred Healthcare and PharMerica").
            if joined_by & {"and", "or"} or any(w.lower() in ("and", "or") for w in words[k:j]):
                out.append((i, j))
                break
    return out


_WH = frozenset(_words("what which who whom"))
_Q_WORD = re.compile(r"[^\W_][\w'’-]*|,")


def in_situ(question: str) -> list[str]:
    """The words before a question word left in place ("Construction takes place on
    location for who?" → ["location", "for"]): the last two, articles dropped; ``[]``
    for a question that opens with its wh-word, or with a short phrase before it ("In
    what year …", "To what …"), or after a comma ("…, what was his name?")."""
    words = _Q_WORD.findall(question)
    # The last one: "… persons who conscientiously oppose what?"
    # (Lowercase inside the question: "… is Doctor Who?" names a series.)
    at = max(
        (k for k, w in enumerate(words) if w.lower() in _WH and (k == 0 or w.islower())),
        default=None,
    )
    if at is None or at < 3 or words[at - 1] == ",":
        return []
    before = [w.lower() for w in words[:at] if w.lower() not in _ARTICLES]
    return before[-2:] if before and before[-1] != "," else []


#: Prepositions a question can leave at its end ("What can X depend on?").
_STRANDED = frozenset(_words("on to with for from into about by at in upon onto"))
#: Verbs too light to place an answer ("What did X begin to do?").
_LIGHT = frozenset(_words("do does did be been is are was were have has had get go make"))


def stranded(question: str) -> list[str]:
    """The verb and preposition a question that opens with its wh-word leaves at its end
    ("What can the growth elasticity of poverty depend on?" → ["depend", "on"], "… is
    limited to?" → ["limited", "to"]), or "to" and the verb of an infinitive ("What do
    moderates seek to separate?" → ["to", "separate"]): the answer is the object right
    after them in the sentence, as after an in-place wh-word's frame (:func:`in_situ`).
    ``[]`` otherwise."""
    words = [w.lower() for w in _Q_WORD.findall(question) if w != ","]
    if len(words) < 4 or words[0] not in _WH or in_situ(question):
        return []
    verb, last = words[-2], words[-1]
    if last in _STRANDED and verb not in _LIGHT and verb not in _STRANDED and verb.isalpha():
        return [verb, last]
    if verb == "to" and last not in _LIGHT and last.isalpha():
        return [verb, last]
    return []


def after_words(
    words: Sequence[str], stems: Sequence[str], frame: Sequence[str], frame_stems: Sequence[str]
) -> list[int]:
    """Where the sentence writes the question's ``frame`` (word for word, or stem for
    stem; articles skipped): the index after each match."""
    keep = [k for k, w in enumerate(words) if w.lower() not in _ARTICLES]
    found: list[int] = []
    n = len(frame)
    for p in range(len(keep) - n + 1):
        ks = keep[p : p + n]
        if all(
            words[k].lower() == f or (bool(fs) and stems[k] == fs)
            for k, f, fs in zip(ks, frame, frame_stems, strict=True)
        ):
            found.append(ks[-1] + 1)
    return found


def asks_copula(question: str) -> bool:
    return bool(_COPULA_Q.search(question))


def copula_subject(words: Sequence[str], j: int, anchors: Collection[int]) -> bool:
    """Whether the phrase ending at ``j`` is the subject of "is / are / was / were" whose
    predicate holds a question word within four words ("Construction is the process of
    constructing …"); a bracket between them is skipped ("Abu al-Biruni (973–1048 CE)
    was …")."""
    k = j
    if k < len(words) and words[k] == "(":
        close = _bracket_end(words, k)
        k = close + 1 if close is not None else k
    if k >= len(words) or words[k].lower() not in _COPULAS:
        return False
    after = [w.lower() for w in words[k + 1 : k + 3]]
    if any(w in _PARTICIPLES or (len(w) > 4 and w.endswith(("ed", "ing"))) for w in after):
        return False
    return any(k < a <= k + 4 for a in anchors)


_APPOSITION_OPENERS = frozenset(_words("a an the one"))


def names_head(words: Sequence[str], j: int, head: str) -> bool:
    """Whether the phrase ending at ``j`` is followed by an apposition that holds the
    question's head noun ("Dynasty, an opulent drama from …" for "What drama …?",
    "Momus, Warsaw's first literary cabaret" for "What was Warsaw's first cabaret?")."""
    if j + 2 >= len(words) or words[j] != ",":
        return False
    opener = words[j + 1].lower()
    # Or a possessor opens it ("Momus, Warsaw's first literary cabaret, …").
    possessor = opener.endswith(("'s", "’s")) and words[j + 1][:1].isupper()
    if opener not in _APPOSITION_OPENERS and not possessor:
        return False
    stem = head[:5]
    return any(w.lower().startswith(stem) for w in words[j + 2 : j + 5])


__all__ = [
    "after_words",
    "asks_copula",
    "asks_several",
    "bracket_alias",
    "copula_subject",
    "in_situ",
    "lists",
    "names_head",
    "such_as_example",
]
