"""Which scored units an answer quotes, and which one its short answer is cut from (the
third stage of :func:`notelens.answer.extractive.extract`).

The best unit leads; :data:`CHOICE_STEPS` then run in a fixed order, each reading the
choice so far and returning it, changed or not: runners-up that cover more of the
question, a prose sentence's antecedent and neighbour, a bullet's typed sibling, the
other items of a list, and the entry title a question describing a bullet asks for.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from notelens.answer import extractive as ex
from notelens.answer.align import MemoMorphemes
from notelens.answer.asked import asked_token
from notelens.answer.candidates import Scored
from notelens.answer.category_rows import category_row
from notelens.answer.causes import cause_line
from notelens.answer.container import asked_names, asks_container, container_span, squashed
from notelens.answer.entry_title import entry_of, names_itself
from notelens.answer.entry_versions import written_version
from notelens.answer.examples import example_line
from notelens.answer.expansions import asked_acronym, expansion
from notelens.answer.extractive import Candidate, enumerates
from notelens.answer.filed_entries import filed_entry
from notelens.answer.focus import ENTRY_FOCI, SIBLING_FOCI
from notelens.answer.glossed import glossed
from notelens.answer.item_numbers import numbered_item
from notelens.answer.lead_in import introduced_items
from notelens.answer.lists import (
    asked_heading_items,
    list_items,
    named_section,
    numbered_heads,
    restated_heading_items,
    restates_list_heading,
)
from notelens.answer.named_head import named_head_line
from notelens.answer.neighbour_items import fellow_items, neighbour_pair
from notelens.answer.ordinal_items import Item, numbered_list, place_item
from notelens.answer.owned_lists import owned_items, shared_value_rows
from notelens.answer.prose import close_neighbour, needs_antecedent, span_unit, tied
from notelens.answer.question import Asked
from notelens.answer.quoted import best_quoted
from notelens.answer.series_end import series_end
from notelens.answer.siblings import relation_sibling, typed_sibling
from notelens.answer.under_named import children_of, flat_parent
from notelens.answer.units import AnswerUnit, build_units
from notelens.types import Hit


@dataclass(frozen=True, slots=True)
class Context:
    """What every step reads: the question, the scored units, the best of them."""

    q: Asked
    scored: Scored
    hits: Sequence[Hit]
    best: Candidate
    # The best sentence's morphemes serve the antecedent check and the short answer.
    morphs: MemoMorphemes
    max_sentences: int
    # Every passage's answer units, built on first use by the steps that read whole
    # passages (the list rules, the acronym expansion): the scorer keeps only the
    # quotable units (no summary lines, no titles unless a title is asked).
    _units: list[list[AnswerUnit]] = field(default_factory=list)

    def passage_units(self) -> list[list[AnswerUnit]]:
        """Each hit's units (``units.build_units``), built once per question."""
        if not self._units:
            self._units.extend(build_units(h.text, h.heading) for h in self.hits)
        return self._units


