"""What keeps a document a draft: the findings a finished, publishable document cannot have.

Open are a variance without its reason (需说明), a `# 待填` section still empty (JSC-W0502),
a fact the layout needs and the source does not give (the C checks' warnings), and, for a
`jsc build --draft`, any error. A build with open items prints 草稿 on every page and lists
them on a first page; `jsc build --final` refuses to write it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath

from ..core.diagnostics import Diagnostic, Severity
from .registry import BY_CODE

UNFILLED = "JSC-W0502"


def is_open(diagnostic: Diagnostic) -> bool:
    """Whether the finding leaves the document unfinished (errors are the caller's business)."""
    if diagnostic.severity is Severity.EXPLAIN or diagnostic.code == UNFILLED:
        return True
    check = BY_CODE.get(diagnostic.code)
    return diagnostic.severity is Severity.WARNING and check is not None and check.id.startswith("C")


def open_items(diagnostics: Iterable[Diagnostic], errors_too: bool = False) -> tuple[Diagnostic, ...]:
    """The open findings, in order; with errors_too (a --draft build) the errors as well."""
    return tuple(d for d in diagnostics if is_open(d) or (errors_too and d.severity is Severity.ERROR))


def item_line(diagnostic: Diagnostic) -> str:
    """One line of the draft's first page: where, and what."""
    span = diagnostic.span
    where = f"{PurePath(span.file).name} 第 {span.line} 行：" if span is not None else ""  # the name: no folders in print
    return f"{where}{diagnostic.severity.label}：{diagnostic.message}"
