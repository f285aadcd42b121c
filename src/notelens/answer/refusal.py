"""Refusal signals beyond the evidence score: the measure a question asks for.

A question that asks for a count *in a named measure* — "몇 fps", "몇 %", "몇 장",
"몇 배", "how much faster", "what percentage" — is answered only by a unit that states
a number in that measure. Near-domain questions the notes cannot answer ("MimicMotion은
몇 fps 비디오를 생성해?" over a note that names MimicMotion but gives no frame rate)
otherwise reach the answer with a unit that shares the entity and holds *some* number
(a year, a model size): the passage-level checks pass, the answer is wrong.

:func:`asked_measure` finds the measure word; :func:`measure_stated` checks a unit for a
number followed by it (or by its English / symbol form). Generic counters (개, 가지,
번, 명, 년, 월, 일, 주차) are not measures: every count has them, so they single out
nothing (and weeks, dates and people have their own answer types in ``qtype.py``).
The extractor scales the evidence strength by ``1 - MEASURE_PENALTY`` when the best
unit does not state the measure (calibrated on the odd ids of the notes and
unanswerable sets, docs/benchmarks.md "Answers on notes, third round").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from notelens.analysis.lang import has_hangul, is_hangul_word
from notelens.analysis.lexicon import LANGUAGE_NAMES
from notelens.analysis.particles import trailing_particle
from notelens.answer import note_attributes as na

if TYPE_CHECKING:
    from notelens.types import Hit

MEASURE_PENALTY = 0.3
# A unit that names every Latin name of the question and holds a token of each of two or
# more asked kinds ("who presented LoRA, and on what date?" -> a row with LoRA, a
# speaker and a date) answers it whatever the lexical overlap (an English question over
# a Korean table shares few words with it): its strength is at least this.
TYPED_FLOOR = 0.45
_TYPED = frozenset({"week", "date", "size", "number", "person", "org"})

# Counters any count uses, and the answer types with their own evidence patterns.
_GENERIC = frozenset({"개", "가지", "번", "명", "년", "월", "일", "주", "주차", "차", "살"})
# One-syllable measures that are real units (a lone syllable is otherwise a particle:
# "몇이야" asks "how many", with no measure), and the magnitudes a size or a token count
# is asked in ("파라미터 몇 B야?", "토큰 몇 T 썼어?": twenty-second round; upper case only,
# a number glued to it: "0.27B" states no "T").
_SHORT_MEASURES = frozenset("%배장골초분회층점권곳대편") | frozenset("BTMK")
_PARTICLE_RE = trailing_particle(
    # ("몇 개면 돼?", "몇 명씩", "몇 시간쯤": a condition or a share ends the measure too.)
    *("까지", "마다", "부터", "짜리", "정도", "이야", "이나", "인가", "인지", "이면", "야", "나"),
    *("면", "씩", "쯤"),
)
# Other spellings of a measure a Korean question asks in (notes write "2~3배" as well as
# "3x", "15T tokens" for 토큰).
_ALIASES: dict[str, str] = {
    "배": r"배|[x×](?![a-z])|times",
    "%": r"%|퍼센트|percent",
    "퍼센트": r"%|퍼센트|percent",
    "토큰": r"토큰|tokens?",
    "시간": r"시간|hours?|h(?![a-z])",
    "단계": r"단계|stages?|steps?",
    # (and the English measure of a mixed question over a Korean note: "몇 stage로" of
    # "두 단계")
    "stage": r"stages?|단계",
    "step": r"steps?|단계|스텝",
    "분": r"분|min(?:utes?)?",
    "초": r"초|s(?![a-z])|sec(?:onds?)?",
    # (notes write "7b" and "128k" in lower case as well; "t" and "m" are words' letters)
    "비트": r"비트|bits?(?![a-z])",
    "bit": r"bits?(?![a-z])|비트",
    "B": r"(?-i:[Bb])(?![A-Za-z])",
    "T": r"(?-i:T)(?![A-Za-z])",
    "M": r"(?-i:M)(?![A-Za-z])",
    "K": r"(?-i:[Kk])(?![A-Za-z])",
}
# The copula written onto "몇" in a tense or a mood of its own ("몇이었지", "몇이었어",
# "몇였더라", "몇이에요", "몇이죠", "몇일까"): an ending, no measure. (No measure word
# starts so: "이닝" aside, which notes of this kind do not count in.)
_COPULA_RE = re.compile(r"(?:이었|이였|였|이에|이예|이죠|이지|이냐|이니|일까|입니|이더|이라|인가)")
_PAST_COPULA_RE = re.compile(r"(?<=[가-힣])(?:이었|이였|였)[가-힣]*$")
# "몇년도", "몇 년도고", "몇년꺼야": a year asked (the "date" answer type's), read as such
# by the type and the date checks, no measure a count is written in. (A year's number is
# written bare, "(2022, 작성중)": as a measure nothing stated it, and every paper-year
# question lost ``MEASURE_PENALTY``; twenty-fifth round.)
_YEAR_RE = re.compile(r"년(?:도|꺼|거)")
# A Korean magnitude written onto its number ("2.1만 자", "2조 토큰", "1억 2천만 원"): the
# number is still one in the measure that follows. Read away before the value forms
# below, which expect the measure right after the digits (twenty-first round).
_MAGNITUDE_RE = re.compile(r"(?<=\d)\s?[천만억조]+(?!큼)")
_RATIO_WORD_RE = re.compile(r"\b(?:twice|double[ds]?|triple[ds]?|\w+fold)\b|절반", re.I)
# A factor's sign written before its number, with the change it measures beside it ("x3
# speed-up", "×2.5 빠름", "speedup: x4"); "A100 x8" counts GPUs.
_TIMES_BEFORE_RE = re.compile(
    r"(?<![A-Za-z0-9])[x×]\s?\d+(?:\.\d+)?\s*(?:speed-?ups?|faster|slower|cheaper|smaller"
    r"|larger|빠|느|향상|개선|감소|증가|절감|줄|늘)"
    r"|speed-?ups?\s*[:=]?\s*[x×]\s?\d",
    re.I,
)
_KO_MEASURE_RE = re.compile(r"몇\s*(%|[A-Za-z]+|[가-힣]+)")
_EN_PERCENT_RE = re.compile(r"\bwhat percentage\b|\bhow many percent\b", re.I)
_EN_TIMES_RE = re.compile(
    # ("How many times" counts occurrences: "won the cup twice" has no ratio.)
    r"\bhow much (?:faster|slower|smaller|larger|bigger|cheaper|less|more)\b",
    re.I,
)
# A number (digits, or a Korean numeral word: "두 단계") with up to two characters of
# prefix to the measure ("15T tokens", "2~3배", "약 20 토큰").
_NUMBER = r"(?:\d|(?<![가-힣])(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉|열))"


def typed_floor(question: str, unit_text: str, unit_context: str) -> float:
    """:data:`TYPED_FLOOR` when the unit holds all the question asks (see there), else 0."""
    from notelens.answer.evidence import names_missing
    from notelens.answer.grounding import latin_names
    from notelens.answer.qtype import answer_type, asked_kinds, has_evidence

    atype = answer_type(question)
    kinds = [k for k in asked_kinds(question, atype) if k in _TYPED]
    if atype.kind not in _TYPED or len(kinds) < 2 or not latin_names(question):
        return 0.0
    if names_missing(question, f"{unit_context} {unit_text}") > 0:
        return 0.0
    if day_unstated(question, unit_text):
        # "몇월 며칠" over "2022 Jun": the unit's date is not the one asked (twenty-second
        # round), whatever else it holds.
        return 0.0
    return TYPED_FLOOR if all(has_evidence(k, unit_text) for k in kinds) else 0.0


def asked_measure(question: str) -> str | None:
    """The measure word the question asks a count in (``fps``, ``%``, ``배``), or None."""
    m = _KO_MEASURE_RE.search(question)
    if m is not None:
        word = _PARTICLE_RE.sub("", m.group(1))
        word = _PARTICLE_RE.sub("", word)  # "개월마다" -> "개월"; "주차까지" -> "주차"
        if _COPULA_RE.match(word):
            # "정확도 몇이었지?", "몇이에요", "몇였더라": "몇" is the number itself, the
            # rest the copula's ending (twenty-first round).
            word = ""
        # "몇 배였어?", "몇 페이지였지": the measure, then the copula's past tense.
        word = _PAST_COPULA_RE.sub("", word)
        if _YEAR_RE.match(word):
            word = ""
        if word and word not in _GENERIC and (len(word) > 1 or word in _SHORT_MEASURES):
            return word
    if _EN_PERCENT_RE.search(question):
        return "%"
    if _EN_TIMES_RE.search(question):
        return "배"
    return None


def known_measure(measure: str) -> bool:
    """Whether ``measure`` is a unit a count is written in: a Latin one ("fps", "GB"),
    "%", or a Korean one whose spellings or syllable are known here. What
    :func:`asked_measure` reads after "몇" in a typed question may be a counter with its
    ending ("몇개로도" -> "개로도", "몇 년도야" -> "년도야"), which no passage writes."""
    return (
        (measure.isascii() and measure.isalpha())
        or measure in _ALIASES
        or measure in _SHORT_MEASURES
    )


def measure_stated(measure: str, text: str) -> bool:
    """Whether ``text`` states a number in ``measure`` ("30 fps", "2~3배", "3x")."""
    text = _MAGNITUDE_RE.sub("", text)
    pattern = _ALIASES.get(measure, re.escape(measure))
    if measure == "배" and (_RATIO_WORD_RE.search(text) or _TIMES_BEFORE_RE.search(text)):
        # ("x3 speed-up", "×2.5": the factor's sign written before its number.)
        return True
    if re.search(rf"{_NUMBER}[\d.,]*\s*\S{{0,2}}?\s*(?:{pattern})", text, re.I) is not None:
        return True
    return counter_stated(measure, text)


def counter_stated(measure: str, text: str) -> bool:
    """Whether ``text`` writes a member of the series ``measure`` counts, in either order
    or language: "몇 시즌" over "거꾸로 읽는 SSL 시즌3" (the counter before its number),
    "몇 주차" over "Week 3" (``members.members`` reads both)."""
    from notelens.answer.members import PROBE, members, probed_counters

    counters = set(probed_counters(f"{PROBE}{measure} {measure}{PROBE}"))
    return bool(counters) and any(c in counters for _, c in members(text))


def measure_factor(question: str, unit_text: str, unit_kind: str = "") -> float:
    """``1 - MEASURE_PENALTY`` when the question asks for a measure ``unit_text`` does not
    state, ``1 - ATTRIBUTE_PENALTY`` when it asks for an attribute whose value
    ``unit_text`` does not write (:func:`asked_attribute`), both when both, else 1.
    ``unit_kind`` is the best unit's: the attributes of :data:`NOTE_ATTRIBUTES` are not
    read over a prose sentence (a plain-text log's line, a ``"sentence"`` unit that does
    not read as one, is a note's)."""
    from notelens.answer.authorship import authors_text
    from notelens.answer.counted import count_stated, counted_noun
    from notelens.answer.units import reads_as_sentence

    factor = 1.0
    attribute = asked_attribute(question)
    if attribute in NOTE_ATTRIBUTES and unit_kind == "sentence" and reads_as_sentence(unit_text):
        attribute = None
    stated_in = unit_text
    if attribute == "params":
        stated_in = own_sizes(question, unit_text)
    elif attribute == "authors":
        # (A schedule row's presenter and title-cased title are no byline: authorship.py.)
        stated_in = without_names(question, authors_text(unit_text))
    elif attribute == "metric":
        # "DoRA rank 8 점수" over "rank 4, 8, 16 비교": the question's own numbers are
        # the entry's, not its score.
        stated_in = without_numbers(question, unit_text)
    if attribute is not None and not attribute_stated(attribute, stated_in):
        # "평균 길이는 몇 토큰": a measure asked as well weighs on top.
        factor = 1.0 - ATTRIBUTE_PENALTY
    if not (unit_kind == "sentence" and reads_as_sentence(unit_text)) and day_unstated(
        question, unit_text
    ):
        factor *= 1.0 - ATTRIBUTE_PENALTY
    measure = asked_measure(question)
    if measure is None and attribute is None:
        # "How many GPUs …": the English form of "몇 장", read over note units only (prose
        # spells its counts and names the noun in the sentence before: answer/counted.py).
        noun = counted_noun(question)
        prose = unit_kind == "sentence" and reads_as_sentence(unit_text)
        if noun is not None and not prose and not count_stated(noun, unit_text):
            return factor * (1.0 - MEASURE_PENALTY)
    if measure is None:
        return factor
    if measure_stated(measure, unit_text):
        # "B 쪽 학습률을 몇 배로?", "by what percentage did the cost fall?": the measure
        # asked is the form of the value, the attribute only what it measures; a unit
        # stating it ("B 쪽을 16배 크게") answers in that form (twenty-first round).
        return 1.0
    return factor * (1.0 - MEASURE_PENALTY)


# -- attributes whose value has one form (a number, a licence, a lab) ---------------

#: "What context length does X support?", "… 학습률은?": the value asked is a number of a
#: form the attribute fixes (8K / 4,096 tokens; 1024x1024; 2e-5 / 0.02), or for a
#: licence or a lab a name of a known form (Apache-2.0, "… Univ.", "… Lab").
#: A near-domain question over a unit that names X but not that attribute ("OpenELM은
#: 0.27B, 0.45B … 모델을 공개") otherwise passes every other check: the unit holds *a*
#: number (or the entity). The evidence strength is scaled by ``1 - ATTRIBUTE_PENALTY``
#: when the best unit writes no value of that form (sixth round, docs/benchmarks.md
#: "Refusal and cross-language notes": 0.3 refused 2 of the notes set's 4 odd questions,
#: 0.5 all 4; no answerable question of any set has ever lost by it). 0.7 since the
#: tenth round ("Refusals, tenth round"): the rule of the other "the unit answers
#: something else" penalties (``members.SIBLING_PENALTY``, ``unsettled.OPEN_PENALTY``),
#: a unit that names X and lacks the attribute must fall below the threshold (0.36)
#: from a strength near 1; 0.5 left two blind-archive questions answered at 0.36-0.38.
ATTRIBUTE_PENALTY = 0.7
# (The asked words end in "(?![a-z])", not "\b": "length는" has no word boundary.)
# Attribute -> (the words asking for it, the form its values are written in).
_ATTRIBUTES: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "context": (
        re.compile(
            r"\bcontext (?:length|window|size)(?![a-z])"
            r"|\b(?:max(?:imum)? )?sequence length(?![a-z])"
            # Korean and mixed ("context 길이는?": the English noun, the Korean word)
            r"|(?:컨텍스트|context)\s*(?:길이|윈도우|창|크기)|문맥\s*길이",
            re.I,
        ),
        # "8K", "128k", "4,096 tokens", "32K 토큰", and a power of two written alone as
        # notes write a length ("최대 길이 4,096", "seq len 2048").
        re.compile(
            r"\d[\d,.]*\s*[KkMm](?![A-Za-z])|\d[\d,]*\s*(?:tokens?|토큰)"
            r"|(?<![\d.,])(?:512|1,?024|2,?048|4,?096|8,?192|16,?384|32,?768|65,?536|131,?072)"
            r"(?![\d.,]*\d)"
        ),
    ),
    "resolution": (
        # Of an image or video only ("a UN resolution" is no measure).
        re.compile(
            r"\b(?:image|video|output|screen|display|pixel) resolution(?![a-z])"
            r"|\bresolution of (?:the )?(?:images?|videos?|outputs?)\b|해상도",
            re.I,
        ),
        re.compile(r"\d+\s*[x×]\s*\d+|\b\d{3,4}\s*p\b|\d+\s*(?:px|pixels?|픽셀)", re.I),
    ),
    "rate": (
        # A learning-rate *schedule* is a name ("cosine"), not a number.
        re.compile(
            r"\b(?:learning rate|coefficient|weight decay)(?![a-z])(?!\s+(?:schedul|warm))"
            r"|학습률(?!\s*스케줄)|계수"
            # A loss's weight named by its Greek letter ("What DPO beta did X use?", "KL
            # β는?", "λ 값"): a decimal as well (twenty-first round). (Not alpha: LoRA's
            # is an integer, "alpha 32"; not a "beta" release, which is a stage.)
            r"|\b(?:DPO|KL|KTO|IPO|SimPO|ORPO|GRPO)\s*(?:beta|β|lambda|λ)(?![a-z])"
            r"|\b(?:beta|lambda)\s*(?:value|coefficient|값|계수)"
            r"|\bwhat (?:\S+ ){0,2}?(?:beta|lambda)\b(?!\s+(?:release|version|stage))",
            re.I,
        ),
        # "0.02", "β=.1", "2e-5", "1 × 10^-4".
        re.compile(
            r"(?<![\w.])(?:\d*\.\d+|\d(?:\.\d+)?\s*[eE]\s*-\s*\d+|\d+\s*[x×]\s*10\s*\^?\s*-\s*\d+)"
        ),
    ),
    # Attributes whose value is a name, not a number: a bullet that names the model but
    # not its licence or its lab holds none of their forms (authors are the "person"
    # answer type's: as an attribute, "Who wrote the poem …?" lost XQuAD answers) (blind notes
    # archive, docs/benchmarks.md "A blind notes archive, ninth round").
    "license": (
        re.compile(r"\blicen[sc]e[sd]?(?![a-z])|라이선스|라이센스|사용\s*허가", re.I),
        re.compile(
            r"licen[sc]e|라이선스|라이센스|\b(?:Apache|MIT|GPL|BSD|OpenRAIL|CC[- ]BY\S*)\b"
            r"|commercial use|상업적\s*(?:이용|사용)",
            re.I,
        ),
    ),
    "affiliation": (
        # A paper's or its authors' 소속; "어느 밴드 소속의 기타리스트" asks a membership
        # that prose states with any name (a KorQuAD question was refused with it).
        re.compile(
            r"\baffiliat\w*|(?:저자|논문|연구진|발표자|authors?|paper)\S*\s*(?:의\s*)?소속"
            r"|소속\s*(?:기관|대학|연구소|연구실|랩)"
            # The maker of a work asked as an organisation ("Which organisation released
            # X?", "어느 회사에서 만든"): its value is a lab's or a company's name. (Not a
            # bare "어느 회사" / "which company": KorQuAD's "어느 회사가 시공" is prose.)
            r"|\bwhich (?:organi[sz]ation|company|lab|institut\w*) (?:released|developed|built"
            r"|made|published|trained|wrote|created)\b"
            r"|어느\s*(?:기관|회사|연구소|연구실|랩)에서\s*(?:만든|공개|개발|발표|낸|내놓)",
            re.I,
        ),
        re.compile(
            r"affiliat|소속|대학|연구소|연구원|연구팀|연구실|\b(?:Univ\.?|University|College|Inst\.?"
            r"|Institute|Labs?|Research|AI|NLP|Google|Meta|Microsoft|OpenAI|DeepMind)(?![a-z])",
            re.I,
        ),
    ),
    # Attributes with a number of one form that no other unit's number takes (blind
    # notes archive, docs/benchmarks.md "Refusals on the blind archive, ninth round"):
    # the heads of an attention layer, a cost, a parameter count, an average length.
    "heads": (
        re.compile(
            r"\b(?:attention|query|KV|key[- ]value) heads\b|\bhow many heads\b"
            r"|(?:어텐션|attention)\s*(?:헤드|head)\s*(?:수|개수|는|가)|헤드\s*(?:수|개수)",
            re.I,
        ),
        re.compile(
            r"\d+\s*(?:개의?\s*)?(?:\S+\s)?(?:heads?|헤드)|(?:heads?|헤드)\S*\s*[:=]?\s*\d", re.I
        ),
    ),
    "cost": (
        re.compile(
            r"\b(?:GPU|training|compute|total) costs?\b|\bhow much did \w+(?: \w+)? cost\b"
            r"|(?:GPU|학습|훈련|실험|서버|클라우드)\S*\s*(?:에\s*든\s*)?(?:GPU\s*)?비용",
            re.I,
        ),
        # A price, GPU-hours, or a share / ratio (a saving is written "62% 절감").
        re.compile(
            r"[$€£¥₩]\s*\d|\d[\d,.]*\s*(?:[KMB](?![A-Za-z])|만|억|천)?\s*(?:달러|원|엔|위안|유로|파운드"
            r"|dollars?|USD|KRW|EUR|yuan|yen|euros?|pounds?)|GPU[- ]?(?:hours?|시간)|\d\s*(?:%|배)",
            re.I,
        ),
    ),
    "params": (
        re.compile(
            r"\bparameter count\b|\bnumber of parameters\b|\bhow many parameters\b"
            r"|(?:파라미터|매개변수)\s*(?:수|개수)",
            re.I,
        ),
        re.compile(
            r"\d[\d.]*\s*[BMT](?![A-Za-z])|\d[\d.,]*\s*(?:billion|million|억|만)?\s*"
            r"(?:parameters?|params?|파라미터|매개변수)",
            re.I,
        ),
    ),
    # The second blind archive's near misses (docs/benchmarks.md "Refusals on the second
    # blind archive, tenth round"): a regularisation rate, a training-data size in tokens,
    # a headcount and a fee, asked of a unit that names the subject and not the value.
    "dropout": (
        re.compile(r"\bdropout(?![a-z])|드롭아웃", re.I),
        # The rate written by the word ("dropout 0.1", "dropout을 10%로", "0.1 dropout"):
        # any decimal of the unit may be another setting's ("Apache-2.0").
        re.compile(
            r"(?:dropout|드롭아웃)\S{0,3}\s*(?:rate|비율|확률)?\S{0,2}\s*[:=]?\s*(?:of\s*)?\d"
            r"|\d*\.?\d+\s*%?\s*(?:의\s*)?(?:dropout|드롭아웃)",
            re.I,
        ),
    ),
    "tokens": (
        re.compile(
            r"\btraining tokens\b|\btokens? (?:\w+ ){0,3}(?:trained on|used (?:to|for|in) train)"
            r"|\bhow many tokens\b|(?:학습|훈련|사전\s*학습)\s*토큰"
            r"|토큰으로\s*(?:사전\s*)?(?:학습|훈련)"
            # ("토큰 몇 T 썼어?": a count of tokens in trillions is a training set's size.)
            r"|토큰\S{0,2}\s*몇\s*T(?![A-Za-z])|몇\s*T\s*토큰",
            re.I,
        ),
        # "15T tokens", "학습 토큰 2.2T", "60B tokens", "3.1T token", a bare "9.5T".
        re.compile(
            r"\d[\d,.]*\s*[KMBT]?\s*(?:tokens?|토큰)|(?:tokens?|토큰)\S{0,2}\s*[:=]?\s*\d"
            r"|\d[\d.]*\s*T(?![A-Za-z])",
            re.I,
        ),
    ),
    # The twentieth round's (docs/benchmarks.md "Refusals that transfer, twentieth
    # round"): how much data something was trained on, asked in any of its words ("학습
    # 데이터 크기", "사전학습 데이터 얼마나", "데이터셋 규모", "training data size", "how
    # much data"). Notes write the amount with what was counted ("4.5T tokens", "이미지
    # 12억 장", "2만 쌍", "680k hours", "1.2TB"): an image encoder's "400M" is its size.
    "data": (
        re.compile(
            r"(?:학습|훈련|사전\s*학습|파인\s*튜닝)\s*데이터\S{0,2}\s*(?:의\s*)?(?:크기|양|규모|얼마)"
            r"|데이터\s*셋?\s*(?:의\s*)?(?:크기|규모)"
            r"|\b(?:training|pre-?training|fine-?tuning) (?:data|dataset|corpus) size\b"
            r"|\bsize of the (?:training |pre-?training )?(?:data|dataset|corpus)\b"
            r"|\bhow much (?:training |pre-?training )?data\b|\bdataset size\b",
            re.I,
        ),
        re.compile(
            r"\d[\d,.]*\s*[KMBT]?\s*(?:만|억|천|조)?\s*(?:개의?\s*)?(?:tokens?|토큰|samples?|샘플"
            r"|examples?|예제|images?|이미지|pairs?|쌍|hours?|시간|documents?|문서|건|장|개|문항"
            r"|문장|sentences?|conversations?|대화|dialogues?|turns?|instructions?|지시문|[KMGTP]B)"
            r"|(?:tokens?|토큰)\S{0,2}\s*[:=]?\s*\d|\d[\d.]*\s*T(?![A-Za-z])"
            # (or an amount told from another's: "사전학습 데이터를 절반 사용", "2배", "half")
            r"|절반|\bhalf\b|\btwice\b|\d\s*(?:배|[x×](?![A-Za-z])|%)",
            re.I,
        ),
    ),
    "headcount": (
        # "검수 인원은 몇 명", "the headcount": not a bare "몇 명" / "how many people" (a
        # count of anything in KorQuAD's and XQuAD's prose), the word for the staff asked.
        re.compile(
            r"(?:인원|직원|임직원|구성원)\S{0,2}\s*(?:은|는|이|가)?\s*몇|\bheadcount\b"
            # (An organisation's staff: "Baekdu Labs 직원은 몇 명", "how many employees".)
            r"|\bhow many (?:staff|reviewers|employees)\b",
            re.I,
        ),
        re.compile(
            r"\d+\s*(?:명|people|persons|staff|reviewers|employees)"
            r"|(?<![가-힣])(?:한|두|세|네|다섯)\s*명",
            re.I,
        ),
    ),
    "fee": (
        re.compile(
            r"참가비|수강료|회비|등록비|\b(?:participation|registration|entry|membership) fee", re.I
        ),
        re.compile(
            r"[$€£¥₩]\s*\d|\d[\d,.]*\s*(?:만|천)?\s*(?:원|달러|dollars?|USD|KRW|EUR)|무료|free\b",
            re.I,
        ),
    ),
    # A paper's authors ("… 논문은 누가 썼어?", "who wrote the paper"): a bullet that names the
    # paper and not who wrote it ("Lookahead decoding — Jacobi iteration으로 …") holds no
    # person's name. Only a paper's, report's or study's: "who wrote the poem" is the
    # "person" answer type's (see "license").
    "authors": (
        re.compile(
            r"(?:논문|보고서|리포트|paper|report|study)\S*\s*(?:은|는|을|를)?\s*누가\s*(?:썼|쓴|작성|저술)"
            r"|(?:논문|보고서)\S*\s*(?:의\s*)?저자\S*\s*(?:은|는|가)?\s*누구"
            # (Not a bare "authors of X": X may be a poem, and the ninth round's author
            # attribute lost a right XQuAD answer; "What do the authors conclude" asks
            # no author either.)
            r"|\bauthors? of the (?:paper|report|study)\b"
            r"|\bwho (?:wrote|authored) the (?:paper|report|study)\b"
            # "Who is the first author of …'s paper", "제1저자는 누구": one of its authors.
            r"|\bwho (?:is|was) the (?:first|second|third|last|lead|corresponding) author\b"
            r"|(?:제\s*\d|첫\s*번째|두\s*번째|세\s*번째|마지막|교신|주)\s*저자\S*\s*(?:은|는|가)?\s*누구",
            re.I,
        ),
        # A name as bylines write it ("Daniel Osei, Priya Raman", "Y. Sato", "by Osei",
        # "et al.", "김민수 외"), or the word itself.
        re.compile(
            r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)? [A-Z][a-z]+(?:-[A-Z][a-z]+)?\b|\b[A-Z]\. ?[A-Z][a-z]+"
            r"|\bby [A-Z]|\bet al\b|저자|\bauthors?\b|[가-힣]{2,4}\s?(?:외|등|교수|박사)(?![가-힣])"
        ),
    ),
    # A training setting asked by name ("What batch size …", "배치 크기는?"): the value is
    # a number written by the word ("batch 512", "배치 크기 1024", "256의 batch").
    "batch": (
        re.compile(r"\bbatch[- ]size(?![A-Za-z])|(?:배치|batch)\s*(?:크기|사이즈)", re.I),
        re.compile(
            r"(?:batch|배치)\S{0,6}\s*(?:size|크기|사이즈)?\S{0,2}\s*[:=]?\s*\d"
            r"|\d[\d,]*\s*(?:의\s*)?(?:batch|배치)",
            re.I,
        ),
    ),
    # A member's absence ("몇 회차에 결석했어?", "불참한 사람"): a schedule row naming the
    # member as presenter ("회차: 7 · 발제: 오세린") does not say who was away.
    "absence": (
        # (The member asked as a noun phrase: KorQuAD's "부상으로 … 불참하여" is a clause,
        # XQuAD's "the presence or absence of …" no attendance.)
        re.compile(r"결석|불참(?:한|자)|\bwho (?:was|were) absent\b|\babsent from\b", re.I),
        re.compile(r"결석|불참|빠(?:졌|져|짐|진)|\babsen(?:t|ce)\b|\bmissed\b", re.I),
    ),
    "model": (
        # "… 모델 이름은?", "Which model was used …?" ("Which model size …" asks a size).
        re.compile(
            r"모델\s*이름|모델명|\bmodel name\b|\bname of the model\b"
            r"|\bwhich model (?:was|is|did)\b"
            # "어떤 모델로 실험했어?", "무슨 모델을 썼어?": the model a study ran.
            r"|(?:어떤|무슨|어느)\s*모델\S{0,2}\s*(?:로|으로|을|를)?\s*"
            r"(?:실험|학습|평가|테스트|돌렸|돌려|썼|쓴|사용)",
            re.I,
        ),
        # A model's name carries a digit or an inner capital ("FILM-7B", "bge-m3", "160M",
        # "KoBERT"); "별도 모델을 썼다", "cross-encoder reranker로" write none.
        re.compile(
            r"(?<![\w@])[A-Za-z][A-Za-z.-]*\d|(?<![\w@.])\d+(?:\.\d+)?[A-Za-z]+(?![가-힣])"
            r"|\b[A-Z][a-z]*[A-Z][A-Za-z]*"
        ),
    ),
    # The fifteenth round's near misses on the fourth and fifth blind archives (issue
    # #15, docs/benchmarks.md "Refusals, fifteenth round"): an attribute the notes keep
    # for some entries and not the asked one (an API's price, a lab's founder or staff
    # count, a contact address), asked of a unit that names the entry and another fact.
    "price": (
        # A product's price asked as the amount ("API 가격은?", "요금이 얼마야?", "What is
        # the price of …?", "How much does the API cost?"); not a training or GPU cost
        # ("cost") nor a fee ("fee"), nor the price as the subject of another question
        # ("API 가격은 언제부터 적용돼?": a date; "무엇에 비례하여 요금을 지불": a basis).
        re.compile(
            r"(?:가격|요금|이용료|구독료)\S{0,2}\s*(?:(?:은|는|이|가)\s*)?(?:얼마|[?]|$)"
            r"|\bwhat(?:'s| is| was| are| were)? (?:the )?(?:\S+ ){0,4}?(?:price|pricing)\b"
            r"|\bhow much does (?:the |an? )?(?:\S+ ){0,3}?(?:API|subscription|plan|license"
            r"|licence) cost\b",
            re.I,
        ),
        re.compile(
            r"[$€£¥₩]\s*\d|\d[\d,.]*\s*(?:만|천)?\s*(?:원|달러|dollars?|USD|KRW|EUR|cents?)"
            r"|무료|\bfree\b|\bper (?:1M|million|1K|thousand) tokens\b",
            re.I,
        ),
    ),
    "founder": (
        # Who founded a lab or a company ("Who founded X?", "X 창업자는?", "X를 만든 사람
        # 이름은?"): a person. (Not "who made / released X": a lab's name answers that.)
        re.compile(
            r"\bwho (?:co-?)?founded\b|\b(?:co-?)?founders?(?![a-z])|설립자|창업자|창립자"
            r"|(?:설립|창업|창립|만든)\s*사람|누가\s*(?:설립|창업|창립)",
            re.I,
        ),
        # A person's name as a byline writes it (the authors' form), or the word itself.
        re.compile(
            r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)? [A-Z][a-z]+(?:-[A-Z][a-z]+)?\b|\b[A-Z]\. ?[A-Z][a-z]+"
            r"|\bby [A-Z]|founded|founder|설립|창업|창립"
            r"|[가-힣]{2,4}\s?(?:교수|박사|대표|님)(?![가-힣])"
        ),
    ),
    "email": (
        re.compile(r"이메일|메일\s*주소|\be-?mail(?:\s+address)?\b|\bcontact address\b", re.I),
        re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|\[at\]|\(at\)"),
    ),
    # A tokenizer's vocabulary size ("Wren-2 tokenizer의 vocab 크기는?", "What is the
    # vocabulary size?"): a number written by the word ("vocab 128k", "128K vocabulary",
    # "어휘 크기 64,000") (twenty-first round).
    "vocab": (
        re.compile(
            r"\bvocab(?:ulary)?[- ]size\b|\bsize of (?:the |its )?vocab|\bhow many tokens"
            r" (?:are |does \S+ have )?in (?:the |its )?vocab"
            r"|(?:vocab(?:ulary)?|어휘|단어\s*사전|사전)\s*(?:의\s*)?(?:크기|사이즈|수)",
            re.I,
        ),
        re.compile(
            r"(?:vocab(?:ulary)?|어휘|사전)\S{0,3}\s*(?:size|크기|사이즈)?\S{0,2}\s*[:=]?\s*\d"
            r"|\d[\d,.]*\s*[Kk]?\s*(?:-?token\s+)?(?:vocab|어휘|단어\s*사전)",
            re.I,
        ),
    ),
    # A speed-up asked as such ("속도 향상은?", "what speed-up …"): a ratio or a share
    # ("1.7배", "2.2x", "+35%") (twenty-first round).
    "speedup": (
        re.compile(r"속도\s*향상(?:은|는|이|폭)?\s*(?:얼마|몇|[?]|$)|\bspeed-?ups?\b", re.I),
        re.compile(r"\d\s*(?:배|[x×](?![A-Za-z])|times\b|%)", re.I),
    ),
    "length": (
        re.compile(r"\b(?:average|mean|median) length\b|평균\s*길이", re.I),
        re.compile(
            r"\d[\d,.]*\s*[Kk]?\s*(?:tokens?|토큰|words?|단어|자|글자|characters?|문장|sentences?"
            r"|pages?|쪽|줄|lines?)",
            re.I,
        ),
    ),
}


