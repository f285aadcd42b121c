"""Short answers in prose: align the question to the answering sentence.

KorQuAD and XQuAD questions are paraphrases of one sentence with the answer replaced
by a question word ("누가", "무엇을", "who") or by an asked-about head noun ("… 다루는
학문은?"). Without a reader model the short answer is found by aligning the two:

* **Candidates** are the sentence's constituents that the question leaves open: Korean
  noun phrases cut at Kiwi's particles (the trailing particle dropped), English noun
  phrases, capitalised runs, numbers and dates; a candidate made of the question's
  own words is no answer.
* **Anchors** are the sentence's morphemes / words that the question has (Kiwi lemma
  or Snowball stem), the question's **predicate** (the verb of the clause around the
  question word) weighing most.
* **Scores** add up what a reader learns: nearness to the anchors and the predicate;
  the slot the question word fills (its particle: "무엇이" wants a phrase before
  이/가, "어디로" one before 로; "who VERB" wants the phrase before the verb); a
  relative clause mirrored in the sentence ("세계 종교의 차이를 비교하는 … 분야는?" →
  "… 비교하는 비교 종교학을"); the answer type (a date for "언제" or "… 년도는?", a
  number for "몇", a name for "who"); a generic noun ("것", "부분", "part") as a penalty.

:func:`prose_span` returns ``None`` when no candidate is left (the caller falls back to
the unit-level rules in ``answer/span.py``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from notelens.answer.qtype import DATE_RE, KO_NAME_RE, NUMBER_RE, Kind

# -- common -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Candidate:
    """``text[start:end]`` of the sentence and its score (higher is better)."""

    start: int
    end: int
    score: float


def _words(text: str) -> list[str]:
    """A word list written as one string (long vocabularies stay readable)."""
    return text.split()


def _near(d: float, scale: float) -> float:
    return 1.0 / (1.0 + d / scale)


class MemoMorphemes:
    """An analyzer's ``morphemes`` remembered for one answer (the antecedent check and
    the short answer read the same sentence); ``terms`` / ``terms_batch`` pass through."""

    def __init__(self, analyzer: object) -> None:
        self._analyzer = analyzer
        self._memo: dict[str, list[tuple[str, str, int, int]]] = {}

    def morphemes(self, text: str) -> list[tuple[str, str, int, int]]:
        found = self._memo.get(text)
        if found is None:
            found = self._memo[text] = list(self._analyzer.morphemes(text))  # type: ignore[attr-defined]
        return found

    def terms(self, text: str) -> list[str]:
        return list(self._analyzer.terms(text))  # type: ignore[attr-defined]

    def terms_batch(self, texts: list[str]) -> list[list[str]]:
        return list(self._analyzer.terms_batch(texts))  # type: ignore[attr-defined]


# -- Korean -----------------------------------------------------------------------------

_KO_NOUN = frozenset({"NNG", "NNP", "NNB", "NR", "SN", "SL", "XSN", "XPN"})
_COUNT = frozenset({"SN", "NR", "NNB"})
_KO_CONTENT = frozenset({"NNG", "NNP", "NR", "SN", "SL", "VV", "VA", "XR", "SH"})
_WH = frozenset(
    {"누구", "무엇", "어디", "언제", "몇", "얼마", "뭐", "무슨", "어느", "어떤", "어떠한"}
)
#: Particle classes: the slot a phrase fills in its clause.
_SLOT = {
    "이": "subj",
    "가": "subj",
    "께서": "subj",
    "은": "subj",
    "는": "subj",
    "을": "obj",
    "를": "obj",
    "로": "ro",
    "으로": "ro",
    "에서": "eseo",
    "에": "e",
    "에게": "e",
    "의": "gen",
    "와": "wa",
    "과": "wa",
    "라고": "quote",
    "이라고": "quote",
}
#: Nouns that name no thing by themselves: never the answer alone.
_KO_GENERIC = frozenset(
    _words(
        "것 수 때 등 중 부분 경우 관련 기반 정도 이후 이전 다음 가지 이상 이하 당시 자신 이것 그것 "
        "사실 뒤 후 전 앞 내 간 측 바 점 데 곳 이들 한편 대해 통해 위해 대한 따라 결과 "
        "시작 최초 처음 "
        "일 외 및 결국 당시 출신 이유 최근 현재 대개 모든 각각 여러 일부 대부분"
    )
)
#: Time and place relations that end a phrase ("사흘 뒤 목포 항" → "목포 항").
_KO_CUT = frozenset(_words("뒤 후 전 앞 때 중 이후 이전 당시 동안 사이 무렵"))
_NAME_WORDS = frozenset({"이름", "명칭", "제목", "별명", "본명", "호칭"})
#: Head nouns of "… X은?" questions that fix the answer type.
_KO_HEAD_KIND: dict[str, Kind] = {
    **dict.fromkeys(
        _words("년도 연도 해 날 날짜 일자 시기 시점 때 기간 년 월 생년월일 연대 세기 시대 요일"),
        "date",
    ),
    **dict.fromkeys(
        _words(
            "수 개수 인구 높이 길이 거리 넓이 면적 무게 나이 비율 금액 가격 점수 횟수 인원 "
            "규모 양 속도 온도 크기 득표율"
        ),
        "number",
    ),
    **dict.fromkeys(
        _words(
            "사람 인물 이름 학자 선수 감독 작가 저자 왕 대통령 장관 총리 교수 주인공 아들 딸 "
            "아버지 "
            "어머니 부인 남편 형 동생 스승 제자 배우 가수 화가 시인 장군 함장 회장 의원 후보"
        ),
        "person",
    ),
    **dict.fromkeys(
        _words("곳 장소 나라 국가 도시 지역 지방 마을 섬 산 강 항구 위치 지명"), "place"
    ),
}


@dataclass(frozen=True, slots=True)
class _Morph:
    form: str
    tag: str
    start: int
    end: int


_KO_QUOTED = re.compile(r"[《「『“\"'‘〈]([^《》「」『』“”\"'‘’〈〉]{1,40})[》」』”\"'’〉]")


_JOINERS = frozenset("-._")


def _morphs(analyzer: object, text: str) -> list[_Morph]:
    morphemes = analyzer.morphemes(text)  # type: ignore[attr-defined]
    # Kiwi marks regular / irregular verbs "VV-R" / "VV-I": the base tag is what counts.
    return _join_names([_Morph(f, t.split("-")[0], s, e) for f, t, s, e in morphemes])


def _join_names(ms: list[_Morph]) -> list[_Morph]:
    """Kiwi splits a model name at its hyphens and digits ("Mistral-7B": SL, SO, SN, SL);
    a run of touching Latin / number / joiner pieces that holds a Latin piece is one name
    (SL), so a short answer is "Mistral-7B", not "Mistral"."""
    out: list[_Morph] = []
    i, n = 0, len(ms)
    while i < n:
        j = i + 1
        if ms[i].tag in ("SL", "SN"):
            while (
                j < n
                and ms[j].start == ms[j - 1].end
                and (ms[j].tag in ("SL", "SN") or (ms[j].tag == "SO" and ms[j].form in _JOINERS))
            ):
                j += 1
            while j - 1 > i and ms[j - 1].tag == "SO":  # a trailing "-" is not the name's
                j -= 1
        run = ms[i:j]
        if len(run) > 1 and any(m.tag == "SL" for m in run):
            form = "".join(m.form for m in run)
            out.append(_Morph(form, "SL", run[0].start, run[-1].end))
        else:
            out.extend(run)
        i = j
    return out


@dataclass(frozen=True, slots=True)
class _KoQuestion:
    forms: frozenset[str]  # the question's content lemmas
    predicate: str | None  # the verb of the clause around the question word / head
    slot: str | None  # the particle class the question word takes ("무엇이" → subj)
    head: str | None  # the asked-about head noun ("… 학문은?" → 학문)
    kind: Kind
    slots: frozenset[str]  # particle classes the question's own phrases fill


def _predicate_before(ms: Sequence[_Morph], i: int) -> str | None:
    """The content lemma of the verb ending right before ``ms[i]`` (an ETM or a noun)."""
    for j in range(i - 1, max(-1, i - 4), -1):
        m = ms[j]
        if m.tag in ("VV", "VA", "XR"):
            return m.form
        if m.tag in ("NNG", "NNP") and j + 1 < len(ms) and ms[j + 1].tag.startswith(("XS", "VCP")):
            # "발언하던", and the copula of an apposition ("직위인 …").
            return m.form
    return None


def _ko_question(question: str, analyzer: object, kind: Kind) -> _KoQuestion:
    ms = _morphs(analyzer, question)
    forms = frozenset(m.form.lower() for m in ms if m.tag in _KO_CONTENT and m.form not in _WH)
    slots = frozenset(_SLOT[m.form] for m in ms if m.tag.startswith("J") and m.form in _SLOT)
    predicate: str | None = None
    slot: str | None = None
    head: str | None = None
    topic: int | None = None
    wh = next((i for i, m in enumerate(ms) if m.form in _WH and m.tag in ("NP", "MM", "NR")), None)
    if wh is not None:
        nxt = ms[wh + 1] if wh + 1 < len(ms) else None
        if nxt is not None and nxt.tag.startswith("J"):
            slot = _SLOT.get(nxt.form)
        # The verb after the question word ("무엇이 소진되어" → 소진).
        for m in ms[wh + 1 :]:
            if m.tag in ("VV", "VA"):
                predicate = m.form
                break
            if m.tag in ("NNG",) and m.form.lower() in forms:
                predicate = m.form
                if ms[ms.index(m) + 1 :][:1] and ms[ms.index(m) + 1].tag.startswith("XS"):
                    break
    # "… 다루는 학문은 (무엇인가)?": the head noun before the final topic particle and the
    # verb of its relative clause.
    for i in range(len(ms) - 1, 0, -1):
        m = ms[i]
        if m.tag in ("JX", "JKS") and ms[i - 1].tag in ("NNG", "NNB", "NNP"):
            if wh is not None and i - 1 < wh and ms[wh].form not in ("무엇", "누구", "어디", "뭐"):
                break
            topic = i
            j = i - 1
            head = ms[j].form
            if head in _NAME_WORDS and j > 1 and ms[j - 1].tag == "JKG":
                # "반류마루 함장의 이름은?": the thing named is the head (함장).
                j -= 2
                head = ms[j].form
            while j > 0 and ms[j - 1].tag in ("NNG", "NNB") and ms[j - 1].end == ms[j].start:
                j -= 1
            if j > 0 and ms[j - 1].tag == "ETM":
                predicate = _predicate_before(ms, j - 1) or predicate
            break
    if topic is not None:
        slots = frozenset(
            _SLOT[m.form]
            for k, m in enumerate(ms)
            if m.tag.startswith("J") and m.form in _SLOT and k != topic
        )
    if kind in ("other", "person", "name") and head is not None:
        kind = _KO_HEAD_KIND.get(head, kind)
    return _KoQuestion(forms, predicate, slot, head, kind, slots)


def _ko_candidates(ms: Sequence[_Morph], q: _KoQuestion) -> list[tuple[int, int]]:
    """Morpheme index ranges ``[i, j)`` of noun phrases without the question's words."""
    out: list[tuple[int, int]] = []
    i = 0
    n = len(ms)
    while i < n:
        if ms[i].tag not in _KO_NOUN:
            i += 1
            continue
        j = i + 1
        while j < n and ms[j].tag in _KO_NOUN and ms[j].start - ms[j - 1].end <= 1:
            # A space between a count ("1979년") and a name ("군"): two phrases.
            if ms[j].start > ms[j - 1].end and (ms[j - 1].tag in _COUNT) != (ms[j].tag in _COUNT):
                break
            j += 1
        # Sub-phrases cut at the question's words (the head noun may close one).
        k = i
        while k < j:
            if (ms[k].form.lower() in q.forms and ms[k].form != q.head) or ms[k].form in _KO_CUT:
                k += 1
                continue
            e = k + 1
            while e < j and (ms[e].form.lower() not in q.forms or ms[e].form == q.head):
                if ms[e].form in _KO_CUT:
                    break
                e += 1
            out.append((k, e))
            # The last word alone too ("미국 육군 부참모 총장" and "총장"), not in a count
            # ("2006년 2월 14일" stays whole).
            for s in range(k + 1, e):
                if ms[s].start > ms[s - 1].end and ms[s].tag not in _COUNT:
                    out.append((s, e))
            k = e
        i = j
    return out


