"""Twentieth-round refusals (docs/benchmarks.md "Refusals that transfer, twentieth
round"): the quoted unit answers for another member of what the question pins.

- a named variant (answer/variants.py): the unit's entry writes the asked hyphenated
  name only with a further word ("Quartz-Embed-v3-Ja" for "Quartz-Embed-v3");
- a release stage (answer/members.py): the question pins the official release, the
  entry is the preview ("Birch-4 정식 버전" over "Birch-4 Preview");
- a relation's reference (answer/members.py): the unit writes the asked size only as
  what its own subject is built from ("Quartz-2B의 큰 버전" under the "Quartz-6B" entry);
- a code of one shape (answer/members.py): "H100" asked, the line is an "A100" one;
- a result question over a plan section (answer/unsettled.py);
- an entry the note marks as not written yet ("(2024, 작성중)", "WIP") for a question of
  its content (answer/asked_nowhere.py);
- the amount of training data asked, the unit writing no amount of data (answer/refusal.py
  "data": an image encoder's "400M" is its size).

Fixtures are invented, in Korean, English and mixed; each rule has a question it must
weaken and a near one it must leave alone.
"""

from __future__ import annotations

import pytest

from notelens.answer.asked_nowhere import ECHO_PENALTY, nowhere_factor, unfinished
from notelens.answer.members import SIBLING_PENALTY, member_factor, members, sibling_only
from notelens.answer.refusal import ATTRIBUTE_PENALTY, asked_attribute, measure_factor
from notelens.answer.unsettled import OPEN_PENALTY, asks_result, open_factor, planned
from notelens.answer.variants import extended_only, extension_missing

_ENTRY = "archive-2027.md > 3월 > 둘째 주 > [Quartz] [Quartz-Embed-v3-Ja](https://q.ai/embed-v3-ja)"


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "scope", "variant"),
    [
        # The entry is the Japanese variant's: the asked base model is another model.
        ("Quartz-Embed-v3 최대 입력 길이", f"최대 입력 4,096 토큰\n{_ENTRY}", True),
        ("What is the max input length of Quartz-Embed-v3?", f"max input 4,096\n{_ENTRY}", True),
        ("Which license is Birch-2 under?", "Birch-2-Chat: Apache-2.0, 7B", True),
        # The question names the variant, or the base name is written alone as well.
        ("Quartz-Embed-v3-Ja 최대 입력 길이는?", f"최대 입력 4,096 토큰\n{_ENTRY}", False),
        ("Quartz-Embed-v3 Ja 버전 최대 입력", f"최대 입력 4,096 토큰\n{_ENTRY}", False),
        ("Birch-2 라이선스는?", "Birch-2: Apache-2.0; Birch-2-Chat: MIT", False),
        # A further number is a size or a release: members.py's to judge.
        ("Birch-MoE 활성 파라미터는?", "Birch-MoE-30B: 3B active", False),
        # A lowercase URL slug is no occurrence of the name.
        (
            "Quartz-Embed-v3 차원",
            "임베딩 차원 1024\n[Quartz-Embed-v3](https://q.ai/quartz-embed-v3-ja)",
            False,
        ),
    ],
)
def test_extended_only(question: str, scope: str, variant: bool) -> None:
    assert extended_only(question, scope) is variant


@pytest.mark.unit
def test_a_variant_weighs_as_a_sibling() -> None:
    factor = member_factor("Quartz-Embed-v3 최대 입력 길이", "최대 입력 4,096 토큰", _ENTRY)
    assert factor == pytest.approx(1 - SIBLING_PENALTY)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Birch-4 정식 버전 context 길이는?", [("final", "stage")]),
        ("Birch-4 Preview: 4B, context 32K", [("preview", "stage"), ("4", "B"), ("32", "K")]),
        ("What changed in the stable release of Birch?", [("final", "stage")]),
        ("Birch 베타 공개일", [("beta", "stage")]),
        # An official name is no stage; a lone "beta" is a hyperparameter.
        ("Birch의 정식 명칭은?", []),
        ("DPO beta 0.1로 고정", []),
    ],
)
def test_release_stages_are_members(text: str, found: list[tuple[str, str]]) -> None:
    assert [m for m in members(text) if m[1] == "stage"] == [m for m in found if m[1] == "stage"]