# The eighteenth round's near misses on realq, the real notes (answer/note_attributes.py):
# a paper's venue, a model's maker asked with 어디, a period's end, the
# accelerators a run used. Read
# after the attributes above ("논문 저자는 누구" stays the paper's "authors").
_ATTRIBUTES |= {
    "venue": (na.VENUE_ASKED, na.VENUE_VALUE),
    "maker": (
        na.MAKER_ASKED,
        re.compile(_ATTRIBUTES["affiliation"][1].pattern + na.MAKER_EXTRA, re.I),
    ),
    "end": (na.END_ASKED, na.END_VALUE),
    "gpus": (na.GPUS_ASKED, na.GPUS_VALUE),
    # (The nineteenth round's: how long something took, how to reach someone.)
    "duration": (na.DURATION_ASKED, na.DURATION_VALUE),
    "contact": (na.CONTACT_ASKED, na.CONTACT_VALUE),
    # (The twenty-fifth round's: the data a model was trained on, by name.)
    "dataset": (na.DATASET_ASKED, na.DATASET_VALUE),
    # (The twenty-second round's: a metric asked by its bare name, read last, so that a
    # rate, a cost or a speed-up keeps the form of its own.)
    "metric": (na.METRIC_ASKED, na.METRIC_VALUE),
}


