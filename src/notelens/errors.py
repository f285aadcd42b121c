"""The error tree. Every error notelens raises on purpose derives from :class:`NotelensError`.

Errors carry the pipeline ``stage`` and, where there is one, the ``path`` involved, so
the CLI can print one clear line (and an exit code) instead of a traceback::

    NotelensError
    ├── ConfigError            bad settings or arguments
    │   └── DatasetError           an evaluation dataset is missing or malformed (stage "eval")
    ├── IngestError            a file could not be read or parsed (stage "ingest")
    │   └── UnsupportedFileError   not a note at all (binary, empty, too large): skipped
    ├── AnalysisError          the analyzer failed (stage "analysis")
    ├── EmbedderError          the embedding model failed to load or run (stage "embed")
    ├── IndexStoreError        the index folder is unusable (stage "index")
    │   ├── IndexNotFoundError     no index at that folder yet
    │   ├── IndexMismatchError     built by another schema / analyzer / embedder
    │   └── IndexLockedError       another process is writing it
    ├── SearchError            a query could not be run (stage "retrieve")
    ├── AnswerError            an answer could not be produced (stage "answer")
    │   └── GeneratorError         the LLM (HTTP server or GGUF file) failed or is absent
    └── GuardError             a guard policy blocked a question or answer (stage "guard")
"""

from __future__ import annotations


class NotelensError(Exception):
    """Root of all notelens errors. ``str(err)`` is a complete, user-facing sentence."""

    stage: str = "notelens"
    exit_code: int = 1

    def __init__(self, message: str, *, path: str | None = None, hint: str | None = None) -> None:
        self.message = message
        self.path = path
        self.hint = hint
        super().__init__(message)

    def __str__(self) -> str:
        text = f"[{self.stage}] {self.message}"
        if self.path:
            # Lazy: notelens.ingest imports this module. A file name is escaped so an
            # undecodable or ANSI-laden name can neither crash nor drive a terminal.
            from notelens.paths import display_path

            text += f": {display_path(self.path)}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class ConfigError(NotelensError):
    stage = "config"
    exit_code = 2


class DatasetError(ConfigError):
    """An evaluation dataset (``notelens eval --dataset``) is missing or malformed."""

    stage = "eval"


class IngestError(NotelensError):
    stage = "ingest"


class UnsupportedFileError(IngestError):
    """The file is not a note notelens can index (binary, empty, too large): skipped, not failed."""


class AnalysisError(NotelensError):
    stage = "analysis"


class EmbedderError(NotelensError):
    stage = "embed"


class IndexStoreError(NotelensError):
    stage = "index"


class IndexNotFoundError(IndexStoreError):
    exit_code = 3


class IndexMismatchError(IndexStoreError):
    exit_code = 4


class IndexLockedError(IndexStoreError):
    exit_code = 5


class SearchError(NotelensError):
    stage = "retrieve"
    exit_code = 2


class AnswerError(NotelensError):
    stage = "answer"
    exit_code = 2


class GeneratorError(AnswerError):
    """The LLM failed: server unreachable, slow, erroring, or GGUF file unusable.

    ``path`` names the server URL or the model file; the hint says what to check.
    """

    stage = "generate"
    exit_code = 6


class GuardError(NotelensError):
    """A guard policy set to ``block`` refused a question or an answer.

    ``findings`` are the :class:`notelens.guard.base.Finding` s that caused it.
    """

    stage = "guard"
    exit_code = 7

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        hint: str | None = None,
        findings: tuple[object, ...] = (),
    ) -> None:
        super().__init__(message, path=path, hint=hint)
        self.findings = findings


def first_line(exc: BaseException, default: str | None = None) -> str:
    """The first line of ``exc``'s message, for a one-line reason (a database or a
    library error runs to several lines of context); ``default``, else the exception's
    type name, when the message is blank."""
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else (default or type(exc).__name__)


__all__ = [
    "AnalysisError",
    "AnswerError",
    "ConfigError",
    "DatasetError",
    "EmbedderError",
    "GeneratorError",
    "GuardError",
    "IndexLockedError",
    "IndexMismatchError",
    "IndexNotFoundError",
    "IndexStoreError",
    "IngestError",
    "NotelensError",
    "SearchError",
    "UnsupportedFileError",
    "first_line",
]
