"""Refusal signals of the asked member: a sibling's value, a benchmark with no score.

Two near misses pass every passage-level check because the best unit is about the
question's subject and holds a number (docs/benchmarks.md "Refusals on the blind
archive, ninth round"):

- the question names one member of a family by a number with its counter ("Gemstone-2
  2B", "13주차", "3기", "a 7B target") and the best unit writes the *same counter* with
  another number only ("9B 모델의 MMLU 71.9", "12주차"): it answers for a sibling;
- the question asks the score on a named benchmark ("MATH score", "LongBench 점수") and
  the best unit writes no number near that benchmark's name: the score is another
  benchmark's ("GSM8K accuracy … 74.4").

Both scale the evidence strength (``answer/refusal.py`` :func:`measure_factor`).
"""

from __future__ import annotations

import re

from notelens.analysis.dates import month_number
from notelens.answer.languages_asked import other_language_only
from notelens.answer.meeting_dates import meeting_elsewhere
from notelens.answer.unqualified import numbered_missing
from notelens.answer.unwritten import unstated_condition
from notelens.answer.variants import extended_only, extension_missing

#: The strength factor's penalty when the best unit answers for a sibling member. Such
#: a unit restates the question but for the member ("9B 모델의 MMLU 71.9" for "2B의
#: MMLU 점수"), so its strength is near full: the penalty takes a full strength below
#: the refusal threshold (0.36), as ``unsettled.OPEN_PENALTY`` does (0.5 left "Gemstone-2
#: 2B의 MMLU 점수는?" answered at 0.44: docs/benchmarks.md "Refusals, tenth round").
SIBLING_PENALTY = 0.7
#: The strength factor's penalty when no number sits near the asked benchmark's name
#: (the number is a sibling benchmark's: the same reasoning).
SCORE_PENALTY = 0.7

