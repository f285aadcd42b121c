"""Links as answers (answer/link_answers.py): "X 링크 알려줘", "the URL of X", "arxiv
번호", and the full title a Notion / Obsidian export writes only in a link's target path.

The notes are made up for these tests: a Korean link digest, an English paper list with
bare URLs, and a Notion-export style list whose link targets are page folders. Hits are
built as ingest builds them: the chunk text keeps a link's visible text, the targets go
to ``Hit.links`` (``ingest/inline.py``).
"""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from rich.console import Console

from bag_embedder import BagEmbedder
from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.link_answers import (
    LINK_FLOOR,
    arxiv_id,
    asked_link,
    best_link,
    fuller_title,
    path_title,
    subtitle,
    wanted_host,
)
from notelens.answer.service import Answerer
from notelens.config import AnswerConfig, LLMConfig
from notelens.ingest.inline import clean_inline
from notelens.types import Hit, Link, Location


def linked_hit(i: int, markdown: str, heading: str, lang: str = "ko") -> Hit:
    """A hit over ``markdown`` as ingest stores it: link texts in the text, targets in
    ``links``."""
    lines: list[str] = []
    links: list[Link] = []
    for raw in markdown.split("\n"):
        text, found = clean_inline(raw)
        lines.append(text)
        links += [lk for _, lk in found]
    hit = note_hit(i, "\n".join(lines), heading, "ko" if lang == "ko" else "en")
    return replace(hit, location=Location(1, len(lines)), links=tuple(links))


DIGEST_KO = """2031년 2주차 읽을거리

- 📜 [Quill Labs] [Lodestar: Step Labels from Rollouts](https://arxiv.org/abs/3101.04417)
    - Monte Carlo rollout 16회로 step label 자동 생성
    - PRM 정확도 79%
- 📜 [Blog] [Notes from a year of evals](https://example.org/blog/evals)
    - eval set은 얼리고, 바꾸면 버전을 올려라
- 📜 [Halcyon] [Halcyon-3 Technical Report](https://arxiv.org/pdf/3102.00931v2)
    - 웹 58%, 코드 21%
    - 코드는 <https://github.com/example/halcyon-3>
"""

PAPERS_EN = """Papers we keep citing

- Petal adapters (Ahn et al., 2030): https://arxiv.org/abs/3001.00042
- Ripple attention (Moreau et al., 2029): https://arxiv.org/abs/2911.07315
- Quiet decoding, [paper](https://example.org/quiet-decoding.pdf)
"""

EXPORT = """Repo 구조
- /papers
  - 읽은 논문 리뷰와 정리
  - [Sparse Routers](<papers/Sparse Routers Scaling Mixtures of Experts without Load Loss/content>), [Quiet Tokens](<papers/Quiet Tokens When Models Think Before They Speak/content>) etc.
- /misc
  - [Tokenizer drift](misc/Tokenizer%20drift%20across%20model%20versions%200123456789abcdef0123456789abcdef.md), [Lab wiki](<misc/Lab wiki/content>)
  - [Ripple attention](<misc/Ripple attention reading group/content>) 발표 자료
"""

HITS = [
    linked_hit(0, DIGEST_KO, "archive 2031 > ❄️ January > 2nd week"),
    linked_hit(1, PAPERS_EN, "reading list", "en"),
    linked_hit(2, EXPORT, "lab-notes"),
]


