"""The Kiwi analyzer: Korean morphemes + whole Latin terms, for one BM25 index.

One :class:`KiwiAnalyzer` turns both documents and queries into terms; the index is
fed ``" ".join(terms)`` through a whitespace tokenizer, so a term never contains
whitespace. Notes mix Korean and English inside one sentence ("LoRA를 쓰면 파라미터
수가 3.25배 줄어든다"), so every text goes through the same steps:

1. **Sanitise**: lone surrogates and control characters become spaces, invisible
   format characters (zero-width space, BOM, bidi marks, variation selectors) are
   removed, then NFKC (full-width ``ＬｏＲＡ`` -> ``LoRA``, ligatures, circled digits).
2. **URLs** are rewritten in place (same length, so offsets hold): scheme, ``www.``,
   query string, fragment and percent-escapes are blanked and ``/`` becomes a space,
   so ``https://github.com/foo/bar-baz?x=1`` is analysed as ``github.com foo bar-baz``.
3. **Latin/digit spans** come from a regex over the text, not from Kiwi (Kiwi splits
   ``GPT-4`` into GPT/-/4 and ``Llama-2-7B`` into Llama/-/2-7/B): maximal runs of
   Latin letters and digits joined by single ``-``, ``_`` or ``.``. ``1,000`` is read
   as ``1000``. See :func:`_latin_terms` for what one span yields.
4. **Korean** goes through Kiwi (``model_type="cong"``, ``saisiot=True`` so that
   ``최댓값`` and ``최대값`` both give 최대 + 값). Kiwi sees the whole text, Latin
   included, so particles after English words (``LoRA를``) are analysed correctly;
   its Latin/number/symbol tokens are ignored (step 3 owns them). Text that is pure
   ASCII never reaches Kiwi.
5. Terms are emitted in text order; duplicates are kept (BM25 needs term frequency).

Tag policy (Sejong tags as Kiwi uses them; irregular variants such as ``VV-R`` count
as their base tag):

* kept: ``NNG`` ``NNP`` (common/proper nouns; a multi-word NNP such as ``자연어 처리``
  is split at its spaces), ``NR`` (numerals 하나/둘), ``VV`` ``VA`` (verb/adjective
  *stems*: 줄어들, 다르), ``XR`` (roots: 중요, 효율), ``SH`` (hanja), and ``SW``
  tokens made of letters of other scripts (Greek θ, kana).
* ``XPN`` (noun prefix) directly attached to a noun: the joined form *and* the bare
  noun (``비지도`` -> 비지도, 지도), so "비지도 학습" is not just "지도 학습".
* dropped: particles ``J*``, endings ``E*``, copula ``VCP``/``VCN``, auxiliaries
  ``VX``, suffixes ``XS*`` (들, 적, 하, 되, 시키), dependent nouns ``NNB`` (것, 수,
  등, 때문, 년 ... nearly always noise; 수 as a real noun, "파라미터 수", is tagged
  NNG by Kiwi and kept), pronouns ``NP`` (이것, 우리, 무엇), determiners ``MM``,
  adverbs ``MAG``/``MAJ``, interjections ``IC``, punctuation and symbols ``S*``,
  Kiwi's special tokens ``W_*`` (emoji), ``Z_*`` (stray codas), unknown ``UN``.
* Korean stopwords (:data:`~notelens.analysis.stopwords.KO_STOPWORDS`): a short
  list of (form, tag) pairs such as 하/VV, 있/VA, 때/NNG, 이러/XR.

Noun compounds: Kiwi splits ``사전학습`` into 사전 + 학습, and nouns that touch in
the text (no space between them) additionally yield their concatenation. So
``사전학습`` gives 사전, 학습, 사전학습 and ``사전 학습`` gives 사전, 학습: a spaced
query matches an unspaced document (and back) on the parts, and the same spelling
matches on the whole too. The concatenation also covers Kiwi's context-dependent
splits of unknown compounds (``파인튜닝`` alone is one noun, ``파인튜닝을 했다`` is
파인 + 튜닝: both give 파인튜닝).

Performance: Kiwi takes ~1.5 s to load, so it is built lazily, once per analyzer,
under a lock. ``terms_batch`` sends all texts to Kiwi's multi-threaded batch API.
Long texts are cut into pieces of at most :data:`MAX_PIECE_CHARS` characters at line
or word boundaries (Kiwi is ~3x slower per character on one huge string, and badly
slower on long runs without spaces); the cut points depend only on the text, so the
output stays deterministic and ``terms_batch(ts) == [terms(t) for t in ts]``.
"""

