"""The "which note" search (issue #22 item 3): ``Engine.search_notes`` and
``notelens search --by note`` on examples/notes, Korean, English and mixed queries."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from cli_inprocess import CliResult, run_cli
from notelens import Engine
from notelens.contracts import NoteHitJSON, NotesSearchJSON

pytestmark = pytest.mark.integration

QUERIES = Path(__file__).resolve().parents[2] / "examples" / "queries.jsonl"


@pytest.fixture(scope="module")
def engine(open_example: Callable[..., Engine]) -> Engine:
    return open_example()


def _queries() -> list[dict[str, object]]:
    return [json.loads(line) for line in QUERIES.read_text(encoding="utf-8").splitlines() if line]


def test_one_row_per_note_with_its_best_passages(engine: Engine) -> None:
    for query in ("LoRA 하이퍼파라미터 r 값", "How does DPO differ from RLHF?"):
        notes = engine.search_notes(query, k=5, per_note=2)
        assert 1 <= len(notes) <= 5
        sources = [n.source for n in notes]
        assert len(set(sources)) == len(sources)  # each note once
        assert [n.rank for n in notes] == list(range(1, len(notes) + 1))
        assert [n.score for n in notes] == sorted((n.score for n in notes), reverse=True)
        for n in notes:
            assert 1 <= len(n.hits) <= 2
            assert all(h.source == n.source for h in n.hits)
            assert [h.rank for h in n.hits] == list(range(1, len(n.hits) + 1))


def test_the_first_notes_do_not_depend_on_k(engine: Engine) -> None:
    for query in ("GQA는 MQA와 무엇이 다른가", "LoRA는 trainable parameter를 얼마나 줄이나"):
        three = engine.search_notes(query, k=3)
        ten = engine.search_notes(query, k=10)
        assert [n.source for n in three] == [n.source for n in ten[:3]]


def test_the_relevant_note_comes_first(engine: Engine) -> None:
    """Every example question (ko, en, mixed) names its note; ranked per note, the note
    is first for nearly all of them (a few questions are about two notes)."""
    rows = _queries()
    by_lang: dict[str, list[bool]] = {}
    for row in rows:
        notes = engine.search_notes(str(row["query"]), k=3)
        wanted = [str(r) for r in row["relevant"]]  # type: ignore[attr-defined]
        first = notes[0].source.replace("\\", "/") if notes else ""
        by_lang.setdefault(str(row["lang"]), []).append(any(first.endswith(w) for w in wanted))
    assert {"ko", "en", "mixed"} <= set(by_lang)
    hits = [h for v in by_lang.values() for h in v]
    assert sum(hits) / len(hits) >= 0.85, by_lang


def test_bad_per_note(engine: Engine) -> None:
    from notelens.errors import ConfigError

    with pytest.raises(ConfigError):
        engine.search_notes("LoRA", per_note=0)


@pytest.mark.usefixtures("cli_uses_session_models")
def test_cli_by_note_json_and_terminal(example_index: object) -> None:
    # In this process with the session's models (tests/cli_inprocess.py): the subject is
    # what `search --by note` prints; an escaping exception fails the test (a traceback).
    index = str(example_index.index)  # type: ignore[attr-defined]

    def run(*args: str) -> CliResult:
        return run_cli("search", *args, "--index", index, env={"COLUMNS": "200"})

    res = run("스터디에서 DPO 논문은 누가 발표했지?", "--by", "note", "--json", "-k", "3")
    assert res.returncode == 0, res.stderr
    payload = json.loads(res.stdout)
    assert set(payload) == set(NotesSearchJSON.__annotations__)
    assert 1 <= len(payload["notes"]) <= 3
    top = payload["notes"][0]
    assert set(top) == set(NoteHitJSON.__annotations__)
    assert top["source"].endswith("study/syllabus-2024.md")
    assert all(h["source"] == top["source"] for h in top["hits"])

    res = run("LoRA rank", "--by", "note", "-k", "2")
    assert res.returncode == 0, res.stderr
    assert "efficient-finetuning" in res.stdout and "score" in res.stdout

    res = run("LoRA", "--by", "page")
    assert res.returncode == 2 and "--by" in res.stderr and "Traceback" not in res.stderr
