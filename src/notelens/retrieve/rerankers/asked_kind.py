"""The kind of token a question asks for, as a pattern over passage text (issue #22).

A question that asks 몇 년 / 언제 / 몇 개 / how many is answered by a sentence that holds a
year, a date or a count *beside* the question's words; the paragraph next to it in the
same article often holds the same words and no such token in that sentence (KorQuAD's
"typed" misses, docs/benchmarks.md "Precision at the top, fourteenth round"). The
retrieval layer may not import ``answer/qtype.py``, so the few patterns live here; they
are patterns of the language (question words and counters), never of a question set.

Only the counted noun's counter is asked of a count ("몇 명" wants ``\\d+ 명``), which keeps
the years and dates that fill most encyclopedic paragraphs from counting as an answer.
"""

from __future__ import annotations

import re

# A year: 몇 년(도) / 연도 / 년도 / 어느 해 / "…한 해는?" (해 as a word that ends the
# question or stands before the question word: not 해양, 피해, "해를 끼친").
_YEAR = re.compile(
    r"몇\s*년|[연년]도|어느\s*해"
    r"|(?<![가-힣])해(?:는|가)?(?:\s*(?:언제|몇|무엇|어느)|\s*[?？]?\s*$)"
    r"|\b(?:what|which) year\b",
    re.IGNORECASE,
)
# A date or point in time: 언제 (not 언제나 / 언제든 "always, any time") / 며칠 / 날짜 / when.
_WHEN = re.compile(r"언제(?!나|든)|며칠|몇\s*월|날짜|\bwhen\b|\bwhat date\b", re.IGNORECASE)
# A count: 몇 + a counter (몇 명, 몇개, 몇 번째); 개수 / 갯수; how many / how much.
_COUNT = re.compile(r"몇\s*([가-힣])")
_NUMBER_OF = re.compile(r"[개갯]수|\bhow (?:many|much)\b", re.IGNORECASE)

_YEAR_TOKEN = r"(?<!\d)\d{3,4}\s*년|\b1\d{3}\b|\b20\d{2}\b"
_DATE_TOKEN = _YEAR_TOKEN + r"|(?<!\d)\d{1,2}\s*[월일]"
_NUMBER_TOKEN = r"\d[\d,.]*"


def asked_pattern(question: str) -> re.Pattern[str] | None:
    """What a sentence holding the asked kind of token matches, or None when the
    question asks no year, date or count."""
    if _YEAR.search(question):
        return re.compile(_YEAR_TOKEN)
    # the counter before 언제 / 날짜: "버틴 날짜는 총 몇 일" asks a number of days
    counted = _COUNT.search(question)
    if counted and counted.group(1) not in "몇":
        return re.compile(_NUMBER_TOKEN + r"\s*" + re.escape(counted.group(1)))
    if _WHEN.search(question):
        return re.compile(_DATE_TOKEN)
    if _NUMBER_OF.search(question):
        return re.compile(_NUMBER_TOKEN)
    return None


def holds_asked(sentence: str, pattern: re.Pattern[str], question: str) -> bool:
    """Whether ``sentence`` holds a token of the asked kind that the question does not
    state itself ("1970년 당시 … 몇 명" asks no year back)."""
    return any(m.group(0) not in question for m in pattern.finditer(sentence))
