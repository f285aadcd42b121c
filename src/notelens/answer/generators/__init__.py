"""LLM backends behind :class:`notelens.answer.base.Generator` (lazily imported)."""
