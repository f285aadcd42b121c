"""Links as answers: "X 링크 알려줘", "the URL of X", the full title behind a link.

Research notes are link digests and paper lists. A note writes an entry as
``- 📜 [Org] [Paper title](https://arxiv.org/abs/…)``, a bare ``LoRA: https://…`` line, or
a Notion / Obsidian export's ``[GSM8K Platinum](<other/GSM8K Platinum/content>)``, whose
target is the page's folder path, named by the page's *full title* while the link text
is a short name. Ingest keeps a link's visible text in the chunk text and its target in
:attr:`~notelens.types.Hit.links` (``ingest/inline.py``), so the words a reader asks for
("GSM8K Platinum 링크", "DPO 논문 arxiv 주소", "Critique Fine-Tuning 논문 full title")
are only in the link target: no unit holds them, and the extractor cannot quote them.

This module answers such questions from the links of the quoted passages:

* :func:`asked_link` reads what the question asks of a link: its target (``url``: 링크,
  주소, URL, 경로, "where can I read …"), an arXiv id (``arxiv``: "arxiv 번호", "arXiv
  id"), or the title its target path spells out (``title``: "full title", "원래 논문
  제목", "정식 제목", ``subtitle``: "부제", "subtitle"). "링크돼 있어", "링크에 뭐
  있어", "링크 없는 항목", "Which posts are linked" ask about what is linked, not for
  a target: no cue.
* :func:`link_answer` finds the link whose text (or, for a bare URL or a link text such
  as "paper", the line it sits on) names what the question asks about, best match first,
  and gives its target (or id, or title) as the short answer, with the unit holding the
  link text as the quoted, cited unit.

A URL is no sentence: the short answer is not cut from the unit (its offsets are absent
unless the unit writes the URL itself), and the citation check reads the unit, which is
the note's own text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal
from urllib.parse import unquote

from notelens.answer.span import Span
from notelens.types import Hit, Link

if TYPE_CHECKING:
    from notelens.answer.choose import Choice
    from notelens.answer.extractive import Candidate

LinkAsk = Literal["url", "arxiv", "title", "subtitle"]

# -- what the question asks --------------------------------------------------------------

# A cue noun followed by a verb of being linked, a locative, or an absence ("링크돼
# 있어", "링크에 뭐 있어", "링크 없는", "링크된 글들") asks what is linked, not a target.
_KO_NOT_ASKED = r"(?!\s*(?:돼|되|된|됐|됨|에|없|이\s*없|가\s*없|들|걸린|걸려|달린|달려))"
_KO_URL_RE = re.compile(
    rf"(?:링크|url|URL|웹\s*주소|주소|하이퍼링크){_KO_NOT_ASKED}"
    # "경로" asks a path only as the thing asked for ("경로 어디야", "파일 경로는?"),
    # not as a route ("어떤 경로로 학습").
    r"|(?:파일|폴더|문서|글|페이지|노트)?\s*경로\s*(?:는|가|좀)?\s*(?:어디|뭐|알려|$|\?)"
    r"|어디서\s*(?:볼|읽을|찾을|확인할|받을|다운\S*)\s*수",
    re.I,
)
_EN_URL_RE = re.compile(
    r"\b(?:url|web address|hyperlink)\b"
    # "the link to / for / of X", "link for X", "X's link": a noun asked for, not "linked".
    r"|\blink\b(?!\s+(?:between|together|up|them|it)\b)"
    r"|\b(?:file|folder|page|note)\s+path\b|\bwhat(?:'s| is) the path\b|\bpath (?:of|to)\b"
    r"|\bwhere (?:can|could|do|should) (?:i|we|you) (?:read|find|see|access|download|get)\b",
    re.I,
)
# "arxiv 번호 / id / 주소", "arXiv number", "arxiv link": the id answers (a link's target
# still answers a URL question on a non-arXiv link).
_ARXIV_RE = re.compile(r"arxiv\s*(?:번호|id|아이디|넘버|number|no\.?)|논문\s*번호", re.I)
_ARXIV_URL_RE = re.compile(r"arxiv\s*(?:주소|링크|url|link|페이지|page)", re.I)
_SUBTITLE_RE = re.compile(r"부제(?:목)?|\bsub-?title\b", re.I)
_TITLE_RE = re.compile(
    r"(?:원래|정식|전체|공식|진짜|원문)\s*(?:논문\s*|글\s*)?(?:제목|타이틀|이름)|원제"
    r"|풀\s*(?:타이틀|제목|네임)|full\s*(?:title|name)|\b(?:complete|original|official|whole)"
    r"\s+(?:paper\s+)?(?:title|name)\b|\btitle in full\b",
    re.I,
)


# An e-mail, street or IP address is no link target ("email 주소 알려줘").
_NOT_LINK_RE = re.compile(
    r"(?:e-?mail|이메일|메일|집|회사|사무실|ip)\s*주소|\b(?:e-?mail|ip|street) address\b", re.I
)


def asked_link(question: str) -> LinkAsk | None:
    """What ``question`` asks of a link, or None (see the module docstring)."""
    question = _NOT_LINK_RE.sub(" ", question)
    if _SUBTITLE_RE.search(question):
        return "subtitle"
    if _TITLE_RE.search(question):
        return "title"
    if _ARXIV_RE.search(question) and not _ARXIV_URL_RE.search(question):
        return "arxiv"
    if _KO_URL_RE.search(question) or _EN_URL_RE.search(question) or _ARXIV_URL_RE.search(question):
        return "url"
    return None


# Words that say what is asked (the cue) or the kind of document, never which one: a
# link is matched on the question's other terms (analysed with the same analyzer, so the
# stems agree: "title" -> "titl", "알려줘" -> "알리").
_CUE_WORDS = (
    "링크 하이퍼링크 주소 url 웹 경로 arxiv 아카이브 번호 아이디 넘버 부제 부제목 원제"
    " 원래 정식 전체 공식 원문 제목 타이틀 이름 풀네임 풀 논문 글 페이지 포스트 블로그"
    " 알려줘 찾아줘 어디 어디서 뭐야"
    " hyperlink link web address path id number full complete original official whole title"
    " subtitle name paper post article page blog read find see access download where"
    # The kind of page a site keeps, named with the site ("유튜브 재생목록 주소", "the
    # YouTube playlist"): what the target is, which the host filter checks, not its name.
    " 재생목록 플레이리스트 playlist"
)
_URL_RE = re.compile(r"https?://\S+")


# -- which link ---------------------------------------------------------------------------

# A link text that names no document ("paper", "링크", "here"): its line names it.
_GENERIC_TEXTS = frozenset(
    {
        "link", "링크", "here", "여기", "paper", "논문", "pdf", "arxiv", "github", "code",
        "코드", "blog", "블로그", "원문", "source", "출처", "site", "사이트", "website", "page",
        "project page", "demo", "데모", "slides", "슬라이드", "video", "영상", "repo", "post",
    }
)  # fmt: skip
# A link must name at least this share of what the question asks about (its words beyond
# the cue) with its text, its line and the unit's headings.
MIN_COVERAGE = 0.5


# A question naming a site wants a link there ("arxiv 주소", "깃허브 링크", "the GitHub
# link"): only links to that host answer it (an "arxiv 번호" always asks arxiv.org).
_HOSTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"arxiv|아카이브", re.I), "arxiv.org"),
    (re.compile(r"github|깃허브|깃헙", re.I), "github.com"),
    (re.compile(r"hugging\s*face|허깅\s*페이스", re.I), "huggingface.co"),
    (re.compile(r"youtube|유튜브|유튭", re.I), "youtu"),
)
# A link whose text (a bare URL's label) is all of what the question asks about, and whose
# text, line and headings hold every asked word, answers it however little else of the
# question the passage shares ("What's the URL of the LoRA paper?": "url" and "paper" are
# in no note); its strength is at least this (refusal.TYPED_FLOOR's reading: the unit
# holds all that is asked).
LINK_FLOOR = 0.45


@dataclass(frozen=True, slots=True)
class LinkMatch:
    """A link of a quoted passage and how well it names what the question asks about:
    ``coverage`` the share of the asked words its text, line and headings hold,
    ``precision`` the share of its text's (label's) words that are asked."""

    link: Link
    cand: Candidate
    score: float
    coverage: float = 0.0
    precision: float = 0.0


_PARENS_RE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def _label(line: str) -> str:
    """What a bare URL's line calls it: the line without URLs and parentheses ("LoRA (Hu
    et al., 2021): https://…" -> "LoRA :"); the line itself when nothing else is left."""
    rest = _PARENS_RE.sub(" ", _URL_RE.sub(" ", line))
    return rest if re.search(r"\w", rest) else _URL_RE.sub(" ", line)


