"""Citation precision: the share of an answer's citations that point at relevant passages.

    CitationPrecision = |{c in citations : c is relevant}| / |citations|

Gao et al., "Enabling Large Language Models to Generate Text with Citations" (ALCE),
EMNLP 2023, define it per citation against an NLI judge; here relevance is the question
set's gold (qrels), which needs no model. An answer without citations scores 0 (it is
not supported); refused answers are excluded by the caller.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def citation_precision(cited: Sequence[str], qrels: Mapping[str, float]) -> float:
    if not cited:
        return 0.0
    return sum(1 for doc in cited if qrels.get(doc, 0) > 0) / len(cited)
