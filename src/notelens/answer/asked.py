"""The token a question asks for, as a test on a sentence (issue #15, eleventh round).

The sentence scorer rewards "holds a token of the asked type" with one small weight
(``W_TYPE``), and in prose a sentence that restates the question outscores the one
beside it that states the fact: "1935년 내자동에 지어진 관사의 층수는?" over "경성
미쿠니상사는 1935년 … 내자동에 또 하나의 관사를 짓는다." the sentence two further on,
"… 4층 높이에 …", holds the answer and few of the question's words. Which sentence to
*quote* beside the best one (``prose.close_neighbour``) can read what the question asks
more closely than a weight can:

* a count in the question's own counter ("몇 층", "층수는", "몇위", "몇 가구"): a number
  written with that counter ("4층", "11위", "3786가구");
* a count without one ("얼마", "갯수는"): a number that is not part of a date;
* a date: a date (a year, a month, a day);
* a name asked for by how it is called ("무엇이라 하는가", "뭐라고 부르나", "일컫는
  말은"): a sentence that names something so ("… 을 거국일치내각이라고 부른다").

Every test is on the sentence without the question's own words: "1935년" in a sentence
is no date for a question that writes it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from notelens.analysis.lang import has_hangul
from notelens.answer.prose import without
from notelens.answer.qtype import DATE_RE, NUMBER_RE, Kind

#: "몇 층", "몇위", "몇 가구로": the counter right after 몇 (a particle or ending after it
#: is cut off: "몇가구로" -> 가구).
_KO_COUNTER_RE = re.compile(r"몇\s*([가-힣]{1,3})")
#: "층수는", "평수는", "가구수는": a count asked by its noun; the counter it counts in.
_KO_COUNT_NOUN_RE = re.compile(r"(층|평|가구|인원|회|점)수(?:는|가|를|은|이)")
_COUNT_NOUN_COUNTER = {"인원": "명"}
#: Endings that follow a counter in a question ("몇 명인가", "몇 층으로", "몇 개나"), as
#: a regex alternation (answer/numbers.py reads its counters with them too).
COUNTER_ENDINGS = (
    "이나|인가|인지|이며|이고|으로|에서|까지|부터|정도|이었|였|이|가|은|는|을|를|의|에|로|나|쯤|씩"
)
_TRAILING_RE = re.compile(rf"(?:{COUNTER_ENDINGS})$")
# "몇 년 / 월 / 일 / 시 / 세기" ask a date or a time, typed by the date rules; "몇 번째"
# an ordinal; "몇 가지" the items of a list: none is a counter a number is written in.
_NOT_COUNTERS = frozenset({"년", "월", "일", "시", "세기", "번째", "가지", "차례"})
_NUMERAL = r"\d[\d,.]*\s*(?:만|억|천|백)?\s*"

#: "무엇이라 하는가", "뭐라고 부르나", "어떤 X라고 불리는가", "일컫는 말은": the question
#: asks for the name something is called by.
_KO_CALLED_Q_RE = re.compile(
    r"(?:무엇|뭐|무어)(?:이)?라(?:고)?\s*(?:하|부르|불리|칭하|일컫|말하)"
    r"|(?:라고|라)\s*(?:부르는|불리는|하는)\s*(?:것|말|용어)"
    r"|(?:일컫는|가리키는|칭하는)\s*(?:말|용어|명칭|이름)"
)
#: "… 을 거국일치내각이라고 부른다", "… 이라 한다", "… (이)라고 불렸다": a sentence that
#: names something.
_KO_CALLED_RE = re.compile(r"(?:이)?라(?:고)?\s*(?:부른|부르며|불린|불렀|불리|한다|하며|칭한|일컫)")


def asked_counter(question: str) -> str | None:
    """The counter the question asks a count in ("몇 층" -> 층, "가구수는" -> 가구), or
    None (no counter, or one that asks for a date or an ordinal)."""
    m = _KO_COUNT_NOUN_RE.search(question)
    if m is not None:
        return _COUNT_NOUN_COUNTER.get(m.group(1), m.group(1))
    m = _KO_COUNTER_RE.search(question)
    if m is None:
        return None
    word = _TRAILING_RE.sub("", m.group(1))
    word = _TRAILING_RE.sub("", word)
    return word if word and word not in _NOT_COUNTERS else None


def asks_called(question: str) -> bool:
    """Whether the question asks for the name something is called by."""
    return _KO_CALLED_Q_RE.search(question) is not None


#: "What attack success rate did X report?", "What score did X get on Y?", "X 정확도는
#: 얼마야?": a metric asked by its name is a number whatever the answer type read from the
#: question's other words (nineteenth round: the English "what <metric>" is typed by its
#: head noun, not as a number).
_METRIC_Q_RE = re.compile(
    r"\bwhat (?:was |is |were |are )?(?:the |its |their )?(?:\S+ ){0,3}?(?:rates?|accuracy"
    r"|scores?|recall|precision|f1|bleu|rouge\S*|latency|throughput|speed-?up|perplexity"
    r"|auc|ndcg\S*|mrr|wer|cer|pass@\d+"
    # (a setting's measure is a number too: "What similarity threshold does X use?",
    # "What resolution did X raise the images to?"; twenty-ninth round)
    r"|thresholds?|resolutions?)\b"
    # (the metric is the asked noun: "What rate limit policy …" asks a policy)
    r"(?=\s*(?:did|does|do|was|is|were|are|has|had|for|of|on|in|at|with|when|after|under"
    r"|reported|\?|$))"
    r"|(?:정확도|점수|성공률|정답률|재현율|정밀도|지연\s*시간|처리량|오류율|승률|임계값|해상도|threshold|resolution)"
    r"\S{0,2}\s*"
    r"(?:은|는|이|가)?\s*(?:몇|얼마)",
    re.I,
)


def asks_metric(question: str) -> bool:
    """Whether the question asks a metric's value by the metric's name (a number)."""
    return _METRIC_Q_RE.search(question) is not None


# A number that may be a metric's value: not a count of things, people or times, nor a
# date's part ("2명", "3개", "5월"; "86.7점", "2.4배" are scores and ratios).
_METRIC_VALUE_RE = re.compile(
    r"\d(?:[\d.,]*\d)?(?![\d.,])(?!\s*(?:명|개|편|권|곳|번|회|년|월|일|주|장|시|살|차|기|위|가지))"
)


def metric_stated(text: str) -> bool:
    """Whether ``text`` holds a number that may be a metric's value (not a count)."""
    return _METRIC_VALUE_RE.search(text) is not None


