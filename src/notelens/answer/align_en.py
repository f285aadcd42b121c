"""Short answers in English prose: align the question to the answering sentence.

Without a tagger: noun-phrase chunks (function words, verb-like endings and the
question's own stems break them), each capitalised run, numbers, dates, clock times and
decades; scores add nearness to the question's stems, the wh-type or the asked head
noun, the subject / object slot of "who VERB" / "what did X VERB"; "why" and "how did"
take the clause after *because* / *by* (see ``answer/align.py``).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from notelens.answer.align_base import Candidate
from notelens.answer.align_base import near as _near
from notelens.answer.align_base import words as _words
from notelens.answer.align_en_ago import ago_span
from notelens.answer.align_en_cues import (
    asks_duration,
    asks_sibling,
    counted_noun,
    counts_noun,
    is_duration,
    passive_agent,
    question_predicate,
    ranges,
    sibling_of,
    verb_like,
)
from notelens.answer.align_en_frames import (
    after_words,
    asks_copula,
    asks_several,
    bracket_alias,
    copula_subject,
    in_situ,
    lists,
    names_head,
    plural_head,
    stranded,
    such_as_example,
)
from notelens.answer.align_en_name import NAME_INNER, name_run
from notelens.answer.align_en_of import of_complement
from notelens.answer.align_en_ordinal import asks_rank, is_ordinal
from notelens.answer.align_en_passive import asks_object, passive_subject
from notelens.answer.align_en_range import widened
from notelens.answer.align_en_rank import SentenceView, shipped_ranker
from notelens.answer.qtype import DATE_RE, NUMBER_RE, Kind

_EN_TOKEN = re.compile(
    r"[£$€¥]?\d+(?:[.,:]\d+)*(?:\s?[–-]\s?\d+(?:[.,:]\d+)*)?(?:%|°[NSEW]?|[A-Za-z]{1,3}\b)?"
    r"|[A-Z]\.(?=\s+[A-Z])|[A-Za-z][\w'’]*(?:-[\w'’]+)*|[^\w\s]"
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
    sat despite soon according near around behind beyond along across outside inside beside
    off past amid alongside meanwhile thereafter later earlier now still already just
    even often usually eventually currently previously finally first second new old several
    various certain own same
    sometimes ever never always instead perhaps again together rather almost nearly mainly
    mostly largely thus therefore hence indeed""")
)
#: Break words that open a name when capitalised before another capital ("New England
#: Patriots", "Old Town", "First Nations").
_EN_NAME_OPENERS = frozenset(_words("new old first second great upper lower own"))
#: Two numbers with a word between ("711,988 inhabitants 56.2%"), not a score ("20–18").
_TWO_NUMBERS = re.compile(r"\d\S*\s+[A-Za-z]{2,}\s+\S*\d")
_EN_QUOTED = re.compile(r"[\"“]([^\"“”]{2,60})[\"”]")
#: Questions that ask what something is called, and the words that introduce the name.
_EN_ASKS_NAME = re.compile(
    r"\b(?:name|named|called|known as|title|nickname|referred to as|term for)\b", re.I
)
#: "What kind / type / sort of N …?" asks the kind, answered without N ("soy farmers" →
#: "soy").
_EN_ASKS_KIND = re.compile(r"\b(?:kinds?|types?|sorts?|forms?|classes|styles?) of\b", re.I)
_EN_PREPOSITION_AFTER = frozenset(
    _words("after before with to from by in on at for of into about as during")
)


def _noun_head(head: str, question: str) -> bool:
    """Whether the question's head word reads as a noun, not a verb the "what" is the
    subject of ("What occurs after …?", "What are associated with …?"): not a participle,
    and, right after the wh-word, not followed by a preposition."""
    if head.endswith("ed"):
        return False
    words = [w.lower() for w in re.findall(r"[A-Za-z0-9']+", question)]
    at = words.index(head) if head in words else -1
    if at < 1 or words[at - 1] not in _WH_WORDS or at + 1 >= len(words):
        return True  # "What is the gauge of …?": a noun after the verb
    return words[at + 1] not in _EN_PREPOSITION_AFTER