def _host_words(question: str) -> str:
    """The words of ``question`` that name a site (``_HOSTS``): they say where the link
    points, which :func:`wanted_host` checks, not which link it is ("SSL 시즌1 유튜브
    주소": the link text says "시즌1", never "유튜브")."""
    return " ".join(m.group(0) for cue, _host in _HOSTS for m in cue.finditer(question))


# A word with a number written after it ("시즌4", "season 2", "v3", "Part 1"): the number
# tells apart the items of a series, which share the word.
_SERIES_RE = re.compile(r"([A-Za-z]+|[가-힣]+)\s?(\d+)\b")


def _series(text: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for word, number in _SERIES_RE.findall(text):
        out.setdefault(word.lower(), set()).add(number)
    return out


def _other_in_series(question: str, link_text: str) -> bool:
    """Whether a link text names another item of a series the question names: the same
    word with a number the question does not write ("시즌1" for "시즌4 …", "v2" for
    "v3"). Only when the question numbers that word too: a link "Llama 2" still answers
    "Llama 링크"."""
    asked = _series(question)
    return any(
        word in asked and not (numbers & asked[word])
        for word, numbers in _series(link_text).items()
    )


def wanted_host(question: str, ask: LinkAsk) -> str | None:
    """The host a question's link must be on (``_HOSTS``), or None."""
    if ask == "arxiv":
        return "arxiv.org"
    if ask != "url":
        return None
    return next((host for cue, host in _HOSTS if cue.search(question)), None)


def _names_doc(link: Link) -> bool:
    text = link.text.strip().lower()
    return bool(text) and text != link.url.lower() and text not in _GENERIC_TEXTS


def _link_units(
    hit_index: int, hit: Hit, cands: Sequence[Candidate], question: str
) -> list[tuple[Link, Candidate]]:
    """Each link of ``hit`` with each unit of it that writes the link's text (a bare
    URL's unit writes the URL). An entry title is a candidate only for title questions
    (answer/candidates.py), yet it is where a digest writes its link: such a unit is
    made a candidate here, at the passage's best score."""
    from notelens.answer.extractive import Candidate, quotable
    from notelens.answer.units import build_units

    if not hit.links or not quotable(hit, question):
        return []
    mine = [c for c in cands if c.hit_index == hit_index]
    by_position = {c.position: c for c in mine if c.unit is not None}
    top = max((c.score for c in mine), default=0.0)
    out: list[tuple[Link, Candidate]] = []
    units = [u for u in build_units(hit.text, hit.heading) if u.kind != "summary"]
    for link in hit.links:
        key = link.text.strip() or link.url
        for u in units:
            if key not in u.text:
                continue
            cand = by_position.get(u.position)
            if cand is None or cand.unit is None or cand.unit.text != u.text:
                cand = Candidate.of_unit(hit_index, u, top)
            out.append((link, cand))
    return out


def best_link(
    question: str,
    hits: Sequence[Hit],
    cands: Sequence[Candidate],
    terms: Callable[[str], list[str]],
    keep: Callable[[Link], bool] = lambda _link: True,
) -> LinkMatch | None:
    """The link of ``hits`` (``keep`` filters them) whose text, line or headings name
    what ``question`` asks about; the best match wins: the most of the question's words
    named, then the link text's share of them, then the earlier passage.

    ``terms`` is the analyzer's term function (Kiwi stems, Latin terms)."""
    # (The phrase that asks, "원래 제목", "링크 알려줘", is cut first: analysed in the
    # question, its words need not stem as they do in _CUE_WORDS.)
    named_part = _URL_RE.sub(" ", question)
    for cue in (_SUBTITLE_RE, _TITLE_RE, _ARXIV_RE, _ARXIV_URL_RE, _KO_URL_RE, _EN_URL_RE):
        named_part = cue.sub(" ", named_part)
    asked = set(terms(named_part)) - set(terms(_CUE_WORDS))
    asked -= set(terms(_host_words(question))) if _host_words(question) else set()
    if not asked:
        return None
    best: LinkMatch | None = None
    memo: dict[str, frozenset[str]] = {}

    def analysed(text: str) -> frozenset[str]:
        if text not in memo:
            memo[text] = frozenset(terms(text))
        return memo[text]

    for hi, hit in enumerate(hits):
        for link, cand in _link_units(hi, hit, cands, question):
            if not keep(link) or _other_in_series(question, link.text):
                continue
            unit = cand.unit
            assert unit is not None
            line = analysed(_URL_RE.sub(" ", cand.text))
            # A link named by its text matches on it; a bare URL or a "paper" link on the
            # line it sits on.
            text_name = analysed(link.text) if _names_doc(link) else analysed(_label(cand.text))
            # A paper list links a full title to a folder named by the paper's short name
            # ("[Adding Conditional Control …](./papers/ControlNet/contents.md)"): the
            # target's name names the link too.
            short_name = path_title(link.url)
            target_name = analysed(short_name) if short_name else frozenset()
            name = text_name | target_name
            named = asked & name
            if not named:
                continue
            around = line | analysed(unit.context) | analysed(hit.heading)
            coverage = len(asked & (name | around)) / len(asked)
            if coverage < MIN_COVERAGE:
                continue
            # (Of the name that says it best: the link text, or its target's name.)
            precision = max(len(asked & n) / len(n) if n else 0.0 for n in (text_name, target_name))
            score = coverage + 0.5 * precision + 0.5 * len(named) / len(asked)
            if best is None or score > best.score + 1e-9:
                best = LinkMatch(link, cand, score, coverage, precision)
    return best


# -- what the link answers ----------------------------------------------------------------

_ARXIV_ID_RE = re.compile(r"arxiv\.org/(?:abs|pdf|html)/(\d{4}\.\d{4,5})(?:v\d+)?", re.I)
_SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
# The page file a Notion / Obsidian export names its folder's page by ("content.md").
_PAGE_FILES = frozenset({"content", "contents", "index", "readme", "page"})
_EXT_RE = re.compile(r"\.(?:md|markdown|html?|txt)$", re.I)
# Notion appends the page's id to its title: "Long Title 0123abcd…" (32 hex digits).
_NOTION_ID_RE = re.compile(r"\s+[0-9a-f]{16,32}$", re.I)
_WORD_RE = re.compile(r"[0-9a-z]+|[가-힣]+", re.I)


def arxiv_id(url: str) -> str | None:
    """The arXiv id of an abs / pdf link ("2106.09685"), without its version."""
    m = _ARXIV_ID_RE.search(url)
    return m.group(1) if m else None


def path_title(url: str) -> str | None:
    """The page title a relative link target spells out: ``research/Long Title/content``
    -> "Long Title", ``Long%20Title%200123abcd….md`` -> "Long Title" (decoded, the page
    file, the extension and a Notion id dropped); None for a web URL or an empty path."""
    if _SCHEME_RE.match(url) or url.startswith(("//", "#", "mailto")):
        return None
    parts = [unquote(p).strip() for p in url.split("#")[0].split("/")]
    parts = [p for p in parts if p and p not in (".", "..")]
    while parts and _EXT_RE.sub("", parts[-1]).lower() in _PAGE_FILES:
        parts.pop()
    if not parts:
        return None
    title = _NOTION_ID_RE.sub("", _EXT_RE.sub("", parts[-1])).strip()
    return title or None


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD_RE.findall(text)]


