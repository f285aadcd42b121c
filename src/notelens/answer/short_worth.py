"""Whether a short answer is worth leading with, or the cited units say it better.

The short answer is printed first and alone ("LoRA — …"): a phrase there reads as *the*
answer. Some questions have no phrase to give, and the span cutter's last resort (the
noun phrase nearest the question's words) then hands the user a fragment:

* **a yes/no question** ("피드백 받아?", "SSL 스터디 신청 아직 받아?", "Does in-context
  learning update gradients?"): the answer is the line that says yes or no, and a noun of
  it ("토론", "Leartning") answers nothing. Which of yes or no the line says is left to
  the line: a negation read wrong would state the opposite of the notes.
* **a question of difference** ("In-Context Learning은 fine tuning과 뭐가 달라?", "How
  does X differ from Y?"): the difference is a clause of each side, never one phrase.
* **a question of content** ("이 레포는 어떤 내용을 다뤄?", "무슨 얘기야?"): its head noun
  (내용, 얘기) names no kind a phrase could be, so the nearest phrase is arbitrary.
* **a span made of the question's own words** ("Scaling Law" for "Scaling Law에서 성능은 …
  어떤 관계를 가져?"): it restates what was asked.

:func:`worth_leading` keeps every other span: a number, a week, a name the question asked
for, a phrase closed by the asked noun ("어떤 데이터로" → "연구 논문 데이터").
"""

from __future__ import annotations

import re
from collections.abc import Collection

from notelens.analysis.lang import has_hangul
from notelens.analysis.particles import CASE_PARTICLES
from notelens.answer.qtype import Kind

__all__ = ["asks_difference", "asks_polar", "worth_leading"]

# Korean interrogatives and request verbs: a question holding one asks for something
# other than yes or no ("뭐 있어?", "언제 받아?", "목록 알려줘").
_KO_WH_RE = re.compile(
    r"뭐|뭘|뭔|무엇|무슨|어떤|어떻게|어떠|어때|어디|어느|언제|누가|누구|누군|왜|몇|얼마"
    r"|알려|말해|설명|정리해|보여|찾아|나열|적어|써줘|골라"
)
# A Korean question that ends on a verb or an adjective with a question ending, or on
# the copula ("받아?", "있나요?", "돼?", "GPT-3는 175B야?", "맞지?"). An elliptic
# "BLOOM의 강점은?" ends on a topic particle: it asks "what", not "whether".
_KO_POLAR_END_RE = re.compile(
    r"(?:[아어여해돼봐야지니까나죠요냐래대]|있어|없어|했어|됐어|인가|인가요|일까|을까|ㄹ까|습니까)\s*\?+\s*$"
)
_KO_TOPIC_END_RE = re.compile(r"(?:은|는|(?<![인는한된을할])가|을|를|의)요?\s*\?+\s*$")
# English: the question opens on an auxiliary ("Does …", "Is …", "Can …"); "Is it X or
# Y?" offers a choice, which a phrase answers.
_EN_POLAR_RE = re.compile(
    r"^\s*(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|should|may"
    r"|might|must|isn't|aren't|doesn't|don't|didn't|wasn't|weren't)\b",
    re.I,
)
_EN_CHOICE_RE = re.compile(r"\bor\b", re.I)

