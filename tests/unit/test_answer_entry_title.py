"""A question that describes a digest bullet and asks for the entry it belongs to
(answer/entry_title.py): the entry's title leads the answer, the bullet follows it.
Korean, English and mixed; the last tests run the extractor with real Kiwi and e5.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.entry_title import asks_entry, asks_thing, names_itself
from notelens.answer.extractive import extract
from notelens.answer.qtype import answer_type
from notelens.embed.base import Embedder


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        "rollout 16번으로 라벨 만든 논문 이름",
        "KV cache를 절반으로 줄였다는 글 제목 뭐였지",
        "토큰 budget을 1,024로 제한한 Quill 블로그 글",
        "웹 55% 코드 20%로 구성한 테크리포트",
        "Which blog post says to freeze eval sets?",
        "Which Quill report saw math scores drop after DPO?",
        "한국어 OCR 91% 나온 모델 이름?",
        # A model, a benchmark or a dataset asked for by a clause describing its bullet.
        "노트북 GPU 16GB에서 4bit로 돌아간다는 모델",
        "코드 리뷰 댓글을 학습 데이터에 넣은 코딩 모델",
        "공격 성공률 제일 높은 카테고리가 역할극인 벤치마크는?",
        "한국어 데이터 40%가 뉴스인 모델 리포트 어떤거야",
        "Which entry reports an average answer length of 5,900 tokens?",
    ],
)
def test_a_described_entry_is_asked(question: str) -> None:
    assert asks_entry(question, answer_type(question))


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        "Quill-9B의 학습 토큰 수는?",
        "KV cache는 왜 커져?",
        "What does the report say about math?",
        # No clause describes a bullet: a rank, a count.
        "Ko-Arena 1위 모델은?",
        "RLHF에 쓰는 네 개의 모델은?",
        "Which entry number does the list give it?",
    ],
)
def test_a_fact_is_not_an_entry(question: str) -> None:
    assert not asks_entry(question, answer_type(question))


@pytest.mark.unit
def test_a_bullet_that_names_the_model_itself() -> None:
    q = "Quill-Vision은 어떤 모델을 기반으로 해?"
    assert names_itself(q, answer_type(q), "Qwen2-7B 기반, 이미지 인코더 400M")
    q = "한국어 OCR 91% 나온 모델 이름?"
    assert not names_itself(q, answer_type(q), "한국어 OCR 벤치마크 정확도 91%")
    # A model asked for by a clause: a bullet naming one answers ("rerank에 쓰는 모델은?"
    # over "Ko-Rerank-mini로 상위 50개 재정렬"); sizes ("2B", "16GB") name none.
    q = "현재 파이프라인에서 rerank에 쓰는 모델은?"
    assert names_itself(q, answer_type(q), "Ko-Rerank-mini로 상위 50개 재정렬")
    q = "노트북 GPU 16GB에서 4bit로 돌아간다는 모델"
    assert not names_itself(q, answer_type(q), "활성 2B, 노트북 GPU 16GB에서 4bit로 구동")


DIGEST = """2nd week

