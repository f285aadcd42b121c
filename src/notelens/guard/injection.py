"""Prompt injection and jailbreak detection, in questions and in notes, ko/en: the
matcher. The rules themselves are data in :mod:`notelens.guard.injection_rules`.

Two detectors, combined:

* **Rules** (Korean and English) over every de-obfuscated view of the text
  (:mod:`notelens.guard.normalize`): overriding instructions, extracting the system
  prompt, role-play jailbreaks, text addressed to an AI reading the note,
  exfiltration. Each rule has a weight; hits in one sentence combine as
  ``1 - prod(1 - w)``.
* **A classifier** that ships with its weights: SecureVector Guardian (TF-IDF +
  logistic regression, pure Python, English). It is run only on sentences that a
  cheap cue pattern marks as instruction-like, which keeps ingest under budget.

Research notes *discuss* attacks all the time. A match that is quoted, introduced as
an example (``e.g.``, ``such as``, ``예:``, ``~라는``) or sits in a sentence about
attacks (paper, defense, 공격 기법, 논문) is discounted; the same words in a hidden
channel (HTML comment, link target, base64) are not, because nobody hides a
citation.
"""

# Regex tables read best one pattern per line.

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from typing import Any

from notelens.guard.base import Category, Finding
from notelens.guard.injection_rules import (
    DESCRIPTIVE,
    DISCUSS_EN,
    DISCUSS_KO,
    INTRO,
    MODEL_CUE,
    QUOTE_AFTER,
    RULE_CUES,
    RULE_SPECS,
    SENTENCE_CUES,
    WORD_CUES,
)
from notelens.guard.normalize import View, views

log = logging.getLogger("notelens.guard")

_I = re.IGNORECASE


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    kind: str  # override | exfiltrate-prompt | jailbreak | addressed | exfiltrate-data | ...
    weight: float
    pattern: re.Pattern[str]
    imperative: bool = False  # addressed to the model: not discounted as discussion


# "Anything but the end of a sentence": a period followed by a letter (".env",
# "evil.example") does not end one.
_G = r"(?:[^.\n]|\.(?=\w))"


def _r(rid: str, kind: str, weight: float, pattern: str, imperative: bool = False) -> Rule:
    # Views are lower-cased already; compiling without IGNORECASE makes matching ~2x
    # faster. Upper-case literals are lowered (escapes such as \S are left alone).
    pattern = re.sub(r"(?<!\\)[A-Z]", lambda m: m.group(0).lower(), pattern)
    return Rule(rid, kind, weight, re.compile(pattern.replace(r"[^.\n]", _G)), imperative)


RULES: tuple[Rule, ...] = tuple(
    _r(spec.id, spec.kind, spec.weight, spec.pattern, spec.imperative) for spec in RULE_SPECS
)
# Literal fragments each rule cannot match without (checked with ``in`` before the
# regex runs: most sentences that pass the sentence cue still fail these).
_RULE_CUES = RULE_CUES
# Korean rules need Hangul in the sentence, English rules Latin letters.
_RULES_EN = tuple(r for r in RULES if r.id.startswith("en."))
_RULES_KO = tuple(r for r in RULES if r.id.startswith("ko."))
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LATIN = re.compile(r"[a-z]{2}")

_CUES = SENTENCE_CUES
_CUE_RE = re.compile(WORD_CUES)


def _has_cue(text: str) -> bool:
    # map over the bound method: the same `in` tests without a generator frame per cue
    return any(map(text.__contains__, _CUES)) or _CUE_RE.search(text) is not None


