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

from notelens._version import __version__

TYPE_CHECKING = False  # not typing's: importing typing costs a warm command ~5 ms
if TYPE_CHECKING:
    from typing import Any

    from notelens.config import Settings
    from notelens.engine import Engine
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


#: Where each public name lives: imported on first use, so that ``import notelens`` --
#: which every ``notelens`` command pays, the warm ones' ~60 ms included -- loads nothing
#: but the version (notelens.types' dataclasses alone cost ~20 ms).
_HOME = {
    "Engine": "notelens.engine",
    "Settings": "notelens.config",
    **dict.fromkeys(
        (
            "AnswerError",
            "ConfigError",
            "GeneratorError",
            "GuardError",
            "IndexLockedError",
            "IndexMismatchError",
            "IndexNotFoundError",
            "IndexStoreError",
            "IngestError",
            "NotelensError",
            "SearchError",
        ),
        "notelens.errors",
    ),
    **dict.fromkeys(
        (
            "Answer",
            "Citation",
            "FileReport",
            "FileStatus",
            "Hit",
            "IndexReport",
            "IndexStatus",
            "Location",
        ),
        "notelens.types",
    ),
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'notelens' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # once: later lookups do not come here
    return value