@pytest.mark.unit
def test_the_preview_entry_answers_no_official_release() -> None:
    context = "archive > 11월 > [Saebit] [Birch-4 Preview](https://arxiv.org/abs/1)"
    assert sibling_only("Birch-4 정식 버전 context 길이는?", "4B, context 32K", context)
    assert sibling_only("Birch-4 official release context length?", "4B, 32K", context)
    assert not sibling_only("Birch-4 preview context 길이는?", "4B, context 32K", context)
    assert not sibling_only("Birch-4 context 길이는?", "4B, context 32K", context)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "unit", "context", "sibling"),
    [
        # The unit's subject is the bigger sibling of the asked size.
        (
            "Quartz-2B는 몇 토큰으로 학습했어?",
            "Quartz-2B의 큰 버전, 6T tokens",
            "1주차 > Quartz-6B",
            True,
        ),
        (
            "How many tokens was the 2B trained on?",
            "a larger version of the 2B, 6T tokens",
            "Quartz-6B",
            True,
        ),
        ("Lark-8B 학습 데이터는?", "Lark-8B 기반 depth upscaling", "3월 > Lark-13B", True),
        # The asked size is the unit's own subject.
        ("Quartz-2B는 몇 토큰으로 학습했어?", "Quartz-2B: 2T tokens", "1주차 > Quartz-2B", False),
        (
            "How many tokens was Quartz-6B trained on?",
            "a larger version of the 2B, 6T tokens",
            "Quartz-6B",
            False,
        ),
    ],
)
def test_a_relation_reference_is_not_the_subject(
    question: str, unit: str, context: str, sibling: bool
) -> None:
    assert sibling_only(question, unit, context) is sibling


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("재측정 결과는 어떻게 나왔어?", True),
        ("Ko-eval 이전은 어떻게 되었어?", True),
        ("How did the Q3 relabelling turn out?", True),
        ("What came of the tokenizer switch?", True),
        ("재측정은 언제 해?", False),
        ("What is planned for Q3?", False),
    ],
)
def test_asks_result(question: str, asks: bool) -> None:
    assert asks_result(question) is asks


@pytest.mark.unit
def test_a_result_question_over_a_plan_section_is_weakened() -> None:
    plan = "2027년 2분기에 평가 세트를 다시 만들고, 결과 화면을 바꾼다."
    assert planned(plan, "talk.html > 6. 다음 계획")
    assert planned("Relabel the dev set in Q3.", "notes.md > Next steps")
    assert not planned(plan, "talk.html > 3. 결과")
    q = "2027년 2분기 평가 세트 재구성 결과는 어떻게 나왔어?"
    assert open_factor(q, plan, "talk.html > 6. 다음 계획") == pytest.approx(1 - OPEN_PENALTY)
    assert open_factor(q, plan, "talk.html > 3. 결과") == 1.0
    # "What is planned?" is answered by the plan itself.
    assert open_factor("2027년 2분기 계획은 뭐야?", plan, "talk.html > 6. 다음 계획") == 1.0
    q_en = "How did the dev-set relabelling turn out?"
    assert open_factor(q_en, "Relabel the dev set in Q3.", "notes > Roadmap") == pytest.approx(
        1 - OPEN_PENALTY
    )


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "unit", "sibling"),
    [
        # An accelerator of the same shape: the line is another device's.
        (
            "FlashPage로 H100 한 장에서 동시 사용자 몇 명?",
            "A100 80GB 한 장에서 동시 사용자 256명",
            True,
        ),
        ("How many users does it serve on one H100?", "on one A100: 256 users", True),
        ("2분기 Q2 매출 목표는?", "Q3 목표: 1.2억", True),
        # The asked code is written, or none of its shape is.
        ("FlashPage로 H100 한 장에서 동시 사용자 몇 명?", "H100 한 장 512명, A100 256명", False),
        ("How many users does it serve on one H100?", "8B model, 256 users per GPU", False),
        # A comparison's reference is not the line's subject.
        ("H100에서 속도는?", "A100 대비 2.1배", False),
    ],
)
def test_codes_of_one_shape_are_siblings(question: str, unit: str, sibling: bool) -> None:
    assert sibling_only(question, unit) is sibling


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "units", "marked"),
    [
        ("Birchwood 3줄 요약 알려줘", ["Birchwood: Fast Video Diffusion(2026, 작성중)"], True),
        ("Summarise the Birchwood paper", ["Birchwood: Fast Video Diffusion (WIP)"], True),
        ("Birchwood 정리 내용", ["Birchwood — 정리 예정"], True),
        # One quoted unit with content, or a question about the marks themselves.
        ("Birchwood 3줄 요약", ["Birchwood(작성중)", "video diffusion을 4 step으로 줄임"], False),
        ("작성중인 논문 정리 알려줘", ["Birchwood: Fast Video Diffusion(2026, 작성중)"], False),
        ("Birchwood 3줄 요약 알려줘", ["Birchwood: Fast Video Diffusion(2026)"], False),
        # "Is it written yet?" is answered by the mark.
        ("Birchwood 정리 다 끝났어?", ["Birchwood: Fast Video Diffusion(2026, 작성중)"], False),
        ("Is the Birchwood summary finished?", ["Birchwood: Fast Video Diffusion (WIP)"], False),
    ],
)
def test_unfinished(question: str, units: list[str], marked: bool) -> None:
    assert unfinished(question, units) is marked