#: (A quote may open the name: 'known as "the Romantic Rhine"'.)
_EN_NAMING = re.compile(
    r"\b(?:called|named|known as|titled|dubbed|referred to as)(?: an?| the)?\s*[\"“]?(?:the )?$",
    re.I,
)
#: A name the sentence introduces by "named / called / known as" (chosen on 1-300).
NAMING_BONUS = 1.5
#: The list sibling of the question's word for "besides / aside from X, what …?".
SIBLING_BONUS = 1.5
#: A single lowercase word that reads as a verb is rarely a "what" answer (1-300).
VERB_PENALTY = 1.5
#: A phrase beside a question word in brackets ("Donna Noble (Catherine Tate)"), after
#: "such as" ("conditions such as HIV/AIDS"), or the subject of "is" whose predicate is
#: the question's (chosen on XQuAD 301-1190's odd questions).
ALIAS_BONUS = 1.5
EXAMPLE_BONUS = 1.5
COPULA_BONUS = 1.5
#: "Construction takes place on location for who?": the phrase right after the words
#: the question writes before its wh-word ("… on location for a known client"); the
#: smallest bonus that moved all of the odd half's answers it moves (1.0-2.0 tie there).
IN_SITU_BONUS = 1.0
#: "What can X depend on?", "What do they seek to separate?": the object right after the
#: verb and preposition the question leaves at its end.
STRANDED_BONUS = 2.0
#: "Where is X ranked?": an ordinal in the sentence.
RANK_BONUS = 2.0
#: "What did X VERB?" over "Y was VERBed by X": the passive's subject Y.
PASSIVE_OBJECT_BONUS = 3.0
#: A name whose apposition holds the question's head noun (1.0 moved nothing, 3.0 lost one
#: on 1-300).
APPOSITION_BONUS = 2.0
#: A lone letter is a piece of an abbreviation ("U.S."), no answer (1.0-3.0 tie on the
#: tuning parts).
LETTER_PENALTY = 1.0
#: "Which two …?", "What are some …?": items joined by "and" as one answer.
LIST_BONUS = 0.5
#: "Where did he visit …?": a place right after the question's lowercase word ("visited
#: China"), as after "in / at / to" (1.5 the odd half's best; 2.0 lost on it).
PLACE_OBJECT_BONUS = 1.5


#: A phrase holding the best candidate wins when it scores at most this much below it
#: (0.25 / 0.5 / 1.0 on the tuning parts' capture: 1-300 +2 / -0, +2 / -1, +3 / -5).
NESTED_MARGIN = 0.25