def fuller_title(link: Link) -> str | None:
    """The title behind a short link text: the link target's :func:`path_title` when it
    holds the link text's words and more ("Emergent Value Systems" -> "Utility
    Engineering Analyzing and Controlling Emergent Value Systems in AIs")."""
    title = path_title(link.url)
    if title is None:
        return None
    short, full = _words(link.text), _words(title)
    if len(full) <= len(short) or not short:
        return None
    if sum(w in full for w in short) < max(1, len(short) // 2 + len(short) % 2):
        return None
    return title


def subtitle(link: Link, title: str) -> str:
    """``title`` less the link text it starts with ("Critique Fine-Tuning Learning to
    Critique …" -> "Learning to Critique …"); the whole title when it does not."""
    short = link.text.strip()
    if short and title.lower().startswith(short.lower()):
        rest = title[len(short) :].strip(" :-—–")
        return rest or title
    return title


# A year in trailing parentheses ("…(2022)", "(LLaVA1.5, 2023)", "(2024, 작성중)") is the
# list's note on the entry, not part of its title.
_YEAR_NOTE_RE = re.compile(r"\s*\([^()]*\b(?:19|20)\d\d\b[^()]*\)\s*$")
# The fewest words a link text must hold to be a paper's full title itself.
_TITLE_WORDS = 4


def titled_text(link: Link) -> str | None:
    """A link text that is a full title itself ("DreamBooth : Fine Tuning Text-to-Image
    Diffusion Models for Subject-Driven Generation(2022)", linked to ``papers/Dreambooth``):
    the text without its year note, when it names a document in :data:`_TITLE_WORDS`
    words or more; ``None`` otherwise."""
    if not _names_doc(link):
        return None
    text = _YEAR_NOTE_RE.sub("", link.text).strip()
    return text if len(_words(text)) >= _TITLE_WORDS else None


def _full_title(link: Link) -> str | None:
    """The full title behind a link: its target's (:func:`fuller_title`), else its own
    text when that is a full title (:func:`titled_text`)."""
    return fuller_title(link) or titled_text(link)


def _value(ask: LinkAsk, link: Link) -> str | None:
    if ask == "arxiv":
        return arxiv_id(link.url) or link.url
    if ask in ("title", "subtitle"):
        title = fuller_title(link)
        if title is not None:
            return subtitle(link, title) if ask == "subtitle" else title
        title = titled_text(link)
        if title is not None and ask == "subtitle":
            # "DreamBooth : Fine Tuning …": what follows the name and its colon.
            name, colon, rest = title.partition(":")
            return rest.strip() if colon and name.strip() and rest.strip() else title
        return title
    return link.url


def _keep(ask: LinkAsk, host: str | None) -> Callable[[Link], bool]:
    if ask in ("title", "subtitle"):
        return lambda link: _full_title(link) is not None
    if host is not None:
        return lambda link: host in link.url.lower()
    return lambda _link: True


@dataclass(frozen=True, slots=True)
class LinkAnswer:
    """What :func:`link_answer` leaves: the choice and short answer (changed or not), and
    the floor of the refusal signal (:data:`LINK_FLOOR`, or 0.0)."""

    choice: Choice
    short: Span | None
    floor: float = 0.0


def link_answer(
    question: str,
    hits: Sequence[Hit],
    choice: Choice,
    short: Span | None,
    cands: Sequence[Candidate],
    terms: Callable[[str], list[str]],
    max_sentences: int,
) -> LinkAnswer:
    """The choice and short answer for a question asking for a link's target, id or
    full title (:func:`asked_link`): the matching link's unit leads, the link's target
    is the short answer. Unchanged when the question asks no such thing or no link of
    the passages names what it asks about (on the host it names, if it names one)."""
    ask = asked_link(question)
    if ask is None:
        return LinkAnswer(choice, short)
    found = best_link(question, hits, cands, terms, _keep(ask, wanted_host(question, ask)))
    if found is None:
        return LinkAnswer(choice, short)
    value = _value(ask, found.link)
    if value is None:
        return LinkAnswer(choice, short)
    cand = found.cand
    at = cand.text.find(value)
    span = Span(value, at, at + len(value)) if at >= 0 else Span(value, 0, 0)
    # (A unit made a candidate here may stand for one the choice quotes: same place.)
    # The link's own note only: a unit of another note quoted beside it says nothing of
    # the link asked for, and would read first in the answer when its hit ranks higher.
    others = [
        c for c in choice.chosen if c.hit_index == cand.hit_index and c.position != cand.position
    ]
    chosen = sorted([cand, *others][:max_sentences], key=lambda c: (c.hit_index, c.position))
    whole = found.coverage >= 1.0 and found.precision >= 1.0
    return LinkAnswer(
        choice.replaced(chosen, cand),
        span,
        LINK_FLOOR if whole else 0.0,
    )


__all__ = [
    "LINK_FLOOR",
    "LinkAnswer",
    "LinkMatch",
    "arxiv_id",
    "asked_link",
    "best_link",
    "fuller_title",
    "link_answer",
    "path_title",
    "subtitle",
    "wanted_host",
]