def asked_token(
    question: str, kind: Kind, q_words: Collection[str]
) -> Callable[[str], bool] | None:
    """A test whether a sentence holds a token of what ``question`` asks (see the module
    docstring), beyond the question's own words ``q_words``; None when the question asks
    for nothing such a test can find, or when the question is not Korean (on XQuAD the
    count and date tests moved short answers down: F1 0.466 -> 0.462, the English span
    step cuts its answer from the best sentence's candidates better than from the
    typed one's; docs/benchmarks.md, "Short answers, eleventh round: Korean")."""
    if not has_hangul(question):
        return None
    if asks_called(question):
        return lambda text: _KO_CALLED_RE.search(text) is not None
    if kind == "number":
        counter = asked_counter(question)
        if counter is not None:
            stated = re.compile(rf"{_NUMERAL}{re.escape(counter)}")
            return lambda text: stated.search(without(text, q_words)) is not None
        return lambda text: _count_without_date(without(text, q_words))
    if kind == "date":
        return lambda text: DATE_RE.search(without(text, q_words)) is not None
    return None


def _count_without_date(text: str) -> bool:
    """Whether ``text`` holds a number that is not part of a date ("13일" of "2005년 9월
    13일" counts nothing)."""
    return NUMBER_RE.search(DATE_RE.sub(" ", text)) is not None


__all__ = ["asked_counter", "asked_token", "asks_called", "asks_metric", "metric_stated"]
