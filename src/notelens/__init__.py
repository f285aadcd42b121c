"""notelens: make a folder of Korean/English research notes answerable, offline.

The public API is small::

    from notelens import Engine
    engine = Engine("~/.notelens-index")
    report = engine.index(["~/notes"])
    hits = engine.search("GQA는 MQA와 무엇이 다른가", k=5)
    answer = engine.ask("스터디에서 DPO 논문은 누가 발표했지?")

Heavy dependencies (LanceDB, Kiwi, the embedding model) are imported only when used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from notelens._version import __version__
from notelens.errors import (
    AnswerError,
    ConfigError,
    GeneratorError,
    GuardError,
    IndexLockedError,
    IndexMismatchError,
    IndexNotFoundError,
    IndexStoreError,
    IngestError,
    NotelensError,
    SearchError,
)
from notelens.types import (
    Answer,
    Citation,
    FileReport,
    FileStatus,
    Hit,
    IndexReport,
    IndexStatus,
    Location,
)

if TYPE_CHECKING:
    from notelens.config import Settings
    from notelens.engine import Engine


__all__ = [
    "Answer",
    "AnswerError",
    "Citation",
    "ConfigError",
    "Engine",
    "FileReport",
    "FileStatus",
    "GeneratorError",
    "GuardError",
    "Hit",
    "IndexLockedError",
    "IndexMismatchError",
    "IndexNotFoundError",
    "IndexReport",
    "IndexStatus",
    "IndexStoreError",
    "IngestError",
    "Location",
    "NotelensError",
    "SearchError",
    "Settings",
    "__version__",
]


def __getattr__(name: str) -> Any:
    # Engine and Settings pull in the stage packages; keep `import notelens` cheap.
    if name == "Engine":
        from notelens.engine import Engine

        return Engine
    if name == "Settings":
        from notelens.config import Settings

        return Settings
    raise AttributeError(f"module 'notelens' has no attribute {name!r}")