from __future__ import annotations

import functools
import importlib.metadata
import logging
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import Stemmer

from notelens.analysis.compounds import CompoundSplitter
from notelens.analysis.ngram import hangul_bigrams
from notelens.analysis.stopwords import EN_STOPWORDS, KO_STOPWORDS
from notelens.analysis.userdict import UserDict, load_userdict
from notelens.errors import AnalysisError

logger = logging.getLogger(__name__)

# Bump whenever the terms produced for some input may change (rules, lists, limits,
# Kiwi options). It is part of ``KiwiAnalyzer.version``, which the index records.
# 1: initial rules.
RULES_VERSION = 1

#: Terms longer than this (in characters) are dropped; a long hyphenated span still
#: yields its (shorter) parts.
MAX_TERM_LEN = 40
#: Texts longer than this are analysed in pieces cut at line/word boundaries.
MAX_PIECE_CHARS = 2000
#: Pinned, so that a new default in kiwipiepy cannot silently change the output.
KIWI_MODEL_TYPE = "cong"

# --------------------------------------------------------------------------------------
# Sanitising

_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")
# C0/C1 controls except \t \n \v \f \r, private use areas, specials (U+FFF0..U+FFFF).
_CONTROL_RE = re.compile(
    r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufff0-\uffff\U000f0000-\U0010ffff]"
)
# Invisible format characters: soft hyphen, Arabic letter mark, Mongolian vowel
# separator, zero-width space/joiners, bidi marks and isolates, word joiner and
# invisible operators, variation selectors, BOM, tag characters.
_FORMAT_RE = re.compile(
    r"[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff"
    r"\U000e0000-\U000e007f\U000e0100-\U000e01ef]"
)


def _sanitize(text: str) -> str:
    text = _SURROGATE_RE.sub(" ", text)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    text = _CONTROL_RE.sub(" ", text)
    return _FORMAT_RE.sub("", text)


# --------------------------------------------------------------------------------------
# URLs

_URL_RE = re.compile(r"(?:\b[A-Za-z][A-Za-z0-9+.\-]*://|\bwww\.)[A-Za-z0-9\-._~:/?#@!$&*+,;=%]+")
_PCT_RE = re.compile(r"%[0-9A-Fa-f]{2}")
_URL_NON_WORD_RE = re.compile(r"[^A-Za-z0-9\-._]")


def _blank_url(match: re.Match[str]) -> str:
    """Same-length replacement of a URL that keeps only host and path words."""
    url = match.group()
    sep = url.find("://")
    head = sep + 3 if sep >= 0 else 0
    body = url[head:]
    cut = len(body)
    for ch in "?#":
        pos = body.find(ch)
        if 0 <= pos < cut:
            cut = pos
    kept = body[:cut]
    if kept[:4].lower() == "www.":
        kept = "    " + kept[4:]
    kept = _PCT_RE.sub("   ", kept)
    kept = _URL_NON_WORD_RE.sub(" ", kept)
    return " " * head + kept + " " * (len(body) - cut)


# --------------------------------------------------------------------------------------
# Pieces


