"""End to end on the real analyzer, the real embedding model and real LanceDB.

The corpus is examples/notes (written for this repo) plus small files made here.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from contracts import HIT_KEYS
from notelens import Engine, FileStatus
from notelens.errors import (
    ConfigError,
    IndexLockedError,
    IndexMismatchError,
    IndexNotFoundError,
    SearchError,
)
from notelens.index.layout import IndexLayout

if TYPE_CHECKING:
    from conftest import ExampleIndex

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "notes"
QUERIES = ROOT / "examples" / "queries.jsonl"


@pytest.fixture(scope="module")
def indexed(
    example_index: ExampleIndex, open_example: Callable[..., Engine]
) -> tuple[Engine, Path]:
    # The session's examples/notes index (conftest.py), read only.
    report = example_index.report
    assert report.ok
    assert report.count(FileStatus.INDEXED) == len(list(EXAMPLES.rglob("*.*")))
    return open_example(), example_index.notes


def _rel(hit_source: str, notes: Path) -> str:
    return "examples/notes/" + str(Path(hit_source).relative_to(notes.resolve()))


def _queries() -> list[dict[str, object]]:
    return [json.loads(line) for line in QUERIES.read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.parametrize("mode", ["bm25", "dense", "hybrid"])
def test_example_questions_find_their_note(indexed: tuple[Engine, Path], mode: str) -> None:
    """Recall@5 (file level) over examples/queries.jsonl, per language."""
    engine, notes = indexed
    found: dict[str, list[bool]] = {}
    for q in _queries():
        hits = engine.search(str(q["query"]), k=5, mode=mode)
        files = {_rel(h.source, notes) for h in hits}
        found.setdefault(str(q["lang"]), []).append(bool(files & set(q["relevant"])))  # type: ignore[arg-type]
    recall = {lang: sum(v) / len(v) for lang, v in found.items()}
    floor = {"bm25": 0.8, "dense": 0.7, "hybrid": 0.9}[mode]
    assert all(r >= floor for r in recall.values()), recall


def test_korean_and_english_top_hits(indexed: tuple[Engine, Path]) -> None:
    engine, notes = indexed
    ko = engine.search("GQA는 MQA와 무엇이 다른가", k=3)
    assert _rel(ko[0].source, notes) == "examples/notes/papers/attention-variants.txt"
    assert {"gqa", "mqa"} <= set(ko[0].explanation.matched_terms)
    en = engine.search("how does LoRA cut trainable parameters", k=3)
    assert _rel(en[0].source, notes) == "examples/notes/papers/efficient-finetuning.md"
    mixed = engine.search("LoRA는 trainable parameter를 얼마나 줄이나", k=3)
    assert any(_rel(h.source, notes).endswith("efficient-finetuning.md") for h in mixed)


def test_hits_carry_structure_and_explanations(indexed: tuple[Engine, Path]) -> None:
    engine, notes = indexed
    hits = engine.search("스터디에서 DPO 논문은 누가 발표했지?", k=5)
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert all(hits[i].score >= hits[i + 1].score for i in range(len(hits) - 1))
    assert _rel(hits[0].source, notes).endswith("study/syllabus-2024.md")
    # The passage naming DPO is among the hits, and its line range points at it on disk.
    top = next(h for h in hits if "DPO" in h.text)
    assert top.location.line_start is not None and top.location.line_end is not None
    lines = (notes / Path(top.source).relative_to(notes.resolve())).read_text().splitlines()
    span = "\n".join(lines[top.location.line_start - 1 : top.location.line_end])
    assert "DPO" in span
    e = top.explanation
    assert e.bm25_rank is not None or e.dense_rank is not None
    d = top.to_dict()
    assert set(d) == HIT_KEYS
    assert set(d["location"]) == {"line_start", "line_end", "page", "part"}


def test_filters(indexed: tuple[Engine, Path]) -> None:
    engine, _ = indexed
    hits = engine.search("LoRA", k=10, source="*/papers/*")
    assert hits and all("/papers/" in h.source for h in hits)
    ko = engine.search("retrieval", k=10, lang="ko")
    assert ko and all(h.lang == "ko" for h in ko)


def test_bad_queries(indexed: tuple[Engine, Path]) -> None:
    engine, _ = indexed
    with pytest.raises(SearchError):
        engine.search("   ")
    with pytest.raises(SearchError):
        engine.search("lora", mode="magic")
    with pytest.raises(SearchError):
        engine.search("lora", k=0)
    # Only particles: no BM25 terms, dense still answers.
    assert engine.search("은는이가", k=3, mode="hybrid") is not None


def test_incremental_runs(tmp_path: Path, make_engine: Callable[..., Engine]) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text(
        "# 어텐션\n\n## GQA\nGQA는 query head를 그룹으로 묶어 KV head를 공유한다.\n\n"
        "## MQA\nMQA는 모든 head가 하나의 KV head를 공유한다.\n",
        encoding="utf-8",
    )
    (notes / "b.md").write_text("# LoRA\n\nLoRA freezes the base weights.\n", encoding="utf-8")
    engine = make_engine(tmp_path / "index")
    first = engine.index([notes])
    assert first.count(FileStatus.INDEXED) == 2 and first.chunks_embedded > 0

    again = engine.index([notes])
    assert again.count(FileStatus.UNCHANGED) == 2
    assert again.chunks_embedded == 0

    # A search opens the index; later runs catch that open store up (same table) rather
    # than replacing it, and the very next search sees their changes.
    assert engine.search("LoRA freezes", k=1)[0].source.endswith("b.md")
    searcher = engine._get_searcher()

    # Edit one section of a: only a is re-indexed; its unchanged section's vector is reused.
    text = (notes / "a.md").read_text(encoding="utf-8")
    (notes / "a.md").write_text(
        text.replace("공유한다.\n\n## MQA", "공유한다. 메모리를 줄인다.\n\n## MQA"),
        encoding="utf-8",
    )
    edit = engine.index([notes])
    assert edit.count(FileStatus.INDEXED) == 1 and edit.count(FileStatus.UNCHANGED) == 1
    assert edit.chunks_reused >= 1
    assert "메모리" in engine.search("메모리를 줄이는 GQA", k=1, mode="bm25")[0].text
    assert "메모리" in engine.search("메모리를 줄이는 GQA", k=1, mode="dense")[0].text
    assert engine._get_searcher() is searcher

    # Delete b: it leaves the index; re-running with no paths uses the recorded roots.
    (notes / "b.md").unlink()
    removed = engine.index()
    assert [f.status for f in removed.files if f.path.endswith("b.md")] == [FileStatus.REMOVED]
    assert all(not h.source.endswith("b.md") for h in engine.search("LoRA freezes", k=5))
    assert engine._get_searcher() is searcher


def test_missing_root_removes_nothing(tmp_path: Path, make_engine: Callable[..., Engine]) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("# T\n\nLoRA adapters are small.\n", encoding="utf-8")
    engine = make_engine(tmp_path / "index")
    engine.index([notes])
    shutil.rmtree(notes)
    report = engine.index([notes])
    assert not report.ok
    assert [f.status for f in report.files] == [FileStatus.SKIPPED]
    assert engine.status().chunks == 1
    assert "--forget" in report.files[0].reason  # the skip names the way out


def test_a_moved_folder_is_forgotten_with_its_notes(
    tmp_path: Path, make_engine: Callable[..., Engine]
) -> None:
    """``index NEW --forget OLD``: the moved folder's old rows leave, the other folder stays."""
    old, other = tmp_path / "old", tmp_path / "other"
    old.mkdir()
    other.mkdir()
    (old / "lora.md").write_text(
        "# LoRA\n\nLoRA를 쓰면 학습 파라미터 수가 줄어든다.\n", encoding="utf-8"
    )
    (other / "gqa.md").write_text(
        "# GQA\n\nGQA shares KV heads across query groups.\n", encoding="utf-8"
    )
    engine = make_engine(tmp_path / "index")
    engine.index([old, other])
    moved = tmp_path / "moved"
    old.rename(moved)

    # A typo is reported and not recorded, and forgetting it is an error, not a no-op.
    typo = engine.index([tmp_path / "typo"])
    assert not typo.ok
    assert all("--forget" not in f.reason for f in typo.files if f.path.endswith("typo"))
    with pytest.raises(ConfigError, match="not one of the index's folders"):
        engine.index(forget=[tmp_path / "typo"])
    report = engine.index([moved], forget=[old])
    assert {(Path(f.path).name, f.status) for f in report.files} >= {
        ("lora.md", FileStatus.INDEXED),
        ("lora.md", FileStatus.REMOVED),
    }
    sources = {h.source for h in engine.search("LoRA 파라미터", k=5)}
    assert any(s.startswith(str(moved)) for s in sources)
    assert not any(s.startswith(str(old)) for s in sources)
    assert set(engine.status().roots) == {str(moved), str(other)}

    # Forgetting every folder leaves an empty index, not an error.
    engine.index(forget=[moved, other])
    assert engine.status().chunks == 0


def test_no_index_and_mismatch_and_lock(tmp_path: Path, make_engine: Callable[..., Engine]) -> None:
    engine = make_engine(tmp_path / "none")
    with pytest.raises(IndexNotFoundError):
        engine.search("lora")
    assert not engine.status().exists

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("# T\n\nLoRA adapters are small.\n", encoding="utf-8")
    idx = tmp_path / "index"
    make_engine(idx).index([notes])
    layout = IndexLayout(idx)
    meta = layout.read_meta()
    assert meta is not None
    layout.write_meta(meta.with_update(analyzer="kiwi-0.0+rules-0"))
    fresh = make_engine(idx)
    with pytest.raises(IndexMismatchError) as err:
        fresh.search("lora")
    assert "notelens index" in str(err.value)
    st = fresh.status()
    assert st.exists and not st.compatible and "analyzer" in st.problem
    # `notelens index` (no paths) rebuilds from the recorded folders and heals it.
    report = fresh.index()
    assert report.count(FileStatus.INDEXED) == 1
    assert fresh.search("lora", k=1)

    with layout.write_lock(), pytest.raises(IndexLockedError):
        make_engine(idx).index([notes])
