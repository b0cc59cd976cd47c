"""The library's layout: stages import only stages below them, through their public names.

read < check < scoring < analysis < output < archive < demo, with the base modules
(scheme, texts, errors, threads, access, _version, _lazy) below all.  A
stage reaches another only through the other's ``__init__`` (its
``__all__``), and the dashboard and the command line likewise.  No module of
the library imports streamlit.  Imports inside functions count too.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from tests.helpers import ROOT

PACKAGE = ROOT / "appraisal"
STAGES = ("read", "check", "scoring", "analysis", "output", "archive", "demo")
BASE = ("scheme", "texts", "errors", "threads", "access", "_version", "_lazy")
TOP = ("__init__", "__main__", "cli")  # may use every stage


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[int, str, list[str]]]:
    """(line, absolute module, names) of every import in a file, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module_name(path).split(".") if path.name == "__init__.py" else _module_name(path).split(".")[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name, []) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((node.lineno, module, [a.name for a in node.names]))
    return found


def _layer(module: str) -> tuple[str, int] | None:
    """("base"|stage|"top", rank) of a module of the library, None for anything else."""
    parts = module.split(".")
    if parts[0] != "appraisal":
        return None
    if len(parts) == 1 or parts[1] in TOP:
        return "top", len(STAGES)
    if parts[1] in BASE:
        return "base", -1
    if parts[1] in STAGES:
        return parts[1], STAGES.index(parts[1])
    raise AssertionError(f"{module}: not in a stage, the base or the top")


LIBRARY = sorted(PACKAGE.rglob("*.py"))
DASHBOARD = [ROOT / "app.py", *sorted((ROOT / "ui").glob("*.py")), *sorted((ROOT / "pages").glob("*.py"))]


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_stage_imports_only_stages_below_it_through_their_init(path):
    me = _module_name(path)
    my_layer, my_rank = _layer(me)
    wrong = []
    for line, module, names in _imports(path):
        assert not module.startswith("streamlit"), f"{me}:{line} imports streamlit"
        other = _layer(module)
        if other is None:
            continue
        layer, rank = other
        if layer == my_layer and layer in STAGES:
            continue  # within a stage, any module
        if my_layer == "base" and layer != "base":
            wrong.append(f"{me}:{line} (base) imports {module}")
        elif layer in STAGES and rank >= my_rank:
            wrong.append(f"{me}:{line} ({my_layer}) imports {module} ({layer}): not below it")
        elif layer in STAGES and module != f"appraisal.{layer}":
            wrong.append(f"{me}:{line} imports {module}: use appraisal.{layer}'s public names")
        elif layer == "top" and module == "appraisal" and my_layer != "top":
            wrong.append(f"{me}:{line} imports the package's __init__ (the version is in appraisal._version)")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("path", DASHBOARD, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_dashboard_imports_only_public_names(path):
    wrong = []
    for line, module, names in _imports(path):
        other = _layer(module)
        if other is None:
            continue
        layer, _ = other
        if layer in STAGES and module != f"appraisal.{layer}":
            wrong.append(f"{path.name}:{line} imports {module}: use appraisal.{layer}")
        if layer in STAGES or module == "appraisal":
            offered = importlib.import_module(module).__all__
            wrong += [f"{path.name}:{line} imports {n} from {module}, not in its __all__" for n in names if n not in offered]
        if layer == "top" and module not in ("appraisal",):
            wrong.append(f"{path.name}:{line} imports {module}")
    assert not wrong, "\n".join(wrong)


def test_names_taken_from_a_stage_are_in_its_all():
    wrong = []
    for path in LIBRARY:
        for line, module, names in _imports(path):
            layer = _layer(module)
            if layer and layer[0] in STAGES and module == f"appraisal.{layer[0]}" and _module_name(path).split(".")[:2] != module.split("."):
                offered = importlib.import_module(module).__all__
                wrong += [f"{_module_name(path)}:{line} takes {n} from {module}" for n in names if n not in offered]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_has_a_literal_all_whose_names_resolve_and_a_docstring(stage):
    init = PACKAGE / stage / "__init__.py"
    tree = ast.parse(init.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"appraisal.{stage} says what enters and what leaves it"
    assigned = [n for n in tree.body if isinstance(n, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in n.targets)]
    assert len(assigned) == 1 and isinstance(assigned[0].value, ast.List)
    names = [ast.literal_eval(e) for e in assigned[0].value.elts]
    module = importlib.import_module(f"appraisal.{stage}")
    assert names == module.__all__ and len(set(names)) == len(names)
    for name in names:
        assert getattr(module, name) is not None, f"appraisal.{stage}.{name}"
    with pytest.raises(AttributeError):
        getattr(module, "no_such_name")


def test_no_cycle_among_the_librarys_modules():
    graph: dict[str, set[str]] = {}
    for path in LIBRARY:
        me = _module_name(path)
        deps = set()
        for _, module, names in _imports(path):
            if module.startswith("appraisal"):
                deps.add(module)
        graph[me] = deps - {me}
    # A package's __init__ stands for the package; an edge to a package means its __init__ (and, lazily, its modules).
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for dep in graph.get(node, ()):
            if state.get(dep) == 1:
                if not (node.startswith(dep + ".")):  # a module's own package __init__ is loaded before it
                    raise AssertionError(" -> ".join(stack[stack.index(dep):] + [dep]))
            elif state.get(dep) is None:
                visit(dep)
        stack.pop()
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node)
