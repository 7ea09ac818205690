"""Render and compile: a checked report → Typst source → PDF, with the render self-check."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from ..core import codes
from ..core.diagnostics import Diagnostic
from ..model.report import Report
from . import fonts as font_roles
from .compile import Compiled, compile_pdf
from .context import build_context
from .environment import render_template
from .selfcheck import cell_keys, compare, expected_cells


@dataclass(frozen=True)
class Built:
    """The outcome of rendering: Typst source, the compiled PDF, and internal problems found."""

    typst_source: str
    compiled: Compiled | None
    diagnostics: tuple[Diagnostic, ...]


def _font_lists(report: Report, font_dirs: Sequence[Path]) -> dict[str, list[str]]:
    """Families for body, headings and tables: the source's 排版 setting first, then the defaults."""
    roles = font_roles.resolve_roles(font_roles.font_paths(list(font_dirs)))
    chosen = {"body": list(roles.body), "heading": list(roles.heading), "table": list(roles.table)}
    for key, setting in (("body", "正文字体"), ("heading", "标题字体"), ("table", "表格字体")):
        if report.typesetting.get(setting):
            chosen[key] = [report.typesetting[setting], *chosen[key]]
    return chosen


def render_typst(report: Report, derived: object | None = None, font_dirs: Sequence[Path] = (), draft: Sequence[str] = ()) -> str:
    context = build_context(report, _font_lists(report, font_dirs), derived, tuple(draft))
    return render_template(report.layout, report.layout.document, context)


def render_checked(
    report: Report, derived: object | None = None, font_dirs: Sequence[Path] = (), draft: Sequence[str] = (),
) -> tuple[str | None, list[Diagnostic]]:
    """The Typst source; a user layout's template error is a diagnostic at the 版式 line (jsc's own would be a bug)."""
    import jinja2

    try:
        return render_typst(report, derived, font_dirs, draft), []
    except (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
        if report.layout.builtin:
            raise
        where = getattr(exc, "name", None) or getattr(exc, "filename", None)
        line = getattr(exc, "lineno", None)
        place = f"{where} 第 {line} 行：" if where and line else ""
        return None, [codes.make("JSC-E0322", report.layout_span, detail=f"{place}{type(exc).__name__}: {exc}")]


def compile_checked(
    source: str, derived: object | None, font_dirs: Sequence[Path] = (), pdf_standard: str | None = None,
    on_typst: Callable[[], None] | None = None,
) -> tuple[Compiled | None, list[Diagnostic]]:
    """Compile the Typst source, then compare every printed table figure with the model."""
    try:
        compiled = compile_pdf(source, font_dirs, pdf_standard, on_typst=on_typst)
    except Exception as exc:  # a Typst error here is a template bug, never the user's text
        return None, [codes.make("JSC-E0901", None, detail=f"Typst 编译失败：{exc}")]
    return compiled, self_check(compiled, derived)


def build_pdf(report: Report, derived: object | None = None, font_dirs: Sequence[Path] = (), pdf_standard: str | None = None) -> Built:
    """Render and compile in one call (for callers that hold a model already)."""
    source = render_typst(report, derived, font_dirs)
    compiled, problems = compile_checked(source, derived, font_dirs, pdf_standard)
    return Built(source, compiled, tuple(problems))


def self_check(compiled: Compiled, derived: object | None) -> list[Diagnostic]:
    """Every figure printed in a table must equal the model's (read back from <jsc-fig> metadata).

    The expected cells come from the derived tables, not from the Jinja context,
    so a wrong mapping in context or template is caught (render/selfcheck.py).
    """
    if derived is None:
        return []
    problems = compare(expected_cells(derived), compiled.printed, cell_keys(derived))
    return [codes.make("JSC-E0901", None, detail=problem) for problem in problems]
