"""The slot a fronted English question leaves open (tenth round, tuned on XQuAD 1-300 and
the odd questions of 301-1190).

A question moves its wh-phrase to the front; put back, it stands where the sentence
writes the answer. For an object question ("What did Lavoisier's experiments
discredit?", "What are rotors mounted on?", "What can the elasticity depend on?") that
place is right after the question's last verb (and its preposition): the sentence reads
"… helped to discredit *the phlogiston theory*", "… mounted on *a drive shaft*". The
verb is found without a tagger, by the question's shape: the wh-phrase, then do / does /
did or a modal (or is / are / was / were and a participle at the end), a subject, and
the verb last, which no article or possessive precedes ("… to capture their prey" ends
in a noun).
"""

from __future__ import annotations

import re

from notelens.answer.align_base import words as _words

_Q_WORD = re.compile(r"[^\W_][\w'’-]*|,")
_WH = frozenset(_words("what which who whom"))
#: Auxiliaries that open an object question's clause ("What did …", "What can …").
_DO_AUX = frozenset(_words("do does did can could will would shall should may might must"))
#: Modals take a subject only when a name or an article follows them: "What might
#: supply the heat …?" asks for the subject (the wh-phrase is it).
_MODALS = frozenset(_words("can could will would shall should may might must"))
#: Auxiliaries that do so only before a participle at the end ("What are rotors mounted
#: on?"); before a noun they are the main verb ("Which city has the biggest population?").
_BE_AUX = frozenset(_words("is are was were has have had"))
#: A preposition or particle that ends the question stays with its verb ("depend on").
_PARTICLES = frozenset(
    _words("""on with to for of in at from by as into about upon against over under through
    onto toward towards""")
)
#: Words before a noun, never before a verb ("… capture their prey").
_DETERMINERS = frozenset(
    _words("""a an the their his her its our your my this that these those some any each
    every no other such""")
)
#: Verbs that stand for another ("What did the glaciers begin to do?"): the frame is the
#: verb before "to" ("began to *thaw*").
_PRO_VERBS = frozenset(_words("do be have"))
#: Participles that end a passive object question without "-ed" / "-en".
_PARTICIPLES = frozenset(
    _words("found made known held built given seen taken written called named used born put")
)
#: Words the wh-phrase may hold before its auxiliary ("What previous work did …").
_WH_PHRASE = 5


def _participle(word: str) -> bool:
    return word in _PARTICIPLES or (len(word) > 4 and word.endswith(("ed", "en")))


def object_frame(question: str) -> list[str]:
    """The question's last words that precede the answer in the sentence (the verb, and
    its preposition when the question ends with one), for a fronted object question;
    ``[]`` for any other question."""
    found = _Q_WORD.findall(question)
    low = [w.lower() for w in found]
    # Opening the question, after a short phrase ("In what year") or a comma ("In a
    # steam turbine, what are rotors mounted on?").
    wh_at = next((k for k, w in enumerate(low) if w in _WH and (k < 3 or low[k - 1] == ",")), None)
    if wh_at is None:
        return []
    aux = next(
        (
            k
            for k in range(wh_at + 1, min(len(low), wh_at + 1 + _WH_PHRASE))
            if low[k] in _DO_AUX or low[k] in _BE_AUX
        ),
        None,
    )
    if aux is None or "," in low[aux:]:
        return []
    tail = low[aux + 1 :]
    if len(tail) < 2:
        return []
    frame = tail[-2:] if tail[-1] in _PARTICLES and len(tail) >= 3 else tail[-1:]
    verb_at = len(tail) - len(frame)
    if tail[verb_at] in _PRO_VERBS and verb_at >= 2 and tail[verb_at - 1] == "to":
        frame = tail[verb_at - 2 : verb_at]  # "begin to do" → "begin to"
        verb_at -= 2
    if low[aux] in _MODALS and not (tail[0] in _DETERMINERS or found[aux + 1][:1].isupper()):
        return []
    verb = tail[verb_at]
    # A noun ends the question when an article or a preposition stands just before it
    # ("… lie to the 99 freeway?", "… for a steam engine?"); "of" joins a subject's noun.
    before = tail[max(0, verb_at - 2) : verb_at]
    if any(w in _DETERMINERS or (w in _PARTICLES and w != "of") for w in before):
        return []
    if verb in _WH or verb in _DETERMINERS or not before:
        return []
    if low[aux] in _BE_AUX and not _participle(verb):
        return []
    return frame


_APPOSITION_OPENERS = frozenset(_words("a an the one"))


def names_head(words: list[str], i: int, j: int, head: str) -> bool:
    """Whether the name at ``[i, j)`` is followed by an apposition that holds the
    question's head noun ("Dynasty, an opulent drama from …" for "What drama …?")."""
    if j + 2 >= len(words) or words[j] != "," or words[j + 1].lower() not in _APPOSITION_OPENERS:
        return False
    stem = head[:5]
    return any(w.lower().startswith(stem) for w in words[j + 2 : j + 5])


__all__ = ["names_head", "object_frame"]
