"""Refusal signal of an open item: a yes/no question over a line the notes leave open.

Notes keep plans and open questions beside results: "다음에 해 볼 것 > DoRA처럼 … 변형이
rank 16보다 나은지 확인", "2-bit KV cache는 한국어에서도 괜찮을까? … 확인해 볼 것",
"Next steps: check whether …". A yes/no question about the same thing ("DoRA가 rank 16
LoRA보다 나았어?") shares every word with such a line and passes every other check,
but the line says the answer is not known yet (docs/benchmarks.md "Refusals, tenth
round"). :func:`open_factor` scales the evidence strength by ``1 - OPEN_PENALTY`` then.

Only yes/no questions: "what will they try next?" or "무엇을 확인할 계획이야?" is
answered by the plan itself.

A second case (eleventh round, docs/benchmarks.md "Refusals, eleventh round"): a sentence
of the unit that names the question's subject and says its value is withheld ("a model
we call "Vendor-X" here, because the contract forbids publishing its name", "Halla-2 …
세부 사항은 비공개") answers "What is the real name of Vendor-X?" with the reason
there is none. Read per sentence, with the subject in it: a meeting's block that
ends "세부 사항 공유 불가" under another item still answers "다음 회의는 언제야?".
"""

from __future__ import annotations

import re

#: The strength factor's penalty for a yes/no question over an open item. Such a line
#: restates the question by construction (its lexical share and cosine are near 1), so
#: the penalty must take a full strength below the refusal threshold (0.36): above
#: 1 - 0.36; ``NAME_PENALTY`` (0.9) weighs a name the notes lack, the same "the notes
#: do not know" signal. 0.7 leaves a full strength at 0.3.
OPEN_PENALTY = 0.7

# A question word in either language: such a question is not a yes/no one.
_WH_RE = re.compile(
    r"\b(?:who|whom|whose|what|which|when|where|why|how)\b"
    r"|뭐|무엇|무슨|어떤|어떻게|어느|누구|누가|언제|어디|몇|며칠|얼마|왜",
    re.I,
)
# English: an auxiliary opens the question ("Did DoRA beat …?", "Is X better …?").
_EN_POLAR_RE = re.compile(
    r"^\s*(?:is|are|was|were|do|does|did|can|could|has|have|had|will|would|should)\b", re.I
)
# Korean: the question ends in a predicate's question ending ("나았어?", "좋아?",
# "되나요?", "괜찮을까?", "있습니까?", "맞지?"), not in a noun with a topic particle
# ("X의 장점은?", which asks for the content).
_KO_POLAR_RE = re.compile(
    r"[가-힣](?:어|아|여|니|나요|까|까요|습니까|ㅂ니까|가요|지|죠|냐|나)\s*\?*\s*$"
)
# A line the notes leave open: a to-do or a check still to be made ("… 확인", "확인
# 필요", "볼 것", "해 볼 것", "TODO", "to check"), or a question the note asks itself.
_OPEN_TEXT_RE = re.compile(
    r"확인(?:해\s*(?:볼|봐야|보기)|\s*필요|\s*예정|할\s*것)?\s*[.!]?\s*$"
    r"|(?:볼|할|해\s*볼)\s*것\s*[.!]?\s*$|볼\s*것\s*:|\?\s*$|[가-힣]을까\?"
    r"|\b(?:TODO|TBD|to check|to try|to verify|not yet (?:tested|checked|known))\b",
    re.I,
)
# A heading or label over such lines ("다음에 해 볼 것", "TODO", "Next steps", "Open
# questions", "할 일").
_OPEN_LABEL_RE = re.compile(
    r"해\s*볼\s*것|볼\s*것|할\s*것|할\s*일|\bTODO\b|\bto-?dos?\b|\bnext steps?\b"
    r"|\bopen questions?\b|\bfuture work\b",
    re.I,
)


def polar(question: str) -> bool:
    """Whether ``question`` asks yes or no (no question word; an auxiliary first in
    English, a predicate's question ending in Korean)."""
    if _WH_RE.search(question):
        return False
    return bool(_EN_POLAR_RE.search(question) or _KO_POLAR_RE.search(question.strip()))


def open_item(text: str, context: str = "") -> bool:
    """Whether the unit ``text`` (under ``context``, its heading path / entry) is a plan
    or a question still open rather than a result."""
    label = context.rsplit(" > ", 1)[-1] if context else ""
    return bool(_OPEN_TEXT_RE.search(text.strip()) or _OPEN_LABEL_RE.search(label))