#: Attributes not read over prose sentences: prose names a founder as it names anyone ("…
#: 현대그룹의 창업자 정주영은"), in no form a pattern knows, and says the rest of what a
#: note would write as a bullet in the sentences around (KorQuAD's "창업자" questions);
#: so with note_attributes.py's (a war "ends" in prose without "종료").
NOTE_ATTRIBUTES = frozenset({"founder", "data"}) | na.NAMES


# A name with a size glued on ("Halla-13B", "Tern-7B-Instruct", "Llama-2-70B").
_SIZED_NAME_RE = re.compile(
    r"(?<![A-Za-z0-9.-])(?P<base>[A-Za-z]+)(?:[-_.][A-Za-z0-9.]+)*?[-_](?:\d+(?:\.\d+)?[BMT])"
    r"(?:[-_][A-Za-z0-9.]+)*(?![A-Za-z0-9.-])"
)


def own_sizes(question: str, text: str) -> str:
    """``text`` with the sizes glued to *another* model's name dropped ("Halla-13B" ->
    "Halla"), for the parameter-count value form: "Halla-2의 파라미터 수" over "Halla-13B
    후속 모델(Halla-2)", "Sona의 파라미터 수" over "Sona는 Tern-7B 위에" give the size
    of a sibling or a backbone. A sized name is the question's own when the question
    writes its base bare ("Qwen의 …" over "Qwen-7B"), or with a qualifier the name
    holds ("Llama 2의 …" over "Llama-2-70B"); with no Latin name in the question,
    nothing is dropped."""
    from notelens.answer.grounding import latin_names

    if not latin_names(question):
        return text
    quals = qualifiers(question)

    def own(m: re.Match[str]) -> bool:
        base, name = m.group("base").lower(), m.group(0)
        if name.lower() in question.lower():
            return True
        asked = [(w, n) for w, n in quals if w.lower() == base]
        if asked:
            return any(qualifier_stated(w, n, name) for w, n in asked)
        return re.search(rf"(?<![a-z]){re.escape(base)}(?![a-z])", question.lower()) is not None

    return _SIZED_NAME_RE.sub(lambda m: m.group(0) if own(m) else m.group("base"), text)


