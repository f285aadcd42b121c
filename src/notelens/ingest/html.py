"""HTML loader (selectolax/lexbor, imported lazily): the page's main text as markdown.

``script``/``style``/``nav``/``aside``/``footer`` (and ``header`` outside the main
content) are dropped; ``<main>``, else a single ``<article>``, else ``<body>`` is read.
Headings become ``#`` lines so the markdown chunker can build heading paths, links
become ``[text](url)``, lists ``-``/``1.`` items, tables pipe tables, ``<pre>`` fenced
code. The title is ``<title>``, else the first ``<h1>``, else the file stem. The chunks
of an HTML document carry no line numbers: the text is a conversion of the source.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from notelens.errors import IngestError
from notelens.ingest.budget import checkpoint
from notelens.ingest.detect import decode_text
from notelens.paths import display_path, source_key
from notelens.types import Document, Section

__all__ = ["HtmlLoader", "html_to_markdown"]

_DROP = frozenset(
    {
        "script", "style", "nav", "aside", "footer", "noscript", "template", "svg",
        "iframe", "head", "form", "button", "select", "canvas", "object", "-comment",
    }
)  # fmt: skip
_BLOCK = frozenset(
    {
        "p", "div", "section", "article", "main", "header", "figure", "figcaption",
        "address", "details", "summary", "dl", "dt", "dd", "fieldset", "center", "body",
        "html", "hgroup", "caption",
    }
)  # fmt: skip
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_WS = re.compile(r"\s+")
_MAX_DEPTH = 200
#: Deeper markup is refused before parsing: lexbor's tree builder is quadratic in the
#: nesting depth (200k nested <div>s took 112-186 s, 4096 levels 0.05 s); real pages
#: nest under 100 deep.
MAX_NESTING = 4096
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(/?)>")
# Elements that never nest (void) or whose end tag may be left out (the parser closes
# them itself): they do not count towards the nesting depth.
_NO_DEPTH = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option",
        "optgroup", "thead", "tbody", "tfoot", "colgroup", "rb", "rt", "rp", "html",
        "head", "body", "param", "keygen",
    }
)  # fmt: skip
# Hidden content is not body text (an injection hides there): the `hidden` attribute,
# aria-hidden, and inline styles that hide, shrink to nothing or move off screen.
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)|opacity\s*:\s*0(?:\.0*)?\s*(?:;|$|!)"
    r"|(?<![-\w])(?:width|height|max-width|max-height|font-size)\s*:\s*0(?:\.0*)?(?:px|em|rem|%|pt)?\s*(?:;|$|!)"
    r"|(?<![-\w])(?:left|top|right|text-indent|margin-left|margin-top)\s*:\s*-\s*[0-9]{3,}"
    r"|clip\s*:\s*rect\(\s*0|clip-path\s*:\s*inset\(\s*50%",
    re.I,
)
_HIDDEN_CLASSES = frozenset({"hidden", "d-none", "invisible", "sr-only", "visually-hidden"})
_CHECK_EVERY = 256


def _attr(node: Any, name: str) -> str:
    value = node.attributes.get(name)
    return value.strip() if isinstance(value, str) else ""


def nesting_depth(html: str) -> int:
    """The deepest element nesting of ``html``, counted on its tags in one linear pass
    (elements with optional end tags and void elements left out)."""
    depth = deepest = 0
    for m in _TAG.finditer(html):
        name = m.group(2).lower()
        if name in _NO_DEPTH or m.group(3):
            continue
        if m.group(1):
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def is_hidden(node: Any) -> bool:
    """True for an element a reader does not see (see ``_HIDDEN_STYLE``)."""
    attrs = node.attributes
    if not attrs:
        return False
    if "hidden" in attrs or str(attrs.get("aria-hidden") or "").strip().lower() == "true":
        return True
    style = attrs.get("style")
    if isinstance(style, str) and _HIDDEN_STYLE.search(style):
        return True
    cls = attrs.get("class")
    return isinstance(cls, str) and not _HIDDEN_CLASSES.isdisjoint(cls.lower().split())


class _Converter:
    def __init__(self) -> None:
        self.out: list[str] = []
        self.buf: list[str] = []
        self.visited = 0

    def skip(self, node: Any) -> bool:
        """Dropped elements and hidden ones; also the parse budget's checkpoint."""
        self.visited += 1
        if self.visited % _CHECK_EVERY == 0:
            checkpoint()
        return node.tag in _DROP or is_hidden(node)

    # -- inline ---------------------------------------------------------------------
    def inline(self, node: Any, depth: int = 0) -> str:
        parts: list[str] = []
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                parts.append(_WS.sub(" ", child.text(deep=False) or ""))
            elif self.skip(child):
                continue
            elif tag == "br":
                parts.append("\n")
            elif tag == "a":
                text = self.inline(child, depth + 1).strip() if depth < _MAX_DEPTH else ""
                href = _attr(child, "href")
                if href and not href.startswith(("javascript:", "#")):
                    if re.search(r"[\s()]", href):
                        href = f"<{href}>"
                    parts.append(f"[{text}]({href})")
                else:
                    parts.append(text)
            elif tag == "img":
                parts.append(_attr(child, "alt"))
            elif tag == "code":
                parts.append(child.text(deep=True) or "")
            elif depth < _MAX_DEPTH:
                parts.append(self.inline(child, depth + 1))
            else:
                parts.append(_WS.sub(" ", self.flat_text(child)))
        return "".join(parts)

    def flat_text(self, node: Any) -> str:
        """All visible text under ``node``, without structure; iterative, so any depth
        costs no recursion, and hidden or dropped subtrees are left out."""
        parts: list[str] = []
        stack = [iter([node])]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
            elif child.tag == "-text":
                parts.append(child.text(deep=False) or "")
            elif not self.skip(child):
                stack.append(iter(child.iter(include_text=True)))
        return "".join(parts)

    # -- blocks ---------------------------------------------------------------------
    def flush(self) -> None:
        text = "".join(self.buf)
        self.buf = []
        lines = [_WS.sub(" ", ln).strip() for ln in text.split("\n")]
        lines = [ln for ln in lines if ln]
        if lines:
            self.out.append("\n".join(lines))

    def emit(self, block: str) -> None:
        self.flush()
        if block.strip():
            self.out.append(block)

    def walk(self, node: Any, depth: int = 0, keep_header: bool = True) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                self.buf.append(_WS.sub(" ", child.text(deep=False) or ""))
                continue
            if self.skip(child) or (tag == "header" and not keep_header):
                continue
            if depth >= _MAX_DEPTH:
                self.buf.append(" " + self.flat_text(child) + " ")
                continue
            if tag in _HEADINGS:
                text = _WS.sub(" ", self.inline(child)).strip()
                self.emit(f"{'#' * _HEADINGS[tag]} {text}" if text else "")
            elif tag in ("ul", "ol"):
                self.flush()
                lines: list[str] = []
                self.list_lines(child, 0, lines, depth)
                self.emit("\n".join(lines))
            elif tag == "pre":
                code = (child.text(deep=True) or "").strip("\n")
                self.emit(f"```\n{code}\n```" if code.strip() else "")
            elif tag == "table":
                self.emit(self.table(child))
            elif tag == "blockquote":
                inner = _Converter()
                inner.walk(child, depth + 1)
                inner.flush()
                text = "\n\n".join(inner.out)
                self.emit("\n".join(f"> {ln}" if ln else ">" for ln in text.split("\n")))
            elif tag == "hr":
                self.flush()
            elif tag == "br":
                self.buf.append("\n")
            elif tag in _BLOCK or tag == "li":
                self.flush()
                self.walk(child, depth + 1, keep_header)
                self.flush()
            else:
                self.buf.append(self.inline_one(child, depth))

    def inline_one(self, node: Any, depth: int) -> str:
        holder = _Single(node)
        return self.inline(holder, depth)

    def list_lines(self, node: Any, level: int, lines: list[str], depth: int) -> None:
        ordered = node.tag == "ol"
        number = 1
        for li in node.iter():
            if li.tag != "li" or self.skip(li):
                continue
            text_parts: list[str] = []
            nested: list[Any] = []
            for child in li.iter(include_text=True):
                if child.tag == "-text":
                    text_parts.append(child.text(deep=False) or "")
                elif self.skip(child):
                    continue
                elif child.tag in ("ul", "ol") and level < 20:
                    nested.append(child)
                else:  # deeper lists are kept as the item's text, not dropped
                    text_parts.append(self.inline_one(child, depth + 1))
            text = _WS.sub(" ", "".join(text_parts)).strip()
            marker = f"{number}." if ordered else "-"
            number += 1
            lines.append(f"{'    ' * level}{marker} {text}".rstrip())
            for sub in nested:
                self.list_lines(sub, level + 1, lines, depth + 1)

    def table(self, node: Any) -> str:
        rows: list[list[str]] = []
        for tr in _rows(node):
            if self.skip(tr):
                continue
            # A nested table is part of its cell's text, read once: the table's own
            # rows only (css("tr") would repeat every inner row in each outer table).
            cells = [
                _WS.sub(" ", self.inline(cell)).strip().replace("|", "\\|")
                for cell in tr.iter()
                if cell.tag in ("td", "th") and not self.skip(cell)
            ]
            if cells:
                rows.append(cells)
        if not rows:
            return ""
        width = max(len(r) for r in rows)
        lines = ["| " + " | ".join(rows[0] + [""] * (width - len(rows[0]))) + " |"]
        lines.append("|" + "---|" * width)
        for r in rows[1:]:
            lines.append("| " + " | ".join(r + [""] * (width - len(r))) + " |")
        return "\n".join(lines)


