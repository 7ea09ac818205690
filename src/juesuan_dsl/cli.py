"""The `jsc` command line: a thin layer over check/fmt that owns output and exit codes.

Exit codes: 0 clean (warnings allowed), 1 errors found, 2 wrong usage. No
traceback reaches the user: a bug becomes diagnostic JSC-E0901.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .core import codes
from .core.diagnostics import Diagnostic, Severity, has_errors
from .outputs.diagnostics import (
    format_diagnostic,
    summary_line,
    to_json,
    use_colour,
    write,
)

FORMATS = click.Choice(["text", "json"])
COLOUR = click.Choice(["auto", "always", "never"])


def _emit(diagnostics: list[Diagnostic], sources, files: list[str], fmt: str, colour: str, command: str, verbose: bool = True) -> None:
    out = sys.stdout
    if fmt == "json":
        write(out, to_json(diagnostics, files, command))
        return
    paint = use_colour(out, colour)
    rounding = [d for d in diagnostics if d.code == ROUNDING_NOTE]
    grouped = not verbose and len(rounding) > ROUNDING_GROUP
    for diagnostic in diagnostics:
        if grouped and diagnostic.code == ROUNDING_NOTE:
            continue
        if not verbose and diagnostic.severity is Severity.INFO:
            out.write(_brief(diagnostic) + "\n")  # known, explained differences: one line each
            continue
        out.write(format_diagnostic(diagnostic, sources, paint) + "\n\n")
    if grouped:
        out.write(_rounding_group(rounding) + "\n")
    write(out, summary_line(diagnostics, len(files)))


ROUNDING_NOTE = "JSC-I0705"
ROUNDING_GROUP = 3  # more rounding notes than this are one line per file without --verbose


def _rounding_group(notes: list[Diagnostic]) -> str:
    """The rounding notes in one line per file: how many, and the lines (--verbose lists each)."""
    by_file: dict[str, list[int]] = {}
    for note in notes:
        if note.span is not None:
            by_file.setdefault(note.span.file, []).append(note.span.line)
    return "\n".join(
        f"{file}：提示[{ROUNDING_NOTE}]：{len(lines)} 个公开数与其各部分之和相差尾数，按公开数印出"
        f"（第 {'、'.join(map(str, lines))} 行的核对；--verbose 逐条列出）"
        for file, lines in by_file.items()
    )


def _list_adjusted(path: str, cells) -> None:
    """舍位平衡: the printed cells that differ from their own rounding, so a reviewer can see why."""
    if not cells:
        return
    write(sys.stdout, f"{path}：舍位平衡调整了 {len(cells)} 个单元格（元换算为万元后，使各表的分项之和等于合计）：")
    for cell in cells:
        write(sys.stdout, f"  公开{cell.table}表 {cell.row} {cell.column}：精确值 {cell.exact:f} 万元，印出 {cell.shown:f}")


def _brief(diagnostic: Diagnostic) -> str:
    """An info diagnostic on one line: location, code and message (--verbose shows it in full)."""
    from .core.terminal import shown, shown_name

    span = diagnostic.span
    where = f"{shown_name(span.file)}:{span.line}:{span.column}：" if span is not None else ""
    return f"{where}{diagnostic.severity.label}[{diagnostic.code}]：{shown(diagnostic.message)}"


def _internal_error(exc: BaseException) -> Diagnostic:
    import traceback

    detail = f"{type(exc).__name__}: {exc}"
    sys.stderr.write(traceback.format_exc() if _debug() else "")
    return codes.make("JSC-E0901", None, detail=detail)


def _debug() -> bool:
    import os

    return bool(os.environ.get("JSC_DEBUG"))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="jsc", message="%(prog)s %(version)s")
def main() -> None:
    """jsc：部门决算公开编译器。把 .jsl 源文件编译成可公开的决算文件。"""


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True, help="输出格式：text 供人阅读，json 供 CI 使用。")
@click.option("--color", "colour", type=COLOUR, default="auto", show_default=True, help="是否使用颜色。")
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=None, help="项目目录（包含的文件须在其中）；默认为含 .git 或 jsc.toml 的上级目录。")
@click.option("--verbose", "-v", is_flag=True, help="提示（如已说明的差异）也显示源代码行、相关行和提示；默认每条一行。并列出舍位平衡调整过的单元格。")
@click.option("--catalog", "catalogs", multiple=True, type=click.Path(path_type=Path, dir_okay=False, exists=True), help="补充科目表（CSV：code,name），如新版《政府收支分类科目》；可写多次，优先于内置科目表。")
def check(files: tuple[Path, ...], fmt: str, colour: str, root: Path | None, verbose: bool, catalogs: tuple[Path, ...]) -> None:
    """检查源文件的语法、结构和引用。"""
    from .pipeline import check_file

    diagnostics: list[Diagnostic] = []
    sources = {}
    shown: list[str] = []
    for path in files:
        try:
            result = check_file(path, root, catalogs)
            diagnostics.extend(result.diagnostics)
            sources.update(result.sources)
            shown.append(result.path)
            if verbose and fmt == "text" and result.derived is not None:
                _list_adjusted(result.path, result.derived.adjusted_cells)
        except Exception as exc:  # a bug in jsc, never the user's fault
            diagnostics.append(_internal_error(exc))
            shown.append(str(path))
    _emit(diagnostics, sources, shown, fmt, colour, "check", verbose)
    sys.exit(1 if has_errors(diagnostics) else 0)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--check", "check_only", is_flag=True, help="只检查是否已是规范格式，不改写文件；未规范的文件会列出并返回 1。")
@click.option("--color", "colour", type=COLOUR, default="auto", show_default=True, help="是否使用颜色。")
def fmt(files: tuple[Path, ...], check_only: bool, colour: str) -> None:
    """把源文件改写为统一的规范格式（保留注释）。"""
    from .core.fsutil import Refused, atomic_write, target_of
    from .core.paths import display_path
    from .core.terminal import shown_name
    from .syntax.includes import read_source
    from .syntax.parser import parse_raw
    from .tools.fmt import format_raw

    failed = False
    for path in files:
        shown = display_path(path)
        try:
            source, problems = read_source(path, shown)
            if source is None:
                _emit(problems, {}, [shown], "text", colour, "fmt")
                failed = True
                continue
            raw = parse_raw(source)
            if raw.diagnostics:  # syntax errors: formatting could lose text, so report and skip
                _emit(list(raw.diagnostics), {shown: source}, [shown], "text", colour, "fmt")
                failed = True
                continue
            formatted = format_raw(raw)
            original = path.read_bytes()
            if formatted.encode("utf-8") == original:
                continue
            if check_only:
                write(sys.stdout, f"需要格式化：{shown_name(shown)}")
                failed = True
            else:
                target_of(path, documents=False)  # read-only, or not a regular file: not rewritten
                atomic_write(path, formatted.encode("utf-8"), documents=False)  # a symlink: its target, the link stays
                write(sys.stdout, f"已格式化：{shown_name(shown)}")
        except Refused as refusal:
            write(sys.stderr, f"错误：{refusal}")
            failed = True
        except Exception as exc:
            _emit([_internal_error(exc)], {}, [shown], "text", colour, "fmt")
            failed = True
    sys.exit(1 if failed else 0)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="输出的 PDF 文件；默认与源文件同名。编译文件夹或多个文件时为输出文件夹，其中保持源文件的目录结构。")
@click.option("--typst", "typst_out", type=click.Path(path_type=Path), default=None, help="同时写出生成的 Typst 源文件，便于查看（编译多个文件时为文件夹）。")
@click.option("--font-path", "font_dirs", multiple=True, type=click.Path(path_type=Path, file_okay=False, exists=True), help="另外的字体目录（如单位自有的仿宋_GB2312），可写多次。")
@click.option("--pdf-standard", type=click.Choice(["a-2b", "a-3b"]), default=None, help="生成符合 PDF/A 的归档版本。")
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=None, help="项目目录。")
@click.option("--color", "colour", type=COLOUR, default="auto", show_default=True, help="是否使用颜色。")
@click.option("--catalog", "catalogs", multiple=True, type=click.Path(path_type=Path, dir_okay=False, exists=True), help="补充科目表（CSV：code,name），如新版《政府收支分类科目》；可写多次，优先于内置科目表。")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="编译多个文件时同时运行的进程数；默认为 CPU 核数。")
@click.option("--final", "mode", flag_value="final", help="只写出完成的文件：还有需说明、待填或缺少的内容时不写出，列出它们，退出码为 1。")
@click.option("--draft", "mode", flag_value="draft", help="即使有错误也写出标有“草稿”的 PDF（尽可能），供审阅；有错误时退出码仍为 1。")
def build(files: tuple[Path, ...], output: Path | None, typst_out: Path | None, font_dirs: tuple[Path, ...], pdf_standard: str | None, root: Path | None, colour: str, catalogs: tuple[Path, ...], jobs: int | None, mode: str | None = None) -> None:
    """把源文件编译为部门决算公开 PDF。有错误时不写出任何文件。

    FILES 可以是一个或多个 .jsl 文件，也可以是文件夹（编译其中所有的 .jsl，被“包含”的文件除外）：
    多个文件时同时使用所有 CPU 核，某个文件失败时继续编译其余的，最后列出汇总表；有文件失败时返回 1。
    还有需说明的差异、待填的内容或版式需要而没有写的内容时，PDF 每页标“草稿”，第一页列出待处理的事项。
    """
    from .core.fsutil import is_dir

    if len(files) == 1 and not is_dir(files[0]):
        file = files[0]
        if output is not None and is_dir(output):
            output = output / file.with_suffix(".pdf").name  # -o an existing folder: the PDF goes inside it
        _build_one_file(file, output, typst_out, font_dirs, pdf_standard, root, colour, catalogs, mode or "normal")
    _build_many(files, output, typst_out, font_dirs, pdf_standard, root, colour, catalogs, jobs, mode or "normal")


def _build_one_file(file: Path, output: Path | None, typst_out: Path | None, font_dirs: tuple[Path, ...], pdf_standard: str | None, root: Path | None, colour: str, catalogs: tuple[Path, ...], mode: str = "normal") -> None:
    """`jsc build FILE`: diagnostics and the result line on stderr; exits.

    The outputs are checked before the build (core/fsutil.py: not the source, not a .jsl, a
    regular file in a folder that exists …) and again, against every file the build read, when
    they are written: all of them or none.
    """
    from .core.diagnostics import Severity
    from .core.fsutil import Refused, check_outputs, write_files
    from .pipeline import Options, build_file

    output = output or file.with_suffix(".pdf")
    outputs = [path for path in (typst_out, output) if path is not None]
    try:
        check_outputs(outputs, [(file, "源文件"), *((c, "科目表") for c in catalogs)])
    except Refused as refusal:
        write(sys.stderr, f"错误：{refusal}。没有写出任何文件。")
        sys.exit(1)
    result = None
    try:
        result = build_file(file, Options(root, catalogs, True, font_dirs, pdf_standard, mode))
        diagnostics = list(result.diagnostics)
        if result.compiled is None:
            _emit_to_stderr(diagnostics, result.sources, colour)
            if mode == "final" and result.draft:
                write(sys.stderr, f"没有写出 {output}：--final 要求完成的文件，还有 {len(result.draft)} 项待处理（见上）。")
            sys.exit(1)
        typst_file = [(typst_out, result.typst_source.encode("utf-8"))] if typst_out is not None else []
        write_files([*typst_file, (output, result.compiled.pdf)], result.inputs)
    except Refused as refusal:
        _emit_to_stderr(diagnostics, result.sources, colour, quiet_when_clean=True)
        write(sys.stderr, f"错误：{refusal}。没有写出任何文件。")
        sys.exit(1)
    except Exception as exc:
        _emit_to_stderr([_internal_error(exc)], {}, colour)
        sys.exit(1)
    _emit_to_stderr(diagnostics, result.sources, colour, quiet_when_clean=True)
    if result.draft:
        write(sys.stderr, f"已生成草稿 {output}（{result.compiled.pages} 页，每页标“草稿”；{len(result.draft)} 项待处理，列在第一页）")
    else:
        write(sys.stderr, f"已生成 {output}（{result.compiled.pages} 页）")
    sys.exit(1 if any(d.severity is Severity.ERROR for d in diagnostics) else 0)


def _build_many(files: tuple[Path, ...], output: Path | None, typst_out: Path | None, font_dirs: tuple[Path, ...], pdf_standard: str | None, root: Path | None, colour: str, catalogs: tuple[Path, ...], jobs: int | None, mode: str = "normal") -> None:
    """`jsc build DIR` or several files: a process pool, a progress bar on a terminal, a summary table."""
    import os
    import time

    from .batch.pool import Options, default_workers, plan, run
    from .batch.report import Progress, summary_table, totals_line
    from .core.fsutil import is_dir, quoted
    from .core.terminal import shown_name

    for path, what, suffix in ((output, "-o", ".pdf"), (typst_out, "--typst", ".typ")):
        if path is not None and ((os.path.exists(path) and not is_dir(path)) or path.suffix.lower() == suffix):
            raise click.UsageError(f"编译文件夹或多个文件时，{what} 应是一个文件夹（其中保持源文件的目录结构），而不是文件“{shown_name(path)}”。")
    planned = plan(files, output, typst_out)
    err = sys.stderr
    for link in planned.outside:
        write(err, f"警告：跳过符号链接{quoted(link)}：它指向所编译的文件夹之外，没有读取。")
    if planned.clashes:
        for first, second, out in planned.clashes:
            write(err, f"错误：{quoted(first)}和{quoted(second)}都会写出{quoted(out)}；请把其中一个改名或移走。")
        write(err, "没有编译任何文件。")
        sys.exit(1)
    if not planned.jobs:
        raise click.UsageError("没有找到要编译的 .jsl 文件：" + "、".join(shown_name(f) for f in files))
    if planned.fragments:
        write(err, f"跳过 {len(planned.fragments)} 个被其他源文件“包含”的文件（它们是那些文件的一部分）。")
    options = Options(root, catalogs, font_dirs, pdf_standard, use_colour(err, colour), mode)
    workers = min(jobs or default_workers(len(planned.jobs)), len(planned.jobs))
    progress = Progress(err, len(planned.jobs)) if hasattr(err, "isatty") and err.isatty() else None
    if progress is not None:
        progress.update(0)
    start = time.perf_counter()
    try:
        outcomes = run(
            planned.jobs, options, workers,
            on_done=(lambda done, outcome: progress.update(done, outcome.source)) if progress is not None else None,
        )
    except Exception as exc:  # a bug in jsc (each file's own failures are in its outcome)
        if progress is not None:
            progress.clear()
        _emit_to_stderr([_internal_error(exc)], {}, colour)
        sys.exit(1)
    finally:
        if progress is not None:
            progress.clear()
    seconds = time.perf_counter() - start
    for outcome in outcomes:
        if outcome.text:
            err.write(f"── {shown_name(outcome.source)} ──\n{outcome.text}\n\n")
    err.flush()
    for line in summary_table(outcomes):
        sys.stdout.write(line + "\n")
    write(sys.stdout, totals_line(outcomes, seconds, workers))
    sys.exit(0 if all(o.ok for o in outcomes) else 1)


def _emit_to_stderr(diagnostics: list[Diagnostic], sources, colour: str, quiet_when_clean: bool = False) -> None:
    """Errors, warnings and 需说明 in full; notes (INFO) only counted — `jsc check -v` lists them."""
    paint = use_colour(sys.stderr, colour)
    for diagnostic in diagnostics:
        if diagnostic.severity is not Severity.INFO:
            sys.stderr.write(format_diagnostic(diagnostic, sources, paint) + "\n\n")
    if diagnostics or not quiet_when_clean:
        write(sys.stderr, summary_line(diagnostics, 1))


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "xlsx"]), default="json", show_default=True, help="导出格式：json 为编译后的数据（docs/export-json.md），xlsx 为九张表的工作簿（docs/export-xlsx.md，须用 -o）。")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None, help="写入的文件；不写则输出到标准输出（仅 json）。")
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=None, help="项目目录（包含的文件须在其中）；默认为含 .git 或 jsc.toml 的上级目录。")
def export(file: Path, fmt: str, output: Path | None, root: Path | None) -> None:
    """导出编译后的数据（json）或九张表的工作簿（xlsx）。有错误时不导出。"""
    from .core.fsutil import Refused, atomic_write, check_outputs
    from .derive import derive
    from .pipeline import check_file

    if fmt == "xlsx" and output is None:
        raise click.UsageError("--format xlsx 须用 -o 指定输出文件（工作簿是二进制文件，不写到终端）。")
    try:
        if output is not None:
            check_outputs([output], [(file, "源文件")])
        result = check_file(file, root)
        diagnostics = list(result.diagnostics)
        if result.report is None or has_errors(diagnostics):
            err = sys.stderr
            for diagnostic in diagnostics:
                err.write(format_diagnostic(diagnostic, result.sources, use_colour(err, "auto")) + "\n\n")
            write(err, summary_line(diagnostics, 1))
            sys.exit(1)
        derived = derive(result.report)
        if fmt == "xlsx":
            from .outputs.xlsx import export_xlsx  # openpyxl is imported here only

            atomic_write(output, export_xlsx(result.report, derived), result.inputs)
            return
        from .outputs.model_json import export_json

        text = export_json(derived, result.path, diagnostics)
        if output is None:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            atomic_write(output, text.encode("utf-8"), result.inputs)
    except Refused as refusal:
        write(sys.stderr, f"错误：{refusal}")
        sys.exit(1)
    except Exception as exc:  # a bug in jsc, never the user's fault
        _emit([_internal_error(exc)], {}, [str(file)], "text", "auto", "export")
        sys.exit(1)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--rev", default=None, help="与该文件在 git 版本 REV 的内容比较（只写一个文件），如 --rev HEAD~1。")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True, help="输出格式：text 供终端阅读，json 供程序使用（见 docs/year-over-year.md），markdown 供合并请求的评论。")
@click.option("--color", "colour", type=COLOUR, default="auto", show_default=True, help="是否使用颜色（text 格式）。")
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=None, help="项目目录；默认为含 .git 或 jsc.toml 的上级目录。")
@click.option("--exit-code", "exit_code", is_flag=True, help="有不同时返回 1（像 git diff --exit-code）。")
def diff(files: tuple[Path, ...], rev: str | None, fmt: str, colour: str, root: Path | None, exit_code: bool) -> None:
    """比较两个源文件编译后的内容（不是逐行比较文字）：jsc diff 旧.jsl 新.jsl，或 jsc diff 文件.jsl --rev 版本。"""
    from .core.cleanup import private_folder
    from .outputs.diff import format_diff, render_json, render_markdown
    from .pipeline import check_file
    from .tools.revision import checkout
    from .tools.semdiff import Compiled, semantic_diff

    if (rev is None and len(files) != 2) or (rev is not None and len(files) != 1):
        raise click.UsageError("请写两个文件（旧 新），或一个文件加 --rev 版本。")
    try:
        with private_folder("jsc-diff-") as temp:
            sides: list[tuple[Path, Path | None, str | None]] = []
            if rev is not None:
                old, problems = checkout(files[0], rev, temp)
                if old is None:
                    _emit_to_stderr(problems, {}, colour)
                    sys.exit(1)
                sides = [(old.path, old.root, old.label), (files[0], root, None)]
            else:
                sides = [(files[0], root, None), (files[1], root, None)]
            compiled = []
            for path, side_root, label in sides:
                result = check_file(path, side_root, follow_prior=False)
                if result.report is None or result.derived is None:
                    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
                    _emit_to_stderr(errors, result.sources, colour)
                    sys.exit(1)
                compiled.append(Compiled(label or result.path, result.report, result.derived))
            found = semantic_diff(compiled[0], compiled[1])
    except Exception as exc:  # a bug in jsc, never the user's fault
        _emit_to_stderr([_internal_error(exc)], {}, colour)
        sys.exit(1)
    if fmt == "json":
        text = render_json(found)
    elif fmt == "markdown":
        text = render_markdown(found)
    else:
        text = format_diff(found, use_colour(sys.stdout, colour))
    sys.stdout.write(text)
    sys.stdout.flush()
    sys.exit(1 if exit_code and not found.empty else 0)


@main.command()
@click.argument("output", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--from", "source", required=True, type=click.Path(path_type=Path, dir_okay=False), help="上年度的源文件。")
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=None, help="项目目录；默认为含 .git 或 jsc.toml 的上级目录。")
@click.option("--force", is_flag=True, help="覆盖已经存在的文件。")
@click.option("--color", "colour", type=COLOUR, default="auto", show_default=True, help="是否使用颜色。")
def new(output: Path, source: Path, root: Path | None, force: bool, colour: str) -> None:
    """由上年的源文件生成新年度的源文件：jsc new --from 2024.jsl 2025.jsl。"""
    from .core.fsutil import Refused, atomic_write, check_outputs
    from .core.paths import display_path
    from .tools.rollover import roll_forward

    if output.exists() and not force:
        write(sys.stderr, f"“{display_path(output)}”已经存在；要覆盖请加 --force。")
        sys.exit(1)
    try:
        check_outputs([output], [(source, "上年的源文件")], documents=False)
        text, result = roll_forward(source, output, root)
        if text is None:
            errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
            _emit_to_stderr(errors, result.sources, colour)
            write(sys.stderr, "上年的源文件有错误，未生成新文件。")
            sys.exit(1)
        atomic_write(output, text.encode("utf-8"), [(path, role.replace("源文件", "上年的源文件")) for path, role in result.inputs], documents=False)
    except Refused as refusal:
        write(sys.stderr, f"错误：{refusal}")
        sys.exit(1)
    except Exception as exc:  # a bug in jsc, never the user's fault
        _emit_to_stderr([_internal_error(exc)], {}, colour)
        sys.exit(1)
    write(sys.stderr, f"已生成 {display_path(output)}：{result.report.year + 1} 年度，上年数取自 {result.path}。运行 jsc check {display_path(output)} 查看还要填写的内容。")
    sys.exit(0)


def run() -> None:
    """The `jsc` program: `main`, then an exit that leaves freeing the memory to the system.

    Tearing the interpreter down object by object (the model, the templates,
    Typst's caches) took some 30 ms at the end of every `jsc build`. Exit
    handlers still run and the output is flushed; with a thread of ours still
    to be waited for (none in a single build), the exit is the ordinary one.

    The cyclic garbage collector is off: a jsc process runs one command and
    its objects mostly live to the end, so its passes only scanned them (15-20
    ms of a build, most of it one pass over the whole model after the check);
    the few cycles made are freed with the process (50 checks leave some 2 MB).
    """
    import atexit
    import gc
    import os
    import threading

    from .core.cleanup import exit_on_signals

    gc.disable()
    exit_on_signals()  # SIGTERM, SIGHUP: temporary files and folders are removed on the way out
    try:
        main()
        status: object = 0
    except SystemExit as stop:
        status = stop.code
    others = [t for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon]
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if others or run_exit_handlers is None:
        sys.exit(status)
    if status is None or isinstance(status, int):
        code = status or 0
    else:  # sys.exit("message"): the message on stderr, status 1
        sys.stderr.write(f"{status}\n")
        code = 1
    run_exit_handlers()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more to say
            code = code or 120
    os._exit(code)


if __name__ == "__main__":
    run()