def without_names(question: str, text: str) -> str:
    """``text`` without the question's Latin names, for the authors' value form: a
    title-cased paper name ("Jacobi Lookahead") reads as a person's."""
    from notelens.answer.grounding import latin_names

    for name in latin_names(question):
        text = re.sub(rf"(?<![A-Za-z0-9]){re.escape(name)}(?![A-Za-z0-9])", " ", text, flags=re.I)
    return text


def asked_attribute(question: str) -> str | None:
    """The attribute of :data:`_ATTRIBUTES` the question asks the value of, or None."""
    return next((name for name, (asked, _) in _ATTRIBUTES.items() if asked.search(question)), None)


def attribute_stated(attribute: str, text: str) -> bool:
    """Whether ``text`` writes a value of the form ``attribute``'s values take (a
    number's Korean magnitude read away: "2조 토큰" writes a count of tokens)."""
    value = _ATTRIBUTES[attribute][1]
    return value.search(text) is not None or value.search(_MAGNITUDE_RE.sub("", text)) is not None


def byline_stated(question: str, text: str) -> bool:
    """Whether ``text`` writes a name as a byline does (the "authors" value form over
    ``authorship.authors_text``, the question's own names left out)."""
    from notelens.answer.authorship import authors_text

    return attribute_stated("authors", without_names(question, authors_text(text)))


