"""Citation verification: does a passage support an answer sentence?

One function shared by every answer mode (extractive and LLM) and by
``notelens guard ground``. Public, stable API:

* :func:`support` scores one sentence against one passage;
* :func:`ground` splits an answer into sentences, reads their ``[n]`` citations
  (``[n]`` refers to ``evidence[n-1]``), and checks each sentence against the passages
  it cites; a sentence without a citation is checked against every passage and takes
  the best one.

A sentence is *supported* when all of these hold:

* **numbers match**: every number in the sentence (``3``, ``1,000`` = ``1000``,
  ``3.25``) occurs in the passage;
* **names match**: every Latin name in the sentence (``LoRA``, ``GPT-4``, ``DPO``,
  ``Llama-2-7B``: words with two capitals or letters and digits, or capitalised words
  that do not start the sentence) occurs in the passage, case-insensitively, and so
  does every Korean proper noun Kiwi tags ``NNP`` (박지훈 -> 지훈, 윤서연, 고려대);
* **score** >= ``threshold`` (0.5 by default). The score mixes *lexical* support (the
  share of the sentence's content terms, from the Kiwi analyzer: Korean content
  morphemes and whole Latin terms, that the passage contains) with *dense* support
  (e5 cosine of sentence and passage, rescaled to 0..1): ``0.7 * lexical + 0.3 *
  dense`` with an embedder, ``lexical`` without one. A sentence copied verbatim from
  the passage has lexical support 1.

A sentence that **restates the question or repeats** itself or another answer sentence
supports nothing, whatever its score (:mod:`notelens.answer.echo`; :func:`ground` checks
this when given the question). Every unsupported verdict says why in ``reason``.

Korean names need Kiwi's tags: with another analyzer they count only through lexical
support. Known blind spot: a sentence that reuses the passage's words with the
opposite meaning ("averages" for "takes the maximum") can still pass.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from notelens.analysis.base import Analyzer, ProperNounTagger
from notelens.analysis.dates import MONTH_NAMES
from notelens.analysis.lang import has_hangul, is_hangul_word
from notelens.analysis.lexicon import LANGUAGE_NAMES
from notelens.analysis.stopwords import EN_STOPWORDS
from notelens.embed.base import Embedder
from notelens.embed.similarity import E5_SUPPORT_SCALE

__all__ = [
    "DEFAULT_THRESHOLD",
    "SentenceSupport",
    "SupportScore",
    "answer_sentences",
    "ground",
    "strip_citations",
    "support",
]

#: Default minimum score of a supported sentence.
DEFAULT_THRESHOLD = 0.5
# Weight of lexical support in the score when an embedder is given.
_LEXICAL_WEIGHT = 0.7
# e5 cosines of sentence and passage, mapped onto 0..1 (notelens.embed.similarity).
_dense_scaled = E5_SUPPORT_SCALE

_CITE_RE = re.compile(r"\[\s*(\d{1,3}(?:\s*[,;，]\s*\d{1,3})*)\s*\]")
_CITES_ONLY_RE = re.compile(r"^(?:\s*\[\s*\d{1,3}(?:\s*[,;，]\s*\d{1,3})*\s*\])+\s*[.。]?\s*$")
_LEADING_CITES_RE = re.compile(r"(?:\s*\[\s*\d{1,3}(?:\s*[,;，]\s*\d{1,3})*\s*\])+")
_NUMBER_RE = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
# A Latin token with at least one letter, digits attached ("65B", "GPT-4", "x86").
_LATIN_WORD_RE = re.compile(r"(?<![A-Za-z0-9])[0-9]*[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*")
_WS_RE = re.compile(r"\s+")
# "X [1]." without the marker is "X ."; the space goes.
_SPACE_PUNCT_RE = re.compile(r"\s+([.!?。！？,;:])(?=\s|$)")


@dataclass(frozen=True, slots=True)
class SupportScore:
    """How well one passage supports one sentence.

    ``score`` is in 0..1; ``lexical`` is the share of the sentence's content terms found
    in the passage; ``dense`` is the rescaled e5 cosine (``None`` without embedder).
    """

    score: float
    lexical: float
    numbers_ok: bool
    names_ok: bool
    dense: float | None
    supported: bool


@dataclass(frozen=True, slots=True)
class SentenceSupport:
    """One answer sentence and its verdict.

    ``span`` is ``(start, end)`` of the sentence in the answer (citations included);
    ``cited`` the ``[n]`` numbers it carries; ``best`` the 1-based evidence number that
    supports it best (``None`` when no valid passage was checked); ``reason`` why it is
    not supported (``""`` when it is): an echo of the question, a repetition, a number
    or name missing from the passage, a low score, or no valid citation.
    """

    sentence: str
    span: tuple[int, int]
    cited: tuple[int, ...]
    best: int | None
    score: float
    lexical: float
    numbers_ok: bool
    names_ok: bool
    dense: float | None
    supported: bool
    reason: str = ""


# --------------------------------------------------------------------------------------
# Text helpers


def strip_citations(text: str) -> str:
    """``text`` without ``[n]`` markers, whitespace collapsed."""
    text = _WS_RE.sub(" ", _CITE_RE.sub(" ", text)).strip()
    return _SPACE_PUNCT_RE.sub(r"\1", text)


def _cited(text: str) -> tuple[int, ...]:
    nums: list[int] = []
    for m in _CITE_RE.finditer(text):
        nums.extend(int(x) for x in re.split(r"[,;，]", m.group(1)))
    return tuple(dict.fromkeys(nums))


def answer_sentences(answer: str) -> list[tuple[int, int]]:
    """Sentence spans of ``answer``; a run of bare ``[n]`` markers joins the sentence before."""
    from notelens.analysis.sentences import sentence_spans

    spans: list[tuple[int, int]] = []
    for a, b in sentence_spans(answer):
        if spans and _CITES_ONLY_RE.match(answer[a:b]):
            spans[-1] = (spans[-1][0], b)
            continue
        # "X. [1] Y." splits as "X." + "[1] Y.": the leading markers belong to X.
        lead = _LEADING_CITES_RE.match(answer, a, b)
        if spans and lead and lead.end() > a:
            spans[-1] = (spans[-1][0], lead.end())
            a = lead.end()
            while a < b and answer[a].isspace():
                a += 1
        if a < b:
            spans.append((a, b))
    return spans


def _norm(text: str) -> str:
    return _WS_RE.sub(" ", unicodedata.normalize("NFKC", text)).strip().lower()


def _numbers(text: str) -> set[str]:
    out: set[str] = set()
    for m in _NUMBER_RE.finditer(unicodedata.normalize("NFKC", text)):
        num = m.group().replace(",", "")
        if "." in num:
            num = num.rstrip("0").rstrip(".") or "0"
        out.add(num)
    return out


# Measure symbols with capitals (a lower-case one is no name anyway): bytes, rates,
# frequencies, power. Written after a number ("48 GB", "30 FPS") or asked ("몇 GB").
_MEASURE_SYMBOLS = frozenset(
    {
        *(p + b for p in ("K", "M", "G", "T", "P") for b in ("B", "iB", "b")),
        *(p + "FLOP" + s for p in ("", "G", "T", "P") for s in ("s", "S")),
        *("Hz", "kHz", "MHz", "GHz", "FPS", "QPS", "TPS", "RPS", "Kbps", "Mbps", "Gbps"),
        *("kW", "kWh", "MW", "GW", "mAh", "dB"),
    }
)
# A Korean count question names its measure right after "몇" ("몇 GPU로", "몇 B로").
_COUNTED_RE = re.compile(r"몇\s*$")


# The end of a sentence before a word: "?" or "!", or a full stop after a word that is no
# abbreviation or initial ("vs. Mistral", "e.g. Llama", "J. Smith" go on one sentence).
_SENTENCE_END_RE = re.compile(r"(\S*?)([.!?。？！])[\"'’”)]*\s+$")
_ABBREVIATIONS = frozenset(
    {"vs", "al", "cf", "fig", "eq", "no", "approx", "ca", "sec", "dr", "mr", "ms", "prof", "st"}
)


def _after_sentence(before: str) -> bool:
    """Whether ``before`` (the text ahead of a word) ends a sentence: the word opens the
    next one, where a capital is the sentence's, not a name's ("… instead of a speaker
    name. Which one?")."""
    m = _SENTENCE_END_RE.search(before)
    if m is None:
        return False
    word, mark = m.group(1).lower().strip("\"'(["), m.group(2)
    if mark != ".":
        return True
    return len(word) > 1 and "." not in word and word not in _ABBREVIATIONS


def _measure_word(sentence: str, start: int, word: str) -> bool:
    """Whether ``word`` (at ``start`` of ``sentence``) is a measure, not a name: a lone
    letter (the "B" of "몇 B로", "K"; a name has two characters or more), a measure
    symbol, or the word a Korean question counts in ("몇 GPU로 학습했어?": whether the
    notes count in it is the measure rule's; English "how many GPUs" is left a name,
    as the notes may write the counted thing in another language)."""
    return (
        len(word) == 1
        or word in _MEASURE_SYMBOLS
        or _COUNTED_RE.search(sentence, max(0, start - 4), start) is not None
    )


# Month names, full and short: a month is part of a date ("October 20", "Sep 29"), which
# notes write "10/20", "2026-10-20" or "10월 20일"; read as a name, it is "absent" from
# the very meeting's notes (blind3 d119 "Who attended the October 20 lab meeting?" lost
# 0.9 of its strength, docs/benchmarks.md "Refusals, twelfth round").
_MONTH_RE = re.compile(rf"(?:{MONTH_NAMES})\.?", re.I)
# A language name glued to a lowercase word ("Korean-cohort", "English-only"): its capital
# is the language's; the name is the language, which a Korean note writes "한국어".
_LANGUAGE_COMPOUND_RE = re.compile(r"([A-Z][a-z]+)-[a-z][a-z-]*")
# A name glued to an English word that grades or likens it ("GPT-level performance",
# "BERT-style encoder", "RLHF-based"): the name is the part before, which a Korean note
# writes with its own word ("GPT 수준", "BERT 방식"); the compound is written nowhere
# (twenty-sixth round).
_DESCRIBED_RE = re.compile(
    r"(.+?)-(?:level|style|like|based|sized|scale|class|grade|quality|centric|specific)"
)


def month_name(word: str) -> bool:
    """Whether ``word`` is a month's name, full or short ("October", "Sep", "Sep.")."""
    return _MONTH_RE.fullmatch(word) is not None


def latin_names(sentence: str) -> set[str]:
    """Latin names of ``sentence``, lowercased (the rule of the module docstring), which
    may be a question of two sentences: the second's first word is at a start too ("…
    instead of a speaker name. Which one?")."""
    return _names(sentence, sentences=True)


def _names(sentence: str, sentences: bool = False) -> set[str]:
    """Latin names: two capitals, letters with digits, or a capital not at the start
    (``sentences``: of any of the text's sentences; an answer's sentence is checked alone).

    A measure is no name (:func:`_measure_word`): "몇 GB", "6 GB", "몇 B로" count in
    it; the notes write it glued onto its number ("6GB", "7B"), where no name starts,
    and whether a unit states the measure is ``refusal.measure_factor``'s to say.
    """
    out: set[str] = set()
    korean = has_hangul(sentence)
    for m in _LATIN_WORD_RE.finditer(sentence):
        word = m.group()
        if _measure_word(sentence, m.start(), word) or month_name(word):
            continue
        described = _DESCRIBED_RE.fullmatch(word)
        if described is not None:
            word = described.group(1)
        compound = _LANGUAGE_COMPOUND_RE.fullmatch(word)
        if compound is not None and compound.group(1).lower() in LANGUAGE_NAMES:
            out.add(compound.group(1).lower())
            continue
        upper = sum(c.isupper() for c in word)
        has_digit = any(c.isdigit() for c in word)
        at_start = not sentence[: m.start()].strip(" \t\"'(*-#>") or (
            sentences and _after_sentence(sentence[: m.start()])
        )
        # A capitalised first word is a name when an author list follows ("Inan et al.").
        cited_author = upper == 1 and sentence[m.end() : m.end() + 7].startswith(" et al")
        # Korean has no capitals: a capitalised Latin word there is a name anywhere, except
        # the capitalised opener of an English clause that merely quotes a Korean name
        # ("Which paper did 정우진 present?": "Which" is no name the notes must hold).
        opener = at_start and word.lower() in EN_STOPWORDS
        cited_author = cited_author or (upper == 1 and korean and not opener)
        if (
            upper >= 2
            or (has_digit and len(word) > 1)
            or (upper == 1 and not at_start)
            or cited_author
        ):
            out.add(word.lower())
    return out


def _korean_names(sentences: Sequence[str], analyzer: Analyzer) -> list[set[str]]:
    """Hangul proper nouns (Kiwi ``NNP``, 2+ syllables) of each sentence.

    Only available when ``analyzer`` can tag proper nouns (:class:`ProperNounTagger`,
    e.g. Kiwi); with other analyzers Korean names count through lexical support alone.
    """
    if not isinstance(analyzer, ProperNounTagger):
        return [set() for _ in sentences]
    try:
        out: list[set[str]] = []
        for s in sentences:
            if not has_hangul(s):
                out.append(set())
                continue
            out.append(
                {
                    form
                    for form in analyzer.proper_nouns(s)
                    if len(form) >= 2 and is_hangul_word(form)
                }
            )
        return out
    except Exception:  # tagging is a bonus check; never fail verification on it
        return [set() for _ in sentences]


def _names_ok(names: set[str], passage_norm: str, ko_names: set[str]) -> bool:
    for name in names:
        if not re.search(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])", passage_norm):
            return False
    return all(name in passage_norm for name in ko_names)


