# The notes are kept verbatim: long lines, and trailing double spaces (markdown hard breaks).
# ruff: noqa: W291
"""Research-note fixtures (Korean + English, about LLM papers) and the properties every
fixture's chunks must have. Other ingest tests import the fixtures from here; so does
``benchmarks/chunk_stats.py``.

The notes imitate the shapes found in real note folders: a link archive of numbered
papers with ``<details>`` summaries, a study syllabus pipe table with a ``-- | --``
separator, long Korean prose with English terms and deep headings, a README with
front matter and a bilingual ``<details>`` block, and a plain-text reading log.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from notelens.config import ChunkingConfig
from notelens.ingest.chunking import chunk_document
from notelens.ingest.registry import loader_for
from notelens.types import Chunk, Document, Section

pytestmark = pytest.mark.unit

LINK_ARCHIVE = """\
# LLM 논문 아카이브

읽은 논문을 주제별로 정리한 목록입니다. 각 항목 아래에 세 줄 요약을 달았습니다.

## Parameter-Efficient Fine-Tuning

1. [LoRA: Low-Rank Adaptation of Large Language Models (2021)](https://arxiv.org/abs/2106.09685)
    <details>
    <summary>세 줄 요약</summary>
    - 사전학습 가중치는 고정하고, 각 Transformer 층에 저랭크 행렬 두 개(A, B)만 추가해 학습함<br>
    - 학습 파라미터 수가 수천 배 줄어들고, 추론 때는 가중치를 병합하므로 latency 증가가 없음<br>
    - GPT-3 175B에서도 full fine-tuning과 비슷하거나 더 나은 성능을 보임
    </details>

2. [QLoRA: Efficient Finetuning of Quantized LLMs (2023)](https://arxiv.org/abs/2305.14314)
    <details>
    <summary>세 줄 요약</summary>
    - 4-bit NormalFloat(NF4) 양자화로 고정된 base model의 메모리를 크게 줄임<br>
    - Double Quantization과 Paged Optimizer 덕분에 48GB GPU 한 장으로 65B 모델을 튜닝함<br>
    - Guanaco 모델이 Vicuna 벤치마크에서 ChatGPT 대비 99.3% 수준에 도달함
    </details>

3. [Prefix-Tuning (2021)](https://aclanthology.org/2021.acl-long.353/) - 입력 앞에 학습 가능한 prefix 벡터를 붙임
4. [Adapter 계열 논문 모음]

## Alignment

- **RLHF 계열**
    - [RLAIF (2023)](https://arxiv.org/abs/2309.00267): 사람 대신 LLM이 선호 라벨을 붙여도 비슷한 결과
    - [Safe RLHF (2023)](https://arxiv.org/abs/2310.12773): helpfulness와 harmlessness 보상을 분리
- **RL 없이 선호 최적화**
    - [KTO (2024)](https://arxiv.org/abs/2402.01306): 쌍이 아닌 좋음/나쁨 단일 라벨로 학습
    - 참고 구현: https://github.com/huggingface/trl

## Long Context

1. [Lost in the Middle: How Language Models Use Long Contexts (2023)](https://arxiv.org/abs/2307.03172)
    <details>
    <summary>세 줄 요약 (길게 정리함)</summary>
    - 여러 문서를 넣고 질문하는 multi-document QA에서, 정답 문서의 위치를 바꾸며 정확도를 측정함. 정답이 맨 앞이나 맨 뒤에 있을 때 정확도가 가장 높았음.<br>
    - 정답 문서가 가운데에 있으면 정확도가 크게 떨어졌고, 일부 모델은 문서를 아예 주지 않은 closed-book 설정보다도 낮은 점수를 받았음.<br>
    - context window가 긴 모델이라고 해서 긴 입력을 더 잘 활용하는 것은 아니었음. 16K 모델과 4K 모델의 곡선이 거의 같았음.<br>
    - key-value retrieval이라는 합성 과제에서도 같은 U자 곡선이 나타남. 단순히 문자열을 찾아 복사하는 과제인데도 가운데 위치에서 성능이 떨어짐.<br>
    - encoder-decoder 구조는 학습 길이 안에서는 위치에 덜 민감했지만, 학습 길이를 넘는 입력에서는 마찬가지로 U자 곡선을 보였음.<br>
    - query를 문서 앞뒤에 모두 넣는 query-aware contextualization은 key-value 과제에서는 효과가 컸지만 multi-document QA에서는 효과가 작았음.<br>
    - instruction tuning을 거친 모델과 base model 모두 비슷한 경향을 보였으므로, 원인은 사전학습 데이터의 위치 편향일 가능성이 있다고 봄.<br>
    - 실무적으로는 retriever가 돌려준 문서를 전부 넣기보다 상위 몇 개만 넣고, 중요한 문서를 앞쪽에 배치하는 편이 낫다는 결론임.<br>
    - 검색 문서 수를 늘리면 recall은 오르지만 reader 정확도는 20개 근처에서 포화되었음. 그 이상은 비용만 늘어남.<br>
    - 후속 연구들은 위치 편향을 줄이기 위해 attention을 보정하거나, 문서 순서를 섞어 여러 번 답을 뽑는 방법을 제안함.<br>
    - 우리 검색 시스템에서는 reranker 점수가 높은 문서를 맨 앞과 맨 뒤에 번갈아 배치하는 방식을 실험해 볼 만함.<br>
    - 평가할 때는 정답 문서의 위치를 통제한 테스트 세트를 따로 만들어야 이 효과를 볼 수 있음.<br>
    - 한국어 데이터에서도 같은 경향이 나타나는지는 아직 확인하지 못했음. 다음 실험 주제로 남겨 둠.<br>
    - 참고로 논문의 실험 코드와 데이터는 공개되어 있어서 같은 설정을 그대로 재현해 볼 수 있음.<br>
    - 비슷한 현상을 다룬 needle-in-a-haystack 평가도 함께 읽어 두면 좋음.
    </details>
2. [RoPE scaling 메모](notes/rope-scaling.md)
"""

SYLLABUS_TABLE = """\
# [스터디] LLM 논문 읽기 모임 시즌 2

- [참가 신청서](https://forms.example.com/llm-study-s2)
- 매주 토요일 오전 10시에 온라인으로 진행합니다. 발표 자료는 하루 전까지 공유해 주세요.

## 기간
- 2025년 3월 ~

## 발표 순서

&nbsp; | 분야 | 논문 | 소속 | 발표자
-- | -- | -- | -- | --
1주차 | Architecture | Attention Is All You Need | Google | 김민수
2주차 | Pretraining | Language Models are Few-Shot Learners | OpenAI | 이지현
3주차 | Scaling | Scaling Laws for Neural Language Models | OpenAI | 박준호
4주차 | Position | RoFormer: Enhanced Transformer with Rotary Position Embedding | Zhuiyi | 최유진
5주차 | MoE | Mixtral of Experts | Mistral AI | 정우성
6주차 | Data | Self-Instruct: Aligning Language Models with Self-Generated Instructions | UW | 한소희
7주차 | Agents | Toolformer: Language Models Can Teach Themselves to Use Tools | Meta | 김민수
8주차 | Agents | ReAct: Synergizing Reasoning and Acting in Language Models | Princeton | 이지현
9주차 | Reasoning | Tree of Thoughts: Deliberate Problem Solving with Large Language Models | Princeton | 박준호
10주차 | Distillation | Orca: Progressive Learning from Complex Explanation Traces of GPT-4 | Microsoft | 최유진
11주차 | PEFT | QLoRA: Efficient Finetuning of Quantized LLMs | UW | 정우성
12주차 | Retrieval | Dense Passage Retrieval for Open-Domain Question Answering | Meta | 한소희
13주차 | RAG | Lost in the Middle: How Language Models Use Long Contexts | Stanford | 김민수
14주차 | Evaluation | Holistic Evaluation of Language Models | Stanford | 이지현
15주차 | Multilingual | KoBEST: Korean Balanced Evaluation of Significant Tasks | KT | 박준호
16주차 | 정리 | 전체 흐름 복습과 다음 시즌 주제 정하기 | &nbsp; | 운영진

## 참고 링크
- [시즌 1 발표 영상](https://video.example.com/llm-study-s1)
- [시즌 1 자료 모음](https://notes.example.com/llm-study-s1)
"""

_LONG_PARAGRAPH = (
    "Generator는 retriever가 돌려준 문서를 프롬프트에 넣고 답을 생성한다. "
    "가장 단순한 방식은 상위 k개 문서를 그대로 이어 붙이는 것이다. "
    "하지만 문서가 길어지면 context window를 넘기 쉽고, 비용도 선형으로 늘어난다. "
    "그래서 문서를 chunk 단위로 잘라 색인하고, 질문과 가까운 chunk만 고르는 방식이 널리 쓰인다. "
    "chunk 크기는 검색 품질에 직접 영향을 준다. "
    "너무 작으면 문맥이 끊겨서 답에 필요한 정보가 여러 chunk로 흩어지고, "
    "너무 크면 관련 없는 문장이 섞여 embedding이 흐려진다. "
    "실험에서는 한국어 기준으로 500자에서 800자 사이가 무난했다. "
    "또한 chunk 경계에서 문장이 잘리지 않도록 문장 단위로 자르는 것이 중요하다. "
    "경계 근처의 정보를 잃지 않으려고 앞 chunk의 마지막 문장 몇 개를 다음 chunk 앞에 겹쳐 넣기도 한다. "
    "이 overlap은 검색 recall을 조금 올리지만 색인 크기를 늘린다. "
    "Reranker를 쓰면 top-k를 넉넉히 뽑은 뒤 cross-encoder로 다시 정렬할 수 있다. "
    "cross-encoder는 질문과 문서를 함께 보므로 bi-encoder보다 정확하지만 느리다. "
    "그래서 보통 bi-encoder로 100개 정도를 뽑고, reranker로 상위 5개에서 10개를 고른다. "
    "마지막으로 생성 단계에서는 답에 출처를 달도록 지시하면 hallucination을 줄이는 데 도움이 된다. "
    "출처 표시는 사용자가 답을 검증할 수 있게 해 준다는 점에서도 중요하다. "
    "평가할 때는 검색 단계와 생성 단계를 나누어 보는 것이 좋다. "
    "검색은 recall@k나 MRR로, 생성은 정답 일치도나 사람 평가로 측정한다. "
    "두 단계를 한꺼번에 보면 어느 쪽이 병목인지 알기 어렵다. "
    "마지막으로, 같은 질문이라도 한국어와 영어 문서가 섞여 있으면 검색 점수의 분포가 달라지므로 "
    "언어별로 가중치를 조정하는 것이 도움이 된다. "
    "운영 측면에서는 색인 갱신 주기도 고려해야 한다. "
    "문서가 자주 바뀌는 환경이라면 변경된 파일만 다시 임베딩하는 증분 색인이 필수적이다. "
    "이를 위해 chunk 텍스트의 해시를 캐시 키로 쓰면 내용이 같은 chunk는 다시 계산하지 않아도 된다. "
    "임베딩 모델을 바꾸면 기존 벡터와 호환되지 않으므로 색인 전체를 다시 만들어야 한다는 점도 기억해야 한다. "
    "마지막으로 응답 속도를 위해 자주 묻는 질문의 검색 결과를 캐시해 두는 방법도 있다. "
    "다만 캐시는 문서가 갱신될 때 함께 무효화해야 오래된 답을 주지 않는다."
)

KOREAN_PROSE = f"""\
# 검색 증강 생성(RAG) 정리
## 배경
LLM은 학습 시점 이후의 지식을 알지 못함.  
또한 hallucination 때문에 사실과 다른 답을 그럴듯하게 만들어 낼 수 있음.  
RAG는 외부 문서를 검색해 프롬프트에 넣어 주는 방식으로 이 문제를 완화한다.  

## 구성 요소
### Retriever
#### Sparse retrieval
BM25는 단어 빈도와 문서 길이를 이용하는 전통적인 방법임.  
한국어에서는 형태소 분석기로 조사를 떼어 내야 성능이 제대로 나옴.  

#### Dense retrieval
질문과 문서를 각각 embedding으로 바꾼 뒤 cosine similarity로 가까운 문서를 찾음.  
multilingual-e5 같은 모델은 한국어와 영어를 같은 공간에 매핑함.  

##### 1. Bi-encoder
- 질문과 문서를 따로 encoding하므로 문서 embedding을 미리 계산해 둘 수 있음.  
- 대신 질문과 문서 사이의 세밀한 상호작용은 놓치기 쉬움.  

##### 2. Cross-encoder re-ranking
- 질문과 문서를 한 입력으로 넣어 점수를 계산함.  
- 정확하지만 후보마다 모델을 돌려야 해서 느림.  

### Generator
{_LONG_PARAGRAPH}

## 정리
Sparse와 dense를 섞는 hybrid 검색이 대체로 가장 안정적이었다.
"""

README_WITH_DETAILS = """\
---
title: 연구 노트 저장소
tags: [llm, notes]
---
# research-log

LLM 관련 실험과 논문 리뷰를 기록하는 저장소입니다. 정리가 덜 된 메모도 함께 올립니다.

ENG
<details>

This repository keeps my experiment logs and paper reviews about large language models. Some notes are unfinished drafts, so expect rough edges.

Topics covered:
- Evaluation of instruction-tuned models on Korean benchmarks such as KoBEST.
- How tokenizers change the length of Korean text, and what that costs at inference time.
</details>

## 실행 예시

```bash
python eval.py --model llama-3-8b --task kobest_boolq
# 결과는 results/ 아래에 저장됨
```

## 디렉터리
- `papers/`: 논문 리뷰
- `experiments/`: 실험 로그
"""

PLAIN_TEXT = """\
Reading log, week 12

Finished the Mixtral paper today. The sparse mixture of experts routes each token to two of eight experts, so only a fraction of the parameters is active for any token. Quality is close to a dense model with far more active parameters.

Open question: how does expert routing behave on Korean text? The paper only reports English and a few European languages.

Next week I want to read the DeepSeek-MoE report and compare fine-grained experts with the Mixtral design. See https://arxiv.org/abs/2401.06066 for the paper.
"""

#: name -> (text, format)
FIXTURES: dict[str, tuple[str, str]] = {
    "link_archive.md": (LINK_ARCHIVE, "markdown"),
    "syllabus_table.md": (SYLLABUS_TABLE, "markdown"),
    "korean_prose.md": (KOREAN_PROSE, "markdown"),
    "readme_with_details.md": (README_WITH_DETAILS, "markdown"),
    "reading_log.txt": (PLAIN_TEXT, "text"),
}

_WORD = re.compile(r"\w+")


def fixture_doc(name: str) -> Document:
    """Load a fixture the way a file on disk is loaded (format detection, front matter)."""
    data = FIXTURES[name][0].encode("utf-8")
    path = Path("/notes") / name
    return loader_for(path, data).load(path, data)


def doc_of(text: str, fmt: str = "markdown", source: str = "note.md") -> Document:
    """A one-section document (no front matter handling: use the loader for that)."""
    return Document(source=source, title="t", format=fmt, sections=(Section(text=text),))  # type: ignore[arg-type]


def assert_lines_cover(chunk: Chunk, source_text: str) -> None:
    """The original lines line_start..line_end contain the chunk's first and last words."""
    loc = chunk.location
    assert loc.line_start is not None and loc.line_end is not None
    lines = source_text.split("\n")
    assert 1 <= loc.line_start <= loc.line_end <= len(lines)
    span = "\n".join(lines[loc.line_start - 1 : loc.line_end])
    words = _WORD.findall(chunk.text)
    assert words, chunk.text
    assert words[0] in span, (words[0], loc, chunk.text[:80])
    assert words[-1] in span, (words[-1], loc, chunk.text[-80:])


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_fixture_chunks_respect_the_contract(name: str) -> None:
    text, fmt = FIXTURES[name]
    cfg = ChunkingConfig()
    doc = fixture_doc(name)
    assert doc.format == fmt
    chunks = chunk_document(doc, cfg)
    assert chunks
    assert [c.ordinal for c in chunks] == list(range(len(chunks)))
    for c in chunks:
        assert c.text.strip() == c.text and c.text
        assert len(c.text) <= cfg.max_chars
        assert len(c.content_hash) == 64
        assert "<details" not in c.text and "</summary>" not in c.text and "<br>" not in c.text
        assert_lines_cover(c, text)
    # Chunks follow the document order.
    starts = [c.location.line_start or 0 for c in chunks]
    assert starts == sorted(starts)


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_fixture_chunks_cover_all_content_lines(name: str) -> None:
    """Every line with words (other than headings, tags and front matter) is in a chunk."""
    text, _ = FIXTURES[name]
    chunks = chunk_document(fixture_doc(name))
    covered: set[int] = set()
    for c in chunks:
        assert c.location.line_start is not None and c.location.line_end is not None
        covered.update(range(c.location.line_start, c.location.line_end + 1))
    in_front_matter = text.startswith("---\n")
    for no, line in enumerate(text.split("\n"), start=1):
        s = line.strip()
        if in_front_matter:
            if no > 1 and s == "---":
                in_front_matter = False
            continue
        if not _WORD.search(s) or s.startswith("#") or s.startswith("<") or s.startswith("```"):
            continue
        assert no in covered, (name, no, line)
