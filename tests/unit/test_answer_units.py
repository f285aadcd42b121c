"""Answer units, answer types and short-answer spans (Kiwi only; no embedder, no store)."""

from __future__ import annotations

import pytest

from notelens.analysis.korean import KiwiAnalyzer
from notelens.answer.qtype import answer_type, asked_kinds, has_evidence
from notelens.answer.span import short_answer
from notelens.answer.units import AnswerUnit, build_units

pytestmark = pytest.mark.unit

# Chunk texts in the shapes the markdown chunker produces (written for these tests).
TABLE = """| 주차 | 주제 | 논문 | 발표자 | 날짜 |
|---|---|---|---|---|
| 2 | scaling law | Scaling Laws for Neural Language Models | 장현우 | 2024-03-13 |
| 3 | scaling law | Training Compute-Optimal Large Language Models | 윤서연 | 2024-03-20 |"""

# A header whose first cell is blank, rows without a leading pipe.
TABLE_BLANK = """| Type | Paper title | Affiliation | Speaker
-- | -- | -- | -- | --
2 주차 | pretraining | Training Compute-Optimal Large Language Models | DeepMind | 박민수"""

DIGEST = """- Better Decoding via Lookahead Heads (Park et al., Acme Labs)
  - 출력 head 4개를 붙여 다음 토큰들을 한 번에 예측
  notes
  - 13B 모델에서 inference가 최대 2.5배 빨라짐
  - draft model이 따로 필요 없음"""

DETAILS = """1. Sparse Mixture Routing(2023)
  <details>
  <summary>3 LINE SUMMARY</summary>
  - 라우터가 토큰마다 expert 2개를 고름
  - 학습 비용은 dense 7B 모델의 절반
  </details>"""

DEFINITIONS = """- **BM25**: 단어 빈도와 문서 길이로 점수를 매기는 lexical ranking 함수
GQA: query head를 그룹으로 나눠 KV head를 공유하는 attention
Rotary embeddings rotate query and key vectors by position."""


def _kinds(units: list[AnswerUnit]) -> list[str]:
    return [u.kind for u in units]


def test_table_rows_are_joined_with_their_header() -> None:
    units = build_units(TABLE, "스터디 > 발표 순서")
    assert _kinds(units) == ["row", "row"]
    row = units[1]
    assert row.text == (
        "주차: 3 · 주제: scaling law · 논문: Training Compute-Optimal Large Language Models"
        " · 발표자: 윤서연 · 날짜: 2024-03-20"
    )
    assert ("발표자", "윤서연") in row.cells
    assert "발표 순서" in row.context and "발표자" in row.context
    assert row.line == 3


def test_table_with_a_blank_first_header_cell_keeps_columns_aligned() -> None:
    (row,) = build_units(TABLE_BLANK)
    assert row.cells[0] == ("", "2 주차")
    assert ("Speaker", "박민수") in row.cells
    assert row.text.startswith("2 주차 · Type: pretraining · Paper title: Training")


def test_nested_bullets_have_the_entry_title_as_context() -> None:
    units = build_units(DIGEST, "Weekly digest")
    assert _kinds(units) == ["title", "item", "summary", "item", "item"]
    title, first, label, speed, _ = units
    assert title.text.startswith("Better Decoding via Lookahead Heads")
    assert "Lookahead Heads" in first.context and "notes" not in first.context
    assert label.text == "notes"
    # The bullet under the <details> summary has the title and the summary as context.
    assert speed.text == "13B 모델에서 inference가 최대 2.5배 빨라짐"
    assert speed.context.startswith("Weekly digest > Better Decoding")
    assert speed.context.endswith("> notes")


def test_details_blocks_give_summary_context_and_drop_tags() -> None:
    units = build_units(DETAILS, "Methods")
    assert _kinds(units) == ["title", "summary", "item", "item"]
    assert units[1].text == "3 LINE SUMMARY"
    assert units[3].text == "학습 비용은 dense 7B 모델의 절반"
    assert "Sparse Mixture Routing" in units[3].context
    assert not any("<" in u.text for u in units)


def test_numbered_items_keep_their_written_number() -> None:
    # A list's place is read from its written number ("3." may follow "1." when a chunk
    # split the list), so the unit keeps it; bullets and "2022." prose carry none.
    units = build_units("1. Pretraining 데이터 수집\n3) RLHF로 정렬\n- reward model 학습\n")
    assert [(u.text, u.number, u.numbered) for u in units] == [
        ("Pretraining 데이터 수집", 1, True),
        ("RLHF로 정렬", 3, True),
        ("reward model 학습", None, False),
    ]


def test_definition_lines_keep_their_term() -> None:
    units = build_units(DEFINITIONS)
    assert _kinds(units) == ["definition", "definition", "sentence"]
    assert units[0].term == "BM25" and units[0].text.startswith("BM25: 단어 빈도")
    assert units[1].term == "GQA"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Chinchilla 논문은 몇 주차에 발표했어?", "week"),
        ("Which week covers the DPO paper?", "week"),
        ("LoRA 발표자는 누구야?", "person"),
        ("Who presented the Chinchilla paper?", "person"),
        ("Llama 3의 context length는?", "size"),
        ("How many parameters does the model have?", "size"),
        ("inference가 몇 배 빨라져?", "number"),
        ("How much faster is decoding?", "number"),
        ("스터디는 언제 시작해?", "date"),
        ("In what year was FlashAttention published?", "date"),
        ("FILM-7B는 어떤 모델 기반이야?", "name"),
        ("Which model was it fine-tuned from?", "name"),
        ("Which company released WebGPT?", "org"),
        ("GQA가 뭐야?", "definition"),
        ("What is grouped-query attention?", "definition"),
        ("왜 DPO에 NLL loss를 더했어?", "reason"),
        ("How does PagedAttention avoid fragmentation?", "method"),
        ("What are the four stages of the pipeline?", "list"),
    ],
)
def test_answer_types(question: str, kind: str) -> None:
    assert answer_type(question).kind == kind


