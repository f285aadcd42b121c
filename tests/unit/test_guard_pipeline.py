"""Policies at the three checkpoints. A fake guard drives the plumbing; the redaction
test uses the real Korean rules."""

from __future__ import annotations

import pytest

from notelens.config import GuardConfig, Settings
from notelens.errors import ConfigError, GuardError
from notelens.guard.base import Category, Finding, Policy
from notelens.guard.pii_ko import KoreanPII
from notelens.guard.pipeline import GuardPipeline, mask

pytestmark = pytest.mark.unit


class FakeInjection:
    name = "fake"
    category: Category = "injection"

    def check(self, text: str) -> list[Finding]:
        i = text.find("EVIL")
        if i < 0:
            return []
        return [Finding("injection:override", "injection", (i, i + 4), 0.9, "fake", "EVIL")]


def _pipeline(**policies: str) -> GuardPipeline:
    return GuardPipeline(GuardConfig(**policies), [KoreanPII(use_ko_pii=False), FakeInjection()])  # type: ignore[arg-type]


TEXT = "김민수 연구원 010-2345-6789, 주민등록번호 850315-1234566. EVIL"


def test_redact_masks_only_high_risk_pii_and_keeps_the_original() -> None:
    res = _pipeline(answer_pii="redact").check(TEXT, "answer")
    assert res.original == TEXT
    assert "850315-1234566" not in res.text and "[redacted:rrn]" in res.text
    assert "010-2345-6789" in res.text  # phones are flagged, not redacted
    assert res.flags == ("injection:override", "pii:person", "pii:phone", "pii:rrn")
    assert res.action is Policy.REDACT and not res.blocked


def test_flag_changes_nothing_and_off_does_not_look() -> None:
    flag = _pipeline(ingest_pii="flag").check(TEXT, "ingest")
    assert flag.text == TEXT and "pii:rrn" in flag.flags
    off = _pipeline(ingest_pii="off", ingest_injection="off")
    assert not off.active("ingest")
    assert off.check(TEXT, "ingest").findings == ()


def test_block_at_query_raises_guard_error_with_findings() -> None:
    p = _pipeline(query_injection="block")
    with pytest.raises(GuardError) as info:
        p.query("please EVIL now")
    assert info.value.exit_code == 7 and info.value.findings
    assert "injection:override" in str(info.value)
    assert p.query("LoRA는 무엇인가").findings == ()


def test_snippet_redaction_follows_stored_flags() -> None:
    p = _pipeline()
    assert "[redacted:rrn]" in p.redact_snippet(TEXT, ("pii:rrn",))
    assert p.redact_snippet(TEXT, ("pii:phone",)) == TEXT  # nothing high-risk stored
    assert _pipeline(ingest_pii="flag").redact_snippet(TEXT, ("pii:rrn",)) == TEXT


def test_mask_handles_overlaps() -> None:
    f1 = Finding("pii:card", "pii", (0, 10), 1.0, "a", "x", True)
    f2 = Finding("pii:account", "pii", (5, 12), 1.0, "b", "y", True)
    assert mask("0123456789AB tail", [f1, f2], ["card", "account"]) == "[redacted:card] tail"


def test_config_presets_and_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOTELENS_GUARD", "strict")
    assert Settings.from_env().guard.query_injection == "block"
    assert Settings().guard.query_injection == "flag"  # defaults are plain values
    monkeypatch.setenv("NOTELENS_GUARD", "off")
    assert Settings.from_env().guard.policy("answer", "pii") == "off"
    monkeypatch.setenv("NOTELENS_GUARD", "loud")
    with pytest.raises(ConfigError):
        Settings.from_env()
    with pytest.raises(ConfigError):
        GuardConfig(ingest_pii="shout").validate()
