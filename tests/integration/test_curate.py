"""``notelens dups`` / ``related`` on a real index (Kiwi, e5, LanceDB), Korean and English.

The entries come from benchmarks/data/dups_labelled.jsonl (written for this project): a
paper entry, its reordered copy, its Korean translation (one with, one without the
link), and a hard negative -- another paper on the same topic by the same lab.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from notelens import Engine

pytestmark = pytest.mark.integration

LABELLED = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "dups_labelled.jsonl"


GLOSSARY_KO = """# 핵심 개념

- 로라(LoRA)는 사전학습 가중치를 고정하고 저랭크 행렬만 학습하는 방법이다.
- **GQA**: 쿼리 헤드 그룹마다 key/value 헤드 하나를 공유하는 어텐션 방식.
- 참고: 이 목록은 스터디 준비용이다.

RAG란 검색한 문서를 생성 모델의 입력에 넣어 답하게 하는 방식을 말한다.
"""

GLOSSARY_EN = """# Glossary

- LoRA (Low-Rank Adaptation): trains small low-rank matrices beside the frozen weights.
- RRF (Reciprocal Rank Fusion): fuses rankings by summing 1/(k + rank) over the lists.
- Note: this list is for the study group.

Grouped-query attention is a variant of multi-head attention that shares key and value heads.

