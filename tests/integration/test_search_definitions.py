"""A "what is X" question reads the passage that defines X first, on a real index
(issue #15, twentieth round; ``FusionConfig.definition_depth``, retrieve/defining.py).

The notes are written for this test: a long glossary (a table of many terms, one of them
asked) and a bullet glossary, and run logs and meeting notes that use the same terms
beside settings and numbers, so that fused, the passages that use a term outrank the
long glossary that defines it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from fused_search import fused_hits
from note_files import write_notes
from notelens import Engine

pytestmark = pytest.mark.integration

_TERMS = [
    ("SwiGLU", "gate를 곱해 주는 FFN 활성화 함수"),
    ("RMSNorm", "평균을 빼지 않고 제곱평균으로만 나누는 정규화"),
    ("MLA", "key/value를 작은 latent 벡터로 압축해 캐시하는 attention"),
    ("Warmup", "학습 초반에 learning rate를 0에서 천천히 올리는 구간"),
    ("Top-p", "누적 확률이 p가 될 때까지의 토큰 중에서만 샘플링하는 디코딩"),
    ("Pass@k", "k개를 뽑았을 때 하나라도 테스트를 통과할 확률"),
    ("Tail latency", "가장 느린 요청들의 지연 시간, 보통 p99로 봄"),
    ("Cooldown", "학습 마지막에 learning rate를 0 근처로 내리는 구간"),
]
_GLOSSARY = (
    "# 용어집\n\n## 표\n\n| 용어 | 뜻 | 처음 나온 곳 |\n| --- | --- | --- |\n"
    + "".join(f"| {t} | {d} | {i + 2}주차 |\n" for i, (t, d) in enumerate(_TERMS))
    + "\n## 한 줄 정의\n\n"
    + "- **Speculative sampling**: 작은 draft 모델이 제안한 토큰을 큰 모델이 한 번에 검증\n"
    + "- **Prefix caching**: 같은 앞부분의 KV cache를 요청끼리 재사용하는 것\n"
)
_USES = {
    f"runs/run-{n}.md": (
        f"# Run {n}\n\n## 설정\n\n- MLA rank {128 * n}, RoPE dim 64\n"
        f"- MLA latent 차원 {256 * n}, SwiGLU FFN\n- warmup {500 * n} step, top-p 0.9\n\n"
        f"## 결과\n\n- MLA 켜면 KV cache {n}배 감소\n- Speculative sampling 켜면 {n}.4배 빨라짐\n"
    )
    for n in range(1, 7)
}
NOTES = {"glossary.md": _GLOSSARY, **_USES}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, make_engine: Callable[..., Engine]) -> Path:
    work = tmp_path_factory.mktemp("definitions")
    notes = write_notes(work / "notes", NOTES)
    assert make_engine(work / "index").index([notes]).ok
    return work / "index"


@pytest.mark.parametrize(
    ("query", "line"),
    [
        ("MLA란?", "latent 벡터로 압축해 캐시"),
        ("MLA 뭐임", "latent 벡터로 압축해 캐시"),
        ("What is MLA?", "latent 벡터로 압축해 캐시"),
        ("Speculative sampling?", "한 번에 검증"),
    ],
)
def test_the_defining_passage_leads(
    make_engine: Callable[..., Engine], index: Path, query: str, line: str
) -> None:
    hits = fused_hits(make_engine, index, query)
    assert line in hits[0].text, [h.heading for h in hits]
    # fused alone, the run logs that use the term lead
    off = fused_hits(make_engine, index, query, definition_depth=0)
    assert line not in off[0].text, [h.heading for h in off]


@pytest.mark.parametrize("query", ["MLA rank 몇으로 했어?", "run 3에서 warmup은 몇 step?"])
def test_other_questions_keep_the_fused_order(
    make_engine: Callable[..., Engine], index: Path, query: str
) -> None:
    on = [h.chunk_id for h in fused_hits(make_engine, index, query)]
    off = [h.chunk_id for h in fused_hits(make_engine, index, query, definition_depth=0)]
    assert on == off
