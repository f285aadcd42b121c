"""The entry a fact belongs to, when the question asks for the entry's name.

A digest writes an entry as a title line with the facts as bullets under it::

    - 📜 [Petrel AI] [Petrel-3-Vision](https://…)
        - 한국어 OCR 벤치마크 정확도 88.5%

"한국어 OCR 88.5% 나온 모델 이름?", "Monte Carlo rollout으로 step label 만드는 논문 이름",
"Which blog post says to version evals like code?" describe a bullet and ask for the
title above it: the bullet is what matches the question's words, the title is the
answer. The extractor picks the bullet (it shares the words); this module names its
entry, which then leads the answer with the bullet quoted after it.

For a name question ("어떤 모델?", "모델 이름?") the bullet may write the name itself
("Llama-2 7B 기반"): the entry leads only when the bullet's own short answer is no name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from notelens.analysis.lang import final_consonant
from notelens.answer.qtype import LATIN_NAME_RE, AnswerType

if TYPE_CHECKING:
    from notelens.answer.extractive import Candidate

# A document asked for by a clause describing it: "… 줄인 논문", "… 했다는 글",
# "… 구성한 테크리포트", "… 한 Mistwood 글", "…라는 블로그 포스트는?".
_DOC_KO = (
    r"(?:논문|글|포스트|블로그(?:\s*(?:글|포스트))?|(?:테크\s*)?리포트|보고서|아티클|기사"
    r"|모델\s*카드)"
)
_ASK_END = (
    r"\s*(?:뭐(?:야|였지|였더라|지|더라)?|뭔지|어떤\s*(?:거|것)(?:야|이야|였지)?|알려\s*줘"
    r"|찾아\s*줘)?\s*\??\s*$"
)
_KO_DOC_RE = re.compile(
    rf"(?:[가-힣]\s+|[A-Za-z0-9]+\s+){_DOC_KO}\s*(?:은|는|이|가|이름|제목)?\s*(?:은|는)?" + _ASK_END
)
# A digest's entry is as often a model, a benchmark or a dataset, asked for by a clause
# describing one of its bullets: "노트북 GPU 24GB에서 4bit로 돌아간다는 모델", "공격 성공률
# 제일 높은 카테고리가 우회 역할극인 벤치마크는?", "커밋 메시지를 학습데이터에 넣은 코딩 모델".
# The clause must end right before the noun (a verb's modifier, closed by ㄴ or ㄹ: "돌아
# 간다는", "넣은", "역할극인"; one noun may sit between, "코딩 모델"): "Ko-Arena 1위 모델은?"
# or "네 개의 모델은?" name no bullet. Such a bullet may write the asked thing's name
# itself ("rerank에 쓰는 모델은?" over "Ko-Rerank-mini 사용"): :func:`names_itself`.
_THING_KO = r"(?:모델|벤치마크|데이터셋)"
# Nouns that modify the next one as a clause would ("코드 생성 특화 모델" = "코드 생성에
# 특화된 모델", "Llama 기반 모델", "한국어 전용 벤치마크").
_MODIFIER_NOUNS = ("특화", "기반", "전용", "중심", "최적화")
_KO_THING_RE = re.compile(
    r"[가-힣]\s+(?:[가-힣A-Za-z][\w\-]*\s+)?"
    rf"{_THING_KO}\s*(?:은|는|이|가|이름)?\s*(?:은|는)?" + _ASK_END
)
_EN_DOC_RE = re.compile(
    # "Which 2025 blog post …", not "What does the report say …" (the report is named).
    r"\b(?:which|what)\s+(?:(?!(?:does|do|did|is|are|was|were|has|have|had)\b)[\w-]+\s+){0,3}?"
    r"(?:blog post|post|report|article|paper|write-?up"
    r"|model card|tech(?:nical)? report|preprint)\b",
    re.I,
)
# "Which model in the X list uses dialogue data?", "Which benchmark was built from exam
# questions?": a model, benchmark or dataset entry asked by what one of its bullets says
# (the English of :data:`_KO_THING_RE`). "Which model does X build on?" asks a bullet's
# value instead (the auxiliary makes the model the object), as does "which model size";
# a bullet that writes the name itself answers either way (:func:`names_itself`).
_EN_THING_RE = re.compile(
    r"\b(?:which|what)\s+(?:[\w-]+\s+){0,2}?(?:model|benchmark|dataset)s?\b(?!'s|\s+size)"
    r"(?:\s+(?:in|on|from|of)\s+(?:the\s+)?[\w\s-]{1,40}?)?"
    r"\s+(?:(?:is|are|was|were)\s+(?:[a-z]+ly\s+)?[a-z]+(?:ed|en)"
    r"|(?!(?:is|was|has|does|do|did|should|can|could|will|would)\b)[a-z]+(?:s|ed))\b",
    re.I,
)
# "Which entry reports …", "Which entries are in …": the entry itself, by what it says.
_EN_ENTRY_RE = re.compile(
    r"\b(?:which|what)\s+entr(?:y|ies)\s+(?:is|are|was|were|has|have|had|\w+(?:s|ed))\b", re.I
)


def asks_entry(question: str, atype: AnswerType) -> bool:
    """Whether ``question`` asks for the title of the entry it describes (a name
    question too: :func:`names_itself` then says whether the bullet answers it)."""
    if atype.kind in ("title", "name"):
        return True
    return bool(asks_document(question) or _EN_ENTRY_RE.search(question) or asks_thing(question))


def asks_document(question: str) -> bool:
    """Whether ``question`` asks for a document (a paper, a post, a report) by a clause
    describing it ("… 평가한 논문 제목?", "Which blog post says …?")."""
    return bool(_KO_DOC_RE.search(question) or _EN_DOC_RE.search(question))


def asks_thing(question: str) -> bool:
    """Whether ``question`` asks for a model, benchmark or dataset entry by a clause
    describing one of its bullets (:data:`_KO_THING_RE`, :data:`_EN_THING_RE`)."""
    if _EN_THING_RE.search(question):
        return True
    m = _KO_THING_RE.search(question)
    if m is None:
        return False
    # The word before the noun (or before the one noun between) is the clause's verb.
    words = question[: m.end()].split()
    at = next((i for i in range(len(words) - 1, -1, -1) if re.match(_THING_KO, words[i])), 0)
    return any(
        final_consonant(w[-1]) in ("ㄴ", "ㄹ") or w.endswith(_MODIFIER_NOUNS)
        for w in words[max(0, at - 2) : at]
    )


def names_itself(question: str, atype: AnswerType, text: str) -> bool:
    """Whether a bullet answers a name question with a name of its own: a Latin name
    the question does not write ("Llama-2 7B 기반" for "어떤 모델을 썼어?")."""
    if atype.kind != "name" and not asks_thing(question):
        return False
    low = question.lower()
    # (A lowercase token with a digit, "top-4", is a setting, not a name; a particle
    # glued to a name, "Norvane의", is not part of it.)
    names = (re.sub(r"[가-힣]+$", "", w) for w in LATIN_NAME_RE.findall(text))
    return any(w.lower() not in low and any(ch.isupper() for ch in w) for w in names)


def entry_of(best: Candidate, cands: Sequence[Candidate]) -> Candidate | None:
    """The entry title ``best`` (a bullet) sits under, among ``cands`` of its passage."""
    unit = best.unit
    if unit is None or unit.kind != "item":
        return None
    titles = [
        c
        for c in cands
        if c.hit_index == best.hit_index
        and c.unit is not None
        and c.unit.kind == "title"
        and c.position < best.position
    ]
    # The outermost list item above the bullet is its entry: a bullet nests under a
    # sub-bullet of the entry ("📜 … Halcyon-2 Technical Report > 데이터 구성 > 코드 18%").
    for segment in unit.context.split(" > "):
        found = [c for c in titles if c.text.strip() == segment.strip()]
        if found:
            # The nearest such title above the bullet (an archive may repeat one).
            return max(found, key=lambda c: c.position)
    return None
