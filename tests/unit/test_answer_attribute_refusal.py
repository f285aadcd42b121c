"""An asked attribute's value (answer/refusal.py ``asked_attribute``): "What context
length does X support?" over a bullet that names X and gives its sizes, not a context
length. The best unit holds *a* number, so only the number's form tells it from the
answer ("8K", "4,096 tokens"). Korean, English and mixed questions; the last tests run
the extractor with real Kiwi and e5 over the same notes for an answerable and an
unanswerable question.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.refusal import (
    ATTRIBUTE_PENALTY,
    MEASURE_PENALTY,
    asked_attribute,
    attribute_stated,
    measure_factor,
)
from notelens.config import AnswerConfig
from notelens.embed.base import Embedder


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "attribute"),
    [
        ("What context length does OpenELM support?", "context"),
        ("What is the context window of Mixtral 8x7B?", "context"),
        ("Llama 3 405B의 context length는?", "context"),
        ("Mixtral의 컨텍스트 길이는 얼마야?", "context"),
        ("What image resolution does Stable Diffusion 3 generate by default?", "resolution"),
        ("SDXL이 생성하는 이미지 해상도는?", "resolution"),
        ("What KL coefficient did InstructGPT use in PPO?", "rate"),
        ("LIMA fine-tuning의 learning rate는?", "rate"),
        ("DPO의 β 계수는 얼마로 뒀어?", "rate"),
        # A schedule is a name, a council's resolution no measure, and a plain size
        # question is the answer type's (qtype.py).
        ("What learning rate schedule does Megatron-LM use?", None),
        ("학습률 스케줄은 뭘 썼어?", None),
        ("What resolution did the council adopt in 1950?", None),
        # (A vocabulary's size is an attribute since the twenty-first round: a number
        # written by the word, "128K vocab".)
        ("Llama 3 tokenizer의 vocab 크기는?", "vocab"),
        # Name-valued attributes (blind notes archive, ninth round) and the mixed form.
        ("Quartz-7B의 context 길이는 얼마야?", "context"),
        ("What license is Quartz-7B released under?", "license"),
        ("Quartz-7B 라이선스가 뭐야?", "license"),
        ("Quartz-7B는 상업적으로 쓸 수 있는 license야?", "license"),
        ("Lumen 논문 저자들의 소속은?", "affiliation"),
        ("Lumen-3 논문의 소속 기관은 어디야?", "affiliation"),
        # A person's band or team is a membership, not a lab.
        ("그 드러머는 어느 밴드 소속이야?", None),
        ("What is the affiliation of the Lumen authors?", "affiliation"),
        # Authors are the "person" answer type's ("Who wrote the poem …?" is prose);
        # the authors as the subject of another question; who presented; a size.
        ("Who are the authors of Lumen-3?", None),
        ("Lumen-3 저자들은 무엇이 더 중요하다고 봐?", None),
        ("What do the Lumen-3 authors conclude?", None),
        ("Lumen-3 논문은 누가 발표해?", None),
        ("Quartz-7B 모델 크기는?", None),
        # Number-valued attributes of the blind archive, ninth round (refusals brief).
        ("How many attention heads does Quartz-7B have?", "heads"),
        ("Quartz-7B의 attention head 수는?", "heads"),
        ("LoRA 실험에 든 GPU 비용은 얼마였어?", "cost"),
        ("What was the training cost of Quartz-7B?", "cost"),
        ("What is the parameter count of the Quartz teacher?", "params"),
        ("Quartz teacher의 파라미터 수는?", "params"),
        ("Lumen-Eval 문서의 평균 길이는?", "length"),
        ("What is the average length of Lumen-Eval documents?", "length"),
        # The heads of a state, a cost cut in general, a length unit asked plainly.
        ("Who were the heads of state at the summit?", None),
        ("Why did the cost of housing rise?", None),
        ("Lumen 문서는 몇 토큰이야?", None),
    ],
)
def test_asked_attribute(question: str, attribute: str | None) -> None:
    assert asked_attribute(question) == attribute


@pytest.mark.unit
@pytest.mark.parametrize(
    ("attribute", "text", "stated"),
    [
        ("context", "8B에도 GQA 적용, context length 8K", True),
        ("context", "supports sequences of 4,096 tokens", True),
        ("context", "32k 토큰까지 한 번에 읽음", True),
        ("context", "OpenELM은 0.27B, 0.45B, 1.08B, 3.04B 모델을 오픈으로 공개", False),
        ("context", "a router picks 2 of them for each token, 13B active parameters", False),
        ("resolution", "기본 출력은 1024x1024 이미지", True),
        ("resolution", "renders 720p video", True),
        (
            "resolution",
            "Scaling Rectified Flow Transformers for High-Resolution Image Synthesis",
            False,
        ),
        ("rate", "lr 2e-5, cosine schedule", True),
        ("rate", "β = 0.1로 고정", True),
        ("rate", "SFT 모델에서 멀어지지 않도록 per-token KL penalty를 reward에 넣음", False),
        ("license", "라이선스는 Apache-2.0, weight 공개", True),
        ("license", "released under MIT", True),
        ("license", "7B, context 32K, 한국어 비중 25%", False),
        ("affiliation", "주차: 3주차 · 소속: Hollis College · 발표자: 오지민", True),
        ("affiliation", "📜 [Northgate Lab] Lumen-3", True),
        ("affiliation", "서울대 연구팀이 공개", True),
        ("affiliation", "trigger가 있을 때만 나쁜 행동을 하도록 학습한 모델", False),
        ("heads", "32 heads, 8 KV heads (GQA)", True),
        ("heads", "어텐션 헤드 32개, 층 40개", True),
        ("heads", "local attention(window 4,096)과 global attention을 번갈아 배치", False),
        ("cost", "A100 8장으로 이틀, 약 $1,200", True),
        ("cost", "GPU 비용 62% 절감", True),
        ("cost", "65B 모델을 48GB GPU 한 장에서 파인튜닝", False),
        ("params", "teacher는 70B, student는 7B", True),
        ("params", "student 성능이 90% 수준까지 회복", False),
        ("length", "문서당 평균 3,200 토큰", True),
        ("length", "질문 900개와 문서 12,000개", False),
    ],
)
def test_attribute_stated(attribute: str, text: str, stated: bool) -> None:
    assert attribute_stated(attribute, text) is stated


@pytest.mark.unit
def test_measure_factor_weakens_a_unit_without_the_attribute_value() -> None:
    q = "What context length does OpenELM support?"
    sizes = "OpenELM은 0.27B, 0.45B, 1.08B, 3.04B 모델을 오픈으로 공개"
    assert measure_factor(q, sizes) == pytest.approx(1 - ATTRIBUTE_PENALTY)
    assert measure_factor(q, "OpenELM은 2048 토큰 context로 학습") == 1.0
    # No attribute asked: the factor is the measure rule's alone.
    assert measure_factor("Who released OpenELM?", sizes) == 1.0
    # An attribute and a measure both unstated: both penalties.
    both = measure_factor(
        "Lumen-Eval 문서의 평균 길이는 몇 토큰이야?", "질문 900개와 문서 12,000개"
    )
    assert both == pytest.approx((1 - ATTRIBUTE_PENALTY) * (1 - MEASURE_PENALTY))


HITS = [
    note_hit(
        0,
        "- OpenELM 공개: 0.27B, 0.45B, 1.08B, 3.04B 모델을 오픈으로 공개, layer-wise scaling\n"
        "- 학습 데이터는 공개 데이터셋만 사용\n",
        "주간 소식 > OpenELM",
    ),
    note_hit(
        1,
        "- Llama 3: 8B / 70B 공개, context length 8K, 128K vocab tokenizer\n",
        "주간 소식 > Llama 3",
    ),
    note_hit(2, "OpenELM은 Apple이 공개한 효율적인 언어 모델 계열이다.\n", "모델 메모 > OpenELM"),
]


@pytest.mark.integration
@pytest.mark.parametrize(
    "question", ["What context length does OpenELM support?", "OpenELM의 context length는?"]
)
def test_an_attribute_the_notes_do_not_give_is_weakened(
    question: str, analyzer: Analyzer, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert "OpenELM" in ex.sentences[0].text  # the entry's bullet, with its sizes
    monkeypatch.setattr("notelens.answer.refusal.ATTRIBUTE_PENALTY", 0.0)
    without = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert ex.strength == pytest.approx((1 - ATTRIBUTE_PENALTY) * without.strength)


@pytest.mark.integration
@pytest.mark.parametrize(
    "question", ["What context length does OpenELM support?", "OpenELM의 context length는?"]
)
def test_the_question_is_refused(question: str, analyzer: Analyzer, embedder: Embedder) -> None:
    # (With ATTRIBUTE_PENALTY 0.5 the Korean one kept 0.38 here, its cosine with the
    # bullet being higher: docs/benchmarks.md "Refusals, tenth round".)
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert ex.strength < AnswerConfig().refuse_below


@pytest.mark.integration
@pytest.mark.parametrize(
    "question", ["What context length does Llama 3 support?", "Llama 3의 context length는?"]
)
def test_the_attribute_the_notes_give_is_answered(
    question: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert "8K" in ex.sentences[0].text
    assert ex.strength >= AnswerConfig().refuse_below
