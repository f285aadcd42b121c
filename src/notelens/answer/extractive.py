"""Extractive answers: the sentences of the top passages that answer the question.

No LLM. Every sentence of the top passages is scored against the question:

* **lexical**: IDF-weighted share of the question's content terms (Kiwi morphemes,
  whole Latin terms) that the sentence contains. IDF is computed over the candidate
  sentences themselves, so a term that every sentence shares (the topic) weighs little
  and the term that singles out one sentence weighs a lot;
* **dense**: e5 cosine of the question (query side) and the sentence (passage side);
* **passage prior**: the hybrid rank of the passage the sentence comes from;
* **question type**: who / when / how many / why / how questions (Korean and English)
  prefer sentences that carry a name, a date, a number, a reason or a means;
* **context**: a sentence next to a strong one gets a little of its score (the answer
  often follows the sentence that restates the question).

The best sentence is the answer; further sentences (up to ``max_sentences``) are added
only when they cover question terms the answer does not yet cover and score close to
the best (the smallest set that answers). Sentences are shown in passage order, each
with its ``[n]`` citation.

:func:`evidence_strength` is the refusal signal: how much of the question the best
passage covers, mixed with the question-sentence cosine (docs/benchmarks.md,
"Answers", records the calibration).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from notelens.analysis.base import Analyzer
from notelens.embed.base import Embedder
from notelens.embed.similarity import E5_QUESTION_SCALE
from notelens.types import Hit

# Score weights (measured on KorQuAD/XQuAD subsets, see docs/benchmarks.md "Answers").
W_LEXICAL = 0.50
W_DENSE = 0.30
W_PRIOR = 0.20
W_TYPE = 0.08
W_CONTEXT = 0.15
# Evidence strength is scaled by (1 - NAME_PENALTY * share of question names absent).
NAME_PENALTY = 0.3
# e5 cosines of question and sentence, mapped onto 0..1 (notelens.embed.similarity).
DENSE_LO, DENSE_HI = E5_QUESTION_SCALE.lo, E5_QUESTION_SCALE.hi

_MIN_SENTENCE_CHARS = 8
_MAX_SENTENCE_CHARS = 600

# -- question types ---------------------------------------------------------------------

_QTYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "when",
        re.compile(
            r"\bwhen\b|\bwhat (?:year|date|day|month|century|time)\b|\bwhich (?:year|date)\b"
            r"|언제|몇\s*년|몇\s*월|며칠|몇\s*일|몇\s*주차|연도|날짜|시기",
            re.I,
        ),
    ),
    (
        "count",
        re.compile(
            r"\bhow (?:many|much|long|large|big|old|far|often)\b|\bwhat (?:percentage|number)\b"
            r"|몇|얼마|얼마나|비율|규모",
            re.I,
        ),
    ),
    ("who", re.compile(r"\bwho(?:m|se)?\b|누가|누구|누군|발표자|저자|어떤 사람|인물", re.I)),
    ("why", re.compile(r"\bwhy\b|\bwhat (?:caused|causes)\b|\breason\b|왜|이유|원인", re.I)),
    ("how", re.compile(r"\bhow\b|어떻게|어떤 방법|방법|방식", re.I)),
    ("where", re.compile(r"\bwhere\b|어디|어느 곳|장소", re.I)),
)

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_TYPE_EVIDENCE: dict[str, re.Pattern[str]] = {
    "when": re.compile(
        rf"\b(?:1[0-9]|20)\d{{2}}\b|\d{{1,2}}\s*[월일]|\d+\s*년|세기|주차|\d{{1,2}}/\d{{1,2}}"
        rf"|\b(?:{_MONTHS})\b|\bcentury\b",
        re.I,
    ),
    "count": re.compile(
        r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million"
        r"|billion|dozen|half)\b|하나|둘|셋|넷|다섯|여섯|일곱|여덟|아홉|열|백|천|만|억|배",
        re.I,
    ),
    "who": re.compile(
        r"(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+|[가-힣]{2,4}\s*(?:교수|박사|씨|님|연구원|감독|선수|대표)"
        r"|[가-힣]{3}(?=[:(,]|\s*$)|:\s*[가-힣]{2,4}"
    ),
    "why": re.compile(
        r"때문|위해|위하여|위한|덕분|따라서|그래서|because|since|due to|so that|in order to"
        r"|as a result|led to|caused",
        re.I,
    ),
    "how": re.compile(r"으로|로써|통해|이용|사용|\bby\b|\busing\b|\bthrough\b|\bvia\b", re.I),
    "where": re.compile(r"에서|\bin\b|\bat\b|위치|지역|도시|나라", re.I),
}


def question_type(question: str) -> str:
    """``when``, ``count``, ``who``, ``why``, ``how``, ``where`` or ``what``."""
    for name, pattern in _QTYPES:
        if pattern.search(question):
            return name
    return "what"


# -- candidates -------------------------------------------------------------------------

_BULLET_RE = re.compile(r"^\s*(?:[-*+•]\s+|#{1,6}\s+|>\s*|\d{1,3}[.)]\s+)")


def clean_sentence(text: str) -> str:
    """A sentence as shown in an answer: one line, without a leading bullet or ``#``."""
    return " ".join(_BULLET_RE.sub("", text).split())


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence of one evidence passage, with its scores."""

    hit_index: int
    position: int
    text: str
    terms: frozenset[str]
    lexical: float
    dense: float
    score: float


@dataclass(frozen=True, slots=True)
class Extraction:
    """What :func:`extract` chose, and the signals the refusal decision uses."""

    sentences: tuple[Candidate, ...]
    qtype: str
    strength: float
    coverage: float
    dense: float


_dense_scaled = E5_QUESTION_SCALE


_TABLE_SEP_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _split(hits: Sequence[Hit]) -> list[tuple[int, int, str, str]]:
    """``(hit index, position, sentence, context)`` for every candidate sentence.

    Markdown tables: the separator and header rows are not candidates, but the header
    is the *context* of every row (matched with it, not shown), so "who presented"
    finds the row whose 발표자 column holds the name.
    """
    from notelens.analysis.sentences import split_sentences

    out: list[tuple[int, int, str, str]] = []
    for hi, hit in enumerate(hits):
        parts = split_sentences(hit.text)
        header = ""
        for pos, raw in enumerate(parts):
            if _TABLE_SEP_RE.match(raw):
                continue
            if pos + 1 < len(parts) and _TABLE_SEP_RE.match(parts[pos + 1]):
                header = raw
                continue
            is_row = raw.lstrip().startswith("|")
            if not is_row:
                header = ""
            text = clean_sentence(raw)
            if len(text) < _MIN_SENTENCE_CHARS:
                continue
            out.append((hi, pos, text[:_MAX_SENTENCE_CHARS], header if is_row else ""))
    return out


def _idf(term_sets: Sequence[frozenset[str]]) -> dict[str, float]:
    n = len(term_sets)
    df: dict[str, int] = {}
    for terms in term_sets:
        for t in terms:
            df[t] = df.get(t, 0) + 1
    return {t: math.log(1.0 + (n + 1) / (d + 0.5)) for t, d in df.items()}


def _missing_names(question: str, hits: Sequence[Hit]) -> float:
    """Share of the question's Latin names that none of ``hits`` contains (0 if none)."""
    from notelens.answer.grounding import latin_names

    names = latin_names(question)
    if not names:
        return 0.0
    text = " ".join(h.text for h in hits).lower()
    absent = [n for n in names if not re.search(rf"(?<![a-z0-9]){re.escape(n)}(?![a-z0-9])", text)]
    return len(absent) / len(names)


