"""The three checkpoints (ingest, query, answer) and what their policies do.

* **ingest** -- every chunk is checked; its findings become ``flags`` stored with the
  chunk (``pii:rrn``, ``injection:override``); the chunk text is stored as written.
  With ``ingest_pii = redact`` (default) high-risk PII is masked in search snippets;
  ``block`` leaves a chunk out of the index.
* **query** -- the question is checked; ``block`` raises :class:`GuardError`.
* **answer** -- the output is checked; ``redact`` masks high-risk PII in the answer
  and its quotes, ``block`` withholds the answer.

Redaction always works on a copy: nothing here writes to a note or to the index.
"""

from __future__ import annotations

import re
import threading
import urllib.parse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from notelens.config import GuardConfig
from notelens.errors import GuardError
from notelens.guard.base import Category, Checkpoint, Finding, Guard, Policy, dedupe
from notelens.guard.normalize import nfkc_view

if TYPE_CHECKING:
    from notelens.types import Hit

_RANK = {Policy.OFF: 0, Policy.FLAG: 1, Policy.REDACT: 2, Policy.BLOCK: 3}
#: Kinds that hold at least six digits (any script: ``\d`` matches full-width ones) or
#: an at sign; a text with neither cannot contain them.
_NUMBER_KINDS = frozenset(
    {
        "rrn", "arn", "passport", "driver_license", "card", "account", "us_ssn", "iban",
        "phone", "brn", "email",
    }
)  # fmt: skip
_MAYBE_NUMBER = re.compile(r"\d(?:\D{0,3}\d){5}|[@＠]")
#: Keys of response payloads whose values are never note text (file names are shown
#: as they are: a path is how a user finds the note).
STRUCTURAL_KEYS = frozenset(
    {
        "source", "chunk_id", "flags", "kind", "kinds", "mode", "lang", "format",
        "checkpoint", "action", "type", "event", "id", "status", "state", "llm",
        "model", "generator", "analyzer", "embedder", "index_dir", "path", "stage",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class GuardResult:
    """The findings on one text at one checkpoint, and what the policies made of them.

    ``text`` is what may be shown (high-risk PII masked when the PII policy is
    ``redact``); ``original`` is the input, untouched.
    """

    checkpoint: Checkpoint
    original: str
    text: str
    findings: tuple[Finding, ...]
    action: Policy
    blocked: bool

    @property
    def flags(self) -> tuple[str, ...]:
        """Distinct finding kinds, sorted (what is stored per chunk)."""
        return tuple(sorted({f.kind for f in self.findings}))

    @property
    def redacted(self) -> bool:
        return self.text != self.original

    def to_dict(self) -> dict[str, Any]:
        return {
            "checkpoint": self.checkpoint,
            "action": self.action.value,
            "blocked": self.blocked,
            "flags": list(self.flags),
            "findings": [f.to_dict() for f in self.findings],
            "text": self.text,
        }


def mask(text: str, findings: Iterable[Finding], kinds: Iterable[str]) -> str:
    """``text`` with the spans of PII findings of ``kinds`` replaced by ``[redacted:KIND]``."""
    wanted = set(kinds)
    spans = sorted(
        (f.span[0], f.span[1], f.name)
        for f in findings
        if f.category == "pii" and f.name in wanted and f.span[1] > f.span[0]
    )
    out: list[str] = []
    pos = 0
    for start, end, name in spans:
        if start < pos:  # overlapping: the earlier mask already covers it
            if end > pos:
                pos = end
            continue
        out.append(text[pos:start])
        out.append(f"[redacted:{name}]")
        pos = end
    out.append(text[pos:])
    return "".join(out)


class GuardPipeline:
    """Runs the guards with the policies of a :class:`GuardConfig`. Thread-safe.

    Guards load lazily: constructing a pipeline is free, the first check pays for
    ko-pii / presidio / the classifier.
    """

    def __init__(self, config: GuardConfig | None = None, guards: Sequence[Guard] | None = None):
        self.config = (config or GuardConfig()).validate()
        self._guards: list[Guard] | None = list(guards) if guards is not None else None
        self._lock = threading.Lock()
        self._borrow: GuardPipeline | None = None  # shared(): the guards of another

    @property
    def guards(self) -> list[Guard]:
        with self._lock:
            if self._guards is None and self._borrow is not None:
                self._guards = self._borrow.guards
            if self._guards is None:
                from notelens.guard.registry import DEFAULT_GUARDS, create

                self._guards = [create(name, self.config) for name in DEFAULT_GUARDS]
            return self._guards

    def policy(self, checkpoint: Checkpoint, category: Category) -> Policy:
        return Policy(self.config.policy(checkpoint, category))

    def active(self, checkpoint: Checkpoint) -> bool:
        """False when every category is ``off`` at ``checkpoint``."""
        return any(self.policy(checkpoint, c) is not Policy.OFF for c in ("pii", "injection"))

    def scan(
        self, text: str, categories: Iterable[Category] = ("pii", "injection")
    ) -> list[Finding]:
        """Every finding of the guards of ``categories``, no policy applied."""
        wanted = set(categories)
        found: list[Finding] = []
        view = nfkc_view(text) if "pii" in wanted else None
        for g in self.guards:
            if g.category in wanted:
                found += g.check(text)
                if view is not None and g.category == "pii":
                    # Full-width and other compatibility forms: the rules read ASCII.
                    for f in g.check(view.text):
                        start, end = view.span(*f.span)
                        found.append(replace(f, span=(start, end), text=text[start:end]))
        return dedupe(found)

    def check(self, text: str, checkpoint: Checkpoint) -> GuardResult:
        """Apply ``checkpoint``'s policies to ``text``; never raises for a finding."""
        cats: list[Category] = [
            c for c in ("pii", "injection") if self.policy(checkpoint, c) is not Policy.OFF
        ]
        findings = self.scan(text, cats) if cats else []
        action = Policy.OFF
        for f in findings:
            p = self.policy(checkpoint, f.category)
            # Redaction applies to high-risk PII only; other findings are flags.
            if p is Policy.REDACT and not (f.category == "pii" and self._redactable(f)):
                p = Policy.FLAG
            if _RANK[p] > _RANK[action]:
                action = p
        shown = text
        if self.policy(checkpoint, "pii") in (Policy.REDACT, Policy.BLOCK):
            shown = mask(text, findings, self.config.redact_kinds)
        return GuardResult(
            checkpoint=checkpoint,
            original=text,
            text=shown,
            findings=tuple(findings),
            action=action,
            blocked=action is Policy.BLOCK,
        )

    def _redactable(self, f: Finding) -> bool:
        return f.name in self.config.redact_kinds

    # -- the checkpoints --------------------------------------------------------------------

    def chunk(
        self, text: str, extra: Sequence[str] = (), fields: Sequence[str] = ()
    ) -> GuardResult:
        """Ingest checkpoint for one chunk; ``extra`` are texts that travel with it but
        are not in ``text`` (link targets), checked for injection only; ``fields`` are
        the chunk's title and heading, checked for PII only (a number in a heading is
        shown with every hit of the section)."""
        result = self.check(text, "ingest")
        if fields and self.policy("ingest", "pii") is not Policy.OFF:
            more = [f for t in fields if t for f in self.scan(t, ("pii",))]
            if more:
                zero = tuple(
                    replace(f, span=(0, 0), detail=(f.detail + " in heading").strip()) for f in more
                )
                result = replace(result, findings=result.findings + zero)
        if extra and self.policy("ingest", "injection") is not Policy.OFF:
            # Link targets: percent-decoded, path separators as spaces, one scan.
            joined = "\n".join(
                urllib.parse.unquote_plus(t).replace("/", " ") for t in extra if len(t) > 12
            )
            more = self.scan(joined, ("injection",)) if joined else []
            if more:
                findings = result.findings + tuple(
                    Finding(
                        f.kind,
                        f.category,
                        (0, 0),
                        f.score,
                        f.source,
                        f.text,
                        f.high_risk,
                        (f.detail + " in link").strip(),
                    )
                    for f in more
                )
                blocked = result.blocked or self.policy("ingest", "injection") is Policy.BLOCK
                action = (
                    Policy.BLOCK
                    if blocked
                    else max(result.action, Policy.FLAG, key=lambda p: _RANK[p])
                )
                result = GuardResult("ingest", text, result.text, findings, action, blocked)
        return result

    def query(self, text: str) -> GuardResult:
        """Query checkpoint: raises :class:`GuardError` when a ``block`` policy fires."""
        result = self.check(text, "query")
        if result.blocked:
            kinds = ", ".join(result.flags)
            raise GuardError(
                f"the question was blocked by the guard ({kinds})",
                hint="rephrase it, or set NOTELENS_GUARD=default to only flag such questions",
                findings=result.findings,
            )
        return result

    def answer(self, text: str) -> GuardResult:
        """Answer checkpoint: the text to show (PII masked); ``blocked`` means withhold it."""
        return self.check(text, "answer")

    def redact_text(self, text: str) -> str:
        """``text`` with every PII kind of ``redact_kinds`` masked, found by a fresh
        scan (stored flags are not trusted: a heading or a full-width number may have
        none), when the ingest PII policy is ``redact`` or ``block``. The one step every
        field of note text goes through before it is shown (see :meth:`redact_hits`)."""
        if not text or not self.config.redact_kinds:
            return text
        if self.policy("ingest", "pii") not in (Policy.REDACT, Policy.BLOCK):
            return text
        if set(self.config.redact_kinds) <= _NUMBER_KINDS and not _MAYBE_NUMBER.search(text):
            return text  # nothing a redacted kind could match: skip the scan (~1.7 ms)
        return mask(text, self.scan(text, ("pii",)), self.config.redact_kinds)

    def redact_hits(self, hits: Sequence[Hit]) -> list[Hit]:
        """Hits with their text, title and heading through :meth:`redact_text`."""
        out: list[Hit] = []
        for h in hits:
            text, title, heading = (self.redact_text(t) for t in (h.text, h.title, h.heading))
            changed = (text, title, heading) != (h.text, h.title, h.heading)
            out.append(replace(h, text=text, title=title, heading=heading) if changed else h)
        return out

    def shared(self) -> GuardPipeline:
        """This pipeline for surfaces others use (HTTP, MCP): ``shared_redact_kinds``
        masked too. Shares the loaded guards."""
        kinds = tuple(dict.fromkeys(self.config.redact_kinds + self.config.shared_redact_kinds))
        other = GuardPipeline(replace(self.config, redact_kinds=kinds))
        other._borrow = self  # lazily: building it loads nothing
        return other

    def redact_json(self, data: Any) -> Any:
        """A JSON-like payload (an answer, hits, an SSE event) with :meth:`redact_text`
        applied to every string that can carry note text: every value except those of
        :data:`STRUCTURAL_KEYS` (paths, ids, flags, modes)."""
        if isinstance(data, str):
            return self.redact_text(data)
        if isinstance(data, dict):
            return {k: v if k in STRUCTURAL_KEYS else self.redact_json(v) for k, v in data.items()}
        if isinstance(data, list | tuple):
            return [self.redact_json(v) for v in data]
        return data

    def redact_snippet(self, text: str, flags: Sequence[str]) -> str:
        """A search snippet with high-risk PII masked, if its stored ``flags`` say it has
        any and the ingest PII policy is ``redact``; otherwise ``text`` unchanged."""
        if self.policy("ingest", "pii") not in (Policy.REDACT, Policy.BLOCK):
            return text
        kinds = {f.split(":", 1)[1] for f in flags if f.startswith("pii:")}
        if not kinds & set(self.config.redact_kinds):
            return text
        return mask(text, self.scan(text, ("pii",)), self.config.redact_kinds)
