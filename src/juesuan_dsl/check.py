"""`jsc check` as a pure function: load a file, run every stage, return the diagnostics."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic
from .load import Loaded, load
from .model import Report
from .source import SourceFile


@dataclass(frozen=True)
class CheckResult:
    """What checking one file found: the loaded sources (for excerpts) and all diagnostics."""

    path: str
    sources: dict[str, SourceFile]
    diagnostics: tuple[Diagnostic, ...]
    loaded: Loaded
    report: "Report | None" = None


def check_file(path: Path, root: Path | None = None, catalogs: tuple[Path, ...] = ()) -> CheckResult:
    from .load import find_project_root
    from .passes.resolve import resolve
    from .passes.resolve_catalogs import load_catalogs

    loaded = load(path, root)
    diagnostics = list(loaded.diagnostics)
    report = None
    if loaded.document is not None:
        functions, economics, problems = load_catalogs(loaded.document, catalogs, root or find_project_root(path))
        diagnostics.extend(problems)
        report, found = resolve(loaded.document, functions, economics)
        diagnostics.extend(found)
    diagnostics.sort(key=lambda d: d.sort_key())
    return CheckResult(loaded.main, loaded.sources, tuple(diagnostics), loaded, report)
