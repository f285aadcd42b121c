"""Answers with verified citations: extractive (default, offline) or from an LLM.

Entry point: :class:`notelens.answer.service.Answerer`, used by ``Engine.ask``. Heavy
pieces (the embedding model, xllamacpp, httpx) are imported only when used.
"""
