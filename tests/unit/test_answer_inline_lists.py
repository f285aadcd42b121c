"""A list written inline in one line (answer/inline_lists.py) and its items asked by
place or neighbour (answer/ordinal_items.py, answer/neighbour_items.py). Notes invented
for the test; Korean, English and mixed lines and questions.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.answer.inline_lists import counted_parts, inline_names
from notelens.answer.neighbour_items import neighbour_item
from notelens.answer.ordinal_items import place_item
from notelens.answer.units import build_units
from notelens.types import Hit

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # Mixed: names inside a Korean clause, the run closed by "등 비교".
        (
            "검색 태스크에서 BM25, ColBERT, SPLADE, Contriever 등 비교",
            ["BM25", "ColBERT", "SPLADE", "Contriever"],
        ),
        # A name with a parenthesis; the last runs into the clause ("…등 여러 방법과").
        (
            "Full FT(Last Layer), BitFit, Adapter tuning등 여러 방법과 비교했을 때, 더 좋음",
            ["Full FT(Last Layer)", "BitFit", "Adapter tuning"],
        ),
        # English: "and" before the last, "etc." after it.
        ("We compared three: Mamba, RWKV, and RetNet.", ["Mamba", "RWKV", "RetNet"]),
        (
            "Examples: Alpha one, Beta two, Gamma three etc.",
            ["Alpha one", "Beta two", "Gamma three"],
        ),
        # "including" opens the run: the clause before it is none of it.
        (
            "Observations of internal mechanisms and behaviors, including recall, planning, alignment.",
            ["recall", "planning", "alignment"],
        ),
        # Korean particles after the last name.
        ("평가는 MMLU, GSM8K, HumanEval로 했음", ["MMLU", "GSM8K", "HumanEval"]),
        # Two names are a pair; Korean clauses are no names; a clause ends the run.
        ("LoRA와 QLoRA, DoRA를 비교", []),
        ("데이터 정제, 중복 제거, 토큰화 순서로 진행", []),
        ("We ran GPT-4, Claude and Llama on it.", []),
    ],
)
def test_inline_names(text: str, names: list[str]) -> None:
    assert inline_names(text) == names


SUMMARY = note_hit(
    0,
    "1. Dense Retrieval Survey(2024)\n"
    "    - 검색 품질을 높이는 방법을 정리함\n"
    "    - 평가 태스크에서 BM25, ColBERT, SPLADE, Contriever 등 비교\n"
    "2. Sparse Methods(2023)\n"
    "    - 희소 표현 방법을 정리함\n",
    "Retrieval papers",
)
OTHER = note_hit(
    1,
    "- Retrievers\n  - BM25\n  - ColBERT\n  - E5\n",
    "Glossary > Retrievers",
    lang="en",
)


def _text(found: object) -> str | None:
    return None if found is None else found.unit.text  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("question", "hits", "answer"),
    [
        ("Dense Retrieval Survey 요약에서 비교 대상 두번째 방법?", [SUMMARY, OTHER], "ColBERT"),
        ("What's the last method compared in the Dense Retrieval Survey?", [SUMMARY], "Contriever"),
    ],
)
def test_an_inline_item_by_its_place(question: str, hits: list[Hit], answer: str) -> None:
    assert _text(place_item(question, hits, [build_units(h.text, h.heading) for h in hits])) == (
        answer
    )


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        # Named by its entry: the inline list, not the glossary's bullets.
        (
            "Which method comes right after ColBERT in the Dense Retrieval Survey comparison?",
            "SPLADE",
        ),
        ("Dense Retrieval Survey 비교에서 ColBERT 다음 방법은?", "SPLADE"),
        # The line not named ("비교"): the glossary's bullets are the only list.
        ("Dense Retrieval Survey에서 ColBERT 다음 방법은?", "E5"),
        # Named by the glossary's list: its bullets.
        ("Retrievers 목록에서 ColBERT 다음 항목?", "E5"),
    ],
)
def test_an_inline_item_by_its_neighbour(question: str, answer: str) -> None:
    hits = [OTHER, SUMMARY]
    got = neighbour_item(question, hits, [build_units(h.text, h.heading) for h in hits])
    assert _text(got) == answer


@pytest.mark.parametrize(
    ("text", "count", "items"),
    [
        # Korean: the first item cut from the clause before it, the last before "하는 …".
        (
            "공개 코퍼스를 모아서 중복 문서 제거, 저품질 문장 삭제, 개인 정보 마스킹하는 과정을 거쳐 정제.",
            3,
            ["중복 문서 제거", "저품질 문장 삭제", "개인 정보 마스킹"],
        ),
        # English: the last cut to the longest middle part's words.
        (
            "They scaled it three ways: more tasks, larger models, rationales added for every run",
            3,
            ["more tasks", "larger models", "rationales added"],
        ),
        # Mixed.
        (
            "학습은 warmup 늘리기, LR 낮추기, batch 키우기 등으로 안정화",
            3,
            ["warmup 늘리기", "LR 낮추기", "batch 키우기"],
        ),
    ],
)
def test_counted_parts(text: str, count: int, items: list[str]) -> None:
    assert counted_parts(text, count) == items


@pytest.mark.parametrize(
    ("text", "count"),
    [
        # Not the count the question writes.
        ("중복 문서 제거, 저품질 문장 삭제, 개인 정보 마스킹", 4),
        # No count asked, or a pair.
        ("중복 문서 제거, 저품질 문장 삭제, 개인 정보 마스킹", 0),
        ("A, B", 2),
        # A middle part that is a clause, not an item.
        ("먼저 모은다, 그 다음에 중복을 모두 찾아서 하나씩 지우고 남은 것만, 저장", 3),
    ],
)
def test_no_counted_parts(text: str, count: int) -> None:
    assert counted_parts(text, count) == []


_RECIPE = note_hit(
    8,
    "- 공개 코퍼스를 모아서 중복 문서 제거, 저품질 문장 삭제, 개인 정보 마스킹하는 과정을 거쳐 정제.\n"
    "- 정제 후 토크나이저 학습.\n",
    "코퍼스 노트 > CleanCorpus: a recipe(2024) > 3 LINE SUMMARY",
)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("CleanCorpus 정제 과정 세 가지 중 마지막", "개인 정보 마스킹"),
        ("CleanCorpus 정제 과정 세 가지 중 두번째?", "저품질 문장 삭제"),
        (
            "In the CleanCorpus summary, what three steps make up 정제? Give the first one",
            "중복 문서 제거",
        ),
    ],
)
def test_a_counted_inline_list_by_place(question: str, answer: str) -> None:
    found = place_item(question, [_RECIPE], [build_units(_RECIPE.text, _RECIPE.heading)])
    assert found is not None and found.unit.text == answer


# Twenty-eighth round: a run of things written in a prose line (not a list's line), its
# parts short words of any language, asked by an item's neighbour; a place alone names
# no prose run.
_PROSE = note_hit(
    0,
    "평가 데이터 설명.\n보통 뉴스 기사, 위키 문서, 법률 문서, 대화 로그 등 여러 출처에서 모음.\n"
    "We mix text, audio, sign video, speech transcripts and more for training.\n",
    "데이터 노트 > 평가 데이터",
)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("평가 데이터 출처 중 법률 문서 바로 앞", "위키 문서"),
        ("평가 데이터 출처에서 위키 문서 다음은?", "법률 문서"),
        ("What comes right after audio in the training mix?", "sign video"),
        ("training mix 설명에서 audio 다음", "sign video"),
    ],
)
def test_a_prose_run_by_its_neighbour(question: str, answer: str) -> None:
    hits = [_PROSE]
    got = neighbour_item(question, hits, [build_units(h.text, h.heading) for h in hits])
    assert _text(got) == answer


def test_a_prose_run_has_no_place() -> None:
    hits = [_PROSE]
    units = [build_units(h.text, h.heading) for h in hits]
    assert place_item("평가 데이터 출처 중 두번째", hits, units) is None
