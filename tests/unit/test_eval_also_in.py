"""The eval scores a folded hit (``also_in``) by its most relevant copy: the search shows
every source of a duplicated passage, so a judged copy folded under an unjudged one is
the gold passage shown, not a miss. Korean, English and mixed passages."""

from __future__ import annotations

from dataclasses import replace

import pytest
from test_dedupe import EN, KO

from note_hits import note_hit
from notelens.evaluate.metrics import recall_at_k
from notelens.evaluate.runner import NotesMatcher, _dedupe, hit_unit
from notelens.retrieve.dedupe import collapse
from notelens.types import Hit

pytestmark = pytest.mark.unit

OTHER = "DPO는 reward model 없이 선호 쌍에서 바로 정책을 학습한다: RLHF의 PPO 단계를 대신한다."


def _hit(i: int, text: str, source: str) -> Hit:
    """The i-th (from 1) hit of a list, from ``source``."""
    return replace(note_hit(i - 1, text, "H"), source=source)


@pytest.mark.parametrize("text", [KO, EN], ids=["ko-mixed", "en"])
def test_a_judged_copy_folded_under_another_counts(text: str) -> None:
    # The unjudged copy ranks first; the judged one (a word edited) is folded under it.
    edited = text.replace("groups;", "groups ;").replace("학습한다.", "학습한다 .")
    hits = collapse(
        [_hit(1, text, "/n/copy/a.md"), _hit(2, OTHER, "/n/dpo.md"), _hit(3, edited, "/n/b.md")]
    )
    assert len(hits) == 2 and [a.source for a in hits[0].also_in] == ["/n/b.md"]
    matcher = NotesMatcher(["n/b.md"])
    qrels = {"rel:0": 1}

    def unit_of(qid: str, hit: Hit) -> str:
        return matcher.unit(hit.source, hit.text, hit.chunk_id)

    run = _dedupe([hit_unit("q", h, unit_of, qrels) for h in hits])
    assert run == ["rel:0", "note:/n/dpo.md"]
    assert recall_at_k(run, qrels, 1) == 1.0
    # Without the fold the first hit is the unjudged copy: a miss at 1.
    assert unit_of("q", hits[0]) == "note:/n/copy/a.md"


def test_a_hit_keeps_its_own_unit_when_no_copy_is_more_relevant() -> None:
    hits = collapse([_hit(1, KO, "/n/b.md"), _hit(2, KO, "/n/copy/a.md")])
    matcher = NotesMatcher(["n/b.md"])

    def unit_of(qid: str, hit: Hit) -> str:
        return matcher.unit(hit.source, hit.text, hit.chunk_id)

    assert hit_unit("q", hits[0], unit_of, {"rel:0": 1}) == "rel:0"
    # Nothing judged: the hit is its own source's unit, never a copy's.
    assert hit_unit("q", hits[0], unit_of, {}) == "rel:0"
    other = collapse([_hit(1, OTHER, "/n/dpo.md")])[0]
    assert hit_unit("q", other, unit_of, {"rel:0": 1}) == "note:/n/dpo.md"