# -- what the question asks ---------------------------------------------------------------


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "ask"),
    [
        ("Lodestar 링크 알려줘", "url"),
        ("Notes from a year of evals 글 주소 뭐야?", "url"),
        ("Halcyon-3 테크리포트 arxiv 주소", "url"),
        ("Lab wiki 글 경로 어디야?", "url"),
        ("Petal adapters 논문 어디서 볼 수 있어?", "url"),
        ("What's the URL of the Petal adapters paper?", "url"),
        ("Send me the link to the Ripple attention paper", "url"),
        ("Where can I read the Quiet decoding paper?", "url"),
        ("Petal adapters 논문 arXiv 번호는?", "arxiv"),
        ("What is the arXiv id of Ripple attention?", "arxiv"),
        ("Sparse Routers 논문 full title 알려줘", "title"),
        ("Quiet Tokens 글 원래 논문 제목 뭐였지", "title"),
        ("Tokenizer drift 정식 제목이 뭐야?", "title"),
        ("What is the original title of the Sparse Routers paper?", "title"),
        ("Quiet Tokens 부제가 뭐야?", "subtitle"),
        ("What's the subtitle of Sparse Routers?", "subtitle"),
    ],
)
def test_what_a_question_asks_of_a_link(question: str, ask: str) -> None:
    assert asked_link(question) == ask


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        # What is linked, where it is linked, what has no link: no target is asked.
        "Quiet Tokens 리뷰는 어디 폴더 밑에 링크돼 있어?",
        "시즌4 관련 링크에 뭐 있어?",
        "아직 링크 없는 항목들 뭐야?",
        "Which write-ups are linked under /papers?",
        # A date of an arXiv paper, a route, a plain title question.
        "Lodestar 논문 arxiv 날짜?",
        "어떤 경로로 데이터를 모았어?",
        "Lodestar 논문 제목이 뭐야?",
        "PRM 정확도 몇이야?",
    ],
)
def test_questions_that_ask_no_link(question: str) -> None:
    assert asked_link(question) is None


# -- what a link answers ------------------------------------------------------------------


@pytest.mark.unit
def test_arxiv_ids() -> None:
    assert arxiv_id("https://arxiv.org/abs/3101.04417") == "3101.04417"
    assert arxiv_id("https://arxiv.org/pdf/3102.00931v2") == "3102.00931"
    assert arxiv_id("https://example.org/blog/evals") is None


@pytest.mark.unit
@pytest.mark.parametrize(
    ("url", "title"),
    [
        (
            "papers/Sparse Routers Scaling Mixtures of Experts/content",
            "Sparse Routers Scaling Mixtures of Experts",
        ),
        (
            "misc/Tokenizer%20drift%20across%20versions%200123456789abcdef0123456789abcdef.md",
            "Tokenizer drift across versions",
        ),
        ("./notes/Quiet Tokens/contents.md", "Quiet Tokens"),
        ("Lab%20wiki.md", "Lab wiki"),
        ("https://example.org/blog/evals", None),
        ("#section", None),
    ],
)
def test_the_title_a_path_spells(url: str, title: str | None) -> None:
    assert path_title(url) == title


@pytest.mark.unit
def test_a_fuller_title_holds_the_link_text_and_more() -> None:
    routers = Link("Sparse Routers", "papers/Sparse Routers Scaling Mixtures of Experts/content")
    assert fuller_title(routers) == "Sparse Routers Scaling Mixtures of Experts"
    assert subtitle(routers, "Sparse Routers Scaling Mixtures of Experts") == (
        "Scaling Mixtures of Experts"
    )
    # The short name may sit at the end of the full title.
    values = Link("Value Drift", "research/Measuring and Steering Value Drift in Agents/content")
    assert fuller_title(values) == "Measuring and Steering Value Drift in Agents"
    # A folder named as the link text, or shorter than it, spells no fuller title.
    assert fuller_title(Link("Lab wiki", "misc/Lab wiki/content")) is None
    assert (
        fuller_title(Link("FLUX: Scaling Flow Models (2030)", "./papers/Flux/content.md")) is None
    )
    assert fuller_title(Link("Lodestar", "https://arxiv.org/abs/3101.04417")) is None


