"""Refusals of the tenth round (docs/benchmarks.md "Refusals, tenth round"):

- a yes/no question over a line the notes leave open (a to-do, a check still to make)
  is weakened below the threshold (answer/unsettled.py), a result line is not;
- the Latin measure a Korean question asks a count in ("몇 GB") is no name the notes
  must write (answer/grounding.py ``latin_names``, eleventh round);
- the question's names are read in the sibling bullet quoted as the lead too;
- the field's own acronyms ("LLM", "GPU") name no entry (``entry_factor``).

Korean, English and mixed questions; the integration tests run the extractor with real
Kiwi and e5 over made-up notes.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.grounding import latin_names
from notelens.answer.refusal import (
    ENTRY_PENALTY,
    entry_factor,
    measure_factor,
)
from notelens.answer.unsettled import OPEN_PENALTY, open_factor, open_item, polar
from notelens.config import AnswerConfig
from notelens.embed.base import Embedder

THRESHOLD = AnswerConfig().refuse_below


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "yes_no"),
    [
        ("Lumen-DoRA가 rank 16 LoRA보다 나았어?", True),
        ("2-bit KV cache가 한국어에서도 괜찮을까?", True),
        ("Quartz-7B adapter를 그대로 쓸 수 있나요?", True),
        ("Did Lumen-DoRA beat rank 16 LoRA?", True),
        ("Is the 2-bit KV cache fine for Korean?", True),
        ("Lumen-DoRA는 rank 16 LoRA보다 better였어?", True),
        # Question words in either language, and a noun with a topic particle.
        ("Lumen-DoRA는 뭐가 달라?", False),
        ("Lumen-DoRA 학습에 며칠 걸렸어?", False),
        ("What did Lumen-DoRA beat?", False),
        ("How does Lumen-DoRA differ from LoRA?", False),
        ("Lumen-DoRA의 장점은?", False),
        ("Lumen-DoRA rank 16 결과", False),
    ],
)
def test_polar(question: str, yes_no: bool) -> None:
    assert polar(question) is yes_no


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "context", "is_open"),
    [
        ("Lumen-DoRA 변형이 rank 16보다 나은지 확인", "메모 > 실험 결과", True),
        ("한국어 rubric에서도 되는지는 직접 확인 필요", "주간 소식 > Prometheus", True),
        ("2-bit KV cache는 한국어에서도 괜찮을까? KoBench로 직접 확인해 볼 것.", "메모", True),
        ("Lumen-DoRA를 rank 16과 비교", "LoRA 메모 > 다음에 해 볼 것", True),
        ("compare Lumen-DoRA with rank 16 LoRA", "notes > Next steps", True),
        ("TODO: check whether the adapter still loads", "notes", True),
        # Results, and a question the line answers itself.
        ("Lumen-DoRA가 rank 16보다 MMLU 1.2점 높음", "메모 > 실험 결과", False),
        ("Lumen-DoRA beat rank 16 LoRA by 1.2 points", "notes > Results", False),
        ("adapter별로 따로 잡히나? → 아니다. KV cache는 요청별", "메모 > Q&A", False),
        ("확인 결과 rank 16보다 0.3점 낮음", "메모 > 실험 결과", False),
    ],
)
def test_open_item(text: str, context: str, is_open: bool) -> None:
    assert open_item(text, context) is is_open


@pytest.mark.unit
def test_open_factor_only_for_yes_no_questions() -> None:
    plan = "Lumen-DoRA 변형이 rank 16보다 나은지 확인"
    assert open_factor("Lumen-DoRA가 rank 16보다 나았어?", plan) == pytest.approx(1 - OPEN_PENALTY)
    assert open_factor("Did Lumen-DoRA beat rank 16?", plan) == pytest.approx(1 - OPEN_PENALTY)
    # "What is still to be checked?" is answered by the plan itself.
    assert open_factor("다음에 무엇을 확인할 계획이야?", plan) == 1.0
    assert open_factor("Lumen-DoRA가 rank 16보다 나았어?", "rank 16보다 1.2점 높음") == 1.0


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("Lumen-KO 데이터 용량은 몇 GB야?", {"lumen-ko"}),
        ("Quartz-7B는 몇 GPU로 학습했어?", {"quartz-7b"}),
        # Hangul measures and the English "how many": the counted thing ("GPUs") is a
        # name the notes may write in another language.
        ("Quartz-7B는 몇 토큰으로 학습했어?", {"quartz-7b"}),
        ("How many GPUs did Quartz-7B use?", {"quartz-7b", "gpus"}),
    ],
)
def test_the_asked_measure_is_no_name(question: str, names: set[str]) -> None:
    assert latin_names(question) == names


@pytest.mark.unit
def test_the_masked_measure_is_still_checked() -> None:
    # The name check no longer reads "GB"; the measure rule still asks for "N GB".
    q = "Lumen-KO 데이터 용량은 몇 GB야?"
    assert measure_factor(q, "중복 제거를 거친 6GB 한국어 사전학습 데이터") == 1.0
    assert measure_factor(q, "중복 제거를 거친 한국어 사전학습 데이터 12만 문서") < 1.0


LORA = note_hit(
    0,
    "## 실험 결과\n"
    "- rank 16, alpha 32가 가장 안정적이었고 rank 64는 점수 차이가 거의 없음\n"
    "- Lumen-7B 기준 학습 시간은 A100 한 장으로 6시간\n"
    "## 다음에 해 볼 것\n"
    "- Lumen-DoRA처럼 가중치를 크기와 방향으로 나누는 변형이 rank 16보다 나은지 확인\n"
    "- Lumen-13B에도 같은 설정이 통하는지 보기\n",
    "LoRA 실전 메모",
)
LORA_DONE = note_hit(
    0,
    "## 실험 결과\n"
    "- rank 16, alpha 32가 가장 안정적이었고 rank 64는 점수 차이가 거의 없음\n"
    "- Lumen-DoRA처럼 가중치를 크기와 방향으로 나누는 변형이 rank 16보다 MMLU 1.2점 높음\n",
    "LoRA 실전 메모",
)
OTHER = note_hit(1, "- Quartz-7B: 3.2T 토큰으로 사전학습, 이후 DPO 두 번\n", "주간 소식 > Quartz")


@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    [
        "Lumen-DoRA가 rank 16 LoRA보다 나았어?",
        "Did Lumen-DoRA beat rank 16 LoRA?",
        "Lumen-DoRA가 rank 16보다 better였어?",
    ],
)
def test_a_yes_no_question_over_a_plan_is_refused(
    question: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, [LORA, OTHER], analyzer=analyzer, embedder=embedder)
    assert "Lumen-DoRA" in ex.sentences[ex.lead].text  # the plan line is the best unit
    assert ex.strength < THRESHOLD


@pytest.mark.integration
@pytest.mark.parametrize(
    "question", ["Lumen-DoRA가 rank 16 LoRA보다 나았어?", "Did Lumen-DoRA beat rank 16 LoRA?"]
)
def test_a_yes_no_question_over_a_result_is_answered(
    question: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, [LORA_DONE, OTHER], analyzer=analyzer, embedder=embedder)
    assert "1.2점" in ex.sentences[ex.lead].text
    assert ex.strength >= THRESHOLD


DATA = note_hit(
    0,
    "- 📜 [Lumen Lab] Lumen-KO: a Korean pretraining corpus\n"
    "    - 중복 제거와 품질 필터를 거친 6GB 한국어 사전학습 데이터\n"
    "    - 뉴스, 위키, 블로그를 고르게 섞음\n",
    "archive 2025 > February",
)


@pytest.mark.integration
def test_the_asked_measure_is_no_missing_name(analyzer: Analyzer, embedder: Embedder) -> None:
    ex = extract("Lumen-KO dataset 용량은 몇 GB야?", [DATA], analyzer=analyzer, embedder=embedder)
    assert "6GB" in ex.sentences[ex.lead].text
    assert ex.missing == 0.0 and ex.unit_missing == 0.0
    assert ex.strength >= THRESHOLD


SYCO = note_hit(
    0,
    "- 📜 [Aldergrove Univ.] Sycophancy grows with scale\n"
    "    - 사용자가 틀린 의견을 말하면 동조하는 비율이 모델이 클수록 높아짐\n"
    "    - 8B 23%, 70B 38%, RLHF 이후 더 증가\n",
    "archive 2025 > September",
)


@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    [
        "70B 모델은 사용자의 틀린 의견에 얼마나 자주 동조해?",
        "70B 모델은 사용자의 틀린 의견에 몇 % 동조해?",
    ],
)
def test_names_are_read_in_the_quoted_sibling(
    question: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, [SYCO], analyzer=analyzer, embedder=embedder)
    assert "70B 38%" in ex.sentences[ex.lead].text
    assert ex.unit_missing == 0.0


INJECTION = note_hit(
    0,
    "- Output checks: scan outputs for URLs and markdown images (an exfiltration channel)\n",
    "Prompt injection notes > Defenses",
    lang="en",
)
SERVING = note_hit(
    1,
    "- Lumen-Chat LLM serving: batch size 32, p50 latency 40 ms\n",
    "Lumen-Chat LLM serving on one GPU",
    lang="en",
)


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        "Why are markdown images dangerous in LLM output?",
        "LLM 출력에서 markdown 이미지가 왜 위험해?",
        "GPU 서버에서 markdown 이미지 출력이 왜 위험해?",
    ],
)
def test_a_field_acronym_names_no_entry(question: str) -> None:
    # Another passage's heading writes "LLM" / "GPU" and the chosen one does not: the
    # word is the field's, not an entry's, so the bullet is not read as a neighbour's.
    assert entry_factor(question, [INJECTION, SERVING], 0, "item") == 1.0


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        "Why are markdown images dangerous in Lumen-Chat output?",
        "Lumen-Chat 출력에서 markdown 이미지가 왜 위험해?",
    ],
)
def test_a_real_entity_still_picks_the_entry(question: str) -> None:
    assert entry_factor(question, [INJECTION, SERVING], 0, "item") == pytest.approx(
        1 - ENTRY_PENALTY
    )
