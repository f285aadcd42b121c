"""The attribute a question asks of its topic, and the note lines that name it.

Under one entry every line shares the entry's topic ("Pico-1.3B", "GPT-3 전처리",
"Kestrel-R2"), so the topic's words do not tell its lines apart; what does is the
*attribute* the question asks the value of, which the answering line names beside the
value: "토크나이저 어휘 크기가 얼마야?" over "context window 4,096 tokens; tokenizer vocab
49,152", "What abstention recall did … reach?" over "abstention precision 0.91, recall
0.72", "At what level was deduplication done?" over "Document level(문서 단위)에서 수행",
"공개 범위가 어땠어?" over "내부 실험용으로만 공개", "가장 많이 들은 주제는?" over "가장
많이 들은 주제: …". A sibling that restates more of the topic ("length penalty를 reward에
넣어서 평균 길이 9,400 → 3,900") outscores that line on shared words unless the asked
attribute counts for more than a topic word.

:func:`asked_attribute` reads the attribute from the question's shape, a wider reading
than ``answer/labels.py``'s :func:`~notelens.answer.labels.asked_phrase` (whose shapes it
tries first): the subject of "X가 어땠어", the topic that ends a question ("X는?"),
the last noun of a question written as a bare noun phrase ("존댓말 비율", "seed 3개 평균",
"학습 데이터 구성"), and "at / in / by what X" in English. Its *head*, the last noun
("coefficient" of "length-penalty coefficient", "크기" of "어휘 크기"), is the attribute;
the words before it are mostly the topic again.

Notes and questions often name an attribute in different words or languages ("계수" for
"coefficient", "vocab" for "어휘", "threshold" for "기준", "mean" for "평균"), and the
general lexicon (``analysis/lexicon.py``, which retrieval also reads) holds few of these
label nouns: :data:`_FAMILIES` is the small closed class of attribute nouns notes label
facts with, each with its spellings in both languages. :func:`attribute_share` tells
whether a line writes the head in one of them (a word outside the class, "내용" or a
name, tells nothing), :func:`labels_attribute` whether a "label: value" pair is labelled
with it (as written or so spelled). The unit scorer (``answer/candidates.py``) gives such
a note line ``W_ATTRIBUTE``, and a labelled one (the label *is* the attribute: "Date: …",
"시간: …", "가장 많이 들은 주제: …") ``W_LABEL``.
A question word that asks an attribute by itself ("언제", "when", "몇 시") asks the date
or time family: only a label names those (a date in a line is the type rule's business).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from notelens.analysis.lang import final_consonant
from notelens.analysis.particles import trailing_particle
from notelens.answer.labels import asked_phrase

_I = re.IGNORECASE
#: One or two words (Hangul, Latin, digits, "@", "-").
_NP = r"(?:[\w@\-]+\s+)?[\w@\-]+?"
_MORE_RES: tuple[re.Pattern[str], ...] = (
    # "공개 범위가 어땠어?", "acceptance rate는 어떻게 돼?", "검색기 종류는 몇 개?": the
    # subject of a question word asking how it was.
    re.compile(
        rf"(?P<np>{_NP})(?:은|는|이|가)\s*(?:어땠|어때|어떤\s*(?:거|것)|몇)"
        r"[가-힣\s]{0,8}[?？.!]?\s*$"
    ),
    # "가장 많이 들은 주제는?", "배치 크기 기준은?": the topic that ends the question.
    re.compile(rf"(?P<np>{_NP})(?:은|는)\s*[?？]?\s*$"),
    # "At what level …", "In what format …", "By what margin …".
    re.compile(r"\b(?:at|in|on|by|to)\s+what\s+(?P<np>[\w\-]+(?:\s+[\w\-]+)?)\b", _I),
)
#: A question that ends on a noun, no predicate: "안전 학습 데이터 중 존댓말 비율".
_BARE_RE = re.compile(r"(?P<np>(?:[\w@\-]+\s+)?[가-힣]{2,})\s*[?？]?\s*$")
#: The endings a Korean question's predicate closes on ("얼마야", "알려줘", "됐지",
#: "했나요"): a last word ending so is no noun. Nouns ending in these syllables are rare.
_PREDICATE_END_RE = re.compile(
    r"(?:야|어|아|지|까|요|니|냐|나|줘|해|돼|래|죠|네|데|다|고|게|음|함|됨|임|더라|는지|은지)$"
)
#: Words that ask for no attribute: a question word, a counter, a class word.
_NOT_ATTRIBUTE_RE = re.compile(
    r"^(?:it|this|that|one|ones|kind|type|sort|the|뭐|무엇|누구|어디|언제|얼마|몇.*|거|것|게"
    r"|이거|그거|저거|이란|란|가지|개|종류|목록)$",
    _I,
)
#: A particle glued to the last word of a phrase ("모델이야", "모델의"): not the noun.
_PARTICLE_RE = trailing_particle("이야", "이에요", "예요", "야", "에서")


#: A first word that only leads into the noun: a particle's host ("글에서 라이선스",
#: "Kestrel의 라이선스": the topic, not the attribute).
_LEAD_PARTICLE_RE = re.compile(r"(?:에서|에|의|로|와|과|랑|을|를|도)$")


def _modifier(word: str) -> bool:
    """Whether a Hangul ``word`` reads as a clause's verb modifying the next noun ("돌아
    간다는 모델", "나온 라이선스", "들은 주제"): it ends in a syllable closed by ㄴ (a noun
    so ending, "시간 기준", loses its first word: a rare, mild loss)."""
    return final_consonant(word[-1]) == "ㄴ"


def _clean(phrase: str) -> str | None:
    words = phrase.split()
    if len(words) > 1 and (_modifier(words[0]) or _LEAD_PARTICLE_RE.search(words[0])):
        words = words[1:]
    last = _PARTICLE_RE.sub("", words[-1]) if re.search(r"[가-힣]$", words[-1]) else words[-1]
    if last and _NOT_ATTRIBUTE_RE.match(last) and len(words) > 1:
        # "검색기 종류는?": a class word after the noun asks for the noun's values.
        words, last = words[:-1], words[-2]
    if not last or _NOT_ATTRIBUTE_RE.match(last):
        return None
    return " ".join([*words[:-1], last])


def asked_phrase_of(question: str) -> str | None:
    """The noun phrase whose value ``question`` asks (see the module docstring), as
    written, or None."""
    phrase = asked_phrase(question)
    if phrase is not None and (found := _clean(phrase)) is not None:
        return found
    q = question.strip()
    for pattern in _MORE_RES:
        m = pattern.search(q)
        if m is not None and (found := _clean(m.group("np"))) is not None:
            return found
    m = _BARE_RE.search(q)
    if m is not None and not _PREDICATE_END_RE.search(m.group("np")):
        return _clean(m.group("np"))
    return None


# The attribute nouns notes label facts with, by family: (a question's spellings, every
# spelling a note line may use). Korean spellings match inside a word ("계수는"); Latin
# ones as words.
# (No ratio family: "비율은?" is answered by a bare "22%" as often as by a line naming a
# ratio, and lines naming another ratio are many: blind2 c182, blind3 d052.)
_FAMILIES: tuple[tuple[str, str], ...] = (
    ("계수|coefficient", r"계수|\bcoef(?:ficient)?s?\b|λ|\blambda\b"),
    (
        "기준|threshold|criterion|cutoff",
        r"기준|임계|\bthresholds?\b|\bcriteri(?:on|a)\b|\bcut-?off\b",
    ),
    ("어휘|vocab(?:ulary)?", r"어휘|\bvocab(?:ulary)?\b"),
    ("평균|average|mean", r"평균|\baverage\b|\bmean\b|\bavg\b"),
    ("범위|scope", r"범위|\bscope\b"),
    ("베이스|기반|base", r"베이스|기반|\bbase\b|\bbased on\b|\bbackbone\b"),
    ("선택지|option|choice", r"선택지|옵션|\boptions?\b|\bchoices?\b|결정|\bdecision\b"),
    ("단위|수준|level|granularity", r"단위|수준|\blevel\b|\bgranularity\b"),
    ("재현율|recall", r"재현율|\brecall\b"),
    ("정밀도|precision", r"정밀도|\bprecision\b"),
    ("비용|cost", r"비용|\bcosts?\b|오버헤드|\boverhead\b"),
    ("크기|size", r"크기|사이즈|\bsizes?\b"),
    ("날짜|일시|일자|date|when", r"날짜|일시|일자|\bdates?\b"),
    ("시간|시각|time", r"시간|시각|\btime\b"),
    ("장소|place|venue|location", r"장소|\bplace\b|\bvenue\b|\blocation\b"),
)
_I_FAMILIES = tuple(
    (re.compile(rf"^(?:{asks})$", _I), re.compile(spelled, _I)) for asks, spelled in _FAMILIES
)
#: The question words that ask an attribute by themselves.
_WORD_FAMILIES = (
    (re.compile(r"몇\s*시|\bwhat\s+time\b|\bat\s+what\s+hour\b", _I), "시간"),
    (re.compile(r"언제|\bwhen\b|며칠|몇\s*월\s*몇\s*일|\bwhat\s+date\b", _I), "날짜"),
)


@dataclass(frozen=True, slots=True)
class Attribute:
    """The attribute a question asks: its words as written (the head last), whether only
    the question word asked it (then only a label names it), and each word's family."""

    words: tuple[str, ...]
    by_word: bool
    families: tuple[re.Pattern[str] | None, ...]

    @property
    def head(self) -> str:
        return self.words[-1]


