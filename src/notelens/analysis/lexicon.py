"""Cross-language term matching for the unit scorer: question terms in the other language.

Research notes mix the two languages: a Korean summary under an English title, an
English question over Korean bullets ("what is the problem with human annotators?" over
"인간 주석자는 비용이 많이 들고 …"). The scorer's lexical signal counts the question's
terms a unit holds, and across languages there are none; e5's cosine of a short
question and a short bullet is too flat to pick the bullet among its siblings (third
round: 11 of 14 cross-language misses had the gold unit in the top 5 passages).

Two sources of translations, neither tied to one archive:

* :data:`GENERAL_PAIRS`, a small English-Korean lexicon of the general vocabulary of
  writing about research and software (performance/성능, cost/비용, release/공개,
  dataset/데이터셋, …): the words a question and a note use for the same thing when
  they are written in different languages. Domain names (models, papers) are not in
  it: notes keep those in English inside Korean text, and they match as they are;
* :func:`research_pairs`, the research vocabulary of ``data/lexicon_research.txt``
  (experiments, models, software, projects, meetings and people: 재현/reproduction,
  롤백/rollback, 회의/meeting), a systematic list kept as data beside the hand-picked
  pairs above;
* the **aliases the notes write** in the evidence itself: "중복 제거 (Deduplication)",
  "Document level(문서 단위)", "로라(LoRA)" pair the two spellings (:func:`note_aliases`).

Both sides go through the analyzer, so a pair is stored as the analyzer's terms (Kiwi
stems, stemmed English) and :meth:`Lexicon.alternatives` maps a question term to the
terms that translate it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from notelens.analysis.base import Analyzer
from notelens.errors import AnalysisError

# English word(s) -> Korean word(s) ("|" separates spellings). General vocabulary only.
GENERAL_PAIRS: tuple[tuple[str, str], ...] = (
    ("performance", "성능"),
    ("accuracy", "정확도"),
    ("quality", "품질"),
    ("cost|expensive", "비용"),
    ("price", "가격"),
    ("speed|fast|faster", "속도|빠르"),
    ("slow", "느리"),
    ("memory", "메모리"),
    ("efficiency|efficient", "효율"),
    ("knowledge", "지식"),
    ("pretraining|pre-training", "사전 훈련|사전 학습|사전학습"),
    ("training|train|trained", "학습|훈련"),
    ("learning", "학습"),
    ("fine-tuning|fine-tune|finetuning", "파인튜닝|미세 조정|튜닝"),
    ("tuning|tuned", "튜닝|조정"),
    ("inference", "추론|인퍼런스"),
    ("reasoning", "추론"),
    ("parameter|parameters", "파라미터|매개변수"),
    ("token|tokens", "토큰"),
    ("model|models", "모델"),
    ("data", "데이터"),
    ("dataset|datasets", "데이터셋|데이터 셋"),
    ("document|documents", "문서"),
    ("sentence|sentences", "문장"),
    ("word|words", "단어"),
    ("paragraph", "문단"),
    ("question|questions", "질문|문제"),
    ("answer|answers|response", "답변|응답|답"),
    ("human|humans|people|person", "인간|사람"),
    ("annotator|annotators|labeler", "주석자|라벨러|어노테이터"),
    ("annotation|label|labels", "주석|라벨|레이블"),
    ("problem|issue", "문제"),
    ("limitation|limit|limited", "한계|제한"),
    ("diversity|diverse", "다양성|다양"),
    ("release|released|publish|public", "공개|배포"),
    ("immediately|right away", "바로|즉시"),
    ("level", "단위|수준"),
    ("unit", "단위"),
    ("grow|increase|larger", "커지|증가|늘리"),
    ("decrease|reduce|smaller", "줄이|감소|작아지"),
    ("improve|improvement|improves", "향상|개선"),
    ("together", "같이|함께"),
    ("curve", "곡선"),
    ("shape", "모양|형태"),
    ("position", "위치"),
    ("middle", "중간"),
    ("beginning|start", "처음|시작"),
    ("result|results", "결과"),
    ("method|approach", "방법|방식|접근"),
    ("reason|because|why", "이유|때문"),
    ("goal|purpose", "목표|목적"),
    ("idea", "아이디어"),
    ("example|examples", "예시|예"),
    ("application|applied|apply", "적용|응용"),
    ("evaluation|evaluate|benchmark", "평가|벤치마크"),
    ("experiment|experiments", "실험"),
    ("search|retrieval", "검색"),
    ("index", "색인|인덱스"),
    ("generation|generate|generates", "생성"),
    ("loss", "손실"),
    ("lose", "잃|손실"),
    ("output|outputs", "출력"),
    ("input|inputs", "입력"),
    ("distribution", "분포"),
    ("sampling|sample", "샘플링|샘플"),
    ("verification|verify", "검증"),
    ("compute|computation", "연산|계산"),
    ("layer|layers", "레이어|층"),
    ("size", "크기"),
    ("length", "길이"),
    ("language", "언어"),
    ("korean", "한국어"),
    ("english", "영어"),
    ("noise", "노이즈|잡음"),
    ("remove|removes|removal", "제거"),
    ("duplicate|deduplication", "중복"),
    ("filter|filtering", "필터|필터링"),
    ("safety|safe", "안전"),
    ("harmful|harm", "유해|해로운"),
    ("attack|attacks", "공격"),
    ("defense|defence", "방어"),
    ("user|users", "사용자"),
    ("feedback", "피드백"),
    ("preference", "선호"),
    ("reward", "보상"),
    ("policy", "정책"),
    ("image|images", "이미지"),
    ("video", "비디오|영상"),
    ("network", "네트워크|망"),
    ("structure|architecture", "구조"),
    ("paper|papers", "논문"),
    ("study", "스터디|연구"),
    ("research", "연구"),
    ("author|authors", "저자"),
    ("presenter|speaker|presented", "발표자|발표"),
    ("conference|venue", "학회"),
    ("company|organization|org", "회사|기관"),
    ("date", "날짜|일자"),
    # the column headers of schedules and paper tables (a question asks "which week",
    # "which lab" over a table headed 주차 / 소속, or the reverse)
    ("week|weeks", "주차"),
    ("affiliation|lab", "소속"),
    ("schedule", "일정"),
    ("topic|topics", "주제"),
    ("order", "순서"),
    ("period", "기간"),
    ("season", "시즌"),
    ("year", "연도"),
    ("identical", "동일"),
    ("folder|directory", "폴더|디렉터리"),
    ("note|notes|memo", "메모|노트|정리"),
    ("summary", "요약"),
    ("definition|define|defined", "정의"),
    ("meaning|means|mean", "의미|뜻"),
    ("title", "제목"),
    ("content|contents", "내용"),
    ("review|reviews", "리뷰"),
    ("analysis|analyses", "분석"),
    ("contamination|contaminated", "오염"),
    ("overfitting", "과적합"),
    ("prevent|prevention", "방지|막"),
    ("difference", "차이"),
    ("correlation", "상관"),
    ("score|scores", "점수"),
    ("difficulty", "난이도"),
    ("different", "다르|다른"),
    ("new", "새|새로운"),
    ("many|much", "많"),
    ("high|highest", "높"),
    ("low|lowest", "낮"),
    ("default", "기본값|기본"),
    ("choose|chosen|choice|select|selected", "선택"),
    ("analyzer|analyser", "분석기"),
    # General research-notes words, eleventh round (issue #22): the frequent Korean terms
    # of the tuned notes sets (blind, blind2, examples/notes and the notes samples; the
    # top 220 by document frequency with no pair yet) that have a plain English word;
    # ambiguous ones left out (핵심 "key" is also the KV cache's key, 최고 "top" is top-k).
    ("stage|phase", "단계"),
    ("average", "평균"),
    ("total|overall|whole", "전체"),
    ("compare|comparison|compared", "비교"),
    ("ratio|proportion", "비율"),
    ("maximum|max", "최대"),
    ("best", "최고"),
    ("latency|delay", "지연"),
    ("error|errors", "오류|에러"),
    ("record|log", "기록"),
    ("format", "형식|포맷"),
    ("request|requests", "요청"),
    ("version|versions", "버전"),
    ("file|files", "파일"),
    ("probability", "확률"),
    ("measure|measured|measurement", "측정"),
    ("rule|rules", "규칙"),
    ("dimension|dimensions", "차원"),
    ("metric|metrics", "지표"),
    ("failure|fail|failed", "실패"),
    ("setting|settings", "설정"),
    ("cause", "원인"),
    ("name|names", "이름"),
    ("change|changed|changes", "변경"),
    ("translation|translate", "번역"),
    ("server", "서버"),
    ("effect", "효과"),
    # Serving and experiment-log words a Korean question asks about an English bullet
    # ("처리량이 얼마나 늘었어?" over "throughput +12% at 64 concurrent users") or the
    # reverse; each a one-to-one plain translation (xla12).
    ("throughput", "처리량"),
    ("concurrent|concurrency|simultaneous", "동시"),
    ("query|queries", "쿼리|질의"),
    ("save|saves|saved|saving|savings", "절약|절감"),
    ("numbers|figures", "수치"),
    # Course and seminar logistics (a reading group's cohort notes).
    ("session|sessions", "세션|회차"),
    ("attend|attended|attendance", "출석|참석"),
    ("certificate", "수료증"),
    ("recording|recordings", "녹화"),
    # Number words against the digits notes write ("three-line summary" / "3 LINE
    # SUMMARY"); the Korean numerals are left out ("세" is also a word of its own).
    ("two", "2"),
    ("three", "3"),
    ("four", "4"),
    ("five", "5"),
)


_RESEARCH_FILE = "lexicon_research.txt"


def parse_pairs(text: str) -> tuple[tuple[str, str], ...]:
    """The pairs of a lexicon file: one ``english|spellings = 한국어|철자`` a line, "#"
    comments; raises :class:`AnalysisError` for a line that is not such a pair (an
    English side with no Latin letter or a Korean side with no Hangul)."""
    pairs: list[tuple[str, str]] = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        en, sep, ko = (part.strip() for part in line.partition("="))
        if not sep or not re.search(r"[A-Za-z]", en) or re.search(_HANGUL, ko) is None:
            raise AnalysisError(
                f"lexicon line {n} is not 'english|spellings = 한국어|철자': {raw!r}",
                hint=f"fix the line in notelens/analysis/data/{_RESEARCH_FILE}",
            )
        pairs.append((en, ko))
    return tuple(pairs)


@lru_cache(maxsize=1)
def research_pairs() -> tuple[tuple[str, str], ...]:
    """The shipped research vocabulary (``data/lexicon_research.txt``)."""
    try:
        text = resources.files("notelens.analysis").joinpath("data", _RESEARCH_FILE)
        return parse_pairs(text.read_text(encoding="utf-8"))
    except OSError as exc:
        raise AnalysisError(
            f"cannot read the cross-language lexicon ({exc})",
            hint=f"reinstall notelens: notelens/analysis/data/{_RESEARCH_FILE} is missing",
        ) from exc


def lexicon_pairs() -> tuple[tuple[str, str], ...]:
    """Every (English, Korean) pair: :data:`GENERAL_PAIRS`, then :func:`research_pairs`."""
    return GENERAL_PAIRS + research_pairs()


#: The language names of :data:`GENERAL_PAIRS` (capitalised in English wherever they
#: stand, so a question's "Korean" reads as a name; answer/evidence.py).
LANGUAGE_NAMES = frozenset({"korean", "english"})


def word_translations(word: str) -> tuple[str, ...]:
    """The other-language spellings :func:`lexicon_pairs` give a lowercased word, as
    written (no analyzer): "korean" -> ("한국어",)."""
    return _word_table().get(word, ())


@lru_cache(maxsize=1)
def _word_table() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for en, ko in lexicon_pairs():
        ko_words, en_words = tuple(ko.split("|")), tuple(en.split("|"))
        for w in en_words:
            table[w] = table.get(w, ()) + ko_words
        for w in ko_words:
            table[w] = table.get(w, ()) + en_words
    return table


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Analyzer terms -> the terms of their translations (both directions)."""

    table: Mapping[str, frozenset[str]]

    def alternatives(self, term: str) -> frozenset[str]:
        return self.table.get(term, frozenset())

    def with_aliases(self, pairs: Iterable[tuple[frozenset[str], frozenset[str]]]) -> Lexicon:
        """This lexicon plus the alias pairs of the evidence (see :func:`note_aliases`)."""
        table: dict[str, set[str]] = {k: set(v) for k, v in self.table.items()}
        for left, right in pairs:
            for a in left:
                table.setdefault(a, set()).update(right - left)
            for b in right:
                table.setdefault(b, set()).update(left - right)
        return Lexicon({k: frozenset(v) for k, v in table.items() if v})


