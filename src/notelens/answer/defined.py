"""The term a "what is X" question asks about, and whether a definition line defines it.

A question that is only about a term ("reasoning trace가 뭐지?", "data attribution이 뭘 하는
거야?", "speculative decoding이 어떻게 동작해?", "What is a reward model?", "How does
speculative decoding work?") is answered by the line that defines that term ("- reasoning
trace: …", "- **Data attribution**: …"), not by a line that defines another term and
names the asked one in its body ("Acceptance length: speculative decoding에서 …"), nor by a
line that only uses it. The question type alone misses many of these (the Korean "뭐지" /
"뭘 하는" / "어떻게 동작" forms read as "other" or "method"), so the asked term is read from
the question's own shape.
"""

from __future__ import annotations

import re

from notelens.answer.units import AnswerUnit

# The term a Korean question opens with, and its other name in parentheses ("평가
# 인식(eval awareness)"): both shapes below ask about it.
_KO_TERM = r"^\s*(?P<term>[^?？!.,]{2,48}?)\s*(?:\((?P<alias>[^()]{2,40})\))?\s*"
# "X(Y)가 뭐야 / 뭐지 / 무엇인가 / 뭘 하는 / 어떻게 동작(작동)하는": X (and the parenthesised
# Y) is the whole topic of the question. The particle is the last before the ask.
_KO_RE = re.compile(
    _KO_TERM + r"(?:이란|란|이|가|은|는)\s+"
    r"(?:뭐|무엇|뭘|뭔|무슨\s*뜻|어떤\s*(?:뜻|의미|개념)|어떻게\s*(?:동작|작동|작용|돌아가))"
)
# "X 뜻", "X의 의미는?", "X란?", "X이란 무엇인가", "X 정의해줘", "X 설명해 줘", "X 정의 알려줘":
# the other ways a Korean question asks what a term means (the ask after the term, with
# no particle before it).
_KO_TAIL_RE = re.compile(
    _KO_TERM + r"(?:(?:이란|란)(?:\s*(?:뭐|무엇)\S*)?"
    r"|(?:의\s*)?(?:뜻|의미|정의|개념)(?:은|는|이|가)?(?:\s*(?:뭐|무엇|알려|설명)\S*)*"
    r"|(?:정의|설명)\s*해\s*(?:줘|줄래|주세요|봐)\S*)"
    r"\s*[?？.]?\s*$"
)
# Not a term: a question word or an embedded question ("LoRA가 왜 효율적인지 설명해줘"
# asks a reason), a comparison ("DPO랑 PPO 차이"), a pointer ("이 논문 설명해줘").
_KO_NOT_TERM_RE = re.compile(
    r"(?:왜|어떻게|어째서|언제|누가|누구|어디|몇|무슨|어떤|차이|비교|장단점)"
    r"|[가-힣](?:인지|는지|은지|한지|할지|을지)(?:\s|$)|[가-힣A-Za-z0-9](?:이랑|랑)\s"
    r"|^(?:이|그|저|this|that)\s",
    re.I,
)
# "RAG의 정의는 뭐야?": the ask's own noun is not part of the term.
_ASK_NOUN_RE = re.compile(r"(?:의\s*|\s+)(?:뜻|의미|정의|개념)$")
# A reference line ("Ainslie et al., 2023, \"GQA: …\" (https://arxiv.org/…)") under the
# term's heading cites the paper; it does not say what the term is.
_REFERENCE_RE = re.compile(r"\bet al\.|\(https?://[^)\s]+\)")
# "What is (a / the) X?", "What does X mean / do?", "How does X work?", "Define X".
_EN_RE = re.compile(
    r"^\s*(?:what(?:'s|\s+is|\s+are)\s+(?:an?\s+|the\s+)?(?P<t1>[^?]{2,48}?)"
    r"|what\s+does\s+(?:an?\s+|the\s+)?(?P<t2>[^?]{2,48}?)\s+(?:mean|do|stand\s+for)"
    r"|how\s+(?:does|do)\s+(?:an?\s+|the\s+)?(?P<t3>[^?]{2,48}?)\s+work"
    r"|define\s+(?:an?\s+|the\s+)?(?P<t4>[^?]{2,48}?))"
    r"\s*(?:\((?P<alias>[^()]{2,40})\))?\s*(?:in (?:one line|short|these notes))?\s*[?？.]?\s*$",
    re.I,
)
# A question term that is a clause, not a term: "What is the accuracy of …" / "What is
# Priya's affiliation?" ask for a value; so does "A가 B보다 낮게 나온 이유는 뭐야?".
_CLAUSE_RE = re.compile(r"\b(?:of|in|for|on|from|with|that|which|used|reported)\b|'s\b", re.I)
_KO_CLAUSE_RE = re.compile(
    r"[가-힣]+(?:에서|에게|으로|로|를|을|와|과|하고|한|된|인|게|고|서|보다|에|도|만)\s"
)
# A term is a few words ("judge의 position bias"); a longer phrase is a clause.
MAX_TERM_WORDS = 3