We ran LoRA on models with GQA and merged the result lists with RRF.
"""


def _entries() -> dict[str, str]:
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]
    return {r["id"]: r["text"] for r in rows}


def _write(folder: Path, name: str, ids: list[str], texts: dict[str, str]) -> None:
    body = "\n\n".join(f"## {i}\n\n{texts[i]}" for i in ids)
    (folder / name).write_text(f"# {name}\n\n{body}\n", encoding="utf-8")


@pytest.fixture(scope="module")
def curated(
    tmp_path_factory: pytest.TempPathFactory, make_engine: Callable[..., Engine]
) -> tuple[Engine, Path]:
    texts = _entries()
    notes = tmp_path_factory.mktemp("curate") / "notes"
    notes.mkdir()
    _write(notes, "digest-en.md", ["g04-orig", "g08-orig", "g01-orig", "g04-neg"], texts)
    _write(notes, "digest-copy.md", ["g04-reorder", "g08-neg", "g01-neg"], texts)
    _write(notes, "digest-ko.md", ["g04-ko", "g08-ko", "g01-ko"], texts)
    # a whole note copied with one line edited: a note-level near-duplicate
    original = (notes / "digest-en.md").read_text(encoding="utf-8")
    (notes / "digest-en (1).md").write_text(
        original.replace("no extra inference latency", "no added latency at inference"),
        encoding="utf-8",
    )
    (notes / "glossary-ko.md").write_text(GLOSSARY_KO, encoding="utf-8")
    (notes / "glossary-en.md").write_text(GLOSSARY_EN, encoding="utf-8")
    engine = make_engine(notes.parent / "index")
    assert engine.index([notes]).ok
    return engine, notes


def _clusters(engine: Engine, level: str) -> list[set[str]]:
    report = engine.duplicates(level=level)
    return [
        {f"{Path(m.source).name}:{m.heading.split(' > ')[-1]}" for m in c.members}
        for c in report.clusters
        if c.level == level
    ]


def test_entry_duplicates_across_copies_links_and_languages(curated: tuple[Engine, Path]) -> None:
    engine, _ = curated
    report = engine.duplicates(level="entry")
    clusters = _clusters(engine, "entry")

    def together(a: str, b: str) -> bool:
        return any(a in c and b in c for c in clusters)

    # reordered copy (shingles and the same link)
    assert together("digest-en.md:g04-orig", "digest-copy.md:g04-reorder")
    # Korean translation that keeps the link; and one without any link (embedding + anchors)
    assert together("digest-en.md:g04-orig", "digest-ko.md:g04-ko")
    assert together("digest-en.md:g08-orig", "digest-ko.md:g08-ko")
    assert together("digest-en.md:g01-orig", "digest-ko.md:g01-ko")
    # hard negatives: same lab, same topic, another paper
    for neg, pos in (("g04-neg", "g04-orig"), ("g08-neg", "g08-orig"), ("g01-neg", "g01-orig")):
        assert not any(any(neg in m for m in c) and f"digest-en.md:{pos}" in c for c in clusters)
    # the reasons say which evidence joined them
    by_member = {
        f"{Path(m.source).name}:{m.heading.split(' > ')[-1]}": c.reasons
        for c in report.clusters
        for m in c.members
    }
    assert "embedding" in by_member["digest-ko.md:g08-ko"]


def test_note_level_copy(curated: tuple[Engine, Path]) -> None:
    engine, _ = curated
    notes = [{name.split(":")[0] for name in c} for c in _clusters(engine, "note")]
    assert {"digest-en.md", "digest-en (1).md"} in notes
    assert not any("digest-ko.md" in c for c in notes)


def test_threshold_is_validated(curated: tuple[Engine, Path]) -> None:
    from notelens.errors import ConfigError

    engine, _ = curated
    with pytest.raises(ConfigError):
        engine.duplicates(threshold=1.5)
    with pytest.raises(ConfigError):
        engine.duplicates(level="paragraph")


def test_related_notes_cross_language(curated: tuple[Engine, Path]) -> None:
    engine, _ = curated
    related = engine.related("digest-ko", k=3)
    assert Path(related.note).name == "digest-ko.md"
    names = [Path(r.source).name for r in related.related]
    assert "digest-ko.md" not in names and len(names) == 3
    first = related.related[0]
    # the English digest holds the same papers: shared links and Latin names
    assert Path(first.source).name in {"digest-en.md", "digest-en (1).md"}
    assert "arxiv:2305.13245" in first.shared_links
    payload = related.to_dict()
    assert set(payload) == {"note", "related"}
    assert set(payload["related"][0]) == {
        "source",
        "title",
        "score",
        "cosine",
        "shared_links",
        "shared_terms",
    }


def test_related_unknown_or_ambiguous_note_is_a_clear_error(
    curated: tuple[Engine, Path],
) -> None:
    from notelens.errors import SearchError

    engine, _ = curated
    with pytest.raises(SearchError, match="no indexed note matches"):
        engine.related("no-such-note")
    with pytest.raises(SearchError, match="matches 2 notes"):
        engine.related("digest-e")


@pytest.mark.usefixtures("cli_uses_session_models")  # options and output, not loading
def test_cli_dups_json(curated: tuple[Engine, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    from notelens.cli.app import app

    engine, _ = curated
    result = CliRunner().invoke(
        app, ["dups", "--index", str(engine.index_dir), "--json", "--no-embed"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert set(payload) == {"threshold", "notes", "entries", "clusters"}
    assert payload["notes"] == 6
    assert all(c["reasons"] and len(c["members"]) >= 2 for c in payload["clusters"])
    missing = CliRunner().invoke(
        app, ["related", "nothing-like-it", "--index", str(engine.index_dir)]
    )
    assert missing.exit_code == 2
    assert "no indexed note matches" in missing.output


def test_glossary_merges_languages_and_files(curated: tuple[Engine, Path]) -> None:
    engine, _ = curated
    glossary = engine.glossary()
    names = {t.term for t in glossary.terms}
    assert {"LoRA", "GQA", "RRF", "RAG"} <= names
    # labels that open a line like a definition are not terms
    assert not names & {"Note", "참고"}
    lora = engine.glossary_term("로라")  # any spelling finds the term
    assert lora.term == "LoRA"
    assert {"로라", "Low-Rank Adaptation"} <= set(lora.aliases)
    sources = {Path(d.source).name for d in lora.definitions}
    assert sources == {"glossary-ko.md", "glossary-en.md"}
    assert all(d.location.line_start for d in lora.definitions)
    assert engine.glossary_term("reciprocal rank fusion").term == "RRF"
    # the English sentence definition of GQA joins the Korean definition line
    assert engine.glossary_term("GQA").definitions
    assert "GQA" in lora.related or "RRF" in lora.related
    used = {Path(s).name for s, _ in lora.notes}
    assert {"glossary-ko.md", "glossary-en.md"} <= used
    page = lora.to_dict()
    assert set(page) == {"term", "aliases", "definitions", "notes", "related"}
    assert page["definitions"][0]["lang"] in ("ko", "en", "mixed")


def test_glossary_unknown_term(curated: tuple[Engine, Path]) -> None:
    from notelens.errors import SearchError

    engine, _ = curated
    with pytest.raises(SearchError, match="not defined in the notes"):
        engine.glossary_term("Mixture of Depths")
