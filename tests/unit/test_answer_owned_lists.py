"""Lists named by their owner (answer/owned_lists.py): an entry's own items, a numbered
line's flat details, the rows of a table that share the value the question writes.

Notes invented for the test: a study log whose numbered methods carry their parts as
plain bullets under each number, a README-style topic line that only mentions one of
the methods, a glossary of bold names with indented bullets, and a reading schedule
whose "Topic" column repeats a value. Real Kiwi; Korean, English and mixed questions.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.owned_lists import Placed, names_whole, owned_items, shared_value_rows
from notelens.answer.units import AnswerUnit, build_units
from notelens.types import Hit

README = note_hit(
    0,
    "주로 다루는 주제\n- 효율화: KV 압축, 양자화와 결합한 SparseTune, 캐시 재사용\n"
    "- 평가: judge 모델, 오염 검사\n",
    "study-notes",
)
METHODS = note_hit(
    1,
    "일부 파라미터만 학습하는 방법들\n\n1. BitAdapter\n2. SparseTune\n- 8-bit block 저장\n"
    "- Shared Scales\n- Offloaded States\n3. ZeroPrefix\n",
    "튜닝 > 효율적인 튜닝",
)
GLOSSARY = note_hit(
    2,
    "- **Orca Judge**:\n  - 답변 두 개를 나란히 비교하는 judge 모델.\n"
    "  - position bias를 줄이려고 순서를 바꿔 두 번 평가.\n"
    "- **Tern Eval**:\n  - 짧은 답만 채점.\n  - 비용이 싸다.\n",
    "평가 > 도구",
)
SCHEDULE_1 = note_hit(
    3,
    "| Week | Topic | Paper | Speaker |\n|---|---|---|---|\n"
    "| 1 | overview | Reading plan | Mina |\n"
    "| 2 | preference tuning | Ranked Feedback Models | Joon |\n"
    "| 3 | preference tuning | Pairwise Reward Training | Sora |\n",
    "Reading group > Schedule",
    lang="en",
)
SCHEDULE_2 = note_hit(
    4,
    "| Week | Topic | Paper | Speaker |\n|---|---|---|---|\n"
    "| 4 | preference tuning | Direct Ranking Optimisation | Joon |\n"
    "| 5 | retrieval | Sparse Index Tricks | Mina |\n",
    "Reading group > Schedule",
    lang="en",
)


def _texts(found: Placed | None) -> list[str]:
    assert found is not None
    return [u.text for _, u in found]


def _units(hits: list[Hit]) -> list[list[AnswerUnit]]:
    return [build_units(h.text, h.heading) for h in hits]


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        "SparseTune 구성요소 알려줘",
        "SparseTune의 구성 요소 뭐뭐 있어?",
        "What are the parts of SparseTune?",
    ],
)
def test_a_numbered_line_owns_the_flat_bullets_under_it(question: str) -> None:
    found = owned_items(question, _units([README, METHODS]))
    assert _texts(found) == ["8-bit block 저장", "Shared Scales", "Offloaded States"]


@pytest.mark.unit
@pytest.mark.parametrize(
    "question", ["Orca Judge 특징 알려줘", "What are the features of Orca Judge?"]
)
def test_a_bold_name_owns_its_indented_bullets(question: str) -> None:
    found = owned_items(question, _units([GLOSSARY]))
    assert _texts(found) == [
        "답변 두 개를 나란히 비교하는 judge 모델.",
        "position bias를 줄이려고 순서를 바꿔 두 번 평가.",
    ]


@pytest.mark.unit
def test_no_owner_when_the_name_is_part_of_a_longer_one_or_an_item_is_named() -> None:
    units = _units([README, METHODS, GLOSSARY])
    # "Orca" alone is not the entry "Orca Judge"; "Judge" beside another word is not it.
    assert owned_items("Orca 관련 메모들 알려줘", units) is None
    # The question names one of the parts: it asks about that part.
    assert owned_items("SparseTune의 Shared Scales 종류는?", units) is None
    # A numbered line without details owns nothing.
    assert owned_items("ZeroPrefix 구성요소 알려줘", units) is None


@pytest.mark.unit
def test_names_whole_reads_a_name_among_function_words_only() -> None:
    assert names_whole("sparsetune", "what are the parts of sparsetune?")
    assert names_whole("alignment tuning", "시즌2에서 alignment tuning 주제 논문들")
    assert not names_whole("tuning", "fine tuning 방법들 알려줘")
    assert not names_whole("lora", "qlora 구성요소")


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        "Which papers does the reading group read on preference tuning?",
        "preference tuning 주제로 읽는 논문들 알려줘",
    ],
)
def test_rows_sharing_the_asked_value_across_the_tables_passages(question: str) -> None:
    hits = [SCHEDULE_1, SCHEDULE_2]
    found = shared_value_rows(question, [h.heading for h in hits], _units(hits))
    papers = " ".join(_texts(found))
    assert all(
        p in papers
        for p in (
            "Ranked Feedback Models",
            "Pairwise Reward Training",
            "Direct Ranking Optimisation",
        )
    )
    assert "Reading plan" not in papers and "Sparse Index Tricks" not in papers


@pytest.mark.unit
def test_a_value_on_one_row_or_on_every_row_selects_no_list() -> None:
    hits = [SCHEDULE_1, SCHEDULE_2]
    headings, units = [h.heading for h in hits], _units(hits)
    assert shared_value_rows("retrieval 주제 논문들", headings, units) is None
    only = [SCHEDULE_1]
    one_topic = shared_value_rows(
        "Which papers are about preference tuning?", ["x"], _units(only)[:1]
    )
    assert one_topic is not None  # two rows share it, another row differs
    same = note_hit(
        5,
        "| Week | Topic | Paper |\n|---|---|---|\n| 1 | survey | A |\n| 2 | survey | B |\n",
        "Other group",
        lang="en",
    )
    assert shared_value_rows("survey 논문들", ["Other group"], _units([same])) is None


@pytest.mark.unit
def test_extract_quotes_all_the_named_entrys_items(analyzer: Analyzer) -> None:
    ex = extract("SparseTune 구성요소 알려줘", [README, METHODS], analyzer=analyzer, embedder=None)
    text = " ".join(c.text for c in ex.sentences)
    assert "Shared Scales" in text and "Offloaded States" in text and "8-bit block" in text
    assert "캐시 재사용" not in text


@pytest.mark.unit
def test_extract_quotes_every_row_of_the_asked_topic(analyzer: Analyzer) -> None:
    hits = [SCHEDULE_1, SCHEDULE_2]
    q = "List the papers on preference tuning in the reading group"
    ex = extract(q, hits, analyzer=analyzer, embedder=None)
    text = " ".join(c.text for c in ex.sentences)
    assert "Pairwise Reward Training" in text and "Direct Ranking Optimisation" in text
    assert "Sparse Index Tricks" not in text


STEPS = note_hit(
    6,
    "1. 중복 정리 (Dedup)\n- 같은 문서를 지우는 과정\n- 해시 기반으로 비교\n- 예시:\n"
    "  - 복사된 게시글\n  - 미러 사이트 문서\n2. 길이 필터\n- 너무 짧은 문서 제거\n",
    "전처리 > 단계",
)


@pytest.mark.unit
def test_an_item_the_question_also_names_is_the_owner_when_it_has_items() -> None:
    found = owned_items("중복 정리 단계에서 지우는 예시는 뭐가 있어?", _units([STEPS]))
    assert _texts(found) == ["복사된 게시글", "미러 사이트 문서"]
    # The flat details of "1. 중복 정리", its examples' sub-bullets not among them.
    found = owned_items("What are the steps of 중복 정리?", _units([STEPS]))
    assert _texts(found) == ["같은 문서를 지우는 과정", "해시 기반으로 비교", "예시:"]


@pytest.mark.unit
def test_a_value_the_question_only_names_is_no_category() -> None:
    hits = [SCHEDULE_1, SCHEDULE_2]
    headings, units = [h.heading for h in hits], _units(hits)
    assert shared_value_rows("preference tuning에서 비교한 세 요소는?", headings, units) is None
    assert shared_value_rows("What did preference tuning improve?", headings, units) is None


def test_a_best_line_listing_the_values_is_not_replaced_by_an_entrys_bullets(
    analyzer: Analyzer,
) -> None:
    # The line that lists the asked values ("64 / 256 / 1024") answers; the bullets of a
    # model card entry of the same name elsewhere say other things of it.
    hits = [
        note_hit(0, "- Orbit-Embed가 128 / 512 / 2048 차원을 지원한다\n", "주간 메모 > 3월"),
        note_hit(
            1,
            "- **Orbit-Embed**\n    - 최대 입력 4,096 토큰\n    - 라이선스 Apache-2.0\n",
            "모델 카드",
        ),
    ]
    ex = extract("Orbit-Embed 차원 뭐뭐 지원해?", hits, analyzer=analyzer, embedder=None)
    assert "128 / 512 / 2048" in ex.sentences[ex.lead].text, ex.sentences
