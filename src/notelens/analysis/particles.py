"""Korean particles that trail a word, for the rules that cut them off by pattern
("단계는" -> "단계", "개월마다" -> "개월") where Kiwi's analysis is not at hand or would
split the word further. Each rule names the endings it strips beyond the case particles
every one of them strips: what trails a counter in a question ("몇 개면", "몇 명씩") is
not what trails a measure word in a note ("1024 토큰으로"). Used by the answer rules
(``answer/lists.py``, ``refusal.py``, ``unwritten.py``) and by ``analysis/loanwords.py``
(what trails a name typed in Hangul)."""

from __future__ import annotations

import re

__all__ = ["CASE_PARTICLES", "trailing_particle"]

#: The case particles: subject, topic, object, possessive, direction.
CASE_PARTICLES = ("으로", "로", "은", "는", "이", "가", "을", "를", "의", "에")


def trailing_particle(*extra: str) -> re.Pattern[str]:
    """A pattern for one trailing particle: a case particle or one of ``extra``.
    (The alternation's order does not matter: anchored at the end, two endings that
    match from the same position are the same string.)"""
    endings = sorted(set(CASE_PARTICLES) | set(extra), key=lambda e: (-len(e), e))
    return re.compile(f"(?:{'|'.join(map(re.escape, endings))})$")