# A number with the counter that makes it a member's name: a model size written onto
# its number (7B, 128K), a week, a cohort, a session ("13주차", "3기", "2회차"), a
# name's dotted version (its counter is the name).
# Years, days, a date's month and plain counts (개, 명) name no member.
_MEMBER_RE = re.compile(
    r"(?<![\w.])(\d+(?:\.\d+)?)(?:([BMK])(?![A-Za-z0-9])"
    # ("3기능", "2기간", "4기업" are words of their own, not a cohort.)
    r"|\s?(주차|기수|기|회차|차시)(?![간능술계본준억록대업관]))"
    # A release: a name and its dotted version ("vLLM 0.8" over "vLLM 0.7 release notes").
    # (A Korean particle may follow: "orchard-serve v1.1은"; a Latin letter, a digit or a
    # dot may not: "0.8.3x".)
    r"|(?<![\w.-])(?P<name>[A-Za-z][A-Za-z0-9_-]*) v?(?P<ver>\d+\.\d+(?:\.\d+)?)"
    r"(?![A-Za-z0-9_.])"
    # A counter written before its number: a season or a week ("시즌3", "week 12", the
    # table cell "Week: 9"), one counter in either language.
    # (A session number too: the schedule table's cell "회차: 5", "Session 3".)
    r"|(?<![A-Za-z가-힣])(?P<pre>시즌|[Ss]eason|[Ww]eek|회차|[Ss]ession)\s?:?\s?(?P<pnum>\d+)(?![\d.])"
    # A version written with its "v" ("SFT v5" over the "Tern-7B SFT v4" row, "v1.1"), or
    # the word ("version 2", "버전 3"): the changelog's versions are siblings.
    r"|(?<![A-Za-z0-9.])(?:[vV]|[Vv]ersion\s?|버전\s?)(?P<vnum>\d+(?:\.\d+)*)(?![A-Za-z0-9]|\.\d)"
    # A setting the paper was run at: a precision ("int2", "fp16", "3-bit", "4비트") or a
    # Greek-letter hyperparameter's value ("β를 0.01로", "β 0.05가", "λ=0.1").
    r"|(?<![\w.-])(?P<fmt>int|fp|bf|nf)(?P<fnum>\d+)(?![A-Za-z0-9.])"
    r"|(?<![\w.])(?P<bnum>\d+)\s?-?\s?(?P<bit>bits?|비트)(?![A-Za-z])"
    # A month ("2024 9월에", "in September"), not a date's month ("10월 21일"): the
    # archive's months are its members (headings "🍁 October").
    r"|(?<![\d.])(?P<mon>1[0-2]|[1-9])\s?월(?!\s?\d+\s?일)(?![가-힣]?일)"
    r"|\b(?P<mname>January|February|March|April|May|June|July|August|September|October"
    r"|November|December)\b(?!\s?\d)"
    # A dataset's split ("test-clean" over a unit giving "test-other" only).
    r"|(?<![\w-])(?P<split>test|dev|val)-(?P<sname>[a-z]+)(?![\w-])"
    r"|(?P<greek>[α-ωΑ-Ω])\s?(?:[=:]|[을를은는이가]|값은?)?\s?(?P<gnum>\d*\.?\d+)(?![\d.])"
    # A season of the year ("the spring season" over a group's "Autumn 2025" page, "2024
    # 가을"): a term's, a cohort's or a release's season, whose siblings are the others.
    # (English "fall" only as a term's: "Fall 2025", "fall semester", not the verb.)
    r"|(?<![A-Za-z])(?P<sea>[Ss]pring|[Ss]ummer|[Aa]utumn|[Ww]inter|Fall"
    r"|fall(?=\s(?:season|semester|term|\d{4})))(?![A-Za-z])"
    r"|(?<![가-힣])(?P<ksea>봄|여름|가을|겨울)(?=(?:철|학기|시즌)?(?:에|의|은|는|엔|에는)?(?![가-힣]))"
    # A release stage: a preview, a beta, the official release ("Haneul-3 정식 버전" over
    # the "Haneul-3 Preview" entry). ("정식 명칭" is a name's official form, no stage;
    # a lone "beta" or "alpha" is a hyperparameter: "DPO beta 0.1".)
    r"|(?<![A-Za-z])(?P<pre_view>[Pp]review|PREVIEW)(?![A-Za-z])"
    r"|(?<![가-힣])(?P<kstage>프리뷰|베타|정식(?!\s?(?:명칭|이름|표기)))"
    r"|(?<![A-Za-z])(?P<estage>beta|official|final|stable|GA)\s(?:release|version)\b"
    # A code of capitals and digits: an accelerator ("H100" over an "A100 80GB" line), a
    # quarter ("Q3"), a session ("S12"). Codes of one shape are siblings: a short number
    # with its own letters ("Q1", "Q3"), a model number of three or four digits with any
    # ("H100", "A100", "V100").
    r"|(?<![\w.\-/])(?P<code>[A-Z]{1,2})(?P<cnum>\d{1,4})(?![\w.\-])"
)
# The release stages, one name per stage in both languages.
_STAGES = {"preview": "preview", "프리뷰": "preview", "베타": "beta", "beta": "beta"}
# The counters written before the number, one per kind in both languages.
_PRE = {"시즌": "시즌", "season": "시즌", "week": "주차", "회차": "회차", "session": "회차"}
# The seasons of the year, one name per season in both languages.
_SEASONS = {"봄": "spring", "여름": "summer", "가을": "autumn", "겨울": "winter", "fall": "autumn"}
# A metric written with its value ("WER 4.1%", "BLEU 27.3") is a score, not a release
# (a name and its dotted version): the release form reads "vLLM 0.8".
_METRICS = frozenset(
    {"wer", "cer", "bleu", "rouge", "rouge-l", "rouge-1", "rouge-2", "meteor", "chrf", "f1"}
    | {"em", "acc", "accuracy", "ece", "ppl", "perplexity", "fid", "auc", "map", "ndcg"}
    | {"mrr", "recall", "precision", "loss", "score", "elo"}
)
# A member written as the reference of a comparison ("시즌2보다 3명 늘었음", "v1 대비 2배",
# "3B에 비해", "than the 7B", "compared to season 2", "vs. v1"): the unit is about
# another member, the one it measures against the named one.
# So is a member written as the reference of a relation: the unit's subject is the
# member's bigger or later sibling, or is built from it ("Gorae-3B의 큰 버전" under the
# "Gorae-8B" entry, "Tessel-9B 이전 세대", "Mistral-7B 기반", "a larger version of the
# 3B", "distilled from the 70B", "successor to v1").
_COMPARED_AFTER_RE = re.compile(
    r"\s?(?:보다|대비|에\s?비해|와\s?비교|과\s?비교"
    r"|의\s?(?:더\s?)?(?:큰|작은|상위|하위|경량|후속|이전|다음|개선|확장|축소|소형|대형)"
    r"\s?(?:버전|모델|판|세대|작|편)"
    r"|의\s?후속|\s?(?:이전|다음)\s?세대|(?:을|를)?\s?기반|(?:에서|으로부터|로부터)\s?(?:파생|증류|확장))"
)
_COMPARED_BEFORE_RE = re.compile(
    r"(?:\bthan|\bcompared\s(?:to|with)|\bvs\.?|\bversus|\brelative\sto"
    r"|\b(?:successor|predecessor|follow-up|sequel)\s(?:to|of)"
    r"|\b(?:version|variant)\sof|\b(?:based|built)\son"
    r"|\b(?:derived|distilled|fine-?tuned|initiali[sz]ed|upscaled|scaled\sup)\sfrom)"
    r"\s(?:the\s)?$",
    re.I,
)
_PERCENT_RE = re.compile(r"\s?(?:%|점|퍼센트|pt|pp|points?)(?![A-Za-z])")
# "MMLU 점수", "MATH score", "score on HumanEval": a name with two capitals or digits
# (a benchmark's, not "final score") right before a score word, or after "score on".
# ("Corvid-MoE-Instruct score on MT-Bench": the name before a verb "score" is the
# subject, so a following "on / in" hands the benchmark to the second form.)
_NAME = r"[A-Za-z][A-Za-z0-9.-]*[A-Z0-9][A-Za-z0-9.-]*"
_SCORE_RE = re.compile(
    rf"\b(?:scored?|scores|accuracy)\s+(?:on|in)\s+(?P<after>{_NAME})"
    rf"|(?<![\w-])(?P<before>{_NAME})\s*(?:의\s*)?"
    r"(?:scores?|accuracy|pass@\d|점수|정확도)(?![a-z])(?!\s+(?:on|in)\b)",
)
_CAPS_RE = re.compile(r"[A-Z0-9]")
# A score near the name: a number up to this many characters after (or before) it.
_NEAR = 40