#: Part of a year or decade ("summer of 1521", "early 1990s", "late 1800s").
_EN_PART_OF_YEAR = re.compile(
    r"\b(?:(?:spring|summer|autumn|fall|winter|end|beginning|middle) of (?:1\d|20)\d{2}"
    r"|(?:early|mid|late)[- ](?:1\d|20)\d{2}s?)\b",
    re.I,
)
_POSSESSIVE = re.compile(r"['’]s$")
#: A name's particle joined to its capitalised part ("Abu al-Qasim al-Zahrawi").
_NAME_PARTICLE = re.compile(
    r"^(?:al|el|ad|ar|as|at|ibn|bin|ben|de|di|da|du|van|von|le|la|d)[-'’][A-Z]"
)
#: Words that bound or pace a count and belong to it: "more than 70,000" is another
#: quantity than "70,000", "every five years" another answer than "five years" (an
#: approximation, "roughly 500,000", states the same number and stays out).
_EN_QUALIFIER = re.compile(
    r"\b(?:more than|less than|fewer than|over|under|up to|at least|at most|every)\s+$",
    re.I,
)
#: The same for a date ("What year …?" asks the year alone).
_DATE_BOUNDS = frozenset(_words("after before until"))
_EN_YEAR = re.compile(r"\b(?:1\d{3}|20\d{2})\b")
# Inside a capitalised noun phrase: a name's own joining words (align_en_name.py's
# NAME_INNER, one list for both), and the words a title or an organisation's name also
# holds ("The Lord of the Rings", "Procter & Gamble", "Sotheby's").
_EN_INNER = NAME_INNER | frozenset({"the", "and", "'s", "&", "aan"})
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
    budget density depth area width frequency quantity count fee fees revenue income
    profit wage wages payment payments fine efficiency""")
)
_EN_PROPER_HEADS = frozenset(
    _words("""name company team city country person organization organisation group university
    state river county region nation town language party church school college museum
    airport station network channel newspaper magazine book film album song movement
    dynasty empire army league club stadium building station island mountain ocean sea
    lake street king queen president emperor leader scientist writer author player coach""")
)
#: Dates and numbers as SQuAD answers them: a clock time ("4:51"), a decade ("the 1990s").
#: Also an era's date ("13,000 BP", "500 BC") and a century's ordinal word ("the early
#: nineteenth century": SQuAD answers "nineteenth").
_EN_ORDINAL_CENTURY = (
    r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
    r"|(?:thir|four|fif|six|seven|eigh|nine)teenth|twentieth|twenty-first)(?=[\s-]+century\b)"
)
_EN_DATE = re.compile(
    rf"{DATE_RE.pattern}|\b\d{{1,2}}:\d{{2}}\b|\b(?:1\d|20)\d0s\b"
    rf"|\b\d{{1,3}}(?:,\d{{3}})*(?:\s?(?:BP|BCE?|AD|CE)\b|(?=\s\((?:BP|BCE?|AD|CE)\b))"
    rf"|{_EN_ORDINAL_CENTURY}"
    # A far-off date as its distance from now ("66 million years ago"; align_en_ago.py).
    r"|\b\d[\d,.]*(?:\s(?:hundred|thousand|million|billion))?\s(?:years?|decades?)\sago\b",
    re.I,
)
#: English number words past "ten" ("eleven separate academic units", "a dozen").
_EN_NUMBER_WORDS = (
    r"\b(?:eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen|twenty|thirty|forty|fifty"
    r"|sixty|seventy|eighty|ninety|dozens?)\b"
)
#: A number word joined to its noun by a hyphen ("Six-time", "five-year"): SQuAD's
#: normalisation drops the hyphen, so "six-time" is one other word than "six". Not a
#: fraction or an ordinal ("two-thirds", "twenty-first"): that is the number itself.
_EN_HYPHEN_COUNT = re.compile(
    rf"(?:\b(?:one|two|three|four|five|six|seven|eight|nine|ten)\b|{_EN_NUMBER_WORDS})"
    r"-(?!(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|half|halves|quarter)s?$)"
    r"[a-z]+$",
    re.I,
)
_EN_NUMBER = re.compile(
    rf"{NUMBER_RE.pattern}|\b\d{{1,2}}:\d{{2}}\b|\btwice\b|\bhundreds\b|{_EN_NUMBER_WORDS}", re.I
)
#: "What percentage …?": a share ("19.3%", "six to nine percent"), not a count beside it.
_EN_ASKS_SHARE = re.compile(r"\b(?:percent|percentage|percentile|per cent)\b|%", re.I)
_EN_SHARE = re.compile(r"%|\bper\s?cent\b", re.I)
_EN_SHARE_AFTER = re.compile(r"\s?(?:%|per\s?cent\b)", re.I)
#: A share's bonus, and the penalty of a number in brackets after another number: a
#: conversion ("340 miles (550 km)"), the sentence's own figure written first.
SHARE_BONUS = 1.0
CONVERSION_PENALTY = 0.5
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
#: Time adverbs that open a sentence before a comma, capitalised there only because they
#: stand first ("Today, the Warsaw Stock Exchange …"), and "Historically, …", "Currently, …".
_EN_OPENING_ADVERBS = frozenset(_words("today nowadays nearby instead meanwhile afterwards"))
#: Adverb endings, not a bare "-ly": a name ends so too ("Italy, …", "Kelly, …").
_ADVERB_ENDS = ("ally", "ently", "antly", "ously", "ively", "arly", "ately", "ingly", "edly")
#: Titles: a capitalised phrase ending in one names an office, not who holds it ("Denver's
#: Executive Vice President", "German Federal Minister"); the holder's name is beside it.
_EN_TITLES = frozenset(
    _words(
        """president minister manager director secretary chairman chairwoman chancellor
        governor general commander officer chief mayor senator ambassador treasurer"""
    )
)
TITLE_PENALTY = 1.0
_TYPED_HEADS = _EN_DATE_HEADS | _EN_NUMBER_HEADS | _EN_PROPER_HEADS
_AUX = frozenset(
    _words("did does do is are was were has have had can could will would should may might")
)


#: Number heads that also name a place or phrase: "What area of Brookhaven …?", "the
#: area called …" ask for one; "What is the area of Warsaw?" for a number ("of" after).
_EN_PLACE_OR_NUMBER = frozenset(_words("area"))


def _place_head(head: str, words: list[str]) -> bool:
    if head not in _EN_PLACE_OR_NUMBER:
        return False
    at = words.index(head)
    return words[at + 1 : at + 2] != ["of"]


#: Break words that stand as adjectives between a possessor and its noun ("Warsaw's
#: first literary cabaret", "the city's new stadium").
_EN_ADJECTIVE_BREAKS = frozenset(_words("first second new old own most largest main only"))
_DO_MODALS = frozenset(_words("do does did can could will would should may might must"))
_IN_SITU_WH = frozenset(_words("what which who whom"))
_HOW_MANY_INSIDE = re.compile(
    r"\bhow\s+(?:many|much)\b|\bthe\s+(?:number|amount|quantity)\s+of\b", re.I
)
_WH_WORDS = frozenset(_words("who whom whose what which when where why how"))


@dataclass(frozen=True, slots=True)
class _EnQuestion:
    kind: str  # date, number, person, place, proper, np, reason, method
    head: str | None
    subject_wh: bool  # "who fumbled …": the answer precedes the matched verb


def _en_question(question: str, kind: Kind) -> _EnQuestion:
    words = [w.lower() for w in re.findall(r"[A-Za-z0-9']+", question)]
    head: str | None = None
    own = "np"
    wh_at = next((i for i, w in enumerate(words) if w in _WH_WORDS), None)
    if wh_at is not None and in_situ(question):
        # "… persons who conscientiously oppose what?", "… refers to how the West
        # developed a what of the East?": the question word left in place is the asked
        # one (inside the question only "what": "who" / "which" there open a relative
        # clause, "the player who recovered …").
        last = max(k for k, w in enumerate(words) if w in _IN_SITU_WH)
        if last == len(words) - 1 or words[last] == "what":
            wh_at = last
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
            elif head in _EN_NUMBER_HEADS and not _place_head(head, words):
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
                if w in _EN_ADJECTIVE_BREAKS and run[-1:] != [] and run[-1].endswith("'s"):
                    continue  # "Warsaw's first literary cabaret": the noun after it
                if w in _EN_BREAK or w in _AUX:
                    break
                run.append(w)
            if run and run[-1].endswith("'s"):
                run = []  # a possessor alone ("What was Warsaw's?") names no head
            if run:
                head = run[-1]
                if head in _EN_DATE_HEADS:
                    own = "date"
                elif head in _EN_NUMBER_HEADS and not _place_head(head, words):
                    own = "number"
                elif head in _EN_PROPER_HEADS:
                    own = "proper"
                elif words[wh_at + 1] in _DO_MODALS:
                    # "What does the UMC oppose …?", "What could the Program purchase?":
                    # after "do" or a modal the phrase is the question's subject and its
                    # verb, no noun the answer is named by.
                    head = None
    if own == "np" and _HOW_MANY_INSIDE.search(question):
        # "What is the estimate of how many physicians …?", "… for the amount of …?"
        own = "number"
    return _EnQuestion(own, head, subject_wh)


_EN_REASON = re.compile(
    r"\b(?:because(?: of)?|due to|owing to|since|as a result of|in order to|so that|so as to)\s+",
    re.I,
)
_EN_METHOD = re.compile(r"\b(?:by|through|using|via)\s+", re.I)
#: "How can X be restated?" with no "by" clause: the manner is the "as" phrase after a
#: participle ("can be recast as decision problems"), "as" and all.
_EN_AS_MANNER = re.compile(r"\b[a-z]+(?:ed|en|wn)\s+(?=as\s+(?!well\b|soon\b|long\b|much\b))")


def _clause_after(text: str, pattern: re.Pattern[str]) -> tuple[int, int] | None:
    m = pattern.search(text)
    if m is None:
        return None
    end = re.search(r"[,;.](?:\s|$)", text[m.end() :])
    stop = m.end() + end.start() if end else len(text)
    return (m.end(), stop) if stop - m.end() > 2 else None


def _modifier_before_noun(words: list[str], is_q: list[bool], i: int, j: int) -> bool:
    """Whether ``[i, j)`` is a number and lowercase words right before the question's
    own noun ("30 different [boards]", "eleven separate [units]")."""
    return (
        j - i > 1
        and j < len(words)
        and is_q[j]
        and (words[i][:1].isdigit() or bool(_EN_NUMBER.fullmatch(words[i])))
        and all(
            w.isalpha() and w.islower() and not _EN_NUMBER.fullmatch(w) for w in words[i + 1 : j]
        )
    )


def _question_sides(question: str, analyzer: object) -> tuple[frozenset[str], ...]:
    """The stems the ranker matches around a candidate: up to three content words right
    after the question word, the question's last three, and three before the question
    word when it stands inside ("… developed a what of the East?")."""
    words = re.findall(r"[A-Za-z0-9']+", question)
    low = [w.lower() for w in words]
    wh = next((k for k, w in enumerate(low) if w in _WH_WORDS), 0)

    def stems(ws: list[str]) -> frozenset[str]:
        keep = [w for w in ws if w.lower() not in _EN_BREAK and w.lower() not in _AUX]
        if not keep:
            return frozenset()
        found = analyzer.terms_batch(keep) if hasattr(analyzer, "terms_batch") else [keep]
        return frozenset(str(t[0]).lower() for t in found if t)

    content = [w for w in words[wh + 1 :] if w.lower() not in _EN_BREAK | _AUX]
    return stems(content[:3]), stems(words[-3:]), stems(words[max(0, wh - 3) : wh])


def _caps_after_inner(words: list[str], j: int) -> bool:
    """Whether the inner words from ``j`` on ("of", "of the") lead to a capitalised word."""
    k = j
    while k < len(words) and k - j < 2 and words[k].lower() in _EN_INNER:
        k += 1
    return k < len(words) and k > j and words[k][:1].isupper()


def _same_stem(stem: str, word: str) -> bool:
    """A token's stem and the question's head word name one noun ("theatre" / "theatres")."""
    return stem == word or (len(stem) >= 4 and word.startswith(stem))


def _stem(word: str, analyzer: object) -> str:
    """The analyzer's term for one question word, as the sentence's tokens are stemmed."""
    found = analyzer.terms_batch([word]) if hasattr(analyzer, "terms_batch") else [[word]]
    return str(found[0][0]).lower() if found and found[0] else ""


def en_scored(
    question: str,
    kind: Kind,
    text: str,
    q_terms: Collection[str],
    analyzer: object,
    *,
    learned: bool = True,
) -> list[Candidate]:
    """Every candidate span of the English ``text`` with its score: the rules' score,
    re-weighed by the learned span ranker (``answer/align_en_rank.py``) when ``learned``
    and its weights file reads."""
    scored, view = rule_scored(question, kind, text, q_terms, analyzer)
    return _rescored(scored, view) if learned else scored


def _rescored(scored: list[Candidate], view: SentenceView | None) -> list[Candidate]:
    """The rules' candidates re-weighed by the shipped ranker (as they are without it)."""
    ranker = shipped_ranker()
    if ranker is None or not scored or view is None:
        return scored
    return ranker.rescore(view, scored)


