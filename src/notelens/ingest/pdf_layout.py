"""Reading a PDF like a paper: lines with their font size, the title, section headings,
running headers/footers and hyphenated line breaks. Pure functions over the text pypdf
extracts (``pdf.py`` collects the lines; ``pdf_chunk.py`` chunks the result).

* **title**: the document metadata's title when it reads like one (not a file name, not
  "untitled", not "Microsoft Word - x.docx"), else the largest text in the top part of
  page 1 (consecutive lines of that size joined: titles wrap);
* **headings**: from the PDF outline when it has one (entries matched to lines of their
  page), else lines set clearly larger than the body text (the body size is the size
  most characters have), or numbered section lines ("3.2 Training data", "4 Results") in
  at least the body size. A heading line is written ``#``-marked into the page text
  (``##`` for a second level) so the chunker can carry it as the heading path;
* **running headers/footers**: a line among the first/last two of a page that, with its
  digits masked, recurs on at least :data:`RUNNING_SHARE` of the pages (and 3 pages),
  bare page numbers ("12", "Page 3 of 9", "- 4 -") and the arXiv side stamp are dropped;
* **hyphenation**: ``optimiza-`` + ``tion`` becomes ``optimization`` only when the joined
  word is a word: seen unhyphenated elsewhere in the document, or the two halves are not
  both words of the document. ``pre-`` + ``training`` stays ``pre-training`` when that
  hyphenated form is used elsewhere (or both halves are words).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "RUNNING_SHARE",
    "Line",
    "PaperLayout",
    "body_size",
    "dehyphenate",
    "layout",
]

RUNNING_SHARE = 0.4
#: A heading line is at least this much larger than the body text.
HEADING_RATIO = 1.12
MAX_HEADING_CHARS = 90
_LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
    }
)
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,2})\.?\s+([A-Z][^\s].{1,80})$")
_PAGE_NO = re.compile(
    r"^(?:[-–—]\s*)?(?:page\s+)?(\d{1,4}|[ivxlc]{1,6})(?:\s*(?:of|/)\s*\d{1,4})?(?:\s*[-–—])?$",
    re.IGNORECASE,
)
_ARXIV = re.compile(r"^arXiv:\d{4}\.\d{4,5}(?:v\d+)?\s*\[[\w.\-]+\]")
_UNNUMBERED = re.compile(
    r"^(?:abstract|references|bibliography|acknowledge?ments?|appendix(?:\s+\w+)?|"
    r"conclusions?|introduction|related work)$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_HYPHEN_BREAK = re.compile(r"([^\W\d_]+)-\n([^\W\d_]+)")
_BAD_TITLE = re.compile(
    r"^(?:untitled|microsoft word|title|document|slide|\S+\.(?:pdf|docx?|tex|dvi))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Line:
    """One extracted line: its text and its font size (the size most of its characters
    have, in points after the text matrix)."""

    text: str
    size: float


@dataclass(frozen=True, slots=True)
class PaperLayout:
    """The result: the title (``None``: none found) and one text per page, with heading
    lines ``#``-marked and running lines dropped."""

    title: str | None
    pages: tuple[str, ...]


def clean_line(text: str) -> str:
    return " ".join(text.translate(_LIGATURES).split())


def body_size(pages: Sequence[Sequence[Line]]) -> float:
    """The font size most characters are set in."""
    weight: Counter[float] = Counter()
    for page in pages:
        for ln in page:
            weight[round(ln.size, 1)] += len(ln.text)
    return weight.most_common(1)[0][0] if weight else 0.0


def good_meta_title(title: str | None) -> str | None:
    if not title:
        return None
    title = " ".join(title.split())
    if len(title) < 4 or _BAD_TITLE.match(title) or not _WORD.search(title):
        return None
    return title


def first_page_title(page: Sequence[Line], body: float) -> str | None:
    """The largest text among the first lines of page 1 (wrapped lines joined)."""
    top = [
        ln for ln in page[:25] if ln.text and _WORD.search(ln.text) and not _ARXIV.match(ln.text)
    ]
    if not top:
        return None
    biggest = max(ln.size for ln in top)
    if biggest < body * HEADING_RATIO:
        return None
    parts: list[str] = []
    for ln in top:
        if abs(ln.size - biggest) < 0.05 * biggest:
            parts.append(ln.text)
        elif parts:
            break
    title = " ".join(parts).strip()
    return title if 3 < len(title) <= 300 else None


def _norm_running(text: str) -> str:
    return _DIGITS.sub("#", text.lower()).strip()