@pytest.mark.unit
def test_an_unfinished_entry_answers_no_content_question() -> None:
    units = ["Birchwood: Fast Video Diffusion(2026, 작성중)"]
    q = "Birchwood 3줄 요약 알려줘"
    echo = unfinished(q, units)
    assert nowhere_factor(q, "", "definition", "", "", echo) == pytest.approx(1 - ECHO_PENALTY)
    # Where the paper sits is no content: answered by the title.
    where = "Birchwood는 어느 섹션에 있어?"
    assert nowhere_factor(where, "", "definition", "", "", unfinished(where, units)) == 1.0


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "scope", "missing"),
    [
        # The units are the base model's: the asked variant is another model.
        ("What is the context length of Birch-MoE-Lite?", "Birch-MoE: 32 experts, 128K", True),
        ("Gaon-5-Chat 라이선스는?", "Gaon-5: Apache-2.0", True),
        # The variant is written (in any spelling), or the base only as another variant.
        ("Gaon-5-Chat 라이선스는?", "Gaon-5 Chat: Apache-2.0", False),
        ("Gaon-5-Chat 라이선스는?", "Gaon-5-Base: MIT", False),
        # A word is no model's base ("Self" of "Self-Consistency"); a release number is
        # unqualified.py's.
        ("What MATH score does Self-Consistency reach?", "self-attention cost", False),
        ("Quill-Embed-v2 API 가격은?", "Quill-Embed: 1.1B parameters", False),
    ],
)
def test_extension_missing(question: str, scope: str, missing: bool) -> None:
    assert extension_missing(question, scope) is missing


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "unit", "stated"),
    [
        # The amount of data is written with what was counted.
        ("Birch-2 학습 데이터 크기는?", "Birch-2: 2.3T tokens, 한국어 41%", True),
        ("Birch-V 사전학습 데이터 얼마나 썼대?", "이미지-텍스트 12억 쌍으로 사전학습", True),
        ("How much training data did Birch-ASR use?", "680k hours of speech", True),
        ("What is the dataset size of KoBirch?", "질문 2,400개, 문서 5,600건", True),
        # An amount told from another's.
        (
            "Birch-3 사전학습 데이터 얼마나 썼대?",
            "사전학습 데이터를 절반만 쓰고도 Birch-2보다 높음",
            True,
        ),
        # A size or a resolution is no amount of data.
        (
            "Birch-V 이미지 인코더 학습 데이터 크기",
            "이미지 인코더 400M, 해상도 최대 1,344px",
            False,
        ),
        ("What is the training data size of Birch-V?", "Birch-V: 7B, Apache-2.0", False),
    ],
)
def test_the_amount_of_training_data(question: str, unit: str, stated: bool) -> None:
    assert asked_attribute(question) == "data"
    expected = 1.0 if stated else 1 - ATTRIBUTE_PENALTY
    assert measure_factor(question, unit, "bullet") == pytest.approx(expected)


@pytest.mark.unit
def test_the_amount_of_data_is_not_read_over_prose() -> None:
    q = "How much training data did the Birch project use?"
    prose = "The Birch project was started in 1998 by a team of volunteers in Lyon."
    assert measure_factor(q, prose, "sentence") == 1.0
    # Data asked as content, not as an amount: no attribute.
    assert asked_attribute("Birch 토크나이저 학습 데이터는 뭐야?") is None
