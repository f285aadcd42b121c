"""Which number of a unit answers a number question (issue #15, twelfth round).

A note's bullet often writes several numbers: "전체 파라미터 46B 중 토큰당 활성 파라미터는
11B", "한국어 QA 2,400문항, 정답이 없는 질문을 35% 섞음", "1.3B parameters trained on 4T
tokens". The generic span rule (``span._typed``) takes the number amid the most question
words on either side, so the first, framing number of such a line wins ("46B", "2,400",
"1.3B"). Notes write a number *after* its label ("활성 파라미터는 11B", "CoT 27.5%",
"latency 9 ms"), in the unit or counter the question names ("몇 %", "며칠", "how many
tokens", "비율", "latency"). :func:`number_span` scores each number of the text:

* the **asked unit**: a number written in the unit class the question asks for ("35%"
  for "몇 %" or "비율", "41일" for "며칠", "4T tokens" for "how many tokens", "9.5배" /
  "2.4x" / "3 times" alike for "몇 배" / "how much faster");
* its **label**: the question's words between the previous number (or a comma,
  parenthesis, "vs") and this one, nearer ones counting more; a number the question
  itself writes ("20턴 이후 …", "0.5B 모델") counts as a label word, and is never the
  answer;
* a little for the question's word right after it, the noun it counts ("4T tokens");
* for a question that asks a value per something ("초당 몇 토큰", "each instruction"), a
  number written as a rate ("초당 19 토큰", "한 개당 2,000원꼴": ``answer/rates.py``)
  over the total beside it;
* a number labelled a target ("목표 38 ms", "target: 95%", "goal of 2x") answers only a
  question that asks the target: "배포 후 36 ms로 목표 38 ms 달성" answers "몇 ms가
  됐어?" with the measurement, "목표가 몇 ms야?" with the target.

Numbers inside names ("Tern-7B", "hit@5", "top-2", "v3") and dates (for a count) are
no candidates. The caller keeps its own span when no candidate is left.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from notelens.answer.asked import COUNTER_ENDINGS
from notelens.answer.qtype import DATE_RE, KO_COUNT_BY_SU
from notelens.answer.rates import asks_rate, rate_written

#: Unit classes: the spellings of one measure, any of which answers a question that
#: asks in another ("몇 배" ~ "2.4x" ~ "3 times"; "며칠" ~ "41일" ~ "12 days").
UNIT_CLASSES: tuple[tuple[str, frozenset[str]], ...] = (
    ("percent", frozenset({"%", "%p", "퍼센트", "percent", "pct", "퍼센트포인트"})),
    ("times", frozenset({"배", "x", "×", "times", "fold"})),
    ("people", frozenset({"명", "people", "persons", "participants", "attendees", "인"})),
    ("days", frozenset({"일", "days", "day", "d"})),
    ("hours", frozenset({"시간", "hours", "hour", "h", "hrs"})),
    ("minutes", frozenset({"분", "min", "mins", "minutes", "minute"})),
    ("latency", frozenset({"ms", "s", "sec", "초", "seconds", "second", "μs", "us"})),
    ("tokens", frozenset({"tokens", "token", "토큰", "tok"})),
    ("params", frozenset({"parameters", "params", "파라미터", "param"})),
    ("memory", frozenset({"gb", "mb", "kb", "tb", "gib", "mib", "byte", "bytes"})),
    ("money", frozenset({"달러", "$", "원", "만원", "usd", "dollars", "krw", "€"})),
    ("gpus", frozenset({"장", "gpus", "gpu", "대"})),
    ("pages", frozenset({"pages", "page", "쪽", "페이지", "pp"})),
    ("items", frozenset({"개", "문항", "건", "문제", "items", "questions", "examples"})),
    ("points", frozenset({"점", "points", "pt", "pts", "포인트"})),
    # "몇 회차" asks which numbered session ("3회차"); "몇 번 / 몇 회" how often ("2회");
    # English "sessions" is either.
    ("sessions", frozenset({"회차", "sessions", "session", "rounds"})),
    ("repeats", frozenset({"회", "번", "sessions", "rounds"})),
    # ("21 주차" is one token: its week, not "21 주" and a stray 차.)
    ("weeks", frozenset({"주", "주차", "weeks", "week"})),
    ("months", frozenset({"개월", "months", "month"})),
    ("epochs", frozenset({"epochs", "epoch", "에폭", "에포크"})),
    ("steps", frozenset({"steps", "step", "스텝"})),
    ("layers", frozenset({"layers", "layer", "층", "레이어"})),
    ("languages", frozenset({"languages", "언어", "개국어"})),
    ("pairs", frozenset({"쌍", "pairs", "pair"})),
    ("dims", frozenset({"차원", "dims", "dim", "dimensions", "dimensional"})),
    # ("How many bits …", "몇 비트": notes write the count glued, "4-bit NormalFloat".)
    ("bits", frozenset({"bit", "bits", "비트"})),
)
#: A size suffix glued to the number ("4T", "11B", "128k", "610M"): the magnitude of a
#: count of tokens or parameters.
MAGNITUDE = "magnitude"
_MAGNITUDE_OF = frozenset({"tokens", "params", "memory"})

#: Measures a question names, and the unit class their values are written in
#: ("준수율이 얼마야" -> 71%, "latency per query" -> 9 ms, "한 달에 얼마 들어" -> 410달러).
_MEASURES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "percent",
        re.compile(
            r"비율|[가-힣][율률]|퍼센트|%|\bpercent(?:age)?\b|\bshare\b"
            r"|\bfraction\b|\bproportion\b|\bratio\b|\b(?:error|success|hit|win|pass|acceptance)"
            r" rate\b|\baccuracy\b|정확도|\bCER\b|\bWER\b",
            re.I,
        ),
    ),
    (
        "times",
        re.compile(
            r"몇\s*배|\bhow much (?:faster|slower|smaller|larger|bigger)\b"
            r"|\bhow many times\b|speed-?up|배\s*(?:나|정도)?\s*(?:빠|느|크|줄|늘)"
            r"|\bby what factor\b|\bwhat factor\b",
            re.I,
        ),
    ),
    ("latency", re.compile(r"지연|latency|응답\s*시간|\bresponse time\b", re.I)),
    ("memory", re.compile(r"메모리|\bmemory\b|VRAM", re.I)),
    (
        "money",
        re.compile(
            r"비용|가격|예산|크레딧|얼마\s*(?:들|나와|나가)|\bcost\b|\bprice\b"
            r"|\bbudget\b|\bspend\b|\bhow much money\b",
            re.I,
        ),
    ),
    ("params", re.compile(r"파라미터|\bparam(?:eter)?s?\b|모델\s*크기|\bmodel size\b", re.I)),
    (
        MAGNITUDE,
        re.compile(
            r"크기|\bsize\b|파라미터|\bparam(?:eter)?s?\b|토큰\s*수|\bhow (?:large|big)\b", re.I
        ),
    ),
    ("days", re.compile(r"며칠|몇\s*일(?!에)|\bhow many days\b", re.I)),
    ("hours", re.compile(r"몇\s*시간|\bhow many hours\b", re.I)),
    ("dims", re.compile(r"차원|\bdimension", re.I)),
)
#: A size that counts entries, tokens or members, not a model's parameters or bytes: a
#: vocabulary's, a batch's, a window's, a chunk's ("어휘 크기는?", "What window size …?").
_COUNT_SIZE_RE = re.compile(
    r"(?:vocab(?:ulary)?|어휘|batch|배치|group|그룹|window|윈도우|chunk|청크|block|블록"
    r"|page|페이지|patch|패치|beam|빔|kernel|커널|sample|샘플|step|스텝)"
    r"(?:의)?\s*(?:size|크기|사이즈)",
    re.I,
)
#: "얼마 동안 보관해?", "보관 기간은?", "How long are the recordings kept?": a span of
#: time, written in any of these classes ("30 days", "2주", "6개월", "48시간"). Asked in
#: one language and written in the other alike, since the classes hold both spellings.
#: (English "how long" alone is also a length: "how long is the context window?".)
DURATION_CLASSES = frozenset({"days", "hours", "minutes", "weeks", "months"})
_DURATION_RE = re.compile(
    r"얼마\s*동안|얼마나\s*오래|(?:보관|보존|유지|대기)\s*기간|기간(?:은|이)\s*얼마"
    r"|\bfor how long\b"
    r"|\bhow long\b[^?]{0,60}?"
    r"\b(?:kept|stored|retained|archived|held|last(?:s|ed)?|take[ns]?|took)\b",
    re.I,
)
#: "몇 %", "몇 B", "몇 명이", "몇 ms": the counter written after 몇; "how many GPUs".
_KO_COUNTER_RE = re.compile(r"몇\s*([A-Za-z%]+|[가-힣]{1,3})")
_KO_COUNTED_RE = re.compile(r"몇\s*개의\s*([A-Za-z]+|[가-힣]{1,3})")
_EN_COUNTER_RE = re.compile(
    r"\b(?:how many|(?:the|total) number of|^\s*number of)\s+([A-Za-z%-]+)(?:\s+([A-Za-z%]+))?",
    re.I,
)
#: "문항 수는?", "GPU 수?": the noun a count is asked of by "수" (qtype's number rule).
_KO_NOUN_COUNT_RE = re.compile(rf"([A-Za-z]+|[가-힣]{{1,4}}?)(?:의)?{KO_COUNT_BY_SU}")
# asked.py's counter endings, and "야" ("몇 명이야", "31명이야").
_KO_TRAILING_RE = re.compile(rf"(?:{COUNTER_ENDINGS}|야)$")

# A number with an optional unit word glued or one space after; not inside a name
# ("Tern-7B", "hit@5", "v3", "A100", "1e-3") and not followed by a name's rest.
_NUM_RE = re.compile(
    r"(?<![\w.@/:\-^])(?P<cur>\$\s?)?(?:약\s*|about\s+|~)?"
    r"(?P<num>\d+(?:[.,]\d+)*)(?:\s*[~\-–]\s*\d+(?:[.,]\d+)*)?"
    r"(?P<unit>\s?(?:%p?|[KkMBT](?![A-Za-z])|×|x(?![A-Za-z])|[A-Za-zμ]+|[가-힣]{1,4}))?"
    r"(?![\w\-.:]*\d)(?![\-][A-Za-z])"
)
#: A number glued by a hyphen to the word it counts ("256-shot", "12-layer").
_GLUED_RE = re.compile(r"(?<![\w.\-])\d+(?:[.,]\d+)*-([A-Za-z]{2,})")
_LABEL_BEFORE_RE = re.compile(r"([A-Za-z]+|[가-힣]+?)(?:은|는|이|가)?\s*[:=]?\s*$")
_COUNTED_AFTER_RE = re.compile(r"\s([A-Za-z]+|[가-힣]{1,3})")
_BOUNDARY_RE = re.compile(r"[,;·|]|\bvs\.?\b|\.\s", re.I)

#: The weights of the score (see the module docstring).
W_UNIT = 2.0
W_OTHER_UNIT = 0.5
W_LABEL = 1.0
W_Q_NUMBER = 1.5
W_AFTER = 0.6
W_RATE = 1.0
W_TARGET = 1.0
W_EXTREME = 1.0
#: Words that make a number a target, not a measurement ("목표 38 ms", "target 95%").
_TARGET_RE = re.compile(r"목표|타깃|타겟|\btarget(?:ed|s)?\b|\bgoal\b|\baim(?:ed)?\b", re.I)
LABEL_SCALE = 10.0
AFTER_CHARS = 2


@dataclass(frozen=True, slots=True)
class _Number:
    start: int
    end: int
    value: str
    unit: str
    classes: frozenset[str]


def _unit_classes(unit: str) -> tuple[frozenset[str], int]:
    """The unit classes a unit word belongs to ("ms" -> latency, "B" -> magnitude,
    "명이었음" -> people: a Korean counter is the longest class word it starts with),
    and the length of that word (0: no unit)."""
    raw = unit.strip()
    if raw in ("K", "k", "M", "B", "T"):
        return frozenset({MAGNITUDE}), 1
    word = raw.lower()
    if re.match(r"[가-힣]", word):
        for k in range(len(word), 0, -1):
            found = frozenset(name for name, words in UNIT_CLASSES if word[:k] in words)
            if found:
                return found, k
        return frozenset(), 0
    found = frozenset(name for name, words in UNIT_CLASSES if word in words)
    return found, len(raw) if found else 0


_ASSIGNED_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]\s?=\s?$")
#: A list marker, no value: "(1) 4-bit NormalFloat, (2) …", or a line's "1." / "2)".
_MARKER_RE = re.compile(r"\((\d{1,2})\)|(?:^|\n)\s*(\d{1,2})[.)](?=\s)")
#: One capital glued to a number names a kind, not a unit: "1D Convolution", "3D", "5G"
#: (the magnitudes K, M, B, T aside).
_NAME_LETTER_RE = re.compile(r"[AC-JLN-SU-Z]")


def _numbers(text: str) -> list[_Number]:
    out: list[_Number] = []
    markers = {m.start(1) if m.group(1) else m.start(2) for m in _MARKER_RE.finditer(text)}
    for m in _NUM_RE.finditer(text):
        written = m.group("unit") or ""
        if m.start("num") in markers or _NAME_LETTER_RE.fullmatch(written):
            continue
        classes, length = _unit_classes(written)
        if m.group("cur"):
            classes |= {"money"}
        end = m.end("num")
        unit = ""
        word = written.strip()
        at = m.start("unit") + len(written) - len(word) if written else end
        if re.match(r"[가-힣]", word) and not written.startswith(" "):
            # A counter glued to the number ("2회차에", "31명이"): kept, its particle cut.
            stem = _KO_TRAILING_RE.sub("", word)
            length = length or (len(stem) if len(stem) <= 3 else 0)
        if length and (at == end or length <= 2 or classes & {MAGNITUDE}):
            # A glued or short unit is part of the answer ("35%", "41일", "9 ms"); a
            # word after a space is not ("4.1 points" answers "4.1").
            unit, end = text[at : at + length], at + length
        elif length:
            unit = text[at : at + length]
        elif m.group(0).rstrip().endswith(("%", "%p", "×")):
            end = m.end()
        if MAGNITUDE in classes:
            # "250k pairs", "4T tokens": the noun after a magnitude is what it counts.
            after = _COUNTED_AFTER_RE.match(text, m.end())
            if after:
                classes |= _unit_classes(after.group(1))[0]
        out.append(_Number(m.start(), end, m.group("num"), unit, classes))
    return out


def _counters(question: str) -> list[str]:
    """The words a question counts in: after 몇 ("몇 %", "몇 명이" -> 명), the noun of
    "몇 개의 토큰", and "how many X" (the noun, or the one after an adjective)."""
    counters: list[str] = []
    # "몇 개의 토큰으로": the counted noun is the unit.
    counters += [m.group(1) for m in _KO_COUNTED_RE.finditer(question)]
    for m in _KO_COUNTER_RE.finditer(question):
        word = _KO_TRAILING_RE.sub("", m.group(1))
        counters.append(_KO_TRAILING_RE.sub("", word))
    for m in _KO_NOUN_COUNT_RE.finditer(question):
        # The whole noun is the counter ("문항", "GPU"), or a thing of no unit ("참가자");
        # not a noun a counter merely starts ("주민" is no 주).
        word = m.group(1)
        whole = any(word.lower() in words for _, words in UNIT_CLASSES)
        if whole or not _unit_classes(word)[1]:
            counters.append(word)
    for m in _EN_COUNTER_RE.finditer(question):
        # "how many tokens", "how many Korean pairs": the noun of a class, or the one
        # after an adjective; else the first word ("how many experts in total").
        second = m.group(2) or ""
        counters += [
            second if _unit_classes(second)[1] and not _unit_classes(m.group(1))[1] else m.group(1)
        ]
    return counters


def asked_classes(question: str) -> frozenset[str]:
    """The unit classes ``question`` asks a number in (empty: any)."""
    out: set[str] = set()
    for word in _counters(question):
        if word in ("B", "M", "K", "T"):
            out |= {MAGNITUDE, "params"}
            continue
        classes, _ = _unit_classes(word)
        out |= classes
        if classes & _MAGNITUDE_OF:
            out.add(MAGNITUDE)
    # "어휘 크기", "window size", "그룹 크기": the size of a count (entries, tokens, members),
    # written bare ("151,000", "4,096", "16"); it is no model's magnitude ("14B").
    sized = _COUNT_SIZE_RE.sub(" ", question)
    for name, pattern in _MEASURES:
        if pattern.search(sized if name == MAGNITUDE else question):
            out.add(name)
    if _DURATION_RE.search(question):
        out |= DURATION_CLASSES
    return frozenset(out)


def _question_numbers(question: str) -> set[tuple[str, str]]:
    return {(n.value.replace(",", ""), n.unit.lower()) for n in _numbers(question)}


def _is_question_number(n: _Number, q_numbers: set[tuple[str, str]]) -> bool:
    value = n.value.replace(",", "")
    return any(v == value and (not n.unit or u == n.unit.lower()) for v, u in q_numbers)


def _in_date(n: _Number, dates: list[tuple[int, int]]) -> bool:
    return any(a <= n.start and n.end <= b for a, b in dates)


def _term_hits(text: str, terms: Collection[str]) -> list[tuple[int, int]]:
    low = text.lower()
    out: list[tuple[int, int]] = []
    for t in terms:
        if len(t) < 2 and not re.match(r"[가-힣]", t):
            continue
        out += [(m.start(), m.end()) for m in re.finditer(re.escape(t.lower()), low)]
    return out


def number_span(question: str, text: str, q_terms: Collection[str]) -> tuple[int, int] | None:
    """The offsets of the number in ``text`` that answers the number ``question`` (see
    the module docstring), or None when ``text`` holds no candidate."""
    q_numbers = _question_numbers(question)
    dates = [(m.start(), m.end()) for m in DATE_RE.finditer(text)]
    asked = asked_classes(question)
    rate = asks_rate(question)
    target = _TARGET_RE.search(question) is not None
    counted = [w.lower().rstrip("s") for w in _counters(question) if _counted_word(w)]
    numbers = sorted(_numbers(text) + _glued_counts(text, asked, counted), key=lambda n: n.start)
    extreme = _extreme(
        question,
        [n for n in numbers if not _is_question_number(n, q_numbers) and not _in_date(n, dates)],
        asked,
    )
    hits = _term_hits(text, q_terms)
    # The question's own numbers are label words of the numbers after them.
    hits += [(n.start, n.end) for n in numbers if _is_question_number(n, q_numbers)]
    weights = {(n.start, n.end): W_Q_NUMBER for n in numbers if _is_question_number(n, q_numbers)}
    bounds = [m.end() for m in _BOUNDARY_RE.finditer(text)]
    best: tuple[float, int, int] | None = None
    prev_end = 0
    nexts = [m.start for m in numbers[1:]] + [len(text)] * bool(numbers)
    for n, next_start in zip(numbers, nexts, strict=True):
        own = _is_question_number(n, q_numbers)
        dated = _in_date(n, dates) and not (n.classes & asked) and "days" not in n.classes
        if own or dated:
            continue
        left = max([prev_end, *[b for b in bounds if b <= n.start]])
        prev_end = n.end
        segment_end = min([b for b in bounds if b > n.end] + [len(text)])
        score = 0.0
        for a, b in hits:
            if left <= a and b <= n.start:
                score += weights.get((a, b), W_LABEL) / (1.0 + (n.start - b) / LABEL_SCALE)
            elif (
                n.end <= a < segment_end
                and (a - n.end <= AFTER_CHARS or segment_end <= next_start)
                and not _TARGET_RE.match(text, a)
            ):
                # The word right after it, the noun it counts ("5T tokens", "128k 어휘"),
                # and the rest of its segment when no other number follows there
                # ("15T tokens로 pretraining,"); otherwise they label the next number. A
                # target word labels the number after it ("44 ms로 목표 50 ms").
                score += W_AFTER / (1.0 + (a - n.end) / LABEL_SCALE)
        if asked and n.classes & asked:
            score += W_UNIT
        elif asked and n.classes:
            score -= W_OTHER_UNIT
        elif counted and n.classes - {"items"}:
            # "How many prompts …?" over "65B 파라미터 … 1,000개의 프롬프트": a count of a
            # thing of no known unit is no size, share or duration (a generic counter is
            # any count's).
            score -= W_OTHER_UNIT
        if n.start == extreme:
            score += W_EXTREME
        if _TARGET_RE.search(text, left, n.start):
            # The label before it, up to the previous number or boundary, names a target.
            score += W_TARGET if target else -W_TARGET
        if rate and rate_written(text, n.start, n.end):
            # "한 개당 2,000원꼴" after "총 1억 2천만 원" for "each instruction cost".
            score += W_RATE
        # Ties go to the first number: a line leads with its headline figure ("Best
        # open model 61.5, best API model 72.9"; "total 47B / active 6B").
        if best is None or score > best[0]:
            best = (score, n.start, n.end)
    if best is None:
        return None
    # "N=50", "k=5", "r = 16": the number is its variable's value, cut with the name.
    named = _ASSIGNED_RE.search(text, 0, best[1])
    return (named.start() if named else best[1]), best[2]


def _glued_counts(text: str, asked: Collection[str], counted: Collection[str]) -> list[_Number]:
    """Counts glued by a hyphen to the counter the question asks in ("4-bit" for "how
    many bits" / "몇 비트", "256-shot" for "how many shots"): no candidates otherwise
    (they read as a name's part, "top-2"), the answer when they count the asked thing;
    and for a factor asked, one written "x3"."""
    out: list[_Number] = []
    for m in _GLUED_RE.finditer(text):
        word = m.group(1).lower()
        classes = _unit_classes(word)[0]
        if classes & set(asked) or any(word.startswith(c) for c in counted):
            value = text[m.start() : m.start(1) - 1]
            out.append(_Number(m.start(), m.end(), value, m.group(1), classes))
    if "times" in asked:
        # "x3 speed-up", "×2.5": a factor with its sign before the number, which the
        # number pattern reads as a name's letter ("x3" like "v3").
        for m in _TIMES_BEFORE_RE.finditer(text):
            out.append(_Number(m.start(), m.end(), m.group(1), "x", frozenset({"times"})))
    return out


_TIMES_BEFORE_RE = re.compile(r"(?<![A-Za-z0-9])[x×]\s?(\d+(?:\.\d+)?)(?![\d.]*\s*[x×*]\s*\d)")


#: "제일 큰 모델", "the largest model", "최소 사이즈": the value asked is the largest or the
#: smallest of the line's values of one unit ("OpenELM은 0.27B, 0.45B, 1.08B, 3.04B 모델
#: 공개"). Only sizes and amounts: "최고 성능" / "best" name what a number is *of* ("12개
#: 벤치마크 중 11개에서 최고 성능"), not which number is asked.
_LARGEST_RE = re.compile(
    r"(?:제일|가장)\s*(?:크|큰|많|긴|길)|최대\s*(?:크기|사이즈|모델)"
    r"|\b(?:largest|biggest|most|longest|maximum)\b",
    re.I,
)
_SMALLEST_RE = re.compile(
    r"(?:제일|가장)\s*(?:작|적|짧)|최소\s*(?:크기|사이즈|모델)"
    r"|\b(?:smallest|fewest|least|shortest|minimum)\b",
    re.I,
)
_SCALE = {"k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}


def _magnitude(n: _Number) -> float | None:
    try:
        value = float(n.value.replace(",", ""))
    except ValueError:
        return None
    return value * _SCALE.get(n.unit.strip().lower(), 1.0) if MAGNITUDE in n.classes else value


def _extreme(question: str, numbers: list[_Number], asked: Collection[str]) -> int | None:
    """The start of the largest (or smallest) of three or more values of one unit class
    that ``question`` asks the largest (smallest) of, or None."""
    largest = _LARGEST_RE.search(question) is not None
    if largest == (_SMALLEST_RE.search(question) is not None):
        return None
    for name in sorted(set(asked)) or sorted({c for n in numbers for c in n.classes}):
        values = [(_magnitude(n), n.start) for n in numbers if name in n.classes]
        values = [(v, at) for v, at in values if v is not None]
        if len(values) >= 3:
            return (max(values) if largest else min(values))[1]
    return None


@dataclass(frozen=True, slots=True)
class AskedUnit:
    """What a number question counts, read once per question and matched against every
    candidate unit with :meth:`fit`: the unit classes it asks for, the counted words of
    no known class ("how many experts", "몇 편"), the question's own numbers, and whether
    it asks a value per something (``answer/rates.py``)."""

    classes: frozenset[str]
    counted: tuple[str, ...]
    q_numbers: frozenset[tuple[str, str]]
    rate: bool = False

    def fit(self, text: str) -> int:
        """Whether ``text`` writes a number in what the question counts: 1 when one is
        in an asked class ("참석 24명" for "몇 명이 왔어", "37일 학습" for "며칠 걸렸어")
        or counts the asked word ("96 experts" for "how many experts"); -1 when it
        writes numbers only in other known classes ("학습 토큰 2.1T" for "며칠"); else
        0. The question's own numbers and a date's parts ("11월 3일") do not count: a
        date is no count of days. A question asking a value per something ("초당 몇
        토큰") fits only a number written as a rate ("초당 19 토큰"); a total in the
        asked unit ("학습 토큰 1.5T") is a value of its type but not the asked one, -1
        as a number in another unit."""
        q_numbers = set(self.q_numbers)
        dates = [(m.start(), m.end()) for m in DATE_RE.finditer(text)]
        other = False
        for n in _numbers(text):
            if _is_question_number(n, q_numbers) or _in_date(n, dates):
                continue
            if n.classes & self.classes or self._counts(n, text) or self._labelled(n, text):
                if not self.rate or rate_written(text, n.start, n.end):
                    return 1
                other = True
            other = other or bool(n.classes and self.classes)
        if self._glued(text):
            return 0 if self.rate else 1
        return -1 if other else 0

    def _labelled(self, n: _Number, text: str) -> bool:
        """A number right after a word of the asked class ("차원 768", "dims: 768")."""
        before = _LABEL_BEFORE_RE.search(text, 0, n.start)
        return before is not None and bool(_unit_classes(before.group(1))[0] & self.classes)

    def _glued(self, text: str) -> bool:
        """A count glued to the asked counter by a hyphen ("256-shot" for "how many
        shots", "12-layer" for "몇 layer"): such a token is no number candidate (it reads
        as a name's part, "top-2"), but it writes the count the question asks for."""
        for m in _GLUED_RE.finditer(text):
            word = m.group(1).lower()
            if _unit_classes(word)[0] & self.classes or any(
                word.startswith(c) for c in self.counted
            ):
                return True
        return False

    def _counts(self, n: _Number, text: str) -> bool:
        if not self.counted:
            return False
        after = _COUNTED_AFTER_RE.match(text, n.end)
        word = (n.unit or (after.group(1) if after else "")).lower()
        return any(word.startswith(c) for c in self.counted)


def asked_unit(question: str) -> AskedUnit | None:
    """The :class:`AskedUnit` of ``question``, or None when it counts nothing known."""
    classes = asked_classes(question)
    if classes - {"items"}:
        # "파라미터가 몇 개야?": 개 is the generic counter; the measure named is what is
        # counted ("4개 block" is no answer to it, "35M" is).
        classes -= {"items"}
    if MAGNITUDE in classes:
        # "KV cache 크기는?": a size is also written in bytes ("24KB", "24,576 bytes").
        classes |= {"memory"}
    if "times" in classes:
        # "By what factor does it cut KV cache memory?": a ratio, not the memory itself.
        classes = frozenset({"times"})
    counted = tuple(
        dict.fromkeys(w.lower().rstrip("s") for w in _counters(question) if _counted_word(w))
    )
    if not classes and not counted:
        return None
    return AskedUnit(classes, counted, frozenset(_question_numbers(question)), asks_rate(question))


def _counted_word(word: str) -> bool:
    """A counter of no known class worth matching: two letters or more in English, any
    Korean counter ("편", "쪽")."""
    if not word or _unit_classes(word)[1] or word in ("B", "M", "K", "T"):
        return False
    return bool(re.match(r"[가-힣]", word)) or len(word) >= 3


__all__ = [
    "DURATION_CLASSES",
    "UNIT_CLASSES",
    "AskedUnit",
    "asked_classes",
    "asked_unit",
    "number_span",
]
