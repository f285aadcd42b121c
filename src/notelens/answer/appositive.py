"""A line that says what a name *is* in passing, before or beside the name.

Summaries introduce a new method or model by describing it in front of its name, not in
a "X는 …" / "X: …" definition: "자동으로 적대적 프롬프트를 생성하는 방법인 언어모델
AdvPrompter 개발", "검색 결과를 다시 매기는 모델인 ColBERT를 제안", "a retriever called
Contriever", "Llama Guard, an input-output safeguard model, …". For "AdvPrompter가
뭐야?" / "What is Contriever?" that line is the definition; the later lines that open with
the name ("AdvPrompter가 생성하는 …") only say what it does or yields.

:func:`describes_before` is read by the unit scorer's definition rule
(``answer/candidates.py``) beside its "X는 / X: / X is" shapes.
"""

from __future__ import annotations

import re

# "…하는 방법인 (언어모델) X", "…라는 모델 X", "…이라는 X": a copula or quotative
# modifier, up to two nouns of category ("언어모델", "새로운 기법"), then the name, then
# the end of the noun phrase (a particle, a "개발 / 제안 / 소개" predicate, punctuation).
_KO_BEFORE = r"(?:인|이라는|라는|이란)\s+(?:[가-힣A-Za-z\-]+\s+){{0,2}}?{name}"
_KO_AFTER = (
    r"(?=\s*(?:$|[.,;:(<)]|을|를|이|가|은|는|의|로|으로|\s(?:개발|제안|소개|도입|공개|발표)"
    r"|개발|제안|소개|도입|공개|발표))"
)
# "a retriever called X", "a model named X"; "X, a … model" / "X (an … method)".
_EN_CALLED = r"\b(?:called|named|dubbed)\s+{name}\b"
_EN_APPOSED = r"\b{name}\s*(?:,|\(|—|–)\s*(?:an?|the)\s+\w"


def describes_before(text: str, name: str) -> bool:
    """Whether ``text`` introduces ``name`` (a question's subject, lower-cased) with a
    description of what it is (see the module docstring)."""
    if len(name) < 2:
        return False
    esc = re.escape(name)
    low = text.lower()
    return bool(
        re.search(_KO_BEFORE.format(name=esc) + _KO_AFTER, low)
        or re.search(_EN_CALLED.format(name=esc), low)
        or re.search(_EN_APPOSED.format(name=esc), low)
    )