def without_numbers(question: str, text: str) -> str:
    """``text`` without the numbers the question writes ("rank 8", "seed 4"): for a
    metric's value form, whose any lone number would do."""
    for number in set(re.findall(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])", question)):
        text = re.sub(rf"(?<![\w.]){re.escape(number)}(?![\w.])", " ", text)
    return text


def day_unstated(question: str, text: str) -> bool:
    """Whether the question asks a day ("몇월 며칠", "on what date") of a unit that dates
    it to the month only ("ArXiv upload date: 2022 Jun"): the asked precision is not in
    the notes (twenty-second round). A unit with no date at all is the "date" answer
    type's to weigh."""
    return (
        na.DAY_ASKED.search(question) is not None
        and na.MONTH_VALUE.search(text) is not None
        and na.DAY_VALUE.search(text) is None
    )


# -- qualified names: the version, size or season the question names ---------------------

#: Evidence strength is scaled by ``1 - QUALIFIER_PENALTY`` when a qualified name of the
#: question is in none of the top passages (calibrated on the odd ids of the
#: notes and unanswerable sets, docs/benchmarks.md "Answers on notes, fourth round").
QUALIFIER_PENALTY = 0.35
# A name with its number ("Llama Guard 2", "시즌5", "Flash Attention 3", "GPT-4"), or a
# number with its unit letters ("405B", "8x7B", "W18"): the qualifier picks one member
# of a family the notes may hold a sibling of.
_QUALIFIED_RE = re.compile(
    r"(?<![\w.])(?:"
    # "GPT-4", "시즌5", "Qwen2.5": a number written onto its name;
    r"(?P<word>[A-Za-z]+|[가-힣]{2,})-?(?P<num>\d+(?:\.\d+)?)(?P<suf>[A-Za-z]{0,2})"
    # "Llama Guard 2", "Flash Attention 3": a capitalised name, a space, its number, and
    # nothing more ("season 4", "LoRA 3 LINE SUMMARY" name no version), or a count
    # with its Korean counter ("Llama Guard 2 3줄 요약": the 3줄 counts the summary);
    r"|(?P<word2>[A-Z][A-Za-z]*) (?P<num3>\d+(?:\.\d+)?)"
    r"(?=[가-힣]|[?,!]|$| [^A-Z\d]| \d+\s?[가-힣])"
    # "405B", "8x7B": a number with its unit letters.
    r"|(?P<num2>\d+(?:\.\d+)?(?:x\d+)?)(?P<unit>[A-Za-z]{1,3}))(?![A-Za-z0-9.])"
)
# "15th", "1700s", "2nd": ordinals and decades are dates, not qualified names.
_ORDINALS = frozenset({"st", "nd", "rd", "th", "s"})
# Years and plain counts qualify nothing ("2024년", "3 LINE SUMMARY" is matched as a
# word elsewhere); only numbers written onto a name or a unit are read.


