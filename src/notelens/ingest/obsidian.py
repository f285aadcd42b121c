"""Obsidian conventions in markdown notes: YAML front matter, inline ``#tags``, wiki-links.

* **Front matter** is read with PyYAML's ``safe_load`` (no object construction). ``tags``,
  ``aliases``, ``title`` and ``date`` have their meaning; other keys are kept as text in
  :attr:`~notelens.types.NoteMeta.fields`. Its lines are also note text of their own
  (:func:`front_matter_text`, a chunk before the body), so an alias or a date can be
  found and cited by its line. A front matter YAML cannot read is a per-file
  warning: its block is still left out of the body, which is indexed as usual.
* **Inline tags**: ``#논문``, ``#LLM/finetuning``; not a heading's ``#``, not ``#123``, not
  inside code or a URL (a tag must follow whitespace or the line start).
* **Wiki-links**: ``[[Note]]``, ``[[Note|alias]]``, ``[[Note#Heading]]`` become ordinary
  markdown links ``[readable](<wiki:Note#Heading>)`` before chunking, so the chunk text
  keeps the readable form (the alias, else the note name) and the link target is stored
  with the chunk's links (url ``wiki:...``). An embed ``![[file]]`` / ``![[note#heading]]``
  leaves no text (``[](<wiki:file>)``): a file name is no sentence a search or an answer
  should find (a line holding only an embed is dropped, its link with it). Targets are resolved
  against the index when read (:mod:`notelens.index.links`), not here: a note created
  later resolves without re-indexing the notes that link to it, as in Obsidian.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from typing import Any

from notelens.types import NoteMeta

__all__ = [
    "WIKI_SCHEME",
    "front_matter_text",
    "inline_tags",
    "parse_front_matter",
    "rewrite_wiki_links",
    "wiki_target",
]

#: URL scheme of a wiki-link in :attr:`~notelens.types.Chunk.links`.
WIKI_SCHEME = "wiki:"

_WIKI = re.compile(r"(!?)\[\[([^\[\]\n|]*?)(?:\|([^\[\]\n]*))?\]\]")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)[^`\n]*?\1")
_TAG = re.compile(r"(?:^|(?<=\s))#([\w][\w/-]*)")
_FM_PAIR = re.compile(r"^([^:\s][^:]*?)[ \t]*:(?:[ \t]+(.*)|)$")
#: Front matter keys that name or file the note (not note text; see front_matter_text).
_NAMING_KEYS = frozenset({"title", "tags", "tag"})
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def _as_list(value: object) -> list[str]:
    """A YAML value that should be a list of strings (``a, b``, ``[a, b]``, ``- a``)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [p for p in re.split(r"[,\s]+", value) if p]
    if isinstance(value, Iterable):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    return [str(value)]


def _clean_tag(tag: str) -> str | None:
    tag = tag.strip().lstrip("#").strip("/")
    if not tag or tag.isdigit() or any(c.isspace() for c in tag):
        return None
    return tag


def _day(value: object) -> str | None:
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        m = _ISO_DAY.match(value.strip())
        if m:
            try:
                return _dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
            except ValueError:
                return None
    return None


def _loader() -> Any:
    """PyYAML's SafeLoader, with timestamps left as text: ``date: 2024-02-30`` must not
    raise (SafeLoader builds a ``datetime.date``); :func:`_day` checks the day itself."""
    import yaml

    class _TextDates(yaml.SafeLoader):  # type: ignore[misc]
        pass

    _TextDates.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return _TextDates


def parse_front_matter(block: str) -> tuple[NoteMeta, str | None, str | None]:
    """The note properties in a front matter ``block`` (without its ``---`` lines), its
    ``title`` and a warning (``None`` when YAML read it)."""
    import yaml

    try:
        data = yaml.load(block, Loader=_loader())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        return NoteMeta(), None, f"front matter is not valid YAML{where}; properties ignored"
    if data is None:
        return NoteMeta(), None, None
    if not isinstance(data, dict):
        return NoteMeta(), None, "front matter is not a YAML mapping; properties ignored"
    tags: list[str] = []
    aliases: list[str] = []
    title: str | None = None
    day: str | None = None
    fields: list[tuple[str, str]] = []
    for key, value in data.items():
        name = str(key).lower()
        if name in ("tags", "tag"):
            tags.extend(t for t in (_clean_tag(v) for v in _as_list(value)) if t)
        elif name in ("aliases", "alias"):
            items = [value] if isinstance(value, str) else _as_list(value)
            aliases.extend(a.strip() for a in items if a.strip())
        elif name == "title" and value is not None:
            title = str(value).strip() or None
        elif name == "date":
            day = _day(value)
            if value is not None:
                fields.append((name, str(value)))
        elif value is not None:
            fields.append((str(key), str(value)))
    meta = NoteMeta(
        tags=tuple(dict.fromkeys(tags)),
        aliases=tuple(dict.fromkeys(aliases)),
        date=day,
        fields=tuple(fields),
    )
    return meta, title, None