def _slot_after(ms: Sequence[_Morph], j: int) -> str | None:
    if j < len(ms) and ms[j].tag.startswith("J") and ms[j].start == ms[j - 1].end:
        return _SLOT.get(ms[j].form)
    if j + 1 < len(ms) and ms[j].tag == "VCP" and ms[j + 1].form in ("라고", "라는"):
        return "quote"
    return None


def _typed_ok(kind: Kind, text: str) -> bool | None:
    if kind == "date":
        return bool(DATE_RE.search(text))
    if kind in ("number", "size"):
        return bool(NUMBER_RE.search(text)) or bool(re.search(r"\d", text))
    return None


def ko_span(question: str, kind: Kind, text: str, analyzer: object) -> tuple[int, int] | None:
    """The character span of ``text`` that answers the Korean ``question``."""
    scored = ko_scored(question, kind, text, analyzer)
    if not scored:
        return None
    best = max(scored, key=lambda c: c.score)
    return best.start, best.end


def ko_scored(question: str, kind: Kind, text: str, analyzer: object) -> list[Candidate]:
    """Every candidate span of ``text`` with its score (for :func:`ko_span`)."""
    q = _ko_question(question, analyzer, kind)
    ms = _morphs(analyzer, text)
    if not ms:
        return []
    # Positions that skip parentheses ("역청(아스팔트와 비슷한 성분)을 칠하여": 역청 is next
    # to its verb).
    pos: list[float] = []
    depth, p = 0, 0.0
    for m in ms:
        if m.tag == "SSO":
            depth += 1
        elif m.tag == "SSC":
            depth = max(0, depth - 1)
        pos.append(p)
        p += 0.1 if depth or m.tag == "SSC" else 1.0
    anchors = [pos[i] for i, m in enumerate(ms) if m.form.lower() in q.forms]
    preds = [pos[i] for i, m in enumerate(ms) if q.predicate is not None and m.form == q.predicate]
    out: list[Candidate] = []
    pairs = [(i, j, False) for i, j in _ko_candidates(ms, q)]
    # A quoted title or term ("《포브스》", "'선 6자회담, 후 평화협정'") is one candidate.
    starts = {mo.start: k for k, mo in enumerate(ms)}
    ends = {mo.end: k for k, mo in enumerate(ms)}
    for quote in _KO_QUOTED.finditer(text):
        a, b = quote.start(1), quote.end(1)
        if a in starts and b in ends and ends[b] >= starts[a] and len(quote[1].split()) <= 4:
            pairs.append((starts[a], ends[b] + 1, True))
    if q.kind in ("number", "size", "date"):
        # A typed token the morphemes split ("2~4배", "3-4천년") is one candidate.
        pattern = DATE_RE if q.kind == "date" else NUMBER_RE
        for tok in pattern.finditer(text):
            a, b = tok.start(), tok.end()
            while b > a and text[b - 1] == " ":
                b -= 1
            if a in starts and b in ends and ends[b] >= starts[a]:
                pairs.append((starts[a], ends[b] + 1, False))
    for i, j, quoted in pairs:
        s, e = ms[i].start, ms[j - 1].end
        span = text[s:e]
        forms = [m.form for m in ms[i:j]]
        if all(f.lower() in q.forms for f in forms):
            continue  # only the question's words ("주봉" for "금강산의 주봉은?")
        score = 1.0 if quoted else 0.0
        lo, hi = pos[i], pos[j - 1]
        score += sum(_near(min(abs(a - lo), abs(a - hi)), 3.0) for a in anchors) * 0.5
        if preds:
            d = min(min(abs(p - lo), abs(p - hi)) for p in preds)
            score += 2.0 * _near(d, 2.0)
        # A relative clause mirrored in the sentence: "[predicate]-는 CANDIDATE".
        generic = all(f in _KO_GENERIC for f in forms) or all(
            m.tag in ("NNB", "XSN") for m in ms[i:j]
        )
        # "… 연구하는 분야로 / 분야이다": a category noun said of the sentence's topic,
        # not the thing the question asks for.
        predicative = j < len(ms) and (ms[j].tag == "VCP" or ms[j].form in ("로", "으로"))
        if i > 0 and ms[i - 1].tag == "ETM" and not generic and not predicative:
            before = _predicate_before(ms, i - 1)
            if before is not None and (before == q.predicate or before == q.head):
                score += 3.0
            elif before is not None and before.lower() in q.forms:
                score += 1.0
        slot = _slot_after(ms, j)
        if q.slot is not None and slot == q.slot:
            score += 2.0
        elif q.slot is None and slot in ("subj", "obj") and slot not in q.slots:
            score += 0.7
            if q.head is not None and slot == "subj" and all(m.tag not in _KO_NOUN for m in ms[:i]):
                # "강물의 흐름을 연구하는 학문은?" — "하천 공학은 …을 연구하는 분야로": the
                # sentence's own topic is what the question's head noun asks for.
                score += 1.5
        # "X(이)라는 스승", "X인 홍수지질학": an apposition with the asked head noun.
        if q.head is not None:
            if forms[-1] == q.head and len(forms) > 1:
                # "…대학교는?" → "카이스트 대학교": the phrase closed by the asked noun.
                score += 2.0
            nxt = ms[j : j + 3]
            if any(m.form == q.head for m in nxt) and any(m.tag == "ETM" for m in nxt):
                score += 2.0
            # Apposition: "하치노헤 항", "베냐민 네타냐후 … 총리", "전문지 《포브스》".
            elif any(m.form == q.head for m in ms[max(0, i - 2) : i] + ms[j : j + 2]):
                score += 1.5
        typed = _typed_ok(q.kind, span)
        if typed is True:
            score += 2.5
        elif typed is False:
            score -= 2.5
        elif q.kind not in ("number", "size", "date") and all(mo.tag in _COUNT for mo in ms[i:j]):
            score -= 1.0  # a bare count ("2019년") for a question that asks for a thing
        if q.kind in ("person", "place", "org") and (
            any(m.tag == "NNP" for m in ms[i:j]) or KO_NAME_RE.fullmatch(span)
        ):
            score += 1.5
        if generic:
            score -= 5.0
        elif forms[0] in _KO_GENERIC:
            score -= 1.0  # "사흘 뒤 목포 항": the phrase starts after "뒤"
        if j < len(ms) and ms[j].tag in ("XSV", "XSA") and j - i == 1:
            # "기록하고": a verbal noun is the predicate, not a phrase that answers.
            score -= 2.0
        if all(m.tag == "SH" for m in ms[i:j]) or e - s < 2:
            score -= 1.5
        score -= 0.15 * max(0, j - i - 3)
        out.append(Candidate(s, e, score))
    return out


