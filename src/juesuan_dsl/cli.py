"""The `jsc` command line: a thin layer over check/fmt that owns output and exit codes.

Exit codes: 0 clean (warnings allowed), 1 errors found, 2 wrong usage. No
traceback reaches the user: a bug becomes diagnostic JSC-E0901.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from . import __version__, codes
from .diagnostics import Diagnostic, Severity, has_errors
from .output import render_text, summary_line, to_json, use_colour, write

FORMATS = click.Choice(["text", "json"])
COLOUR = click.Choice(["auto", "always", "never"])


def _emit(diagnostics: list[Diagnostic], sources, files: list[str], fmt: str, colour: str, command: str, verbose: bool = True) -> None:
    out = sys.stdout
    if fmt == "json":
        write(out, to_json(diagnostics, files, command))
        return
    paint = use_colour(out, colour)
    for diagnostic in diagnostics:
        if not verbose and diagnostic.severity is Severity.INFO:
            out.write(_brief(diagnostic) + "\n")  # known, explained differences: one line each
            continue
        out.write(render_text(diagnostic, sources, paint) + "\n\n")
    write(out, summary_line(diagnostics, len(files)))


def _list_adjusted(path: str, cells) -> None:
    """舍位平衡: the printed cells that differ from their own rounding, so a reviewer can see why."""
    if not cells:
        return
    write(sys.stdout, f"{path}：舍位平衡调整了 {len(cells)} 个单元格（元换算为万元后，使各表的分项之和等于合计）：")
    for cell in cells:
        write(sys.stdout, f"  公开{cell.table}表 {cell.row} {cell.column}：精确值 {cell.exact:f} 万元，印出 {cell.shown:f}")


def _brief(diagnostic: Diagnostic) -> str:
    """An info diagnostic on one line: location, code and message (--verbose shows it in full)."""
    span = diagnostic.span
    where = f"{span.file}:{span.line}:{span.column}：" if span is not None else ""
    return f"{where}{diagnostic.severity.label}[{diagnostic.code}]：{diagnostic.message}"


def _internal_error(exc: BaseException) -> Diagnostic:
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
    from .check import check_file

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
    from .fmt import format_source
    from .fsutil import atomic_write
    from .load import display_path, read_source
    from .syntax.parser import parse_raw

    failed = False
    for path in files:
        shown = display_path(path)
        try:
            source, problems = read_source(path, shown)
            if source is None:
                _emit(problems, {}, [shown], "text", colour, "fmt")
                failed = True
                continue
            formatted = format_source(source)
            if formatted is None:
                errors = list(parse_raw(source).diagnostics)
                _emit(errors, {shown: source}, [shown], "text", colour, "fmt")
                failed = True
                continue
            original = path.read_bytes()
            if formatted.encode("utf-8") == original:
                continue
            if check_only:
                write(sys.stdout, f"需要格式化：{shown}")
                failed = True
            else:
                atomic_write(path, formatted.encode("utf-8"))
                write(sys.stdout, f"已格式化：{shown}")
        except Exception as exc:
            _emit([_internal_error(exc)], {}, [shown], "text", colour, "fmt")
            failed = True
    sys.exit(1 if failed else 0)


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="输出的 PDF 文件；默认与源文件同名。")
@click.option("--typst", "typst_out", type=click.Path(path_type=Path), default=None, help="同时写出生成的 Typst 源文件，便于查看。")
@click.option("--font-path", "font_dirs", multiple=True, type=click.Path(path_type=Path, file_okay=False, exists=True), help="另外的字体目录（如单位自有的仿宋_GB2312），可写多次。")
@click.option("--pdf-standard", type=click.Choice(["a-2b", "a-3b"]), default=None, help="生成符合 PDF/A 的归档版本。")
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=None, help="项目目录。")
@click.option("--color", "colour", type=COLOUR, default="auto", show_default=True, help="是否使用颜色。")
@click.option("--catalog", "catalogs", multiple=True, type=click.Path(path_type=Path, dir_okay=False, exists=True), help="补充科目表（CSV：code,name），如新版《政府收支分类科目》；可写多次，优先于内置科目表。")
def build(file: Path, output: Path | None, typst_out: Path | None, font_dirs: tuple[Path, ...], pdf_standard: str | None, root: Path | None, colour: str, catalogs: tuple[Path, ...]) -> None:
    """把源文件编译为部门决算公开 PDF。有错误时不写出任何文件。"""
    from .check import check_file
    from .fsutil import atomic_write
    from .render.build import build_pdf

    output = output or file.with_suffix(".pdf")
    try:
        result = check_file(file, root, catalogs)
        diagnostics = list(result.diagnostics)
        if has_errors(diagnostics) or result.report is None:
            _emit_to_stderr(diagnostics, result.sources, colour)
            sys.exit(1)
        built = build_pdf(result.report, result.derived, font_dirs, pdf_standard)
        diagnostics.extend(built.diagnostics)
        if built.compiled is None or has_errors(built.diagnostics):
            _emit_to_stderr(diagnostics, result.sources, colour)
            sys.exit(1)
        if typst_out is not None:
            atomic_write(typst_out, built.typst_source.encode("utf-8"))
        atomic_write(output, built.compiled.pdf)
    except Exception as exc:
        _emit_to_stderr([_internal_error(exc)], {}, colour)
        sys.exit(1)
    _emit_to_stderr(diagnostics, result.sources, colour, quiet_when_clean=True)
    write(sys.stderr, f"已生成 {output}（{built.compiled.pages} 页）")
    sys.exit(0)


def _emit_to_stderr(diagnostics: list[Diagnostic], sources, colour: str, quiet_when_clean: bool = False) -> None:
    """Errors, warnings and 需说明 in full; notes (INFO) only counted — `jsc check -v` lists them."""
    paint = use_colour(sys.stderr, colour)
    for diagnostic in diagnostics:
        if diagnostic.severity is not Severity.INFO:
            sys.stderr.write(render_text(diagnostic, sources, paint) + "\n\n")
    if diagnostics or not quiet_when_clean:
        write(sys.stderr, summary_line(diagnostics, 1))


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True, help="导出格式（目前只有 json，结构见 docs/export-json.md）。")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None, help="写入的文件；不写则输出到标准输出。")
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=None, help="项目目录（包含的文件须在其中）；默认为含 .git 或 jsc.toml 的上级目录。")
def export(file: Path, fmt: str, output: Path | None, root: Path | None) -> None:
    """导出编译后的数据：九张表、全部计算出的数和第三、五部分的数字。有错误时不导出。"""
    from .check import check_file
    from .export import export_json
    from .fsutil import atomic_write
    from .passes.derive import derive

    try:
        result = check_file(file, root)
        diagnostics = list(result.diagnostics)
        if result.report is None or has_errors(diagnostics):
            err = sys.stderr
            for diagnostic in diagnostics:
                err.write(render_text(diagnostic, result.sources, use_colour(err, "auto")) + "\n\n")
            write(err, summary_line(diagnostics, 1))
            sys.exit(1)
        text = export_json(derive(result.report), result.path, diagnostics)
        if output is None:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            atomic_write(output, text.encode("utf-8"))
    except OSError as exc:
        write(sys.stderr, f"无法写入“{output}”：{exc.strerror or exc}")
        sys.exit(1)
    except Exception as exc:  # a bug in jsc, never the user's fault
        _emit([_internal_error(exc)], {}, [str(file)], "text", "auto", "export")
        sys.exit(1)


if __name__ == "__main__":
    main()