def _split_pieces(text: str, limit: int = MAX_PIECE_CHARS) -> list[str]:
    """Cut ``text`` into pieces of at most ``limit`` characters.

    Prefers the last newline, then the last whitespace, in the second half of each
    window; a window without whitespace is cut hard. Whitespace-only pieces are dropped.
    """
    pieces: list[str] = []
    pos = 0
    n = len(text)
    while n - pos > limit:
        lo, hi = pos + limit // 2, pos + limit
        cut = text.rfind("\n", lo, hi)
        if cut < 0:
            cut = max(text.rfind(" ", lo, hi), text.rfind("\t", lo, hi), text.rfind("\r", lo, hi))
        cut = hi if cut < 0 else cut + 1
        pieces.append(text[pos:cut])
        pos = cut
    pieces.append(text[pos:])
    return [p for p in pieces if p and not p.isspace()]


# --------------------------------------------------------------------------------------
# Latin spans

_LATIN_CHARS = "A-Za-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_LATIN_RE = re.compile(
    r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?(?![0-9])(?!,[0-9])"
    rf"|[{_LATIN_CHARS}]+(?:[-._][{_LATIN_CHARS}]+)*"
)
# Separators inside a span: '-' and '_' always, '.' unless between two digits
# (so "3.25" and "v1.0" stay whole while "arxiv.org" and "torch.nn" split).
_SEP_SPLIT_RE = re.compile(r"([-_]|(?<![0-9])\.|\.(?![0-9]))")
_HYPHEN_RE = re.compile(r"[-_]")
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")

_stemmer_local = threading.local()


def _stem(word: str) -> str:
    # PyStemmer objects are not thread-safe: one per thread.
    stemmer = getattr(_stemmer_local, "stemmer", None)
    if stemmer is None:
        stemmer = Stemmer.Stemmer("english")
        _stemmer_local.stemmer = stemmer
    return str(stemmer.stemWord(word))


def _stem_if_alpha(word: str) -> str:
    """Snowball English for pure ASCII-alphabetic words; anything else unchanged."""
    return _stem(word) if word.isascii() and word.isalpha() else word


@functools.lru_cache(maxsize=65536)
def _latin_terms(span: str) -> tuple[str, ...]:
    """Terms of one Latin/digit span (a regex match of ``_LATIN_RE``).

    * lowercased; ``1,000`` -> ``1000``; English stopwords (whole span) dropped;
    * a plain word is Snowball-stemmed (``parameters`` -> ``paramet``); words with
      digits or non-ASCII letters are not (``x86``, ``café``);
    * a compound (``GPT-4``, ``bge-m3``, ``fine-tuning``, ``arxiv.org``) yields
      - the whole span, each alphabetic segment stemmed: ``gpt-4``, ``fine-tune``;
      - for ``-``/``_`` compounds, the separators-removed form, stemmed as one word:
        ``gpt4``, ``finetun`` (so a query "GPT4" or "finetuning" matches);
      - each segment (stopwords dropped, stemmed): ``gpt``, ``4`` (so "GPT 4" matches);
      Documents and queries get the same expansion, so it is symmetric; it costs a few
      extra terms per compound in the document length.
    * terms longer than :data:`MAX_TERM_LEN` are dropped.
    """
    low = span.lower()
    if low[0].isdigit() and "," in low:
        low = low.replace(",", "")
    if low in EN_STOPWORDS:
        return ()
    pieces = _SEP_SPLIT_RE.split(low)
    if len(pieces) == 1:
        return (_stem_if_alpha(low),) if len(low) <= MAX_TERM_LEN else ()
    segments = pieces[0::2]
    separators = pieces[1::2]
    stemmed = [_stem_if_alpha(s) for s in segments]
    whole = stemmed[0] + "".join(
        sep + seg for sep, seg in zip(separators, stemmed[1:], strict=True)
    )
    out: list[str] = [whole]
    if "-" in separators or "_" in separators:
        out.append(_stem_if_alpha(_HYPHEN_RE.sub("", low)))
    out.extend(st for seg, st in zip(segments, stemmed, strict=True) if seg not in EN_STOPWORDS)
    return tuple(dict.fromkeys(t for t in out if t and len(t) <= MAX_TERM_LEN))