def _link(table: dict[str, set[str]], left: Iterable[str], right: Iterable[str]) -> None:
    ls, rs = set(left), set(right)
    for a in ls:
        table.setdefault(a, set()).update(rs - ls)
    for b in rs:
        table.setdefault(b, set()).update(ls - rs)


class _ByIdentity:
    """An analyzer as a cache key, by identity (analyzers need not be hashable)."""

    __slots__ = ("analyzer",)

    def __init__(self, analyzer: Analyzer) -> None:
        self.analyzer = analyzer

    def __hash__(self) -> int:
        return id(self.analyzer)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _ByIdentity) and other.analyzer is self.analyzer


def general_lexicon(analyzer: Analyzer) -> Lexicon:
    """:func:`lexicon_pairs` in ``analyzer``'s terms (built once per analyzer)."""
    return _general_lexicon(_ByIdentity(analyzer))


@lru_cache(maxsize=4)
def _general_lexicon(key: _ByIdentity) -> Lexicon:
    analyzer = key.analyzer
    table: dict[str, set[str]] = {}
    for en, ko in lexicon_pairs():
        en_terms = [_spelling_terms(analyzer, w) for w in en.split("|")]
        ko_terms = [_spelling_terms(analyzer, w) for w in ko.split("|")]
        # A multi-word spelling ("사전 훈련") is matched term by term: each of its terms
        # stands for the English word.
        _link(table, frozenset().union(*en_terms), frozenset().union(*ko_terms))
    return Lexicon({k: frozenset(v) for k, v in table.items() if v})


