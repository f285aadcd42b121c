"""The words a question names a note's layout with (answer/layout_words.py): "item",
"bullet", "sub item", "section" say where a list's item is written, not what it says, so
the refusal signal's test of an English term no passage writes (answer/unwritten.py)
leaves them out. Korean, English and mixed questions over invented notes.
"""

from __future__ import annotations

import pytest

from notelens.analysis.base import Analyzer
from notelens.answer.layout_words import names_layout
from notelens.answer.unwritten import unwritten


@pytest.mark.unit
@pytest.mark.parametrize(
    ("word", "layout"),
    [
        ("item", True),
        ("Bullet", True),
        ("sub-item", True),
        ("sections", True),
        ("entry", True),
        # Content words, and a layout word glued to one, are no layout.
        ("attention", False),
        ("sub-agent", False),
        ("playlist", False),
    ],
)
def test_names_layout(word: str, layout: bool) -> None:
    assert names_layout(word) is layout


def _unwritten(question: str, evidence: str, analyzer: Analyzer) -> list[str]:
    from notelens.answer.extractive import translations

    held = frozenset(analyzer.terms(evidence)).__contains__
    q_terms = list(dict.fromkeys(analyzer.terms(question)))
    return unwritten(question, evidence, analyzer.terms, held, translations(q_terms, analyzer))


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "evidence", "missing"),
    [
        # Korean: the bullet below the named one; the notes write only the items.
        ("배포 단계에서 빌드 다음 bullet은?", "배포 단계\n- 빌드\n- 검증\n- 롤아웃", []),
        # Mixed: an item asked by its neighbour, and a sub item under an entry.
        ("Tokenizers에서 WordPiece 바로 앞 item은?", "Tokenizers\n- BPE\n- WordPiece", []),
        ("Adapters 밑에 있는 sub item 뭐였지?", "Adapters\n  - LoRA\n  - IA3", []),
        # English question naming a Korean list: read as Korean, "list" is layout.
        ("What's item 2 in the 배포 단계 list?", "배포 단계\n1. 빌드\n2. 검증", []),
        # A content word the notes lack is still unwritten beside a layout word.
        (
            "Tokenizers에서 sentencepiece 다음 item은?",
            "Tokenizers\n- BPE\n- WordPiece",
            ["sentencepiece"],
        ),
    ],
)
def test_layout_words_are_written(
    question: str, evidence: str, missing: list[str], analyzer: Analyzer
) -> None:
    assert _unwritten(question, evidence, analyzer) == missing