# -- answers, with the real analyzer and embedder -----------------------------------------


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "short", "quoted"),
    [
        ("Lodestar 링크 알려줘", "https://arxiv.org/abs/3101.04417", "Lodestar"),
        ("Notes from a year of evals 글 주소 뭐야?", "https://example.org/blog/evals", "evals"),
        ("Halcyon-3 코드 깃허브 주소?", "https://github.com/example/halcyon-3", "코드는"),
        ("Halcyon-3 Technical Report arxiv 번호는?", "3102.00931", "Halcyon-3"),
        ("Petal adapters 논문 arXiv 번호는?", "3001.00042", "Petal adapters"),
        (
            "What's the URL of the Ripple attention paper?",
            "https://arxiv.org/abs/2911.07315",
            "Ripple",
        ),
        (
            "Where can I read the Quiet decoding paper?",
            "https://example.org/quiet-decoding.pdf",
            "Quiet decoding",
        ),
        ("lab-notes에서 Lab wiki 글 경로 어디야?", "misc/Lab wiki/content", "Lab wiki"),
        (
            "Sparse Routers 논문 full title 알려줘",
            "Sparse Routers Scaling Mixtures of Experts without Load Loss",
            "Sparse Routers",
        ),
        (
            "Tokenizer drift 글 원래 제목 뭐였지",
            "Tokenizer drift across model versions",
            "Tokenizer drift",
        ),
        (
            "What's the subtitle of the Quiet Tokens paper?",
            "When Models Think Before They Speak",
            "Quiet Tokens",
        ),
    ],
)
def test_a_link_answers(
    question: str, short: str, quoted: str, analyzer: Analyzer, embedder: object
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder)  # type: ignore[arg-type]
    assert ex.short is not None and ex.short.text == short
    lead = ex.sentences[ex.lead]
    assert quoted in lead.text
    # Only the link's own note is quoted: another note's line would read first when its
    # hit ranks higher, and says nothing of the link.
    assert {s.hit_index for s in ex.sentences} == {lead.hit_index}
    # Offsets only where the unit writes the answer itself (a bare URL).
    if ex.short.end:
        assert lead.text[ex.short.start : ex.short.end] == short


@pytest.mark.integration
def test_the_best_matching_link_wins(analyzer: Analyzer, embedder: object) -> None:
    # Two links on one line: the one whose text the question names.
    ex = extract("Quiet Tokens 링크 알려줘", HITS, analyzer=analyzer, embedder=embedder)  # type: ignore[arg-type]
    assert ex.short is not None
    assert ex.short.text == "papers/Quiet Tokens When Models Think Before They Speak/content"


@pytest.mark.integration
def test_no_link_names_the_thing_asked(analyzer: Analyzer, embedder: object) -> None:
    # No link of the passages names "Norvane": the extractor's own answer stays.
    ex = extract("Norvane 논문 링크 알려줘", HITS, analyzer=analyzer, embedder=embedder)  # type: ignore[arg-type]
    assert ex.short is None or "://" not in ex.short.text
    # A question that asks no link keeps its fact.
    ex = extract("Lodestar의 PRM 정확도는?", HITS, analyzer=analyzer, embedder=embedder)  # type: ignore[arg-type]
    assert ex.short is not None and ex.short.text == "79%"


# -- through ask and the CLI ----------------------------------------------------------------


def _answerer(analyzer: Analyzer) -> Answerer:
    return Answerer(
        lambda q, k: HITS[:k],
        analyzer,
        BagEmbedder(analyzer),  # type: ignore[arg-type]
        AnswerConfig(refuse_below=0.0),
        LLMConfig(spec=""),
    )


@pytest.mark.unit
def test_a_url_short_answer_leads_the_answer_and_is_cited(analyzer: Analyzer) -> None:
    a = _answerer(analyzer).ask("Sparse Routers 글 경로 알려줘")
    target = "papers/Sparse Routers Scaling Mixtures of Experts without Load Loss/content"
    assert not a.refused and a.short is not None
    assert a.short.text == target and a.short_answer == target
    # The URL is not in the quoted unit (a link's text is): no offsets, still cited.
    assert a.short.start is None and a.short.citation == 1
    assert a.answer.startswith(f"{target} — ") and "[1]" in a.answer
    assert a.citations[0].chunk_id == "c2" and "Sparse Routers" in a.citations[0].quote
    assert a.to_dict()["short_answer"] == target


@pytest.mark.unit
def test_a_bare_url_short_answer_has_its_offsets(analyzer: Analyzer) -> None:
    a = _answerer(analyzer).ask("Ripple attention 논문 링크 뭐야?")
    url = "https://arxiv.org/abs/2911.07315"
    assert a.short is not None and a.short.text == url
    assert a.short.start is not None and a.short.end is not None
    assert a.citations[0].quote[a.short.start : a.short.end] == url