# Phrases a Korean spelling is read in when Kiwi keeps no word of it alone: a lone word
# is tagged as it would stand in a sentence of its own (깊이 "deeply", an adverb; 읽기 as
# 읽 + an ending), inside a note's phrase as the noun it is ("깊이 6", "읽기 기록").
_NOUN_FRAMES = ("{} 기준", "{} 항목")


def _spelling_terms(analyzer: Analyzer, word: str) -> frozenset[str]:
    """The terms that stand for one spelling of a pair. A compound the analyzer also
    keeps whole (Kiwi: 처리량 -> 처리, 량, 처리량; 데이터셋 -> 데이터, 셋, 데이터셋) stands
    by its whole term only: its parts are other words (처리 "processing", 량 "amount",
    셋 "three") and would translate every text that holds them. So does a hyphenated
    English compound (long-term -> long-term, longterm, long, term: "long" and "term"
    are words of their own). A Korean word Kiwi keeps no word of when analysed alone
    stands by the whole word when a note's phrase keeps it (:data:`_NOUN_FRAMES`)."""
    terms = analyzer.terms(word)
    whole = word.replace(" ", "")
    if re.search(_HANGUL, word) is None:
        return _english_terms(analyzer, word, terms)
    if whole in terms:
        return frozenset({whole})
    # (a one-syllable word, 쌍 or 예, stays out: it is a piece of many words)
    alone = len(whole) >= 2 and " " not in word and not any(len(t) >= 2 for t in terms)
    if alone and any(whole in analyzer.terms(frame.format(word)) for frame in _NOUN_FRAMES):
        return frozenset({whole})
    return frozenset(terms)


