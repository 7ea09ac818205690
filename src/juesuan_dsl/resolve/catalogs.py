"""The catalogs a source is resolved against: builtin, plus the user's 科目表 files.

A user file may mix function codes (2xx…) and economic codes (3xx…); each row
goes to the catalog its first digit names. User rows win over builtin rows
(a newer edition); problems in the file are diagnostics at the 科目表 line.
"""

from __future__ import annotations

from pathlib import Path

from ..catalog import (
    Catalog,
    CatalogEntry,
    Classification,
    economic_catalog,
    function_catalog,
    load_user_csv,
)
from ..core import codes
from ..core.diagnostics import Diagnostic
from ..core.source import Span
from ..syntax.ast import Document, Text


def _split(entries: tuple[CatalogEntry, ...]) -> tuple[list[CatalogEntry], list[CatalogEntry]]:
    functions = [e for e in entries if e.code.startswith("2")]
    economics = [e for e in entries if e.code.startswith("3")]
    return functions, economics


def _read(path: Path, at: Span | None, shown: str) -> tuple[list[CatalogEntry], list[CatalogEntry], list[Diagnostic]]:
    problems_out: list[Diagnostic] = []
    function_rows, function_problems = load_user_csv(path, Classification.FUNCTION)
    economic_rows, _ = load_user_csv(path, Classification.ECONOMIC)
    functions, _ = _split(function_rows)
    _, economics = _split(economic_rows)
    for problem in function_problems:
        # Economic codes are "bad function codes" in the function pass; they are fine.
        if problem.kind == "code" and any(e.code for e in economics if f"{e.code}" in problem.message):
            continue
        where = f"第 {problem.row} 行：" if problem.row else ""
        problems_out.append(codes.make("JSC-E0403", at, problem=f"{shown} {where}{problem.message}"))
    return functions, economics, problems_out


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def _locate(statement, root: Path | None) -> Path | Diagnostic:
    """The file a 科目表 line names, or the diagnostic that says why it cannot be used."""
    written, span = statement.args[0].value, statement.args[0].span
    if any(ord(ch) < 32 for ch in written):
        return codes.make("JSC-E0304", span, path=written, reason="路径中有控制字符")
    try:
        path = (Path(statement.span.file).parent / written).resolve()
        if root is not None and root.resolve() not in path.parents:
            return codes.make("JSC-E0302", span, path=written, root=str(root))
        if not path.is_file():
            return codes.make("JSC-E0301", span, path=written)
    except (OSError, RuntimeError) as exc:  # a name too long, a symlink loop: the path is unusable
        return codes.make("JSC-E0304", span, path=written, reason=getattr(exc, "strerror", None) or str(exc))
    return path


def catalog_files(document: Document, extra: tuple[Path, ...] = (), root: Path | None = None) -> list[Path]:
    """The 科目表 files the source reads (its own lines and --catalog), as load_catalogs finds them."""
    found = [p for p in extra if _is_file(p)]
    for statement in document.statements:
        if statement.kind == "科目表" and isinstance(statement.args[0], Text):
            path = _locate(statement, root)
            if isinstance(path, Path):
                found.append(path)
    return found


def load_catalogs(document: Document, extra: tuple[Path, ...] = (), root: Path | None = None) -> tuple[Catalog, Catalog, list[Diagnostic]]:
    functions, economics = function_catalog(), economic_catalog()
    diagnostics: list[Diagnostic] = []
    wanted: list[tuple[Path, Span | None, str]] = [(p, None, str(p)) for p in extra]
    for statement in document.statements:
        if statement.kind == "科目表" and isinstance(statement.args[0], Text):
            found = _locate(statement, root)
            if isinstance(found, Diagnostic):
                diagnostics.append(found)
            else:
                wanted.append((found, statement.args[0].span, statement.args[0].value))
    for path, at, shown in wanted:
        if not _is_file(path):
            diagnostics.append(codes.make("JSC-E0301", at, path=shown))
            continue
        function_rows, economic_rows, problems = _read(path, at, shown)
        diagnostics.extend(problems)
        functions = functions.with_entries(function_rows)
        economics = economics.with_entries(economic_rows)
    return functions, economics, diagnostics
