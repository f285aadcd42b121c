"""Two note conventions the answer units read (written for this test): a syllabus cell
"〃" means the value above it, and a definition list (a term line, then ": meaning")
defines its term. Real Kiwi, real e5 embedder, real LanceDB."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from notelens import Engine

pytestmark = pytest.mark.integration

SYLLABUS = """# 효율 스터디 시즌3

- 매주 토요일 오전, 온라인
- 〃 는 위 칸과 같음

| 주차 | 날짜 | 주제 | 논문 | 발표자
-- | -- | -- | -- | --
14 주차 | 6/21 | 평가 | Tiny Judges for Korean Chatbots | 최도현
15 주차 | 6/28 | long context | Lost Between the Lines | 한지우
16 주차 | 7/5 | 〃 | Retrieval Heads Are Few | 서태오
17 주차 | 7/12 | 안전 | Nine Harm Categories | 오세린
"""

GLOSSARY = """# 평가 용어

ECE (expected calibration error)
: 모델의 확신도와 실제 정답률의 차이를 구간별로 평균 낸 값. 0에 가까울수록 믿을 만하다.

Position bias
: a judge prefers whichever answer it reads first, whatever the content.
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, make_engine: Callable[..., Engine]) -> Engine:
    work = tmp_path_factory.mktemp("ditto-deflist")
    notes = work / "notes"
    notes.mkdir()
    (notes / "syllabus.md").write_text(SYLLABUS, encoding="utf-8")
    (notes / "glossary.md").write_text(GLOSSARY, encoding="utf-8")
    eng = make_engine(work / "index")
    assert eng.index([notes]).ok
    return eng


@pytest.mark.parametrize(
    "question", ["16주차 주제가 뭐였어?", "What was the topic in week 16?", "16주차 topic은?"]
)
def test_a_ditto_cell_answers_with_the_value_above(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert not a.refused, a.answer
    assert a.short_answer == "long context", a.answer
    assert "〃" not in a.answer


@pytest.mark.parametrize(
    ("question", "meaning"),
    [
        ("ECE가 뭐야?", "확신도와 실제 정답률의 차이"),
        ("What is position bias?", "prefers whichever answer it reads first"),
        ("position bias가 뭐야?", "prefers whichever answer it reads first"),
    ],
)
def test_a_definition_list_term_is_quoted_with_its_meaning(
    engine: Engine, question: str, meaning: str
) -> None:
    a = engine.ask(question)
    assert not a.refused, a.answer
    assert meaning in a.answer


def test_definition_list_source_lines(engine: Engine) -> None:
    # the citation starts at the term's own line (3 in the file: after the H1 and a blank)
    a = engine.ask("ECE가 뭐야?")
    first = a.citations[0]
    assert first.source.endswith("glossary.md")
    assert first.location.line_start is not None and first.location.line_start <= 3