def test_list_questions_carry_their_count() -> None:
    assert answer_type("What are the four stages of the pipeline?").count == 4
    assert answer_type("RAG의 세 가지 구성 요소는?").count == 3
    assert asked_kinds("Who presented it, and in which week?", answer_type("Who presented it?"))[
        :2
    ] == ("person", "week")


def test_evidence_of_a_type() -> None:
    assert has_evidence("size", "context length 8K, 15T tokens")
    assert has_evidence("number", "최대 3배 빨라짐")
    assert has_evidence("week", "3주차 발표")
    assert has_evidence("person", "9주차 임채원, 10주차 강태호로 확정")
    assert not has_evidence("number", "숫자가 없는 문장")


@pytest.fixture(scope="module")
def kiwi() -> KiwiAnalyzer:
    return KiwiAnalyzer(num_workers=0)


def _short(kiwi: KiwiAnalyzer, question: str, unit: AnswerUnit) -> str | None:
    sp = short_answer(question, answer_type(question), unit, set(kiwi.terms(question)), kiwi)
    if sp is None:
        return None
    assert unit.text[sp.start : sp.end] == sp.text or ", " in sp.text
    return sp.text


def test_short_answer_from_a_table_row(kiwi: KiwiAnalyzer) -> None:
    row = build_units(TABLE)[1]
    assert _short(kiwi, "Training Compute-Optimal 논문 발표자는 누구?", row) == "윤서연"
    assert _short(kiwi, "Who presented the compute-optimal paper, and in which week?", row) == (
        "3, 윤서연"
    )
    assert _short(kiwi, "When was the compute-optimal paper presented?", row) == "2024-03-20"


def test_short_answer_number_size_and_name(kiwi: KiwiAnalyzer) -> None:
    speed = build_units(DIGEST)[3]
    assert _short(kiwi, "Lookahead heads로 inference가 몇 배 빨라져?", speed) == "2.5배"
    assert _short(kiwi, "How much faster is inference with lookahead heads?", speed) == "2.5배"
    cost = build_units(DETAILS)[3]
    assert _short(kiwi, "학습 비용은 몇 B dense 모델의 절반이야?", cost) == "7B"
    (unit,) = build_units("결과 모델이 FILM-7B (Mistral-7B 기반)")
    assert _short(kiwi, "FILM-7B는 어떤 모델 기반이야?", unit) == "Mistral-7B"


def test_short_answer_definition_and_title(kiwi: KiwiAnalyzer) -> None:
    gqa = build_units(DEFINITIONS)[1]
    assert (
        _short(kiwi, "GQA가 뭐야?", gqa)
        == "query head를 그룹으로 나눠 KV head를 공유하는 attention"
    )
    title = build_units(DIGEST)[0]
    assert _short(kiwi, "Which paper proposed lookahead heads?", title) == (
        "Better Decoding via Lookahead Heads"
    )
    # A "why" question is answered by the unit itself.
    assert _short(kiwi, "왜 draft model이 필요 없어?", build_units(DIGEST)[4]) is None


def test_short_answer_korean_noun_phrase_without_particle(kiwi: KiwiAnalyzer) -> None:
    (unit,) = build_units("이 실험은 1989년에 서울대학교 연구팀이 처음 수행했다.")
    assert _short(kiwi, "이 실험은 몇 년에 처음 수행했어?", unit) == "1989년"
    assert _short(kiwi, "이 실험을 처음 수행한 곳은?", unit) in ("서울대학교 연구팀", "서울대학교")


def test_a_label_line_over_a_list_is_its_context_not_an_answer() -> None:
    # A plain-text README: a bare "Repo Structure" line (a blank and a tab-only line
    # under it) above its bullets, in English and in Korean.
    text = (
        "Repo Structure\n\t\n- `/papers`\n\t- 논문 리뷰와 분석\n\n폴더 구성\n\n- `/other`: 기타 글"
    )
    units = build_units(text, "research-notes")
    assert [u.kind for u in units if u.text in ("Repo Structure", "폴더 구성")] == [
        "summary",
        "summary",
    ]
    review = next(u for u in units if u.text == "논문 리뷰와 분석")
    assert review.context == "research-notes > Repo Structure > /papers"
    other = next(u for u in units if u.text.startswith("/other"))
    assert other.context == "research-notes > 폴더 구성"


def test_a_short_line_over_prose_stays_a_sentence() -> None:
    units = build_units("Repo Structure\n\nThe papers folder holds reviews.", "research-notes")
    assert units[0].kind == "sentence" and units[0].text == "Repo Structure"


def test_a_phrase_or_an_announcement_over_a_list_stays_a_sentence() -> None:
    # A line that says something, and a "세 단계:" line that announces its items
    # (answer/lists.py reads it), are no bare names.
    for text in (
        "LLM 전체가 아닌 일부분만을 튜닝하는 방법론\n1. Adapter\n2. LoRA",
        "세 단계:\n1. SFT\n2. RM",
    ):
        first = build_units(text, "PEFT")[0]
        assert first.kind == "sentence" and first.text == text.split("\n")[0]
