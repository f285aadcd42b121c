"""Short answers in Korean prose: align the question to the answering sentence.

Candidates are the sentence's noun phrases cut at Kiwi's particles (the trailing particle
dropped) and at the question's own words, quoted titles and typed tokens; scores add
nearness to the question's anchors and predicate, the question word's slot (its
particle), a mirrored relative clause, appositions with the asked head noun and the
answer type (see ``answer/align.py`` for the whole picture).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from notelens.answer.align_base import Candidate
from notelens.answer.align_base import near as _near
from notelens.answer.align_base import words as _words
from notelens.answer.qtype import DATE_RE, KO_NAME_RE, NUMBER_RE, Kind

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
_KO_CUT = frozenset(_words("뒤 후 전 앞 때 중 이후 이전 당시 동안 사이 무렵 도중 직후 직전 이래"))
_RANGE = frozenset("-~–")
_YEAR_HEADS = frozenset(_words("연도 년도 해 년 연대"))
_KO_YEAR = re.compile(r"(?<!\d)\d{3,4}년")
#: Affixes and joiners: a phrase of the question's words plus "적" / "들" is no answer.
_AFFIX = frozenset({"XSN", "XPN", "SO", "NNB"})
#: Titles written after a name ("바키치 함장", "김남희 대표"): the name is the answer.
_KO_TITLES = frozenset(
    _words(
        "함장 대표 회장 사장 총장 교수 박사 선생 씨 감독 장군 대통령 총리 장관 의원 위원장 "
        "이사장 국왕 황제 왕 공 경 목사 신부 주교 대사 작가 시인 화백 선수 기자 부장 원장"
    )
)
_NAME_WORDS = frozenset({"이름", "명칭", "제목", "별명", "본명", "호칭"})
#: Endings of nouns for people ("창업자", "건축가", "군주", "대사"): a "… 이름은?" that
#: names one of these asks for a person; other named things are not ("아파트의 이름은?").
_PERSONISH = ("자", "가", "인", "원", "사", "수", "주", "장", "관", "님", "왕", "녀", "들", "우")
#: Compound head nouns ending like these ask for a person ("국회의원", "헌법학자").
_PERSON_ENDINGS = ("의원", "학자", "의장", "장관", "대통령", "총리", "감독", "선수", "교수")
#: Head nouns of "… X은?" questions that fix the answer type.
_KO_HEAD_KIND: dict[str, Kind] = {
    **dict.fromkeys(
        _words("년도 연도 해 날 날짜 일자 시기 시점 때 기간 년 월 생년월일 연대 세기 시대 요일"),
        "date",
    ),
    **dict.fromkeys(
        _words(
            "수 개수 인구 높이 길이 거리 넓이 면적 무게 나이 비율 금액 가격 점수 횟수 인원 "
            "규모 양 속도 온도 크기 득표율 숫자"
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
    **dict.fromkeys(
        _words(
            "단체 정당 기구 기관 조직 회사 기업 방송사 언론사 신문사 재단 학회 협회 구단 "
            "출판사 제조사"
        ),
        "org",
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
    det_noun: str | None = None  # the noun a determiner asks for ("어떤 시위" → 시위)
    unit: str | None = None  # the counter or unit after "몇" ("몇m" → m, "몇 명" → 명)
    #: the slots filled in the relative clause right before the head ("… 않은 점을
    #: 문제삼은 사람은?" → obj): the head fills one left open there
    clause_slots: frozenset[str] | None = None


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
    written: str | None = None  # the head as written, when Kiwi split it at a ㅅ
    named = False  # the head is the thing a "… 이름은?" names
    clause_slots: frozenset[str] | None = None
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
        if ms[i - 1].tag in ("NNG", "NNB", "NNP") and (
            m.tag in ("JX", "JKS") or _asks_to_write(ms, i)
        ):
            if wh is not None and i - 1 < wh and ms[wh].form not in ("무엇", "누구", "어디", "뭐"):
                break
            topic = i
            j = i - 1
            head = ms[j].form
            if j > 1 and ms[j - 1].tag == "Z_SIOT":
                # "숫자는", "갯수는": Kiwi splits 수 + ㅅ + 자; the written word says
                # the answer type.
                written = question[ms[j - 2].start : ms[j].end]
            if head in _NAME_WORDS and j > 1 and ms[j - 1].tag == "JKG":
                # "반류마루 함장의 이름은?": the thing named is the head (함장).
                j -= 2
                head = ms[j].form
                named = True
            elif head in _NAME_WORDS and j > 0 and ms[j - 1].tag == "NNG":
                # "… 주상복합아파트 이름은?", "배우 이름은?": the same without 의.
                j -= 1
                head = ms[j].form
                named = True
            while j > 0 and ms[j - 1].tag in ("NNG", "NNB") and ms[j - 1].end == ms[j].start:
                j -= 1
            if j > 0 and ms[j - 1].tag == "ETM":
                predicate = _predicate_before(ms, j - 1) or predicate
                clause_slots = _clause_slots(ms, j - 1)
            break
    if topic is not None:
        slots = frozenset(
            _SLOT[m.form]
            for k, m in enumerate(ms)
            if m.tag.startswith("J") and m.form in _SLOT and k != topic
        )
    if kind in ("other", "person", "name", "definition") and head is not None:
        kind = _KO_HEAD_KIND.get(written or head) or _KO_HEAD_KIND.get(head, kind)
        if kind == "other" and (
            (len(head) > 2 and head.endswith(_PERSON_ENDINGS)) or head in _KO_TITLES
        ):
            # "국회의원은?", "헌법학자는?": a compound ending in a role; "… 미국 대사는?":
            # a title written after a name.
            kind = "person"
        elif (
            named
            and kind == "person"
            and head not in _KO_HEAD_KIND
            and not head.endswith(_PERSONISH)
        ):
            # "이름은" reads as "who" (qtype), but "아파트의 이름은?" names a thing: a
            # proper noun still, but a person's name pattern would take any three
            # syllables ("민간인").
            kind = "name"
    return _KoQuestion(
        forms, predicate, slot, head, kind, slots, _det_noun(ms), _unit(ms), clause_slots
    )


#: Endings that close one clause and start another ("…고 …", "…며 …"): a purpose
#: or auxiliary ending ("감시하기 위해 파견한", "제시해 온") keeps the clause's subject.
_LINKING = frozenset(_words("고 며 으며 는데 은데 ㄴ데 지만 나 으나 면서 으면서 니 으니"))


def _clause_slots(ms: Sequence[_Morph], etm: int) -> frozenset[str]:
    """The particle classes of the clause that ends at ``ms[etm]`` (an ETM), back to
    the ending before it: "발령되지 않은 점을 문제삼은" → obj (not the subject of the
    clause embedded before it)."""
    k = etm - 1
    while k >= 0 and not (
        ms[k].tag in ("ETM", "EF") or (ms[k].tag == "EC" and ms[k].form in _LINKING)
    ):
        k -= 1
    return frozenset(
        _SLOT[m.form] for m in ms[k + 1 : etm] if m.tag.startswith("J") and m.form in _SLOT
    )


#: "… 곳을 적으시오": the verbs of an instruction to write or name the answer; their
#: object is the asked head noun, as a topic's is in "… 곳은?".
_WRITE_VERBS = frozenset(_words("적 쓰 말하 고르 답하 서술하 기술하 기입하"))


def _asks_to_write(ms: Sequence[_Morph], i: int) -> bool:
    """``ms[i]`` is the object particle of an instruction to write the answer
    ("김정남이 위원장을 맡은 곳을 적으시오")."""
    return (
        ms[i].tag == "JKO"
        and i + 1 < len(ms)
        and ms[i + 1].tag == "VV"
        and ms[i + 1].form in _WRITE_VERBS
        and any(m.tag == "EF" for m in ms[i + 2 : i + 5])
    )


def _unit(ms: Sequence[_Morph]) -> str | None:
    """The counter or unit written after "몇" ("몇m가" → m, "몇 명이" → 명)."""
    for k in range(len(ms) - 1):
        a, b = ms[k], ms[k + 1]
        if a.form == "몇" and b.tag in ("NNB", "SL", "NNG"):
            # "몇 개의 세대로": the counted noun is the unit ("1790세대"), not "개".
            after = ms[k + 2 : k + 4]
            if b.form == "개" and len(after) == 2 and after[0].tag == "JKG":
                return after[1].form
            return b.form
    return None


def _has_unit(ms: Sequence[_Morph], i: int, j: int, unit: str) -> bool:
    """A count in ``ms[i:j]`` written with ``unit`` ("100m", "2000톤" for 톤)."""
    if any(re.fullmatch(rf"[\d.,]+{re.escape(unit)}", m.form) for m in ms[i:j]):
        return True  # "100m" joined into one Latin piece (_join_names)
    return any(
        ms[k].form == unit and ms[k - 1].tag in ("SN", "NR")
        for k in range(i + 1, min(j + 1, len(ms)))
    )


def _det_noun(ms: Sequence[_Morph]) -> str | None:
    """The noun right after "어떤 / 어느 / 무슨 / 어떠한" (the thing the answer names)."""
    for i, m in enumerate(ms[:-1]):
        if m.tag == "MM" and m.form in ("어떤", "어느", "무슨"):
            nxt = ms[i + 1]
        elif m.form == "어떠" and i + 3 < len(ms) and ms[i + 2].tag == "ETM":
            nxt = ms[i + 3]
        else:
            continue
        return nxt.form if nxt.tag in ("NNG", "NNP") else None
    return None


def _touching(ms: Sequence[_Morph], a: int, b: int) -> bool:
    """``ms[a]`` and ``ms[b]`` (``b == a + 1``) are written without a space between."""
    return ms[b].start == ms[a].end


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
        while j < n:
            if (
                j + 1 < n
                and ms[j].tag == "SO"
                and ms[j].form in _RANGE
                and ms[j - 1].tag == "SN"
                and ms[j + 1].tag == "SN"
                and _touching(ms, j - 1, j)
                and _touching(ms, j, j + 1)
            ):
                j += 2  # a range of counts ("3-4천년", "19~20세기") is one phrase
                continue
            if ms[j].tag not in _KO_NOUN or ms[j].start - ms[j - 1].end > 1:
                break
            # A space between a count ("1979년") and a name ("군"): two phrases.
            if ms[j].start > ms[j - 1].end and (ms[j - 1].tag in _COUNT) != (ms[j].tag in _COUNT):
                break
            j += 1
        # A number the question has ("3인") does not cut a date ("2003년 3월 9일").
        cuts = [(m.form.lower() in q.forms and m.form != q.head and m.tag != "SN") for m in ms]
        k = i
        while k < j:
            if cuts[k] or ms[k].form in _KO_CUT:
                k += 1
                continue
            e = k + 1
            while e < j and not cuts[e]:
                if ms[e].form in _KO_CUT:
                    break
                e += 1
            a, b = _whole_words(ms, k, e, i, j, q)
            out.append((a, b))
            # The last word alone too ("미국 육군 부참모 총장" and "총장"), not in a count
            # ("2006년 2월 14일" stays whole).
            for s in range(a + 1, b):
                if ms[s].start > ms[s - 1].end and ms[s].tag not in _COUNT:
                    out.append((s, b))
            # A name without the title after it ("마쓰오카 바키치 함장" → the name).
            if _titled_name(ms, a, b):
                out.append((a, b - 1))
                # and the name alone ("야당 소속 최민호 의원" → "최민호")
                n0 = b - 2
                while n0 > a and ms[n0 - 1].tag == "NNP":
                    n0 -= 1
                if n0 > a:
                    out.append((n0, b - 1))
            k = e
        i = j
    return out


def _whole_words(
    ms: Sequence[_Morph], k: int, e: int, i: int, j: int, q: _KoQuestion
) -> tuple[int, int]:
    """``[k, e)`` widened to whole written words inside the phrase ``[i, j)``.

    A cut at the question's words must not split a word: "한국창조과학회" or
    "유사과학" stay whole although the question says "한국" / "과학" (KorQuAD and a
    reader both answer with the written word), less a plural "들". The noun a
    question determiner asks for closes the phrase too ("어떤 시위를 …?" → "여의도
    농민 폭력 시위"). A trailing "만" of a duration ("2분만에") is no part of it.
    """
    while k > i and _touching(ms, k - 1, k) and ms[k - 1].form not in _KO_CUT:
        k -= 1
    while e < j and _touching(ms, e - 1, e) and ms[e].form not in _KO_CUT:
        e += 1
    if q.det_noun is not None and e < j and ms[e].form == q.det_noun and e + 1 == j:
        e += 1
    if e - k > 1 and (ms[e - 1].form, ms[e - 1].tag) in (("만", "NNB"), ("들", "XSN")):
        e -= 1
    return k, e


def _titled_name(ms: Sequence[_Morph], i: int, j: int) -> bool:
    """``ms[i:j]`` is a name and its title ("김도현 함장"): the name alone answers."""
    return (
        j - i >= 2
        and ms[j - 1].form in _KO_TITLES
        and ms[j - 2].tag == "NNP"
        and not _touching(ms, j - 2, j - 1)
    )


def _titled(ms: Sequence[_Morph], i: int, j: int, head: str) -> bool:
    """A name followed by its title further on, in the same noun phrase: "정동영 당시
    국가안전보장회의(NSC) 상임위원장으로부터" for "… 상임위원장의 이름은?"."""
    if not any(m.tag == "NNP" for m in ms[i:j]):
        return False
    depth = 0
    for m in ms[j : j + 8]:
        if m.tag == "SSO":
            depth += 1
        elif m.tag == "SSC":
            depth = max(0, depth - 1)
        elif depth:
            continue
        elif m.form == head or (len(head) > 1 and m.form.endswith(head)):
            return True
        elif m.tag not in _KO_NOUN and m.tag not in ("MM", "SP"):
            return False
    return False


def _role_after(ms: Sequence[_Morph], j: int, q: _KoQuestion) -> bool:
    """A name followed, after a space, by the role the question names it by ("정세균
    국회의장" for "… 국회의장 이름은?", "홍문종 의원은" for "… 국회의원은?")."""
    if j >= len(ms) or _touching(ms, j - 1, j) or ms[j].tag != "NNG":
        return False
    e = j + 1
    while e < len(ms) and ms[e].tag == "NNG" and _touching(ms, e - 1, e):
        e += 1
    role = ms[e - 1].form
    if role not in _KO_TITLES and not role.endswith(_PERSON_ENDINGS):
        return False
    return role in q.forms or (q.head is not None and q.head.endswith(role))


#: The particles that key a phrase to the noun before it ("가을에는 풍악산", "여름에
#: 봉래산"): in a sentence that pairs keys with values, the value after the question's
#: key is the one asked for.
_KEY_PARTICLES = frozenset({"에", "에는"})
#: Weight of that key (chosen on KorQuAD 1-300: 0.75 / 1.0 / 1.5 / 2.0 / 3.0 gave span F1
#: 0.648 / 0.652 / 0.654 / 0.656 / 0.650; docs/benchmarks.md, "eighth round: Korean").
KEY_WEIGHT = 2.0


def _keyed(ms: Sequence[_Morph], i: int, q: _KoQuestion) -> bool:
    """``ms[i]`` follows one of the question's nouns and a keying particle ("가을에는
    풍악산" for "금강산의 가을 이름은?")."""
    k = i - 1
    particles: list[str] = []
    while k >= 0 and ms[k].tag.startswith("J") and len(particles) < 2:
        particles.insert(0, ms[k].form)
        k -= 1
    return (
        bool(particles)
        and k >= 0
        and ms[k].tag in ("NNG", "NNP")
        and ms[k].form.lower() in q.forms
        and "".join(particles) in _KEY_PARTICLES
    )


#: A bibliographic reference in parentheses ("(Schiller 2003, 25–26쪽)", "(Just & Burg
#: 2003)"): a Latin author name and a year. It says where the sentence comes from, not
#: what it says: a year or a name inside it is never the answer.
_CITATION = re.compile(
    r"\((?:[^()]{0,40}?\s)?[A-Z][A-Za-z.'&\s-]*\s\d{4}[a-z]?(?:[,;:][^()]{0,30})?\)"
)


def _cited(text: str) -> list[tuple[int, int]]:
    """Character ranges of the references in ``text`` (:data:`_CITATION`)."""
    return [(m.start(), m.end()) for m in _CITATION.finditer(text)]


#: The weight of a phrase that fills the subject or object slot of the question's own
#: predicate ("… 나오지 않는 기물은?" — "킹은 체스보드 밖으로 나오거나"): the question
#: leaves that slot open, the sentence fills it.
CLAUSE_WEIGHT = 1.0
#: Light verbs say too little to tie a phrase to the question's clause ("분설담 위에
#: 있는 절" — "역사 유적이 있다").
_LIGHT = frozenset(_words("있 없 하 되 이 같"))
#: How far (in morphemes) the predicate may stand after the phrase's particle.
_CLAUSE_REACH = 6


def _clause_predicate(ms: Sequence[_Morph], j: int) -> str | None:
    """The content lemma of the first predicate after ``ms[j]`` (a particle) within
    :data:`_CLAUSE_REACH` morphemes, without crossing a verb ending: a verb ("나오") or
    a verbal noun before its 하다 / 되다 ("적용" in "적용된다")."""
    for k in range(j + 1, min(len(ms), j + 1 + _CLAUSE_REACH)):
        m = ms[k]
        if m.tag in ("VV", "VA"):
            return m.form
        if m.tag in ("NNG", "XR") and k + 1 < len(ms) and ms[k + 1].tag.startswith("XS"):
            return m.form
        if m.tag.startswith("E") or m.tag in ("SF", "SP"):
            return None
    return None


#: Date words a sentence may open with before its topic ("2010년 6월 14일 참여연대는").
_DATE_WORDS = frozenset(_words("년 월 일 시 분 세기 경"))


def _first_subject(ms: Sequence[_Morph], i: int, q: _KoQuestion) -> bool:
    """The phrase at ``ms[i]`` opens the sentence: no noun stands before it, or (for a
    question after a person or thing, not a place) only a date."""
    while i > 0 and ms[i - 1].tag in ("NNG", "NNP") and ms[i].start - ms[i - 1].end <= 1:
        i -= 1  # from the start of the noun phrase ("야당 소속 [최민호] 의원은")
    before = [m for m in ms[:i] if m.tag in _KO_NOUN]
    if not before:
        return True
    return q.kind != "place" and all(
        m.tag in ("SN", "NR") or (m.tag == "NNB" and m.form in _DATE_WORDS) for m in before
    )


def _clause_subject(ms: Sequence[_Morph], etm: int) -> int | None:
    """The subject particle (이 / 가) of the relative clause that ends at ``ms[etm]``
    (an ETM): "대한주택공사가 건설한 …" — none when a verb ending comes first."""
    for k in range(etm - 1, max(-1, etm - 2 - _CLAUSE_REACH), -1):
        m = ms[k]
        if m.tag == "JKS":
            return k
        if m.tag.startswith("E") or m.tag in ("SF", "SP"):
            return None
    return None


def _past_gloss(ms: Sequence[_Morph], j: int) -> int:
    """The index after a gloss in parentheses that touches the phrase ending at
    ``ms[j - 1]`` ("암호화폐(cryptocurrency)는", "조충지(祖沖之)가"): the particle
    after it is the phrase's. ``j`` itself when there is none."""
    if j >= len(ms) or ms[j].tag != "SSO" or not _touching(ms, j - 1, j):
        return j
    for k in range(j + 1, min(len(ms), j + 12)):
        if ms[k].tag == "SSC":
            return k + 1
        if ms[k].tag in ("SSO", "SF"):
            break
    return j


#: "X(이)란 …": the term a definition sentence defines is its subject (the sentence
#: says what X is; "블록체인이란 … 모음을 가리킨다"). Only for the sentence's phrases: a
#: question "X란?" asks for the definition, not for a term.
_DEFINING = frozenset({"이란", "란"})


def _slot_after(ms: Sequence[_Morph], j: int) -> str | None:
    j = _past_gloss(ms, j)
    if j < len(ms) and ms[j].tag.startswith("J") and ms[j].start == ms[j - 1].end:
        if ms[j].form in _DEFINING:
            return "subj"
        return _SLOT.get(ms[j].form)
    if j + 1 < len(ms) and ms[j].tag == "VCP" and ms[j + 1].form in ("라고", "라는"):
        return "quote"
    if j + 1 < len(ms) and ms[j].tag == "VCP" and ms[j + 1].form in _DEFINING:
        return "subj"  # "역산이란": Kiwi reads 이 + 란 as the copula and an ending
    return None


def _typed_ok(kind: Kind, text: str) -> bool | None:
    if kind == "date":
        return bool(DATE_RE.search(text))
    if kind in ("number", "size"):
        return bool(NUMBER_RE.search(text)) or bool(re.search(r"\d", text))
    return None


def _head_clause_slots(q: _KoQuestion) -> frozenset[str]:
    """The slots the question fills around the asked head: those of the head's own
    relative clause when it has one, else all of the question's."""
    return q.slots if q.clause_slots is None else q.clause_slots


def _new_compound(ms: Sequence[_Morph], i: int, j: int) -> bool:
    """``ms[i:j]`` is one written word joining two or more nouns ("디지털화폐" where the
    question writes "디지털방식 … 화폐"): a term of its own, though made of the
    question's words (the question's own spelling is skipped by the caller)."""
    nouns = [m for m in ms[i:j] if m.tag in ("NNG", "NNP", "SL")]
    return len(nouns) >= 2 and all(_touching(ms, k - 1, k) for k in range(i + 1, j))


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
    q_flat = question.replace(" ", "")
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
    cited = _cited(text)
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
    year_only = q.kind == "date" and q.head in _YEAR_HEADS
    if year_only:
        # "… 연도는?" / "… 해는?": the year of a full date ("1989년 2월 15일" → "1989년").
        for tok in _KO_YEAR.finditer(text):
            if tok.start() in starts and tok.end() in ends:
                pairs.append((starts[tok.start()], ends[tok.end()] + 1, False))
    for i, j, quoted in pairs:
        s, e = ms[i].start, ms[j - 1].end
        if any(a <= s and e <= b for a, b in cited):
            continue  # inside a reference ("(Schiller 2003, 25–26쪽)")
        span = text[s:e]
        forms = [m.form for m in ms[i:j]]
        if all(m.form.lower() in q.forms for m in ms[i:j] if m.tag not in _AFFIX) and not (
            _new_compound(ms, i, j)
        ):
            continue  # only the question's words ("주봉" for "금강산의 주봉은?")
        if span.replace(" ", "") in q_flat:
            continue  # the question's own word, however Kiwi split it there ("좌승")
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
                # Not when the question asks for the clause's subject ("…를 건설한
                # 회사는?") and the sentence's clause names its own ("대한주택공사가
                # 건설한 대한민국 최초의 …"): the noun after it is what was built.
                if "subj" in q.slots or _clause_subject(ms, i - 1) is None:
                    score += 3.0
            elif before is not None and before.lower() in q.forms:
                score += 1.0
        if _keyed(ms, i, q):
            score += KEY_WEIGHT
        slot = _slot_after(ms, j)
        if (
            slot is None
            and j + 1 < len(ms)
            and all(m.tag == "NNP" for m in ms[i:j])
            and _titled_name(ms, i, j + 1)
        ):
            # "야당 소속 최민호 의원은": the name alone before its title fills the title's
            # slot (the topic weight would otherwise go to the whole phrase only).
            slot = _slot_after(ms, j + 1)
        if (
            q.predicate is not None
            and q.predicate not in _LIGHT
            and slot in ("subj", "obj")
            and (slot == q.slot or (q.slot is None and slot not in q.slots))
            and _clause_predicate(ms, j) == q.predicate
        ):
            score += CLAUSE_WEIGHT  # "킹은 체스보드 밖으로 나오거나" for "… 나오지 않는 기물은?"
        if q.slot is not None and slot == q.slot:
            score += 2.0
        elif q.slot is None and slot in ("subj", "obj") and slot not in q.slots:
            score += 0.7
            if q.head is not None and slot == "subj" and _first_subject(ms, i, q):
                # "강물의 흐름을 연구하는 학문은?" — "하천 공학은 …을 연구하는 분야로": the
                # sentence's own topic is what the question's head noun asks for (after
                # an opening date too: "2010년 6월 14일 참여연대는 …").
                score += 1.5
        elif (
            q.slot is None
            and slot == "subj"
            and q.head is not None
            and slot not in _head_clause_slots(q)
            and _first_subject(ms, i, q)
        ):
            # The question's subject belongs to a clause embedded before the head's own
            # ("… 움직임이 있었는데도 … 발령되지 않은 점을 문제삼은 사람은?"): the head's
            # clause still leaves its subject open, and the sentence's opening topic
            # answers it as above ("민주당 신학용의원은 … 문제삼았다").
            score += 0.7 + 1.5
        # "X(이)라는 스승", "X인 홍수지질학": an apposition with the asked head noun.
        if q.head is not None:
            if forms[-1] == q.head and len(forms) > 1 and not _titled_name(ms, i, j):
                # "…대학교는?" → "카이스트 대학교": the phrase closed by the asked noun.
                score += 2.0
            nxt = ms[j : j + 3]
            if any(m.form == q.head for m in nxt) and any(m.tag == "ETM" for m in nxt):
                score += 2.0
            # Apposition: "하치노헤 항", "베냐민 네타냐후 … 총리", "전문지 《포브스》".
            elif any(m.form == q.head for m in ms[max(0, i - 2) : i] + ms[j : j + 2]):
                score += 1.5
            elif q.kind in ("person", "name") and _titled(ms, i, j, q.head):
                score += 2.0
        if year_only and _KO_YEAR.fullmatch(span):
            score += 1.0
        elif year_only and not _KO_YEAR.search(span):
            # "… 감행한 해는?": "같은 해 10월" names no year; the year is written elsewhere.
            score -= 3.0
        if (
            q.unit is not None
            and q.kind in ("number", "size", "date")
            and _has_unit(ms, i, j, q.unit)
        ):
            score += 1.5  # "길이 몇m가 …?": "100m", not "2000톤"
        if (
            q.kind in ("person", "name")
            and all(m.tag == "NNP" for m in ms[i:j])
            and _role_after(ms, j, q)
        ):
            score += 1.5  # "… 국회의장 이름은?": "정세균 국회의장"
        typed = _typed_ok(q.kind, span)
        if typed is True:
            score += 2.5
        elif typed is False:
            score -= 2.5
        elif q.kind not in ("number", "size", "date") and all(mo.tag in _COUNT for mo in ms[i:j]):
            score -= 1.0  # a bare count ("2019년") for a question that asks for a thing
        proper = any(m.tag == "NNP" for m in ms[i:j])
        if (q.kind in ("person", "place", "org") and (proper or KO_NAME_RE.fullmatch(span))) or (
            q.kind == "name" and proper  # a named thing: no person-name pattern
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


__all__ = ["ko_scored", "ko_span"]