@dataclass(frozen=True, slots=True)
class Choice:
    """The quoted units (in quoting order until :func:`choose` sorts them) and the unit
    the short answer is cut from."""

    chosen: list[Candidate]
    source: Candidate
    # A sibling bullet quoted as the lead (answer/siblings.py).
    sib: Candidate | None = None
    # The entry title asked for in place of the best bullet (answer/entry_title.py).
    entry: Candidate | None = None
    # Whether the answer is a list (its items, not a phrase of one, lead).
    listed: bool = False
    # The index of ``source`` in ``chosen`` (set by :func:`choose`).
    lead: int = 0
    # The choice the refusal signal reads in place of this one: set by a step that
    # quotes, in place of the lines matching the question, a list's item beside the
    # one the question names (answer/neighbour_items.py). That item shares no word
    # with the question by construction (and names another member: "GPT-2" for "GPT-1
    # 다음"), so judged itself it would read as an answer for a sibling; judged as the
    # choice before the step, the step neither raises nor lowers the strength.
    judged: Choice | None = None
    # The item read off the list the question names, at the place it asks
    # (answer/ordinal_items.py): the question's names are the list's, so the refusal
    # signal reads them in that item's context and passage rather than in the top
    # unit's, whatever line repeats the list's name in another note (answer/strength.py).
    placed: Candidate | None = None
    # The list's item the question names, beside which the answer was read ("GPT-1" of
    # "GPT-1 다음 항목"; answer/neighbour_items.py): the refusal signal reads it as the
    # best unit, since the answer shares no word with the question by construction and
    # the scorer's top unit may be any line of the list, or of another list
    # (answer/strength.py, the list questions' hook).
    anchor: Candidate | None = None

    def for_refusal(self) -> Choice:
        """The choice the refusal signal reads (``judged``, else this one)."""
        return self if self.judged is None else self.judged

    def replaced(self, chosen: list[Candidate], lead: Candidate) -> Choice:
        """The choice of a rule that answers in place of the chain's (a link's target,
        a section's parts): ``chosen`` led by ``lead``, no sibling, entry or list of the
        chain's choice kept."""
        return Choice(chosen=chosen, source=lead, lead=chosen.index(lead))


def _holds(asks: Callable[[str], bool]) -> Callable[[Candidate], bool]:
    """``asks`` (a test of a sentence's text) as a test of a candidate."""
    return lambda c: asks(c.text)


def _runners_up(ctx: Context, choice: Choice) -> Choice:
    """Further units, up to ``max_sentences``, that score close to the best and cover
    question terms it does not yet cover (or tie with it)."""
    best, q, scored = ctx.best, ctx.q, ctx.scored
    chosen = list(choice.chosen)
    covered = {t for t in q.terms if t in best.terms}
    for i in scored.order[1:]:
        if len(chosen) >= ctx.max_sentences:
            break
        c = scored.cands[i]
        if c is best:
            # (The lead itself, when the top unit yielded to another: choose() below.)
            continue
        if c.score < 0.85 * best.score:
            break
        gain = sum(scored.q_weights[t] for t in q.terms if t in c.terms and t not in covered)
        if gain / scored.q_total >= 0.2 or tied(best, c, q.all_terms):
            chosen.append(c)
            covered |= {t for t in q.terms if t in c.terms}
    return replace(choice, chosen=chosen)


def _prose(ctx: Context, choice: Choice) -> Choice:
    """A best prose sentence: its antecedent, a close neighbour, and the quoted sentence
    the short answer comes from."""
    best, q, cands = ctx.best, ctx.q, ctx.scored.cands
    if best.unit is None or best.unit.kind != "sentence":
        return choice
    chosen = list(choice.chosen)
    asks = asked_token(q.text, q.atype.kind, q.names)
    # Room for the runner-up is judged before the antecedent below is added: that
    # one is quoted for the pronoun, beyond ``max_sentences``.
    room = len(chosen) < ctx.max_sentences
    if needs_antecedent(best.text, ctx.morphs):
        # "He is also the oldest …": the sentence before says who (answer/prose.py).
        # Quoted before the runner-up is looked for, so that slot goes to the other
        # side rather than to the sentence already quoted for its pronoun.
        chosen += [
            c
            for c in cands
            if c.hit_index == best.hit_index and c.position == best.position - 1 and c not in chosen
        ][:1]
    if room:
        # A prose runner-up right beside the best sentence is quoted too
        # (answer/prose.py).
        # (Given what the question asks, answer/asked.py: a sentence holding it is
        # the runner-up when the best one does not.)
        nb = close_neighbour(best, cands, chosen, None if asks is None else _holds(asks))
        chosen += [nb] if nb is not None else []
    # The short answer comes from another quoted sentence when only it holds the
    # asked type: the close neighbour first, then the others by score (the answer
    # quotes them; "the right passage, the wrong sentence" is the class of misses).
    quoted = sorted(
        (c for c in chosen if c is not best and c.unit is not None and c.unit.kind == "sentence"),
        key=lambda c: (
            abs(c.position - best.position) != 1 or c.hit_index != best.hit_index,
            -c.score,
        ),
    )
    source = span_unit(q.atype.kind, best, quoted, q.names, asks)
    if source is best:
        # Otherwise the aligners' candidates of all quoted sentences compete, the
        # best sentence's with a head start (answer/quoted.py).
        pick = best_quoted(
            q.text, q.atype.kind, [best.text] + [c.text for c in quoted], q.term_set, ctx.morphs
        )
        source = quoted[pick - 1] if pick else best
    return replace(choice, chosen=chosen, source=source)


