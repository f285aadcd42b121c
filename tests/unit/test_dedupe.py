"""Duplicate passages fold into one hit (``also_in``): exact copies, near-identical
copies (a word edited), and never two different passages, in Korean and English."""

from __future__ import annotations

import pytest

from notelens.retrieve.dedupe import collapse, normalise
from notelens.types import Hit, Location

pytestmark = pytest.mark.unit

KO = (
    "LoRA는 사전학습 가중치를 고정하고 가중치 업데이트를 저랭크 행렬 A, B의 곱으로 분해해 "
    "학습한다. 그래서 trainable parameter 수가 전체 fine-tuning의 1% 미만으로 줄어든다."
)
EN = (
    "Grouped-query attention splits the query heads into groups; each group shares one "
    "key/value head, so the KV cache shrinks by the group size."
)


def _hit(i: int, text: str, source: str) -> Hit:
    return Hit(
        rank=i,
        score=1.0 / i,
        chunk_id=f"c{i}",
        source=source,
        title="",
        heading="H",
        text=text,
        location=Location(i, i + 1, None),
        lang="ko",
    )


def test_exact_and_near_copies_fold_into_the_first() -> None:
    hits = [
        _hit(1, KO, "/n/lora.md"),
        _hit(2, EN, "/n/gqa.md"),
        _hit(3, "  " + KO.replace(" ", "\n", 3).upper(), "/n/copy.md"),  # case/space only
        _hit(4, KO.replace("1% 미만으로", "1% 이하로"), "/n/draft.md"),  # one word edited
        _hit(5, EN, "/n/archive/gqa.md"),
    ]
    out = collapse(hits)
    assert [h.chunk_id for h in out] == ["c1", "c2"]
    assert [h.rank for h in out] == [1, 2]
    assert [a.source for a in out[0].also_in] == ["/n/copy.md", "/n/draft.md"]
    assert [a.chunk_id for a in out[1].also_in] == ["c5"]
    assert out[0].to_dict()["also_in"][1]["location"] == {
        "line_start": 4,
        "line_end": 5,
        "page": None,
        "part": None,
    }


def test_different_passages_on_one_topic_stay_apart() -> None:
    other_ko = (
        "QLoRA는 4비트로 양자화한 기반 모델 위에 LoRA 어댑터를 학습해 메모리를 더 줄인다. "
        "paged optimizer로 메모리 스파이크도 막는다."
    )
    half = KO[: len(KO) // 2]  # a chunk and its own first half: lengths too far apart
    out = collapse([_hit(1, KO, "/a"), _hit(2, other_ko, "/b"), _hit(3, half, "/c")])
    assert len(out) == 3 and all(not h.also_in for h in out)
    # short texts fold only when equal
    assert len(collapse([_hit(1, "GQA", "/a"), _hit(2, "MQA", "/b")])) == 2
    assert len(collapse([_hit(1, "GQA", "/a"), _hit(2, "gqa", "/b")])) == 1


def test_the_fold_of_a_longer_list_starts_with_the_fold_of_its_head() -> None:
    texts = [KO, EN, KO, EN + " 추가", "다른 문단 하나.", KO + " ", "FlashAttention tiles."]
    hits = [_hit(i, t, f"/n/{i}.md") for i, t in enumerate(texts, start=1)]
    full = [h.chunk_id for h in collapse(hits)]
    for n in range(1, len(hits)):
        head = [h.chunk_id for h in collapse(hits[:n])]
        assert full[: len(head)] == head


def test_normalise() -> None:
    assert normalise("  ＬｏＲＡ\u3000가중치\n\tUPDATE ") == "lora 가중치 update"


def test_near_copies_with_other_numbers_stay_apart() -> None:
    """A template line filled with other numbers (another week, rank, score) is another
    fact, Korean and English alike; the same numbers with a word edited still fold."""
    week3 = "3주차 발표: LoRA 논문, 발표자 김민수. trainable parameter가 10,000배 줄어든다는 결과를 정리."
    week4 = week3.replace("3주차", "4주차")
    ten_x = week3.replace("10,000배", "3배")
    edited = week3.replace("정리.", "요약.")
    out = collapse([_hit(1, week3, "/a"), _hit(2, week4, "/b"), _hit(3, ten_x, "/c")])
    assert len(out) == 3 and all(not h.also_in for h in out)
    folded = collapse([_hit(1, week3, "/a"), _hit(2, edited, "/d")])
    assert len(folded) == 1 and [a.source for a in folded[0].also_in] == ["/d"]
    en = "Marker v2-file0-section2. This paragraph discusses adapter rank 2 in detail."
    swapped = "Marker v2-file2-section0. This paragraph discusses adapter rank 2 in detail."
    assert len(collapse([_hit(1, en, "/e"), _hit(2, swapped, "/f")])) == 2
