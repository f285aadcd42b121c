"""Obsidian conventions, .notelensignore, coverage and note-scope parsing, without models:
front matter, #tags (Korean too), every wiki-link form, ignore rules, the coverage file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from notelens.errors import SearchError
from notelens.index.coverage import COVERAGE_FILE, merge, read_coverage, write_coverage
from notelens.index.links import VaultNames
from notelens.index.watch import is_scratch
from notelens.ingest import chunk_document, discover, load_file
from notelens.ingest.obsidian import (
    inline_tags,
    parse_front_matter,
    rewrite_wiki_links,
    wiki_target,
)
from notelens.ingest.walker import Candidate, admit
from notelens.store.testing import rec
from notelens.types import FileReport, FileStatus, NoteFilter, NoteMeta
from vault_fixture import write_vault

pytestmark = pytest.mark.unit


def test_front_matter_fields() -> None:
    meta, title, warning = parse_front_matter(
        "title: 로라 정리\ntags: [논문, '#LLM/finetuning', 123]\naliases: LoRA note\n"
        "date: 2024-03-05\nrating: 5\nsource: https://arxiv.org/abs/2106.09685"
    )
    assert warning is None and title == "로라 정리"
    assert meta.tags == ("논문", "LLM/finetuning")  # '#' dropped, a number is no tag
    assert meta.aliases == ("LoRA note",)  # a single alias with a space stays whole
    assert meta.date == "2024-03-05"
    assert dict(meta.fields) == {
        "date": "2024-03-05",
        "rating": "5",
        "source": "https://arxiv.org/abs/2106.09685",
    }
    spaced, _, _ = parse_front_matter("tags: 논문 실험, llm\ndate: 2024-02-30")
    assert spaced.tags == ("논문", "실험", "llm") and spaced.date is None  # no such day


@pytest.mark.parametrize(
    "block", ["title: [unclosed\ntags: a", "- just\n- a list", "!!python/object:os.system x: 1"]
)
def test_broken_front_matter_is_a_warning(block: str) -> None:
    meta, title, warning = parse_front_matter(block)
    assert meta == NoteMeta() and title is None
    assert warning is not None and "front matter" in warning


def test_inline_tags_korean_nested_not_headings_code_or_urls() -> None:
    body = (
        "# Heading is not a tag\n## 소제목\n"
        "본문 #논문 and #LLM/finetuning, #123 no, a#b no, (#괄호) no.\n"
        "`#code` and http://x.com/#frag and [link](https://y.org/#z) #끝\n"
        "```\n#fenced\n```\n"
    )
    assert inline_tags(body) == ["논문", "LLM/finetuning", "끝"]


def test_wiki_links_rewritten_to_readable_links() -> None:
    body = (
        "a [[Note]] b [[Note|별칭]] c [[Note#Heading]] d ![[image.png]] e [[#Local]]\n"
        "`[[in code]]` [[]]\n```\n[[fenced]]\n```"
    )
    out = rewrite_wiki_links(body)
    assert out.count("\n") == body.count("\n")  # line numbers stay right
    first = out.split("\n")[0]
    assert "[Note](<wiki:Note>)" in first
    assert "[별칭](<wiki:Note>)" in first
    assert "[Note > Heading](<wiki:Note#Heading>)" in first
    assert " d [](<wiki:image.png>) e " in first and "![" not in first  # an embed: no text
    assert "[Local](<wiki:#Local>)" in first
    assert out.split("\n")[1] == "`[[in code]]` [[]]"
    assert "[[fenced]]" in out
    assert wiki_target("wiki:Note#Heading") == ("Note", "Heading")
    assert wiki_target("https://x.org") is None


def test_vault_loads_and_walks(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "vault")
    found = [c for c in discover([root]) if isinstance(c, Candidate)]
    names = sorted(str(c.path.relative_to(root)) for c in found)
    # .obsidian/, .trash/ (hidden tool folders) and .notelensignore'd paths are left out
    assert names == [
        "papers/LoRA 정리.md",
        "papers/attention.md",
        "study/broken.md",
        "study/week1.md",
        "transformer.md",
    ]
    doc = load_file(root / "papers/LoRA 정리.md")
    assert doc.note.tags == ("논문", "LLM/finetuning", "실험")
    assert doc.note.aliases == ("LoRA note", "로라") and doc.warnings == ()
    chunks = chunk_document(doc)
    assert all(c.note == doc.note for c in chunks)
    props = chunks[0]  # the front matter: a chunk of its own, cited by its lines
    # title and tags name and file the note: left out; a list on its key's line (4)
    lines = ["aliases: LoRA note, 로라", "", "date: 2024-03-05", "project: notelens"]
    assert props.text.split("\n") == lines
    assert (props.location.line_start, props.location.line_end) == (4, 8)
    assert all(c.location.line_start > 9 for c in chunks[1:])
    text = " ".join(c.text for c in chunks[1:])
    assert "aliases" not in text and "notelens" not in text  # not repeated in the body
    assert "lora-diagram.png" not in text  # the embed leaves no text
    assert "트랜스포머" in text and "[[Transformer" not in text
    assert "[[Nowhere]]" in text  # inside a code block: text as written, not a link
    broken = load_file(root / "study/broken.md")
    assert broken.warnings and "not valid YAML" in broken.warnings[0]
    assert any("DPO" in c.text for c in chunk_document(broken))


def test_nested_notelensignore_and_negation(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    for rel in ("keep.md", "a/x.md", "a/keep.md", "a/b/y.md", "a/b/z.md"):
        (tmp_path / rel).write_text("# t\n\ntext\n", encoding="utf-8")
    (tmp_path / "a" / ".notelensignore").write_text("*.md\n!keep.md\nb/z.md\n", encoding="utf-8")
    found = sorted(
        str(c.path.relative_to(tmp_path.resolve()))
        for c in discover([tmp_path])
        if isinstance(c, Candidate)
    )
    assert found == ["a/keep.md", "keep.md"]


def test_admit_applies_the_walk_rules_to_changed_paths_only(tmp_path: Path) -> None:
    root = write_vault(tmp_path / "vault")
    (root / "study" / "notes.bin").write_bytes(b"\x00")
    walked = {c.path for c in discover([root]) if isinstance(c, Candidate)}
    every = [p for p in root.rglob("*") if p.is_file()]
    admitted = {c.path for c in admit(every, [root]) if isinstance(c, Candidate)}
    assert admitted == walked  # hidden, .notelensignore'd, other extensions: out
    one = [c.path for c in admit([root / "study" / "week1.md", root / "gone.md"], [root])]
    assert one == [root / "study" / "week1.md"]
    assert [c.path.name for c in admit([root / "study"], [root])] == ["broken.md", "week1.md"]
    assert list(admit([root / "drafts" / "secret.md", tmp_path / "elsewhere.md"], [root])) == []


def test_note_filter_parse() -> None:
    assert NoteFilter.parse() is None
    assert NoteFilter.parse(["#논문", " ", "llm"], " papers ", "2024-01-01", None) == NoteFilter(
        tags=("논문", "llm"), folder="papers", since=date(2024, 1, 1)
    )
    with pytest.raises(SearchError, match="YYYY-MM-DD"):
        NoteFilter.parse(since="2024/01/01")
    with pytest.raises(SearchError, match="after"):
        NoteFilter.parse(since="2024-02-01", until="2024-01-01")


def test_coverage_merge_and_atomic_file(tmp_path: Path) -> None:
    first = merge(
        None,
        [
            FileReport("/n/a.md", FileStatus.INDEXED, chunks=2),
            FileReport("/n/b.pdf", FileStatus.SKIPPED, "no text layer"),
            FileReport("/n/c.pdf", FileStatus.FAILED, "could not parse"),
            FileReport("/n/d.md", FileStatus.UNCHANGED, chunks=1),
        ],
        "2026-12-04T10:00:00+00:00",
    )
    write_coverage(tmp_path, first)
    assert [p.name for p in tmp_path.iterdir()] == [COVERAGE_FILE]  # no temporary left
    again = read_coverage(tmp_path)
    assert again == first
    kinds = again.kinds()
    assert kinds["md"]["indexed"] == 2
    assert kinds["pdf"] == {
        "indexed": 0,
        "skipped": 1,
        "failed": 1,
        "reasons": {"no text layer": 1, "could not parse": 1},
    }
    # A watch sync over one path keeps the other lines; a removed file goes.
    later = merge(
        again,
        [FileReport("/n/a.md", FileStatus.REMOVED, "file no longer exists")],
        "2026-12-04T11:00:00+00:00",
    )
    assert [f.path for f in later.files] == ["/n/b.pdf", "/n/c.pdf", "/n/d.md"]
    (tmp_path / COVERAGE_FILE).write_text("{not json", encoding="utf-8")
    assert read_coverage(tmp_path) is None  # a damaged report is no error
    (tmp_path / COVERAGE_FILE).write_text(json.dumps({"format": "other"}), encoding="utf-8")
    assert read_coverage(tmp_path) is None


def test_link_targets_resolve_like_obsidian() -> None:
    names = VaultNames(
        [
            rec("/v/papers/LoRA 정리.md", 0, "x", note=NoteMeta(aliases=("로라",))),
            rec("/v/a/deep/Note.md", 0, "x"),
            rec("/v/Note.md", 0, "x"),
            rec("/v/study/week1.md", 0, "x"),
        ]
    )
    assert names.resolve("lora 정리") == "/v/papers/LoRA 정리.md"  # case-insensitive stem
    assert names.resolve("로라") == "/v/papers/LoRA 정리.md"  # alias
    assert names.resolve("LoRA 정리.md") == "/v/papers/LoRA 정리.md"
    assert names.resolve("note") == "/v/Note.md"  # several: the shortest path
    assert names.resolve("deep/Note") == "/v/a/deep/Note.md"  # a path link
    assert names.resolve("week2") is None


def test_scratch_files() -> None:
    for name in (".note.md.swp", "note.md~", ".#note.md", "4913", "x.tmp", "a.md.part", "#a#"):
        assert is_scratch(name), name
    for name in ("note.md", "논문.md", "4913.md", "tmp.md"):
        assert not is_scratch(name), name
