"""The package's layout: subpackages in data-flow order, imports pointing one way, no cycles, small files."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

PACKAGE = Path(__file__).resolve().parents[2] / "pipeline"
# data-flow order: a module may import its own layer and the layers before it, never a later one
LAYERS = ("core", "acquire", "extract", "fields", "store", "run", "cli")
MAX_FILE_LINES = 600
MAX_CLASS_LINES = 300


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(path: Path, modules: dict[str, Path], name: str | None = None) -> set[str]:
    """Every pipeline module imported anywhere in the file, lazy imports inside functions included."""
    name = name or _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        for target in targets:
            # the longest pipeline module that the imported name lives in
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target not in (name, "pipeline"):
                found.add(target)
    return found


def _layer(module: str) -> int:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else -1


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, modules) for name, path in modules.items()}


def test_the_stages_live_in_subpackages_in_data_flow_order() -> None:
    packages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert {"acquire", "extract", "fields", "store"} <= packages
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.name not in {"__init__.py", "cli.py"})
    assert loose == [], f"modules outside the subpackages: {loose}"
    for name in _modules():
        assert _layer(name) >= 0 or name == "pipeline", f"{name} is in no layer of {LAYERS}"


def test_imports_point_one_way() -> None:
    wrong = [
        f"{module} ({LAYERS[_layer(module)]}) imports {target} ({LAYERS[_layer(target)]})"
        for module, targets in _graph().items()
        for target in sorted(targets)
        if _layer(target) > _layer(module)
    ]
    assert wrong == []


def test_no_import_cycle_lazy_imports_included() -> None:
    graph = _graph()
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_the_checks_see_lazy_and_relative_imports(tmp_path: Path) -> None:
    src = tmp_path / "m.py"
    src.write_text(
        "def f():\n    from pipeline.store.load import load_run\n    import pipeline.core.text\n    from ..store import db\n"
    )
    modules = {"pipeline.store.load": Path(), "pipeline.core.text": Path(), "pipeline.store.db": Path()}
    assert _imports(src, modules, "pipeline.run.x") == {
        "pipeline.store.load",
        "pipeline.core.text",
        "pipeline.store.db",
    }


def test_no_file_or_class_a_maintainer_has_to_scroll_through() -> None:
    long_files = []
    long_classes = []
    for name, path in _modules().items():
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > MAX_FILE_LINES:
            long_files.append(f"{name}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef) and node.end_lineno is not None:
                length = node.end_lineno - node.lineno + 1
                if length > MAX_CLASS_LINES:
                    long_classes.append(f"{name}.{node.name}: {length} lines")
    assert long_files == []
    assert long_classes == []


def test_every_module_says_what_it_is_for() -> None:
    missing = [
        name for name, path in _modules().items() if not ast.get_docstring(ast.parse(path.read_text()))
    ]
    assert missing == []
