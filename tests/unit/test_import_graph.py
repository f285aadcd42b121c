"""The import graph (scripts/import_graph.py): no cycles, every stage imports downward,
the interfaces go through the engine and the contracts."""

from __future__ import annotations

import importlib.util
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def graph_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "import_graph", ROOT / "scripts" / "import_graph.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["import_graph"] = module  # dataclass/annotation lookups need it registered
    spec.loader.exec_module(module)
    return module


def test_no_cycles_and_no_layer_or_interface_violations(graph_tool: ModuleType) -> None:
    graph = graph_tool.build_graph()
    assert len(graph) > 100 and "notelens.engine" in graph
    assert graph_tool.find_cycles(graph) == []
    assert graph_tool.violations(graph, graph_tool.build_graph(lazy=True)) == []
    # every unit of the package is placed in a layer
    for module in graph:
        graph_tool.layer_of(graph_tool.unit_of(module))


def test_the_checker_sees_what_it_must(graph_tool: ModuleType, tmp_path: Path) -> None:
    """Feed it a small package with one of each fault: it must report all of them and
    ignore TYPE_CHECKING blocks and (outside interfaces) imports inside functions."""
    pkg = tmp_path / "notelens"
    for rel, body in {
        "__init__.py": "",
        "types.py": "from notelens import config\n",  # upward: types below config
        "config.py": "from notelens.types import X\n",  # with the line above: a cycle
        "engine.py": "def f():\n    from notelens.cli import app\n",  # lazy: allowed
        "store/__init__.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
        "    from notelens.engine import Engine\n",
        "cli/__init__.py": "",
        "cli/app.py": "def run():\n    from notelens.store import x\n",  # interface, lazily
        "mcp/__init__.py": "from notelens.server import models\n",
        "server/__init__.py": "",
        "server/models.py": "",
    }.items():
        path = pkg / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(body), encoding="utf-8")
    old = graph_tool.PACKAGE
    graph_tool.PACKAGE = pkg
    try:
        graph = graph_tool.build_graph()
        lazy = graph_tool.build_graph(lazy=True)
    finally:
        graph_tool.PACKAGE = old
    assert graph_tool.find_cycles(graph) == [["notelens.config", "notelens.types"]]
    assert "notelens.cli" not in graph["notelens.engine"]  # a function-level import
    assert "notelens.engine" not in graph["notelens.store"]  # TYPE_CHECKING only
    problems = graph_tool.violations(graph, lazy)
    assert "notelens.types imports notelens.config, a higher layer" in problems
    assert any(p.startswith("interface notelens.cli.app imports notelens.store") for p in problems)
    assert any(p.startswith("interface notelens.mcp imports notelens.server") for p in problems)
    assert len(problems) == 3, problems
