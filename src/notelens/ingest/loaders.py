"""Loaders for text formats: markdown and plain text (PDF and HTML live in their own
modules and import their parsers lazily). Each has a ``format`` attribute and
``load(path, data) -> Document``; failures raise :class:`~notelens.errors.IngestError`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from notelens.errors import UnsupportedFileError
from notelens.ingest.aligned_tables import pipe_tables
from notelens.ingest.detect import MARKDOWN_EXT, decode_text
from notelens.ingest.html import HtmlLoader
from notelens.ingest.inline import clean_heading
from notelens.ingest.md_syntax import ATX, SETEXT_EQ, atx_heading, closes_fence, fence_open
from notelens.ingest.obsidian import (
    front_matter_text,
    inline_tags,
    parse_front_matter,
    rewrite_wiki_links,
)
from notelens.ingest.pdf import PdfLoader
from notelens.paths import display_path, source_key
from notelens.types import Document, NoteMeta, Section

__all__ = [
    "HtmlLoader",
    "MarkdownLoader",
    "PdfLoader",
    "TextLoader",
    "markdown_title",
    "split_front_matter",
    "title_line",
]

_FM_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)$")
_FM_LINE = re.compile(r"^(?:[A-Za-z_][\w-]*[ \t]*:.*|[ \t]+\S.*|-[ \t].*|#.*|[ \t]*)$")
_FM_MAX_LINES = 200
#: A plain-text file's first line is its title when it is at most this long.
TITLE_MAX_CHARS = 80
#: A line that opens a markdown block (heading, list item, quote, table, fence, HTML, a
#: link or image) or ends as a sentence: never a note's title line.
_NOT_TITLE = re.compile(r"^(?:#|[-*+][ \t]|\d+[.)][ \t]|>|\||`{3}|~{3}|<|!?\[)|[.!?。:;,]$")


def split_front_matter(text: str) -> tuple[dict[str, str], int]:
    """YAML front matter (``---`` ... ``---``/``...`` at the very top): its top-level
    ``key: value`` pairs and the number of lines it takes (0 when there is none)."""
    lines = text.split("\n", _FM_MAX_LINES + 1)
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for k in range(1, min(len(lines), _FM_MAX_LINES + 1)):
        if lines[k].strip() in ("---", "..."):
            body = lines[1:k]
            if not all(_FM_LINE.match(ln) for ln in body):
                return {}, 0
            if body and not any(_FM_KEY.match(ln) for ln in body):
                return {}, 0
            fields: dict[str, str] = {}
            for ln in body:
                m = _FM_KEY.match(ln)
                if m:
                    value = m.group(2).strip()
                    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                        value = value[1:-1]
                    fields[m.group(1).lower()] = value
            return fields, k + 1
    return {}, 0


def markdown_title(body: str) -> str | None:
    """The first H1 (ATX or setext) outside fenced code, cleaned of markdown."""
    fence: re.Match[str] | None = None
    prev = ""
    for line in body.split("\n"):
        if fence is not None:
            if closes_fence(line, fence):
                fence = None
            prev = ""
            continue
        fence = fence_open(line)
        if fence is not None:
            continue
        h = atx_heading(line)
        if h is not None:
            title = clean_heading(h[1]) if h[0] == 1 else ""
            if title:
                return title
        elif SETEXT_EQ.match(line) and prev.strip():
            title = clean_heading(prev)
            if title:
                return title
        prev = line
    return None


def title_line(body: str) -> str | None:
    """A note without an H1 often opens with its title as a plain line ("LLM 관련 논문
    정리" over a paper list's ``##`` sections, as wiki exports and plain-text notes do):
    the first non-blank line when a blank line or a heading follows it and more text
    comes after, it is short, opens
    no markdown block and does not end as a sentence. Plain text has always been titled
    by its first line; a ``.txt`` note with markdown signals is read as markdown and used
    to lose it to the file's stem."""
    lines = body.split("\n", 400)
    at = next((k for k, ln in enumerate(lines) if ln.strip()), None)
    if at is None:
        return None
    line = lines[at].strip()
    after = lines[at + 1] if at + 1 < len(lines) else ""
    if after.strip() and not ATX.match(after):
        return None
    if not any(ln.strip() for ln in lines[at + 1 :]):
        return None  # a one-line note: its line is its text, not a title over it
    if len(line) > TITLE_MAX_CHARS or _NOT_TITLE.search(line):
        return None
    return clean_heading(line) or None


class MarkdownLoader:
    """Markdown (also ``.txt`` files with markdown signals). Title: the first H1, else
    the front matter's ``title:``, else the opening title line (:func:`title_line`), else
    the file stem. Front matter is a section of its
    own (its properties as text, from line 2); the body's section starts at the line after
    it, so line numbers stay right."""

    format = "markdown"

    def load(self, path: Path, data: bytes) -> Document:
        text = decode_text(data, path)
        if path.suffix.lower() not in MARKDOWN_EXT:
            # A plain-text note's aligned tables, as pipe tables line for line
            # (ingest/aligned_tables.py); a markdown file writes its own.
            text = pipe_tables(text)
        fields, skip = split_front_matter(text)
        body = text
        if skip:
            body = text.split("\n", skip)[skip] if text.count("\n") >= skip else ""
        if not body.strip():
            raise UnsupportedFileError("empty file (only front matter)", path=str(path))
        note, fm_title, warning = NoteMeta(), None, None
        sections: list[Section] = []
        if skip:
            block = "\n".join(text.split("\n", skip)[1 : skip - 1])
            note, fm_title, warning = parse_front_matter(block)
            # its own section (lines 2..): a chunk that never reaches into the body's lines
            props = rewrite_wiki_links(front_matter_text(block))
            if props.strip():
                sections.append(Section(text=props, line_start=2))
        # Obsidian conventions (notelens.ingest.obsidian): body tags join the front
        # matter's; wiki-links become markdown links the chunker already understands.
        tags = tuple(dict.fromkeys([*note.tags, *inline_tags(body)]))
        if tags != note.tags:
            note = replace(note, tags=tags)
        body = rewrite_wiki_links(body)
        title = (
            markdown_title(body)
            or fm_title
            or fields.get("title")
            or title_line(body)
            or display_path(path.stem)
        )
        return Document(
            source=source_key(path),
            title=title,
            format="markdown",
            sections=(*sections, Section(text=body, line_start=skip + 1)),
            note=note,
            warnings=(warning,) if warning else (),
        )


class TextLoader:
    """Plain text. Title: the first non-blank line when it is short, else the file stem."""

    format = "text"

    def load(self, path: Path, data: bytes) -> Document:
        text = decode_text(data, path)
        first = next((ln.strip() for ln in text.split("\n", 50) if ln.strip()), "")
        title = first if 0 < len(first) <= TITLE_MAX_CHARS else display_path(path.stem)
        return Document(
            source=source_key(path), title=title, format="text", sections=(Section(text=text),)
        )
