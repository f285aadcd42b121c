"""Document-level scoring (issue #22 item 3): chunk scores folded per document."""

from __future__ import annotations

import pytest

from notelens.retrieve.aggregate import DocScoring, aggregate, note_depth, notes_of
from notelens.types import Hit, Location

pytestmark = pytest.mark.unit


def test_share_zero_is_ranking_by_best_chunk() -> None:
    items = [("a", 9.0), ("b", 8.0), ("a", 7.0), ("c", 6.0), ("b", 5.0)]
    groups = aggregate(items, DocScoring(share=0.0))
    assert [g.key for g in groups] == ["a", "b", "c"]  # first occurrence order
    assert groups[0].members == (0, 2) and groups[1].members == (1, 4)


def test_a_document_with_several_good_chunks_overtakes_one_mention() -> None:
    # "b" has the best chunk by a hair, "a" answers in three places.
    items = [("b", 10.0), ("a", 9.9), ("a", 9.5), ("a", 9.0), ("c", 0.0)]
    assert [g.key for g in aggregate(items, DocScoring(share=0.0))][:2] == ["b", "a"]
    groups = aggregate(items, DocScoring(share=0.1, extra=2))
    assert [g.key for g in groups] == ["a", "b", "c"]
    top = groups[0]
    # normalised: 9.9/10, 9.5/10, 9.0/10 -> 0.99 + 0.1 * (0.95 + 0.9)
    assert top.score == pytest.approx(0.99 + 0.1 * 1.85)
    # extra caps how many further chunks count
    many = [("x", 1.0)] + [("y", 0.9)] * 10
    assert aggregate(many, DocScoring(share=0.1, extra=1))[0].key == "x"


def test_scale_free_and_negative_scores() -> None:
    """Fused z-scores are negative below the mean: normalising first means a further
    chunk never lowers a document's score, and any affine rescaling keeps the order."""
    raw = [("a", 1.2), ("b", 1.1), ("b", -1.0), ("c", -1.5), ("a", -1.4)]
    keys = [g.key for g in aggregate(raw)]
    shifted = [(k, 3.0 * s + 100.0) for k, s in raw]
    assert [g.key for g in aggregate(shifted)] == keys
    for g in aggregate(raw):
        assert g.score >= 0.0
    assert aggregate([]) == []
    assert aggregate([("a", 5.0), ("b", 5.0)])[0].key == "a"  # ties: list order


def test_bad_scoring() -> None:
    with pytest.raises(ValueError):
        DocScoring(share=1.5)
    with pytest.raises(ValueError):
        DocScoring(extra=-1)


def _hit(rank: int, source: str, score: float, text: str) -> Hit:
    return Hit(
        rank=rank,
        score=score,
        chunk_id=f"{source}#{rank}",
        source=source,
        title=source.rsplit("/", 1)[-1],
        heading="",
        text=text,
        location=Location(),
        lang="ko",
    )


def test_notes_of_groups_hits_per_note() -> None:
    hits = [
        _hit(1, "/n/lora.md", 3.0, "LoRA는 저랭크 행렬만 학습한다"),
        _hit(2, "/n/qlora.md", 2.9, "QLoRA는 4-bit로 양자화한다"),
        _hit(3, "/n/lora.md", 2.5, "LoRA의 r 값은 8~16"),
        _hit(4, "/n/lora.md", 2.4, "alpha/r scaling"),
        _hit(5, "/n/lora.md", 2.3, "네 번째 청크"),
        _hit(6, "/n/other.md", 0.1, "무관한 문단"),
    ]
    notes = notes_of(hits, 2, per_note=2)
    assert [n.source for n in notes] == ["/n/lora.md", "/n/qlora.md"]
    assert [n.rank for n in notes] == [1, 2]
    assert [h.text for h in notes[0].hits] == [hits[0].text, hits[2].text]
    assert [h.rank for h in notes[0].hits] == [1, 2]  # renumbered inside the note
    d = notes[0].to_dict()
    assert set(d) == {"rank", "score", "source", "title", "hits"}
    assert d["title"] == "lora.md" and len(d["hits"]) == 2
    assert note_depth(5, 3, 1000) == 100 and note_depth(50, 3, 1000) == 150
    assert note_depth(500, 3, 1000) == 1000


class _ChunkEngine:
    """Plumbing stand-in for an engine: a fixed ranked chunk list per query."""

    def __init__(self, lists: dict[str, list[Hit]]) -> None:
        self.lists = lists

    def search(self, query: str, k: int, mode: str) -> list[Hit]:
        return self.lists.get(query, [])[:k]


def test_eval_run_mode_by_doc() -> None:
    """``eval --by doc``: the run is the documents ordered by aggregated score, so a
    document with several strong chunks beats one with a single slightly better chunk."""
    from pathlib import Path

    from notelens.evaluate.datasets.base import EvalDataset
    from notelens.evaluate.runner import run_mode
    from notelens.progress import NullProgress

    q = "LoRA는 파라미터를 얼마나 줄이나"
    hits = [
        _hit(1, "/c/d1.txt", 10.0, "LoRA 언급 하나"),
        _hit(2, "/c/d2.txt", 9.9, "LoRA는 trainable parameter를 줄인다"),
        _hit(3, "/c/d2.txt", 9.6, "GPT-3 175B 대비 10,000배"),
        _hit(4, "/c/d2.txt", 9.5, "GPU memory 3배 절감"),
        _hit(5, "/c/d3.txt", 1.0, "무관"),
    ]
    ds = EvalDataset(
        name="t", format="beir", path=Path("t"), queries={"q1": q}, qrels={"q1": {"d2": 1.0}}
    )
    engine = _ChunkEngine({q: hits})

    def unit_of(qid: str, hit: Hit) -> str:
        return Path(hit.source).stem

    by_chunk = run_mode(engine, ds, "hybrid", [1, 5], unit_of, NullProgress())  # type: ignore[arg-type]
    by_doc = run_mode(
        engine,  # type: ignore[arg-type]
        ds,
        "hybrid",
        [1, 5],
        unit_of,
        NullProgress(),
        DocScoring(share=0.1, extra=2),
    )
    assert by_chunk.queries[0].retrieved == ["d1", "d2", "d3"]
    assert by_doc.queries[0].retrieved == ["d2", "d1", "d3"]
    assert by_chunk.metrics["Hit@1"] == 0.0 and by_doc.metrics["Hit@1"] == 1.0


def test_eval_by_is_checked() -> None:
    from notelens.errors import ConfigError
    from notelens.evaluate.api import EVAL_UNITS, evaluate

    assert EVAL_UNITS == ("chunk", "doc")
    with pytest.raises(ConfigError) as info:
        evaluate(_ChunkEngine({}), "beir:/nowhere", by="page")  # type: ignore[arg-type]
    assert "--by" in str(info.value) and info.value.hint