# --------------------------------------------------------------------------------------
# Scoring


@dataclass(frozen=True, slots=True)
class _Prepared:
    norm: str
    terms: frozenset[str]
    numbers: frozenset[str]
    sequence: tuple[str, ...]  # the terms in order, duplicates kept (repetition needs them)


def _prepare(texts: Sequence[str], analyzer: Analyzer) -> list[_Prepared]:
    term_lists = analyzer.terms_batch(list(texts)) if texts else []
    return [
        _Prepared(_norm(t), frozenset(terms), frozenset(_numbers(t)), tuple(terms))
        for t, terms in zip(texts, term_lists, strict=True)
    ]


_FINAL_PUNCT = " .!?。！？"


def _score(
    sentence: str,
    sent: _Prepared,
    passage: _Prepared,
    cos: float | None,
    threshold: float,
    ko_names: set[str],
) -> SupportScore:
    # Verbatim, final punctuation aside: a short reply "박지훈 [1]." is "박지훈." once
    # its citation is stripped, and Kiwi analyses a bare name differently from the same
    # name inside the passage (박 / 지훈 / 박지훈 against 박지훈), so only the verbatim
    # test can see the quote.
    core = sent.norm.rstrip(_FINAL_PUNCT)
    verbatim = bool(core) and core in passage.norm
    if verbatim:
        lexical = 1.0  # verbatim quote
    elif sent.terms:
        lexical = len(sent.terms & passage.terms) / len(sent.terms)
    else:
        lexical = 0.0
    numbers_ok = sent.numbers <= passage.numbers
    # A verbatim quote holds the passage's own names (Kiwi misreads some bare names:
    # "오예린." alone is tagged 오예리, which the passage never spells).
    names_ok = verbatim or _names_ok(_names(sentence), passage.norm, ko_names)
    dense = None if cos is None else _dense_scaled(cos)
    score = lexical if dense is None else _LEXICAL_WEIGHT * lexical + (1 - _LEXICAL_WEIGHT) * dense
    supported = numbers_ok and names_ok and score >= threshold and bool(sent.norm)
    return SupportScore(
        score=round(score, 4),
        lexical=round(lexical, 4),
        numbers_ok=numbers_ok,
        names_ok=names_ok,
        dense=None if dense is None else round(dense, 4),
        supported=supported,
    )


