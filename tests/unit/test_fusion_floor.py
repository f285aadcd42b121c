"""An exhaustive BM25 leg's missing passages score 0 (retrieve/fusion.py ``floored``,
issues #15 / #22, seventeenth round)."""

from __future__ import annotations

import pytest

from notelens.config import FusionConfig
from notelens.retrieve.fusion import ABSENT, floored, zscore_fusion

pytestmark = pytest.mark.unit

# Two passages hold the asked term (a short leg: every match there is); the dense leg
# ranks passages without the term first, the second match far down.
BM25 = [("busy-log", 3.8), ("glossary", 3.4)]
DENSE = [("near-1", 0.85), ("near-2", 0.85), ("near-3", 0.84), ("busy-log", 0.83)] + [
    (f"other-{i}", 0.83 - 0.001 * i) for i in range(20)
]
DENSE.append(("glossary", 0.80))


def _order(bm25: list[tuple[str, float]]) -> list[str]:
    fused = zscore_fusion([bm25, DENSE], FusionConfig().weights_ko)  # (0.7, 0.3)
    return [item for item, _ in fused if item != ABSENT]


def test_the_last_passage_of_a_short_leg_no_longer_counts_as_missing() -> None:
    # as returned: the second match gets the leg's lowest z, the missing passages' own
    before = _order(BM25)
    assert before.index("glossary") > 5
    # with the missing passages' score (0) in the leg, both matches lead
    after = _order(floored(BM25, DENSE, "one"))
    assert after[:2] == ["busy-log", "glossary"]
    assert ABSENT not in after


def test_pool_counts_every_missing_candidate_at_zero() -> None:
    leg = floored(BM25, DENSE, "pool")
    assert leg[:2] == BM25
    assert {item for item, score in leg[2:]} == {i for i, _ in DENSE} - {"busy-log", "glossary"}
    assert all(score == 0.0 for _, score in leg[2:])
    assert _order(leg)[:2] == ["busy-log", "glossary"]


def test_a_long_legs_scale_barely_moves() -> None:
    # a leg of 60 matches: one more point at 0 shifts its z-scores a little, the order of
    # the fused list's head stays that of the legs
    leg = [(f"m{i}", 20.0 - 0.2 * i) for i in range(60)]
    dense = [(f"m{i}", 0.9 - 0.001 * i) for i in range(60)]
    plain = [i for i, _ in zscore_fusion([leg, dense], (0.7, 0.3))]
    with_floor = [i for i, _ in zscore_fusion([floored(leg, dense, "one"), dense], (0.7, 0.3))]
    assert [i for i in with_floor if i != ABSENT][:10] == plain[:10]


def test_off_and_empty_legs_are_unchanged() -> None:
    assert floored(BM25, DENSE, "off") == BM25
    # no term matched anywhere: the leg orders nothing, as before
    assert floored([], DENSE, "one") == []
    assert floored([], DENSE, "pool") == []
    with pytest.raises(ValueError, match="absent floor"):
        floored(BM25, DENSE, "zero")


def test_a_single_match_is_lifted_above_the_rest() -> None:
    # one passage holds the term: as returned its leg has no spread (z = 0 for all);
    # against the missing passages' 0 it stands out
    single = [("only", 4.1)]
    assert _order(single)[0] == "near-1"
    assert _order(floored(single, DENSE, "one"))[0] == "only"


def test_single_floors_a_one_passage_leg_only() -> None:
    # the one passage holding a rare term is lifted, as under "one" ...
    single = [("only", 4.1)]
    assert floored(single, DENSE, "single") == floored(single, DENSE, "one")
    assert _order(floored(single, DENSE, "single"))[0] == "only"
    # ... a leg of two or more is left as returned (its own spread orders it)
    assert floored(BM25, DENSE, "single") == BM25
    assert floored([], DENSE, "single") == []


def test_the_default_is_off() -> None:
    # opt-in: "one" costs a tested follow-up its syllabus row; "single" tied on held-out
    # answers (2 better / 2 unanswerable answered, docs/benchmarks.md)
    assert FusionConfig().absent_floor == "off"


def test_an_unknown_floor_is_a_config_error_before_any_search() -> None:
    # Settings are checked when the engine or searcher is built, as an unknown fusion
    # method is: a clear ConfigError naming the choices, not a ValueError mid-search.
    from notelens.config import RerankConfig
    from notelens.errors import ConfigError
    from notelens.retrieve.searcher import check_retrieval

    with pytest.raises(ConfigError, match="absent_floor 'zero': one of off, one, pool, single"):
        check_retrieval(FusionConfig(absent_floor="zero"), RerankConfig())
    for how in ("off", "one", "pool", "single"):
        check_retrieval(FusionConfig(absent_floor=how), RerankConfig())