def _english_terms(analyzer: Analyzer, word: str, terms: list[str]) -> frozenset[str]:
    """An English spelling's terms; a hyphenated compound's less its parts' own terms
    (the hyphenated and the joined form remain), when any remain."""
    if "-" not in word:
        return frozenset(terms)
    parts = set().union(*(analyzer.terms(p) for p in word.split("-") if p))
    compound = frozenset(t for t in terms if t not in parts)
    return compound or frozenset(terms)


_HANGUL = r"[가-힣]"
# "중복 제거 (Deduplication)", "Document level(문서 단위)": a phrase in one script with
# its other spelling in parentheses right after it.
_ALIAS_RE = re.compile(
    rf"((?:{_HANGUL}+ ?){{1,3}}|(?:[A-Za-z][\w\-]* ?){{1,3}})\s?\(([^()]{{2,40}})\)"
)


def note_aliases(texts: Iterable[str]) -> list[tuple[str, str]]:
    """The "phrase (other spelling)" pairs in ``texts`` whose two sides are written in
    different scripts (a Korean phrase with its English term, or the reverse). A list in
    the parentheses is no other spelling: "스터디 13~15주차(InstructGPT, DPO, Constitutional
    AI)" names what those weeks read, and pairing 주차 with DPO made a question about DPO
    ask for the week column of a syllabus row."""
    pairs = []
    for text in texts:
        for m in _ALIAS_RE.finditer(text):
            left, right = m.group(1).strip(), m.group(2).strip()
            if any(sep in right for sep in (",", ";", "·", "、")):
                continue
            left_ko = re.search(_HANGUL, left) is not None
            right_ko = re.search(_HANGUL, right) is not None
            right_latin = re.search(r"[A-Za-z]", right) is not None
            if left_ko != right_ko and (right_ko or right_latin):
                pairs.append((left, right))
    return pairs