def _cosines(embedder: Embedder, sentences: list[str], passages: list[str]) -> np.ndarray:
    """Cosine matrix (sentences x passages); e5 passage side for both (symmetric task)."""
    s = np.asarray(embedder.embed_passages(sentences), dtype=np.float32)
    p = np.asarray(embedder.embed_passages(passages), dtype=np.float32)
    return s @ p.T


def support(
    sentence: str,
    passage: str,
    *,
    analyzer: Analyzer,
    embedder: Embedder | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> SupportScore:
    """How well ``passage`` supports ``sentence`` (``[n]`` markers in it are ignored)."""
    clean = strip_citations(sentence)
    sent, pas = _prepare([clean, passage], analyzer)
    cos = None
    if embedder is not None and clean and passage.strip():
        cos = float(_cosines(embedder, [clean], [passage])[0, 0])
    return _score(clean, sent, pas, cos, threshold, _korean_names([clean], analyzer)[0])


def _reason(sc: SupportScore, threshold: float) -> str:
    if sc.supported:
        return ""
    if not sc.numbers_ok:
        return "a number is not in the cited passage"
    if not sc.names_ok:
        return "a name is not in the cited passage"
    return f"support {sc.score:.2f} below {threshold:.2f}"


def _new_facts(
    sentences: Sequence[str],
    sents: Sequence[_Prepared],
    ko_names: Sequence[set[str]],
    question: str,
    q: _Prepared,
) -> list[bool]:
    """Per sentence: does it hold a number or a name that the question does not?"""
    q_names = _names(question)
    return [
        bool(p.numbers - q.numbers)
        or bool(_names(s) - q_names)
        or any(name not in q.norm for name in ko)
        for s, p, ko in zip(sentences, sents, ko_names, strict=True)
    ]


def ground(
    answer: str,
    evidence: Sequence[str],
    *,
    analyzer: Analyzer,
    embedder: Embedder | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    question: str | None = None,
) -> list[SentenceSupport]:
    """Check every sentence of ``answer`` against the evidence it cites.

    ``[n]`` refers to ``evidence[n-1]``; numbers outside ``1..len(evidence)`` are kept
    in ``cited`` but cannot support anything. A sentence citing several passages takes
    the best of them; one citing none is checked against all passages. Sentences that
    are only citation markers are merged into the previous sentence. A sentence that
    repeats another or itself is unsupported; given ``question``, so is one that only
    restates it (:func:`notelens.answer.echo.echo_reasons`).
    """
    from notelens.answer.echo import echo_reasons

    spans = answer_sentences(answer)
    if not spans:
        return []
    raw = [answer[a:b] for a, b in spans]
    clean = [strip_citations(s) for s in raw]
    extra = [question] if question is not None else []
    prepared = _prepare([*clean, *extra, *evidence], analyzer)
    sents = prepared[: len(clean)]
    passages = prepared[len(clean) + len(extra) :]
    cos: np.ndarray | None = None
    if embedder is not None and evidence and any(clean):
        cos = _cosines(embedder, [c or " " for c in clean], list(evidence))

    ko_names = _korean_names(clean, analyzer)
    echoes = echo_reasons(
        clean,
        [p.sequence for p in sents],
        question=question,
        question_terms=prepared[len(clean)].sequence if question is not None else (),
        new_facts=None
        if question is None
        else _new_facts(clean, sents, ko_names, question, prepared[len(clean)]),
    )
    out: list[SentenceSupport] = []
    for i, (span, text) in enumerate(zip(spans, raw, strict=True)):
        cited = _cited(text)
        if cited:
            candidates = [n for n in cited if 1 <= n <= len(evidence)]
        else:
            candidates = list(range(1, len(evidence) + 1))
        best: int | None = None
        best_score: SupportScore | None = None
        for n in candidates:
            c = None if cos is None else float(cos[i, n - 1])
            sc = _score(clean[i], sents[i], passages[n - 1], c, threshold, ko_names[i])
            if best_score is None or (sc.supported, sc.score) > (
                best_score.supported,
                best_score.score,
            ):
                best, best_score = n, sc
        if best_score is None:
            best_score = SupportScore(0.0, 0.0, False, False, None, False)
            reason = "cites no passage of the evidence"
        else:
            reason = echoes[i] or _reason(best_score, threshold)
        out.append(
            SentenceSupport(
                sentence=clean[i],
                span=span,
                cited=cited,
                best=best,
                score=best_score.score,
                lexical=best_score.lexical,
                numbers_ok=best_score.numbers_ok,
                names_ok=best_score.names_ok,
                dense=best_score.dense,
                supported=best_score.supported and not echoes[i],
                reason=reason,
            )
        )
    return out
