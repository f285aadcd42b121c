"""Echo and repetition: answer sentences that support nothing whatever they quote.

A small model often answers by restating the question ("DPO 논문은 스터디에서
발표했습니다" for "스터디에서 DPO 논문은 누가 발표했지?") or by repeating one line, a
table header, or the whole question five to ten times. Such a sentence shares its words
with the passage that matched the question, so the lexical check of
:mod:`notelens.answer.grounding` would call it "supported" although it adds no fact.

:func:`echo_reasons` finds them from the analyzer's content terms (the same terms the
support score uses), one verdict per sentence:

* **restates the question**: the sentence's content terms are the question's own (no
  new term, or fewer than 20 % new among six or more) and it carries no number or name
  the question lacks. A sentence starting with a yes/no word ("Yes, LoRA freezes ...",
  "네, ...") answers a yes/no question and is kept;
* **repeats itself**: six or more content terms of which at most half are distinct
  (a header or phrase said over and over inside one sentence);
* **repeats sentence k**: its terms are (almost) those of an earlier sentence of the
  answer (Jaccard >= 0.8, or equal text);
* **replays the prompt**: when any sentence carries the prompt's note fence
  (``<<<NOTE n`` / ``NOTE n>>>``, see :mod:`notelens.answer.prompt`), the model is
  copying its input, not answering: SmolLM2-135M replies "<<<Note 3 (study.md | ...)"
  and then an unrelated note verbatim, which the passage check alone would accept.
  Every sentence of such a reply supports nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

__all__ = ["NEW_TERM_SHARE", "echo_reasons"]

#: Below this share of new content terms (among six or more) a sentence restates the question.
NEW_TERM_SHARE = 0.2
# Fewer terms than this: a sentence is too short to call self-repeating.
_MIN_REPEAT_TERMS = 6
# Terms of two sentences at least this similar (Jaccard): the later one repeats the earlier.
_SAME_SENTENCE_JACCARD = 0.8
_YES_NO_RE = re.compile(
    r"^\W*(yes|no|네|예|아니요|아니오|아뇨|맞습니다|그렇습니다)\b", re.IGNORECASE
)
_FENCE_RE = re.compile(r"<<<\s*NOTE\b|\bNOTE\s+\d+\s*>>>", re.IGNORECASE)
_WS_RE = re.compile(r"\s+")
_TRAIL_RE = re.compile(r"[\s.!?。！？]+$")


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return _TRAIL_RE.sub("", _WS_RE.sub(" ", text)).strip()


def _restates(
    sentence: str,
    terms: Sequence[str],
    question_terms: frozenset[str],
    new_facts: bool,
) -> bool:
    distinct = set(terms)
    if not distinct or new_facts or _YES_NO_RE.match(sentence):
        return False
    new = distinct - question_terms
    if not new:
        return True
    return len(distinct) >= _MIN_REPEAT_TERMS and len(new) / len(distinct) < NEW_TERM_SHARE


def _self_repeats(terms: Sequence[str]) -> bool:
    return len(terms) >= _MIN_REPEAT_TERMS and len(set(terms)) * 2 <= len(terms)


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def echo_reasons(
    sentences: Sequence[str],
    terms: Sequence[Sequence[str]],
    *,
    question: str | None,
    question_terms: Sequence[str] = (),
    new_facts: Sequence[bool] | None = None,
) -> list[str]:
    """One reason per sentence why it supports nothing, ``""`` when it may support.

    ``sentences`` are citation-free answer sentences and ``terms`` their content terms
    (the analyzer's, duplicates kept); ``question_terms`` are the question's. ``new_facts``
    says per sentence whether it holds a number or name the question does not (such a
    sentence is never a restatement); ``None``: none does. Without a question only
    repetition is checked.
    """
    facts = list(new_facts) if new_facts is not None else [False] * len(sentences)
    q_terms = frozenset(question_terms)
    q_norm = _norm(question) if question else ""
    if any(_FENCE_RE.search(s) for s in sentences):
        return ["the reply replays the prompt's notes (NOTE markup)"] * len(sentences)
    seen: list[tuple[str, set[str]]] = []
    out: list[str] = []
    for i, (sentence, sent_terms) in enumerate(zip(sentences, terms, strict=True)):
        norm = _norm(sentence)
        distinct = set(sent_terms)
        reason = ""
        earlier = next(
            (
                k
                for k, (other_norm, other_terms) in enumerate(seen, start=1)
                if norm
                and (
                    norm == other_norm
                    or (distinct and _jaccard(distinct, other_terms) >= _SAME_SENTENCE_JACCARD)
                )
            ),
            None,
        )
        if earlier is not None:
            reason = f"repeats sentence {earlier} of the answer"
        elif _self_repeats(sent_terms):
            reason = "repeats itself"
        elif question is not None and (
            (q_norm and norm == q_norm) or _restates(sentence, sent_terms, q_terms, facts[i])
        ):
            reason = "restates the question"
        seen.append((norm, distinct))
        out.append(reason)
    return out