def qualifiers(question: str) -> list[tuple[str, str]]:
    """The question's qualified names as (word or "", number+suffix) pairs."""
    from notelens.answer.grounding import month_name
    from notelens.answer.unqualified import SERIES_COUNTERS

    out = []
    for m in _QUALIFIED_RE.finditer(question):
        if m.group("word") is not None:
            # ("How many A100s": a plural "s" is no part of the name "A100".)
            suf = "" if m.group("suf") == "s" else m.group("suf")
            out.append((m.group("word"), m.group("num") + suf))
        elif m.group("word2") is not None:
            if month_name(m.group("word2")):
                continue  # "October 20" is a date, not a member of a family
            if m.group("word2").lower() in SERIES_COUNTERS:
                # "Week 9 of the SSL table", capitalised as a sentence's first word: a
                # series' member ("9 주차"), read by answer/indexed.py, as lowercase
                # "season 4" is here (twenty-eighth round).
                continue
            out.append((m.group("word2"), m.group("num3")))
        elif m.group("unit").lower() not in _ORDINALS:
            out.append(("", m.group("num2") + m.group("unit")))
    return out


def qualifier_stated(word: str, number: str, text: str) -> bool:
    """Whether ``text`` writes ``number`` after ``word`` (any spacing or hyphen), or the
    bare ``number`` with its unit letters when there is no word."""
    from notelens.answer.members import member_stated, members, rounded_size
    from notelens.answer.unqualified import COUNTER_BEFORE, SERIES_COUNTERS

    num = re.escape(number)
    if not word:
        if re.search(rf"(?<![\w.]){num}(?![A-Za-z0-9.])", text, re.I) is not None:
            return True
        # A model size asked rounded ("3B급 모델" of "3.04B", "the 1B model" of "1.08B"):
        # the notes' precise size states it, as members.rounded_size reads a member.
        asked = members(number)
        return any(
            rounded_size(counter, {value}, {n for n, c in members(text) if c == counter})
            for value, counter in asked
        )
    # "SSL season4 table" over the notes' "SSL 시즌4": a series' member, stated in
    # either language (members.members reads both; twenty-ninth round).
    if word.lower() in SERIES_COUNTERS and members(f"{word}{number}"):
        return member_stated(f"{word}{number}", text)
    # The name may be spelled with a space or hyphen inside ("Superbowl" / "Super Bowl").
    name = r"[\s\-]?".join(re.escape(c) for c in word)
    # ("SSL 4" is written "SSL 시즌4": unqualified.COUNTER_BEFORE.)
    return re.search(rf"{name}\s*[\-_]?\s*{COUNTER_BEFORE}?{num}(?![\d.])", text, re.I) is not None