def _sibling(ctx: Context, choice: Choice) -> Choice:
    """A best note unit (not prose): a bullet that restates the question beside the one
    holding the asked number (answer/siblings.py) is quoted too and the short answer is
    its."""
    best = ctx.best
    if best.unit is not None and best.unit.kind == "sentence":
        return choice
    sib = typed_sibling(ctx.q.atype.kind, best, ctx.scored.cands, ctx.q.names)
    if sib is None:
        return choice
    chosen = choice.chosen
    if sib not in chosen:
        chosen = [*chosen[: ctx.max_sentences - 1], sib]
    return replace(choice, chosen=chosen, source=sib, sib=sib)


def _cause(ctx: Context, choice: Choice) -> Choice:
    """A reason question whose quoted lines only state its premise: the line beside
    them that says why leads (answer/causes.py)."""
    if ctx.q.atype.kind != "reason":
        return choice
    scored = ctx.scored
    c = cause_line(
        choice.source,
        ctx.best,
        scored.cands,
        scored.q_weights,
        scored.q_total,
        ctx.morphs.morphemes,
    )
    if c is None:
        return choice
    rest = [x for x in choice.chosen if x is not c]
    return replace(choice, chosen=[c, *rest][: ctx.max_sentences], source=c, sib=None)


def _relation(ctx: Context, choice: Choice) -> Choice:
    """A comparison question whose lead line does not state it: the sibling
    line of the same entry that does, scoring within ``W_FOCUS`` of it, leads
    (answer/focus.py, answer/siblings.py); a question asking the prior state, the
    entry's line that writes it at any score. A reorder of the entry's lines only."""
    q = ctx.q
    if q.focus not in SIBLING_FOCI and q.focus not in ENTRY_FOCI:
        return choice
    lead = choice.source
    # The prior state asked is read in the lead's entry at any score (focus.ENTRY_FOCI).
    margin = math.inf if q.focus in ENTRY_FOCI else ex.W_FOCUS
    sib = relation_sibling(q.focus, q.atype.kind, lead, ctx.scored.cands, margin)
    if sib is None:
        return choice
    rest = [c for c in choice.chosen if c is not sib]
    return replace(choice, chosen=[sib, *rest][: ctx.max_sentences], source=sib, sib=None)