@pytest.mark.unit
def test_the_cli_prints_a_long_url_whole(analyzer: Analyzer) -> None:
    from notelens.cli.render import print_answer

    a = _answerer(analyzer).ask("Sparse Routers 글 경로 알려줘")
    buf = io.StringIO()
    print_answer(Console(file=buf, width=40, color_system=None), a)
    out = buf.getvalue()
    # One line, no Rich fold in the middle of the path, no markup eaten.
    assert f"→ {a.short_answer}" in out.splitlines()[0]


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    ["발표자 이메일 주소 알려줘", "Quill Labs 회사 주소는?", "What is Ahn's email address?"],
)
def test_an_address_that_is_no_link(question: str) -> None:
    assert asked_link(question) is None


@pytest.mark.unit
def test_a_named_site_is_the_host_asked() -> None:
    assert wanted_host("Ripple attention 논문 arxiv 주소 뭐야?", "url") == "arxiv.org"
    assert wanted_host("Halcyon-3 깃허브 링크", "url") == "github.com"
    assert wanted_host("Petal adapters 논문 arXiv 번호는?", "arxiv") == "arxiv.org"
    assert wanted_host("Lodestar 링크 알려줘", "url") is None


@pytest.mark.integration
def test_the_named_host_picks_the_link(analyzer: Analyzer, embedder: object) -> None:
    # The reading group's page and the arXiv line both name Ripple attention: "arxiv
    # 주소" asks the arXiv one.
    q = "Ripple attention 논문 arxiv 주소 뭐야?"
    ex = extract(q, HITS, analyzer=analyzer, embedder=embedder)  # type: ignore[arg-type]
    assert ex.short is not None and ex.short.text == "https://arxiv.org/abs/2911.07315"
    # No link on the host named: the stage leaves the answer to the extractor.
    ex = extract("Lodestar 깃허브 링크 알려줘", HITS, analyzer=analyzer, embedder=embedder)  # type: ignore[arg-type]
    assert ex.short is None or "arxiv.org" not in ex.short.text


@pytest.mark.integration
def test_a_link_named_exactly_floors_the_strength(analyzer: Analyzer, embedder: object) -> None:
    # "url" and "paper" are in no note: the link's label is all the question names.
    q = "What's the URL of the Petal adapters paper?"
    ex = extract(q, HITS, analyzer=analyzer, embedder=embedder)  # type: ignore[arg-type]
    assert ex.short is not None and ex.short.text == "https://arxiv.org/abs/3001.00042"
    assert ex.strength >= LINK_FLOOR


@pytest.mark.unit
def test_how_well_a_link_names_the_question(analyzer: Analyzer) -> None:
    from notelens.answer.candidates import score_units
    from notelens.answer.embedcache import UnitCache
    from notelens.answer.question import read_question

    def match(question: str) -> tuple[float, float, str]:
        q = read_question(question, HITS, analyzer)
        scored = score_units(q, HITS, analyzer, None, UnitCache(analyzer, None, size=0))
        assert scored is not None
        found = best_link(question, HITS, scored.cands, analyzer.terms)
        assert found is not None
        return found.coverage, found.precision, found.link.url

    # A bare URL is named by its line's label ("Petal adapters", not the authors).
    assert match("Petal adapters 논문 링크") == (1.0, 1.0, "https://arxiv.org/abs/3001.00042")
    # A short name of a longer link text: matched, but not the whole text (no floor).
    coverage, precision, url = match("Lodestar 링크 알려줘")
    assert url == "https://arxiv.org/abs/3101.04417" and coverage == 1.0 and precision < 1.0


# -- a series of links, a site named -------------------------------------------------------