def qualifier_factor(question: str, evidence: str) -> float:
    """``1 - QUALIFIER_PENALTY`` when ``evidence`` does not state one of the question's
    qualified names, else 1."""
    quals = qualifiers(question)
    if not quals:
        return 1.0
    # One absent qualifier is enough: "Flash Attention 3 vs FlashAttention-2" over notes
    # on FlashAttention-2 alone is about the one they lack.
    if all(qualifier_stated(w, n, evidence) for w, n in quals):
        return 1.0
    return 1.0 - QUALIFIER_PENALTY


# -- signals of the chosen unit ------------------------------------------------------------

# Quoted titles: "…", “…”, ‘…’, 「…」, 『…』 (straight single quotes are apostrophes too).
_QUOTED_RE = re.compile(
    r"\"([^\"]{3,80})\"|“([^”]{3,80})”|‘([^’]{3,80})’|「([^」]{2,80})」|『([^』]{2,80})』"
)


@dataclass(frozen=True, slots=True)
class RefusalSignals:
    """What the chosen unit and its passage leave out of the question.

    ``entities_unit``: share of the question's key entities (Latin names, quoted titles,
    Korean proper nouns, qualified names) that neither the unit, its context nor its
    passage's heading path names; ``entities_passage``: the same over the whole passage.
    ``rare_unit`` / ``rare_passage``: IDF-weighted share of the question's rarer half of
    terms found in the unit (with its context) / in its passage. ``agree``: BM25 and e5
    rank the same passage first.
    """

    entities: int = 0
    entities_unit: float = 0.0
    entities_passage: float = 0.0
    rare_unit: float = 1.0
    rare_passage: float = 1.0
    agree: bool = True