_MODEL_CUE = re.compile(MODEL_CUE, re.I)
_DISCUSS_EN = re.compile(DISCUSS_EN)
_DISCUSS_KO = re.compile(DISCUSS_KO)
_INTRO = re.compile(INTRO)
_QUOTE_AFTER = re.compile(QUOTE_AFTER)
_DESCRIPTIVE = re.compile(DESCRIPTIVE)
# Sentences for the classifier: PDF text breaks lines inside sentences, so only a
# sentence end or a blank line separates them.
_ABBREV = (
    r"|(?<=\be\.g)\.|(?<=\bi\.e)\.|(?<=\bal)\.|(?<=\bvs)\.|(?<=\bcf)\.|(?<=\bfig)\."
    r"|(?<=\bno)\.|(?<=\bdr)\.|(?<=\bmr)\.|(?<=\bms)\.|(?<=\bE\.g)\.|(?<=\bFig)\."
)
_PROSE_SENT = re.compile(r"(?:[^.!?。\n]|\n(?!\s*\n)|[.!?](?=\S)" + _ABBREV + r")+[.!?。]*")
_QUOTED = re.compile(r"`[^`]*`|\"[^\"]*\"|“[^”]*”|「[^」]*」")
_DOMAIN = re.compile(r"https?://\S+|\b[\w-]+(?:\.[\w-]+)+\b")
# Sentences: a period ends one only before whitespace and not after an abbreviation.
_SENT = re.compile(
    r"(?:[^.!?。\n]|[.!?](?=[^\s.!?])|(?<=\be\.g)\.|(?<=\bi\.e)\.|(?<=\bal)\.|(?<=\bvs)\."
    r"|(?<=\bcf)\.|(?<=\bfig)\.|(?<=\bno)\.|(?<=\bdr)\.|(?<=\bmr)\.|(?<=\bms)\.)+[.!?。]*"
)


