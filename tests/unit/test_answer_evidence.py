"""Cross-language units, name coverage of a unit, and the second-round answer types.

No embedder or store: these are the cheap signals the extractive scorer and the refusal
decision use (``answer/evidence.py``, ``answer/qtype.py``, ``answer/extractive.py``).
"""

from __future__ import annotations

import pytest

from notelens.analysis.lang import hangul_share
from notelens.answer.candidates import _defines
from notelens.answer.evidence import cross_units, is_korean, names_missing
from notelens.answer.qtype import answer_type, has_evidence
from notelens.answer.units import build_units

pytestmark = pytest.mark.unit


def test_korean_with_english_terms_is_korean() -> None:
    # Notes write Korean with English terms: still Korean; an English bullet is not.
    assert is_korean("FlashAttention-2는 work partitioning을 개선해서 약 2배 빠름")
    assert not is_korean("FlashAttention-2 improves work partitioning, about 2x faster")
    assert hangul_share("") == 0.0
    assert cross_units(
        "LoRA는 어떤 행렬을 학습해?",
        ["trains two low-rank matrices A and B", "LoRA는 low-rank 행렬 두 개만 학습"],
    ) == [True, False]
    assert cross_units("Which matrices does LoRA train?", ["LoRA는 행렬 두 개만 학습"]) == [True]


@pytest.mark.parametrize(
    ("question", "unit", "share"),
    [
        # The neighbour's name is there, the asked one is not: a near-domain question.
        ("Qwen 모델의 vocab 크기는?", "Llama 3 > 128K vocab tokenizer", 1.0),
        ("What context length does Llama 3 405B have?", "Llama 3 > 8B, context length 8K", 0.5),
        # "GPUs" is asked and absent: one name of three.
        ("How many GPUs did InstructGPT use in PPO?", "InstructGPT > PPO with a KL term", 1 / 3),
        ("KV cache는 왜 커져?", "배경 > batch가 커지면 KV cache가 병목", 0.0),
        ("가중치는 어떻게 줄여?", "양자화 메모", 0.0),  # no names asked: nothing missing
        # An English question that quotes a Korean name: its capitalised opener is no
        # name, while a Latin name inside a Korean sentence still is one.
        ("Which paper did 정우진 present in week 16?", "주차: 16 · 발표자: 정우진", 0.0),
        ("When did 윤서연 present Chinchilla?", "3주차 · 발표자: 윤서연", 1.0),
        ("Chinchilla는 누가 발표했어?", "주차: 3 · 발표자: 윤서연", 1.0),
    ],
)
def test_names_missing_from_a_unit(question: str, unit: str, share: float) -> None:
    assert names_missing(question, unit) == pytest.approx(share)


def test_plural_and_version_suffixes() -> None:
    assert names_missing("What did the Transformers paper show?", "the transformer paper") == 0.0
    # "GPT-4" is not "GPT-4o": a different model.
    assert names_missing("GPT-4의 점수는?", "GPT-4o 점수 88") == 1.0


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("RoPE란?", "definition"),
        ("Speculative decoding이란?", "definition"),
        ("메모에서 prefix tuning을 어떻게 설명해?", "definition"),
        ("How does the memo describe speculative decoding?", "definition"),
        ("Mixtral 논문은 어느 학회에 나왔어?", "org"),
        ("Which conference published the vLLM paper?", "org"),
        ("BLOOM은 어디서 나온 모델이야?", "org"),
        ("스터디는 어느 기간에 진행돼?", "date"),
        ("Which attacks are listed in the safety note?", "list"),
        ("Which defenses against jailbreaks were compared?", "list"),
        ("양자화 방법으로 뭐가 있어?", "list"),
        ("메모에서 비교한 모델들은?", "list"),
        # Unchanged: the first-round types still win.
        ("GQA가 뭐야?", "definition"),
        ("How does PagedAttention avoid fragmentation?", "method"),
        ("LoRA 발표자는 누구야?", "person"),
        # What becomes of it: an outcome, not a number for "비율" nor a method for 어떻게.
        ("합성 데이터 비율은 앞으로 어떻게 될까?", "other"),
        ("배치를 키우면 loss가 어떻게 돼?", "other"),
        ("합성 데이터 비율은 얼마나 될까?", "number"),
        ("LoRA는 어떻게 파라미터를 줄여?", "method"),
    ],
)
def test_second_round_answer_types(question: str, kind: str) -> None:
    assert answer_type(question).kind == kind


def test_venues_are_organisation_evidence() -> None:
    assert has_evidence("org", "NeurIPS 2023 oral")
    assert has_evidence("org", "SOSP 2023 paper")
    assert not has_evidence("org", "세 번째 주에 발표")


NOTE = """\
## 배경
decoding은 memory-bound다.

### KV cache
이전 토큰의 key와 value를 저장해두는 캐시.
토큰당 크기는 layer 수에 비례한다.

## GQA (Grouped-Query Attention)
Ainslie et al., 2023, "GQA" (https://arxiv.org/abs/2305.13245).
query head를 G개 그룹으로 나눠 KV head를 공유한다.
"""


def test_the_first_line_under_a_heading_defines_it() -> None:
    units = build_units(NOTE, "Attention 메모")
    kv = next(u for u in units if u.text.startswith("이전 토큰의"))
    assert units[units.index(kv) - 1].kind == "summary"  # right under "### KV cache"
    assert _defines(kv, "kv", first_under_label=True)
    # Not when it is not the first line, nor under another heading, nor a reference.
    second = next(u for u in units if u.text.startswith("토큰당"))
    assert not _defines(second, "kv", first_under_label=False)
    assert not _defines(kv, "gqa", first_under_label=True)
    ref = next(u for u in units if u.text.startswith("Ainslie"))
    assert not _defines(ref, "gqa", first_under_label=True)