# A setting's value changed in place ("temperature 0.05 → 0.02로 바꿔 봄", "β 0.1 -> 0.05"):
# the value after the arrow is the same setting's, written bare.
_CHANGED_TO_RE = re.compile(r"\s?(?:→|->|=>|⇒)\s?(\d+(?:\.\d+)?)(?![\d.])")


def _with_changed(m: re.Match[str], text: str) -> list[tuple[str, str]]:
    """One match of :data:`_MEMBER_RE` as its members: a setting (a name's value, a Greek
    letter's) and the value it was changed to, when an arrow follows (twenty-sixth round:
    "temperature 0.02로 바꾸니" over "temperature 0.05 → 0.02로 바꿔 봄" is the unit's
    own run, not a sibling's)."""
    member = _member(m)
    if not (m.group("name") or m.group("greek")):
        return [member]
    changed = _CHANGED_TO_RE.match(text, m.end())
    return [member] if changed is None else [member, (changed.group(1), member[1])]


def members(text: str) -> list[tuple[str, str]]:
    """The (number, counter) member names ``text`` writes ("7B" -> ("7", "B"),
    "vLLM 0.8" -> ("0.8", "vllm"))."""
    return [
        x for m in _MEMBER_RE.finditer(text) if not _scored(m, text) for x in _with_changed(m, text)
    ]


#: A number standing for an asked one: written beside a counter word, it lets
#: :func:`members` say which counter it reads the word as (:func:`probed_counters`).
PROBE = "999"