- 📜 [Quill Labs] [Lodestar: Step Labels from Rollouts](https://example.org/lodestar)
    - Monte Carlo rollout 16회로 step label 자동 생성
    - PRM 정확도 79%
- 📜 [Blog] [Notes from a year of evals](https://example.org/evals)
    - contamination 검사는 n-gram 13으로 고정
    - "eval set은 얼리고, 바꾸면 버전을 올려라"
- 📜 [Quill Labs] [Quill-Vision](https://example.org/qv)
    - 이미지 인코더 400M
    - 한국어 OCR 벤치마크 정확도 91%
"""
HITS = [note_hit(0, DIGEST, "archive 2031 > ❄️ January > 2nd week")]


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("rollout 16회로 step label 만드는 논문 이름", "Lodestar: Step Labels from Rollouts"),
        (
            "Which blog post says to freeze eval sets and version them?",
            "Notes from a year of evals",
        ),
        ("한국어 OCR 91% 나온 모델 이름?", "Quill-Vision"),
    ],
)
def test_the_entry_title_leads(
    question: str, title: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder)
    assert ex.short is not None and ex.short.text == title
    # The bullet that matched is quoted after its title, as the evidence.
    assert len(ex.sentences) >= 2 and title in ex.sentences[ex.lead].text


DIGEST_MODELS = """May

- 📜 [Brightfin] Tidewater-Mini 20B-A2B
    - 활성 2B, 노트북 GPU 16GB에서 4bit로 구동
    - 초당 40 토큰 (RTX 4080 기준)
- 📜 [Quill Labs] Quill-Coder 7B
    - 학습 데이터에 코드 리뷰 댓글 포함, 코딩 벤치마크 평균 +3
"""


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("노트북 GPU 16GB에서 4bit로 돌아간다는 모델", "Tidewater-Mini 20B-A2B"),
        ("코드 리뷰 댓글을 학습 데이터에 넣은 코딩 모델", "Quill-Coder 7B"),
    ],
)
def test_the_model_entry_leads(
    question: str, title: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    hits = [note_hit(0, DIGEST_MODELS, "digest 2031 > May")]
    ex = extract(question, hits, analyzer=analyzer, embedder=embedder)
    assert ex.short is not None and ex.short.text == title


@pytest.mark.integration
def test_a_fact_question_keeps_its_bullet(analyzer: Analyzer, embedder: Embedder) -> None:
    ex = extract("Lodestar의 PRM 정확도는?", HITS, analyzer=analyzer, embedder=embedder)
    assert ex.short is not None and ex.short.text == "79%"


NESTED = """3rd week

- 📜 [Halcyon] [Halcyon-3 Technical Report](https://example.org/h3)
    - 데이터 구성
        - 웹 58%
        - 코드 21%
- 📜 [Quill Labs] [Quill-MoE](https://example.org/qm)
    - Quill Labs의 첫 MoE, expert 32개 top-2
"""


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "title"),
    [
        # The bullet nests under a sub-bullet of its entry: the outermost item is the entry.
        ("웹 58% 코드 21%로 데이터 구성한 테크리포트", "Halcyon-3 Technical Report"),
        # "top-2" is a setting, "Quill Labs의" the question's own name: the bullet names
        # no model itself, its entry does.
        ("Quill Labs 첫 MoE 모델 이름", "Quill-MoE"),
    ],
)
def test_the_entry_above_nested_bullets(
    question: str, title: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    hits = [note_hit(0, NESTED, "archive 2031 > ❄️ January > 3rd week")]
    ex = extract(question, hits, analyzer=analyzer, embedder=embedder)
    assert ex.short is not None and ex.short.text == title


# Round 27: the English of a model / benchmark / dataset asked by what its bullet says,
# and a Korean noun that modifies as a clause would ("코드 생성 특화 모델").
@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        "Which model in the pretraining list uses dialogue-only data?",
        "Which benchmark was collected from bar exam questions?",
        "Which models are noted as multilingual general-purpose LLMs?",
        "리뷰 요약 특화 모델 뭐였더라",
        "Python 코드 전용 사전학습 모델 뭐야",
    ],
)
def test_a_model_described_by_its_bullet(question: str) -> None:
    assert asks_thing(question)


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        "Which backbone model does Sona-V build on?",  # the model is the object
        "At what model size does CoT start to help?",
        "Which model's pipeline does the overview use?",
        "Which model is Tern slower than?",
        "Ko-Arena 1위 모델은?",
    ],
)
def test_twins_that_ask_no_model_entry(question: str) -> None:
    assert not asks_thing(question)


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("코드 리뷰 특화 코딩 모델 뭐였지", "Quill-Coder 7B"),
    ],
)
def test_the_model_entry_leads_for_a_noun_clause(
    question: str, title: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    hits = [note_hit(0, DIGEST_MODELS, "digest 2031 > May")]
    ex = extract(question, hits, analyzer=analyzer, embedder=embedder)
    assert ex.short is not None and ex.short.text == title
