"""A term written in few notes (issues #15 / #22, seventeenth round): when the BM25 leg
holds every passage with the asked term, all of them lead the hybrid order, not only the
first. Before, z-score fusion gave the leg's last passage the lowest z of the leg, which
every passage without the term also gets, and passages the dense leg liked (other
definitions, other glossary lines) passed it. In an index this small e5 itself puts the
two passages first, so the failure is shown in tests/unit/test_fusion_floor.py; here
``absent_floor="one"`` (opt-in) keeps them first on a real index, in Korean and English."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from note_files import write_notes
from notelens import Engine
from notelens.config import FusionConfig, RerankConfig, Settings

pytestmark = pytest.mark.integration

# QMR is written in two notes only: a busy weekly log that names it in passing (short:
# BM25's first) and a glossary that defines it among other terms (longer: second).
NOTES = {
    "weekly.md": "# 주간 기록 11월 둘째 주\n\n- QMR 실험은 다음 주로 미룸\n- 서버 점검 화요일\n",
    "glossary.md": "# 용어집\n\n"
    "- 체크포인트 평균: 마지막 몇 개 체크포인트의 가중치를 평균 내는 방법\n"
    "- QMR (quantile margin reward): 답의 점수 분포에서 분위수 간격을 보상으로 쓰는 방법\n"
    "- 워밍업: 학습 초반에 학습률을 천천히 올리는 구간\n"
    "- label smoothing: 정답 라벨 확률을 1보다 조금 낮추는 정규화\n"
    "- gradient clipping: 기울기 노름이 기준을 넘으면 잘라 내는 것\n"
    "- 혼합 정밀도: fp16과 fp32를 섞어 학습 메모리를 줄이는 방법\n"
    "- 데이터 중복 제거: 학습 데이터에서 거의 같은 문서를 지우는 전처리\n"
    "- early stopping: 검증 손실이 나빠지기 시작하면 학습을 멈추는 것\n",
    "defs-a.md": "# 보상 모델이란\n\n보상 모델은 응답 두 개 중 사람이 고른 쪽에 높은 점수를 주도록"
    " 학습한 모델이다. A reward model scores a response.\n",
    "defs-b.md": "# 정규화 기법 정리\n\nDropout은 학습 중 뉴런 일부를 무작위로 끄는 방법이다."
    " Weight decay shrinks the weights a little every step.\n",
    "defs-c.md": "# What is a margin loss?\n\nA margin loss asks the chosen answer to score"
    " higher than the rejected one by at least a fixed margin.\n",
    "defs-d.md": "# 분위수 회귀\n\n분위수 회귀는 평균 대신 특정 분위수를 예측하도록 학습하는"
    " 회귀 방법이다.\n",
    "defs-e.md": "# Reward shaping notes\n\nReward shaping adds intermediate rewards so"
    " that the policy gets a signal before the final answer.\n",
    "defs-f.md": "# 지식 증류란?\n\n지식 증류는 큰 모델의 출력 분포를 작은 모델이 따라 하도록"
    " 학습하는 방법이다.\n",
    "defs-g.md": "# 양자화란?\n\n양자화는 가중치를 더 적은 비트로 표현해 메모리를 줄이는"
    " 방법이다.\n",
    "defs-h.md": "# What is curriculum learning?\n\nCurriculum learning orders the training"
    " examples from easy to hard.\n",
    "defs-i.md": "# 앙상블이란?\n\n앙상블은 여러 모델의 예측을 평균 내거나 투표로 합치는"
    " 방법이다.\n",
}
HOLDERS = {"weekly.md", "glossary.md"}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, make_engine: Callable[..., Engine]) -> Path:
    work = tmp_path_factory.mktemp("short-legs")
    notes = write_notes(work / "notes", NOTES)
    assert make_engine(work / "index").index([notes]).ok
    return work / "index"


def _top(make_engine: Callable[..., Engine], index: Path, query: str, floor: str) -> set[str]:
    settings = replace(
        Settings(index_dir=index),
        fusion=FusionConfig(absent_floor=floor),
        rerank=RerankConfig("identity"),  # the fused order, as ask reads its evidence
    )
    hits = make_engine(settings=settings).search(query, k=2)
    return {Path(h.source).name for h in hits}


@pytest.mark.parametrize("query", ["QMR이 뭐야?", "QMR 뜻", "What is QMR?"])
def test_every_passage_with_a_rare_term_leads(
    index: Path, make_engine: Callable[..., Engine], query: str
) -> None:
    assert _top(make_engine, index, query, "one") == HOLDERS
