"""`jsc check` as a pure function: load a file, run every stage, return the diagnostics."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .core.diagnostics import Diagnostic
from .syntax.includes import Loaded, load
from .model.report import Report
from .derive import Derived
from .core.source import SourceFile


@dataclass(frozen=True)
class CheckResult:
    """What checking one file found.

    sources: every file read, for excerpts (the prior-year file's too);
    report: the model, with last year's figures from the 上年 file filled in
    where the source states none (prior.py); derived: its figures; prior: the
    compiled prior-year file's figures, when it was linked and clean.
    """

    path: str
    sources: dict[str, SourceFile]
    diagnostics: tuple[Diagnostic, ...]
    loaded: Loaded
    report: "Report | None" = None
    derived: "Derived | None" = None
    prior: "Derived | None" = None


def check_file(
    path: Path, root: Path | None = None, catalogs: tuple[Path, ...] = (), follow_prior: bool = True,
) -> CheckResult:
    """Check one file. follow_prior: also compile the file its 上年 line names (never that file's own 上年)."""
    from .syntax.parser import gc_paused

    # Like parsing, checking builds objects that all live to the end (AST, model,
    # figures): collector passes over them only cost time — a quarter of the check
    # of the 2,000-项 benchmark source. What is garbage is freed by refcount.
    with gc_paused():
        return _check_file(path, root, catalogs, follow_prior)


def _check_file(path: Path, root: Path | None, catalogs: tuple[Path, ...], follow_prior: bool) -> CheckResult:
    from .syntax.includes import find_project_root
    from .resolve.resolve import resolve
    from .resolve.catalogs import load_catalogs
    from .derive.prior import apply_prior, link_prior, supplied_line_hints
    from .rules.unfilled import collapse_unscored, unfilled

    loaded = load(path, root)
    root = root or find_project_root(path)
    diagnostics = list(loaded.diagnostics)
    sources = dict(loaded.sources)
    report = derived = prior = linked = None
    if loaded.document is not None:
        functions, economics, problems = load_catalogs(loaded.document, catalogs, root)
        diagnostics.extend(problems)
        report, found = resolve(loaded.document, functions, economics)
        diagnostics.extend(found)
        # Problems of the prior file stay beside this file's own: they do not stop its checks.
        own = list(diagnostics)
        if follow_prior and report.prior_path is not None:
            linked, found = link_prior(loaded, path, root, catalogs, report)
            diagnostics.extend(found)
            if linked is not None:
                report, found = apply_prior(report, linked)
                diagnostics.extend(found)
                sources = {**linked.sources, **sources}
                prior = linked.derived
        # The model now carries last year's figures itself (prior.apply_prior), so derive
        # needs no `prior=`: derive(result.report), as `jsc export` calls it, gives the same
        # figures as result.derived. Passing the prior Derived too would add year-on-year
        # clauses that apply_prior deliberately leaves out (the 公务用车 items of the seed).
        found, derived = _semantic(report, own, economics)
        if linked is not None:
            found = supplied_line_hints(found, linked)
        diagnostics.extend(collapse_unscored(report, found))
        diagnostics.extend(unfilled(report, loaded.sources))
    diagnostics.sort(key=lambda d: d.sort_key())
    return CheckResult(loaded.main, sources, tuple(diagnostics), loaded, report, derived, prior)


def _semantic(report: Report, earlier: list[Diagnostic], economics) -> tuple[list[Diagnostic], "Derived | None"]:
    """Derive the figures, then run the audit checks, the 核对 and the 已知差异 (passes/checks.py)."""
    from .core import codes
    from .core.diagnostics import has_errors
    from .rules.registry import run
    from .derive import derive

    if has_errors(earlier):
        return run(report, earlier), None  # lines may be missing: no figures, so no 核对 (run says so)
    try:
        derived = derive(report, economics=economics)
    except Exception as exc:  # a bug in derive must not hide the checks that read the model
        bug = codes.make("JSC-E0901", report.header_span, detail=f"derive: {type(exc).__name__}: {exc}")
        return [bug, *run(report, earlier)], None
    return run(report, earlier, derived.figures), derived