# --------------------------------------------------------------------------------------
# Korean tokens

# Base tags whose morphemes are index terms.
_CONTENT_TAGS = frozenset({"NNG", "NNP", "NR", "VV", "VA", "XR", "SH"})
_NOUN_TAGS = frozenset({"NNG", "NNP"})


def _is_jamo(ch: str) -> bool:
    o = ord(ch)
    return 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F or 0xA960 <= o <= 0xA97F


def _ko_term(form: str, out: list[str]) -> None:
    for part in form.split():  # a multi-word NNP ("자연어 처리"), or odd input
        term = part.lower()
        if term and len(term) <= MAX_TERM_LEN and not all(_is_jamo(c) for c in term):
            out.append(term)


@dataclass(frozen=True, slots=True)
class _Tok:
    """Stand-in for a Kiwi token when Kiwi fails on a piece (never expected)."""

    form: str
    tag: str
    start: int
    len: int


_HANGUL_RUN_RE = re.compile(r"[\uac00-\ud7a3]+")
_LATIN_IN_RE = re.compile(r"[A-Za-z0-9]")


def _fallback_tokens(piece: str) -> list[_Tok]:
    """Whole Hangul words as nouns: a crude analysis used only if Kiwi raises."""
    return [
        _Tok(m.group(), "NNG", m.start(), len(m.group())) for m in _HANGUL_RUN_RE.finditer(piece)
    ]


def _piece_terms(
    piece: str,
    tokens: Sequence[Any],
    content_tags: frozenset[str] = _CONTENT_TAGS,
    udict: UserDict | None = None,
    split: Callable[[str], tuple[str, ...]] | None = None,
) -> list[str]:
    """Merge the Latin spans of ``piece`` and its Kiwi tokens into terms, in text order.

    ``content_tags``: the non-noun base tags kept as terms (nouns always are); a variant
    analyzer narrows it (see :class:`KiwiVariant`). Any tokenizer whose tokens have
    Sejong tags and ``form``/``tag``/``start``/``len`` can be merged here (Mecab-ko too).

    Nouns that touch in the text (no space between them: ``파인튜닝`` as 파인 + 튜닝,
    ``최댓값`` as 최대 + ᆺ + 값) form a *group*; after the group's nouns its
    concatenation is emitted too (``파인튜닝``, ``최대값``). Kiwi splits an unknown
    compound depending on context (``파인튜닝`` alone is one NNG, ``파인튜닝을 했다`` is
    파인 + 튜닝), so the concatenation is what makes the same surface compound give a
    shared term in a short query and in a document sentence.

    With a user dictionary (``udict``), a noun Kiwi made of Latin and Hangul together
    (``KV캐시`` when followed by a particle) gives its Hangul part, as the spaced and the
    bare spellings do (the Latin part comes from the regex), and the dictionary's
    :meth:`~notelens.analysis.userdict.UserDict.extra_terms` follow the piece's terms.

    ``split``: the parts of a proper noun Kiwi kept whole (``전남고등학교`` -> 전남,
    고등학교; :class:`~notelens.analysis.compounds.CompoundSplitter`), emitted after it.
    """
    out: list[str] = []
    spans = [(m.start(), m.group()) for m in _LATIN_RE.finditer(piece)]
    n_spans = len(spans)
    si = 0
    group: list[str] = []  # forms of the current run of touching nouns (and prefix)
    group_end = -1
    prefix: str | None = None  # an XPN waiting for its noun

    group_prefixed = False  # the group starts with an XPN

    def flush() -> None:
        nonlocal group_prefixed
        # A lone prefix + noun was already emitted joined (see XPN below).
        if len(group) > 2 or (len(group) == 2 and not group_prefixed):
            _ko_term("".join(group), out)
        group.clear()
        group_prefixed = False

    for tok in tokens:
        start: int = tok.start
        if si < n_spans and spans[si][0] <= start:
            flush()
            while si < n_spans and spans[si][0] <= start:
                out.extend(_latin_terms(spans[si][1]))
                si += 1
        tag: str = tok.tag
        base = tag.partition("-")[0]
        form: str = tok.form
        end = start + tok.len
        if udict is not None and base in _NOUN_TAGS and _LATIN_IN_RE.search(form):
            flush()
            prefix = None
            for run in _HANGUL_RUN_RE.findall(form):
                _ko_term(run, out)
                group.append(run)
            group_end = end
            continue
        if base in _NOUN_TAGS:
            if not group or start > group_end:
                flush()
            if udict is not None:
                parts = udict.parts_of(form)
                if parts is not None:  # a listed compound Kiwi kept whole: its parts too
                    for part in parts:
                        _ko_term(part, out)
            if prefix is not None and group_end == start:
                _ko_term(prefix + form, out)
            prefix = None
            if (form, base) not in KO_STOPWORDS:
                _ko_term(form, out)
            if split is not None and base == "NNP":
                for part in split(form):
                    _ko_term(part, out)
            group.extend(form.split())
            group_end = end
        elif base == "Z_SIOT":  # saisiot between two nouns: keep the group open
            group_end = max(group_end, end)
        elif base == "XPN":
            flush()
            prefix = form
            group.append(form)
            group_prefixed = True
            group_end = end
        else:
            flush()
            prefix = None
            if base in content_tags:
                if (form, base) not in KO_STOPWORDS:
                    _ko_term(form, out)
            elif base == "SW" and form.isalpha() and not _LATIN_RE.search(form):
                _ko_term(form, out)
    flush()
    for _, span in spans[si:]:
        out.extend(_latin_terms(span))
    if udict is not None:
        out.extend(udict.extra_terms(piece, _latin_terms))
    return out


