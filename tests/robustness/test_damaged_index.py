"""A damaged index is always repairable, with the command its error names (issue 16.3).

Real LanceDB, the real analyzer and embedding model; the damage is done here, to a copy
of one index built per module: (a) garbage in ``meta.json``; (b) the ``_versions``
manifests deleted; (c) a data file truncated; (d) 4 KiB of random bytes written over
stored vectors. Each ends in a clear error naming ``notelens doctor --repair`` (never
"this is a bug"), ``doctor`` reports it (exit 8), and ``doctor --repair`` or
``index --rebuild PATH`` gives a correct index built from the note files.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from notelens import Engine
from notelens.analysis.base import Analyzer
from notelens.embed.base import Embedder
from notelens.errors import IndexStoreError, NotelensError
from notelens.index.indexer import embed_input
from notelens.index.layout import IndexLayout
from notelens.store.base import ChunkRecord
from notelens.store.lancedb import LanceDBStoreFactory
from notelens.store.resident import sound_vector
from notelens.types import Chunk

pytestmark = pytest.mark.integration

NOTES = {
    "attention.md": "# 어텐션 변형\n\n## GQA\n\nGQA는 query head를 G개 그룹으로 나누고 그룹마다 "
    "KV head를 공유한다. MQA는 KV head가 하나뿐이다.\n\n## FlashAttention\n\n"
    "FlashAttention tiles the attention computation to cut HBM reads and writes.\n",
    "lora.md": "# LoRA 정리\n\nLoRA는 사전학습 가중치를 고정하고 층마다 저랭크 행렬 두 개만 "
    "학습한다. Trainable parameters drop by orders of magnitude.\n\n## 실험\n\n"
    "rank 8에서 full fine-tuning과 비슷한 정확도를 보였다.\n",
    "rag.txt": "RAG 평가 메모. BM25와 dense retrieval을 z-score로 결합하면 한국어 질의에서 "
    "recall@10이 올랐다. Hybrid search beats either leg alone on mixed queries.\n",
}


@pytest.fixture(scope="module")
def models(analyzer: Analyzer, embedder: Embedder) -> tuple[Analyzer, Embedder]:
    """The session's models (conftest), not a second load of Kiwi and e5."""
    return analyzer, embedder


@pytest.fixture(scope="module")
def pristine(
    tmp_path_factory: pytest.TempPathFactory, models: tuple[Analyzer, Embedder]
) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("damage")
    notes = work / "notes"
    notes.mkdir()
    for name, text in NOTES.items():
        (notes / name).write_text(text, encoding="utf-8")
    index = work / "index"
    report = _engine(index, models).index([notes])
    assert report.ok
    return index, notes