def running_lines(pages: Sequence[Sequence[Line]]) -> set[str]:
    """Digit-masked lines recurring at the top or bottom of many pages."""
    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for page in pages:
        edge = [ln.text for ln in page[:2]] + [ln.text for ln in page[-2:]]
        seen.update({_norm_running(t) for t in edge if t})
    need = max(3, int(RUNNING_SHARE * len(pages) + 0.999))
    return {t for t, n in seen.items() if n >= need}


def _is_page_number(text: str) -> bool:
    return bool(_PAGE_NO.match(text))


def heading_level(ln: Line, body: float, numbered_only: bool = False) -> int:
    """0 for body text, else 1 or 2. ``numbered_only`` (a paper that numbers its
    sections): larger unnumbered text is a heading only when it is a usual unnumbered
    section name (figure labels are large too)."""
    text = ln.text
    if not text or len(text) > MAX_HEADING_CHARS or text.endswith((".", ",", ";", ":")):
        return 0
    if not _WORD.search(text):
        return 0
    m = _NUMBERED.match(text)
    if m and ln.size >= body * 0.98 and not re.search(r"\d[%.,]\d|\bet al\b", m.group(2)):
        return 1 if "." not in m.group(1) else 2
    if numbered_only and not _UNNUMBERED.match(text):
        return 0
    if ln.size >= body * HEADING_RATIO and len(text.split()) <= 12 and text[0].isupper():
        return 1
    return 0


def _vocabulary(texts: Iterable[str]) -> tuple[Counter[str], set[str]]:
    words: Counter[str] = Counter()
    hyphenated: set[str] = set()
    for text in texts:
        for m in re.finditer(r"[^\W\d_]+(?:-[^\W\d_]+)+", text):
            if "\n" not in m.group(0):
                hyphenated.add(m.group(0).lower())
        words.update(w.lower() for w in _WORD.findall(text.replace("-\n", " ")))
    return words, hyphenated


def dehyphenate(text: str, words: Counter[str], hyphenated: set[str]) -> str:
    """Rejoin ``word-\\nbreak`` (see the module doc for when the hyphen is kept)."""

    def join(m: re.Match[str]) -> str:
        a, b = m.group(1), m.group(2)
        joined = (a + b).lower()
        if f"{a}-{b}".lower() in hyphenated:
            return f"{a}-{b}\n"
        if words[joined] > 0 or not (words[a.lower()] > 0 and words[b.lower()] > 0):
            return f"{a}{b}\n"
        return f"{a}-{b}\n"

    return _HYPHEN_BREAK.sub(join, text)


def layout(
    pages: Sequence[Sequence[Line]],
    *,
    meta_title: str | None = None,
    outline: Sequence[tuple[int, str, int]] = (),
) -> PaperLayout:
    """Title, headings and clean page texts (see the module doc). ``outline``: (page
    index, title, depth) entries of the PDF's bookmarks."""
    pages = [[Line(clean_line(ln.text), ln.size) for ln in page] for page in pages]
    pages = [[ln for ln in page if ln.text] for page in pages]
    body = body_size(pages)
    title = good_meta_title(meta_title) or (first_page_title(pages[0], body) if pages else None)
    running = running_lines(pages)
    by_page: dict[int, dict[str, int]] = {}
    for index, name, depth in outline:
        by_page.setdefault(index, {})[clean_line(name).lower()] = min(depth + 1, 2)
    title_key = (title or "").lower()
    n_numbered = sum(
        1 for page in pages for ln in page if heading_level(ln, body) and _NUMBERED.match(ln.text)
    )
    texts: list[str] = []
    for k, page in enumerate(pages):
        out: list[str] = []
        last = len(page) - 1
        for i, ln in enumerate(page):
            # edges of a page with a body between them: a page that is one line is content
            at_edge = last >= 2 and (i < 2 or i > last - 2)
            page_no = len(pages) > 1 and _is_page_number(ln.text)  # a 1-page note's "42" stays
            if at_edge and (page_no or _norm_running(ln.text) in running):
                continue
            if _ARXIV.match(ln.text):
                continue
            if outline:
                level = by_page.get(k, {}).get(ln.text.lower(), 0)
            else:
                level = heading_level(ln, body, numbered_only=n_numbered >= 3)
            if level and k == 0 and ln.text.lower() in title_key:
                level = 0  # the title itself is not a section
            if level:
                out.append(f"{'#' * level} {ln.text}")
            else:
                out.append("\\" + ln.text if ln.text.startswith("#") else ln.text)
        texts.append("\n".join(out))
    words, hyphenated = _vocabulary(texts)
    return PaperLayout(title, tuple(dehyphenate(t, words, hyphenated) for t in texts))