# The difference itself asked for ("뭐가 달라?", "차이가 뭐야?", "How does X differ from Y?",
# "What is the difference between …"); not a question that only mentions one ("세계 종교의
# 차이를 비교하는 분야는?", "가상현실과 다르게 … 어떤 점을 …?", "달라고 요구해야").
_DIFFERENCE_RE = re.compile(
    r"(?:뭐가|무엇이|어떻게|어디가|어떤\s*점이)\s*(?:달라|다르|다른가|다릅)"
    r"|차이(?:점)?(?:은|는|가|이)?\s*(?:(?:뭐|무엇|있)[가-힣]*\s*)?\?*\s*$"
    r"|다른\s*점(?:은|이)?\s*(?:(?:뭐|무엇|있)[가-힣]*\s*)?\?*\s*$"
    r"|\bhow\s+(?:does|do|did|is|are|was|were)\b[^?]*\bdiffer"
    r"|\bwhat(?:'s|\s+is|\s+are|\s+was|\s+were)\s+(?:the\s+)?(?:main\s+|key\s+)?differences?\b"
    r"|\bdifferences?\s+between\b",
    re.I,
)
# Head nouns that name no kind of phrase: "어떤 내용", "무슨 얘기", "what content".
_CONTENT_RE = re.compile(
    r"(?:어떤|무슨|어떠한)\s*(?:내용|얘기|이야기|말)|"
    r"\bwhat\s+(?:content|does\s+(?:it|the\s+\w+(?:\s+\w+)?)\s+(?:say|cover|contain))\b",
    re.I,
)
# Kinds whose span is a typed token (a number, a week, a name): a yes/no or a difference
# question that still asks one ("GPT-3는 몇 B야?" is typed number) keeps it.
_TYPED: frozenset[Kind] = frozenset({"week", "date", "size", "number", "person", "org"})
# A word, hyphens and dots inside it kept: "Quill-MoE" joins two question words into a
# new name, which is no echo of them.
_WORD_RE = re.compile(r"\w+(?:[-.]\w+)*")
_DIGIT_RE = re.compile(r"\d")


def asks_polar(question: str) -> bool:
    """Whether ``question`` asks yes or no (Korean or English)."""
    q = question.strip()
    if has_hangul(q):
        if _KO_WH_RE.search(q) or _KO_TOPIC_END_RE.search(q):
            return False
        return _KO_POLAR_END_RE.search(q) is not None
    return _EN_POLAR_RE.match(q) is not None and _EN_CHOICE_RE.search(q) is None


def asks_difference(question: str) -> bool:
    """Whether ``question`` asks how two things differ."""
    return _DIFFERENCE_RE.search(question) is not None


# Particles a span's word may carry beyond the question's word ("화폐와").
_PARTICLES = frozenset(CASE_PARTICLES) | {
    *("에서", "에게", "와", "과", "도", "만", "까지", "부터", "이나", "나", "랑", "이랑", "하고")
}


def _restates(span: str, q_terms: Collection[str], question: str) -> bool:
    """Whether every word of ``span`` is one of the question's (it adds nothing).

    A word is the question's when, bare or without a trailing particle ("화폐와"), a
    question word starts with it ("law" of "Law에서") or it is an analyzer term of the
    question of two letters or more (a one-letter term would match too much: "신" of
    "신학"). Any other tail makes a new word: "가상화폐" of "가상 … 화폐".
    """
    words = [w.lower() for w in _WORD_RE.findall(span)]
    if not words:
        return True
    q_words = [w.lower() for w in _WORD_RE.findall(question)]
    terms = {t.lower() for t in q_terms if len(t) > 1}

    def asked(w: str) -> bool:
        stems = [w] + [w[: -len(p)] for p in _PARTICLES if w.endswith(p) and len(w) > len(p)]
        return any(st in terms or any(qw.startswith(st) for qw in q_words) for st in stems)

    return all(asked(w) for w in words)


def worth_leading(
    question: str, kind: Kind, span: str, q_terms: Collection[str], *, cell: bool = False
) -> bool:
    """Whether ``span`` should lead the answer to ``question`` (typed ``kind``); ``cell``:
    the span is a table cell (a row's value answers a yes/no question: "불필요")."""
    if _restates(span, q_terms, question):
        return False
    if kind in _TYPED or cell:
        return True
    if asks_polar(question):
        return False
    if asks_difference(question) or _CONTENT_RE.search(question):
        # "이명박과 박근혜의 표 차이는?": a difference counted is a number, and leads.
        return _DIGIT_RE.search(span) is not None
    return True