def front_matter_text(block: str) -> str:
    """The front matter ``block`` (without its ``---`` lines) as note text, one line per
    line so line numbers stay right: ``key: value`` as written, a list (``[a, b]`` or a
    block of ``- a`` lines) as ``key: a, b`` on its key's line, quotes dropped, YAML
    comments blank (a ``# ...`` line must not read as a heading). Properties are what
    the note says about itself (its aliases, its date, an owner), so they are searched
    and cited like the body. Left out: ``title`` and ``tags``, which name and file the
    note rather than say something (the title is every chunk's title, tags are filters);
    as text they made a short chunk that any question naming the note found first. A
    list's items stay on their key's line: a key's values, not a list the note keeps."""
    out: list[str] = []
    key_at = -1  # the line of the key a block list's items join (-2: a key left out)
    for line in block.split("\n"):
        text = line.strip()
        if text.startswith("- ") and key_at != -1:
            if key_at >= 0:
                item = _fm_value(text[2:].strip())
                out[key_at] += (" " if out[key_at].endswith(":") else ", ") + item
            out.append("")
            continue
        key_at = -1
        m = _FM_PAIR.match(text) if text and not text.startswith("#") else None
        if m is None:
            out.append("" if not text or text.startswith("#") else text)
            continue
        value = (m.group(2) or "").strip()
        if m.group(1).lower() in _NAMING_KEYS:
            key_at = -2
            out.append("")
            continue
        key_at = -1 if value else len(out)
        out.append(f"{m.group(1)}: {_fm_value(value)}".rstrip())
    return "\n".join(out)


def _fm_value(value: str) -> str:
    if len(value) >= 2 and value[0] == "[" and value[-1] == "]":
        return ", ".join(_unquote(v.strip()) for v in value[1:-1].split(",") if v.strip())
    return _unquote(value)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _outside_code(lines: list[str]) -> Iterable[tuple[int, str]]:
    """Index and text of each line outside fenced code blocks."""
    fence: str | None = None
    for i, line in enumerate(lines):
        m = _FENCE.match(line)
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        yield i, line


def inline_tags(body: str) -> list[str]:
    """``#tags`` of the body, in order (outside code fences and code spans)."""
    found: list[str] = []
    for _, line in _outside_code(body.split("\n")):
        if "#" not in line:
            continue
        for m in _TAG.finditer(_CODE_SPAN.sub(" ", line)):
            tag = _clean_tag(m.group(1))
            if tag is not None:
                found.append(tag)
    return found


def _readable(target: str, alias: str | None) -> str:
    if alias and alias.strip():
        return alias.strip()
    note, _, heading = target.partition("#")
    note, heading = note.strip(), heading.strip().lstrip("^")
    if note and heading:
        return f"{note} > {heading}"
    return note or heading


def _replace_links(line: str) -> str:
    def sub(m: re.Match[str]) -> str:
        target = m.group(2).strip()
        if not target:
            return m.group(0)
        # An embed (``![[file]]``) shows the file, it says nothing: no text, only the link.
        text = "" if m.group(1) else _readable(target, m.group(3))
        text = text.replace("[", "(").replace("]", ")")
        return f"[{text}](<{WIKI_SCHEME}{target.replace('<', '').replace('>', '')}>)"

    # Code spans stay as written: rewrite only the text between them.
    out: list[str] = []
    pos = 0
    for m in _CODE_SPAN.finditer(line):
        out.append(_WIKI.sub(sub, line[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_WIKI.sub(sub, line[pos:]))
    return "".join(out)


def rewrite_wiki_links(body: str) -> str:
    """``body`` with every wiki-link outside code as a markdown link (same line count)."""
    if "[[" not in body:
        return body
    lines = body.split("\n")
    for i, line in _outside_code(lines):
        if "[[" in line:
            lines[i] = _replace_links(line)
    return "\n".join(lines)


def wiki_target(url: str) -> tuple[str, str] | None:
    """``(note, heading)`` of a stored wiki-link url, ``None`` for any other url."""
    if not url.startswith(WIKI_SCHEME):
        return None
    note, _, heading = url[len(WIKI_SCHEME) :].partition("#")
    return note.strip(), heading.strip()
