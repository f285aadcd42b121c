"""Follow-up questions rewritten into standalone ones before retrieval (issue #19 item 6).

A follow-up ("그럼 QLoRA는?", "그건 몇 배 빨라?", "What about GQA?", "and how much memory
does it save?") means nothing to a retriever on its own: the subject is in the previous
turn. :func:`rewrite_rules` makes it standalone from the conversation, in this order:

1. **Ellipsis** -- "그럼 X는?", "X는요?", "X도?", "What about X?", "And X?": the previous
   standalone question with its topic replaced by X.
2. **Pronouns and demonstratives** -- 그것/그건/그게/이 모델/그 논문/it/its/they/that/this
   method: replaced by the previous question's topic.
3. **A subject left out** -- a short question with no entity of its own ("누가 발표했어?",
   "How many heads?"): the previous topic is put in front (Korean) or after (English).
4. Anything else -- a question with its own entity and no reference back -- is already
   standalone and left alone.

The **topic** of a question is its key entity: a Latin term that reads as a name
(LoRA, GPT-3, Multi-Query Attention), else a Korean proper noun (Kiwi ``NNP``). An
analyzer without morphemes (not Kiwi) still gets the Latin terms.

:func:`rewrite_llm` then asks the configured LLM for a rewrite and keeps the rule
result when the model's reply is empty, only echoes the follow-up, or drops the entity.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from notelens.analysis.base import MorphemeTagger

if TYPE_CHECKING:
    from notelens.answer.base import Generator

logger = logging.getLogger(__name__)

RewriteMethod = Literal["none", "ellipsis", "pronoun", "subject", "llm"]


@dataclass(frozen=True, slots=True)
class Turn:
    """One answered turn of a conversation, as the rewriter needs it."""

    question: str  # as asked
    standalone: str  # as retrieved (the rewrite, or the question itself)
    topic: str | None = None  # the key entity of ``standalone``
    answer: str = ""


@dataclass(frozen=True, slots=True)
class Rewrite:
    """A question and the standalone question retrieval uses."""

    question: str
    standalone: str
    method: RewriteMethod = "none"
    topic: str | None = None  # the key entity of ``standalone``

    @property
    def changed(self) -> bool:
        return self.standalone != self.question


# -- key entities -----------------------------------------------------------------------

# A Latin token: letters, digits and inner - . / + (GPT-3.5, Llama-2, W_q, bge-m3).
_LATIN_RE = re.compile(
    r"(?<![A-Za-z0-9])[0-9]*[A-Za-z][A-Za-z0-9]*(?:[-./+_][A-Za-z0-9]+)*(?<![.])"
)
# English words that are capitalised only because they start a question, and question
# or function words that are never an entity.
# fmt: off
_EN_STOP = frozenset({
    "a", "an", "the", "and", "or", "but", "so", "of", "in", "on", "at", "to", "for", "from",
    "by", "with", "about", "as", "is", "are", "was", "were", "be", "been", "do", "does", "did",
    "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "much", "many",
    "can", "could", "should", "would", "will", "shall", "may", "might", "must", "it", "its",
    "this", "that", "these", "those", "they", "them", "their", "there", "here", "i", "you", "we",
    "he", "she", "me", "my", "our", "your", "his", "her", "not", "no", "yes", "than", "then",
    "also", "only", "just", "ok", "okay", "well", "same", "compare", "compared", "versus", "vs",
    "between", "into", "over", "under", "more", "most", "less", "fewer", "difference", "differ",
    "different", "use", "used", "using", "uses", "need", "needs", "mean", "means", "work",
    "works", "please", "tell", "explain", "say", "said", "give", "show", "list", "name", "again",
    "still", "both", "each", "other", "any", "some", "such", "very", "really", "way", "ways",
    "thing", "things", "one", "ones",
})
# fmt: on
# Lower-case technical terms that are entities although not capitalised.
_ACRONYM_RE = re.compile(
    r"^(?:[A-Z][A-Za-z]*[A-Z][A-Za-z0-9]*|[A-Za-z]+[0-9][A-Za-z0-9.]*|[A-Z]{2,}s?)$"
)


def _named_latin(question: str) -> list[str]:
    """Latin names in ``question``, longest runs first in order of appearance:
    acronyms and mixed-case terms (LoRA, GQA, GPT-3) and runs of capitalised words
    (Multi-Query Attention, Prompt Tuning) that are not the question's first word."""
    spans: list[tuple[int, int, str]] = []
    tokens = list(_LATIN_RE.finditer(question))
    korean = _is_korean(question)
    run: list[re.Match[str]] = []

    def close() -> None:
        if run:
            spans.append((run[0].start(), run[-1].end(), question[run[0].start() : run[-1].end()]))
        run.clear()

    for i, m in enumerate(tokens):
        word = m.group(0)
        low = word.lower()
        named = bool(_ACRONYM_RE.match(re.sub(r"[-./+_]", "", word)))
        if korean:
            # In a Korean question a Latin word is a term (Kiwi's SL), capitalised or not.
            named = named or (low not in _EN_STOP and len(word) > 1)
        capital = word[0].isupper() and low not in _EN_STOP
        adjacent = bool(run) and question[run[-1].end() : m.start()] in (" ", "-")
        if named or capital:
            if run and not adjacent:
                close()
            run.append(m)
        elif run:
            close()
        if i == len(tokens) - 1:
            close()
    close()
    return [text for _, _, text in spans]