def rule_scored(
    question: str, kind: Kind, text: str, q_terms: Collection[str], analyzer: object
) -> tuple[list[Candidate], SentenceView | None]:
    """The rules' candidates and scores, and what the ranker reads of the sentence."""
    q = _en_question(question, kind)
    toks = [(m.group(), m.start(), m.end()) for m in _EN_TOKEN.finditer(text)]
    if not toks:
        return [], None
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
    year_only = q.kind == "date" and q.head in ("year", "years")
    asks_name = bool(_EN_ASKS_NAME.search(question))
    asks_kind = bool(_EN_ASKS_KIND.search(question))
    object_q = asks_object(question)
    noun_head = q.head is not None and _noun_head(q.head, question)
    typed_q = q.kind in ("date", "number")
    # Not for a model's size ("How many parameters does Gopher have?"): every size is
    # written beside "parameters", so the name beside it tells them apart.
    noun = counted_noun(question) if typed_q and kind != "size" else None
    noun_stem = _stem(noun, analyzer) if noun else ""
    duration = typed_q and asks_duration(question)
    sibling = asks_sibling(question)
    share = typed_q and bool(_EN_ASKS_SHARE.search(question))
    copula = asks_copula(question)
    frame = in_situ(question)
    slot_bonus = IN_SITU_BONUS
    if not frame:
        frame, slot_bonus = stranded(question), STRANDED_BONUS
    frame_stems = [_stem(w, analyzer) for w in frame]
    slot_at = after_words(words, stems, frame, frame_stems) if frame else []
    # A plural head noun asks for several items too ("… grow which crops?"), not when a
    # name is asked ("What are such schools called?" names the kind).
    several = asks_several(question) or (plural_head(q.head) and not asks_name)
    # "Who recovered the ball?": when the sentence writes the question's verb, the
    # subject and the passive agent are judged by that verb alone, not by any question
    # word ("Miller stripped the ball … was recovered by Ward").
    verb = question_predicate(question)
    verb_stem = _stem(verb, analyzer) if verb else ""
    verb_at = [a for a in anchors if verb_stem and stems[a] == verb_stem]

    def breaks(k: int) -> bool:
        w = words[k]
        lw = w.lower()
        if (
            lw in _EN_NAME_OPENERS
            and w[:1].isupper()
            and k + 1 < len(words)
            and words[k + 1][:1].isupper()
            and not is_q[k]
        ):
            return False
        if (
            q.kind == "date"
            and lw == "may"
            and w[0].isupper()
            and words[k + 1 : k + 2] != []
            and words[k + 1][:1].isdigit()
        ):
            return False  # the month ("in May 2013"), not the modal
        if is_q[k] or lw in _EN_BREAK or not (w[0].isalnum() or w[0] in "£$€¥"):
            return True
        if (
            k == 0
            and words[1:2] == [","]
            and (lw in _EN_OPENING_ADVERBS or lw.endswith(_ADVERB_ENDS))
        ):
            return True  # "Historically, …", "Today, …": an adverb opening the sentence
        # Without a tagger: a lowercase word ending like a verb form or an adverb.
        return w.islower() and (
            (lw.endswith("ed") and len(lw) > 4)
            or (lw.endswith("ing") and len(lw) > 5)
            or (lw.endswith("ly") and len(lw) > 4)
        )

    # Noun-phrase chunks: runs of tokens that are neither breaks nor question words.
    chunks: list[tuple[int, int]] = []
    closed: set[tuple[int, int]] = set()
    parent: dict[tuple[int, int], int] = {}  # a leading capitalised run → its chunk's end
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
            elif lw in _EN_INNER and words[j - 1][:1].isupper() and _caps_after_inner(words, j):
                # "University of Warsaw", "Supreme Court of the United States"
                j += 1
                while words[j].lower() in _EN_INNER:
                    j += 1
            else:
                break
        while j - 1 > i and words[j - 1].lower() in _EN_INNER:
            j -= 1  # "Bendigo and" (the name after "and" is the question's): "Bendigo"
        chunks.append((i, j))
        if q.head is not None and j < n and stems[j] and _same_stem(stems[j], q.head):
            # "What theatre …?" → "Wojciech Bogusławski Theatre": the asked noun closes it.
            chunks.append((i, j + 1))
            closed.add((i, j + 1))
        # Capitalised and numeric sub-runs ("the French army" → "French").
        # Each capitalised run ("Jazz singer Maria Lopez" → "Maria Lopez").
        k = i
        while k < j:
            if words[k][:1].isupper() or words[k][:1].isdigit():
                e = k + 1
                while e < j and (
                    words[e][:1].isupper()
                    or words[e][:1].isdigit()
                    or _NAME_PARTICLE.match(words[e])
                ):
                    e += 1
                if (k, e) != (i, j):
                    chunks.append((k, e))
                    if k == i:
                        parent[(k, e)] = j
                k = e
            else:
                k += 1
        i = j
    starts_at = {t[1]: k for k, t in enumerate(toks)}
    ends_at = {t[2]: k for k, t in enumerate(toks)}
    quoted: set[tuple[int, int]] = set()
    for m in _EN_QUOTED.finditer(text):
        # A quoted term or title ("mad scientist", "Welfare Cash Card") is one candidate.
        a, b = m.start(1), m.end(1)
        if a in starts_at and b in ends_at and len(m[1].split()) <= 6:
            quoted.add((starts_at[a], ends_at[b] + 1))
    chunks += sorted(quoted)
    # "Where is Brazil ranked …?", "What ranking …?": an ordinal ("third", "second-
    # largest") is the answer; "first" / "second" are break words, no chunk otherwise.
    ranked: set[tuple[int, int]] = set()
    if asks_rank(question):
        ranked = {(k, k + 1) for k, w in enumerate(words) if is_ordinal(w)}
        chunks += sorted(ranked)
    listed: set[tuple[int, int]] = set()
    if several and q.kind in ("np", "proper", "person", "place"):
        listed = set(lists(words, chunks))
        chunks += sorted(listed)
    spans_range: set[tuple[int, int]] = set()
    # The typed tokens found in the sentence (a century's ordinal is one only beside
    # "century", which the span leaves out).
    typed_at: set[tuple[int, int]] = set()
    if q.kind in ("date", "number"):
        # The typed tokens themselves ("20–18", "711,988", "17 seconds", "the 1990s").
        pattern = _EN_DATE if q.kind == "date" else _EN_NUMBER
        starts = {t[1]: k for k, t in enumerate(toks)}
        ends = {t[2]: k for k, t in enumerate(toks)}
        found = list(pattern.finditer(text))
        if year_only:
            found += list(_EN_YEAR.finditer(text))
        for m in found:
            a, b = m.start(), m.end()
            while b > a and text[b - 1] == " ":
                b -= 1
            if a in starts and b in ends:
                chunks.append((starts[a], ends[b] + 1))
                typed_at.add((starts[a], ends[b] + 1))
        parts = [(m.start(), m.end()) for m in _EN_PART_OF_YEAR.finditer(text)]
        whole = q.kind == "date" and q.head not in ("year", "years", "decade", "century")
        for a, b in ranges(text) + (parts if whole else []):
            if a in starts and b in ends:
                spans_range.add((starts[a], ends[b] + 1))
        chunks += sorted(spans_range)

    def lower_head(i: int, j: int) -> bool:
        # The asked noun written lowercase is the question's own word, not part of a name:
        # "What satellite …?" → "Astra 2A", not "Astra 2A satellite" (judged with it).
        # A lowercase modifier keeps it ("Which movement …?" → "temperance movement",
        # "What principle …?" → "local-global principle": the noun is part of the
        # phrase's name), unless the question asks the kind ("What kind of farmers …?"
        # → "soy"): a name is whole without it.
        return (
            (i, j) in closed
            and j - i > 1
            and not words[j - 1][:1].isupper()
            and (
                asks_kind
                or not noun_head
                or any(w[:1].isupper() or w[:1].isdigit() for w in words[i : j - 1])
            )
        )

    def whole_name(i: int, j: int) -> tuple[int, int]:
        # A name the question writes part of ("Which Super Bowl …?" → "Super Bowl
        # XXXIII"): the span takes the capitalised question words beside it (it is
        # scored without them).
        a, b = i, j
        if words[i][:1].isupper() and words[j - 1][:1].isupper():
            while a > 0 and is_q[a - 1] and words[a - 1][:1].isupper():
                a -= 1
            while (
                b < n
                and is_q[b]
                and words[b][:1].isupper()
                and not _POSSESSIVE.search(words[b - 1])
            ):
                b += 1  # not past a possessive ("William Tyndale's English Bible")
        return a, b

    out: list[Candidate] = []
    for i, j in dict.fromkeys(chunks):
        score_closed = 0.5 if (i, j) in closed else 0.0
        # A phrase closed by the asked noun is judged by its neighbours without that noun.
        jb = j - 1 if (i, j) in closed else j
        a, b = whole_name(i, j)
        pj = parent.get((i, j), j)
        named = q.kind in ("person", "place", "proper") and not _POSSESSIVE.search(words[j - 1])
        if (
            (q.kind == "np" or named)
            and pj - j <= 2
            and all(words[t].islower() for t in range(j, pj))
        ):
            # "German-language publications": a modifier's run is scored alone but its
            # noun comes with it; for a name, place or who question too ("New York
            # hotels", "Turkish forces"), not after a possessive ("Manning's problems").
            b = max(b, pj)
        s, e = toks[a][1], toks[jb - 1][2] if lower_head(i, j) else toks[b - 1][2]
        if text[e - 2 : e] in ("'s", "’s"):
            e -= 2  # "Manning's problems" → "Manning"
        if q.kind == "number" and (words[i][:1].isdigit() or _EN_NUMBER.fullmatch(words[i])):
            bound = _EN_QUALIFIER.search(text[max(0, s - 24) : s])
            if bound is not None:
                s -= len(bound.group())  # "more than 70,000", "every five years"
        if q.kind == "date" and not year_only and i > 0 and words[i - 1].lower() in _DATE_BOUNDS:
            s = toks[i - 1][1]  # "after 1850" is another time than "1850"
        if q.kind == "date" and (i, j) not in typed_at and (i, j) not in spans_range:
            # "1981 voluntary export restraints": the date alone, not the noun it modifies.
            cut = next((b for a, b in sorted(typed_at) if a == i and b < j), None)
            if cut is not None and all(w.islower() for w in words[cut:j]):
                e = toks[cut - 1][2]
        if noun_stem and _modifier_before_noun(words, is_q, i, j):
            e = toks[i][2]  # "30 different (boards)": the count is the number alone
        if (
            q.kind == "number"
            and j - i > 1
            and s == toks[i][1]
            and (words[i][:1].isdigit() or _EN_NUMBER.fullmatch(words[i]))
            and words[i + 1][:1].isupper()
            and words[i + 1].isalpha()
            and not words[i + 1].isupper()
        ):
            e = toks[i][2]  # "two Major League Soccer teams": the count is "two"
        if q.kind == "number" and _EN_HYPHEN_COUNT.match(words[i]) and s == toks[i][1]:
            e = s + words[i].index("-")  # "Six-time Grammy winner": the count is "Six"
        span = text[s:e]
        low = [w.lower() for w in words[i:j]]
        score = score_closed
        score += sum(_near(min(abs(a - i), abs(a - (j - 1))), 3.0) for a in anchors) * 0.6
        caps = all(
            w[:1].isupper() or w.lower() in _EN_INNER or _NAME_PARTICLE.match(w) for w in words[i:j]
        )
        has_num = any(w[:1].isdigit() for w in words[i:j]) or bool(_EN_NUMBER.search(span))
        if q.kind in ("date", "number") and has_num:
            # The number itself, not "age 38" or "711,988 inhabitants 56.2%".
            lead = words[i]
            if (
                lead.isalpha()
                and (lead.islower() or q.kind == "number")  # "March 1951" is a date
                and not _EN_NUMBER.fullmatch(lead)
                and (i, j) not in spans_range
            ):
                score -= 0.8
            if (
                _TWO_NUMBERS.search(span)
                and not _EN_DATE.fullmatch(span)
                and (i, j) not in spans_range
            ):
                score -= 1.0
        if typed_q and has_num:
            if share and (_EN_SHARE.search(span) or _EN_SHARE_AFTER.match(text, e)):
                score += SHARE_BONUS
            if (
                i >= 3
                and words[i - 1] == "("
                and any(w[:1].isdigit() for w in words[i - 3 : i - 1])
                and not _EN_SHARE.search(span)  # "30,547 (19.3%)" is a share, no conversion
            ):
                score -= CONVERSION_PENALTY
            if noun_stem and counts_noun(words, stems, i, j, noun_stem):
                score += 1.5  # "How many interceptions …?": "interceptions with 24"
            if duration and is_duration(words, i, j):
                score += 1.5 if j - i > 1 else 1.0  # "17 seconds", "3:08"
            if (i, j) in spans_range:
                score += 0.5  # "from 1870 to 1939", "summer of 1521": the whole of it
        if year_only and _EN_YEAR.fullmatch(span):
            score += 1.0  # "What year …?": the year of "7 January 1943"
        own_words = all(w in q_words for w in low)  # "… that was 505 million years ago?"
        if q.kind == "date":
            typed = _EN_DATE.search(span) or (i, j) in typed_at
            score += 3.0 if typed and not own_words else -2.0
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
            if words[j - 1].lower() in _EN_TITLES:
                score -= TITLE_PENALTY  # an office is no person, nor a team or a firm
        elif q.kind == "place":
            score += 1.5 if caps else 0.0
            if i > 0 and words[i - 1].lower() in ("in", "at", "from", "near", "to"):
                score += 1.0
            elif i > 0 and is_q[i - 1] and words[i - 1].islower():
                score += PLACE_OBJECT_BONUS  # "Where did he visit …?": "… visited China"
        else:
            if has_num:
                score -= 0.5
            # An answer phrase is rarely one lowercase adjective ("prominent").
            score += 0.25 * min(j - i, 3) + (0.5 if caps else 0.0)
            if verb_like(words, i, j):
                score -= VERB_PENALTY  # "… that focuses on …", "… can receive …"
        if q.head is not None and q.kind in ("np", "proper"):
            near_head = words[max(0, i - 3) : i] + words[jb : jb + 3]
            if any(w.lower().startswith(q.head[:5]) for w in near_head):
                score += 1.0
            if caps and names_head(words, j, q.head):
                score += APPOSITION_BONUS  # "Dynasty, an opulent drama …" for "What drama …?"
        if verb_at and q.kind in ("person", "proper", "np"):
            if any(jb <= a <= jb + 3 for a in verb_at):
                score += 1.5  # "… Anderson scored …" for "the player who scored"
        elif anchors and q.kind in ("person", "proper", "np"):
            if q.subject_wh and any(jb <= a <= jb + 3 for a in anchors):
                # "Who sang the national anthem?": the subject stands right before the
                # question's words ("Lady Gaga performed the national anthem").
                score += 1.5
            elif not q.subject_wh and any(i - 3 <= a < i for a in anchors):
                # "What did Lady Gaga sing?": the object right after them.
                score += 1.0
        if (
            q.subject_wh
            and q.kind in ("person", "proper", "np")
            and passive_agent(words, i, verb_at or anchors)
        ):
            score += 1.5  # "Who recovered the ball?": "… was recovered by Ward"
        if q.kind in ("person", "proper", "np", "place"):
            if bracket_alias(words, i, jb, anchors):
                score += ALIAS_BONUS
            if such_as_example(words, i, anchors):
                score += EXAMPLE_BONUS
            if copula and copula_subject(words, jb, anchors):
                score += COPULA_BONUS
        if (
            object_q
            and q.kind in ("np", "proper")
            and not any(is_q[i:j])
            and passive_subject(words, is_q, j)
        ):
            score += PASSIVE_OBJECT_BONUS  # "What did X open?": "A bridge was … opened by X"
        if any(0 <= i - a <= 1 for a in slot_at):
            score += slot_bonus
        if (i, j) in listed:
            score += LIST_BONUS
        if (i, j) in ranked:
            score += RANK_BONUS
        if sibling and sibling_of(words, i, jb, anchors):
            score += SIBLING_BONUS  # "Besides automobiles, what …?": "… and highways"
        if all(w in _EN_GENERIC for w in low) or own_words:
            score -= 3.0
        if (i, j) in quoted and not any(is_q[i:j]):
            score += 1.0  # not when the question quotes from it ("… to End War" → "War")
        if (
            (asks_name or q.kind == "person")
            and i > 0
            and _EN_NAMING.search(text[max(0, s - 20) : s])
        ):
            score += NAMING_BONUS  # "… is known as a guru", "called a Lama", "the leader, Drogo"
        score -= 0.12 * max(0, j - i - 4)
        if len(span) == 1 and span.isalpha():
            score -= LETTER_PENALTY  # "S" of "U.S.", "p" of "Y. p. orientalis"
        out.append(Candidate(s, e, score))
    view = SentenceView(
        kind=q.kind,
        head=q.head,
        words=tuple(words),
        starts=tuple(t[1] for t in toks),
        ends=tuple(t[2] for t in toks),
        is_q=tuple(is_q),
        subject_wh=q.subject_wh,
        stems=tuple(s.lower() for s in stems),
        q_sides=_question_sides(question, analyzer),
    )
    return out, view


