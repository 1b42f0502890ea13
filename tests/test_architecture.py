"""Data flows one way: no module imports one further down the flow, and the core never reads the clock
nor imports MkDocs."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"

# The flow, upstream first; modules on one rank do not import each other's rank above.
RANKS = {
    "dates": 0, "diagnostics": 0, "site": 0, "clock": 0, "forking": 0,
    "fields": 1, "model": 1, "french": 1, "suggest": 0,
    "yaml_reader": 2, "load": 2, "scalar_places": 2,
    "validate": 3, "reference": 6,
    "status": 2, "timeline": 2, "wording": 4,
    "registry": 5,
    "schema": 6,
    "render": 7, "export": 7, "edit": 7,
    "build": 8, "finish": 8, "plugin": 8,
    "cli": 9, "__main__": 10,
}
CORE = ("dates", "diagnostics", "site", "fields", "model", "french", "yaml_reader", "load", "scalar_places", "validate",
        "status", "timeline", "wording", "registry",
        "schema", "reference", "render", "export", "forking")


def module_name(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_imports_one_downstream(path: Path):
    mine = module_name(path)
    for name in imported(path):
        if name.startswith("generator."):
            other = name.split(".")[1]
            assert RANKS[other] <= RANKS[mine], f"{mine} imports {other}"


@pytest.mark.parametrize("path", [p for p in SOURCES if module_name(p) in CORE],
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_core_never_reads_the_clock_nor_imports_mkdocs(path: Path):
    text = path.read_text(encoding="utf-8")
    assert not any(name.split(".")[0] in ("mkdocs", "properdocs") for name in imported(path))
    for call in ("date.today(", "datetime.now(", "datetime.today(", "time.time(", "today_in_paris("):
        assert call not in text, f"{path.name} calls {call}"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_over_400_lines(path: Path) -> None:
    """Rooms a newcomer can read: a module that grows past 400 lines is split by what a reader looks for."""
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400


def test_no_import_cycle() -> None:
    """Between the modules of the package (a package's __init__ re-exports, and is not a room of its own)."""
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(("generator", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")
        graph[name] = {n for n in imported(path) if n.startswith("generator")}
    modules = {name for name in graph if not (PACKAGE / name.replace("generator.", "", 1).replace(".", "/")
                                              / "__init__.py").exists()}

    def reaches(start: str, target: str, seen: set[str]) -> bool:
        for other in graph.get(start, set()):
            if other == target:
                return True
            if other in modules and other not in seen:
                seen.add(other)
                if reaches(other, target, seen):
                    return True
        return False

    cycles = sorted(name for name in modules if reaches(name, name, set()))
    assert cycles == []