def _rows(table: Any) -> Iterator[Any]:
    """The ``<tr>`` rows of ``table`` itself (direct, or in its thead/tbody/tfoot)."""
    for child in table.iter():
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from (tr for tr in child.iter() if tr.tag == "tr")


class _Single:
    """Wraps one node so :meth:`_Converter.inline` can treat it as a child list."""

    def __init__(self, node: Any) -> None:
        self.node = node

    def iter(self, include_text: bool = False) -> list[Any]:
        return [self.node]


def html_to_markdown(html: str) -> tuple[str, str | None]:
    """Convert an HTML page to markdown text; also return its title (or ``None``)."""
    from selectolax.lexbor import LexborHTMLParser

    depth = nesting_depth(html)
    if depth > MAX_NESTING:
        raise IngestError(f"HTML is nested {depth} levels deep, over the {MAX_NESTING} limit")
    tree = LexborHTMLParser(html)
    title: str | None = None
    title_node = tree.css_first("title")
    if title_node is not None:
        title = _WS.sub(" ", title_node.text(deep=True) or "").strip() or None
    root = tree.css_first("main")
    keep_header = True
    if root is None:
        articles = tree.css("article")
        root = articles[0] if len(articles) == 1 else None
    if root is None:
        root = tree.body or tree.root
        keep_header = False
    if title is None:
        h1 = next((h for h in tree.css("h1") if not is_hidden(h)), None)
        if h1 is not None:
            title = _WS.sub(" ", h1.text(deep=True) or "").strip() or None
    conv = _Converter()
    if root is not None:
        conv.walk(root, 0, keep_header)
    conv.flush()
    return "\n\n".join(conv.out), title


class HtmlLoader:
    """HTML pages, converted to markdown (one section, no line numbers)."""

    format = "html"

    def load(self, path: Path, data: bytes) -> Document:
        text = decode_text(data, path)
        try:
            markdown, title = html_to_markdown(text)
        except ImportError as exc:  # pragma: no cover - install problem
            raise IngestError("selectolax is not installed", path=str(path)) from exc
        except RecursionError as exc:
            raise IngestError("HTML is nested too deeply", path=str(path)) from exc
        except IngestError as exc:
            if exc.path is None:
                exc.path = str(path)
            raise
        if not markdown.strip():
            raise IngestError("no text in HTML page", path=str(path))
        return Document(
            source=source_key(path),
            title=title or display_path(path.stem),
            format="html",
            sections=(Section(text=markdown),),
        )