# --------------------------------------------------------------------------------------
# The analyzer


def _dist_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


@dataclass(frozen=True, slots=True)
class KiwiVariant:
    """One way of turning Kiwi's tokens into terms (issue #22 item 2 measured these).

    ``content_tags``: non-noun base tags kept as terms (nouns, the noun compounds and the
    Latin terms are always kept). ``bigrams``: also emit the Hangul character bigrams of
    every word as ``~``-prefixed terms, a second, analyzer-independent leg inside the one
    BM25 field (the prefix keeps their statistics apart from the morpheme terms).
    ``userdict``: use the shipped user dictionary (:mod:`notelens.analysis.userdict`).
    ``compound_parts``: a long proper noun Kiwi keeps whole also gives its parts
    (:mod:`notelens.analysis.compounds`).
    """

    name: str
    content_tags: frozenset[str] = _CONTENT_TAGS
    bigrams: bool = False
    userdict: bool = False
    compound_parts: bool = False


#: Today's rules (the default analyzer).
KIWI_DEFAULT = KiwiVariant("kiwi")
#: Nouns, numerals, hanja and Latin terms only: verb/adjective stems and roots dropped.
KIWI_NOUNS = KiwiVariant("kiwi-nouns", content_tags=frozenset({"NR", "SH"}))
#: Today's terms plus Hangul character bigrams.
KIWI_BIGRAMS = KiwiVariant("kiwi-bigram", bigrams=True)
#: Today's rules plus the user dictionary of compounds (issue #22, third round).
KIWI_USERDICT = KiwiVariant("kiwi-dict", userdict=True)
#: Today's rules plus the parts of long proper nouns (issue #22, twelfth round).
KIWI_PARTS = KiwiVariant("kiwi-parts", compound_parts=True)


