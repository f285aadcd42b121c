"""The object of "What did X VERB?" written as the subject of a passive (issue #15,
sixteenth round).

Questions are often asked in the active voice of a sentence the notes write in the
passive: "What did Queen Elizabeth II open in 1981?" over "A bridge was built across the
Tyne … and opened by Queen Elizabeth II in 1981". The aligner's object cue looks right
after the question's words ("… opened [the bridge]"), where the passive writes the agent;
the asked thing stands first, before "was / were". So for an object question ("what /
which" + "do / did / can …"), the phrase right before "is / are / was / were" gets a
bonus when, later in the sentence, a question word is followed by "by" and the agent,
which is the question's words too ("opened by Queen Elizabeth").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from notelens.answer.align_base import words as _words

_OBJECT_Q = re.compile(
    r"^\s*(?:what|which(?:\s+[a-z]+)?)\s+(?:do|does|did|can|could|will|would|should)\s+",
    re.I,
)
_BE = frozenset(_words("is are was were"))
_ARTICLES = frozenset(_words("the a an"))


def asks_object(question: str) -> bool:
    """ "What did X VERB?": the answer is the question verb's object."""
    return bool(_OBJECT_Q.search(question))


def passive_subject(words: Sequence[str], is_q: Sequence[bool], j: int) -> bool:
    """Whether the phrase ending at ``j`` is followed by "is / are / was / were" and the
    sentence goes on to a question word, "by", and a question word ("… was … opened by
    Queen Elizabeth"): the passive's subject, the active question's object."""
    if j >= len(words) or words[j].lower() not in _BE:
        return False
    n = len(words)
    for b in range(j + 2, n - 1):
        if words[b].lower() != "by" or not is_q[b - 1]:
            continue
        k = b + 1
        while k < n and words[k].lower() in _ARTICLES:
            k += 1
        if k < n and is_q[k]:
            return True
    return False


__all__ = ["asks_object", "passive_subject"]
