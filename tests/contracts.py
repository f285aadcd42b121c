"""The JSON contracts the tests pin, derived from :mod:`notelens.contracts` (the one
definition the CLI, the HTTP API and the MCP tools share)."""

from __future__ import annotations

from notelens.contracts import AnswerJSON, CitationJSON, HitJSON, ShortAnswerSpanJSON

# Keys of one hit in `search --json` (and of Hit.to_dict() without explain).
HIT_KEYS = set(HitJSON.__required_keys__)

# Keys of `ask --json` (Answer.to_dict()), in order, and of one citation: from the contract.
# (``session`` and ``rewritten_question`` come only in a conversation: ask --session.)
ANSWER_KEYS = [k for k in AnswerJSON.__annotations__ if k in AnswerJSON.__required_keys__]
CITATION_KEYS = set(CitationJSON.__annotations__)
SHORT_SPAN_KEYS = set(ShortAnswerSpanJSON.__annotations__)