def analyzer_version(variant: KiwiVariant = KIWI_DEFAULT) -> str:
    """The version string of :class:`KiwiAnalyzer`, without loading Kiwi.

    The default variant keeps the string it always had (no index rebuild); another
    variant appends its name, so an index built with one is never searched with another.
    """
    base = (
        f"kiwi-{_dist_version('kiwipiepy')}"
        f"+model-{_dist_version('kiwipiepy_model')}-{KIWI_MODEL_TYPE}"
        f"+pystemmer-{_dist_version('pystemmer')}"
        f"+rules-{RULES_VERSION}"
    )
    if variant == KIWI_DEFAULT:
        return base
    if variant.userdict:
        base = f"{base}+{load_userdict().version}"
    return f"{base}+variant-{variant.name}"


class KiwiAnalyzer:
    """Kiwi morphemes for Korean, whole lowercased Latin terms, Snowball for English.

    ``num_workers`` is passed to ``Kiwi``: threads used by :meth:`terms_batch`
    (``None``: Kiwi's default, all cores; ``0`` or ``1``: one thread). It does not
    change the output. Instances are safe to share between threads (concurrent calls
    on one Kiwi were checked to give identical results).
    """

    def __init__(self, num_workers: int | None = None, variant: KiwiVariant = KIWI_DEFAULT) -> None:
        self.name: str = variant.name
        self.version: str = analyzer_version(variant)
        self._variant = variant
        self._num_workers = num_workers
        self._kiwi: Any = None
        self._udict = load_userdict() if variant.userdict else None
        self._options: dict[str, Any] = {}
        self._split: Callable[[str], tuple[str, ...]] | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"KiwiAnalyzer(version={self.version!r})"

    # -- public ------------------------------------------------------------------------

    def terms(self, text: str) -> list[str]:
        """Index terms of ``text`` (never raises for any ``str``)."""
        return self.terms_batch([text])[0]

    analyze = terms

    def terms_batch(self, texts: list[str]) -> list[list[str]]:
        """``[self.terms(t) for t in texts]``, with Kiwi working on all texts in parallel."""
        prepared = [_prepare(t) for t in texts]
        kiwi_inputs = [p for pieces in prepared for p, needs in pieces if needs]
        token_lists = self._tokenize(kiwi_inputs) if kiwi_inputs else iter(())
        results: list[list[str]] = []
        for pieces in prepared:
            terms: list[str] = []
            for piece, needs in pieces:
                tokens = next(token_lists) if needs else ()
                terms.extend(
                    _piece_terms(
                        piece, tokens, self._variant.content_tags, self._udict, self._split
                    )
                )
                if self._variant.bigrams and needs:
                    terms.extend(hangul_bigrams(piece))
            results.append(terms)
        return results

    def warm_up(self) -> None:
        """Load Kiwi now instead of on the first call (raises :class:`AnalysisError`)."""
        self._load()

    def proper_nouns(self, text: str) -> set[str]:
        """Kiwi's proper nouns (tag ``NNP``) of ``text``, as written (no stemming).

        Used by answer verification: a Korean name in an answer must appear in the
        passage it cites.
        """
        return {t.form for t in self._load().tokenize(text) if t.tag == "NNP"}

    def morphemes(self, text: str) -> list[tuple[str, str, int, int]]:
        """``(form, tag, start, end)`` of Kiwi's morphemes in ``text`` (character offsets).

        Used by short-answer extraction to cut a span at morpheme boundaries (a noun
        phrase without its particle). Never raises for any ``str``.
        """
        if not text.strip():
            return []
        kiwi = self._load()
        tokens = self._tokenize_one(kiwi, text)
        return [(t.form, str(t.tag), t.start, t.start + t.len) for t in tokens]

    # -- Kiwi --------------------------------------------------------------------------

    def _load(self) -> Any:
        kiwi = self._kiwi
        if kiwi is not None:
            return kiwi
        with self._lock:
            if self._kiwi is None:
                try:
                    from kiwipiepy import Kiwi, Match

                    # Kiwi's batch API needs a worker thread: its num_workers=0 makes
                    # it fail ("asyncAnalyze doesn't work at single thread mode").
                    workers = 1 if self._num_workers == 0 else self._num_workers
                    kiwi = Kiwi(num_workers=workers, model_type=KIWI_MODEL_TYPE)
                    if self._udict is not None:
                        _register_userdict(kiwi, self._udict)
                    self._options = {
                        # Only emoji matching: URLs are handled before Kiwi, and
                        # hashtags/mentions/serials would hide words from analysis.
                        "match_options": int(Match.EMOJI),
                        "saisiot": True,
                    }
                    kiwi.tokenize("", **self._options)  # finish Kiwi's own lazy init
                    if self._variant.compound_parts:
                        self._split = CompoundSplitter(kiwi, self._options).parts
                except Exception as exc:
                    raise AnalysisError(
                        f"could not load the Kiwi morphological analyzer ({exc})",
                        hint="check that kiwipiepy and kiwipiepy_model are installed",
                    ) from exc
                self._kiwi = kiwi
            return self._kiwi

    def _tokenize_one(self, kiwi: Any, piece: str) -> Sequence[Any]:
        try:
            return kiwi.tokenize(piece, **self._options)  # type: ignore[no-any-return]
        except Exception:
            logger.warning("Kiwi failed on a %d-character text; using a crude split", len(piece))
            return _fallback_tokens(piece)

    def _tokenize(self, pieces: list[str]) -> Iterator[Sequence[Any]]:
        kiwi = self._load()
        if len(pieces) == 1:
            return iter([self._tokenize_one(kiwi, pieces[0])])
        return self._tokenize_many(kiwi, pieces)

    def _tokenize_many(self, kiwi: Any, pieces: list[str]) -> Iterator[Sequence[Any]]:
        done = 0
        try:
            for tokens in kiwi.tokenize(pieces, **self._options):
                yield tokens
                done += 1
        except Exception:
            logger.warning("Kiwi batch analysis failed; retrying text by text", exc_info=True)
            for piece in pieces[done:]:
                yield self._tokenize_one(kiwi, piece)


