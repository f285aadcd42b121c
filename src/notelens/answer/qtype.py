"""Question analysis: what kind of token answers the question (Korean and English).

:func:`answer_type` maps a question to an :class:`AnswerType` — the expected answer
(a number with its unit, a size such as 7B or 4,096 tokens, a person, an organisation,
a model or paper name, a title, a date, a week, a definition, a reason, a method, a
list of N items). The extractor prefers answer units that contain a token of that type
(:func:`has_evidence`), and the span extractor (``answer/span.py``) cuts the short
answer with the same patterns.

The rules are ordered: the first that matches wins, so the more specific questions
("which week", "how many parameters") come before the general ones ("when", "how").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from notelens.analysis.dates import MONTH_NAMES
from notelens.answer.class_words import generic_name

Kind = Literal[
    "week",
    "date",
    "size",
    "number",
    "person",
    "org",
    "title",
    "name",
    "list",
    "definition",
    "reason",
    "method",
    "place",
    "other",
]


@dataclass(frozen=True, slots=True)
class AnswerType:
    """The expected answer of a question; ``count`` for "the four stages" (list of N)."""

    kind: Kind
    count: int | None = None


#: The number words of both languages ("the four stages", "다섯 가지"): list sizes here,
#: and the places of ``answer/ordinal_items.py`` and the counts of ``answer/lists.py``.
NUM_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "두": 2,
    "세": 3,
    "네": 4,
    "다섯": 5,
    "여섯": 6,
    "일곱": 7,
    "여덟": 8,
    "아홉": 9,
    "열": 10,
}
#: The Korean ones of :data:`NUM_WORDS` (두 … 열).
KO_NUM_WORDS = {w: n for w, n in NUM_WORDS.items() if not w.isascii()}

_I = re.I
#: A count asked by "수" written apart after its noun, at the question's end or before
#: 몇 / 얼마 ("문항 수는?", "GPU 수?"): the number rule below reads it as a count asked,
#: ``numbers._counters`` reads the noun before it as the counter.
KO_COUNT_BY_SU = r"\s+수(?:는|가|를|은|이|도)?\s*(?:\?\s*$|$|몇|얼마)"
#: "논문 년도" (the spelling most people type for 연도) asks a year as 연도 does;
#: "2023년도 논문" names one. Shared with ``extractive.question_type``.
YEAR_NOUN = r"(?<!\d)(?<!\d\s)년도"
_RULES: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    # "1월 몇째 주" asks the week (its month is the question's own, or asked beside it).
    (
        "week",
        re.compile(
            r"몇\s*주\s*차|몇\s*번째\s*주|몇\s*째\s*주|어느\s*주|\bwhich week\b|\bwhat week\b", _I
        ),
    ),
    (
        "size",
        re.compile(
            r"\bhow (?:big|large|long)\b|\bwhat size\b"
            r"|\bhow many (?:parameters|tokens|layers|heads)"
            r"|\b(?:context length|parameter count|model size|size|memory)(?![A-Za-z])"
            r"|크기|몇\s*B(?![A-Za-z])|파라미터\s*수"
            r"|몇\s*토큰|몇\s*개의?\s*(?:파라미터|토큰|레이어|head|헤드)|길이",
            _I,
        ),
    ),
    (
        "date",
        re.compile(
            r"\bwhen\b|\bwhat (?:year|date|day|month|century|time)\b|\bwhich (?:year|date|month)\b"
            # "언제나" / "언제든" are "always" / "any time"; "시기" is asked when it is the
            # question's noun ("… 시기는?", "어느 시기"), not in "인도 몬순 시기에 …".
            # "며칠에" is a day of the month; "며칠인가 / 며칠 걸렸어" a count of days.
            r"|\bin what year\b|언제(?!나|든)|몇\s*년|몇\s*월|며칠(?=\s*에)|몇\s*일에|연도|날짜"
            rf"|{YEAR_NOUN}"
            r"|(?:어느|어떤|무슨)\s*시기|시기(?:는|가|를|은|이)|몇\s*세기"
            # "데뷔 일자는?", "방영일자는": a date asked by its noun ("일자리" is a job).
            r"|일자(?:는|가|를|은|이)"
            r"|어느\s*기간|\bwhat period\b",
            _I,
        ),
    ),
    (
        "number",
        re.compile(
            r"\bhow (?:many|much|often|old|far|fast)\b|\bwhat (?:percentage|percent|number|ratio)\b"
            r"|\bby how\b|\bhow many times\b|몇|며칠|얼마|비율|규모"
            # "… 층수는?", "최대 평수는?", "팔린 갯수는?": a count asked by its noun.
            r"|(?:층|평|개|갯|횟|가구|인원|점)수(?:는|가|를|은|이)(?!\S*\s*(?:무엇|어떻|왜))"
            # "KoBEST-2 전체 문항 수는?", "GPU 수?", "the number of layers": the count
            # asked by "수" after its noun, written apart (glued, 변수 / 교수 / 함수 are
            # other words), or by "number of" ("a number of" is "several").
            rf"|(?<=[가-힣A-Za-z0-9]){KO_COUNT_BY_SU}"
            r"|\b(?:the|total) number of\b|^\s*number of\b"
            r"|배\s*(?:나|정도)?\s*(?:빠|느|크|줄|늘)"
            # "임베딩 차원은?": a dimension is a count.
            r"|(?<![가-힣])차원\s*(?:은|는|이|가|수)",
            _I,
        ),
    ),
    (
        "person",
        re.compile(
            r"\bwho(?:m|se)?\b|\bwhich (?:person|author|speaker|presenter)\b|누가|누구|누군"
            r"|발표자|저자|발표한\s*사람|어떤\s*사람|인물|이름은"
            # "에세이를 쓴 사람은?", "작성자는?": who wrote the note.
            r"|(?:쓴|작성한|만든)\s*사람|작성자|글쓴이"
            # The keeper, transcriber or reviewer of a note asked by the role alone ("노트
            # 레포 maintainer", "SFT 로그 owner?"): a person, read by answer/roles.py.
            r"|\bmaintainer\b|\bowner\b|\breviewer\b|\btranscriber\b|관리자|담당자|책임자|리뷰어",
            _I,
        ),
    ),
    (
        "org",
        re.compile(
            r"\bwhich (?:company|organi[sz]ation|lab|institution|university|team)\b"
            r"|\bwhat (?:company|organi[sz]ation|lab|institution)\b|\baffiliation\b"
            r"|어느\s*(?:회사|기관|연구소|대학|팀|곳)|어떤\s*(?:회사|기관|연구소)|소속|기관"
            # Where a paper "came from" is its lab; where it was published, its venue.
            r"|어디(?:서|에서)\s*(?:나왔|나온|만들|발표|공개)|학회|\bvenue\b|\bconference\b"
            r"|\bwhich (?:conference|journal)\b|\bpublished (?:at|in)\b",
            _I,
        ),
    ),
    (
        "title",
        re.compile(
            r"\b(?:title|name) of the (?:paper|article|post|blog)\b|\bwhich paper\b|\bwhat paper\b"
            r"|논문\s*(?:제목|이름)|어떤\s*논문|어느\s*논문|무슨\s*논문|제목",
            _I,
        ),
    ),
    (
        "name",
        re.compile(
            r"\bwhich (?:model|method|dataset|benchmark|library|tool|algorithm|optimizer"
            r"|technique)\b"
            r"|\bwhat (?:model|dataset|benchmark|library|tool|algorithm)\b|\bwhat is it called\b"
            r"|\bfrom which\b|어떤\s*(?:모델|데이터셋|벤치마크|라이브러리|도구|알고리즘)"
            r"|어느\s*(?:모델|데이터셋|벤치마크)|무슨\s*(?:모델|데이터셋|벤치마크)|이름",
            _I,
        ),
    ),
    (
        # "How does the note describe X?" asks for the note's definition of X.
        "definition",
        re.compile(
            r"어떻게\s*(?:설명|정의)|\bhow (?:does|do|is) .{0,60}\b(?:define|describe)d?\b"
            r"|^\s*\S.{0,40}?(?<![가-힣])\S*(?:이)?란\s*\??\s*$",
            _I,
        ),
    ),
    (
        "reason",
        re.compile(r"\bwhy\b|\bwhat (?:caused|causes)\b|\breason\b|왜|이유|원인|까닭", _I),
    ),
    (
        "method",
        re.compile(r"\bhow (?:does|do|did|is|are|can|to)\b|어떻게|어떤\s*방법|방법은|방식은", _I),
    ),
    (
        "definition",
        re.compile(
            r"^\s*what (?:is|are|does)\b(?!.*\b(?:name|called)\b)|\bdefine\b|\bmeaning of\b"
            r"|(?:이|가|은|는)?\s*(?:뭐|무엇)(?:야|인가|인가요|이야|이에요|예요|을 말|을 뜻)"
            r"|뜻은|의미는|정의는|란\s*(?:뭐|무엇)",
            _I,
        ),
    ),
    # "장소" as a word: "저장소" (a repository) asks for no place.
    ("place", re.compile(r"\bwhere\b|어디|어느\s*곳|(?<![가-힣])장소", _I)),
)

_LIST_RE = re.compile(
    r"\b(?:what|which|name|list) (?:are )?(?:the )?"
    r"(\d+|two|three|four|five|six|seven|eight|nine|ten)\b"
    r"|(\d+|두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s*(?:가지|개의?\s*(?:단계|요소|방법|종류|항목))"
    r"|\blist\b|\bwhat are the (?:\w+ )?(?:stages|steps|components|types|kinds|parts)\b"
    r"|종류(?:는|가)|나열|단계(?:는|를)"
    # "Which write-ups are linked / listed?", "예시는 뭐가 있어?", "비교한 방법들은?": the
    # items of one list.
    r"|\bwhich (?:[\w/-]+ ){1,5}?(?:are|were) (?:listed|linked|mentioned|included|compared)\b"
    r"|뭐가\s*있|무엇이\s*있|어떤\s*것들|[가-힣]들(?:은|는|이|을)\s*(?:뭐|무엇)?\S*\s*\??\s*$",
    _I,
)


_ALSO: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    ("week", re.compile(r"주\s*차|\bweek\b", re.I)),
    ("person", re.compile(r"\bwho\b|누가|누구|발표자|발표한\s*사람", re.I)),
    ("date", re.compile(r"\bwhen\b|언제(?!나|든)|날짜|\bdate\b", re.I)),
    ("org", re.compile(r"affiliation|소속|기관|어느 회사|which (?:company|lab)", re.I)),
)


def asked_kinds(question: str, atype: AnswerType) -> tuple[Kind, ...]:
    """The answer type's kind, then the other kinds the question also asks for
    ("who presented it, and in which week?": person and week)."""
    kinds: list[Kind] = [atype.kind]
    question = scene_when_masked(question)
    kinds += [k for k, p in _ALSO if p.search(question) and k not in kinds]
    return tuple(kinds)


# "What does the title mean when it says …", "How old was he when he played …", "Who
# was the leader when the Franks …": a "when" after another question word opens a
# clause that sets the scene; the question asks what / how / who. Only "and when",
# ", when" (a second thing asked: "Who wrote it, and when?") or a "when" no question
# word precedes asks for a date.
_WH_BEFORE_RE = re.compile(r"\b(?:what|which|who|whom|whose|how|why|where)\b", re.I)
_WHEN_RE = re.compile(r"\bwhen\b", re.I)
_ASKED_WHEN_RE = re.compile(r"(?:\b(?:and|or)\s+|,\s*)$", re.I)


def scene_when_masked(question: str) -> str:
    """``question`` with a scene-setting "when" (see above) blanked out, so the date
    rules do not read it as the thing asked."""
    out = question
    for m in reversed(list(_WHEN_RE.finditer(question))):
        before = question[: m.start()]
        if _WH_BEFORE_RE.search(before) and not _ASKED_WHEN_RE.search(before):
            out = out[: m.start()] + "_" * 4 + out[m.end() :]
    return out


# "어떻게 될까 / 어떻게 돼 / 어떻게 변해": what becomes of the subject; "몇 / 얼마 / how
# many" beside it still counts ("몇 배가 어떻게 돼?" is rare, "얼마나 늘어?" a number).
_OUTCOME_RE = re.compile(r"어떻게\s*(?:될|되|돼|됐|변하|변해|변했|바뀌|바뀔|달라지|달라질)")
_COUNTED_RE = re.compile(r"몇|얼마|\bhow (?:many|much)\b", _I)

# "왜" / "why" as the interrogative (not "이유" or "원인", nouns that other questions
# count or date: "원인이 몇 가지야?").
_WHY_RE = re.compile(r"\bwhy\b|왜", _I)


def answer_type(question: str) -> AnswerType:
    """The expected answer of ``question`` (``other`` when nothing matches)."""
    question = scene_when_masked(question)
    m = _LIST_RE.search(question)
    if m:
        word = (m.group(1) or m.group(2) or "").lower()
        count = int(word) if word.isdigit() else NUM_WORDS.get(word)
        # "몇 개" is a number question; "다섯 가지" / "the four stages" a list.
        if count is not None or not re.search(r"몇|how many", question, _I):
            return AnswerType("list", count)
    if _OUTCOME_RE.search(question) and not _COUNTED_RE.search(question):
        # "합성 데이터 비율은 앞으로 어떻게 될까?": what becomes of it (a trend, an
        # outcome: "훨씬 높아질 것임"), neither a number for its quantity noun nor a method.
        return AnswerType("other")
    if _WHY_RE.search(question):
        # "9주차 발표자가 왜 바뀌었어?", "Why did the team drop the 7B run?": the
        # interrogative asks the reason; the role noun or the number beside it is its topic.
        return AnswerType("reason")
    for kind, pattern in _RULES:
        if pattern.search(question):
            return AnswerType(kind)
    if _PLURAL_ASK_RE.search(question):
        return AnswerType("list")
    return AnswerType("other")


# "On which benchmarks did …", "Which Llama 3 sizes were released?", "What topics does
# … cover?": a plural noun asked for by which / what wants the items of a list (the
# notes keep them as bullets, or as "A, B and C" inside one). Only a question no other
# rule typed: "which years" stays a date, "which models" a name. Up to two words of
# the noun's own phrase may stand between ("which Llama 3 sizes"), never a verb or "of"
# ("what class of ships"), and "-ss / -us / -is" are singular ("status", "analysis").
_AUX = r"(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|should|may|might)"
_PLURAL_ASK_RE = re.compile(
    rf"\b(?:which|what)\s+(?:(?!{_AUX}\b|of\b)[\w.-]+\s+){{0,2}}?"
    rf"(?!{_AUX}\b)(?!this\b|thus\b|its\b|has\b)([a-z]{{2,}}[^siu\W]s)\b"
    rf"\s+(?:{_AUX}|of|in|on|from|that|the)\b",
    re.I,
)


# -- evidence: tokens of each type ------------------------------------------------------

_UNIT = (
    r"(?:%|퍼센트|배|개|명|년|월|일|시간|시|분|초|주|회|점|층|개월|ms|s|x|×|times|tokens?|토큰|layers?"
    r"|heads?|bytes?|[KMGT]B|GB|MB|KB|GPU|hours?|days?|epochs?|steps?|samples?|examples?"
    r"|questions?|문제|원|달러|%p)"
)
SIZE_RE = re.compile(
    r"(?<![\w.])\d+(?:\.\d+)?\s?[BMKT](?![a-zA-Z])|\d{1,3}(?:,\d{3})+(?:\s*(?:tokens?|토큰|bytes))?"
    r"|\d+(?:\.\d+)?\s?(?:[KMGT]B|tokens?|토큰|K\b)|\d+[KkM]\s*(?:context|vocab)",
)
# A magnitude or a "-shot" glued to the number is part of it ("75k", "250k pairs",
# "128-shot"), and "3.4T" is one number, not the "3" before its decimal point.
NUMBER_RE = re.compile(
    rf"(?<![\w.\-/])(?:약\s*|about\s+|~)?\d+(?:[.,]\d+)*(?:\s*[~\-–]\s*\d+(?:[.,]\d+)*)?\s?{_UNIT}?"
    r"(?:(?<=\d)[kKMBT]|-[a-z]+)?(?![A-Za-z0-9/\-]|\.\d)"
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million|billion)\b"
    r"|(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s*(?:배|개|명|가지|번)",
    re.I,
)
#: A count a note writes in a Korean numeral word and its counter ("두 단계 PEFT 프레임워크",
#: "세 줄 요약", "네 편"): NUMBER_RE reads the word only before the few counters prose uses
#: as well (배, 개, 명, 가지, 번), and is left so for prose; a note unit's count is read with
#: the other counters too (``strength._type``). "한" is left out: before a noun it is "a"
#: as often as "one" ("한 연구에서").
KO_NUMERAL_COUNT_RE = re.compile(
    r"(?<![가-힣])(?:두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s*"
    r"(?:단계|가지|개|명|번|배|장|편|권|줄|층|곳|종류|쌍|회|차례|문장|시간|달|주)(?![가-힣]{2})"
)
#: A share or a span a note writes as a word, no digit: "절반" (half), "반년" (half a year),
#: "half", "twice" ("사전학습 데이터를 절반 사용", "ChatGPT 릴리즈 후, 반년도 안되어"): the
#: value of "how much …?" / "얼마 만에" (``strength._type``, twenty-ninth round).
KO_FRACTION_RE = re.compile(r"(?<![\d가-힣])(?:절반|반년|반나절|반개월)|\b(?:half|twice)\b", re.I)


def number_in_words(text: str) -> bool:
    """Whether ``text`` writes a number as a word, no digit: a count in a Korean numeral
    and its counter (:data:`KO_NUMERAL_COUNT_RE`: "두 단계") or a share or a span
    (:data:`KO_FRACTION_RE`: "절반", "반년"). Read over a note unit (a line, an item) for a
    number question, by both the unit scorer (``candidates._typed``) and the refusal
    signal (``strength._type``)."""
    return KO_NUMERAL_COUNT_RE.search(text) is not None or KO_FRACTION_RE.search(text) is not None


DATE_RE = re.compile(
    r"\b(?:19|20)\d{2}[-./]\d{1,2}(?:[-./]\d{1,2})?\b|\d{4}\s*년(?:\s*\d{1,2}\s*월)?(?:\s*\d{1,2}\s*일)?"
    rf"|\d{{1,2}}\s*월\s*\d{{1,2}}\s*일|\d{{1,2}}\s*월|\b(?:19|20)\d{{2}}\s+(?:{MONTH_NAMES})\b"
    # (The day is one or two digits: "Jan 2031" is a month and its year, not "Jan 20".)
    rf"|\b(?:{MONTH_NAMES})\.?\s+\d{{1,2}}(?!\d)(?:,\s*\d{{4}})?|\b(?:{MONTH_NAMES})\s+(?:19|20)\d{{2}}\b"
    # "2024 1/27": a year and a month/day, one date (before the year alone).
    r"|\b(?:19|20)\d{2}\s+\d{1,2}/\d{1,2}\b"
    r"|\b\d{1,2}/\d{1,2}\b|\b(?:1[0-9]|20)\d{2}\b|\d+\s*세기|\d+(?:st|nd|rd|th) century",
    re.I,
)
WEEK_RE = re.compile(r"\d+\s*주\s*차|\bweek\s*\d+\b|\d+(?:st|nd|rd|th)\s+week\b", re.I)
LATIN_NAME_RE = re.compile(
    r"(?<![\w-])(?:[A-Z][\w.+]*(?:[-/][\w.+]+)*|[a-z]+[A-Z][\w-]*|[A-Za-z]+-?\d[\w.-]*)"
    r"(?:\s+(?:[A-Z][\w.+-]*|\d[\w.]*[BMK]?))*"
)
# English names only where the text marks them as people ("Hoffmann et al.", "by Ada
# Lovelace"): title-cased word pairs are mostly paper titles in notes.
PERSON_RE = re.compile(
    r"\b[A-Z][a-z]+(?:[- ][A-Z][a-z]+)*(?:\s+et al\.?)"
    r"|(?<=\bby )[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z]+\b"
    r"|[가-힣]{2,4}\s*(?:교수|박사|씨|님|연구원|감독|선수|대표)"
)
# A Korean full name: a common surname and two syllables, standing alone (no particle).
# Nor a "-적" / "-히" word ("안정적", "구체적", "신속히"): those suffixes make adjectives
# and adverbs of Sino-Korean nouns and end no given name.
KO_NAME_RE = re.compile(
    r"(?<![가-힣])(?!주차|이번|이후|이전|이상|이하|정리|기존|기반|성능|조건|전체|최대|최소|최근|고정"
    r"|안전|한국|문제|정도|진행|발표|우리|구조|방법|방식|모델|학습|연구|추가|이름|이유|장점|단점|성공"
    r"|정확|정답|조정|전원|한번|유사|유지|이용|이해|도구|공개|공유|주제|주의|신청|기간|강의|노트)[김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민나진지엄채원천방공현함변염여추도]"
    r"[가-힣]{2}(?<![에는은가을를로의함음됨임다고서도만요와과랑게지적히])(?![가-힣])"
)
_REASON_RE = re.compile(
    r"때문|위해|위하여|위한|덕분|따라서|그래서|므로|라서|because|since|due to|so that|in order to"
    r"|as a result|led to|caused|→",
    re.I,
)
_METHOD_RE = re.compile(
    r"으로|로써|통해|이용|사용|방식|\bby\b|\busing\b|\bthrough\b|\bvia\b|→", re.I
)
_PLACE_RE = re.compile(r"에서|\bin\b|\bat\b|위치|지역|도시|나라|회의실|층", re.I)
_ORG_RE = re.compile(
    r"\b(?:Google|DeepMind|Meta|OpenAI|Open AI|Anthropic|antropic|Microsoft|Mistral|MIT|Stanford"
    r"|Standford|Berkeley|NVIDIA|Apple|Amazon|Naver|NAVER|Kakao|LG|Samsung|upstage|Upstage|AI2"
    r"|AI21 Labs|Scale AI|Hugging ?Face|Alibaba|Tsinghua|Univ\w*"
    r"|NeurIPS|ICML|ICLR|ACL|EMNLP|NAACL|CVPR|ICCV|ECCV|AAAI|COLM|SOSP|OSDI|KDD|SIGIR)\b"
    r"|(?:대학교?|연구소|연구원|랩|회사)\b"
)


def type_pattern(kind: Kind) -> re.Pattern[str] | None:
    """The pattern of tokens that can answer a question of ``kind`` (None: any text)."""
    return {
        "week": WEEK_RE,
        "date": DATE_RE,
        "size": SIZE_RE,
        "number": NUMBER_RE,
        "person": PERSON_RE,
        "org": _ORG_RE,
        "name": LATIN_NAME_RE,
        "reason": _REASON_RE,
        "method": _METHOD_RE,
        "place": _PLACE_RE,
    }.get(kind)


def has_evidence(kind: Kind, text: str) -> bool:
    """Whether ``text`` holds a token of the answer type (a number, a name, a week…)."""
    if kind == "person" and KO_NAME_RE.search(text):
        return True
    pattern = type_pattern(kind)
    if kind == "name":
        # "LLM 기반 분류기" writes a kind of model, no name (answer/class_words.py).
        return any(not generic_name(m.group()) for m in LATIN_NAME_RE.finditer(text))
    return bool(pattern is not None and pattern.search(text))