# A sentence that withholds a value: the contract or the team forbids naming it, it is
# not disclosed / shared / public, 비공개, 공개·공유 불가, 밝히지 않음, 익명 처리.
_WITHHELD_RE = re.compile(
    r"\b(?:forbids?|prohibits?|cannot|can't|may not|not allowed to)\s+"
    r"(?:us\s+)?(?:from\s+)?(?:publish|nam|disclos|shar|reveal|mention)\w*"
    r"|\b(?:not|never)\s+(?:be\s+)?(?:publicly\s+)?"
    r"(?:disclosed|published|revealed|named|made public)\b"
    r"|\bundisclosed\b|\bconfidential\b|\banonymi[sz]ed\b"
    r"|비공개|(?:공개|공유)\s*(?:불가|금지|안\s*함|하지\s*않|되지\s*않|할\s*수\s*없)"
    r"|밝히지\s*않|밝힐\s*수\s*없|익명\s*(?:처리|으로)",
    re.I,
)
# A question about the withholding itself ("Why is its name not published?", "공개
# 여부는?") is answered by that sentence.
_ASKS_DISCLOSURE_RE = re.compile(
    r"\bwhy\b|왜|publish|disclos|confidential|reveal|공개|공유|비밀|익명|anonym", re.I
)
_SENTENCE_END_RE = re.compile(r"(?<=[.!?;。])\s+|\n+")


def withheld(question: str, text: str) -> bool:
    """Whether a sentence of ``text`` names the question's subject (a Latin name of the
    question) and says its value is withheld; never for a question about the
    withholding itself."""
    from notelens.answer.evidence import name_present
    from notelens.answer.grounding import latin_names

    names = latin_names(question)
    if not names or _ASKS_DISCLOSURE_RE.search(question):
        return False
    return any(
        _WITHHELD_RE.search(s) is not None and any(name_present(n, s.lower()) for n in names)
        for s in _SENTENCE_END_RE.split(text)
    )


# A question asking for the result of a change or a measurement ("… 재측정 결과는?",
# "2048로 바꾼 결과는?", "What happened to …", "What was the outcome of …").
# (Many phrasings of one need: "결과는 어떻게 나왔어?", "어떻게 되었어?", "결과 나왔어?",
# "How did … turn out?", "What came of …?".)
_RESULT_RE = re.compile(
    r"결과(?:는|가|를)?\s*\??\s*$|결과\s*(?:는|가)?\s*(?:어때|어땠|뭐|나왔)"
    r"|어떻게\s*(?:됐|되었|나왔|끝났)"
    r"|\bwhat (?:was|were) the (?:results?|outcomes?)\b|\bwhat happened\b"
    r"|\bhow did\b.*\b(?:turn out|go|work out|end up)\b|\bwhat came of\b",
    re.I,
)
# A section of plans, where a result question finds only what was meant to be done
# ("5. 다음 계획 > 2026년 1분기에 … 다시 맞추고 …", "Next steps", "Roadmap", "향후 과제").
# (For result questions only: "will they …?" is answered by the plan.)
_PLAN_LABEL_RE = re.compile(
    r"계획|예정|향후|다음\s*(?:단계|과제|할\s*일)|\bplans?\b|\bplanned\b|\broadmap\b", re.I
)
# A sentence of the unit that asks instead of telling ("바꾸면? 12월에 재측정", "… 괜찮을까?
# 확인해 볼 것"): the note's own open question, wherever it stands in the unit.
_ASKS_ITSELF_RE = re.compile(r"[^\s?]\?(?=\s|$)")
# A question answered in the unit itself ("Q: …? A: …", "질문: …? 답: …") is no open one.
_ANSWERED_RE = re.compile(r"(?<![A-Za-z])A\s*[:：]|답(?:변)?\s*[:：]")


def asks_itself(text: str) -> bool:
    """Whether a sentence of ``text`` is a question the note leaves unanswered."""
    return _ASKS_ITSELF_RE.search(text) is not None and _ANSWERED_RE.search(text) is None


def asks_result(question: str) -> bool:
    """Whether ``question`` asks for the result of a change or a measurement."""
    return _RESULT_RE.search(question.strip()) is not None


def planned(text: str, context: str = "") -> bool:
    """Whether the unit is a plan: an open item (:func:`open_item`) or a line under a
    plans section (its context's last label, :data:`_PLAN_LABEL_RE`)."""
    label = context.rsplit(" > ", 1)[-1] if context else ""
    return open_item(text, context) or _PLAN_LABEL_RE.search(label) is not None


def open_factor(question: str, text: str, context: str = "") -> float:
    """``1 - OPEN_PENALTY`` when a yes/no ``question`` is answered by an open item, a
    question asking for a result by a unit that asks itself what happens (a plan: "Wren-2로
    바꾸면? 12월에 재측정", docs/benchmarks.md "Refusals, twelfth round"), or any question
    by a sentence withholding its subject's value (:func:`withheld`), else 1."""
    if (
        (polar(question) and open_item(text, context))
        or (asks_result(question) and (asks_itself(text) or planned(text, context)))
        or withheld(question, text)
    ):
        return 1.0 - OPEN_PENALTY
    return 1.0