def _list(ctx: Context, choice: Choice) -> Choice:
    """A list question, or one restating a heading that names a list: the list's items."""
    best, q, scored, hits = ctx.best, ctx.q, ctx.scored, ctx.hits
    atype, question = q.atype, q.text
    # "What should I check before trusting a benchmark number?" over the items of
    # "Checklist before trusting a benchmark number": the question restates a heading
    # that names a list, and asks for its items (answer/lists.py).
    listed = atype.kind == "list" or (
        atype.kind == "other"
        and best.unit is not None
        and restates_list_heading(
            question,
            best.unit,
            scored.list_sizes[(best.hit_index, best.unit.context)],
            ex.LIST_LEAD_ITEMS,
        )
    )
    if not listed or best.unit is None:
        return replace(choice, listed=listed)
    chosen, source = list(choice.chosen), choice.source
    # "The four stages": the best unit's siblings (same passage, same parent) are
    # the other items of the list.
    # Without a count ("which defenses are listed?") the whole list, up to
    # LIST_ITEMS items.
    want = max(atype.count or ex.LIST_ITEMS, len(chosen))
    items = [c for c in list_items(best, scored.cands, want) if c not in chosen]
    chosen += items[: max(0, want - len(chosen))]
    heads = numbered_heads(best, scored.cands, atype.count)
    if heads is not None:
        # "구성 요소 네 가지": the four numbered lines, not one of them with its
        # details (answer/lists.py).
        chosen = heads
        source = chosen[0]
    units = ctx.passage_units()
    section = (
        named_section(question, hits, units)
        or asked_heading_items(question, hits, best.hit_index, units)
        # (Not over a best line that lists the items itself: "bias 유형을 position,
        # length, … 4가지로 나눔" is the answer, not another note's "Judge bias" week.)
        or (
            None
            if enumerates(best.text)
            else restated_heading_items(question, hits, best.hit_index, ex.LIST_LEAD_ITEMS, units)
        )
    )
    placed = (
        _whole_list(ctx, section[0], section[1])
        if section is not None
        # "QLoRA 구성요소", "alignment learning 주제로 읽는 논문들": the items of the
        # entry the question names, or the rows sharing the value it writes
        # (answer/owned_lists.py). Not over a best line that lists values itself
        # ("… 64 / 256 / 1024 차원을 지원한다" is the answer, not the bullets of an entry
        # of the same name in another passage); a line of commas or a row's " · " cells
        # may list other things.
        else None
        if _SLASH_LIST_RE.search(best.text)
        else owned_items(question, units)
        or shared_value_rows(question, [h.heading for h in hits], units)
    )
    if placed:
        # "the papers of the Pruning section": that section's entry titles.
        chosen = [ex.Candidate.of_unit(hi, t, best.score) for hi, t in placed[:want]]
        source = chosen[0]
    return replace(choice, chosen=chosen, source=source, listed=True)


def _whole_list(ctx: Context, hi: int, items: list[AnswerUnit]) -> list[tuple[int, AnswerUnit]]:
    """A section's items, placed in their passage; when they are numbered lines of a
    list that goes on in another retrieved chunk of the note ("1." and "2." here, "3."
    to "7." there), every numbered line of it, in number order
    (answer/ordinal_items.py)."""
    placed = [(hi, u) for u in items]
    whole = numbered_list(ctx.hits, ctx.passage_units(), hi, items[0].context) if items else []
    if len(whole) > sum(u.numbered for u in items):
        return [(it.hit_index, it.unit) for it in whole]
    return placed


# Values written as alternatives: "64 / 256 / 1024", "7B / 13B".
_SLASH_LIST_RE = re.compile(r"[^\s/]\s+/\s+[^\s/]")


def _entry(ctx: Context, choice: Choice) -> Choice:
    """The entry title above the best bullet, when the question describes the bullet and
    asks for its entry ("한국어 OCR 88.5% 나온 모델 이름?", "… 줄인 논문";
    answer/entry_title.py)."""
    best, q = ctx.best, ctx.q
    entry = (
        entry_of(best, ctx.scored.cands)
        if choice.source is best and q.entry_asked and not names_itself(q.text, q.atype, best.text)
        else None
    )
    if entry is None:
        return choice
    chosen = [entry, *(c for c in choice.chosen if c is not entry)][: ctx.max_sentences]
    chosen += [best] if best not in chosen else []
    return replace(choice, chosen=chosen, source=entry, entry=entry)


def _expansion(ctx: Context, choice: Choice) -> Choice:
    """ "SAIL 약자 뭐야?", "What does GQA stand for?": the unit that spells the acronym
    out leads, and the short answer is its (answer/expansions.py)."""
    if asked_acronym(ctx.q.text) is None:
        return choice
    return _unit_leads(ctx, choice, expansion(ctx.q.text, ctx.passage_units()))