# -- English ----------------------------------------------------------------------------

_EN_TOKEN = re.compile(
    r"\d+(?:[.,:]\d+)*(?:\s?[–-]\s?\d+(?:[.,:]\d+)*)?(?:%|st|nd|rd|th|s)?|[A-Za-z][\w'’]*(?:-[\w'’]+)*|[^\w\s]"
)
#: Words that end a noun phrase (function words, auxiliaries, common verbs).
_EN_BREAK = frozenset(
    _words("""a an and or but nor so yet to of in on at for by with from as into onto upon
    over under
    about after before during since until while than then there here that this these those
    which who whom whose what when where why how is are was were be been being am do does did
    has have had having can could will would shall should may might must not no it its it's
    they them their he him his she her we us our you your i me my also only both either
    neither each every all any some such very more most much many other another between
    through throughout against among within without toward towards via per if because
    although though however including include includes included became become becomes
    called known named said says made make makes used use uses using took take takes
    led lead leads gave give gives got get gets began begin begins came come comes went go
    goes found find finds held hold holds set sets the won beat sang ran wrote built
    brought bought fought taught thought sent spent left lost met paid sold told stood kept
    meant felt saw knew grew drew threw flew chose rose fell spoke broke drove wore struck
    sat despite soon according meanwhile thereafter later earlier now still already just
    even often usually eventually currently previously finally first second new old several
    various certain own same""")
)
_EN_INNER = frozenset({"of", "the", "and", "de", "la", "von", "van", "du", "da", "'s", "&"})
_EN_GENERIC = frozenset(
    _words(
        "part parts number one ones time times way ways thing things kind type group area areas "
        "year years people use form end result lot"
    )
)
_EN_DATE_HEADS = frozenset(
    _words("year years date day month century decade era period time age season")
)
_EN_NUMBER_HEADS = frozenset(
    _words("""percentage percent number amount proportion ratio rate size population cost
    price score
    height length distance weight temperature speed age margin total capacity salary value
    budget density depth area width frequency quantity count""")
)
_EN_PROPER_HEADS = frozenset(
    _words("""name company team city country person organization organisation group university
    state river county region nation town language party church school college museum
    airport station network channel newspaper magazine book film album song movement
    dynasty empire army league club stadium building station island mountain ocean sea
    lake street king queen president emperor leader scientist writer author player coach""")
)
#: Dates and numbers as SQuAD answers them: a clock time ("4:51"), a decade ("the 1990s").
_EN_DATE = re.compile(rf"{DATE_RE.pattern}|\b\d{{1,2}}:\d{{2}}\b|\b(?:1\d|20)\d0s\b", re.I)
_EN_NUMBER = re.compile(rf"{NUMBER_RE.pattern}|\b\d{{1,2}}:\d{{2}}\b|\btwice\b|\bhundreds\b", re.I)
#: Words of capitalised names that are no person (awards, events, institutions).
_EN_NOT_PERSON = frozenset(
    _words(
        """award awards bowl republic operations association university company corporation
        church empire kingdom party league championship game games council committee
        department ministry court museum theatre street river manufacturing electric
        democratic united states international national institute society school college
        army navy war act treaty"""
    )
)
_TYPED_HEADS = _EN_DATE_HEADS | _EN_NUMBER_HEADS | _EN_PROPER_HEADS
_AUX = frozenset(
    _words("did does do is are was were has have had can could will would should may might")
)


