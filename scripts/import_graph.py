"""The import graph of src/notelens, read from the AST: cycles and layer violations.

For cycles and layers only module-level imports count (the ones that run when a module
is imported): imports inside functions are how heavy or upward dependencies stay lazy,
and ``if TYPE_CHECKING:`` blocks do not run. Rules:

* no cycles between modules;
* every stage imports only its own package and the layers below it (``LAYERS``);
* the interfaces (cli/, server/, mcp/) import -- anywhere, lazily too -- only the engine,
  the contracts module, config/errors/types/progress/_version, evaluate (which sits
  above the engine, beside them) and their own package.

    .venv/bin/python scripts/import_graph.py            # report; exit 1 on a violation
    .venv/bin/python scripts/import_graph.py --edges    # also print the package edges
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "notelens"

#: Lower layers first; a module may import its own unit and units of lower layers.
#: A unit is a top-level module or subpackage of notelens.
LAYERS: tuple[frozenset[str], ...] = tuple(
    frozenset(layer.split())
    for layer in (
        "_version errors contracts environ",
        "types paths fileio",
        "progress config",
        "registry",
        "analysis",
        "ingest embed llamacpp",
        "store",
        "index",
        "retrieve",
        "answer guard",
        "curate",
        "engine",
        "evaluate",
        "cli server mcp daemon",
        "__init__ __main__",
    )
)
INTERFACES = frozenset({"cli", "server", "mcp", "daemon"})
#: What an interface may import besides its own package.
INTERFACE_MAY_IMPORT = frozenset(
    {
        "engine",
        "contracts",
        "config",
        "errors",
        "types",
        "paths",
        "fileio",
        "progress",
        "_version",
        "environ",
        "evaluate",
    }
)
#: The CLI starts the other interfaces (``serve``, ``mcp``); they do not import each other.
LAUNCHES = {"cli": frozenset({"server", "mcp", "daemon"})}

#: Known breaks another branch of the same renovation removes; (importer, imported): who.
PENDING: dict[tuple[str, str], str] = {}


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _top_level(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Statements that run at import: the body, try/except and if branches (not
    TYPE_CHECKING blocks), but not function or class... bodies of functions."""
    for node in body:
        if isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                yield from _top_level(node.body)
            yield from _top_level(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody):
                yield from _top_level(block)
            for handler in node.handlers:
                yield from _top_level(handler.body)
        elif isinstance(node, ast.ClassDef):
            yield from _top_level(node.body)  # a class body runs at import
        else:
            yield node


def _everywhere(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement, in functions too, except inside ``if TYPE_CHECKING:``."""
    for node in body:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            yield from _everywhere(node.orelse)
            continue
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.stmt):
                yield from _everywhere([child])
            elif isinstance(child, ast.excepthandler):
                yield from _everywhere(child.body)


def imports_of(path: Path, known: set[str], *, lazy: bool = False) -> set[str]:
    """The notelens modules ``path`` imports when it is imported (``lazy``: anywhere)."""
    name = module_name(path)
    is_pkg = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: set[str] = set()
    for node in (_everywhere if lazy else _top_level)(tree.body):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                base = base if is_pkg else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join([*base, node.module] if node.module else base)
            else:
                mod = node.module or ""
            # ``from pkg import sub`` imports the submodule when there is one
            targets = [f"{mod}.{a.name}" if f"{mod}.{a.name}" in known else mod for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:  # notelens.x.y.Name -> the module
                target = target.rpartition(".")[0]
            if target.startswith("notelens") and target != name:
                found.add(target)
    return found


def build_graph(*, lazy: bool = False) -> dict[str, set[str]]:
    """module -> the notelens modules it imports (``lazy``: in functions too)."""
    files = sorted(PACKAGE.rglob("*.py"))
    known = {module_name(p) for p in files}
    return {module_name(p): imports_of(p, known, lazy=lazy) for p in files}


def unit_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def layer_of(unit: str) -> int:
    for i, layer in enumerate(LAYERS):
        if unit in layer:
            return i
    raise KeyError(f"notelens.{unit} is in no layer: add it to LAYERS in {__file__}")


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), plus self loops."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = 0
    sys.setrecursionlimit(max(10_000, sys.getrecursionlimit()))

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp: list[str] = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def violations(graph: dict[str, set[str]], lazy_graph: dict[str, set[str]]) -> list[str]:
    """Layer rule breaks (module-level ``graph``) and interface rule breaks (``lazy_graph``,
    imports anywhere), one line each."""
    problems: list[str] = []
    for mod, targets in sorted(graph.items()):
        unit = unit_of(mod)
        for target in sorted(targets):
            tunit = unit_of(target)
            if tunit != unit and layer_of(tunit) > layer_of(unit):
                problems.append(f"{mod} imports {target}, a higher layer")
    for mod, targets in sorted(lazy_graph.items()):
        unit = unit_of(mod)
        if unit not in INTERFACES:
            continue
        for target in sorted(targets):
            tunit = unit_of(target)
            if tunit == unit or tunit in INTERFACE_MAY_IMPORT | LAUNCHES.get(unit, frozenset()):
                continue
            if (mod, target) in PENDING:
                continue
            problems.append(f"interface {mod} imports {target} (only the engine, contracts, ...)")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--edges", action="store_true", help="print unit -> unit edges")
    args = ap.parse_args()
    graph = build_graph()
    cycles = find_cycles(graph)
    problems = violations(graph, build_graph(lazy=True))
    if args.edges:
        edges = sorted(
            {
                (unit_of(m), unit_of(t))
                for m, ts in graph.items()
                for t in ts
                if unit_of(m) != unit_of(t)
            }
        )
        for a, b in edges:
            print(f"{a} -> {b}")
    for cycle in cycles:
        print("cycle: " + " <-> ".join(cycle))
    for line in problems:
        print(line)
    n_edges = sum(len(t) for t in graph.values())
    print(
        f"{len(graph)} modules, {n_edges} imports, {len(cycles)} cycles, {len(problems)} violations"
    )
    return 1 if cycles or problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