class InjectionGuard:
    """Rules over de-obfuscated views, plus the Guardian classifier on cued sentences."""

    name = "injection"
    category: Category = "injection"

    def __init__(
        self,
        *,
        threshold: float = 0.5,
        use_model: bool = True,
        model_threshold: float = 0.9,
    ) -> None:
        self.threshold = threshold
        self.use_model = use_model
        self.model_threshold = model_threshold
        self._model: Any = None
        self._model_failed = False
        self._lock = threading.Lock()

    # -- model ----------------------------------------------------------------------------

    def _load_model(self) -> Any:
        with self._lock:
            if self._model is None and not self._model_failed:
                try:
                    from svguardian import resolve_runtime  # type: ignore[import-untyped,unused-ignore]
                    from svguardian.model.pure_infer import (  # type: ignore[import-untyped,unused-ignore]
                        PureGuardian,
                    )

                    # download=False: the weights ship inside the wheel; never fetch.
                    self._model = PureGuardian.load(resolve_runtime(download=False))
                except (ImportError, OSError, ValueError, RuntimeError) as exc:
                    log.info("injection classifier unavailable (%s); rules only", exc)
                    self._model_failed = True
            return self._model

    def model_score(self, text: str) -> tuple[float, str | None]:
        """(malicious probability, top attack class) from the classifier, (0, None) without it."""
        model = self._load_model() if self.use_model else None
        if model is None:
            return 0.0, None
        pred = model.predict(text)
        return float(pred["malicious_score"]), pred.get("category") or (
            pred["top3"][1][0] if len(pred.get("top3", ())) > 1 else None
        )

    # -- check ----------------------------------------------------------------------------

    def check(self, text: str) -> list[Finding]:
        if not text.strip():
            return []
        findings: list[Finding] = []
        for view in views(text):
            findings += self._rules(text, view)
        if self.use_model:
            findings += self._classify(text, findings)
        return findings

    def _rules(self, original: str, view: View) -> list[Finding]:
        vt = view.text
        out: list[Finding] = []
        # Group hits by sentence of the view so that weights combine within a sentence.
        sentences = [(m.start(), m.end()) for m in _SENT.finditer(vt)] or [(0, len(vt))]
        hits: dict[int, list[tuple[Rule, re.Match[str]]]] = {}
        # Rules run only on sentences with a cue: most sentences of a note have none,
        # and the rules are the expensive part of the guard.
        for idx, (s, e) in enumerate(sentences):
            if not _has_cue(vt[s:e]):
                continue
            rules: tuple[Rule, ...] = _RULES_EN if _LATIN.search(vt, s, e) else ()
            if _HANGUL.search(vt, s, e):
                rules = RULES if rules else _RULES_KO
            sentence = vt[s:e]
            for rule in rules:
                cues = _RULE_CUES.get(rule.id, ())
                if cues and not any(map(sentence.__contains__, cues)):
                    continue
                for m in rule.pattern.finditer(vt, s, e):
                    hits.setdefault(idx, []).append((rule, m))
        for idx, items in hits.items():
            s, e = sentences[idx]
            # Domains and URLs say nothing about intent ("evil.example" is no example).
            sentence = _DOMAIN.sub(" ", vt[s:e])
            discussed = _DISCUSS_EN.search(sentence) is not None or _DISCUSS_KO.search(sentence)
            imperative = any(r.imperative for r, _ in items)
            miss = 1.0
            best_rule, best_m = items[0]
            seen: set[str] = set()
            for rule, m in items:
                if rule.id in seen:  # a rule counts once per sentence
                    continue
                seen.add(rule.id)
                w = rule.weight
                if not view.hidden:
                    quoted = (
                        _INTRO.search(vt[max(0, m.start() - 16) : m.start()]) is not None
                        or (
                            _QUOTE_AFTER.search(vt[m.end() : m.end() + 12]) is not None
                            and _quote_before(vt, m.start())
                        )
                        or _inside_quotes(vt[s : m.start()])
                    )
                    if quoted:
                        w *= 0.3
                    elif discussed and not imperative:
                        w *= 0.5
                    elif rule.kind == "override" and _DESCRIPTIVE.search(
                        vt[max(0, m.start() - 40) : m.start()]
                    ):
                        # "they ignore the instructions", "it can easily bypass ...":
                        # a description, not an order.
                        w *= 0.4
                else:
                    w = min(1.0, w + 0.15)
                miss *= 1.0 - w
                if rule.weight > best_rule.weight:
                    best_rule, best_m = rule, m
            score = 1.0 - miss
            if score < self.threshold:
                continue
            start, end = view.span(best_m.start(), best_m.end())
            rule_ids = sorted({r.id for r, _ in items})
            out.append(
                Finding(
                    kind=f"injection:{best_rule.kind}",
                    category="injection",
                    span=(start, end),
                    score=round(score, 4),
                    source="rule:" + "+".join(rule_ids),
                    text=original[start:end][:200],
                    detail=f"view={view.how}" + (" (hidden)" if view.hidden else ""),
                )
            )
        return out

    def _classify(self, text: str, found: list[Finding]) -> list[Finding]:
        """Run the classifier on instruction-like English sentences not already flagged."""
        if not _MODEL_CUE.search(text):
            return []
        out: list[Finding] = []
        for m in _PROSE_SENT.finditer(text):
            sent = " ".join(m.group(0).split())
            # Cue words only inside quotes or inline code are a citation, not an order.
            if len(sent.split()) < 4 or not _MODEL_CUE.search(_QUOTED.sub(" ", sent)):
                continue
            start, end = m.start(), m.end()
            if any(f.span[0] < end and start < f.span[1] for f in found):
                continue
            low = sent.lower()
            if _DISCUSS_EN.search(low) or _DISCUSS_KO.search(sent):
                continue
            # The classifier is English-only: Korean sentences with an English term
            # ("Instruction tuning은 ...") are not its input.
            letters = sum(1 for ch in sent if ch.isalpha())
            latin = sum(1 for ch in sent if "a" <= ch.lower() <= "z")
            if letters == 0 or latin / letters < 0.8:
                continue
            score, cls = self.model_score(sent)
            if score >= self.model_threshold:
                out.append(
                    Finding(
                        kind=f"injection:{_model_kind(cls)}",
                        category="injection",
                        span=(start, end),
                        score=round(score, 4),
                        source="model:securevector-guardian",
                        text=sent[:200],
                        detail=f"class={cls}",
                    )
                )
        return out


def _inside_quotes(before: str) -> bool:
    """True when a sentence prefix leaves a quote or inline-code span open."""
    return (
        before.count("`") % 2 == 1
        or before.count('"') % 2 == 1
        or before.count("“") > before.count("”")
        or before.count("「") > before.count("」")
    )


def _quote_before(text: str, pos: int) -> bool:
    window = text[max(0, pos - 3) : pos]
    return any(q in window for q in "\"'“‘「『`")


def _model_kind(cls: str | None) -> str:
    return {
        "prompt_injection": "override",
        "jailbreak": "jailbreak",
        "data_exfiltration": "exfiltrate-data",
    }.get(cls or "", "model")
