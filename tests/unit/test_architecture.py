"""The shape the README promises, checked on every run.

- data flows one way: `bot/` is plain Python that imports neither Rasa nor the layers above
  it, and `actions/` never imports `components/`;
- no import cycle among the project's modules, function-level imports included (a cycle
  hidden inside a function is still a cycle);
- no module of `actions/` or `components/` over 400 lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "actions", "components")
FORBIDDEN = {
    "bot": ("rasa", "rasa_sdk", "actions", "components"),
    "actions": ("components", "rasa"),  # rasa_sdk is the actions' own library
}
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    return {module_name(p): p for package in PACKAGES for p in (ROOT / package).rglob("*.py")}


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports, anywhere in it (top level or inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" \
        else module_name(path)
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def project_graph() -> dict[str, set[str]]:
    """Module -> the project modules it imports (a `from bot import keys` is `bot.keys`)."""
    modules = project_modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        edges = {imported for imported in imported_modules(path) if imported in modules}
        edges.discard(name)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_each_layer_imports_only_what_it_may() -> None:
    offenders = {}
    for name, path in project_modules().items():
        forbidden = FORBIDDEN.get(name.split(".")[0], ())
        bad = sorted(m for m in imported_modules(path) if m.split(".")[0] in forbidden)
        if bad:
            offenders[name] = bad
    assert offenders == {}


def test_no_import_cycle_among_project_modules() -> None:
    # A package's __init__ that re-exports its submodules is not a cycle of the design.
    graph = {name: {e for e in edges if not (name.startswith(e + ".") or e.startswith(
        name + "."))} for name, edges in project_graph().items()}
    assert cycles(graph) == []


def test_no_action_or_component_module_is_over_400_lines() -> None:
    long = {
        module_name(p): n
        for package in ("actions", "components")
        for p in (ROOT / package).rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_checks_see_what_they_check() -> None:
    """Guard against a vacuous pass: the scanners do find imports, function-level ones too,
    and a cycle in a graph that has one."""
    assert "rasa_sdk" in imported_modules(ROOT / "actions" / "common.py")
    assert "bot.cases.store" in imported_modules(ROOT / "bot" / "cases" / "__init__.py")
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c"]]
    assert len(project_modules()) > 60