def _gloss(ctx: Context, choice: Choice) -> Choice:
    """ "RLHF 한국어로 풀어서 뭐라고 써있어?", "다양성 확보는 영어로 뭐라고 적혀있어?": the line
    pairing the term with its name in the asked language leads (answer/glossed.py); it
    shares only the term with the question, so a longer line repeating the term outscored
    it (and the English expansion, ``_expansion``'s, is not the Korean name asked)."""
    return _unit_leads(ctx, choice, glossed(ctx.q.text, ctx.passage_units()))


def _example(ctx: Context, choice: Choice) -> Choice:
    """ "SFT 예시로 든 거 뭐야?", "What example is given for RLHF?": the line that opens
    as an example under the named thing leads (answer/examples.py)."""
    return _unit_leads(ctx, choice, example_line(ctx.q.text, ctx.passage_units()))


def _unit_leads(ctx: Context, choice: Choice, found: tuple[int, AnswerUnit] | None) -> Choice:
    """``found`` (a hit's index and one of its units) leads the answer, as the candidate
    already chosen for it or a new one at the best unit's score; the rest follow."""
    if found is None:
        return choice
    hi, u = found
    lead = next(
        (c for c in choice.chosen if c.hit_index == hi and c.position == u.position),
        ex.Candidate.of_unit(hi, u, ctx.best.score),
    )
    rest = [c for c in choice.chosen if c is not lead][: ctx.max_sentences - 1]
    return replace(choice, chosen=[lead, *rest], source=lead, sib=None, entry=None)


def _placed_item(ctx: Context, choice: Choice) -> Choice:
    """ "LLM 재료 중 두번째는?", "the last entry of the X list": the item at the asked
    place of the list the question names leads alone; the best unit is whatever line
    repeats the list's name (answer/ordinal_items.py)."""
    placed = _item_alone(ctx, choice, place_item(ctx.q.text, ctx.hits, ctx.passage_units()))
    return choice if placed is choice else replace(placed, placed=placed.source)


def _category_row(ctx: Context, choice: Choice) -> Choice:
    """ "Reward Model 주제는 몇 주차부터야?", "the second RAG paper": the row at the asked
    place among the rows whose category cell is the named value leads alone; the best
    unit may be any row mentioning the value (answer/category_rows.py). Judged as the
    choice before (the rows of one category share the question's words alike)."""
    hits = ctx.hits
    found = category_row(
        ctx.q.text,
        [h.heading for h in hits],
        [(h.location.line_end or 0, h.location.line_start or 0) for h in hits],
        ctx.passage_units(),
    )
    if found is None:
        return choice
    return replace(_item_alone(ctx, choice, Item(*found)), judged=choice.for_refusal())


def _item_number(ctx: Context, choice: Choice) -> Choice:
    """ "LoRA는 몇 번이야?", "What number is QLoRA in the list?": the named item's line led
    by its written number leads alone (answer/item_numbers.py); judged as the choice
    before (the item's own line, whose words the question shares)."""
    found = numbered_item(ctx.q.text, ctx.hits, ctx.passage_units())
    if found is None:
        return choice
    return replace(_item_alone(ctx, choice, found), judged=choice.for_refusal())


def _neighbour_item(ctx: Context, choice: Choice) -> Choice:
    """ "QLoRA 항목 중 Double Quantization 다음 거?", "what comes right after X": the item
    beside the named one in its list leads alone; the best unit is the named item itself,
    the only line sharing the question's words (answer/neighbour_items.py)."""
    found = neighbour_pair(ctx.q.text, ctx.hits, ctx.passage_units())
    if found is None:
        return choice
    named, beside = found
    judged = replace(choice.for_refusal(), anchor=_item_candidate(ctx, named))
    return replace(_item_alone(ctx, choice, beside), judged=judged)