def probed_counters(probe: str) -> list[str]:
    """The counters :func:`members` reads beside :data:`PROBE` in ``probe`` ("999주차",
    "시즌999", "week 999" -> "주차" / "시즌" / "주차"), in order: how a question's counter
    word is read as the notes' members are."""
    return [c for n, c in members(probe) if n == PROBE]


def member_stated(asked: str, text: str) -> bool:
    """Whether ``text`` writes a member that ``asked`` names ("season4" over "SSL 시즌4":
    the same number with the same counter, in either language). The one reading behind
    evidence.series_present and refusal.qualifier_stated."""
    wanted = members(asked)
    if not wanted:
        return False
    written = members(text)
    return any(x in written for x in wanted)


def stated_members(text: str) -> list[tuple[str, str]]:
    """The member names ``text`` writes as its own subject: :func:`members` less those
    written as a comparison's reference ("시즌2보다 3명 늘었음" is about another season)."""
    return [
        x
        for m in _MEMBER_RE.finditer(text)
        if not _scored(m, text)
        and _COMPARED_AFTER_RE.match(text, m.end()) is None
        and _COMPARED_BEFORE_RE.search(text, max(0, m.start() - 20), m.start()) is None
        for x in _with_changed(m, text)
    ]


def _scored(m: re.Match[str], text: str) -> bool:
    """Whether a release match ("WER 4.1") is a metric with its value: the name is a
    metric's, or a percentage or points follow the number ("LC 41.8%")."""
    if not m.group("name"):
        return False
    return m.group("name").lower() in _METRICS or _PERCENT_RE.match(text, m.end()) is not None


def _member(m: re.Match[str]) -> tuple[str, str]:
    """One match of :data:`_MEMBER_RE` as (number, counter)."""
    if m.group("name"):
        return m.group("ver"), m.group("name").lower()
    if m.group("pre"):
        return m.group("pnum"), _PRE[m.group("pre").lower()]
    if m.group("vnum"):
        # "v1" and "v1.0" are one version.
        return re.sub(r"(?:\.0)+$", "", m.group("vnum")), "v"
    if m.group("fmt"):
        return m.group("fnum"), m.group("fmt")
    if m.group("bit"):
        return m.group("bnum"), "bit"
    if m.group("mon"):
        return m.group("mon"), "월"
    if m.group("mname"):
        return str(month_number(m.group("mname"))), "월"
    if m.group("split"):
        return m.group("sname"), m.group("split")
    if m.group("greek"):
        return m.group("gnum"), m.group("greek")
    if m.group("pre_view") or m.group("kstage") or m.group("estage"):
        stage = (m.group("pre_view") or m.group("kstage") or m.group("estage")).lower()
        return _STAGES.get(stage, "final"), "stage"
    if m.group("code"):
        letters, digits = m.group("code"), m.group("cnum")
        if len(digits) >= 3:
            return m.group(0), f"code-{len(letters)}-{len(digits)}"
        return digits, f"code-{letters}"
    if m.group("sea") or m.group("ksea"):
        name = (m.group("sea") or m.group("ksea")).lower()
        return _SEASONS.get(name, name), "계절"
    return m.group(1), m.group(2) or m.group(3)


def sibling_only(question: str, unit_text: str, context: str = "") -> bool:
    """Whether ``unit_text`` writes a counter of the question's member names only with
    other numbers (the question asks "2B", the unit gives "9B" and not "2B"); for a
    counter the unit does not write, its ``context`` (heading path, entry) is read
    instead ("3기" asked of a row under "… 모임 2기 > 일정"). The unit goes first: an
    entry titled "… at 2B and 9B" names the asked size, its bullet "9B의 MMLU 71.9"
    answers for the other."""
    asked = members(question)
    if not asked:
        return False
    # (A member the unit compares against is not the one it is about: "시즌2보다 3명
    # 늘었음" under the season-3 notes answers nothing of season 2.)
    written = stated_members(unit_text)
    around = members(context)
    # Per counter, the unit answers for a sibling when it writes none of the asked
    # numbers: "v1에서 v2로 바뀐 이유" is answered by "why: v1 underfit …".
    for counter in dict.fromkeys(c for _, c in asked):
        numbers = {n for n, c in asked if c == counter}
        same = {n for n, c in written if c == counter}
        # A version's unit names its predecessor ("v1의 3,200개 프롬프트를 9,600개로"
        # under the "RefuseBench v2" entry): the entry's version counts as well.
        if counter == "v" or not same:
            same |= {n for n, c in around if c == counter}
        if same and not numbers & same and not rounded_size(counter, numbers, same):
            return True
    return False


