"""Reranker backends behind :mod:`notelens.retrieve.rerank`, each imported on first use."""
