"""English PII through Presidio's pattern recognizers, without an NLP model.

Presidio's ``AnalyzerEngine`` wants a spaCy pipeline, which is a separate download;
its pattern recognizers do not. They are called directly (``nlp_artifacts=None``) and
the context boost Presidio normally derives from lemmas is done here with the
recognizers' own context words in a window before the match. Presidio's e-mail and
phone recognizers are not used: the first resolves domains through ``tldextract``,
which reaches for the network, the second (``phonenumbers``) costs ~30 ms a chunk;
both kinds are matched by rules here. Person names come from an honorific or label
rule (no NER model ships in a PyPI package we can use offline).

High-risk kinds: ``card``, ``us_ssn``, ``iban``, ``passport``, ``account``,
``driver_license``; ``phone``, ``email``, ``person`` are flagged.
"""

# Regex tables read best one pattern per line.
# ruff: noqa: E501

from __future__ import annotations

import logging
import re
import threading
from typing import Any

from notelens.guard.base import Category, Finding

log = logging.getLogger("notelens.guard")

HIGH_RISK = frozenset({"card", "us_ssn", "iban", "passport", "account", "driver_license"})

# Presidio entity -> (our kind, whether a context word must precede it). Bare 9-17
# digit runs are passports or bank numbers only when the text says so.
_ENTITIES: dict[str, tuple[str, bool]] = {
    "CREDIT_CARD": ("card", False),
    "US_SSN": ("us_ssn", False),
    "IBAN_CODE": ("iban", False),
    "US_PASSPORT": ("passport", True),
    "US_BANK_NUMBER": ("account", True),
    "US_DRIVER_LICENSE": ("driver_license", True),
    "US_ITIN": ("us_itin", False),
    "ABA_ROUTING_NUMBER": ("account", True),
}
_MIN_SCORE = 0.5
_LONG_DIGITS = re.compile(r"[0-9](?:[ -]?[0-9]){7,}")
_PHONE_HINT = re.compile(r"[0-9][ .)-]{0,2}[0-9]{3}[ .-][0-9]{4}")
# Part of a longer number (ISBN, dates, version strings): not an identifier.
_GLUED_BEFORE = re.compile(r"[0-9A-Za-z][-./_]$|[0-9A-Za-z]$")
# Presidio's licence context includes "id"/"identification"; a licence needs these.
_LICENSE_CONTEXT = re.compile(r"\b(?:licen[cs]e|driver'?s?|driving|dl)\b")
_GLUED_AFTER = re.compile(r"^[-./][0-9]|^[0-9A-Za-z]")
_CONTEXT_BOOST = 0.55
_CONTEXT_WINDOW = 40

_PHONE = re.compile(
    r"(?<![\w+])(?:\+1[ .-]?)?\(?[2-9][0-9]{2}\)?[ .-][2-9][0-9]{2}[ .-][0-9]{4}(?![0-9])"
    r"|(?<![\w+])\+(?:[1-9][0-9]{0,2})[ .-]?\(?[0-9]{1,4}\)?(?:[ .-]?[0-9]{2,4}){2,4}(?![0-9])"
)
_PHONE_CONTEXT = re.compile(r"(phone|call|tel|mobile|cell|fax|contact|reach|전화|연락|휴대)", re.I)
_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}(?![\w-])"
)
_NAME = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Madam)\.?\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}\b"
    r"|\b(?:[Mm]y name is|[Nn]ame:|[Cc]ontact(?: person)?:|[Pp]atient:|[Ee]mployee:)\s*[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}\b"
)


class EnglishPII:
    """Presidio pattern recognizers (lazy-loaded) plus contact and name rules."""

    name = "pii-en"
    category: Category = "pii"

    def __init__(self, *, use_presidio: bool = True) -> None:
        self._use_presidio = use_presidio
        self._recognizers: list[Any] | None = None
        self._failed = False
        self._lock = threading.Lock()

    def _load(self) -> list[Any]:
        with self._lock:
            if self._recognizers is None and not self._failed:
                try:
                    from presidio_analyzer.predefined_recognizers import (
                        AbaRoutingRecognizer,
                        CreditCardRecognizer,
                        IbanRecognizer,
                        UsBankRecognizer,
                        UsItinRecognizer,
                        UsLicenseRecognizer,
                        UsPassportRecognizer,
                        UsSsnRecognizer,
                    )

                    self._recognizers = [
                        CreditCardRecognizer(),
                        UsSsnRecognizer(),
                        IbanRecognizer(),
                        UsPassportRecognizer(),
                        UsBankRecognizer(),
                        UsLicenseRecognizer(),
                        UsItinRecognizer(),
                        AbaRoutingRecognizer(),
                    ]
                except ImportError:
                    log.info(
                        "presidio-analyzer is not installed: English ID numbers use rules only"
                    )
                    self._failed = True
            return self._recognizers or []

    def check(self, text: str) -> list[Finding]:
        out: list[Finding] = []
        # Every recognizer used needs a run of 8+ digits (SSN, cards, IBAN, bank,
        # passport, routing numbers): years and metrics do not wake presidio up.
        if self._use_presidio and _LONG_DIGITS.search(text):
            out += self._presidio(text)
        if _PHONE_HINT.search(text):
            for m in _PHONE.finditer(text):
                has_ctx = _PHONE_CONTEXT.search(text, max(0, m.start() - 40), m.start()) is not None
                if m.group(0).startswith(("+", "(")) or has_ctx:
                    out.append(_finding("phone", m.start(), m.end(), text, 0.85, "rule:phone-intl"))
        if "@" in text:
            for m in _EMAIL.finditer(text):
                out.append(_finding("email", m.start(), m.end(), text, 0.95, "rule:email"))
        for m in _NAME.finditer(text):
            out.append(_finding("person", m.start(), m.end(), text, 0.6, "rule:name-honorific"))
        return out

    def _presidio(self, text: str) -> list[Finding]:
        out: list[Finding] = []
        lowered = text.lower()
        for rec in self._load():
            try:
                results = rec.analyze(text, entities=rec.supported_entities, nlp_artifacts=None)
            except Exception as exc:  # a recognizer bug must not cost the chunk
                log.warning("presidio %s failed: %s", type(rec).__name__, exc)
                continue
            for r in results:
                kind, needs_context = _ENTITIES.get(r.entity_type, (r.entity_type.lower(), True))
                if _GLUED_BEFORE.search(text[max(0, r.start - 2) : r.start]) or _GLUED_AFTER.search(
                    text[r.end : r.end + 2]
                ):
                    continue
                score = float(r.score)
                before = lowered[max(0, r.start - _CONTEXT_WINDOW) : r.start]
                words = set(re.findall(r"[a-z#]+", before))
                has_context = any(w.lower() in words for w in (rec.context or []))
                if kind == "driver_license":
                    has_context = _LICENSE_CONTEXT.search(before) is not None
                if has_context:
                    score = min(1.0, score + _CONTEXT_BOOST)
                elif needs_context:
                    continue
                if score < _MIN_SCORE:
                    continue
                src = f"presidio:{type(rec).__name__}"
                out.append(_finding(kind, r.start, r.end, text, score, src))
        return out


def _finding(kind: str, start: int, end: int, text: str, score: float, source: str) -> Finding:
    return Finding(
        kind=f"pii:{kind}",
        category="pii",
        span=(start, end),
        score=score,
        source=source,
        text=text[start:end],
        high_risk=kind in HIGH_RISK,
    )