@pytest.fixture
def copy(pristine: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A fresh copy of the pristine index to damage (``meta.json`` keeps its roots)."""
    index, notes = pristine
    target = tmp_path / "index"
    shutil.copytree(index, target)
    return target, notes


def _engine(index: Path, models: tuple[Analyzer, Embedder]) -> Engine:
    analyzer, embedder = models
    return Engine(index, analyzer=analyzer, embedder=embedder)


def _table_dir(index: Path) -> Path:
    meta = IndexLayout(index).read_meta()
    assert meta is not None
    return LanceDBStoreFactory.folder(index) / f"{meta.table}.lance"


def _data_file(index: Path) -> Path:
    files = sorted((_table_dir(index) / "data").glob("*.lance"), key=lambda p: p.stat().st_size)
    assert files
    return files[-1]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it; stderr with Rich's line wrapping undone."""
    env = {**os.environ, "COLUMNS": "200", "PYTHONWARNINGS": "error::RuntimeWarning"}
    env.pop("NOTELENS_DEBUG", None)
    res = subprocess.run(
        [sys.executable, "-m", "notelens", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    res.stderr = " ".join(res.stderr.split())
    return res


def _assert_correct(index: Path, notes: Path, models: tuple[Analyzer, Embedder]) -> None:
    """The index passes every doctor check and answers from the notes, every stored
    vector being the embedder's own vector of its text."""
    engine = _engine(index, models)
    report = engine.doctor()
    assert report.healthy, report.to_dict()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no numpy overflow warnings from bad vectors
        hits = engine.search("GQA와 MQA의 차이", k=3)
    assert hits and hits[0].source.endswith("attention.md")
    meta = IndexLayout(index).read_meta()
    assert meta is not None
    store = LanceDBStoreFactory().open(index, meta.table, dim=meta.dim, create=False)
    rows = store.get([r.chunk_id for r in store.records()], with_vectors=True)
    assert len(rows) == store.count() > 0
    assert {r.source for r in rows} == {str((notes / n).resolve()) for n in NOTES}
    _, embedder = models
    some = rows[:4]
    fresh = embedder.embed_passages([_text_of(r) for r in some])
    for r, want in zip(some, fresh, strict=True):
        assert r.vector is not None and sound_vector(r.vector)
        # The same text embedded again (in another batch: int8 kernels and padding move
        # the last digits), not a vector that merely looks sound.
        assert float(np.dot(r.vector, want)) > 0.99


def _text_of(r: ChunkRecord) -> str:
    """The embedded text of a stored row, built by the indexer's own function."""
    chunk = Chunk(
        source=r.source,
        title=r.title,
        heading=r.heading,
        text=r.text,
        location=r.location,
        lang=r.lang,
        content_hash=r.content_hash,
        ordinal=r.ordinal,
        kind=r.kind,
        links=r.links,
    )
    return embed_input(chunk)


@pytest.fixture(autouse=True)
def _no_debug(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("NOTELENS_DEBUG", raising=False)
    yield


# -- (a) garbage in meta.json ----------------------------------------------------------------


def test_garbage_meta_is_rebuilt_by_the_command_its_error_names(
    copy: tuple[Path, Path], models: tuple[Analyzer, Embedder]
) -> None:
    index, notes = copy
    (index / "meta.json").write_bytes(b"\x00{garbage")
    res = cli("search", "LoRA", "--index", str(index))
    assert res.returncode == 4 and "notelens index --rebuild PATH" in res.stderr, res.stderr
    # Without folders the run cannot know them (they were recorded in meta.json): it
    # says so, instead of repeating the hint that sent the user here.
    res = cli("index", "--rebuild", "--index", str(index))
    assert res.returncode == 2, res.stderr
    assert "name them" in res.stderr and "bug" not in res.stderr
    res = cli("index", "--rebuild", str(notes), "--index", str(index))
    assert res.returncode == 0, res.stderr
    moved = list((index / "damaged").glob("*/meta.json"))
    assert len(moved) == 1 and moved[0].read_bytes() == b"\x00{garbage"  # kept, not deleted
    _assert_correct(index, notes, models)


# -- (b) deleted _versions manifests ---------------------------------------------------------


def test_deleted_manifests_are_reported_and_rebuilt(
    copy: tuple[Path, Path], models: tuple[Analyzer, Embedder]
) -> None:
    index, notes = copy
    table = _table_dir(index)
    shutil.rmtree(table / "_versions")
    with pytest.raises(IndexStoreError) as err:
        _engine(index, models).search("LoRA")
    assert "doctor --repair" in str(err.value)
    res = cli("doctor", "--index", str(index), "--json")
    assert res.returncode == 8, res.stderr
    payload = json.loads(res.stdout)
    assert not payload["healthy"]
    assert {c["name"]: c["ok"] for c in payload["checks"]}["table"] is False
    # The rebuild the old message named now works, from the recorded folders.
    res = cli("index", "--rebuild", "--index", str(index))
    assert res.returncode == 0, res.stderr
    assert "bug" not in res.stderr
    assert not table.exists()  # the unreadable table was moved aside, not left in place
    assert list((index / "damaged").glob(f"*/{table.name}"))
    _assert_correct(index, notes, models)


# -- (c) a truncated data file ---------------------------------------------------------------


def test_truncated_data_file_is_a_clear_error_and_doctor_repairs_it(
    copy: tuple[Path, Path], models: tuple[Analyzer, Embedder]
) -> None:
    index, notes = copy
    data = _data_file(index)
    size = data.stat().st_size
    with open(data, "r+b") as fh:
        fh.truncate(size // 2)
    res = cli("search", "LoRA", "--index", str(index))
    assert res.returncode == 1
    assert "bug" not in res.stderr and "doctor --repair" in res.stderr, res.stderr
    assert "damaged" in res.stderr
    for mode in ("bm25", "dense"):
        with pytest.raises(NotelensError):
            _engine(index, models).search("LoRA", mode=mode)
    res = cli("doctor", "--index", str(index))
    assert res.returncode == 8 and "FAIL" in res.stdout, res.stdout + res.stderr
    res = cli("doctor", "--repair", "--index", str(index), "--json")
    assert res.returncode == 0, res.stdout + res.stderr
    payload = json.loads(res.stdout)
    assert payload["healthy"] and payload["repaired"] and payload["moved"]
    assert all(c["ok"] for c in payload["after"])
    _assert_correct(index, notes, models)


# -- (d) random bytes over stored vectors ----------------------------------------------------


def _overwrite_vectors(index: Path, models: tuple[Analyzer, Embedder]) -> None:
    """4 KiB of random bytes written where the stored vectors are (found by their bytes)."""
    meta = IndexLayout(index).read_meta()
    assert meta is not None
    store = LanceDBStoreFactory().open(index, meta.table, dim=meta.dim, create=False)
    rows = store.get([r.chunk_id for r in store.records()], with_vectors=True)
    data = _data_file(index)
    raw = data.read_bytes()
    offsets = [raw.find(np.asarray(r.vector, dtype=np.float32).tobytes()) for r in rows]
    start = min(o for o in offsets if o >= 0)
    rng = np.random.default_rng(16)
    # Random float32 bit patterns, made sure to include NaNs and huge values.
    noise = rng.integers(0, 2**32, size=1024, dtype=np.uint64).astype(np.uint32)
    noise[::7] = 0x7FC00000  # NaN
    noise[1::7] = 0x7F7FFFFF  # float32 max
    with open(data, "r+b") as fh:
        fh.seek(start)
        fh.write(noise.tobytes())


def test_random_bytes_over_vectors_are_found_and_not_reused(
    copy: tuple[Path, Path], models: tuple[Analyzer, Embedder]
) -> None:
    index, notes = copy
    _overwrite_vectors(index, models)
    engine = _engine(index, models)
    report = engine.doctor()
    assert not report.healthy
    assert {c.name: c.ok for c in report.checks}["vectors"] is False
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # was: numpy overflow warnings
        assert engine.search("LoRA 저랭크", k=3, mode="dense") is not None
    res = cli("doctor", "--index", str(index))
    assert res.returncode == 8 and "vectors" in res.stdout
    # --rebuild re-embeds what is damaged instead of reusing it by text hash.
    res = cli("index", "--rebuild", "--index", str(index))
    assert res.returncode == 0, res.stderr
    _assert_correct(index, notes, models)


def test_doctor_on_a_healthy_index_and_on_no_index(
    pristine: tuple[Path, Path], tmp_path: Path
) -> None:
    index, _ = pristine
    res = cli("doctor", "--index", str(index), "--json")
    assert res.returncode == 0, res.stderr
    payload = json.loads(res.stdout)
    assert payload["healthy"] and not payload["repaired"]
    assert [c["name"] for c in payload["checks"]] == [
        "meta",
        "table",
        "rows",
        "vectors",
        "vector cache",
        "other tables",
    ]
    res = cli("doctor", "--index", str(tmp_path / "nothing"))
    assert res.returncode == 3 and "notelens index" in res.stderr


def test_rebuilds_alternate_tables_and_leave_nothing_behind(
    copy: tuple[Path, Path], models: tuple[Analyzer, Embedder]
) -> None:
    """Each ``--rebuild`` writes the recipe's other table and switches to it; a table a
    killed rebuild left (unpublished) is dropped by the next run, not served."""
    from notelens.index.layout import recipe_tables
    from notelens.store.testing import rec

    index, notes = copy
    layout = IndexLayout(index)
    stores = LanceDBStoreFactory()
    first = layout.read_meta()
    assert first is not None
    engine = _engine(index, models)
    report = engine.index(rebuild=True)
    assert report.chunks_embedded == 0 and report.chunks_reused > 0  # sound vectors reused
    second = layout.read_meta()
    assert second is not None and second.table != first.table
    assert second.table == recipe_tables(first.table)[1]
    assert stores.tables(index) == [second.table]
    # A killed rebuild's partial table beside the current one:
    partial = stores.open(index, first.table, dim=8)
    partial.replace_sources(["/elsewhere/x.md"], [rec("/elsewhere/x.md", 0, "stale")])
    assert engine.index().ok  # a plain run: nothing to re-index, the leftover is dropped
    assert stores.tables(index) == [second.table]
    assert all(not h.source.startswith("/elsewhere") for h in engine.search("stale", k=5))
    engine.index(rebuild=True)  # and back to the first name
    third = layout.read_meta()
    assert third is not None and third.table == first.table
    assert stores.tables(index) == [first.table]
    _assert_correct(index, notes, models)