def key_entity(question: str, analyzer: object | None = None) -> str | None:
    """The key entity of ``question``: its first Latin name, else its first Korean
    proper noun (Kiwi ``NNP``; needs an analyzer with ``morphemes``), else None."""
    latin = _named_latin(question)
    if latin:
        return latin[0]
    if isinstance(analyzer, MorphemeTagger):
        # Adjacent NNP morphemes are one name (박 + 지훈 -> 박지훈).
        names: list[tuple[int, int]] = []
        for _form, tag, start, end in analyzer.morphemes(question):
            if tag != "NNP":
                continue
            if names and names[-1][1] == start:
                names[-1] = (names[-1][0], end)
            else:
                names.append((start, end))
        for start, end in names:
            name = question[start:end]
            if len(name) >= 2 and name not in _KO_NOT_ENTITY:
                return name
    return None


# Kiwi tags these as NNP at times; they are never what a follow-up refers back to.
_KO_NOT_ENTITY = frozenset({"한국어", "영어", "노트", "스터디"})


# -- the rules ----------------------------------------------------------------------------

_KO_LEAD = r"(?:그럼|그러면|그렇다면|그러면은|근데|그리고|또|혹시|아\s*그럼)?\s*"
# "그럼 QLoRA는?", "QLoRA는요?", "QLoRA도?", "QLoRA의 경우는?", "QLoRA는 어때?"
_KO_ELLIPSIS_RE = re.compile(
    r"^" + _KO_LEAD + r"(?P<x>.+?)\s*(?:의\s*경우(?:는|엔|에는)?|은|는|도|이나|나|이랑|랑)\s*"
    r"(?:요|어때요?|어떤데요?|어떻게\s*돼요?|어떻게\s*되나요?|어떻고|어떨까요?|어떻지)?\s*[?？]?\s*$"
)
# "What about GQA?", "And GQA?", "How about QLoRA then?", "Same for DoRA?"
_EN_ELLIPSIS_RE = re.compile(
    r"^(?:(?:and|so|ok|okay|then|but)[,]?\s+)?(?:what|how)\s+about\s+(?P<x>.+?)\s*"
    r"(?:then|instead|too)?\s*[?.!]*\s*$"
    r"|^(?:and|same\s+for|also\s+for|and\s+for|and\s+what\s+of)\s+(?P<y>.+?)\s*[?.!]*\s*$",
    re.IGNORECASE,
)

# Korean pronouns/demonstratives with their particle; the replacement keeps the particle.
_KO_PRONOUNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?:그것|이것|저것)(?=은|이|을|의|도|만|과|보다|으로|에)"), ""),
    (re.compile(r"(?:그건|이건|저건)"), "는"),
    (re.compile(r"(?:그게|이게|저게)"), "가"),
    (re.compile(r"(?:그걸|이걸|저걸)"), "를"),
    (re.compile(r"(?:그거|이거|저거)(?=는|도|랑|하고|의|보다|만)?"), ""),
    (
        re.compile(
            r"(?:그|이|저|해당)\s*(?:모델|논문|방법|방식|기법|기술|구조|알고리즘|개념|것|연구|"
            r"아키텍처|데이터셋|벤치마크|모듈|프레임워크|라이브러리|도구|발표|사람|분|저자|"
            r"발표자|팀|회사|연구실)"
        ),
        "",
    ),
    (re.compile(r"(?:그것|이것|저것|거기|여기)"), ""),
)
# English: "this/that/the model", "it", "its", "they/them/their", and "that" as a pronoun.
_EN_DEMONSTRATIVE_RE = re.compile(
    r"\b(?:this|that|the|these|those)\s+(?:model|paper|method|approach|technique|trick|"
    r"idea|architecture|variant|one|algorithm|scheme|framework|library|benchmark|dataset|"
    r"methods|models|papers|techniques)\b",
    re.IGNORECASE,
)
_EN_POSSESSIVE_RE = re.compile(r"\b(?:its|their)\b", re.IGNORECASE)
_EN_PRONOUN_RE = re.compile(r"\b(?:it|they|them)\b", re.IGNORECASE)
# "that" as a pronoun: at the end, or before a verb ("does that need", "that saves").
_EN_THAT_RE = re.compile(
    r"\b(?:that|this)\b(?=\s*[?.!]*\s*$|\s+(?:is|was|does|do|did|needs?|uses?|saves?|costs?|"
    r"takes?|works?|has|have|means?|compares?|helps?|reduces?|improves?|cuts?|requires?)\b)",
    re.IGNORECASE,
)
_EN_START_THAT_RE = re.compile(
    r"^(?:does|did|is|was|how\s+does|why\s+does|who\s+\w+)\s+that\b", re.I
)