# A size the notes write precisely is asked rounded ("the 1B model" of "1.1B model",
# "Tern-14B" of "14.1B로 키움"): the written size within this share of the asked one.
_ROUNDING_SHARE = 0.1


def rounded_size(counter: str, asked: set[str], written: set[str]) -> bool:
    """Whether a model size of ``written`` is one of ``asked`` as a question rounds it:
    the same at the asked number's precision (1.1 -> 1, 14.1 -> 14, 6.7 -> 7) and within
    :data:`_ROUNDING_SHARE` of it (0.6 is no "1B"; 8.5 no "8B"). Sizes only (B, M, K):
    a week, a version or a season is a member by its exact number (twenty-third round)."""
    if counter not in ("B", "M", "K"):
        return False
    for a in asked:
        places = len(a.partition(".")[2])
        for w in written:
            value, target = float(w), float(a)
            if (
                len(w.partition(".")[2]) > places
                and abs(value - target) < 0.5 * 10**-places
                and abs(value - target) <= _ROUNDING_SHARE * target + 1e-9
            ):
                return True
    return False


def asked_benchmark(question: str) -> str | None:
    """The benchmark whose score the question asks ("MATH", "MT-Bench"), or None."""
    for m in _SCORE_RE.finditer(question):
        name = (m.group("after") or m.group("before")).rstrip(".-")
        if len(_CAPS_RE.findall(name)) >= 2:
            return name
    return None


def score_stated(benchmark: str, text: str) -> bool:
    """Whether ``text`` writes a number within a few words of ``benchmark``'s name."""
    name = re.escape(benchmark)
    gap = rf"[^\n]{{0,{_NEAR}}}?"
    near = rf"{name}(?![A-Za-z0-9]){gap}\d|\d{gap}(?<![A-Za-z0-9]){name}(?![A-Za-z0-9])"
    return re.search(near, text) is not None


def member_factor(question: str, unit_text: str, context: str = "", passages: str = "") -> float:
    """The product of the sibling and benchmark-score penalties ``unit_text`` earns
    (the text of the units quoted: a sibling bullet quoted as the lead answers it) and
    ``context`` (their heading paths and entries, see :func:`sibling_only`); ``passages``
    (the quoted chunks' whole text) only widens where a conditioning number may be
    written (:func:`unwritten.unstated_condition`)."""
    factor = 1.0
    # (A meeting's date is read from the heading paths alone: the unit may write the
    # asked date as another meeting's due date.)
    # (Or the units never write the numbered member asked: "Sparse Echo 2" over the
    # "Sparse Echo: …" row, answer/unqualified.py.)
    # (Or the number the question conditions on: "head를 8개 쓰면 speed-up은?" over
    # "Halla-13B-Chat에서 speed-up 2.0배", another setting's figure, answer/unwritten.py.)
    if (
        sibling_only(question, unit_text, context)
        or meeting_elsewhere(question, context)
        or numbered_missing(question, f"{unit_text}\n{context}")
        # (Or they write the asked name only as a variant's: "Halcyon-Embed-v2-Ko" for
        # "Halcyon-Embed-v2", answer/variants.py.)
        or extended_only(question, f"{unit_text}\n{context}")
        or extension_missing(question, f"{unit_text}\n{context}")
        or unstated_condition(question, unit_text, f"{context}\n{passages}")
        # (Or they give the figure in another language than the one asked: "Medusa
        # 일본어 acceptance rate" over "영어 0.71, 한국어 0.63", answer/languages_asked.py.)
        or other_language_only(question, unit_text, context)
    ):
        factor *= 1.0 - SIBLING_PENALTY
    benchmark = asked_benchmark(question)
    if benchmark is not None and not score_stated(benchmark, unit_text):
        factor *= 1.0 - SCORE_PENALTY
    return factor