def _norm(term: str) -> str:
    """Lower case, markup and a parenthesis gone, a plural "s" and spacing folded."""
    t = re.sub(r"\([^)]*\)", " ", term.replace("*", "").replace("`", "")).lower()
    t = " ".join(t.split())
    plural = t.endswith("s") and not t.endswith(("ss", "us", "is")) and len(t) > 3
    return t[:-1] if plural else t


def asked_terms(question: str) -> tuple[str, ...]:
    """The term(s) a question asks the meaning or working of, normalised; () if the
    question is not of that shape. "평가 인식(eval awareness)이 뭐야?" gives both names;
    "judge의 position bias가 뭐야?" gives "judge의 position bias" and "position bias"."""
    m = _KO_RE.match(question)
    tail = None if m else _KO_TAIL_RE.match(question)
    if tail is not None and _KO_NOT_TERM_RE.search(tail.group("term")):
        return ()
    m = m or tail
    if m:
        if _KO_CLAUSE_RE.search(m.group("term") + " ") or len(m.group("term").split()) > (
            MAX_TERM_WORDS
        ):
            return ()
        raw = [_ASK_NOUN_RE.sub("", m.group("term")), m.group("alias") or ""]
    else:
        m = _EN_RE.match(question)
        if not m:
            return ()
        term = next(g for g in (m.group("t1"), m.group("t2"), m.group("t3"), m.group("t4")) if g)
        if _CLAUSE_RE.search(term) or len(term.split()) > MAX_TERM_WORDS + 1:
            return ()
        raw = [term, m.group("alias") or ""]
    # "A의 B": B is the term, A the field it belongs to.
    raw += [r.rsplit("의 ", 1)[1] for r in raw if "의 " in r]
    return tuple(dict.fromkeys(n for n in map(_norm, raw) if len(n) >= 2))


def _names(label: str, asked: tuple[str, ...]) -> bool:
    """The label is an asked term, or its head ("eviction" for "캐시 eviction")."""
    return any(a == label or (len(label) >= 3 and a.endswith(f" {label}")) for a in asked)


def defines_asked(unit: AnswerUnit, asked: tuple[str, ...], first_under_label: bool) -> bool:
    """Whether ``unit`` defines one of the ``asked`` terms: a definition line labelled
    with the term itself, not a longer one that merely contains it ("KV cache" is not
    defined by "KV cache quantization: …"), or the first line under a heading that is
    the term ("### Eval awareness" then "모델이 지금 평가받고 있다는 것을 알아채는 현상.")."""
    if not asked:
        return False
    if unit.kind == "definition":
        return _names(_norm(unit.term), asked)
    if _REFERENCE_RE.search(unit.text):
        return False
    return first_under_label and _names(_norm(unit.context.rsplit(" > ", 1)[-1]), asked)


def defines_other(unit: AnswerUnit, asked: tuple[str, ...]) -> bool:
    """Whether ``unit`` is a definition line of an unrelated term: for "X가 뭐야?" the line
    "Y: … X에서 …" explains Y, whatever X-words it shares. A label sharing a word with
    the asked term may be its other-language name ("weight-only quantization" for
    "weight-only 양자화") and is not held against it."""
    if not asked or unit.kind != "definition":
        return False
    words = set(_norm(unit.term).split())
    return not any(words & set(a.split()) for a in asked)