#: How much a line naming only a word before the head counts ("어휘" of "어휘 크기",
#: "abstention" of "abstention recall"): a quarter of the head's.
MODIFIER_SHARE = 0.25


def _family(word: str) -> re.Pattern[str] | None:
    for asks, spelled in _I_FAMILIES:
        if asks.match(word):
            return spelled
    return None


def _attribute(words: list[str], by_word: bool) -> Attribute:
    return Attribute(tuple(words), by_word, tuple(_family(w) for w in words))


def asked_attribute(question: str) -> Attribute | None:
    """The attribute ``question`` asks the value of (see the module docstring), or None."""
    phrase = asked_phrase_of(question)
    if phrase is not None:
        # "length-penalty coefficient": a hyphened compound's parts are words of it.
        words = [w for w in re.split(r"\s+|(?<=[A-Za-z])-(?=[A-Za-z])", phrase) if w]
        return _attribute(words, False)
    for asks, head in _WORD_FAMILIES:
        if asks.search(question):
            return _attribute([head], True)
    return None


def _names(word: str, family: re.Pattern[str] | None, text: str) -> bool:
    if re.search(r"[가-힣]", word):
        found = word in text
    else:
        found = re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, _I) is not None
    return found or bool(family is not None and family.search(text))


def attribute_share(attribute: Attribute, text: str) -> float:
    """How much ``text`` (a line) names ``attribute`` in a spelling of its family: 1 for
    its head, :data:`MODIFIER_SHARE` for another of its words only, 0 for none. A word
    outside the closed class (:data:`_FAMILIES`: "내용", "scaling", a name) says nothing:
    a line holding it is no more about the asked attribute than its siblings."""
    families = attribute.families
    if families[-1] is not None and families[-1].search(text):
        return 1.0
    if any(f is not None and f.search(text) for f in families[:-1]):
        return MODIFIER_SHARE
    return 0.0


# The labels of a line's "label: value" pairs: at its start or after a separator ("Presenter:
# 정유나 · Date: 2026-04-30", "seed 0: 6.11; mean: 6.10").
_LABEL_RE = re.compile(r"(?:^|[·|;]\s*|,\s+)([^:：·|;,()]{1,30}?)\s*[:：]\s")


def labels_attribute(attribute: Attribute, text: str) -> bool:
    """Whether a "label: value" pair of ``text`` is labelled with ``attribute``: the
    label's last word is its head, as written or in its family's spelling ("가장 많이 들은
    주제:" for "주제", "Date:" for "언제"; not "Scaling Law:" for "scaling")."""
    head, family = attribute.head, attribute.families[-1]
    for label in _LABEL_RE.findall(f"{text} "):
        last = label.split()[-1] if label.split() else ""
        if last and _names(head, family, last):
            return True
    return False


__all__ = ["Attribute", "asked_attribute", "attribute_share", "labels_attribute"]
