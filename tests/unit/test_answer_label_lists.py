"""Lists named by a label inside a passage (answer/lists.py): a plain-text log writes
"남은 문제" over its bullets, with no heading of its own; "실험 로그 남은 문제들" asks for
those bullets. A question ending on a plural noun ("남은 문제들", "할 일들은?") asks for a
list. Korean and English fixtures; the last tests run the extractor with real Kiwi
and e5.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.lists import list_type, restated_heading_items
from notelens.answer.qtype import AnswerType, answer_type
from notelens.embed.base import Embedder

LOG = (
    "[2025-03-02]\n재학습 끝. 정확도 0.71.\n\n[2025-03-04]\n남은 과제\n"
    "- 긴 문서에서 여전히 약함\n- 띄어쓰기 틀린 질문에 약함\n- 다음: 문서 쪼개는 단위 바꿔 보기\n"
)
EN_LOG = (
    "[2025-03-02]\nRetrained. Accuracy 0.71.\n\n[2025-03-04]\nOpen issues\n"
    "- still weak on long documents\n- weak on misspelt queries\n- next: try smaller chunks\n"
)
README = "| 파일 | 내용 |\n|---|---|\n| log.txt | 검색 모델 학습 로그 |\n| notes.md | 읽은 논문 |\n"


@pytest.mark.unit
@pytest.mark.parametrize(
    "question", ["학습 로그 남은 과제들", "남은 할 일들은?", "다음 회의 안건들 알려줘"]
)
def test_a_plural_noun_at_the_end_asks_a_list(question: str) -> None:
    assert list_type(question, answer_type(question)).kind == "list"


@pytest.mark.unit
@pytest.mark.parametrize("question", ["그들은?", "참석한 사람들은?", "남은 과제는?"])
def test_no_list_without_a_plural_noun(question: str) -> None:
    assert list_type(question, AnswerType("other")).kind != "list"


@pytest.mark.unit
def test_a_label_in_the_passage_heads_its_items() -> None:
    hits = [note_hit(0, README, "repo > 파일"), note_hit(1, LOG, "")]
    found = restated_heading_items("학습 로그 남은 과제들", hits, 0, 3)
    assert found is not None and found[0] == 1
    assert found[1][0].text == "긴 문서에서 여전히 약함"
    en = [note_hit(0, "- log.txt: training log\n", "repo"), note_hit(1, EN_LOG, "", lang="en")]
    got = restated_heading_items("What are the open issues in the training log?", en, 0, 3)
    assert got is not None and len(got[1]) == 3


@pytest.mark.integration
def test_the_labelled_items_answer(analyzer: Analyzer, embedder: Embedder) -> None:
    hits = [note_hit(0, README, "repo > 파일"), note_hit(1, LOG, "")]
    ex = extract("학습 로그 남은 과제들", hits, analyzer=analyzer, embedder=embedder)
    text = " ".join(c.text for c in ex.sentences)
    assert "긴 문서에서 여전히 약함" in text and "띄어쓰기" in text