def evidence_strength(coverage: float, dense: float) -> float:
    """The refusal signal in 0..1: question coverage of the best passage and cosine."""
    return 0.6 * coverage + 0.4 * dense


def extract(
    question: str,
    hits: Sequence[Hit],
    *,
    analyzer: Analyzer,
    embedder: Embedder | None,
    max_sentences: int = 3,
) -> Extraction:
    """Choose the answer sentences for ``question`` from ``hits`` (best first in ``hits``)."""
    qtype = question_type(question)
    q_terms = list(dict.fromkeys(analyzer.terms(question)))
    raw = _split(hits)
    if not raw:
        return Extraction((), qtype, 0.0, 0.0, 0.0)
    texts = [t for _, _, t, _ in raw]
    term_sets = [
        frozenset(ts) for ts in analyzer.terms_batch([f"{c} {t}" if c else t for _, _, t, c in raw])
    ]
    passage_terms = [frozenset(ts) for ts in analyzer.terms_batch([h.text for h in hits])]
    idf = _idf(term_sets)
    max_idf = math.log(1.0 + (len(texts) + 1) / 0.5)
    # A question term absent from every candidate gets the largest weight: missing it
    # is what makes evidence weak.
    q_weights = {t: idf.get(t, max_idf) for t in q_terms}
    q_total = sum(q_weights.values()) or 1.0

    if embedder is not None:
        qv = np.asarray(embedder.embed_queries([question])[0], dtype=np.float32)
        sv = np.asarray(embedder.embed_passages(texts), dtype=np.float32)
        cos = sv @ qv
    else:
        cos = np.full(len(texts), DENSE_LO, dtype=np.float32)

    evidence_re = _TYPE_EVIDENCE.get(qtype)
    q_set = set(q_terms)
    base: list[float] = []
    lex: list[float] = []
    for i, (hi, _, text, _) in enumerate(raw):
        terms = term_sets[i]
        lexical = sum(w for t, w in q_weights.items() if t in terms) / q_total
        dense = _dense_scaled(float(cos[i]))
        prior = 1.0 / (1.0 + 0.5 * hi)
        type_ok = 1.0 if evidence_re is not None and evidence_re.search(text) else 0.0
        # A sentence that only repeats the question adds nothing.
        novel = 1.0 if terms - q_set else 0.0
        s = W_LEXICAL * lexical + W_DENSE * dense + W_PRIOR * prior + W_TYPE * type_ok
        base.append(s * (0.5 + 0.5 * novel))
        lex.append(lexical)
    scores = list(base)
    for i, (hi, pos, _, _) in enumerate(raw):
        # Neighbours in the same passage lend a share of their score.
        for j in (i - 1, i + 1):
            if 0 <= j < len(raw) and raw[j][0] == hi and abs(raw[j][1] - pos) == 1:
                scores[i] += W_CONTEXT * max(0.0, base[j] - base[i])
    cands = [
        Candidate(hi, pos, text, term_sets[i], lex[i], _dense_scaled(float(cos[i])), scores[i])
        for i, (hi, pos, text, _) in enumerate(raw)
    ]
    order = sorted(range(len(cands)), key=lambda i: -cands[i].score)
    best = cands[order[0]]
    chosen = [best]
    covered = {t for t in q_terms if t in best.terms}
    for i in order[1:]:
        if len(chosen) >= max_sentences:
            break
        c = cands[i]
        if c.score < 0.85 * best.score:
            break
        gain = sum(q_weights[t] for t in q_terms if t in c.terms and t not in covered)
        if gain / q_total >= 0.2:
            chosen.append(c)
            covered |= {t for t in q_terms if t in c.terms}
    chosen.sort(key=lambda c: (c.hit_index, c.position))

    # Refusal signals: coverage of the question by the best passage, and the best
    # question-sentence cosine among the top passages.
    coverage = max(
        (sum(w for t, w in q_weights.items() if t in pt) / q_total for pt in passage_terms),
        default=0.0,
    )
    dense_best = _dense_scaled(float(np.max(cos)))
    # Names in the question (Mamba, FAISS, GPT-4) that no top passage mentions are the
    # clearest sign that the notes are about something else.
    missing = _missing_names(question, hits)
    return Extraction(
        sentences=tuple(chosen),
        qtype=qtype,
        strength=evidence_strength(coverage, dense_best) * (1.0 - NAME_PENALTY * missing),
        coverage=coverage,
        dense=dense_best,
    )