def key_entities(question: str, analyzer: object | None) -> list[str]:
    """The question's key entities, lowercased: Latin names, quoted titles and Korean
    proper nouns (Kiwi ``NNP``, 2+ syllables, when ``analyzer`` tags them). A measure
    ("몇 GB", the "B" of "몇 B로") is none: ``grounding.latin_names`` leaves it out."""
    from notelens.analysis.base import ProperNounTagger
    from notelens.answer.grounding import latin_names

    out = list(latin_names(question))
    for m in _QUOTED_RE.finditer(question):
        title = " ".join(next(g for g in m.groups() if g).split()).lower()
        if title not in out:
            out.append(title)
    if has_hangul(question) and isinstance(analyzer, ProperNounTagger):
        for form in sorted(analyzer.proper_nouns(question)):
            if len(form) >= 2 and is_hangul_word(form) and form not in out:
                out.append(form)
    return out


def entity_absent(entity: str, text_lower: str, spelled: frozenset[str] = frozenset()) -> bool:
    """Whether lowercased ``text_lower`` does not name ``entity``; an entity in
    ``spelled`` (the question's acronyms) is also named by its spelled-out form."""
    from notelens.answer.evidence import named

    if " " in entity or has_hangul(entity):
        return entity not in " ".join(text_lower.split())
    return not named(entity, text_lower, spelled)


def share_absent(entities: list[str], text: str, spelled: frozenset[str] = frozenset()) -> float:
    if not entities:
        return 0.0
    low = text.lower()
    return sum(entity_absent(e, low, spelled) for e in entities) / len(entities)


def rare_share(weights: dict[str, float], terms: frozenset[str]) -> float:
    """IDF-weighted share of the rarer half of the question's terms that ``terms`` holds."""
    if not weights:
        return 1.0
    ranked = sorted(weights.values(), reverse=True)
    cut = ranked[(len(ranked) - 1) // 2]
    rare = {t: w for t, w in weights.items() if w >= cut}
    total = sum(rare.values()) or 1.0
    return sum(w for t, w in rare.items() if t in terms) / total


def unit_signals(
    question: str,
    analyzer: object,
    hits: Sequence[Hit],
    hit_index: int,
    unit_text: str,
    weights: dict[str, float],
    unit_terms: frozenset[str],
    passage_terms: frozenset[str],
) -> RefusalSignals:
    """The :class:`RefusalSignals` of the unit chosen from ``hits[hit_index]``."""
    hit = hits[hit_index]
    entities = key_entities(question, analyzer)
    bm25_top = [h for h in hits if h.explanation.bm25_rank == 1]
    dense_top = [h for h in hits if h.explanation.dense_rank == 1]
    agree = not bm25_top or not dense_top or bm25_top[0].chunk_id == dense_top[0].chunk_id
    return RefusalSignals(
        entities=len(entities),
        entities_unit=share_absent(entities, f"{hit.heading}\n{unit_text}"),
        entities_passage=share_absent(entities, f"{hit.heading}\n{hit.text}"),
        rare_unit=rare_share(weights, unit_terms),
        rare_passage=rare_share(weights, passage_terms),
        agree=agree,
    )


# -- the entry a note unit belongs to -----------------------------------------------------------

#: A note unit (bullet, table row, definition line, entry title) is read under its entry:
#: when half or more of the question's key entities are named by other top passages but
#: not by the chosen unit's passage and heading path, the unit belongs to a neighbouring
#: entry ("Qwen의 vocab 크기" answered from the Llama 3 bullet) and the evidence strength
#: is scaled by ``1 - ENTRY_PENALTY``. Prose is left alone: a paragraph names its subject
#: once and then says "he" or a surname. Calibrated on the odd ids of the notes set
#: (docs/benchmarks.md "Refusal and notes classes, fifth round").
ENTRY_PENALTY = 0.5
ENTRY_SHARE = 0.5
#: Acronyms of the field itself, lowercased: every note of a research archive is about
#: them, so a question's "LLM" or "GPU" singles out no entry (a notes-set question "…
#: dangerous in LLM output?" was refused over the right bullet, whose heading says
#: "prompt injection", because other passages' headings write "LLM").
FIELD_WORDS = frozenset({"llm", "llms", "ai", "ml", "nlp", "gpu", "gpus", "cpu", "cpus", "api"})
#: Languages, lowercased (the lexicon's translated ones and more): "What is the Korean
#: name of …?", "… in English?" ask the language the answer is written in, no entry (a
#: realq question's right unit, a Korean heading under a bilingual README, was weakened
#: because another passage wrote "Korean").
LANGUAGE_WORDS = LANGUAGE_NAMES | frozenset(
    {"chinese", "japanese", "french", "german", "spanish", "hangul"}
)


def entry_factor(question: str, hits: Sequence[Hit], hit_index: int, unit_kind: str) -> float:
    """``1 - ENTRY_PENALTY`` when the chosen note unit's passage leaves out the question's
    key entities that other top passages name (see :data:`ENTRY_PENALTY`), else 1.

    The entities are the Latin names and quoted titles: with Kiwi's Korean proper nouns
    as well, one more right answer of the notes set's odd ids was refused and no further
    unanswerable question (the even ids showed the same).
    """
    if unit_kind == "sentence":
        return 1.0
    from notelens.answer.evidence import acronyms, document_names

    # (The field's own acronyms name no entry: "… in LLM output" over a bullet whose
    # heading does not write "LLM" is still that entry's.)
    entities = [e for e in key_entities(question, None) if e not in FIELD_WORDS | LANGUAGE_WORDS]
    if not entities:
        return 1.0
    spelled = acronyms(question)
    everywhere = "\n".join(f"{h.heading}\n{h.text}" for h in hits)
    if share_absent(entities, everywhere, spelled) > 0:
        return 1.0  # a name no passage has is the passage-level signal's (NAME_PENALTY)
    hit = hits[hit_index]
    # (The file the passage is from is named by it: "In the README table, …" over a row
    # of README.md, whose text writes "README" nowhere, while another note mentions it;
    # or a repository's front page, titled by the repo's name: evidence.document_names.)
    scope = f"{hit.heading}\n{hit.text}\n{document_names(hit.source, hit.heading)}"
    if share_absent(entities, scope, spelled) >= ENTRY_SHARE:
        return 1.0 - ENTRY_PENALTY
    return 1.0
