"""De-obfuscation: the views of a text that detectors look at, each mapped back to it.

Attackers hide instructions from people and from naive rules: full-width letters,
zero-width characters, Cyrillic look-alikes, letters spaced out (``i g n o r e``),
leetspeak, Hangul split into jamo (``ㅇㅣㅈㅓㄴ``), base64 / hex / rot13 payloads,
Unicode tag characters, HTML comments, markdown link targets and titles.
:func:`views` returns the plain text folded (lower-cased, NFKC, look-alikes mapped)
plus one view per hidden or encoded channel. Every view keeps ``origin``: for each
of its characters, the offset in the original text, so a finding in a view becomes
a span of what the user wrote. The original is never changed.
"""

# Regex tables read best one pattern per line.

from __future__ import annotations

import base64
import binascii
import codecs
import re
import unicodedata
import urllib.parse
from dataclasses import dataclass

# Format characters that render as nothing: zero-width space/joiners, word joiner,
# BOM, soft hyphen, Mongolian vowel separator, bidi controls, variation selectors.
_INVISIBLE = frozenset(
    [
        *(0x00AD, 0x180E, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0x2061, 0x2062),
        *(0x2063, 0x2064, 0xFEFF, 0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
        *range(0xFE00, 0xFE10),
    ]
)
_TAG_BASE = 0xE0000  # Unicode tag block: invisible copies of ASCII ("ASCII smuggling")

# Look-alikes that NFKC keeps apart from Latin (Cyrillic, Greek, a few symbols).
_HOMOGLYPHS = {
    "а": "a",
    "в": "b",
    "е": "e",
    "ё": "e",
    "к": "k",
    "м": "m",
    "н": "h",
    "о": "o",
    "р": "p",
    "с": "c",
    "т": "t",
    "у": "y",
    "х": "x",
    "ѕ": "s",
    "і": "i",
    "ї": "i",
    "ј": "j",
    "ԁ": "d",
    "ԛ": "q",
    "ԝ": "w",
    "ɡ": "g",
    "ɩ": "i",
    "ո": "n",
    "ս": "u",
    "α": "a",
    "β": "b",
    "ε": "e",
    "η": "n",
    "ι": "i",
    "κ": "k",
    "ν": "v",
    "ο": "o",
    "ρ": "p",
    "τ": "t",
    "υ": "u",
    "χ": "x",
    "ω": "w",
    "ϲ": "c",
    "ʏ": "y",
    "ı": "i",
}
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
# A token that mixes letters with leet digits/symbols (``1gn0re``, ``pr0mpt``).
_LEET_TOKEN = re.compile(r"[a-z0-9@$]*[a-z][013457@$]+[a-z][a-z0-9@$]*")
# Cheap test first: a leet character between two letters ("1gn0re", "pr3v10us");
# "gpt4", "bf16", "e5" have none and keep their digits.
_LEET_HINT = re.compile(r"[a-z][013457@$]+[a-z]")
# Text that needs no per-character folding: ASCII and precomposed Hangul syllables.
_SIMPLE = re.compile(r"[^\x00-\x7f\uac00-\ud7a3]")
# Characters the per-character pass exists for; text that is already NFKC and has none
# of these is only lower-cased (the common case for Korean prose with punctuation).
_NEEDS_FOLD = re.compile(
    "["
    + "".join(_HOMOGLYPHS)
    + "".join(chr(c) for c in sorted(_INVISIBLE))
    + "\u3131-\u318e\u1100-\u11ff\U000e0000-\U000e007f\u0130"
    + "]"
)

# Hangul compatibility jamo -> (choseong index, jungseong index, jongseong index).
_CHO = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_JUNG = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_JONG = " ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"
_JAMO_RUN = re.compile(r"[\u3131-\u318e\u1100-\u11ff]{2,}")

# Letters spaced out one by one: "i g n o r e", "무 시 해".
_SPACED = re.compile(r"(?<!\w)\w(?:[ .\-_*·|]\w(?!\w)){3,}")
_INLINE_CODE = re.compile(r"`[^`\n]+`")
_BLANKS = re.compile(r"[ \t]{2,}|\t")
_BASE64 = re.compile(r"(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{16,}={0,2}(?![A-Za-z0-9+/=_-])")
_HEX = re.compile(r"(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}){12,}(?![0-9A-Fa-f])")
_HEX_HINT = re.compile(r"[0-9A-Fa-f]{24}")
_COMMENT = re.compile(r"<!--(.*?)(?:-->|\Z)", re.DOTALL)
_MD_LINK = re.compile(
    r"!?\[([^\]\n]{0,300})\]\(\s*<?([^)\s>]{0,2000})>?(?:\s+[\"'(]([^\"')\n]{0,500})[\"')])?\s*\)"
)
_ATTR = re.compile(
    r"\b(?:title|alt|aria-label|data-[\w-]+)\s*=\s*(?:\"([^\"]{4,})\"|'([^']{4,})')", re.I
)
_HIDDEN_ELEM = re.compile(
    r"<(\w+)\b[^>]*(?:display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0|\bhidden\b)[^>]*>"
    r"(.*?)</\1\s*>",
    re.I | re.DOTALL,
)
_ROT13_HINTS = ("rot13", "rot-13", "rot 13", "rot_13", "caesar", "카이사르", "시저")


@dataclass(frozen=True, slots=True)
class View:
    """A string a detector reads, and where each of its characters came from.

    ``origin[i]`` is the offset in the original text of character ``i``; ``None``
    means the identity map shifted by ``base``. ``hidden`` marks channels a reader of
    the rendered note does not see (comments, link targets, encodings).
    """

    text: str
    how: str
    hidden: bool = False
    origin: tuple[int, ...] | None = None
    base: int = 0
    end: int | None = None  # for decoded payloads: the whole blob is the span

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of ``text[start:end]``."""
        if self.end is not None:
            return (self.base, self.end)
        if self.origin is None:
            return (self.base + start, self.base + end)
        if not self.origin:
            return (self.base, self.base)
        s = self.origin[min(start, len(self.origin) - 1)]
        e = self.origin[min(max(end - 1, start), len(self.origin) - 1)] + 1
        return (s, max(e, s))


def _compose_jamo(run: str) -> str:
    """Compose a run of (compatibility or conjoining) jamo into syllables."""
    chars = [_to_compat(c) for c in run]
    out: list[str] = []
    i = 0
    n = len(chars)
    while i < n:
        c = chars[i]
        if c in _CHO and i + 1 < n and chars[i + 1] in _JUNG:
            cho, jung = _CHO.index(c), _JUNG.index(chars[i + 1])
            jong = 0
            if (
                i + 2 < n
                and chars[i + 2] in _JONG[1:]
                and not (i + 3 < n and chars[i + 3] in _JUNG)
            ):
                jong = _JONG.index(chars[i + 2])
            out.append(chr(0xAC00 + (cho * 21 + jung) * 28 + jong))
            i += 3 if jong else 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _to_compat(c: str) -> str:
    cp = ord(c)
    if 0x1100 <= cp <= 0x1112:
        return _CHO[cp - 0x1100]
    if 0x1161 <= cp <= 0x1175:
        return _JUNG[cp - 0x1161]
    if 0x11A8 <= cp <= 0x11C2:
        return _JONG[cp - 0x11A7]
    return c


def fold(text: str, base: int = 0) -> View:
    """Lower-case, NFKC, invisible characters dropped, look-alikes and leetspeak mapped,
    jamo composed, spaced-out letters joined; with the map back to ``text``."""
    if not _SIMPLE.search(text) or (
        not _NEEDS_FOLD.search(text) and unicodedata.is_normalized("NFKC", text)
    ):
        low = text.lower()
        chars = list(low)
        origin: list[int] | None = None
    else:
        chars = []
        origin = []
        for i, ch in enumerate(text):
            cp = ord(ch)
            if cp in _INVISIBLE:
                continue
            if _TAG_BASE + 0x20 <= cp <= _TAG_BASE + 0x7E:
                chars.append(chr(cp - _TAG_BASE).lower())
                origin.append(i)
                continue
            if cp < 0x80 or 0xAC00 <= cp <= 0xD7A3:
                norm = ch.lower()
            else:
                norm = unicodedata.normalize("NFKC", ch).lower()
                norm = "".join(_HOMOGLYPHS.get(c, c) for c in norm)
            for c in norm:
                chars.append(c)
                origin.append(i)
        low = "".join(chars)
        if _JAMO_RUN.search(low):
            low, origin = _rebuild(low, origin, _JAMO_RUN, _compose_jamo)
    if _LEET_HINT.search(low):
        # Same length: the origin map is unchanged.
        low = _LEET_TOKEN.sub(lambda m: m.group(0).translate(_LEET), low)
    if _SPACED.search(low):
        low, origin = _rebuild(
            low, origin, _SPACED, lambda s: re.sub(r"[ .\-_*·|]", "", s), keep_ends=True
        )
    if "  " in low or "\t" in low:
        # Runs of blanks become one space, so rules can spell phrases with single spaces.
        low, origin = _rebuild(low, origin, _BLANKS, lambda s: " ")
    return View(low, "fold", origin=tuple(origin) if origin is not None else None, base=base)


def _rebuild(
    text: str,
    origin: list[int] | None,
    pattern: re.Pattern[str],
    fn: object,
    keep_ends: bool = False,
) -> tuple[str, list[int]]:
    """Apply ``fn`` to each match of ``pattern``; the output characters of a match map
    to the origin of the match's first character (all of it for equal lengths)."""
    assert callable(fn)
    src = origin if origin is not None else list(range(len(text)))
    out: list[str] = []
    new_origin: list[int] = []
    pos = 0
    for m in pattern.finditer(text):
        out.append(text[pos : m.start()])
        new_origin.extend(src[pos : m.start()])
        replaced: str = fn(m.group(0))
        out.append(replaced)
        seg = src[m.start() : m.end()]
        if keep_ends:
            # Joined letters: map each kept letter to its own position.
            keep = [src[m.start() + j] for j, c in enumerate(m.group(0)) if c not in " .-_*·|"]
            new_origin.extend(keep[: len(replaced)] + [seg[-1]] * (len(replaced) - len(keep)))
        else:
            new_origin.extend([seg[0]] * (len(replaced) - 1) + [seg[-1]] if replaced else [])
        pos = m.end()
    out.append(text[pos:])
    new_origin.extend(src[pos:])
    return "".join(out), new_origin


def _printable_ratio(s: str) -> float:
    if not s:
        return 0.0
    good = sum(1 for c in s if c.isprintable() or c in "\n\t")
    return good / len(s)


def _decode_blob(blob: str) -> tuple[str, str] | None:
    """(text, "hex" | "base64") inside a blob, or None when it is not readable text."""
    raw: bytes | None = None
    how = "base64"
    if _HEX.fullmatch(blob):
        how = "hex"
        try:
            raw = binascii.unhexlify(blob)
        except (binascii.Error, ValueError):
            raw = None
    if raw is None:
        padded = blob + "=" * (-len(blob) % 4)
        try:
            raw = (
                base64.urlsafe_b64decode(padded)
                if ("-" in blob or "_" in blob)
                else base64.b64decode(padded, validate=True)
            )
        except (binascii.Error, ValueError):
            return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    letters = sum(1 for c in text if c.isalpha())
    if len(text) < 8 or letters < len(text) * 0.5 or _printable_ratio(text) < 0.95:
        return None
    return text, how


def views(text: str, *, max_decoded: int = 16) -> list[View]:
    """Every view a detector should read: the folded text first, then hidden channels
    (HTML comments, hidden elements, link targets and titles, attributes) and decoded
    payloads (base64, hex, URL-encoding, rot13 when the text mentions it)."""
    out = [fold(text)]
    hidden: list[tuple[int, int, str]] = []  # (start, end, how)
    # Inline code shows its content: a comment or link quoted in backticks is visible.
    code = [m.span() for m in _INLINE_CODE.finditer(text)] if "`" in text else []
    if "<!--" in text:
        hidden += [(m.start(1), m.end(1), "comment") for m in _COMMENT.finditer(text)]
    if "](" in text:
        for m in _MD_LINK.finditer(text):
            hidden.append((m.start(2), m.end(2), "link"))
            if m.group(3):
                hidden.append((m.start(3), m.end(3), "link-title"))
    if "=" in text and "<" in text:
        for m in _ATTR.finditer(text):
            g = 1 if m.group(1) is not None else 2
            hidden.append((m.start(g), m.end(g), "attribute"))
        for m in _HIDDEN_ELEM.finditer(text):
            hidden.append((m.start(2), m.end(2), "hidden-element"))
    for start, end, how in hidden:
        if any(a <= start < b for a, b in code):
            continue
        seg = text[start:end]
        if "%" in seg and how.startswith("link"):
            dec = urllib.parse.unquote(seg).replace("+", " ").replace("/", " ")
            out.append(View(fold(dec).text, how, hidden=True, base=start, end=end))
        elif how == "link":
            out.append(
                View(fold(seg.replace("/", " ")).text, how, hidden=True, base=start, end=end)
            )
        else:
            v = fold(seg, base=start)
            out.append(View(v.text, how, hidden=True, origin=_shift(v, start), base=start))
    decoded = 0
    seen: set[tuple[int, int]] = set()
    for pat in (_BASE64, _HEX) if _HEX_HINT.search(text) else (_BASE64,):
        for m in pat.finditer(text):
            if decoded >= max_decoded or m.span() in seen:
                continue
            seen.add(m.span())
            got = _decode_blob(m.group(0))
            if got is not None:
                payload, how = got
                decoded += 1
                out.append(
                    View(
                        fold(payload).text,
                        how,
                        True,
                        base=m.start(),
                        end=m.end(),
                    )
                )
    if any(h in out[0].text for h in _ROT13_HINTS):
        rot = codecs.encode(out[0].text, "rot13")
        out.append(View(rot, "rot13", hidden=True, origin=out[0].origin, base=0))
    return out


def _shift(v: View, start: int) -> tuple[int, ...] | None:
    if v.origin is None:
        return None
    return tuple(o + start for o in v.origin)


def nfkc_view(text: str) -> View | None:
    """``text`` with every character NFKC-normalised (full-width ``８５０３１５－１２３``
    becomes ASCII), mapped back to ``text``; ``None`` when NFKC changes nothing.

    PII rules are written for ASCII digits and punctuation; they read this view too, so
    a number typed in full-width or other compatibility forms is found and its span in
    the original text is masked.
    """
    if unicodedata.is_normalized("NFKC", text):
        return None
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        norm = ch if ord(ch) < 0x80 else unicodedata.normalize("NFKC", ch)
        for c in norm:
            chars.append(c)
            origin.append(i)
    out = "".join(chars)
    if out == text:
        return None
    return View(out, "nfkc", origin=tuple(origin))