SERIES = """# 거꾸로 읽는 리뷰 모임 시즌5

- [참가 신청 form](https://forms.example.org/apply-5)
- [리뷰 모임 시즌2 playlist](https://youtube.com/playlist?list=season-2)
- [리뷰 모임 시즌3 playlist](https://youtube.com/playlist?list=season-3)
- [리뷰 모임 Part 4 slides](https://example.org/slides/part-4)
"""
SERIES_HITS = [linked_hit(0, SERIES, "거꾸로 읽는 리뷰 모임 시즌5 > 관련 링크")]


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "short"),
    [
        # "시즌5" is the note's season: a "시즌2" link is another item of the series, the
        # form is the one the question asks about.
        ("리뷰 모임 시즌5 신청 링크", "https://forms.example.org/apply-5"),
        # The site and the kind of page ("유튜브 재생목록") say where the link points, not
        # which link: the season number names it.
        (
            "리뷰 모임 시즌3 유튜브 재생목록 주소 알려줘",
            "https://youtube.com/playlist?list=season-3",
        ),
        (
            "What is the link to the season 2 YouTube playlist?",
            "https://youtube.com/playlist?list=season-2",
        ),
    ],
)
def test_a_series_number_and_a_named_site(
    question: str, short: str, analyzer: Analyzer, embedder: object
) -> None:
    ex = extract(question, SERIES_HITS, analyzer=analyzer, embedder=embedder)  # type: ignore[arg-type]
    assert ex.short is not None and ex.short.text == short


@pytest.mark.unit
def test_another_item_of_a_series() -> None:
    from notelens.answer.link_answers import _other_in_series

    assert _other_in_series("리뷰 모임 시즌5 신청 링크", "리뷰 모임 시즌2 playlist")
    assert _other_in_series("season 3 slides", "Season 2 slides")
    assert not _other_in_series("시즌3 재생목록", "리뷰 모임 시즌3 playlist")
    # The question numbers no item of the series: any item may be the one.
    assert not _other_in_series("Llama 링크 알려줘", "Llama 2 paper")


# -- a full title as the link text, the short name as its target ----------------------------

TITLED_LIST = """## Vision

1. [Sparse Canvas: Drawing with Masked Diffusion Priors(2031)](./papers/SparseCanvas/contents.md)
2. [Improved Recipes for Visual Chat Tuning(VisChat2, 2032, 작성중)](./papers/VisChat2/contents.md)
3. [조각 그림 생성을 위한 확산 모델 정리(2030)](./papers/PieceGen/contents.md)
"""
TITLED_HITS = [linked_hit(0, TITLED_LIST, "Vision")]


@pytest.mark.unit
def test_a_link_text_that_is_a_full_title() -> None:
    from notelens.answer.link_answers import titled_text

    canvas = Link(
        "Sparse Canvas: Drawing with Masked Diffusion Priors(2031)",
        "./papers/SparseCanvas/contents.md",
    )
    assert titled_text(canvas) == "Sparse Canvas: Drawing with Masked Diffusion Priors"
    # The year note goes, whatever else it holds.
    vis = Link("Improved Recipes for Visual Chat Tuning(VisChat2, 2032, 작성중)", "x/VisChat2")
    assert titled_text(vis) == "Improved Recipes for Visual Chat Tuning"
    # A short name is no full title; a generic text names nothing.
    assert titled_text(Link("Lab wiki", "misc/Lab wiki/content")) is None
    assert titled_text(Link("paper", "https://example.org/a.pdf")) is None


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "short"),
    [
        # Named by the short name only its target's folder writes.
        ("VisChat2 논문 원래 제목이 뭐야?", "Improved Recipes for Visual Chat Tuning"),
        (
            "What is the full title of the SparseCanvas paper?",
            "Sparse Canvas: Drawing with Masked Diffusion Priors",
        ),
        # Named by the link text's own first words: the rest after its colon is the subtitle.
        ("Sparse Canvas 논문 부제가 뭐야?", "Drawing with Masked Diffusion Priors"),
        ("PieceGen 정리 정식 제목", "조각 그림 생성을 위한 확산 모델 정리"),
        ("VisChat2 논문 링크 알려줘", "./papers/VisChat2/contents.md"),
    ],
)
def test_a_full_title_linked_to_its_short_name(
    question: str, short: str, analyzer: Analyzer, embedder: object
) -> None:
    ex = extract(question, TITLED_HITS, analyzer=analyzer, embedder=embedder)  # type: ignore[arg-type]
    assert ex.short is not None and ex.short.text == short
    # Named wholly by its target's name, the link floors the strength (a link named by
    # two words of its long text is not named wholly: no floor).
    if "Sparse Canvas" not in question:
        assert ex.strength >= LINK_FLOOR
