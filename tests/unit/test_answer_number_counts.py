"""Counts and sizes a number question asks, read as notes write them (twenty-fourth round).

``answer/numbers.py`` picks the number of a line that answers; this round it also reads
a count glued to its counter by a hyphen ("4-bit" for "how many bits"), leaves out list
markers ("(1)") and one-letter kinds ("1D"), prefers a plain count to a size for a
question counting a thing of no known unit, and the largest or smallest of a line's
values for a question asking so. ``answer/counted.py`` reads "두 단계" for "how many
stages", ``strength._type`` a Korean numeral count as a number, and
``refusal.qualifier_stated`` a size asked rounded ("3B급") as the precise one written.
Every line here is written for these tests, in Korean, English and both.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.counted import count_stated
from notelens.answer.extractive import extract
from notelens.answer.numbers import asked_classes, asked_unit, number_span
from notelens.answer.qtype import KO_NUMERAL_COUNT_RE, answer_type
from notelens.answer.refusal import measure_factor, qualifier_factor
from notelens.answer.series_end import series_counter

pytestmark = pytest.mark.unit


def _picked(question: str, text: str, terms: tuple[str, ...] = ()) -> str | None:
    found = number_span(question, text, list(terms))
    return None if found is None else text[found[0] : found[1]]


# -- the number of a line -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "text", "short"),
    [
        # A count glued by a hyphen is the answer when it counts what is asked...
        ("How many bits are the weights stored in?", "(1) 8-bit optimizer, (2) 3 GPUs", "8-bit"),
        ("가중치는 몇 비트로 저장해?", "저장 방식: (1) 8-bit 가중치, (2) GPU 3대", "8-bit"),
        ("Router는 몇 shot으로 평가했어?", "평가: 256-shot prompting, 2 epochs", "256-shot"),
        # ...and a list marker "(1)" or a kind "2D" is no value.
        ("How many layers does the probe use?", "(1) a 2D conv stem, then 6 layers", "6"),
    ],
)
def test_glued_counts_markers_and_kinds(question: str, text: str, short: str) -> None:
    assert _picked(question, text) == short


def test_a_glued_count_is_no_candidate_when_not_asked() -> None:
    # "top-2" and "4-bit" name a setting; a question about days does not get them.
    assert _picked("학습은 며칠 걸렸어?", "top-2 routing, 4-bit 저장, 학습 12일") == "12일"


@pytest.mark.parametrize(
    ("question", "text", "short"),
    [
        (
            "How many prompts was Wren tuned on?",
            "Wren: a 30B model tuned on 2,000 prompts",
            "2,000",
        ),
        ("Wren 튜닝 프롬프트 몇 개?", "30B 파라미터 모델을 프롬프트 2,000개로 튜닝", "2,000개"),
        ("How many prompts did Wren use?", "Wren은 30B 모델을 2,000개 프롬프트로 튜닝", "2,000개"),
    ],
)
def test_a_count_of_a_thing_is_no_size(question: str, text: str, short: str) -> None:
    assert _picked(question, text) == short


@pytest.mark.parametrize(
    ("question", "short"),
    [
        ("What is the largest Finch model?", "6.9B"),
        ("Finch 제일 작은 모델 몇 B야?", "0.4B"),
        ("Finch 가장 큰 model 사이즈는?", "6.9B"),
        ("Which is the smallest Finch size?", "0.4B"),
        # no superlative: the first, as before
        ("Finch 모델 크기는?", "0.4B"),
    ],
)
def test_the_largest_or_smallest_of_a_lines_values(question: str, short: str) -> None:
    text = "Finch는 0.4B, 1.2B, 2.8B, 6.9B 네 가지 크기로 공개"
    assert _picked(question, text) == short


def test_best_names_what_a_number_is_of_not_which() -> None:
    # "최고 성능" is what the count counts; two values are no series to take the end of.
    text = "Heron은 벤치마크 10개 중 8개에서 최고 성능"
    assert _picked("Heron은 몇 개 벤치마크에서 최고 성능이야?", text, ("최고", "성능")) != "10개"


def test_how_large_asks_a_size() -> None:
    assert "magnitude" in asked_classes("How large is the model Wren tunes?")
    text = "Wren tunes a 30B model on 2,000 prompts"
    assert _picked("How large is the model Wren tunes?", text) == "30B"


@pytest.mark.parametrize(
    ("question", "text", "short"),
    [
        ("Heron-2 어휘 크기는 얼마야?", "Heron-2 14B 모델, 어휘 152,000", "152,000"),
        ("What window size does Wren use for local attention?", "Wren 7B: window 2,048", "2,048"),
        ("Heron-2 tokenizer의 vocab 크기는?", "Heron-2 14B, tokenizer vocab 152,000", "152,000"),
        ("GRPO 실험의 그룹 크기는?", "GRPO 1.5B 정책, 그룹 8개씩 샘플", "8개"),
    ],
)
def test_the_size_of_a_count_is_no_magnitude(question: str, text: str, short: str) -> None:
    # A vocabulary, window or group is sized by its count, written bare: the model's
    # "14B" on the same line is no answer to it.
    assert "magnitude" not in asked_classes(question)
    assert _picked(question, text, ("vocab", "어휘", "window", "그룹")) == short


@pytest.mark.parametrize(
    "question",
    ["Heron-2 모델 크기는?", "How large is Heron-2?", "Heron-2 이미지 encoder 크기는 얼마야?"],
)
def test_a_models_size_stays_a_magnitude(question: str) -> None:
    assert "magnitude" in asked_classes(question)


# -- counts in Korean numeral words --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("두 단계 학습 프레임워크를 제안", True),
        ("논문마다 세 줄 요약", True),
        ("two-stage recipe, 세 가지 손실", True),
        ("한 단계 더 나아감", False),  # 한 is "a" as often as "one"
        ("세상에 없던 방법", False),
    ],
)
def test_a_korean_numeral_count(text: str, found: bool) -> None:
    assert (KO_NUMERAL_COUNT_RE.search(text) is not None) is found


def test_a_stage_count_is_stated_in_korean() -> None:
    assert count_stated("stage", "Wren-LoRA와 Task-LoRA를 쓰는 두 단계 튜닝")
    assert not count_stated("gpu", "Wren-LoRA와 Task-LoRA를 쓰는 두 단계 튜닝")


@pytest.mark.parametrize(
    "question",
    [
        "How many stages does the Wren tuning recipe have?",
        "Wren 튜닝 레시피는 몇 단계야?",
        "Wren tuning recipe는 몇 stage로 돼 있어?",
    ],
)
def test_a_numeral_count_answers_without_refusal(question: str, analyzer: Analyzer) -> None:
    hit = note_hit(
        0,
        "## Wren\n- tuning recipe (튜닝 레시피): Wren-LoRA와 Task-LoRA를 차례로 쓰는 두 단계\n",
        "papers",
    )
    ex = extract(question, [hit], analyzer=analyzer, embedder=None)
    assert "두 단계" in ex.sentences[ex.lead].text
    assert ex.strength >= 0.36


# -- a size asked rounded -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "factor"),
    [
        ("Finch 3B급 모델은 정확히 몇 B야?", 1.0),
        ("What is the exact size of the 7B-class Finch model?", 1.0),
        ("Finch 1B 모델 이름은?", 1.0),
        # a size the notes do not hold, rounded or not
        ("Finch 13B 모델은 몇 B야?", 0.65),
        ("What is the 4B Finch model?", 0.65),
    ],
)
def test_a_rounded_size_qualifier_is_stated(question: str, factor: float) -> None:
    text = "Finch는 1.1B, 2.8B, 6.9B 세 가지 크기로 공개"
    assert qualifier_factor(question, text) == pytest.approx(factor)


# -- a count asked by its noun ------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Heron-2 전체 문항 수는?", "number"),
        ("GPU 수?", "number"),
        ("What is the number of layers in Heron?", "number"),
        ("Heron eval set의 total number of questions는?", "number"),
        # 수 glued into another word, or "can": no count
        ("Heron의 변수는?", "other"),
        ("Heron을 로컬에서 돌릴 수 있어?", "other"),
    ],
)
def test_a_count_asked_by_its_noun(question: str, kind: str) -> None:
    assert answer_type(question).kind == kind


def test_the_noun_of_a_count_is_its_counter() -> None:
    text = "같은 FLOPs에서 점수 차이 0.7포인트 이내, 문항 총 9,400개"
    assert _picked("Heron-2 전체 문항 수는?", text, ("문항",)) == "9,400개"
    unit = asked_unit("Heron-2 전체 문항 수는?")
    assert unit is not None and unit.fit("과제 6개, 문항 총 9,400개") == 1
    assert unit.fit("점수 차이 0.7포인트 이내") == -1
    # A noun a counter only starts is no counter ("주민" is no 주).
    assert asked_unit("마을 주민 수는?") is None


# -- the last member of a series ----------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "counter"),
    [
        ("Heron 스터디 재생목록은 시즌 몇까지 있어?", "시즌"),
        ("Heron 스터디는 총 몇 주차까지야?", "주차"),
        ("Heron 스터디 마지막 회차는?", "회차"),
        ("What is the last week of the Heron syllabus?", "주차"),
        ("Heron playlist는 up to which season까지 있어?", "시즌"),
        ("Heron 스터디는 총 몇 주 과정이야?", "주차"),
        ("How many weeks does the Heron reading group run?", "주차"),
        # one member asked, not the last
        ("How many weeks did Heron spend on RAG?", None),
        ("Heron 스터디에서 DPO는 몇 주차야?", None),
        ("몇 개까지 올릴 수 있어?", None),
    ],
)
def test_the_counter_of_a_series_end(question: str, counter: str | None) -> None:
    assert series_counter(question) == counter


_LINKS = note_hit(
    0,
    "## 관련 링크\n- [Heron 읽기 모임 시즌1](https://example.org/a)\n"
    "- [Heron 읽기 모임 시즌2](https://example.org/b)\n"
    "- [Heron 읽기 모임 시즌3](https://example.org/c)\n- [모임 채널](https://example.org/d)\n",
    "Heron 읽기 모임 시즌4 > 관련 링크",
)


@pytest.mark.parametrize(
    "question",
    [
        "Heron 읽기 모임 재생목록은 시즌 몇까지 있어?",
        "Heron 읽기 모임 playlist 마지막 시즌은?",
        "Which season is the last Heron 읽기 모임 playlist linked?",
    ],
)
def test_the_last_member_of_a_series_leads(question: str, analyzer: Analyzer) -> None:
    ex = extract(question, [_LINKS], analyzer=analyzer, embedder=None)
    assert "시즌3" in ex.sentences[ex.lead].text


def test_one_member_asked_is_not_the_last(analyzer: Analyzer) -> None:
    ex = extract("Heron 읽기 모임 시즌2 링크는?", [_LINKS], analyzer=analyzer, embedder=None)
    assert "시즌3" not in ex.sentences[ex.lead].text


# -- a factor written "x3", a length written as a power of two ------------------------------


@pytest.mark.parametrize(
    ("question", "text", "short"),
    [
        ("How much faster is Wren?", "Wren 1.3B: x3 speed-up on 8 GPUs", "x3"),
        ("Wren 몇 배 빨라?", "Wren 1.3B는 ×2.5 빠름", "×2.5"),
        ("Wren은 how much faster야?", "Wren은 2~3배 빠른 추론", "2~3배"),
    ],
)
def test_a_factor_with_its_sign_before(question: str, text: str, short: str) -> None:
    assert _picked(question, text) == short


@pytest.mark.parametrize(
    ("question", "text", "factor"),
    [
        ("How much faster is Wren?", "Wren x3 speed-up", 1.0),
        ("Wren 몇 배 빨라?", "Wren ×2.5 빠름", 1.0),
        ("Wren은 how much faster야?", "speedup: x4 on A100", 1.0),
        ("How much faster is Wren?", "Wren v3 released", 0.7),
        ("What context length does Wren support?", "Wren 최대 길이 4,096", 1.0),
        ("Wren 컨텍스트 길이는?", "seq len 2048로 학습", 1.0),
        ("Wren context length는?", "batch 4, lr 3e-4", 0.3),
    ],
)
def test_terse_forms_state_the_measure(question: str, text: str, factor: float) -> None:
    assert measure_factor(question, text, "item") == pytest.approx(factor)


@pytest.mark.parametrize(
    ("question", "text", "short"),
    [
        ("Heron은 참조 비디오 몇 개로 학습해?", "적은 수의 참조 비디오(예: N=40)로도 학습", "N=40"),
        ("What LoRA rank does Heron use?", "LoRA r = 16, alpha 32", "r = 16"),
        ("Heron acc 몇 %야?", "Heron acc=71%", "71%"),
    ],
)
def test_a_variables_value_is_cut_with_its_name(question: str, text: str, short: str) -> None:
    assert _picked(question, text) == short


def test_series_counter_written_before_its_number() -> None:
    # "몇 시즌까지" asks the last member of a series whose counter the notes write before
    # the number ("시즌3"), as "시즌 몇까지" does
    from notelens.answer.series_end import series_counter

    assert series_counter("스터디 재생목록 몇 시즌까지 있어?") == "시즌"
    assert series_counter("재생목록 시즌 몇까지 있어?") == "시즌"
    assert series_counter("총 몇 주차까지 있어?") == "주차"