# Content words that mark a question as carrying its own subject.
_KO_CONTENT_TAGS = frozenset({"NNG", "NNP", "SL", "SH"})
_KO_QUESTION_NOUNS = frozenset(
    {
        "누구",
        "무엇",
        "뭐",
        "언제",
        "어디",
        "얼마",
        "몇",
        "왜",
        "어떻게",
        "차이",
        "것",
        "거",
        "수",
        "때",
    }
)


def _is_korean(text: str) -> bool:
    return any("\uac00" <= c <= "\ud7a3" for c in text)


def _content_count(question: str, analyzer: object | None) -> int:
    """How many content words ``question`` has (a standalone question has several)."""
    if _is_korean(question) and isinstance(analyzer, MorphemeTagger):
        return sum(
            1
            for form, tag, _, _ in analyzer.morphemes(question)
            if tag in _KO_CONTENT_TAGS and form not in _KO_QUESTION_NOUNS
        )
    words = [w.lower() for w in _LATIN_RE.findall(question)]
    korean = re.findall(r"[\uac00-\ud7a3]{2,}", question)
    return sum(1 for w in words if w not in _EN_STOP and len(w) > 2) + len(korean)


def _swap(previous: str, old: str | None, new: str) -> str:
    """``previous`` with its topic ``old`` replaced by ``new`` (or ``new`` put in front
    when the previous question had no topic)."""
    if old and old in previous:
        return previous.replace(old, new, 1)
    if old and old.lower() in previous.lower():
        i = previous.lower().index(old.lower())
        return previous[:i] + new + previous[i + len(old) :]
    if _is_korean(previous):
        return f"{new}: {previous}"
    return f"{previous.rstrip('?. ')} for {new}?"


def _last_topic(history: Sequence[Turn]) -> str | None:
    for turn in reversed(history):
        if turn.topic:
            return turn.topic
    return None


def _ellipsis_target(question: str) -> str | None:
    q = question.strip()
    m = _EN_ELLIPSIS_RE.match(q)
    if m:
        x = (m.group("x") or m.group("y") or "").strip(" ,")
        x = re.sub(r"^(?:the|a|an)\s+", "", x, flags=re.I)
        return x if x and len(x.split()) <= 5 else None
    m = _KO_ELLIPSIS_RE.match(q)
    if m:
        x = m.group("x").strip(" ,")
        # A bare topic only: "그럼 QLoRA는?" yes; "메모리는 얼마나 줄어?" is no ellipsis.
        if x and len(x.split()) <= 3 and not re.search(r"[?？]", x):
            return x
    return None


def _literal(text: str) -> Callable[[re.Match[str]], str]:
    """A ``re.sub`` replacement that inserts ``text`` as is (no group references)."""
    return lambda _m: text


def _replace_pronouns_ko(question: str, topic: str) -> str | None:
    for pattern, particle in _KO_PRONOUNS:
        if pattern.search(question):
            return pattern.sub(_literal(f"{topic}{particle}"), question, count=1)
    return None


def _replace_pronouns_en(question: str, topic: str) -> str | None:
    question = re.sub(r"^(?:and|so|also|then|ok|okay|but)[,]?\s+", "", question.strip(), flags=re.I)
    question = question[:1].upper() + question[1:]
    out, n = _EN_DEMONSTRATIVE_RE.subn(topic, question, count=1)
    if n:
        return out
    out, n = _EN_POSSESSIVE_RE.subn(f"{topic}'s", question, count=1)
    if n:
        return _EN_PRONOUN_RE.sub(topic, out, count=1) if _EN_PRONOUN_RE.search(out) else out
    out, n = _EN_PRONOUN_RE.subn(topic, question, count=1)
    if n:
        return out
    if _EN_THAT_RE.search(question) or _EN_START_THAT_RE.search(question):
        return (
            _EN_THAT_RE.sub(topic, question, count=1)
            if _EN_THAT_RE.search(question)
            else (re.sub(r"\bthat\b", topic, question, count=1, flags=re.I))
        )
    return None


def _add_subject(question: str, topic: str) -> str:
    q = question.strip()
    if _is_korean(q):
        lead = re.match(r"^(?:그럼|그러면|그렇다면|근데|그리고|또)\s+", q)
        body = q[lead.end() :] if lead else q
        return f"{topic}는 {body}"
    body = re.sub(r"^(?:and|so|also|then|ok|okay)[,]?\s+", "", q, flags=re.I)
    body = body[:1].upper() + body[1:]
    end = body[-1] if body and body[-1] in "?.!" else "?"
    return f"{body.rstrip('?.! ')} for {topic}{end}"


