"""Runner pieces that need no model: trec runs, notes matching, argument checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from notelens import Engine
from notelens.errors import ConfigError
from notelens.evaluate.api import evaluate
from notelens.evaluate.metrics import ndcg_at_k, recall_at_k
from notelens.evaluate.runner import NotesMatcher

pytestmark = pytest.mark.unit


def test_trec_runs_are_scored_without_an_index(tmp_path: Path) -> None:
    qrels = tmp_path / "qrels"
    qrels.write_text("q1 0 a 1\nq1 0 b 2\nq2 0 c 1\nq3 0 z 0\n", encoding="utf-8")
    run = tmp_path / "run"
    run.write_text(
        "q1 Q0 b 1 9 bm25\nq1 Q0 x 2 8 bm25\nq1 Q0 a 3 7 bm25\n"
        "q1 Q0 a 1 9 dense\nq2 Q0 c 1 5 dense\n",
        encoding="utf-8",
    )
    engine = Engine(tmp_path / "no-index")  # never opened: trec needs no index
    result = evaluate(engine, f"trec:{run}", qrels=qrels, ks=[1, 10])
    assert set(result.modes) == {"bm25", "dense"}
    bm25 = result.modes["bm25"]
    assert [q.qid for q in bm25.queries] == ["q1", "q2"]  # q3 has nothing relevant
    q1 = bm25.queries[0]
    assert q1.metrics["nDCG@10"] == pytest.approx(ndcg_at_k(["b", "x", "a"], {"a": 1, "b": 2}, 10))
    # A query missing from a run scores zero rather than being dropped.
    assert bm25.queries[1].metrics["Recall@10"] == 0.0
    assert result.modes["dense"].metrics["Recall@1"] == pytest.approx(
        (recall_at_k(["a"], {"a": 1, "b": 2}, 1) + 1.0) / 2
    )
    assert not (tmp_path / "no-index").exists()


def test_notes_matcher_paths_and_quotes() -> None:
    m = NotesMatcher(["papers/lora.md", "저랭크  행렬 A,\nB만 학습", "/abs/notes/x.txt"])
    assert m.unit("/home/u/notes/papers/lora.md", "", "c1") == "rel:0"
    # Suffix at a /; judgments that name notes key every other note by its path, so
    # each note is one unit whether it is gold or not (``--by doc`` pools them alike).
    assert m.unit("/home/u/notes/otherpapers/lora.md", "", "c1") == (
        "note:/home/u/notes/otherpapers/lora.md"
    )
    assert m.unit("C:\\notes\\papers\\lora.md", "", "c2") == "rel:0"
    text = "LoRA는 가중치를 고정하고 저랭크 행렬 A, B만 학습한다."
    assert m.unit("/n/other.md", text, "c3") == "rel:1"  # whitespace-insensitive quote
    assert m.unit("/abs/notes/x.txt", "", "c4") == "rel:2"
    assert m.unit("/n/other.md", "nothing here", "c5") == "note:/n/other.md"
    assert m.unit("/n/other.md", "still nothing", "c6") == "note:/n/other.md"
    # English quotes ignore case; judgments by quote only rank chunks.
    quotes = NotesMatcher(["Grouped-Query attention", "KV 캐시를 공유한다"])
    assert quotes.unit("/n/a.md", "grouped-query ATTENTION x", "c") == "rel:0"
    assert quotes.unit("/n/a.md", "무관한 문장", "c7") == "chunk:c7"
    assert quotes.unit("/n/a.md", "another one", "c8") == "chunk:c8"


def test_bad_arguments(tmp_path: Path) -> None:
    engine = Engine(tmp_path / "idx")
    qrels = tmp_path / "qrels"
    qrels.write_text("q1 0 a 1\n", encoding="utf-8")
    run = tmp_path / "run"
    run.write_text("q1 Q0 a 1 1 s\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="between 1 and 1000"):
        evaluate(engine, f"trec:{run}", qrels=qrels, ks=[0])
    with pytest.raises(ConfigError, match="unknown mode"):
        evaluate(engine, f"trec:{run}", qrels=qrels, modes=["sparse"])
