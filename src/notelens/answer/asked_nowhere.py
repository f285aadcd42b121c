"""Refusal signal of a question whose asked value the notes around the answer never write.

``refusal.measure_factor`` and the answer-type factor read the *best unit*: "스터디 발표
시간 몇 분이야?" over the syllabus bullet "2024 3/2 ~" loses ``MEASURE_PENALTY``
for a unit that states no minutes, and stays well above the threshold, since every word
of the question is in the study's note. What tells a near miss from a right answer
quoted from the wrong line is whether the value is written *anywhere near*:

* a **measure** ("몇 분", "몇 fps", "how much faster") that no top passage states a
  number in: the notes never give it (a right answer's note writes "발표 40분" in some
  passage retrieval brings, even when the best unit is its neighbour). Scores and shares
  ("몇 점", "몇 %") are left out: notes write them bare ("KoSTS 86.7");
* a **date** asked in words ("언제 작성했어?", "when was … released?") over a note unit
  whose passage, heading path, context and quoted units hold no date, time or relative
  day ("전날 밤 10시", "every Tuesday"): a README's folder list says nothing about when
  anything was written (an archive's dates sit in its headings, "Weekly digest
  2024-W18", which are read too: ``heading_when.py``);
* a **writer** asked ("작성자 이름 뭐야?", "who maintains this repo?") that no quoted
  unit writes as a byline would (read over every quoted unit: a paper's authors asked
  without "논문" sit in the bullet beside its schedule row);
* an **echo**: a question of what the note says ("정리", "요약", "summarise") whose
  quoted units are bare names with no term beyond the question's ("[Ring Attention 2]",
  a link a paper list keeps without a summary): the note holds the name and nothing
  about it. (A yes/no question or a question of the unit's place is answered by the
  bare name or its heading path: they ask no content.)

A measure or a date scales the evidence strength by ``1 - NOWHERE_PENALTY`` (half, the
rule of ``unwritten.UNWRITTEN_PENALTY``: a question's fact the evidence does not hold), a
writer or an echo by ``1 - ECHO_PENALTY`` (the units answer nothing asked). Note units
only: prose spells its numbers and dates ("a quarter of an hour", "그해 봄") and states
them in the sentences around, as ``unwritten_factor`` leaves it alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from notelens.answer.empty_cells import EMPTY_CELL_PENALTY
from notelens.answer.note_attributes import WRITER_ASKED

if TYPE_CHECKING:
    from notelens.answer.strength import Judged
    from notelens.types import Hit

#: Half, as ``unwritten.UNWRITTEN_PENALTY`` (see the module docstring).
NOWHERE_PENALTY = 0.5
#: An echo answers nothing at all: as ``refusal.ATTRIBUTE_PENALTY`` for a unit that names
#: the entry and lacks what is asked, a strength near 1 must fall below the threshold.
ECHO_PENALTY = 0.7

# Terms that carry no fact of their own: a link's brackets, a list's "etc".
_FILLER = frozenset({"etc", "등", "및", "link", "링크"})


# Measures notes leave off the number: a score ("KMMLU 61.2" for "몇 점") and a share
# ("acc 71.2") are written bare, so a passage without "점" or "%" may still hold them.
_BARE_MEASURES = frozenset({"점", "%", "퍼센트"})


def measure_nowhere(question: str, passages: str) -> bool:
    """Whether the question asks a known measure (``refusal.asked_measure`` and
    ``refusal.known_measure``: a typed counter with its ending is none; a score or a
    share, written bare, neither) that ``passages`` (the top passages with their
    heading paths) state no number in; or, in English, counts a measure with a Korean
    word of its own ("How many layers / epochs / hours …?": ``counted.own_word``) that
    no passage writes in either language (twenty-fifth round)."""
    from notelens.answer.counted import count_stated, counted_noun, own_word
    from notelens.answer.refusal import asked_measure, known_measure, measure_stated

    measure = asked_measure(question)
    if measure is None:
        noun = counted_noun(question)
        return noun is not None and own_word(noun) and not count_stated(noun, passages)
    return (
        measure not in _BARE_MEASURES
        and known_measure(measure)
        and not measure_stated(measure, passages)
    )


def count_unwritten(question: str, passages: str) -> bool:
    """Whether a Korean question counts a measure with a word of its own ("레이어가 몇
    개야?", "토큰 수는?": ``counted_ko.korean_counted``; "몇" naming no other measure than
    "개" or "번") that ``passages`` write no number by (twenty-sixth round)."""
    from notelens.answer.counted_ko import counted_by_number, korean_counted
    from notelens.answer.refusal import asked_measure

    noun = korean_counted(question)
    return (
        noun is not None
        and asked_measure(question) in (None, "개", "번")
        and not counted_by_number(noun, passages)
    )


# The question asks for a date in so many words ("언제", "날짜", "몇 월", "when", "what
# year"): a question typed "date" by another word ("연도별 아카이브의 문제는?") is not one.
_WHEN_RE = re.compile(
    r"언제|날짜|며칠|몇\s*(?:년|월|일|시)|(?<!\d)(?:년도|연도)(?!별)"
    r"|\bwhen\b|\bwhat (?:date|year|day|month|time)\b|\bwhich (?:date|year|day|month)\b",
    re.I,
)
# A time or a relative day is a date's answer as well ("발표 전날 밤 10시", "매주 화요일",
# "the night before"), and so is a time told from another ("2년 전", "반년도 안되어",
# "출시 3개월 뒤", "six months later", "a year after the launch", "작년", "last spring"):
# notes date events by each other as often as by the calendar (nineteenth round: the
# date check refused such a unit, a defect found in review on a held-out row).
_TIME_RE = re.compile(
    r"\d\s*시(?![가-힣])|\d{1,2}:\d\d|전날|다음\s*날|당일|매주|매달|요일|오전|오후|자정|정오"
    r"|\b(?:\d{1,2}\s*(?:am|pm)|noon|midnight|tonight|tomorrow|yesterday|the (?:night|day) before"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)days?)\b"
    # a span of time counted from another moment, Korean ("3개월 뒤", "반년도 안되어")
    r"|(?:\d+|한|두|세|몇|반)\s*(?:년|해|개월|달|주|일|시간)\s*(?:도|만|가량|정도|쯤)?\s*"
    r"(?:전|후|뒤|만에|지나|지난|안\s*(?:되|돼)|이내|째)"
    r"|(?<![가-힣])(?:작년|올해|내년|재작년|지난\s*(?:해|달|주|봄|여름|가을|겨울)|이듬해|그해|다음\s*(?:해|달|주))"
    # and English ("two years ago", "six months later", "a year after", "last spring")
    r"|\b(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|several|few|half a)"
    r"\s+(?:years?|months?|weeks?|days?|hours?)\s+(?:ago|later|after|before|earlier|on)\b"
    r"|\b(?:last|next|this|the following|the previous) (?:year|month|week|spring|summer|autumn|fall"
    r"|winter)\b",
    re.I,
)


def date_nowhere(kind: str, question: str, scope: str) -> bool:
    """Whether a question asking a date (``kind`` "date" and a date asked in words:
    :data:`_WHEN_RE`) meets a ``scope`` (the best unit's passage, heading path, context
    and the quoted units) that holds no date and no time or relative day."""
    from notelens.answer.qtype import has_evidence

    return (
        kind == "date"
        and _WHEN_RE.search(question) is not None
        and not has_evidence("date", scope)
        and _TIME_RE.search(scope) is None
    )


#: The question names the notes' repo or its README ("research-notes 저장소", "the
#: repository", "README에"): an attribute of the notes themselves, which a README's own
#: sentences (read as prose) answer or leave out.
REPO_ASKED = re.compile(r"저장소|레포(?:지토리)?|리포지토리|\brepo(?:sitory)?\b|readme", re.I)


def repo_date_nowhere(kind: str, question: str, scope: str) -> bool:
    """Whether a question asks a date (:func:`date_nowhere`) of the notes' repo or its
    README (:data:`REPO_ASKED`) and ``scope`` (the best unit's passage, context and the
    quoted units) holds no date, time or relative day: a README's sentences that say what
    the repo is for say nothing of when it was made or updated."""
    return REPO_ASKED.search(question) is not None and date_nowhere(kind, question, scope)


def writer_nowhere(question: str, quoted: str) -> bool:
    """Whether the question asks who wrote a note, a repo or a post
    (``note_attributes.WRITER_ASKED``) and no quoted unit (``quoted``: their texts)
    writes a name as a byline does (``refusal.byline_stated``). Read over every quoted
    unit: a paper's authors asked without "논문" sit in the bullet beside the schedule
    row that names the paper."""
    from notelens.answer.refusal import byline_stated

    return WRITER_ASKED.search(question) is not None and not byline_stated(question, quoted)


# What the question asks of the thing it names: what the note says about it ("정리",
# "요약", "내용", "설명", "summary", "explain"), not where it sits or whether it is there.
CONTENT_ASKED = re.compile(
    r"정리|요약|내용|설명|특징|핵심|뭐라고|결론|\bsummar\w*|\bexplain\w*|\bdescri\w*"
    r"|\bkey points?\b|\bconclu\w*|\btakeaways?\b"
    r"|\bwhat does \S+(?: \S+){0,4} say\b",
    re.I,
)

# A note's own mark that an entry is not written yet ("AnimateLCM: …(2024, 작성중)",
# "정리 예정", "WIP", "TBD", "coming soon"): the entry holds a title and no content.
_UNFINISHED_RE = re.compile(
    r"작성\s?(?:중|예정)|정리\s?(?:중|예정)|준비\s?중|추가\s?예정"
    r"|\b(?:WIP|TBD|TODO)\b|\bcoming soon\b|\bto be (?:written|added|filled)\b|\(draft\)",
    re.I,
)


# The question asks how far the note's entry is written ("정리 상태는?", "몇년도 논문이고
# 정리 다 됐어?", "what is the status of …"): the mark is the answer, also in a question that
# asks something else first and so reads as no yes/no question (twenty-fifth round).
_STATE_ASKED_RE = re.compile(
    r"(?:정리|작성)\S{0,2}\s*(?:상태|현황|진행|여부|완료|(?:다|전부|끝까지)\s*(?:됐|되었|됬|했|끝났|마쳤))"
    r"|\b(?:status|progress)\b|\b(?:finished|completed?|done|written up)\s*[?]?\s*$",
    re.I,
)


# The question asks what the marked line itself writes: the entry's title or subtitle, its
# name or its year ("Flash Attention 부제 뭐였지", "Stable Diffusion 3's subtitle in 논문
# 정리", "ControlNet 원제목", "몇년도 논문이야"), which "X: Title(2024, 작성중)" holds
# before its mark (twenty-eighth round: "정리" there names the note, "논문 정리", and
# asks no content).
_TITLE_ASKED_RE = re.compile(
    r"제목|부제|원제|이름|연도|년도|몇\s*년|\b(?:sub)?titles?\b|\bnamed?\b|\byears?\b",
    re.I,
)


def unfinished(question: str, units: Sequence[str]) -> bool:
    """Whether every quoted unit (``units``) carries the note's mark of an entry not
    written yet (:data:`_UNFINISHED_RE`) and the question does not ask about such
    marks itself ("작성 중인 논문은?", "TODO 목록", "정리 상태는?", or yes or no: "정리
    다 끝났어?") nor what the marked line writes (:data:`_TITLE_ASKED_RE`)."""
    from notelens.answer.unsettled import polar

    # (A yes/no question, "정리 다 끝났어?", is answered by the mark itself.)
    if (
        not units
        or _UNFINISHED_RE.search(question)
        or _STATE_ASKED_RE.search(question)
        or _TITLE_ASKED_RE.search(question)
        or polar(question)
    ):
        return False
    return all(_UNFINISHED_RE.search(text) for text in units)


def echoed(
    question_terms: Iterable[str],
    units: Sequence[str],
    terms_of: Callable[[str], Iterable[str]],
) -> bool:
    """Whether every quoted unit (``units``) holds no term beyond the question's
    (``question_terms``; ``terms_of`` gives a text's analyzer terms) and no number the
    question lacks: the units only name what is asked about."""
    asked = {t.lower() for t in question_terms}
    if not units:
        return False
    for text in units:
        terms = {t.lower() for t in terms_of(text)} - _FILLER
        if not terms or terms - asked:
            return False
    return True


# A list of bare names ("Variation selector, GSM8K Platinum, Developer Messages etc."):
# items at commas, the list's own end ("etc", "등", "…") left off.
_ITEM_SPLIT_RE = re.compile(r"\s*[,、]\s*")
_LIST_END_RE = re.compile(r"\s*(?:\betc\b\.?|등\.?|…|\.\.\.|\.)\s*$", re.I)
# An item that says something rather than names: a label, a sentence's end, a share.
_NOT_NAME_RE = re.compile(r"[:;=!?]|\.\s|\d\s*%|[가-힣](?:다|요|함|음|됨)$")
#: At most so many words to an item of a bare list of names.
_NAME_WORDS = 4


# The question asks the list itself ("X 말고 뭐가 있어?", "어떤 글들이 정리돼 있어?",
# "which other posts …", "list the …") or the entry's name ("제목이 뭐라고 해?", "What does
# the X title say …?"): the names are the answer.
_LIST_ASKED_RE = re.compile(
    r"말고|외에|빼고|목록|리스트|뭐뭐|어떤\s*(?:글|항목|논문|것)들|(?:글|항목|논문)\s*들|제목|이름"
    r"|\b(?:other|others|list|besides|except|which (?:posts|notes|entries|items|papers)"
    r"|titled?|names?)\b",
    re.I,
)


def listed_bare(
    question: str,
    question_terms: Iterable[str],
    units: Sequence[str],
    terms_of: Callable[[str], Iterable[str]],
) -> bool:
    """Whether every quoted unit (``units``) is a list of bare names (two or more short
    items at commas, none a sentence or a label) one item of which is all question terms
    (``question_terms``; ``terms_of`` gives a text's analyzer terms), and the question
    does not ask the list itself (:data:`_LIST_ASKED_RE`): the unit names the
    asked entry among its siblings and says nothing of it (twenty-sixth round: "X 글
    결론이 뭐였지?" over a repo's folder line "A, X, B etc.")."""
    asked = {t.lower() for t in question_terms}
    if not units or _LIST_ASKED_RE.search(question):
        return False
    for text in units:
        items = [i for i in _ITEM_SPLIT_RE.split(_LIST_END_RE.sub("", text.strip())) if i]
        if len(items) < 2 or any(
            len(i.split()) > _NAME_WORDS or _NOT_NAME_RE.search(i) for i in items
        ):
            return False
        named = False
        for item in items:
            terms = {t.lower() for t in terms_of(item)} - _FILLER
            named = named or bool(terms and terms <= asked)
        if not named:
            return False
    return True


def link_nowhere(question: str, quoted_hits: Sequence[Hit], quoted: str) -> bool:
    """Whether the question asks for a link's target (``link_answers.asked_link``: "녹화본
    링크 알려줘", "the URL of …") and neither the passages of the quoted units
    (``quoted_hits``) keep a link nor their texts (``quoted``) write one: the notes say
    where something is ("내부 드라이브에만 공유") without giving its address. (A link
    found is answered by ``link_answers.py``, whose floor lifts the strength again.)"""
    from notelens.answer.link_answers import asked_link

    if asked_link(question) != "url" or _LINK_ASKED_RE.search(question) is None:
        return False
    return not any(h.links for h in quoted_hits) and _URL_RE.search(quoted) is None


# The link itself is what is asked ("녹화본 링크 알려줘", "슬라이드 URL 뭐야", "링크
# 있어?", "the link to the slides", "what's the URL"), not a link archive's content
# ("링크 아카이브에 숫자까지 적는 이유" names the note, a reason is asked).
_LINK_ASKED_RE = re.compile(
    r"(?:링크|url|주소)\s*(?:좀|는|가|은|이|도|를|을)?\s*(?:알려|줘|주세요|줄래|뭐|무엇|있|어디|찾아|[?]|$)"
    r"|\b(?:link|url)s?\s+(?:to|for|of)\b|\bwhat(?:'s| is| was) the (?:\S+ ){0,3}?(?:link|url)\b"
    r"|\bwhere (?:can|could|do|should) (?:i|we|you) (?:read|find|watch|download|get)\b",
    re.I,
)
# A link's target written as text: a scheme, "www.", a wiki or markdown link.
_URL_RE = re.compile(r"https?://|www\.|\[\[|\]\(", re.I)


def nowhere_factor(
    question: str,
    kind: str,
    unit_kind: str,
    passages: str,
    scope: str,
    echo: bool,
    quoted: str = "",
) -> float:
    """For a note unit (``unit_kind``): ``1 - ECHO_PENALTY`` when the quoted units only
    echo a question that asks what the note says (``echo``: :func:`echoed`) or leave out
    the asked writer (:func:`writer_nowhere` over ``quoted``, their texts), ``1 -
    NOWHERE_PENALTY``
    when the asked measure is in no top passage (``passages``) or the asked date in
    nothing around the best unit (``scope``); else 1."""
    if unit_kind == "sentence":
        return 1.0
    # (A yes/no question is answered by the bare name, a question of the unit's place,
    # "under which heading is X?", by its context: only "what does it say" is read.)
    if (echo and CONTENT_ASKED.search(question)) or writer_nowhere(question, quoted):
        return 1.0 - ECHO_PENALTY
    # (A writer asked of an entry the quoted units only name, "X 논문 저자 누구야?" over
    # "A, X, B etc.": the list's other items are X's siblings, titles like X, which
    # ``writer_nowhere`` reads as a byline's names; twenty-eighth round.)
    if echo and WRITER_ASKED.search(question):
        return 1.0 - ECHO_PENALTY
    if measure_nowhere(question, passages) or date_nowhere(kind, question, scope):
        return 1.0 - NOWHERE_PENALTY
    return 1.0


def nowhere(j: Judged) -> float:
    """The ``strength.FACTORS`` hook: :func:`nowhere_factor` of the judged choice."""
    best, hits = j.best, j.hits
    if best.unit is None:
        return 1.0
    chosen = j.choice.chosen
    hit = hits[best.hit_index]
    quoted = "\n".join(f"{c.unit.context if c.unit else ''}\n{c.text}" for c in chosen)
    around = [hit.heading, hit.text, best.unit.context, quoted]
    around += [hits[c.hit_index].heading for c in chosen]
    # (Or units the note marks as not written yet: a title "(2024, 작성중)" holds words
    # beyond the question's and says nothing of the paper.)
    # (Or a list that names the asked entry among others and nothing about it.)
    texts_of = [c.text for c in chosen]
    echo = (
        echoed(j.q.all_terms, texts_of, j.analyzer.terms)
        or unfinished(j.q.text, texts_of)
        or listed_bare(j.q.text, j.q.all_terms, texts_of, j.analyzer.terms)
    )
    # A link asked for and none kept: over prose as well (a URL is written one way in
    # any text).
    if link_nowhere(j.q.text, [hits[c.hit_index] for c in chosen], quoted):
        return 1.0 - ECHO_PENALTY
    # (The writer over the units' own text: a heading path's "Repo Structure" reads as
    # a name.)
    texts = "\n".join(c.text for c in chosen)
    # A Korean count of a measure with a word of its own ("레이어가 몇 개야?") over the
    # passages the quoted units stand in: a number by that word in another note's
    # passage ("2개의 Zero Convolution Layer") counts another model's (answer/counted_ko.py).
    own = "\n".join(
        dict.fromkeys(f"{hits[c.hit_index].heading}\n{hits[c.hit_index].text}" for c in chosen)
    )
    if best.unit.kind != "sentence" and count_unwritten(j.q.text, own):
        # (A table row is a record that writes every field it has: a count it lacks is
        # the notes not saying, as an empty cell is: ``empty_cells.EMPTY_CELL_PENALTY``.)
        return 1.0 - (EMPTY_CELL_PENALTY if best.unit.kind == "row" else NOWHERE_PENALTY)
    # A README's own sentences ("This repository is dedicated to …") are note text read
    # as prose: a writer asked of a repo or a note and no byline quoted is unwritten
    # whatever the unit's kind (twenty-sixth round; no KorQuAD or XQuAD question asks
    # one, ``WRITER_ASKED`` names a repo, a note or a post).
    if best.unit.kind == "sentence" and writer_nowhere(j.q.text, texts):
        return 1.0 - ECHO_PENALTY
    # So is a date asked of the repo or its README ("research-notes 저장소 마지막 업데이트
    # 날짜", "When was the repository created?") over README sentences and a passage that
    # write no date (thirtieth round; a repo's start or update date, where the notes keep
    # one, is in the README's passage: "2025.01.05부터 정리").
    if best.unit.kind == "sentence" and repo_date_nowhere(
        j.q.atype.kind, j.q.text, "\n".join(around)
    ):
        return 1.0 - NOWHERE_PENALTY
    return nowhere_factor(
        j.q.text, j.q.atype.kind, best.unit.kind, j.evidence, "\n".join(around), echo, texts
    )