def _series_end(ctx: Context, choice: Choice) -> Choice:
    """ "유튜브 재생목록은 시즌 몇까지 있어?", "the last week of the syllabus": the last
    member of the lead's series leads alone (answer/series_end.py)."""
    lead = choice.source
    if lead.unit is None:
        return choice
    found = series_end(ctx.q.text, ctx.hits, ctx.passage_units(), lead.hit_index, lead.unit)
    return choice if found is None else _item_alone(ctx, choice, Item(*found))


def _item_alone(ctx: Context, choice: Choice, found: Item | None) -> Choice:
    """``found`` (a list's item read off its passage) as the lead, quoted alone."""
    if found is None:
        return choice
    lead = _item_candidate(ctx, found)
    return choice.replaced([lead], lead)


def _fellow_items(ctx: Context, choice: Choice) -> Choice:
    """ "Qwen과 같은 목록에 있는 다른 모델", "the other items in the same list as X": the
    other items of the named one's list, as a list answer (answer/neighbour_items.py)."""
    found = fellow_items(ctx.q.text, ctx.hits, ctx.passage_units())
    if not found:
        return choice
    chosen = [_item_candidate(ctx, it) for it in found[: ex.LIST_ITEMS]]
    return replace(choice.replaced(chosen, chosen[0]), listed=True, judged=choice.for_refusal())


def _filed_entry(ctx: Context, choice: Choice) -> Choice:
    """ "Llama Guard는 어느 섹션에 정리돼있어?": the retrieved entry the question names
    leads alone, when the lead is a line of another note that only mentions it; its
    section is the container (answer/filed_entries.py). Judged as the choice before it:
    an entry's place is no evidence of its own."""
    found = filed_entry(ctx.q.text, choice.source.unit, ctx.passage_units())
    if found is None:
        return choice
    hi, unit = found
    return replace(_item_alone(ctx, choice, Item(hi, unit)), judged=choice.for_refusal())


# The nouns a question asks a list's item by when it asks which one a thing sits under.
_ITEM_NOUNS = frozenset({"항목", "item", "items", "bullet", "불릿"})


def _flat_parent(ctx: Context, choice: Choice) -> Choice:
    """ "Automatic Curriculum은 어떤 방향성 항목 밑에 있어?": the lead, a plain bullet written
    flat after a numbered line, is read with that line closing its heading path, so that
    the container the short answer names (answer/container.py) is the item it hangs
    under, not the section (answer/under_named.py ``flat_parent``). Only for a question
    asking for an item: a section question keeps the section."""
    lead = choice.source
    if lead.unit is None or asks_container(ctx.q.text) not in _ITEM_NOUNS:
        return choice
    passage = ctx.passage_units()[lead.hit_index]
    # The bullet the question names, when the lead is another line of its list.
    names = asked_names(ctx.q.text)
    named = next((u for u in passage if squashed(u.text) in names), None)
    unit = lead.unit if named is None or squashed(lead.unit.text) in names else named
    parent = flat_parent(unit, passage)
    if parent is None:
        return choice
    inner = f"{unit.context} > {parent.text}" if unit.context else parent.text
    read = replace(
        lead if unit is lead.unit else _item_candidate(ctx, Item(lead.hit_index, unit)),
        unit=replace(unit, context=inner),
    )
    if unit is lead.unit:
        chosen = [read if c is lead else c for c in choice.chosen]
        return replace(choice, chosen=chosen, source=read)
    # (Judged as itself: the named bullet writes the question's thing, as the lead did
    # not; its container's refusal reading is ``_container_placed``'s.)
    return choice.replaced([read], read)


def _container_placed(ctx: Context, choice: Choice) -> Choice:
    """ "Under which sub-heading are FLASK and ALCUNA listed?", "LLaVA는 어느 섹션에 있어?":
    when the short answer is the lead's container (answer/container.py), the refusal
    signal reads the choice as placed in its passage (``Choice.placed``): the question's
    words of where ("heading", "section", "항목") are the page's layout, which no passage
    writes, and the names it lists are the section's lines, which its passage holds and
    the one line quoted does not."""
    lead = choice.source
    if (
        choice.placed is not None
        or lead.unit is None
        or container_span(ctx.q.text, lead.unit) is None
    ):
        return choice
    return replace(choice, placed=lead)


