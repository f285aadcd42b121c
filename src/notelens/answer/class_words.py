"""Class words: what a model is, written like a name but naming none.

Notes about models write their kind in capitals or as a plain noun: "LLM 기반 분류기",
"an LLM-based judge", "a small VLM", "베이스 모델". To the name pattern
(``qtype.LATIN_NAME_RE``) "LLM" looks like "Orca-2" — a capitalised token — so "어떤
모델을 기반으로 해?" ("which model is it based on?") was answered "LLM" while the line
named the model two words later. A candidate made only of class words (with an article
or a "-based" / "-sized" tail) is no answer to a name question.
"""

from __future__ import annotations

import re

#: The kinds of model a note writes where a name could stand, lowercased.
CLASS_WORDS = frozenset(
    {
        "llm",
        "llms",
        "slm",
        "slms",
        "vlm",
        "vlms",
        "mllm",
        "mllms",
        "lm",
        "lms",
        "plm",
        "plms",
        "lmm",
        "lmms",
        "model",
        "models",
        "모델",
        "언어모델",
        "ai",
        "transformer",
        "transformers",
    }
)
# Words a class word comes with that name nothing either: articles, "-based", "large".
_FRAME_WORDS = frozenset(
    {"a", "an", "the", "based", "sized", "class", "style", "base", "large", "small", "기반"}
)
_TOKEN_RE = re.compile(r"[^\s\-/]+")


def generic_name(text: str) -> bool:
    """Whether ``text`` is only class words ("LLM", "An LLM-based", "VLMs"): a kind of
    model, not a model's name."""
    words = [w.lower().strip(".,()[]") for w in _TOKEN_RE.findall(text)]
    words = [w for w in words if w]
    if not any(w in CLASS_WORDS for w in words):
        return False
    return all(w in CLASS_WORDS or w in _FRAME_WORDS for w in words)
