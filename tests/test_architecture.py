"""The package's stages import only the stages before them, and no module imports itself in a circle.

The stage order is the pipeline's (docs in README "Layout"): a module of a
stage may import modules of its own stage or of earlier ones. Imports are read
from the source text with `ast`, lazy imports inside functions included.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "juesuan_dsl"

# The stages in pipeline order; the package face (cli, __init__, __main__) may import anything.
STAGES = (
    "core", "syntax", "catalog", "layout", "model", "resolve", "derive", "rules", "render",
    "pipeline", "tools", "outputs", "batch",
)
FACE = {"cli", "__init__", "__main__"}


def _module(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts) or "__init__"


def _imports(path: Path) -> set[str]:
    """Package-internal modules imported by a file (dotted, relative to the package)."""
    module = _module(path)
    is_package = path.name == "__init__.py"
    base = module.split(".") if module != "__init__" else []
    if not is_package:
        base = base[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                target = anchor + (node.module.split(".") if node.module else [])
            elif node.module and node.module.startswith("juesuan_dsl"):
                target = node.module.split(".")[1:]
            else:
                continue
            dotted = ".".join(target)
            for alias in node.names:
                candidate = f"{dotted}.{alias.name}" if dotted else alias.name
                found.add(candidate if _exists(candidate) else dotted)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("juesuan_dsl."):
                    found.add(alias.name.removeprefix("juesuan_dsl."))
    return {f for f in found if f}


def _exists(dotted: str) -> bool:
    path = PACKAGE.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _graph() -> dict[str, set[str]]:
    return {_module(p): _imports(p) for p in PACKAGE.rglob("*.py")}


def _stage(module: str) -> int | None:
    head = module.split(".")[0]
    return STAGES.index(head) if head in STAGES else None


def test_every_module_belongs_to_a_stage_or_the_face() -> None:
    strays = [m for m in _graph() if _stage(m) is None and m not in FACE]
    assert strays == []


def test_each_stage_imports_only_earlier_stages() -> None:
    wrong = []
    for module, imports in sorted(_graph().items()):
        own = _stage(module)
        if own is None:
            continue
        for target in sorted(imports):
            stage = _stage(target)
            if stage is None or stage > own:
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_no_import_cycle() -> None:
    graph = _graph()
    # Imports of a package's own __init__ by its submodules are not cycles of code.
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph.get(node, ())):
            if target not in graph or target == node:
                continue
            if state.get(target) == 1:
                cycles.append(" -> ".join(path[path.index(target):] + [target]) if target in path else f"{node} -> {target}")
            elif state.get(target) is None:
                visit(target, path + [target])
        state[node] = 2

    for node in sorted(graph):
        if state.get(node) is None:
            visit(node, [node])
    assert cycles == []


@pytest.mark.parametrize("word", ["_more", "build"])
def test_names_say_what_a_module_is(word: str) -> None:
    # No *_more.py, no two modules named build.py.
    names = [p.stem for p in PACKAGE.rglob("*.py")]
    assert not [n for n in names if n.endswith(word) or n == word]
