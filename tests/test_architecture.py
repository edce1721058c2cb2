"""The structure reads one way: the layer contracts in pyproject.toml hold (import-linter),
no two modules import each other even through others (grimp's graph; package ``__init__``
files aside), nothing imports a DAG file, and an import of a project module inside a
function says why it is there."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("core", "extractors", "expectations", "warehouse", "govwork", "govwork_airflow")
# Where the code the contracts cover lives (plugins/ holds govwork_airflow, dags/ the DAG files).
SOURCE_DIRS = ("core", "extractors", "expectations", "warehouse", "govwork", "plugins", "dags")
PROJECT_MODULES = PACKAGES + ("dags", "govwork_provinces", "govwork_views", "govwork_plugin")


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "plugins")])}


def test_the_layer_contracts_hold(tmp_path):
    done = subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-logo", "--cache-dir", str(tmp_path)],
                          cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout and "Contracts: 3 kept" in done.stdout, done.stdout


def module_cycles(graph: grimp.ImportGraph, packages: set[str]) -> list[list[str]]:
    """Strongly connected components (more than one module) of the import graph, edges to
    or from a package's ``__init__`` left out (a package importing its own modules to
    re-export them, and those modules importing a name from it, is not a design cycle)."""
    modules = sorted(m for m in graph.modules if m not in packages)
    edges = {m: sorted(i for i in graph.find_modules_directly_imported_by(m) if i in modules) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(m: str) -> None:  # Tarjan's algorithm
        index[m] = low[m] = len(index)
        stack.append(m)
        on_stack.add(m)
        for n in edges[m]:
            if n not in index:
                connect(n)
                low[m] = min(low[m], low[n])
            elif n in on_stack:
                low[m] = min(low[m], index[n])
        if low[m] == index[m]:
            component = []
            while True:
                n = stack.pop()
                on_stack.discard(n)
                component.append(n)
                if n == m:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
    for m in modules:
        if m not in index:
            connect(m)
    return found


def _packages(graph: grimp.ImportGraph, roots: list[Path]) -> set[str]:
    """Modules of ``graph`` that are packages (an ``__init__.py``)."""
    return {m for m in graph.modules
            if any((root / m.replace(".", "/") / "__init__.py").is_file() for root in roots)}


def test_no_module_imports_itself_through_others(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "plugins"))
    monkeypatch.syspath_prepend(str(ROOT))
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    assert len(graph.modules) > 80  # the whole project was read
    cycles = module_cycles(graph, _packages(graph, [ROOT, ROOT / "plugins"]))
    assert cycles == []


def test_the_cycle_finder_finds_a_cycle(tmp_path, monkeypatch):
    """The check above would see a cycle: a package whose modules go round a loop."""
    pkg = tmp_path / "loopy"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("from loopy import a\n")  # re-export: not a cycle
    (pkg / "a.py").write_text("import loopy\nfrom loopy.sub import b\n")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "b.py").write_text("def f():\n    from loopy import c\n")  # lazy imports count
    (pkg / "c.py").write_text("from loopy import a\n")
    (pkg / "d.py").write_text("from loopy import c\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    graph = grimp.build_graph("loopy", cache_dir=None)
    assert module_cycles(graph, _packages(graph, [tmp_path])) == [["loopy.a", "loopy.c", "loopy.sub.b"]]


def _python_files() -> list[Path]:
    return sorted(p for d in SOURCE_DIRS for p in (ROOT / d).rglob("*.py") if "migrations" not in p.parts)


def test_nothing_imports_a_dag_file():
    dag_modules = {p.stem for p in (ROOT / "dags").glob("*.py")}
    offenders = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] in dag_modules]
    assert offenders == []


def local_imports_without_a_reason(source: str) -> list[int]:
    """Line numbers of imports of project modules inside functions with no comment saying
    why: on the import's line, the line above, or the first line of the run of imports it
    belongs to."""
    lines = source.splitlines()
    bad = []
    for func in ast.walk(ast.parse(source)):
        if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(func):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = ["." if node.level else (node.module or "")]
            else:
                continue
            if not any(n == "." or n.split(".")[0] in PROJECT_MODULES for n in names):
                continue
            first = node.lineno
            while first > 1 and lines[first - 2].strip().startswith(("from ", "import ")):
                first -= 1
            said = [lines[node.lineno - 1], lines[first - 1]] + ([lines[first - 2]] if first > 1 else [])
            if not any("#" in line for line in said):
                bad.append(node.lineno)
    return sorted(set(bad))


def test_the_local_import_rule_sees_a_missing_reason():
    source = ("def a():\n    from core import errors\n"
              "def b():\n    from core import errors  # keeps --help cheap\n    from core import config\n"
              "def c():\n    # keeps DAG parsing cheap\n    import warehouse.db\n"
              "def d():\n    import json\n")
    assert local_imports_without_a_reason(source) == [2]


def test_a_function_local_import_of_ours_says_why():
    offenders = [f"{path.relative_to(ROOT)}:{line}" for path in _python_files()
                 for line in local_imports_without_a_reason(path.read_text(encoding="utf-8"))]
    assert offenders == []
