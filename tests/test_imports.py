"""No import cycles among the modules of the kg package.

Every import counts, at module level or inside a function (a function-level import is still a
dependency, only a later one): `import kg.x`, `from kg.x import y`, `from kg import x` and relative
imports. `from package import name` depends on package.name when that is a module, else on the
package itself. The implicit import of a package's __init__ by its submodules is not an edge (every
package __init__ that imports its own submodules would otherwise be a cycle).
"""
from __future__ import annotations

import ast
from pathlib import Path

KG_DIR = Path(__file__).resolve().parent.parent / "kg"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(KG_DIR.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported(node: ast.Import | ast.ImportFrom, module: str, is_package: bool, known: set[str]) -> set[str]:
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names}
    if node.level:  # relative: resolved against the importing module's package
        package = module.split(".") if is_package else module.split(".")[:-1]
        base = ".".join(package[:len(package) - (node.level - 1)] + ([node.module] if node.module else []))
    else:
        base = node.module or ""
    return {f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names}


def import_graph() -> dict[str, set[str]]:
    """Module -> the kg modules it imports anywhere in its code."""
    paths = {_module_name(p): p for p in sorted(KG_DIR.rglob("*.py"))}
    known = set(paths)
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        deps: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                deps |= _imported(node, module, path.name == "__init__.py", known)
        graph[module] = {d for d in deps if d in known and d != module}
    return graph


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = sorted(graph[start])
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo += sorted(graph[module] - seen)
    return seen


def _path(graph: dict[str, set[str]], start: str, goal: str, within: set[str]) -> list[str]:
    """A shortest import path start -> ... -> goal through the modules in `within` (breadth first)."""
    parents: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for module in frontier:
            for dep in sorted(graph[module] & within):
                if dep == goal:
                    chain = [module]
                    while chain[-1] != start:
                        chain.append(parents[chain[-1]])
                    return chain[::-1] + [goal]
                if dep not in parents and dep != start:
                    parents[dep] = module
                    following.append(dep)
        frontier = following
    return []


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle [a, b, ..., a] per group of modules that import each other (strongly connected
    component), sorted; empty when the graph is acyclic."""
    reach = {m: _reachable(graph, m) for m in graph}
    cycles: list[list[str]] = []
    done: set[str] = set()
    for module in sorted(graph):
        if module in done or module not in reach[module]:
            continue
        component = {m for m in reach[module] if module in reach[m]}
        done |= component
        cycles.append(_path(graph, module, module, component))
    return cycles


def test_the_graph_sees_every_kind_of_import():
    graph = import_graph()
    assert "kg.pipeline" in graph["kg.cli"]  # from kg.x import y
    assert "kg.cli_query" in graph["kg.cli"]  # from kg import x, inside a function
    assert "kg.extract.events" in graph["kg.extract"]  # from kg.extract import x, in the package's __init__


def test_relative_imports_resolve():
    known = {"kg.a", "kg.a.b", "kg.a.c", "kg.d"}
    tree = ast.parse("from . import c\nfrom .c import x\nfrom .. import d\n")
    found = set().union(*(_imported(n, "kg.a.b", False, known) for n in tree.body))
    assert found == {"kg.a.c", "kg.d"}


def test_find_cycles():
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []
    graph = {"a": {"b"}, "b": {"c", "a"}, "c": {"a"}, "d": {"d", "a"}, "e": {"f"}, "f": {"e"}}
    assert find_cycles(graph) == [["a", "b", "a"], ["d", "d"], ["e", "f", "e"]]


def test_no_import_cycles_in_kg():
    cycles = find_cycles(import_graph())
    assert not cycles, "import cycles in kg:\n" + "\n".join(" -> ".join(c) for c in cycles)
