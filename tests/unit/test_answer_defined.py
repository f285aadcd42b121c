"""A "what is X" question is answered by the line defining X (answer/defined.py).

Notes invented for the test: a glossary whose lines define neighbouring terms (one of
them names the asked term in its body), a digest bullet that only uses the term, and an
overview whose heading is the term with its definition as the first line under it. Real
Kiwi; Korean, English and mixed questions, and questions of other shapes left alone.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.defined import asked_terms, defines_asked, defines_other
from notelens.answer.extractive import extract
from notelens.answer.units import build_units

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "terms"),
    [
        ("beam search가 뭐지?", ("beam search",)),
        ("knowledge distillation이 뭘 하는 거야?", ("knowledge distillation",)),
        ("mixture of experts가 어떻게 동작하는지 한 줄로?", ("mixture of expert",)),
        ("교차 검증(cross validation)이 뭐야?", ("교차 검증", "cross validation")),
        ("과적합은 무엇인가요?", ("과적합",)),
        ("retrieval의 hard negative가 뭐야?", ("retrieval의 hard negative", "hard negative")),
        ("What is a learning rate warmup?", ("learning rate warmup",)),
        ("What does RAG stand for?", ("rag",)),
        ("How does beam search work?", ("beam search",)),
        ("What are embeddings?", ("embedding",)),
    ],
)
def test_the_asked_term_is_read_from_the_question(question: str, terms: tuple[str, ...]) -> None:
    assert asked_terms(question) == terms


@pytest.mark.parametrize(
    "question",
    [
        "What is the accuracy of the model on the test set?",  # a value of something
        "What is reported for the largest model in the appendix table?",
        "세미나는 언제 열려?",
        "배치 크기를 몇으로 했어?",
        "논문에서 제안한 방법은 무엇인가?",  # a clause, not a term
        "Who presented the beam search paper?",
        "What is Dana Kim's affiliation?",  # an attribute of a person
        "v2 점수가 v1보다 낮게 나온 이유는 뭐로 봐?",  # a clause before the particle
        "우리 팀 기본 디코딩 설정 값은 뭐야?",  # more words than a term
    ],
)
def test_other_questions_ask_no_term(question: str) -> None:
    assert asked_terms(question) == ()


GLOSSARY = (
    "- **Beam width**: beam search에서 매 단계 남겨 두는 후보 문장의 개수\n"
    "- **Beam search**: 매 단계 점수가 높은 후보 몇 개만 남기며 문장을 넓게 탐색하는 디코딩\n"
    "- **Greedy decoding**: 매 단계 가장 확률이 높은 토큰 하나만 고르는 디코딩\n"
)
DIGEST = (
    "- 📜 [Lab] Faster Decoding for Long Answers\n"
    "    - beam search 대비 2.1배 빠르고 품질은 비슷함\n"
    "    - beam search width 4에서 실험\n"
)
OVERVIEW = (
    "### Knowledge distillation\n"
    "큰 teacher 모델의 출력 분포를 작은 student 모델이 따라 배우게 하는 학습 방법.  \n"
    "Knowledge distillation으로 만든 student는 추론이 3배 빠름.  \n"
)


def test_the_definition_line_of_the_term_is_told_from_its_neighbours() -> None:
    units = build_units(GLOSSARY, "용어집")
    width, search, greedy = (u for u in units if u.kind == "definition")
    asked = asked_terms("Beam search가 뭐야?")
    assert defines_asked(search, asked, first_under_label=False)
    # "Beam width: beam search에서 …" defines another term that names the asked one.
    assert not defines_asked(width, asked, first_under_label=False)
    assert defines_other(greedy, asked)
    # A label sharing a word may be the term's other-language name: not held against it.
    assert not defines_other(search, asked) and not defines_other(width, asked)
    assert not defines_other(search, asked_terms("beam 탐색이 뭐야?"))
    # The label is the head of the asked term: "Beam search" for "디코딩 beam search".
    assert defines_asked(search, asked_terms("디코딩 beam search가 뭐야?"), False)
    # No asked term: nothing is told apart.
    assert not defines_other(width, ()) and not defines_asked(search, (), True)


def test_the_first_line_under_the_term_heading_defines_it() -> None:
    units = build_units(OVERVIEW, "개요")
    first = next(u for u in units if u.text.startswith("큰 teacher"))
    second = next(u for u in units if u.text.startswith("Knowledge distillation으로"))
    asked = asked_terms("knowledge distillation이 뭐야?")
    assert defines_asked(first, asked, first_under_label=True)
    assert not defines_asked(second, asked, first_under_label=False)


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("beam search가 뭐지?", "ko"),  # mixed: Korean with the English term
        ("빔 서치(beam search)가 어떻게 동작해?", "ko"),
        ("How does beam search work?", "en"),
    ],
)
def test_the_answer_is_the_line_defining_the_term(
    question: str, lang: str, analyzer: Analyzer
) -> None:
    # The digest ranks first and its bullets use the term; the glossary's "Beam width"
    # line names it too: the line labelled "Beam search" is the answer.
    hits = [
        note_hit(0, DIGEST, "archive > 1주차"),
        note_hit(1, GLOSSARY, "용어집"),
    ]
    ex = extract(question, hits, analyzer=analyzer, embedder=None)
    assert ex.sentences, question
    assert "넓게 탐색하는 디코딩" in ex.sentences[0].text, (question, lang)


def test_a_definition_under_the_term_heading_answers(analyzer: Analyzer) -> None:
    hits = [
        note_hit(0, OVERVIEW, "개요 > Knowledge distillation"),
        note_hit(1, GLOSSARY, "용어집"),
    ]
    ex = extract("knowledge distillation이 뭘 하는 거야?", hits, analyzer=analyzer, embedder=None)
    assert ex.sentences
    assert ex.sentences[0].text.startswith("큰 teacher 모델의 출력 분포")


TABLE_GLOSSARY = (
    "| 용어 | 뜻 | 처음 나온 곳 |\n"
    "| --- | --- | --- |\n"
    "| Top-p | 누적 확률이 p가 될 때까지의 토큰 중에서만 샘플링하는 디코딩 | 2주차 |\n"
    "| Beam search | 점수가 높은 후보 몇 개를 남기며 넓게 탐색하는 디코딩 | 3주차 |\n"
)
DASH_GLOSSARY = (
    "- **Top-p** — 누적 확률 p 안의 토큰만 남기고 샘플링하는 방법\n"
    "- **Beam search** — 후보 문장 몇 개를 남기며 탐색하는 디코딩 방법\n"
)
SETTINGS = "- 디코딩 설정: top-p 0.9, temperature 0.7\n- Top-p 0.95로 올리면 다양성 증가\n"


def test_a_glossary_row_and_a_dash_line_define_the_term() -> None:
    asked = asked_terms("Top-p 뜻")
    rows = [u for u in build_units(TABLE_GLOSSARY, "용어집") if u.kind == "row"]
    assert defines_asked(rows[0], asked, first_under_label=False)
    assert not defines_asked(rows[1], asked, first_under_label=False)
    dash = build_units(DASH_GLOSSARY, "용어집")
    assert defines_asked(dash[0], asked, False) and not defines_asked(dash[1], asked, False)
    assert not any(defines_asked(u, asked, False) for u in build_units(SETTINGS, "설정"))


@pytest.mark.parametrize("question", ["Top-p 뜻", "top-p 뭐임", "What is top-p?"])
def test_the_glossary_row_answers_over_the_settings(question: str, analyzer: Analyzer) -> None:
    # The settings bullets rank first and use the term beside its value: the row of the
    # glossary table that says what it is answers.
    hits = [note_hit(0, SETTINGS, "실험 > 디코딩"), note_hit(1, TABLE_GLOSSARY, "용어집")]
    ex = extract(question, hits, analyzer=analyzer, embedder=None)
    assert ex.sentences, question
    assert "누적 확률이 p가 될 때까지" in ex.sentences[0].text, question