def rewrite_rules(
    question: str,
    history: Sequence[Turn],
    analyzer: object | None = None,
    *,
    standalone_words: int = 3,
) -> Rewrite:
    """``question`` made standalone from ``history`` by the rules of the module
    docstring. ``standalone_words``: a question with at least this many content words
    and an entity of its own is taken as standalone (when it refers back by no pronoun)."""
    q = question.strip()
    own = key_entity(q, analyzer)
    if not history:
        return Rewrite(question, q, "none", own)
    previous = history[-1].standalone
    topic = history[-1].topic or _last_topic(history)

    target = _ellipsis_target(q)
    if target is not None:
        named = key_entity(target, analyzer)
        if named is None:
            # A name Kiwi only tags in context ("그럼 한도윤은?").
            whole = key_entity(q, analyzer)
            named = whole if whole is not None and whole in target else None
        if topic and (named is None or target[:1].islower()):
            # "그럼 메모리는?" / "What about memory?": another aspect of the same topic.
            aspect = (
                f"{topic}의 {target}는?" if _is_korean(q) else f"What about {target} for {topic}?"
            )
            return Rewrite(question, aspect, "ellipsis", topic)
        standalone = _swap(previous, topic, target)
        return Rewrite(question, standalone, "ellipsis", named or target)

    if topic:
        replaced = (
            _replace_pronouns_ko(q, topic) if _is_korean(q) else _replace_pronouns_en(q, topic)
        )
        if replaced is None and _is_korean(q):
            # Mixed questions: "and how much memory does 그건 save" is rare; the English
            # pronouns of a Korean question ("it") are code, not references.
            replaced = None
        if replaced is not None and own is None:
            return Rewrite(question, replaced, "pronoun", topic)
        if replaced is not None and own is not None and own.lower() != topic.lower():
            # "이 모델이 GQA보다 빨라?": a pronoun and another entity: still a reference.
            return Rewrite(question, replaced, "pronoun", topic)
        words = standalone_words + (1 if _is_korean(q) else 0)
        if own is None and _content_count(q, analyzer) < words:
            return Rewrite(question, _add_subject(q, topic), "subject", topic)
    return Rewrite(question, q, "none", own or None)


# -- the LLM ------------------------------------------------------------------------------

REWRITE_SYSTEM = (
    "You rewrite the user's last question of a conversation into one standalone question "
    "that can be understood without the conversation. Replace pronouns and omitted "
    "subjects with what they refer to. Keep the language of the last question (Korean "
    "stays Korean, English stays English) and keep technical terms as written. Reply "
    "with the rewritten question only, on one line, without quotes or explanations."
)


def _clean_llm(text: str) -> str:
    line = next((ln.strip() for ln in text.strip().splitlines() if ln.strip()), "")
    line = re.sub(r"^(?:rewritten|standalone)?\s*(?:question)?\s*[:：]\s*", "", line, flags=re.I)
    return line.strip(" \"'`“”‘’")


def rewrite_llm(
    question: str,
    history: Sequence[Turn],
    rules: Rewrite,
    generator: Generator,
    *,
    max_tokens: int = 96,
) -> Rewrite:
    """The LLM's standalone question, or ``rules`` when the reply is empty, echoes the
    follow-up although the rules changed it, or drops the entity the rules found."""
    if not history:
        return rules
    lines = []
    for turn in history[-3:]:
        lines.append(f"Q: {turn.standalone}")
        if turn.answer:
            lines.append(f"A: {turn.answer[:300]}")
    user = (
        "Conversation:\n"
        + "\n".join(lines)
        + f"\n\nLast question: {question.strip()}\nStandalone question:"
    )
    try:
        reply = "".join(
            generator.stream(
                [{"role": "system", "content": REWRITE_SYSTEM}, {"role": "user", "content": user}],
                max_tokens=max_tokens,
                temperature=0.0,
            )
        )
    except Exception as exc:  # the rules stand; an LLM failure costs no answer
        logger.warning("follow-up rewrite by the LLM failed, rules kept: %s", exc)
        return rules
    text = _clean_llm(reply)
    if not text or len(text) > 4 * max(len(rules.standalone), 40):
        return rules
    if rules.changed and text.strip(" ?.") == question.strip(" ?."):
        return rules  # an echo of the follow-up
    if rules.topic and rules.topic.lower() not in text.lower():
        return rules  # dropped the entity
    if _is_korean(question) != _is_korean(text):
        return rules  # answered in another language
    return Rewrite(question, text, "llm", rules.topic or key_entity(text))