@dataclass(frozen=True, slots=True)
class _EnQuestion:
    kind: str  # date, number, person, place, proper, np, reason, method
    head: str | None
    subject_wh: bool  # "who fumbled …": the answer precedes the matched verb


def _en_question(question: str, kind: Kind) -> _EnQuestion:
    words = [w.lower() for w in re.findall(r"[A-Za-z0-9']+", question)]
    head: str | None = None
    own = "np"
    wh_at = next(
        (
            i
            for i, w in enumerate(words)
            if w in ("who", "whom", "whose", "what", "which", "when", "where", "why", "how")
        ),
        None,
    )
    if wh_at is None:
        return _EnQuestion(
            {
                "date": "date",
                "number": "number",
                "size": "number",
                "person": "person",
                "place": "place",
            }.get(kind, "np"),
            None,
            False,
        )
    wh = words[wh_at]
    nxt = words[wh_at + 1] if wh_at + 1 < len(words) else ""
    subject_wh = bool(nxt) and nxt not in _AUX
    if wh in ("who", "whom", "whose"):
        own = "person"
    elif wh == "when":
        own = "date"
    elif wh == "where":
        own = "place"
    elif wh == "why":
        own = "reason"
    elif wh == "how":
        if nxt in (
            "many",
            "much",
            "old",
            "long",
            "far",
            "large",
            "big",
            "tall",
            "high",
            "often",
            "fast",
            "deep",
            "wide",
            "heavy",
            "few",
        ):
            own = "number"
        else:
            own = "method"
    else:  # what / which
        rest = [
            w for w in words[wh_at + 1 :] if w not in ("kind", "type", "sort", "of", "the", "a")
        ]
        if rest and rest[0] not in _AUX:
            head = rest[0]
            # "What German poet was …": the noun after an adjective.
            second = rest[1] if len(rest) > 1 else ""
            if (
                second
                and second not in _AUX
                and second not in _EN_BREAK
                and rest[0] not in _TYPED_HEADS
                and (second in _TYPED_HEADS or not second.endswith(("ed", "s")))
            ):
                head = second
            subject_wh = len(rest) > 1 and rest[1] not in _AUX
            if head in _EN_DATE_HEADS:
                own = "date"
            elif head in _EN_NUMBER_HEADS:
                own = "number"
            elif head in _EN_PROPER_HEADS:
                own = "proper"
        else:
            subject_wh = False
            # "What was the final score of …", "What was Warsaw's population in 1901?":
            # the head is the last word of the phrase after the verb.
            run: list[str] = []
            after = words[wh_at + 2 :]
            while after and after[0] in ("the", "a", "an"):
                after = after[1:]
            for w in after:
                if w in _EN_BREAK or w in _AUX:
                    break
                run.append(w)
            if run:
                head = run[-1]
                if head in _EN_DATE_HEADS:
                    own = "date"
                elif head in _EN_NUMBER_HEADS:
                    own = "number"
                elif head in _EN_PROPER_HEADS:
                    own = "proper"
    return _EnQuestion(own, head, subject_wh)


