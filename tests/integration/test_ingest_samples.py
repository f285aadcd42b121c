"""Ingest the real note samples (kept outside the repository) end to end.

Assertions are generic (no text of the samples is copied here): every file loads and
chunks within the size limits, line ranges point at the right lines, link-archive
entries with ``<details>`` summaries stay with their entry line, and table chunks each
carry the header row.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from notelens.config import ChunkingConfig, IngestConfig
from notelens.ingest import Candidate, chunk_document, discover, load_file
from notelens.ingest.inline import clean_inline
from notelens.ingest.registry import note_extensions
from notelens.types import Chunk

pytestmark = pytest.mark.integration

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "notes-samples"
CFG = ChunkingConfig()
_WORD = re.compile(r"\w+")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)+\|?\s*$")


def _files() -> list[Path]:
    if not SAMPLES.is_dir():
        pytest.skip(f"notes samples not found at {SAMPLES} (they live outside the repo)")
    files = sorted(p for p in SAMPLES.iterdir() if p.is_file() and not p.name.startswith("."))
    if not files:
        pytest.skip(f"no notes samples in {SAMPLES}")
    return files


def _chunks(path: Path) -> tuple[str, list[Chunk]]:
    doc = load_file(path, IngestConfig())
    return path.read_text(encoding="utf-8"), chunk_document(doc, CFG)


def _covering(chunks: list[Chunk], line: int) -> list[Chunk]:
    return [
        c
        for c in chunks
        if c.location.line_start is not None
        and c.location.line_end is not None
        and c.location.line_start <= line <= c.location.line_end
    ]


def test_discover_finds_every_sample() -> None:
    files = _files()
    found = [i for i in discover([SAMPLES], IngestConfig()) if isinstance(i, Candidate)]
    assert sorted(c.path.name for c in found) == sorted(
        p.name for p in files if p.suffix.lower() in note_extensions(IngestConfig())
    )


def test_every_sample_chunks_within_limits_with_correct_lines() -> None:
    for path in _files():
        text, chunks = _chunks(path)
        assert chunks, path.name
        lines = text.split("\n")
        assert [c.ordinal for c in chunks] == list(range(len(chunks)))
        for c in chunks:
            assert 0 < len(c.text) <= CFG.max_chars, (path.name, c.ordinal, len(c.text))
            assert c.location.line_start is not None and c.location.line_end is not None
            assert 1 <= c.location.line_start <= c.location.line_end <= len(lines)
            span = "\n".join(lines[c.location.line_start - 1 : c.location.line_end])
            words = _WORD.findall(c.text)
            assert words[0] in span and words[-1] in span, (path.name, c.ordinal)
            for tag in ("<details", "</details>", "<summary>", "</summary>", "<br>"):
                assert tag not in c.text, (path.name, c.ordinal, tag)
            for link in c.links:
                assert link.url and (link.text in c.text), (path.name, link)


def test_every_content_line_lands_in_a_chunk() -> None:
    for path in _files():
        text, chunks = _chunks(path)
        for no, line in enumerate(text.split("\n"), start=1):
            s = line.strip()
            if not _WORD.search(s) or s.startswith(("#", "<")):
                continue
            assert _covering(chunks, no), (path.name, no)


def test_link_archive_entries_keep_their_details_summaries() -> None:
    """For every numbered entry followed by a <details> block: each chunk holding summary
    lines of that block also holds the entry's link line; when the whole entry fits
    max_chars, a single chunk holds all of it."""
    checked = 0
    for path in _files():
        text = path.read_text(encoding="utf-8")
        if "<summary" not in text:
            continue
        _, chunks = _chunks(path)
        lines = text.split("\n")
        i = 0
        while i < len(lines):
            m = re.match(r"^\s{0,3}\d+\.\s+(\[.*)$", lines[i])
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            if not m or j >= len(lines) or "<details" not in lines[j]:
                i += 1
                continue
            k = j
            while k < len(lines) and "</details>" not in lines[k]:
                k += 1
            entry_line, close_line = i + 1, k + 1
            link_text = clean_inline(m.group(1))[0].strip()
            summary_lines = [
                n
                for n in range(j + 1, close_line)
                if _WORD.search(lines[n - 1]) and "<summary" not in lines[n - 1]
            ]
            assert summary_lines
            for n in summary_lines:
                for c in _covering(chunks, n):
                    assert c.location.line_start is not None
                    assert c.location.line_start <= entry_line, (path.name, entry_line)
                    assert link_text in c.text, (path.name, entry_line)
            entry_text = "\n".join(lines[i:close_line])
            if len(entry_text) <= CFG.max_chars:
                whole = [
                    c
                    for c in _covering(chunks, entry_line)
                    if c.location.line_end is not None and c.location.line_end >= close_line
                ]
                assert whole, (path.name, entry_line)
            checked += 1
            i = k + 1
    if checked == 0:
        pytest.skip("no sample with numbered entries and <details> summaries")


def test_table_chunks_repeat_the_header_row() -> None:
    checked = 0
    for path in _files():
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        headers = [
            i
            for i in range(len(lines) - 1)
            if "|" in lines[i] and "|" in lines[i + 1] and _TABLE_SEP.match(lines[i + 1])
        ]
        if not headers:
            continue
        _, chunks = _chunks(path)
        for h in headers:
            header_text = " ".join(clean_inline(lines[h])[0].split())
            rows = []
            r = h + 2
            while r < len(lines) and lines[r].strip() and "|" in lines[r]:
                rows.append(r + 1)
                r += 1
            table_chunks = [c for c in chunks if c.kind == "table" and _covering([c], h + 1)]
            assert table_chunks, (path.name, h + 1)
            for c in table_chunks:
                assert header_text in " ".join(c.text.split()), (path.name, c.ordinal)
            for row in rows:  # each row is in a table chunk
                assert any(_covering([c], row) for c in table_chunks), (path.name, row)
            checked += 1
    if checked == 0:
        pytest.skip("no sample with a pipe table")


def test_every_sample_is_titled_by_its_own_words_not_its_file_name() -> None:
    """The samples' file names are hashes (``003_43d8….txt``): each note's title must come
    from its text (an H1, or the opening title line of a paper list without one), and it
    must be a line of that text."""
    for path in _files():
        doc = load_file(path, IngestConfig())
        assert doc.title != path.stem, f"{path.name}: titled by its file name"
        first = next(ln for ln in path.read_text(encoding="utf-8").split("\n") if ln.strip())
        assert doc.title in clean_inline(first) or doc.title in path.read_text(encoding="utf-8")
