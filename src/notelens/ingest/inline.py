"""Inline cleaning of one line of markdown (or plain text) into chunk text plus links.

Decision: the chunk text keeps a link's *visible text* and drops its URL; every URL
goes to :attr:`~notelens.types.Chunk.links` instead (``[text](url)``, ``<https://...>``
autolinks, ``<a href>`` tags). Bare ``http(s)://`` URLs are the visible text itself, so
they stay in the text *and* are collected as links. Images keep their alt text only.
Known HTML tags (``<br>``, ``<details>``, ``<summary>``, ``<b>`` ...) are removed and
their content kept; entities are unescaped; ``**bold**``, ``*em*``, ``~~strike~~`` and
inline-code backticks are stripped; backslash escapes are resolved.
"""

from __future__ import annotations

import html
import re

from notelens.types import Link

__all__ = ["LinkAt", "clean_heading", "clean_inline", "clean_plain"]

#: A link and the offset of its visible text in the cleaned line.
LinkAt = tuple[int, Link]

_TAG_NAMES = (
    "details|summary|br|hr|p|div|span|b|i|u|em|strong|sup|sub|img|a|font|center|small|big|"
    "del|ins|s|strike|mark|kbd|code|pre|blockquote|table|thead|tbody|tfoot|tr|td|th|ul|ol|"
    "li|dl|dt|dd|h[1-6]|section|article|nav|header|footer|main|aside|figure|figcaption|"
    "picture|source|video|audio|iframe|abbr|cite|q|input|label|button|meta|link|wbr|tt|var|"
    "samp|nobr|ruby|rt|rp|caption|colgroup|col"
)
_TAG = re.compile(rf"</?(?:{_TAG_NAMES})\b[^<>]*?/?>", re.IGNORECASE)
_BR_END = re.compile(r"(?:\s*<br\s*/?>)+\s*$", re.IGNORECASE)
_BR = re.compile(r"\s*<br\s*/?>\s*", re.IGNORECASE)
_A_TAG = re.compile(
    r"<a\b[^>]*?\bhref\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)[^>]*>(.*?)</a\s*>", re.IGNORECASE
)
_IMG_ALT = re.compile(r"<img\b[^>]*?\balt\s*=\s*(\"[^\"]*\"|'[^']*')[^>]*>", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->")

_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_EM = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])")
_CODE = re.compile(r"(`+)(?=\S)(.+?)(?<=\S)\1")
_HELD = re.compile("\ue000(\\d+)\ue001")

_LINKISH = re.compile(
    r"(?P<img>!)?\[(?P<text>(?:[^\[\]\\\n]|\\.|\[[^\[\]\n]*\])*)\]"
    r"\(\s*(?P<url><[^<>\n]*>|(?:[^()\s]|\([^()\s]*\))*)"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*\)"
    r"|<(?P<auto>https?://[^<>\s]+)>"
    r"|(?P<bare>https?://[^\s<>\[\]\"'`]+)"
)
_BARE_URL = re.compile(r"https?://[^\s<>\[\]\"'`]+")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
_SPACES = re.compile(r"[\u00a0\u2002-\u200a\u202f\u205f\u3000]")
_RUNS = re.compile(r"(?<=\S)[ \t]{2,}(?=\S)")
_URL_TRAIL = ".,;:!?'\"”’"


def _normalize(s: str) -> str:
    if s.isprintable():  # the common case: nothing to replace
        return s
    return _CONTROL.sub("", _SPACES.sub(" ", s))


def _trim_url(url: str) -> str:
    while url:
        last = url[-1]
        if last in _URL_TRAIL or (last == ")" and url.count("(") < url.count(")")):
            url = url[:-1]
        else:
            break
    return url


def _unescape_md(s: str) -> str:
    return _ESCAPE.sub(r"\1", s) if "\\" in s else s


def _a_tag_to_md(m: re.Match[str]) -> str:
    href = m.group(1).strip("\"'")
    inner = _TAG.sub("", m.group(2)).strip()
    if re.search(r"[\s()]", href):
        href = f"<{href}>"
    return f"[{inner}]({href})"


def _strip_markup(s: str) -> str:
    # A code span holding a tag is literal: `<details>` is text, not a tag to strip. Its
    # content is set aside before the tags go and put back (without backticks) after.
    # (Only spans with a tag: a comment in a code span is still dropped, as before.)
    spans: list[str] = []
    if "`" in s and "<" in s:
        s = _CODE.sub(lambda m: _hold(spans, m.group(2)) if _TAG.search(m.group(2)) else m[0], s)
    # Each step only runs when its trigger character is present (most lines have none).
    if "<" in s:
        s = _COMMENT.sub("", s)
        s = _A_TAG.sub(_a_tag_to_md, s)
        s = _IMG_ALT.sub(lambda m: m.group(1).strip("\"'"), s)
        s = _BR_END.sub("", s)
        s = _BR.sub("\n", s)
        s = _TAG.sub("", s)
    if "&" in s:
        s = _normalize(html.unescape(s))
    if "`" in s:
        s = _CODE.sub(r"\2", s)
    if "*" in s:
        s = _BOLD.sub(r"\1", s)
        s = _EM.sub(r"\1", s)
    if "~" in s:
        s = _STRIKE.sub(r"\1", s)
    if spans:
        s = _HELD.sub(lambda m: spans[int(m.group(1))], s)
    return s


def _hold(spans: list[str], content: str) -> str:
    """A placeholder for a code span's ``content`` (private-use marks, no markup in it)."""
    spans.append(content)
    return f"\ue000{len(spans) - 1}\ue001"


def clean_inline(line: str) -> tuple[str, list[LinkAt]]:
    """Clean one markdown line; return its text and its links (offsets into that text)."""
    s = _RUNS.sub(" ", _strip_markup(_normalize(line)))
    if "[" not in s and "<" not in s and "http" not in s:
        return _unescape_md(s), []
    out: list[str] = []
    links: list[LinkAt] = []
    pos = 0
    length = 0
    for m in _LINKISH.finditer(s):
        plain = _unescape_md(s[pos : m.start()])
        out.append(plain)
        length += len(plain)
        if m.group("bare") is not None:
            raw = m.group("bare")
            url = _trim_url(raw)
            links.append((length, Link(text=url, url=url)))
            out.append(url)
            length += len(url)
            rest = raw[len(url) :]
            out.append(rest)
            length += len(rest)
        elif m.group("auto") is not None:
            url = m.group("auto")
            links.append((length, Link(text=url, url=url)))
            out.append(url)
            length += len(url)
        else:
            text = _unescape_md(m.group("text")).strip()
            url = m.group("url").strip()
            if url.startswith("<") and url.endswith(">"):
                url = url[1:-1].strip()
            if m.group("img") is None and url:
                links.append((length, Link(text=text, url=url)))
            out.append(text)
            length += len(text)
        pos = m.end()
    out.append(_unescape_md(s[pos:]))
    return "".join(out), links


def clean_heading(text: str) -> str:
    """Heading text without markdown: links become their text, markup is dropped."""
    cleaned, _ = clean_inline(text)
    return " ".join(cleaned.split())


def clean_plain(line: str) -> tuple[str, list[LinkAt]]:
    """Clean one plain-text line: odd spaces and control characters; bare URLs as links."""
    s = _normalize(line).rstrip()
    links: list[LinkAt] = []
    for m in _BARE_URL.finditer(s):
        url = _trim_url(m.group(0))
        links.append((m.start(), Link(text=url, url=url)))
    return s, links
