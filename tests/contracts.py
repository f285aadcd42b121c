"""The JSON contracts the tests pin, written once (README: `search --json`)."""

from __future__ import annotations

# Keys of one hit in `search --json` (and of Hit.to_dict() without explain).
HIT_KEYS = {
    "rank",
    "score",
    "chunk_id",
    "source",
    "title",
    "heading",
    "text",
    "location",
    "lang",
    "flags",
}

# Keys of `ask --json` (Answer.to_dict()), in order, and of one citation.
ANSWER_KEYS = [
    "question",
    "answer",
    "short_answer",
    "short_answer_span",
    "refused",
    "mode",
    "flags",
    "citations",
    "evidence",
]
CITATION_KEYS = {"n", "chunk_id", "source", "heading", "location", "line", "quote"}
SHORT_SPAN_KEYS = {"citation", "start", "end"}
