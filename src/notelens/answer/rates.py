"""A value per something: the rate a question asks and the rate a note writes.

Notes write a total and a rate of the same measure side by side, often in one line or
in sibling bullets: "학습 토큰 1.5T" and "폰에서 초당 19 토큰"; "작성 비용 약 1억 2천만 원"
and "한 개당 2,000원꼴"; "train 6.1T tokens" and "decode 42 tokens/s". Both are numbers in
the asked unit ("토큰", "원"), so the unit alone ties them and the line sharing more of
the question's words wins, often the total. A question that asks a value *per*
something ("초당 몇 토큰", "How much did each instruction cost?", "latency per token",
"GPU당 배치 크기") names the rate by the same markers the notes write it with:

* Korean: a counter or noun glued to 당 ("초당", "토큰당", "한 개당", "1인당", "GPU당");
* English: "per X", "each", "apiece", and a slash before a unit
  ("tokens/s", "ms/token", "tok/s", "$/M tokens").

:func:`asks_rate` reads the question; :func:`rate_written` tells whether a number of a
line is written as a rate (the marker in its label, "초당 19", "토큰당 활성 파라미터는
13B", or right after its unit, "19 tokens/s", "38 ms per token", "2,000원꼴"). The
reverse (a question with no marker, a rate in the line) is left alone: "latency는 몇
ms야?" is asked of "토큰당 38 ms" without the marker, and the rate is the right answer.
"""

from __future__ import annotations

import re

# "X당": a noun or a Latin word glued to 당 ("초당", "토큰당", "레이어당", "GPU당"), not
# a word that ends in 당 without meaning "per" ("해당", "담당", "상당", "할당", "정당",
# "타당", "식당", "여당"): those are the one-syllable stems read as no rate.
_NOT_PER = "해담상할정적타충배식성마사본강여야"
_KO_PER = rf"(?:(?![{_NOT_PER}]당)[가-힣]{{1,5}}|[A-Za-z]{{1,12}})"
# "당시", "당일", "당초", "당연", "당장", "당신" after a word are no rate ("발표 당시").
_KO_PER_RE = rf"(?<![가-힣]){_KO_PER}\s?당(?![시일초연장신분])"
_KO_RATE_RE = re.compile(_KO_PER_RE)
# A slash between units: "tokens/s", "ms/token", "$/M tokens" (not "and/or",
# "encoder/decoder": the word after the slash must be a unit a rate is taken over).
_PER_UNIT = (
    r"/\s?(?:s|sec|second|min|minute|h|hr|hour|day|week|month|token|tok|step|query"
    r"|req|request|gpu|node|sample|image|page|item|user|[KMB])\b"
)
_EN_RATE_Q_RE = re.compile(rf"\bper\s+[A-Za-z]|\beach\b|\bapiece\b|[A-Za-z%$]\s?{_PER_UNIT}", re.I)
# In the label before a number: "초당 19", "개당 2,000원", "토큰당 활성 파라미터는 13B",
# "per token: 38 ms", "each costs $3".
_BEFORE_RE = re.compile(rf"{_KO_PER_RE}|\bper\s+[A-Za-z]+|\beach\b", re.I)
# Where a number's label starts: a separator, or the number before it with its unit and
# its own rate words ("38 ms per token vs 1.5T": "per token" is the 38's).
_LABEL_START_RE = re.compile(r"[,;·|()\[\]]|\.\s|\d[\d.,]*(?=\D*$)")
# Right after the number and its unit: "19 tokens/s", "38 ms per token", "$3 each",
# "2,000원꼴", "19 tok/sec".
_AFTER_RE = re.compile(
    rf"\s?(?:[A-Za-z가-힣%$]{{0,12}}\s?)?(?:{_PER_UNIT}|per\s+[A-Za-z]|each\b|apiece\b|꼴)",
    re.I,
)
#: How far before a number its label may reach.
LABEL_CHARS = 40


def asks_rate(question: str) -> bool:
    """Whether ``question`` asks a value per something ("초당 몇 토큰", "how much did
    each instruction cost", "latency per token", "tokens/s")."""
    return _KO_RATE_RE.search(question) is not None or _EN_RATE_Q_RE.search(question) is not None


def rate_written(text: str, start: int, end: int) -> bool:
    """Whether the number at ``text[start:end]`` (with any unit glued to it) is written
    as a rate: a per-marker in its label (the words before it, back to a separator or
    the number before) or right after its unit."""
    before = text[max(0, start - LABEL_CHARS) : start]
    start_at = 0
    for cut in _LABEL_START_RE.finditer(before):
        start_at = cut.end()
        if cut.group(0)[0].isdigit() and (own := _AFTER_RE.match(before, start_at)):
            start_at = own.end()
    if _BEFORE_RE.search(before, start_at):
        return True
    return _AFTER_RE.match(text, end) is not None


__all__ = ["LABEL_CHARS", "asks_rate", "rate_written"]
