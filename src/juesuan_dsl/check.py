"""`jsc check` as a pure function: load a file, run every stage, return the diagnostics."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic
from .load import Loaded, load
from .source import SourceFile


@dataclass(frozen=True)
class CheckResult:
    """What checking one file found: the loaded sources (for excerpts) and all diagnostics."""

    path: str
    sources: dict[str, SourceFile]
    diagnostics: tuple[Diagnostic, ...]
    loaded: Loaded


def check_file(path: Path, root: Path | None = None) -> CheckResult:
    loaded = load(path, root)
    diagnostics = tuple(sorted(loaded.diagnostics, key=lambda d: d.sort_key()))
    return CheckResult(loaded.main, loaded.sources, diagnostics, loaded)
