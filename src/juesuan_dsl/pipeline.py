"""The order of the stages, in one place: parse → resolve → derive → rules → render → compile.

`compile_file(path, options, until)` runs the stages of `STAGES` in order on one
source and returns a `Compilation`: what each stage made and every diagnostic
found on the way. `jsc check` stops after the rules, `jsc build` after compile,
the linked prior-year file after derive. Diagnostics are collected, never
raised (beancount's loader); a bug in a stage becomes JSC-E0901 and the stages
after it do not run.

A build overlaps its last three stages: Typst compiles on a thread (it
releases the GIL) while the rules run, and a PDF the rules turn out to forbid
is dropped, so what a build reports is what the stages in order would report
(`_rules_beside_compile`).

The prior year: a `上年 "file.jsl"` line links last year's source. It is
located by the rules of 包含 (relative to the file that writes it, inside the
project, a .jsl file, not the file itself) and compiled by `compile_file`
itself up to derive, without following *its* 上年 line (no chains, no cycles);
its own problems become one diagnostic at the 上年 line. Derive's first step
(derive/prior.py) lends its figures to this year's model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .core import codes
from .core.diagnostics import Diagnostic, Severity, has_errors
from .core.paths import display_path, find_project_root, inside, unusable_path
from .core.source import SourceFile
from .model.derived import Derived, PriorYear
from .model.report import Report
from .syntax.ast import Statement, Text
from .syntax.includes import Loaded

if TYPE_CHECKING:
    from .core.background import Background


@dataclass(frozen=True)
class Options:
    """How to compile: root (project folder; default: found from the file), catalogs (extra 科目表
    CSV files), follow_prior (compile the 上年 file too), font_dirs and pdf_standard (for compile);
    mode: "normal" (a build with open items is a PDF marked 草稿), "final" (no PDF while anything
    is open) or "draft" (a marked PDF even with errors, as far as the model can be built)."""

    root: Path | None = None
    catalogs: tuple[Path, ...] = ()
    follow_prior: bool = True
    font_dirs: tuple[Path, ...] = ()
    pdf_standard: str | None = None
    mode: str = "normal"


@dataclass(frozen=True)
class Compilation:
    """What compiling one file made, stage by stage.

    path: the main file as shown; sources: every file read, for excerpts (the
    prior-year file's too); diagnostics: sorted, of every stage that ran;
    loaded: the parsed files; report: the model, with last year's figures lent
    where the source states none; derived: its figures; prior: the linked
    prior-year file's figures; typst_source / compiled: the render and compile
    results (None unless those stages ran and succeeded); draft: the open items a
    built PDF lists on its first page under 草稿 (empty: a finished document);
    inputs: every file read, with what it is (源文件, 被包含的文件, 科目表, 版式文件, 上年文件 …),
    which no output may replace (core/fsutil.py).
    """

    path: str
    sources: dict[str, SourceFile]
    diagnostics: tuple[Diagnostic, ...]
    loaded: Loaded
    report: Report | None = None
    derived: Derived | None = None
    prior: Derived | None = None
    typst_source: str | None = None
    compiled: object | None = None
    draft: tuple[Diagnostic, ...] = ()
    inputs: tuple[tuple[Path, str], ...] = ()


CheckResult = Compilation  # the name the check-only callers know


@dataclass
class _Run:
    """The state one compilation carries from stage to stage."""

    path: Path
    options: Options
    root: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, SourceFile] = field(default_factory=dict)
    loaded: Loaded | None = None
    report: Report | None = None
    economics: object | None = None
    own: list[Diagnostic] = field(default_factory=list)  # this file's problems, without the prior file's
    linked: PriorYear | None = None
    derived: Derived | None = None
    typst_source: str | None = None
    compiled: object | None = None
    draft: tuple[Diagnostic, ...] = ()


def _parse(run: _Run) -> bool:
    from .syntax.includes import load

    run.loaded = load(run.path, run.options.root)
    run.diagnostics.extend(run.loaded.diagnostics)
    run.sources.update(run.loaded.sources)
    return run.loaded.document is not None


def _resolve(run: _Run) -> bool:
    from .resolve.catalogs import load_catalogs
    from .resolve.layouts import choose_layout
    from .resolve.resolve import resolve

    functions, run.economics, problems = load_catalogs(run.loaded.document, run.options.catalogs, run.root)
    run.diagnostics.extend(problems)
    layout, problems = choose_layout(run.loaded.document, run.root)
    run.diagnostics.extend(problems)
    run.report, found = resolve(run.loaded.document, functions, run.economics, layout)
    run.diagnostics.extend(found)
    # Problems of the prior file stay beside this file's own: they do not stop its checks.
    run.own = list(run.diagnostics)
    if run.options.follow_prior and run.report.prior_path is not None:
        run.linked, found = link_prior(run.loaded, run.path, run.root, run.options.catalogs, run.report)
        run.diagnostics.extend(found)
    return True


def _derive(run: _Run) -> bool:
    from .derive import derive
    from .derive.prior import apply_prior

    if run.linked is not None:
        run.report, found = apply_prior(run.report, run.linked)
        run.diagnostics.extend(found)
        run.sources = {**run.linked.sources, **run.sources}
    if has_errors(run.own):
        return True  # lines may be missing: no figures; the rules still run those that read one line
    try:
        run.derived = derive(run.report, economics=run.economics)
    except Exception as exc:  # a bug in derive must not hide the checks that read the model
        run.diagnostics.append(codes.make("JSC-E0901", run.report.header_span, detail=f"derive: {type(exc).__name__}: {exc}"))
    return True


def _rules(run: _Run) -> bool:
    from .rules.registry import run as run_rules
    from .rules.unfilled import unfilled

    figures = run.derived.figures if run.derived is not None else None
    from .rules.typed_text import typed_texts

    texts = tuple(typed_texts(run.loaded.document)) if run.loaded is not None else ()
    run.diagnostics.extend(run_rules(run.report, run.own, figures, run.derived, texts, run.loaded.sources if run.loaded else None))
    run.diagnostics.extend(unfilled(run.report, run.loaded.sources))
    return not has_errors(run.diagnostics) and run.derived is not None


def _render(run: _Run) -> bool:
    from .render.typeset import render_checked

    draft = []
    if run.draft:  # the rules' module only when there is a list to print (it is not small to load)
        from .rules.openness import item_line

        draft = [item_line(d) for d in run.draft]
    run.typst_source, found = render_checked(run.report, run.derived, run.options.font_dirs, draft)
    run.diagnostics.extend(found)
    return run.typst_source is not None


def _compile(run: _Run) -> bool:
    from .render.typeset import compile_checked

    run.compiled, found = compile_checked(run.typst_source, run.derived, run.options.font_dirs, run.options.pdf_standard)
    run.diagnostics.extend(found)
    if has_errors(found):
        run.compiled = None
    return run.compiled is not None


def _rules_beside_compile(run: _Run) -> None:
    """rules → render → compile, with the compile on a thread while the rules run.

    Render and compile run only when the rules pass; here they start before the
    rules are known, so everything they make is kept only if the rules pass:
    with an error from the rules the Typst source, the PDF and any problem of
    render or compile are dropped (the compile is left to finish on its own:
    Typst cannot be interrupted), exactly as if they had not run.
    """
    if has_errors(run.diagnostics) or run.derived is None:
        _rules(run)  # render and compile would not run whatever the rules say
        if run.options.mode == "draft" and run.derived is not None:
            from .rules.openness import open_items

            _draft_build(run, open_items(run.diagnostics, errors_too=True))
        return
    failure = job = None
    try:
        _render(run)
        job = _start_compile(run)
    except Exception as exc:  # a bug in render: it counts only if the rules pass
        failure = exc
    # Imported only now: loading the rules (some 20 ms) is done while Typst compiles.
    from .rules.openness import open_items

    passed = _rules(run)
    draft = open_items(run.diagnostics, errors_too=run.options.mode == "draft")
    if not passed and run.options.mode != "draft":
        run.typst_source = None
        return
    if failure is not None:
        raise failure
    if draft:  # the clean render went ahead on speculation; an unfinished one says so
        if run.options.mode == "final":
            run.typst_source, run.draft = None, draft
            return
        _draft_build(run, draft)
        return
    run.compiled, found = job.result()
    run.diagnostics.extend(found)
    if has_errors(found):
        run.compiled = None


def _draft_build(run: _Run, draft: tuple[Diagnostic, ...]) -> None:
    """Render and compile again with the 草稿 mark and the list of what is open."""
    run.draft = draft
    if _render(run):
        _compile(run)


def _start_compile(run: _Run) -> Background:
    """compile_checked on a thread; returns once Typst runs (the compile's own Python steps first
    have the GIL to themselves, else they would wait for the rules in 5 ms turns)."""
    import threading

    from .core.background import Background
    from .render.typeset import compile_checked

    entered = threading.Event()

    def compile_now():
        try:
            return compile_checked(
                run.typst_source, run.derived, run.options.font_dirs, run.options.pdf_standard, on_typst=entered.set,
            )
        finally:
            entered.set()

    job = Background(compile_now)
    entered.wait()
    return job


#: The stages in order. A stage returns False when the later stages cannot run.
STAGES: tuple[tuple[str, Callable[[_Run], bool]], ...] = (
    ("parse", _parse),
    ("resolve", _resolve),
    ("derive", _derive),
    ("rules", _rules),
    ("render", _render),
    ("compile", _compile),
)
STAGE_NAMES = tuple(name for name, _ in STAGES)


def compile_file(path: Path, options: Options = Options(), until: str = "rules") -> Compilation:
    """Run the stages on one file, up to and including `until` (a name of STAGES)."""
    from .core.collector import gc_paused

    if until not in STAGE_NAMES:
        raise ValueError(f"no stage {until!r}; stages: {STAGE_NAMES}")
    run = _Run(path, options, options.root or find_project_root(path))
    # Checking builds objects that all live to the end (AST, model, figures): collector
    # passes over them only cost time (a quarter of the check of the 2,000-项 benchmark).
    with gc_paused():
        for name, stage in STAGES:
            if name == "rules" and until == "compile":
                _rules_beside_compile(run)  # rules, render and compile: the same outcome, sooner
                break
            if not stage(run) or name == until:
                break
    run.diagnostics.sort(key=lambda d: d.sort_key())
    main = run.loaded.main if run.loaded is not None else display_path(path)
    prior = run.linked.derived if run.linked is not None else None
    return Compilation(
        main, run.sources, tuple(run.diagnostics), run.loaded, run.report, run.derived, prior,
        run.typst_source, run.compiled, run.draft, _inputs(run),
    )


_PRIOR_ROLES = {"源文件": "上年文件", "被包含的文件": "上年文件包含的文件", "科目表": "上年文件的科目表"}


def _inputs(run: _Run) -> tuple[tuple[Path, str], ...]:
    """Every file this compilation read, and what it is."""
    from .layout.load import builtin_folders
    from .resolve.catalogs import catalog_files

    if run.loaded is None or not run.loaded.paths:
        return ((run.path, "源文件"),)
    found = [(path, "源文件" if shown == run.loaded.main else "被包含的文件") for shown, path in run.loaded.paths.items()]
    if run.loaded.document is not None:
        found.extend((path, "科目表") for path in catalog_files(run.loaded.document, run.options.catalogs, run.root))
    folder = run.report.layout.folder if run.report is not None else None
    if folder is not None and folder not in builtin_folders().values():  # a user's layout: its files are theirs
        found.extend((path, "版式文件") for path in sorted(folder.rglob("*")) if path.is_file())
    if run.linked is not None:
        found.extend((path, _PRIOR_ROLES.get(role, role)) for path, role in run.linked.inputs)
    return tuple(found)


def check_file(path: Path, root: Path | None = None, catalogs: tuple[Path, ...] = (), follow_prior: bool = True) -> Compilation:
    """`jsc check` of one file: every stage up to the rules."""
    return compile_file(path, Options(root, tuple(catalogs), follow_prior), until="rules")


def build_file(path: Path, options: Options = Options()) -> Compilation:
    """`jsc build` of one file: every stage; `compiled` is None when anything failed."""
    return compile_file(path, options, until="compile")


# --- the prior year -----------------------------------------------------------------------------


def prior_statement(loaded: Loaded) -> Statement | None:
    """This year's top-level 上年 "file" line (it may stand in an included header file)."""
    if loaded.document is None:
        return None
    return next((s for s in loaded.document.statements if s.kind == "上年" and s.args), None)


def link_prior(
    loaded: Loaded, main: Path, root: Path, catalogs: tuple[Path, ...] = (), report: Report | None = None,
) -> tuple[PriorYear | None, list[Diagnostic]]:
    """Locate and compile (up to derive) the file named by 上年; problems are diagnostics at that line."""
    statement = prior_statement(loaded)
    if statement is None:
        return None, []
    target = statement.args[0]
    assert isinstance(target, Text)
    at = target.span
    if unusable_path(target.value) or not target.value.strip():
        return None, [codes.make("JSC-E0304", at, path=target.value, reason="路径为空或含有控制字符")]
    root = root.resolve()
    try:
        path, problem = _locate(target, main if at.file == loaded.main else Path(at.file), main, root)
    except OSError as exc:  # e.g. a name too long for the file system
        path, problem = None, codes.make("JSC-E0304", at, path=target.value, reason=exc.strerror or str(exc))
    except RuntimeError:  # Path.resolve() on a symbolic-link loop (Python < 3.13)
        path, problem = None, codes.make("JSC-E0304", at, path=target.value, reason="符号链接循环")
    if path is None:
        return None, [problem]
    result = compile_file(path, Options(root, tuple(catalogs), follow_prior=False), until="derive")
    # Broken means its figures cannot be computed (syntax, structure, includes, catalogs).
    # Its audit findings and 核对 are its own business — and some cannot hold here at all:
    # a 核对 of its year-on-year figures needs *its* 上年 file, which is not followed.
    if result.report is None or result.derived is None:
        errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
        first = errors[0] if errors else None
        where = f"{first.span.file}:{first.span.line}:{first.span.column} " if first and first.span else ""
        hint = (f"第一个错误：{where}{first.message}。" if first else "") + f"运行 jsc check {result.path} 查看全部。"
        return None, [codes.make("JSC-E0306", at, hint=hint, path=result.path, count=len(errors))]
    prior = PriorYear(result.path, at, result.report, result.derived, dict(result.sources), result.inputs)
    return prior, _header_problems(report, prior) if report is not None else []


def _locate(target: Text, writer: Path, main: Path, root: Path) -> tuple[Path | None, Diagnostic | None]:
    """The prior file's path by the rules of 包含, or the diagnostic that says why not."""
    at = target.span
    path = (writer.resolve().parent / target.value).resolve()
    if not inside(path, root):
        return None, codes.make("JSC-E0302", at, path=target.value, root=display_path(root))
    if path == main.resolve():
        return None, codes.make("JSC-E0308", at, path=target.value)
    if not path.exists():
        return None, codes.make("JSC-E0301", at, path=target.value)
    if path.is_dir():
        return None, codes.make("JSC-E0304", at, path=target.value, reason="这是一个目录")
    if path.suffix.lower() != ".jsl":
        return None, codes.make("JSC-E0307", at, path=target.value)
    return path, None


def _header_problems(report: Report, prior: PriorYear) -> list[Diagnostic]:
    found = []
    if report.year and prior.report.year != report.year - 1:
        found.append(codes.make("JSC-W0503", prior.span, path=prior.shown, found=prior.report.year, expected=report.year - 1))
    if prior.report.department != report.department:
        found.append(codes.make("JSC-W0504", prior.span, path=prior.shown, found=prior.report.department, this=report.department))
    return found