def en_span(
    question: str, kind: Kind, text: str, q_terms: Collection[str], analyzer: object
) -> tuple[int, int] | None:
    """The character span of ``text`` that answers the English ``question``."""
    q = _en_question(question, kind)
    if q.kind == "reason":
        return _clause_after(text, _EN_REASON)
    if q.kind == "method":
        return _clause_after(text, _EN_METHOD) or _clause_after(text, _EN_AS_MANNER)
    scored, view = rule_scored(question, kind, text, q_terms, analyzer)
    scored = _rescored(scored, view)
    if not scored:
        return None
    best = max(scored, key=lambda c: c.score)
    # Of two nested phrases scored nearly alike, the longer: SQuAD-style answers name
    # the phrase whole, and spans that fall short of the gold outnumber those that run
    # past it about four to one (docs/benchmarks.md, thirteenth round).
    holding = [
        c
        for c in scored
        if c.start <= best.start
        and best.end <= c.end
        and (c.start, c.end) != (best.start, best.end)
        and c.score >= best.score - NESTED_MARGIN
    ]
    best = max(holding, key=lambda c: c.score) if holding else best
    if view is None:
        return best.start, best.end
    # A number or year widened to its range or full date ("between 2005 and 2010",
    # "May 18, 1756"): the candidates hold single numbers; a noun phrase to its "of"
    # complement ("SI unit of magnetic flux density"): the chunks break at "of".
    # "66 million years ago" for a date, "515 million years" for an age (align_en_ago.py).
    span = widened(view, best.start, best.end)
    span = of_complement(view, *ago_span(view, *span, question), _EN_BREAK)
    return name_run(view, *span, _EN_BREAK)


__all__ = ["en_scored", "en_span", "rule_scored"]