def _register_userdict(kiwi: Any, udict: UserDict) -> None:
    """Register the dictionary's Hangul compounds as pre-analysed words.

    Kiwi accepts a pre-analysed word only when each part is a morpheme it knows with that
    tag; an entry with an unknown part (파인, 임베딩) is left to Kiwi's own analysis.
    Either way :func:`_piece_terms` gives a compound Kiwi keeps whole its parts, so the
    terms do not depend on which entries Kiwi took (parts are not added as user nouns:
    that changed Kiwi's analysis elsewhere, 비지도 lost its 비 + 지도 reading).
    """
    skipped = 0
    for form, analysed in udict.pre_analyzed():
        try:
            kiwi.add_pre_analyzed_word(form, analysed)
        except ValueError:
            skipped += 1
    logger.debug("user dictionary: %d compounds left to Kiwi's own analysis", skipped)


def _prepare(text: str) -> list[tuple[str, bool]]:
    """Sanitised, URL-rewritten pieces of ``text``, each with "needs Kiwi"."""
    if not text or text.isspace():
        return []
    text = _URL_RE.sub(_blank_url, _sanitize(text))
    return [(p, _NON_ASCII_RE.search(p) is not None) for p in _split_pieces(text)]


def prepare_pieces(text: str) -> list[tuple[str, bool]]:
    """:func:`_prepare` for other tokenizers (Mecab-ko) that share these rules."""
    return _prepare(text)


def piece_terms(piece: str, tokens: Sequence[Any]) -> list[str]:
    """:func:`_piece_terms` with the default tag policy, for other tokenizers."""
    return _piece_terms(piece, tokens)


__all__ = [
    "KIWI_BIGRAMS",
    "KIWI_DEFAULT",
    "KIWI_NOUNS",
    "KIWI_PARTS",
    "KIWI_USERDICT",
    "MAX_PIECE_CHARS",
    "MAX_TERM_LEN",
    "RULES_VERSION",
    "KiwiAnalyzer",
    "KiwiVariant",
    "analyzer_version",
    "piece_terms",
    "prepare_pieces",
]
