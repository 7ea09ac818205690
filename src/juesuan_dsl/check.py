"""`jsc check` as a pure function: load a file, run every stage, return the diagnostics."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic
from .load import Loaded, load
from .model import Report
from .passes.derive import Derived
from .source import SourceFile


@dataclass(frozen=True)
class CheckResult:
    """What checking one file found: the loaded sources (for excerpts) and all diagnostics."""

    path: str
    sources: dict[str, SourceFile]
    diagnostics: tuple[Diagnostic, ...]
    loaded: Loaded
    report: "Report | None" = None
    derived: "Derived | None" = None


def check_file(path: Path, root: Path | None = None, catalogs: tuple[Path, ...] = ()) -> CheckResult:
    from .load import find_project_root
    from .passes.resolve import resolve
    from .passes.resolve_catalogs import load_catalogs

    loaded = load(path, root)
    diagnostics = list(loaded.diagnostics)
    report = derived = None
    if loaded.document is not None:
        functions, economics, problems = load_catalogs(loaded.document, catalogs, root or find_project_root(path))
        diagnostics.extend(problems)
        report, found = resolve(loaded.document, functions, economics)
        diagnostics.extend(found)
        found, derived = _semantic(report, diagnostics, economics)
        diagnostics.extend(found)
    diagnostics.sort(key=lambda d: d.sort_key())
    return CheckResult(loaded.main, loaded.sources, tuple(diagnostics), loaded, report, derived)


def _semantic(report: Report, earlier: list[Diagnostic], economics) -> tuple[list[Diagnostic], "Derived | None"]:
    """Derive the figures, then run the audit checks, the 核对 and the 已知差异 (passes/checks.py)."""
    from . import codes
    from .diagnostics import has_errors
    from .passes.checks import run
    from .passes.derive import derive

    if has_errors(earlier):
        return run(report, earlier), None  # lines may be missing: no figures, so no 核对 (run says so)
    try:
        derived = derive(report, economics=economics)
    except Exception as exc:  # a bug in derive must not hide the checks that read the model
        bug = codes.make("JSC-E0901", report.header_span, detail=f"derive: {type(exc).__name__}: {exc}")
        return [bug, *run(report, earlier)], None
    return run(report, earlier, derived.figures), derived
