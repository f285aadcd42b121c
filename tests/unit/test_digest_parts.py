"""The digest's small parts: periods, titles and links of entries, ledger merging."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from notelens.curate.digest import parse_when, title_and_url
from notelens.curate.entries import Entry, normalize_url
from notelens.curate.ledger import LedgerLine, merge
from notelens.errors import ConfigError
from notelens.store.testing import rec
from notelens.types import Link, Location

pytestmark = pytest.mark.unit

NOW = datetime(2026, 12, 4, 21, 0, tzinfo=UTC)


def test_periods() -> None:
    assert parse_when("7d", NOW) == datetime(2026, 11, 27, 21, 0, tzinfo=UTC)
    assert parse_when("2w", NOW) == datetime(2026, 11, 20, 21, 0, tzinfo=UTC)
    assert parse_when("24h", NOW) == datetime(2026, 12, 3, 21, 0, tzinfo=UTC)
    assert parse_when("2026-11-01", NOW) == datetime(2026, 11, 1, tzinfo=UTC)
    end = parse_when("2026-11-01", NOW, end=True)
    assert (end.date().isoformat(), end.hour) == ("2026-11-01", 23)
    assert parse_when("2026-11-01T09:00:00+09:00", NOW) == datetime(2026, 11, 1, 0, tzinfo=UTC)
    with pytest.raises(ConfigError, match="cannot read"):
        parse_when("지난주", NOW)


def _entry(text: str, link: str | None) -> Entry:
    return Entry("c1", "/n/a.md", "H", Location(line_start=1), text, link)


def test_titles_and_links() -> None:
    md = _entry(
        "- 📜 [Meta] [Multi-token Prediction](https://arxiv.org/abs/2404.19737) (2024)", None
    )
    assert title_and_url(md, ()) == ("Multi-token Prediction", "https://arxiv.org/abs/2404.19737")
    bare = _entry("- LoRA (Hu et al., 2021): https://arxiv.org/abs/2106.09685", "arxiv:2106.09685")
    assert title_and_url(bare, ()) == ("LoRA (Hu et al., 2021)", "https://arxiv.org/abs/2106.09685")
    # the stored chunk keeps a link's text, not its target: the chunk's links give it
    url = "https://arxiv.org/abs/2405.00332"
    stored = _entry("- GSM1k 논문 정리\n    - 오염 측정", normalize_url(url))
    links = (Link(text=url, url=url), Link(text="GSM1k 논문 정리", url=url))
    assert title_and_url(stored, links) == ("GSM1k 논문 정리", url)
    assert title_and_url(_entry("- 링크 없는 메모 한 줄", None), ()) == (
        "링크 없는 메모 한 줄",
        None,
    )


def test_ledger_merge_keeps_history_of_unchanged_entries() -> None:
    one = "- [A](https://a.org/x)\n    - 첫 번째 요약"
    two = "- [B](https://b.org/y)\n    - second summary"
    first = rec("/n/a.md", 0, "", vec=0)
    from dataclasses import replace

    base = replace(first, text=one + "\n" + two, file_mtime_ns=1_700_000_000 * 10**9)
    lines = merge([], [base], set())
    assert len(lines) == 2 and {ln.first_seen for ln in lines} == {"2023-11-14T22:13:20+00:00"}
    later = replace(
        base,
        text=one + "\n" + two.replace("second", "2nd") + "\n- [C](https://c.org)",
        file_mtime_ns=1_800_000_000 * 10**9,
    )
    after = {ln.key: ln for ln in merge(lines, [later], {"/n/a.md"})}
    a, b, c = after["link:a.org/x"], after["link:b.org/y"], after["link:c.org"]
    assert a == next(ln for ln in lines if ln.key == "link:a.org/x")  # untouched
    assert b.first_seen < b.last_changed  # changed, first seen kept
    assert c.first_seen == c.last_changed == "2027-01-15T08:00:00+00:00"  # added
    assert merge(lines, [], {"/n/a.md"}) == []  # a removed file's entries go
    assert isinstance(a, LedgerLine)
