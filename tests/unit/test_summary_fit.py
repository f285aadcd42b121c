"""The LLM summary's evidence budget after a context overflow (llama.cpp's own count)."""

from __future__ import annotations

import pytest

from notelens.curate.summary import fit_budget

pytestmark = pytest.mark.unit

# what xllamacpp answered for a Korean prompt to SmolLM2 (2.4 tokens per Hangul character)
OVERFLOW = (
    "the local model failed: {'code': 400, 'message': 'request (5023 tokens) exceeds the "
    "available context size (4096 tokens), try increasing it', 'type': "
    "'exceed_context_size_error', 'n_prompt_tokens': 5023, 'n_ctx': 4096}"
)


def test_the_budget_shrinks_by_what_was_over() -> None:
    smaller = fit_budget(OVERFLOW, 1500)
    assert smaller is not None
    # 5023 - 4096 + 400 over of 5023: about a quarter less, with a 10% margin
    assert smaller == int(1500 * (1 - (5023 - 4096 + 400) / 5023) * 0.9)
    assert smaller < 1500 * (4096 - 400) / 5023


def test_other_errors_are_not_retried() -> None:
    assert fit_budget("could not reach http://127.0.0.1:11434 (connection refused)", 1500) is None
    assert fit_budget("the request exceeds the context", 1500) == 750  # no numbers: half
    assert fit_budget("the request exceeds the context", 150) is None  # nothing left to cut
