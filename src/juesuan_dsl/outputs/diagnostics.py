"""Diagnostics for people (text with a caret, colours on a terminal) and for CI (versioned JSON)."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from typing import IO, Iterable, Mapping

from .. import __version__
from ..core.diagnostics import Diagnostic, Severity
from ..core.source import SourceFile, excerpt
from ..core.terminal import json_safe, shown, shown_name

JSON_FORMAT_VERSION = 1

_COLOURS = {
    Severity.ERROR: "\x1b[1;31m",
    Severity.WARNING: "\x1b[1;33m",
    Severity.EXPLAIN: "\x1b[1;35m",
    Severity.INFO: "\x1b[1;36m",
}
_BOLD, _BLUE, _RESET = "\x1b[1m", "\x1b[1;34m", "\x1b[0m"


def use_colour(stream: IO[str], requested: str = "auto") -> bool:
    """Colours only on a terminal, never with NO_COLOR set (https://no-color.org)."""
    if requested == "never" or os.environ.get("NO_COLOR"):
        return False
    if requested == "always":
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def format_diagnostic(diagnostic: Diagnostic, sources: Mapping[str, SourceFile], colour: bool = False) -> str:
    """One diagnostic as a short block: header, location, source line, caret, hint.

    What comes from a file (message parts, names, the excerpt) is shown escaped (core/terminal.py).
    """

    def paint(code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if colour else text

    sev = diagnostic.severity
    lines = [paint(_COLOURS[sev], f"{sev.label}[{diagnostic.code}]") + paint(_BOLD, f"：{shown(diagnostic.message)}")]
    span = diagnostic.span
    if span is not None:
        lines.append(paint(_BLUE, "  --> ") + f"{shown_name(span.file)}:{span.line}:{span.column}")
        source = sources.get(span.file)
        if source is not None and source.line_text(span.line) is not None:
            number = str(span.line)
            gutter = " " * len(number)
            code_line, caret = excerpt(source, span)
            lines.append(paint(_BLUE, f"{gutter} |"))
            lines.append(paint(_BLUE, f"{number} | ") + code_line)
            lines.append(paint(_BLUE, f"{gutter} | ") + paint(_COLOURS[sev], caret))
    for related in diagnostic.related:
        lines.append(f"  = 相关：{shown_name(related.span.file)}:{related.span.line}:{related.span.column} {shown(related.note)}")
    if diagnostic.hint:
        lines.append(paint(_BOLD, "  = 提示：") + shown(diagnostic.hint))
    return "\n".join(lines)


def summary_counts(diagnostics: Iterable[Diagnostic]) -> dict[str, int]:
    counts = Counter(d.severity.value for d in diagnostics)
    return {sev.value: counts.get(sev.value, 0) for sev in Severity}


def summary_line(diagnostics: list[Diagnostic], files: int) -> str:
    counts = summary_counts(diagnostics)
    parts = [f"{counts[s.value]} 个{s.label}" for s in Severity if counts[s.value]]
    result = "，".join(parts) if parts else "没有发现问题"
    return f"检查了 {files} 个文件：{result}。"


def to_json(diagnostics: list[Diagnostic], files: list[str], command: str) -> str:
    """The documented, versioned JSON of a run (docs/diagnostics-json.md)."""
    payload = {
        "format": "jsc-diagnostics",
        "version": JSON_FORMAT_VERSION,
        "jsc_version": __version__,
        "command": command,
        "files": files,
        "summary": summary_counts(diagnostics),
        "diagnostics": [d.to_json() for d in diagnostics],
    }
    return json_safe(json.dumps(payload, ensure_ascii=False, indent=2))


def write(stream: IO[str], text: str) -> None:
    """A message line (or lines) for the user, control characters escaped; never carries colours."""
    text = shown(text)
    stream.write(text)
    if not text.endswith("\n"):
        stream.write("\n")
    stream.flush()


def stderr() -> IO[str]:
    return sys.stderr