_EN_REASON = re.compile(
    r"\b(?:because(?: of)?|due to|owing to|since|as a result of|in order to|so that|so as to)\s+",
    re.I,
)
_EN_METHOD = re.compile(r"\b(?:by|through|using|via)\s+", re.I)


def _clause_after(text: str, pattern: re.Pattern[str]) -> tuple[int, int] | None:
    m = pattern.search(text)
    if m is None:
        return None
    end = re.search(r"[,;.](?:\s|$)", text[m.end() :])
    stop = m.end() + end.start() if end else len(text)
    return (m.end(), stop) if stop - m.end() > 2 else None


def en_scored(
    question: str, kind: Kind, text: str, q_terms: Collection[str], analyzer: object
) -> list[Candidate]:
    """Every candidate span of the English ``text`` with its score."""
    q = _en_question(question, kind)
    toks = [(m.group(), m.start(), m.end()) for m in _EN_TOKEN.finditer(text)]
    if not toks:
        return []
    words = [t[0] for t in toks]
    terms = (
        analyzer.terms_batch(words)
        if hasattr(analyzer, "terms_batch")
        else [[w.lower()] for w in words]
    )
    low_terms = {t.lower() for t in q_terms}
    stems = [ts[0] if ts else "" for ts in terms]
    is_q = [bool(s) and s in low_terms for s in stems]
    anchors = [i for i, f in enumerate(is_q) if f]
    q_words = {w.lower() for w in re.findall(r"[A-Za-z0-9]+", question)}

    def breaks(k: int) -> bool:
        w = words[k]
        lw = w.lower()
        if is_q[k] or lw in _EN_BREAK or not w[0].isalnum():
            return True
        # Without a tagger: a lowercase word ending like a verb form or an adverb.
        return w.islower() and (
            (lw.endswith("ed") and len(lw) > 4)
            or (lw.endswith("ing") and len(lw) > 5)
            or (lw.endswith("ly") and len(lw) > 4)
        )

    # Noun-phrase chunks: runs of tokens that are neither breaks nor question words.
    chunks: list[tuple[int, int]] = []
    i, n = 0, len(toks)
    while i < n:
        if breaks(i):
            i += 1
            continue
        j = i + 1
        while j < n:
            lw = words[j].lower()
            if not breaks(j):
                j += 1
            elif (
                lw in _EN_INNER
                and j + 1 < n
                and words[j + 1][:1].isupper()
                and words[j - 1][:1].isupper()
            ):
                j += 1  # "University of Warsaw", "Duke of Wellington"
            else:
                break
        chunks.append((i, j))
        # Capitalised and numeric sub-runs ("the French army" → "French").
        # Each capitalised run ("Jazz singer Maria Lopez" → "Maria Lopez").
        k = i
        while k < j:
            if words[k][:1].isupper() or words[k][:1].isdigit():
                e = k + 1
                while e < j and (words[e][:1].isupper() or words[e][:1].isdigit()):
                    e += 1
                if (k, e) != (i, j):
                    chunks.append((k, e))
                k = e
            else:
                k += 1
        i = j
    if q.kind in ("date", "number"):
        # The typed tokens themselves ("20–18", "711,988", "17 seconds", "the 1990s").
        pattern = _EN_DATE if q.kind == "date" else _EN_NUMBER
        starts = {t[1]: k for k, t in enumerate(toks)}
        ends = {t[2]: k for k, t in enumerate(toks)}
        for m in pattern.finditer(text):
            a, b = m.start(), m.end()
            while b > a and text[b - 1] == " ":
                b -= 1
            if a in starts and b in ends:
                chunks.append((starts[a], ends[b] + 1))
    out: list[Candidate] = []
    for i, j in dict.fromkeys(chunks):
        s, e = toks[i][1], toks[j - 1][2]
        if text[e - 2 : e] in ("'s", "’s"):
            e -= 2  # "Manning's problems" → "Manning"
        span = text[s:e]
        low = [w.lower() for w in words[i:j]]
        score = 0.0
        score += sum(_near(min(abs(a - i), abs(a - (j - 1))), 3.0) for a in anchors) * 0.6
        caps = all(w[:1].isupper() or w.lower() in _EN_INNER for w in words[i:j])
        has_num = any(w[:1].isdigit() for w in words[i:j]) or bool(_EN_NUMBER.search(span))
        if q.kind == "date":
            score += 3.0 if _EN_DATE.search(span) else -2.0
        elif q.kind == "number":
            score += 3.0 if has_num else -2.0
        elif q.kind in ("person", "proper"):
            score += 2.0 if caps and not has_num else -0.5
            if caps and j - i > 1:
                score += 0.5
            if q.kind == "person" and j - i == 1 and words[i].isupper():
                score -= 0.7  # an acronym ("ASL") is rarely the person
            if q.kind == "person" and any(w.lower() in _EN_NOT_PERSON for w in words[i:j]):
                score -= 1.5  # "Academy Award", "German Democratic Republic"
        elif q.kind == "place":
            score += 1.5 if caps else 0.0
            if i > 0 and words[i - 1].lower() in ("in", "at", "from", "near", "to"):
                score += 1.0
        else:
            if has_num:
                score -= 0.5
            # An answer phrase is rarely one lowercase adjective ("prominent").
            score += 0.25 * min(j - i, 3) + (0.5 if caps else 0.0)
        if q.head is not None and q.kind in ("np", "proper"):
            near_head = words[max(0, i - 3) : i] + words[j : j + 3]
            if any(w.lower().startswith(q.head[:5]) for w in near_head):
                score += 1.0
        if anchors and q.kind in ("person", "proper", "np"):
            if q.subject_wh and any(j <= a <= j + 3 for a in anchors):
                # "Who sang the national anthem?": the subject stands right before the
                # question's words ("Lady Gaga performed the national anthem").
                score += 1.5
            elif not q.subject_wh and any(i - 3 <= a < i for a in anchors):
                # "What did Lady Gaga sing?": the object right after them.
                score += 1.0
        if all(w in _EN_GENERIC for w in low) or all(w in q_words for w in low):
            score -= 3.0
        score -= 0.12 * max(0, j - i - 4)
        out.append(Candidate(s, e, score))
    return out


def en_span(
    question: str, kind: Kind, text: str, q_terms: Collection[str], analyzer: object
) -> tuple[int, int] | None:
    """The character span of ``text`` that answers the English ``question``."""
    q = _en_question(question, kind)
    if q.kind == "reason":
        return _clause_after(text, _EN_REASON)
    if q.kind == "method":
        return _clause_after(text, _EN_METHOD)
    scored = en_scored(question, kind, text, q_terms, analyzer)
    if not scored:
        return None
    best = max(scored, key=lambda c: c.score)
    return best.start, best.end


__all__ = ["Candidate", "MemoMorphemes", "en_scored", "en_span", "ko_scored", "ko_span"]