def _under_named(ctx: Context, choice: Choice) -> Choice:
    """ "Infra 밑에 달린 bullet 뭐야?": the lines under the named line lead, when the lead
    is that line itself (answer/under_named.py). Judged as the choice before it: the
    named line is what matched the question."""
    lead = choice.source
    if lead.unit is None:
        return choice
    found = children_of(ctx.q.text, lead.unit, ctx.passage_units()[lead.hit_index])
    if not found:
        return choice
    chosen = [_item_candidate(ctx, Item(lead.hit_index, u)) for u in found[: ex.LIST_ITEMS]]
    return replace(choice.replaced(chosen, chosen[0]), judged=choice.for_refusal())


def _item_candidate(ctx: Context, item: Item) -> Candidate:
    """A list's item read off its passage as a candidate: its scored one, or one at the
    best unit's score (never above it: the refusal signal reads the choice, and a
    list's place is no evidence of its own)."""
    hi, u = item.hit_index, item.unit
    return next(
        (
            c
            for c in ctx.scored.cands
            if c.hit_index == hi and c.position == u.position and c.text == u.text
        ),
        ex.Candidate.of_unit(hi, u, ctx.best.score),
    )


Step = Callable[[Context, Choice], Choice]


# In this order: a later step reads what the earlier ones quoted (the entry rule only
# when no sibling or quoted sentence took the short answer from the best unit).
def _items_announced(ctx: Context, choice: Choice) -> Choice:
    """The items a quoted line announces ("주로 다음과 같은 내용을 다룹니다.", "this
    repository covers:"), after it: the line says nothing itself (answer/lead_in.py)."""
    if choice.listed:
        return choice
    chosen = list(choice.chosen)
    for c in choice.chosen:
        items = [i for i in introduced_items(c, ctx.scored.cands, ex.LIST_ITEMS) if i not in chosen]
        if items:
            at = chosen.index(c) + 1
            chosen[at:at] = items
    return choice if len(chosen) == len(choice.chosen) else replace(choice, chosen=chosen)


CHOICE_STEPS: tuple[Step, ...] = (
    _runners_up,
    _prose,
    _sibling,
    _cause,
    _relation,
    _list,
    _items_announced,
    _entry,
    _expansion,
    _gloss,
    _example,
    _placed_item,
    _series_end,
    _category_row,
    _neighbour_item,
    _fellow_items,
    _filed_entry,
    _flat_parent,
    _container_placed,
    _under_named,
    _item_number,
)


def choose(
    q: Asked,
    scored: Scored,
    hits: Sequence[Hit],
    morphs: MemoMorphemes,
    max_sentences: int,
) -> Choice:
    """The units to quote, in passage order, and the one the short answer is cut from."""
    # The top unit yields to the asked version's entry ("Kestrel-MoE" over "Kestrel-MoE 2";
    # answer/entry_versions.py), and an entry's head the question names to its own lines
    # (answer/named_head.py).
    best = written_version(q.text, scored.cands[scored.order[0]], scored.cands)
    best = named_head_line(q.text, q.atype, q.entry_asked, best, scored.cands)
    ctx = Context(q, scored, hits, best, morphs, max_sentences)
    choice = Choice(chosen=[best], source=best)
    for step in CHOICE_STEPS:
        choice = step(ctx, choice)
    return _in_order(choice)


def _in_order(choice: Choice) -> Choice:
    """``choice`` with its units in passage order (and the one its refusal reads)."""
    chosen = sorted(choice.chosen, key=lambda c: (c.hit_index, c.position))
    judged = None if choice.judged is None else _in_order(choice.judged)
    return replace(choice, chosen=chosen, lead=chosen.index(choice.source), judged=judged)
