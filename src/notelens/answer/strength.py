"""The refusal signal of a choice: how strongly the quoted units answer the question
(the last stage of :func:`notelens.answer.extractive.extract`).

The base is :func:`~notelens.answer.extractive.evidence_strength` of the best passage's
coverage of the question and the best cosine, less the share of the question's names no
passage writes; :data:`FACTORS` then scale it in a fixed order, each a sign that the notes
answer for something next to what is asked. The penalties are ``extractive.py``'s
constants (and ``members.SIBLING_PENALTY``, ``empty_cells.EMPTY_CELL_PENALTY``), read at
call time as the tests and studies patch them (docs/benchmarks.md records their
calibration).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from notelens.analysis.base import Analyzer
from notelens.answer import empty_cells, members
from notelens.answer import extractive as ex
from notelens.answer.asked import asks_metric, metric_stated
from notelens.answer.asked_nowhere import nowhere
from notelens.answer.candidates import Scored
from notelens.answer.choose import Choice
from notelens.answer.content_subject import content_subject
from notelens.answer.counted_absent import counted_absent
from notelens.answer.crosslang import in_asked_language, without_marker
from notelens.answer.empty_cells import empty_asked_cell
from notelens.answer.evidence import document_names, names_missing
from notelens.answer.extractive import Candidate, evidence_strength, held_weight
from notelens.answer.indexed import index_factor
from notelens.answer.item_numbers import asked_number_of
from notelens.answer.labelled import setting_factor
from notelens.answer.languages_asked import written_across
from notelens.answer.layout_words import where_terms
from notelens.answer.member_units import unframed_lead
from notelens.answer.members import member_factor
from notelens.answer.members import members as members_of
from notelens.answer.numberless import numberless
from notelens.answer.ordinal_items import without_place
from notelens.answer.other_subject import other_subject
from notelens.answer.paired import focus
from notelens.answer.past_end import beyond_list
from notelens.answer.prose import PENALISED_KINDS, penalised_type
from notelens.answer.qtype import has_evidence, number_in_words
from notelens.answer.question import Asked
from notelens.answer.refusal import (
    RefusalSignals,
    entry_factor,
    measure_factor,
    qualifier_factor,
    typed_floor,
    unit_signals,
)
from notelens.answer.rows import asked_filled
from notelens.answer.series_end import series_counter
from notelens.answer.unit_qualifiers import unquoted_factor
from notelens.answer.units import AnswerUnit
from notelens.answer.unsettled import open_factor
from notelens.answer.unwritten import unwritten_factor
from notelens.types import Hit

#: A table row with no token of the asked type: the row leaves the asked field out, as
#: ``empty_cells.EMPTY_CELL_PENALTY`` for a named column left empty.
RECORD_PENALTY = empty_cells.EMPTY_CELL_PENALTY
# The types whose tokens a row's cells show reliably: a person's name, a date, a week
# ("GitHub 2026" in a venue column is an organisation no pattern knows; a number is
# ``NUMBER_PENALTY``'s).
_RECORD_KINDS = frozenset({"person", "date", "week"})
# A cell that may hold a person's name, read leniently ("Tomás Ferreira", "Ha-ram Yoon",
# "오하린", "정교수님"): the person pattern misses accents and hyphens, and a row
# with such a cell may well name the one asked.
_NAME_CELL = re.compile(
    r"[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,2}|[가-힣]{2,4}(?:\s*(?:교수|박사)?\s*님?)"
)


@dataclass(frozen=True, slots=True)
class Strength:
    """The refusal signal and its parts (the diagnostics :class:`Extraction` keeps)."""

    strength: float
    coverage: float
    dense: float
    # Share of the question's names absent from the passages.
    missing: float
    # Share of the question's names absent from the best unit and its context.
    unit_missing: float
    signals: RefusalSignals | None = None


@dataclass(frozen=True, slots=True)
class Judged:
    """What every factor reads: the question, the scored units and the choice."""

    q: Asked
    scored: Scored
    choice: Choice
    best: Candidate
    hits: Sequence[Hit]
    analyzer: Analyzer
    # Every top passage with its heading path, as one text.
    evidence: str
    unit_missing: float
    # The unit whose passage must name the question's entities: the best, or a list's
    # item asked by its place (``Choice.placed``).
    named: Candidate


def row_names_someone(cells: Sequence[tuple[str, str]]) -> bool:
    """Whether a row's cells (header, value) hold a value that may be a person's name
    (:data:`_NAME_CELL`)."""
    return any(_NAME_CELL.fullmatch(value) for _, value in cells)


def labelled_name(question: str, unit: AnswerUnit | None) -> bool:
    """Whether ``unit`` is a definition whose term the question asks ("노트 레포
    maintainer" over "Maintainer: Jiho Park.", "Who is the contact?" over "Contact: Mina
    Cho") and whose value may be a person's name (:data:`_NAME_CELL`): the labelled line
    writes the asked role's holder, as a row's cell does, in a form the person pattern
    misses (an English name with no "et al." or "by")."""
    if unit is None or unit.kind != "definition" or not unit.term:
        return False
    term = unit.term.strip().lower()
    if len(term) < 2 or re.search(rf"(?<![\w]){re.escape(term)}(?![\w])", question.lower()) is None:
        return False
    value = unit.text.split(":", 1)[1] if ":" in unit.text else ""
    return _NAME_CELL.fullmatch(value.strip().rstrip(".")) is not None


def _missing_names(question: str, hits: Sequence[Hit]) -> float:
    """Share of the question's Latin names that none of ``hits`` contains (0 if none),
    their files' names included ("README에 따르면 …": evidence.document_names)."""
    return names_missing(
        question,
        " ".join(f"{h.heading} {h.text} {document_names(h.source, h.heading)}" for h in hits),
    )


def _numberless_note(kind: str, best: Candidate) -> bool:
    """Whether a number question's best unit is a note unit (see ``NUMBER_PENALTY``);
    called only when that unit holds no number."""
    return kind == "number" and best.unit is not None and best.unit.kind != "sentence"


def _type(j: Judged) -> float:
    kind, best = j.q.atype.kind, j.best
    best_typed = (
        has_evidence(kind, best.text)
        or bool(best.unit is not None and best.unit.cells and asked_filled(kind, best.unit))
        # (twenty-fifth round: "Maintainer: Jiho Park." for "노트 레포 maintainer")
        or (kind == "person" and labelled_name(j.q.text, best.unit))
        # "Interpretability 목록에서 ALCUNA는 몇 번이야?" over the numbered item "4.
        # ALCUNA: …": the unit reader keeps a list's number off the unit's text
        # (``AnswerUnit.number``), and that number is the one asked (answer/item_numbers.py)
        or (best.unit is not None and best.unit.numbered and asked_number_of(j.q.text) is not None)
    )
    if not best_typed and _numberless_note(kind, best):
        # "How many stages …?" over "두 단계 PEFT 프레임워크를 제안": a note's count in a
        # Korean numeral word is a number; "How much pre-training data did X use relative
        # to Y?" over "사전학습 데이터를 절반 사용", "얼마 만에 공개됐어?" over "반년도 안되어
        # 공개": a share or a span written as a word is the number asked
        # (qtype.number_in_words).
        best_typed = number_in_words(best.text)
        # "시즌 몇까지 있어?" over "… 시즌3": the member's number is the one asked
        # (answer/series_end.py), though glued to its counter.
        counter = series_counter(j.q.text)
        best_typed = best_typed or any(c == counter for _, c in members_of(best.text))
    if penalised_type(kind, best.unit, best_typed):
        if (
            kind in _RECORD_KINDS
            and best.unit is not None
            and best.unit.kind == "row"
            and best.unit.cells
            and not (kind == "person" and row_names_someone(best.unit.cells))
        ):
            # A table row is a record that writes every field it has: none of the asked
            # type ("5주차 누가 발표했어" over the week-5 row with no presenter) is the
            # notes not saying, as an empty cell is (nineteenth round).
            return 1.0 - RECORD_PENALTY
        # "How many …?" answered by a unit without any number: likely not in the notes.
        # (Also when a sibling bullet holding a number is quoted as the lead: its number
        # is any number beyond the question's, not one of the asked kind.)
        return 1.0 - (ex.NUMBER_PENALTY if _numberless_note(kind, best) else ex.TYPE_PENALTY)
    if (
        kind not in PENALISED_KINDS
        and asks_metric(j.q.text)
        and not metric_stated(best.text)
        and best.unit is not None
        and best.unit.kind != "sentence"
    ):
        # "What attack success rate did X report for Korean?" typed by its head noun,
        # over a note unit with no number but counts ("한국어 담당은 2명뿐"): a metric's
        # value is a number, and the unit says something else of X (nineteenth round;
        # as NUMBER_PENALTY).
        return 1.0 - ex.NUMBER_PENALTY
    return 1.0


def _unit_names(j: Judged) -> float:
    return 1.0 - ex.UNIT_NAME_PENALTY * j.unit_missing


def _lexical(j: Judged) -> float:
    # A note unit written in the other language than the question ("영어 코호트 녹화본은
    # 얼마 동안 보관해?" over "Recordings: kept 30 days", "Who attended …?" over "참석자:
    # …") shares few of its words whatever it says: a terse line has no framing words to
    # share, and the candidate stage already reads such units by e5 rather than by
    # overlap (candidates.py). A sentence unit keeps the penalty: prose has words enough
    # to share the question's when it answers it, and so has a FAQ's or a log's line
    # (twenty-first round: over sentence units the exemption answered three unanswerable
    # questions, "How much memory does pgvector need …?" over a paragraph on PagedAttention,
    # "What changed in evalkit 0.9?" over "현재 버전은 0.8.3입니다.", and none right).
    best = j.best
    note_line = best.unit is not None and best.unit.kind != "sentence"
    if note_line and written_across(j.q.text, best.text):
        return 1.0
    # A unit of any kind written in the language whose version of the notes the question
    # names ("ENG 설명에서 …", "the Korean overview note"): the question itself says it
    # reads across languages (answer/crosslang.py).
    if in_asked_language(j.q.text, best.text):
        return 1.0
    return 1.0 - ex.LEXICAL_PENALTY * max(0.0, ex.LEXICAL_FLOOR - j.best.lexical) / ex.LEXICAL_FLOOR


def _measure(j: Judged) -> float:
    # "몇 fps / 몇 % / how much faster": the best unit must state a number in that measure.
    best = j.best
    return measure_factor(j.q.text, best.text, best.unit.kind if best.unit else "sentence")


def _open(j: Judged) -> float:
    # "DoRA가 rank 16보다 나았어?" over "… 나은지 확인" under "다음에 해 볼 것": the notes
    # leave open what a yes/no question asks (answer/unsettled.py).
    best = j.best
    return open_factor(j.q.text, best.text, best.unit.context if best.unit else "")


def _sibling(j: Judged) -> float:
    question, hits, chosen, best = j.q.text, j.hits, j.choice.chosen, j.best
    # "Gemstone-2 2B" over "9B 모델의 MMLU 71.9", "MATH score" over a GSM8K figure: the
    # quoted units answer for a sibling member or another benchmark (answer/members.py).
    # (With the heading paths and contexts for a counter the units do not write:
    # "… 모임 2기 > 일정" writes the cohort of its rows.)
    # (Not of the words asking a list's place, "Item 4": ordinal_items.without_place.)
    sibling_factor = member_factor(
        without_place(question),
        "\n".join(c.text for c in chosen),
        "\n".join(
            f"{hits[c.hit_index].heading}\n{c.unit.context if c.unit else ''}" for c in chosen
        ),
        # a number written anywhere in the quoted passages ("틀린 질문 31개의 원인:" over
        # the list of causes) is the notes' own count, not a setting they never tried
        "\n".join(dict.fromkeys(hits[c.hit_index].text for c in chosen)),
    )
    # "시즌4 스터디 발표 순서" over a season-3 unit, season 4 named in passing by another
    # quoted row: the lead answers for the sibling (answer/member_units.py).
    # (Over note units only, as ``unwritten_factor``: a prose sentence names the asked
    # member's siblings as what it is not, "Why is X 8x7B not 56B?" over "… 47B total".)
    if (
        sibling_factor == 1.0
        and best.unit is not None
        and best.unit.kind != "sentence"
        and unframed_lead(question, best.unit, [c.unit for c in chosen if c.unit is not None])
    ):
        sibling_factor = 1.0 - members.SIBLING_PENALTY
    return sibling_factor


def _empty_cell(j: Judged) -> float:
    # "Who was the discussant at session S12?" over the S12 row whose discussant cell
    # is empty: the notes do not say (answer/empty_cells.py).
    if j.best.unit is not None and empty_asked_cell(j.q.text, j.best.unit):
        return 1.0 - empty_cells.EMPTY_CELL_PENALTY
    return 1.0


def _qualifier(j: Judged) -> float:
    # "Llama Guard 2", "시즌5", "405B": a qualified name no top passage writes is a
    # sibling of what the notes hold (answer/refusal.py).
    # ("Methods 6번 항목", "Item 4 under …": a list's place is no qualifier of a name;
    # ordinal_items.without_place, the list questions' hook.)
    return qualifier_factor(without_place(j.q.text), j.evidence)


def _entry(j: Judged) -> float:
    named = j.named
    if named.unit is None:
        return 1.0
    # A bullet or row whose entry names none of the question's key entities that
    # other top passages name answers for a neighbouring entry (answer/refusal.py).
    return entry_factor(j.q.text, j.hits, named.hit_index, named.unit.kind)


def _unwritten(j: Judged) -> float:
    best = j.best
    if best.unit is None:
        return 1.0
    # "… 2048로 바꾼 결과", "flash attention": a number or (in a Korean question)
    # an English term of the question that no top passage writes, over a note unit
    # (answer/unwritten.py).
    held_terms = frozenset().union(*j.scored.passage_terms)
    # (The words asking a place are kept here: "the sixth direction" of a list of five
    # writes a number no passage holds, as a near miss does.)
    return unwritten_factor(
        j.q.text,
        best.unit.kind,
        j.evidence,
        j.analyzer.terms,
        held_terms.__contains__,
        j.scored.alts,
    )


def _unquoted(j: Judged) -> float:
    best, hits, sib = j.best, j.hits, j.choice.sib
    if best.unit is None:
        return 1.0
    # "Gaon-2 13B", "BM25에 rerank만 붙인 설정": a qualifier another passage writes and
    # the quoted units with their contexts do not (answer/unit_qualifiers.py).
    # (The unit's whole line too: "s06 rank 64는 6.01로 하락. 과적합 의심: …" states
    # its run in the sentence before the labelled part that answers.)
    lines = hits[best.hit_index].text.split("\n")
    own_line = lines[best.unit.line] if 0 <= best.unit.line < len(lines) else ""
    scope = f"{hits[best.hit_index].heading}\n{best.unit.context}\n{own_line}\n{best.text}" + (
        f"\n{sib.text}" if sib else ""
    )
    return unquoted_factor(j.q.text, best.unit.kind, scope, j.evidence)


def _index(j: Judged) -> float:
    # "봄 시즌 14주차 발표자" over notes whose weeks stop at 13: a series member no top
    # passage writes (answer/indexed.py).
    return index_factor(j.q.text, j.best.unit.kind if j.best.unit else "sentence", j.evidence)


def _setting(j: Judged) -> float:
    # "rank 32로 돌린 LoRA 점수" over runs of rank 16 (whose alpha is 32): a setting and
    # its value no passage writes together (answer/labelled.py). Over the quoted units
    # as well, as the extractor reads a text table's row ("rank: 16 · alpha: 32").
    quoted = "\n".join(c.text for c in j.choice.chosen)
    kind = j.best.unit.kind if j.best.unit else "sentence"
    return setting_factor(j.q.text, kind, f"{j.evidence}\n{quoted}")


Factor = Callable[[Judged], float]
# In this order (the product is the same in any order only up to rounding, and the
# answers are pinned to the last bit by the replays).
FACTORS: tuple[Factor, ...] = (
    _type,
    _unit_names,
    _lexical,
    _measure,
    _open,
    _sibling,
    _empty_cell,
    _qualifier,
    _entry,
    _unwritten,
    _unquoted,
    nowhere,
    numberless,
    beyond_list,
    _index,
    _setting,
    other_subject,
    counted_absent,
    content_subject,
)


def judge(
    q: Asked,
    scored: Scored,
    choice: Choice,
    hits: Sequence[Hit],
    analyzer: Analyzer,
    diagnose: bool = False,
) -> Strength:
    """The refusal signal of ``choice`` (``diagnose``: with the chosen unit's
    :class:`~notelens.answer.refusal.RefusalSignals`, a study aid)."""
    # (A list's item quoted beside the one the question names is judged as the lines
    # naming it: answer/choose.py ``Choice.judged``.)
    choice = choice.for_refusal()
    top = scored.cands[scored.order[0]]
    plain = _judge(q, scored, choice, top, hits, analyzer, diagnose)
    if choice.anchor is None:
        return plain
    # (Or as the item the question names, ``Choice.anchor``, where that reads better:
    # the scorer's top unit may be a line of another list, which names none of the
    # question's words, while the named item is terse, sharing only its name with the
    # question; the list questions' hook.)
    named = _judge(q, scored, choice, choice.anchor, hits, analyzer, diagnose)
    return max(plain, named, key=lambda s: s.strength)


def _judge(
    q: Asked,
    scored: Scored,
    choice: Choice,
    best: Candidate,
    hits: Sequence[Hit],
    analyzer: Analyzer,
    diagnose: bool,
) -> Strength:
    """:func:`judge` of ``choice`` with ``best`` as the best unit."""
    question = q.text
    sib = choice.sib
    # Refusal signals: coverage of the question by the best passage (with its heading
    # path), and the best question-unit cosine among the top passages.
    # (Over all the question's terms: a framing word the notes lack still counts here.)
    # (Over an item read off a list the question names by its asked place, "the last
    # entry of the Methods section", the words of where it is count as held by every
    # passage: the layout and the place are the list's, which a passage writes as
    # bullets, not as words; answer/layout_words.py, the list questions' hook.)
    where = where_terms(analyzer.terms) if choice.placed is not None else frozenset()
    all_weights = {t: scored.idf.get(t, scored.max_idf) for t in q.all_terms}
    all_total = sum(all_weights.values()) or 1.0
    coverage = max(
        (
            held_weight(all_weights, scored.alts, pt | where) / all_total
            for pt in scored.passage_terms
        ),
        default=0.0,
    )
    dense_best = max(scored.dense)
    # Names in the question (Mamba, FAISS, GPT-4) that no top passage mentions are the
    # clearest sign that the notes are about something else.
    # ("몇 GB" asks a measure: "GB" is no name, answer/grounding.py ``latin_names``.)
    # ("Last item under Methods in 논문 정리": a place word capitalised at the start is
    # no name; ordinal_items.without_place, the list questions' hook.)
    placeless = without_place(question)
    missing = _missing_names(placeless, hits)
    strength = evidence_strength(coverage, dense_best) * (1.0 - ex.NAME_PENALTY * missing)
    # The names are read in the sibling quoted as the lead as well ("70B 모델은 …" over
    # the entry's first bullet, its sibling "8B 23%, 70B 38%" answering).
    # ("ENG 설명에서 …": the block marker names the language read, answer/crosslang.py.)
    # (The unit's file as well: "In the README table, …" over a row of README.md.)
    # (A list's item asked by its place is read where the list is: the names are the
    # list's, written in the item's passage (its heading, the line it hangs under), not
    # in the top unit's; answer/choose.py ``Choice.placed``, the list questions' hook.)
    named = choice.placed or best
    evidence = "\n".join(f"{h.heading}\n{h.text}" for h in hits)
    # "Of SOLAR 10.7B and Llama 2, which …?" over the SOLAR row: a name the question joins
    # to the one the unit names, written in another top passage, is asked of that
    # passage's line, not of this one (answer/paired.py).
    asked = focus(
        question,
        f"{hits[best.hit_index].heading} {best.unit.context if best.unit else ''} {best.text}"
        + (f" {sib.text}" if sib else ""),
        evidence,
    )
    if asked != question:
        q = replace(q, text=asked)
        placeless = without_place(asked)
    unit_missing = names_missing(
        without_marker(placeless),
        (
            f"{hits[named.hit_index].heading} {hits[named.hit_index].text}"
            if choice.placed is not None
            else f"{best.unit.context} {best.text}" + (f" {sib.text}" if sib else "")
            if best.unit
            else best.text
        )
        + f" {document_names(hits[named.hit_index].source, hits[named.hit_index].heading)}",
    )
    judged = Judged(
        q=q,
        scored=scored,
        choice=choice,
        best=best,
        hits=hits,
        analyzer=analyzer,
        evidence=evidence,
        unit_missing=unit_missing,
        named=named,
    )
    index = 1.0
    for factor in FACTORS:
        value = factor(judged)
        strength *= value
        if factor is _index:
            index = value
    # (Not over a unit of a series member the question does not ask: "22주차 발표자" over
    # the week-4 row holds a week and a person, but not the asked week, which no top
    # passage writes; answer/indexed.py. The factor's own value, read once in the loop.)
    if best.unit is not None and index == 1.0:
        strength = max(strength, typed_floor(question, best.text, best.unit.context))
    signals = None
    if diagnose:
        bi = scored.order[0]
        signals = unit_signals(
            question,
            analyzer,
            hits,
            best.hit_index,
            f"{best.unit.context if best.unit else ''}\n{best.text}",
            all_weights,
            scored.term_sets[bi]
            | scored.ctx_sets[bi]
            | scored.all_terms[hits[best.hit_index].heading],
            scored.passage_terms[best.hit_index],
        )
    return Strength(strength, coverage, dense_best, missing, unit_missing, signals)
