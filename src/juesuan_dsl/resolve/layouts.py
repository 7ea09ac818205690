"""The layout a source chooses with its 版式 line: a built-in name, or a user's layout folder.

Without a 版式 line the document is printed in the default layout (湖南). A
folder path is read like a 科目表 path: relative to the file that names it,
inside the project folder. Problems are diagnostics at the 版式 line.
"""

from __future__ import annotations

from pathlib import Path

from ..core import codes
from ..core.diagnostics import Diagnostic
from ..layout.load import (
    DEFAULT,
    LayoutError,
    builtin_folders,
    builtin_layout,
    load_layout,
)
from ..layout.model import Layout
from ..syntax.ast import Document, Text


def _default_with(problem: Diagnostic) -> tuple[Layout, list[Diagnostic]]:
    """The default layout, so that checking goes on, and the problem with the chosen one."""
    return builtin_layout(DEFAULT), [problem]


def choose_layout(document: Document, root: Path | None = None) -> tuple[Layout, list[Diagnostic]]:
    """The chosen layout (the default when none is written or the chosen one cannot be used)."""
    statement = next((s for s in document.statements if s.kind == "版式" and s.args), None)
    if statement is None:
        return builtin_layout(DEFAULT), []
    value = statement.args[0]
    if not isinstance(value, Text):
        if value.text in builtin_folders():
            return builtin_layout(value.text), []
        names = "、".join(builtin_folders())
        return _default_with(codes.make("JSC-E0320", value.span, name=value.text, names=names))
    written = value.value
    try:
        folder = (Path(statement.span.file).parent / written).resolve()
        if root is not None and folder != root.resolve() and root.resolve() not in folder.parents:
            return _default_with(codes.make("JSC-E0302", value.span, path=written, root=str(root)))
        if not folder.is_dir():
            problem = "不是一个文件夹" if folder.exists() else "不存在"
            return _default_with(codes.make("JSC-E0321", value.span, path=written, problem=problem))
        return load_layout(folder), []
    except LayoutError as exc:
        return _default_with(codes.make("JSC-E0321", value.span, path=written, problem=str(exc)))
    except (OSError, RuntimeError) as exc:  # a name too long, a symlink loop
        problem = getattr(exc, "strerror", None) or str(exc)
        return _default_with(codes.make("JSC-E0321", value.span, path=written, problem=problem))
