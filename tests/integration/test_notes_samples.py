"""Index the real notes in ../shared/notes-samples and search them in Korean and English."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from notelens import Engine, FileStatus

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def engine(
    shared_dir: Path, tmp_path_factory: pytest.TempPathFactory, make_engine: Callable[..., Engine]
) -> Engine:
    samples = shared_dir / "notes-samples"  # shared_dir skips when ../shared is absent
    if not samples.is_dir():
        pytest.skip(f"../shared/notes-samples not found at {samples}; shared data is absent")
    eng = make_engine(tmp_path_factory.mktemp("samples") / "index")
    report = eng.index([samples])
    assert report.count(FileStatus.INDEXED) == 4, report.to_dict()
    return eng


# (query, prefix of the sample file that holds the answer). The queries are ours; they
# name topics the samples cover.
CASES = [
    ("Training Compute-Optimal Large Language Models 발표자는 누구", "001_"),
    ("In-Context Learning은 fine tuning과 무엇이 다른가", "002_"),
    ("Llama Guard 입출력 보호 모델 요약", "003_"),
    ("레드팀으로 언어모델의 해로운 출력 줄이기", "003_"),
    ("which topics does the research notes repository cover", "000_"),
    ("scaling law power-law relation of data compute and model size", "002_"),
]


@pytest.mark.parametrize(("query", "prefix"), CASES)
@pytest.mark.parametrize("mode", ["bm25", "hybrid"])
def test_sample_queries(engine: Engine, query: str, prefix: str, mode: str) -> None:
    hits = engine.search(query, k=3, mode=mode)
    assert any(Path(h.source).name.startswith(prefix) for h in hits), [
        (Path(h.source).name, h.heading) for h in hits
    ]


def test_table_rows_keep_their_header(engine: Engine) -> None:
    hits = engine.search("Constitutional AI Harmlessness from AI Feedback 발표", k=5, mode="bm25")
    table_hits = [h for h in hits if "|" in h.text and Path(h.source).name.startswith("001_")]
    assert table_hits, "the syllabus table row should be found"
    assert "Speaker" in table_hits[0].text  # the header row travels with every table chunk


def test_detail_blocks_stay_with_their_entry(engine: Engine) -> None:
    hits = engine.search("AdvPrompter adversarial prompt 자동 생성", k=3, mode="bm25")
    top = hits[0]
    assert Path(top.source).name.startswith("003_")
    # The summary bullets (inside <details>) and the entry's title line are one chunk.
    assert "AdvPrompter" in top.text and "<details>" not in top.text
    assert top.location.line_end is not None and top.location.line_start is not None
    assert top.location.line_end - top.location.line_start >= 4
