"""Source files, spans and excerpts with a caret that lines up under Chinese text."""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass, field

BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class Span:
    """A range of source text.

    file: the path as shown to the user; line/column: 1-based, columns counted
    in characters (not bytes, not display cells); end_line/end_column: the
    position just after the last character.
    """

    file: str
    line: int
    column: int
    end_line: int
    end_column: int

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
        }


@dataclass(frozen=True, slots=True)
class SourceFile:
    """The text of one .jsl file, newlines normalised to \\n, with a line index.

    path: display path; text: decoded text without BOM; had_bom / had_crlf
    record what the file on disk looked like so `jsc fmt` can say what it changed.
    """

    path: str
    text: str
    had_bom: bool = False
    had_crlf: bool = False
    _line_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    @staticmethod
    def from_text(path: str, text: str) -> "SourceFile":
        had_bom = text.startswith(BOM)
        if had_bom:
            text = text[1:]
        had_crlf = "\r" in text
        if had_crlf:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        starts = [0]
        starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")
        return SourceFile(path, text, had_bom, had_crlf, tuple(starts))

    @property
    def line_count(self) -> int:
        return len(self._line_starts)

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its newline ('' if out of range)."""
        if not 1 <= line <= len(self._line_starts):
            return ""
        start = self._line_starts[line - 1]
        end = self.text.find("\n", start)
        return self.text[start:] if end < 0 else self.text[start:end]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        offset = max(0, min(offset, len(self.text)))
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def span(self, start: int, end: int) -> Span:
        line, column = self.position(start)
        end_line, end_column = self.position(max(start, end))
        return Span(self.path, line, column, end_line, end_column)

    def point(self, line: int, column: int, width: int = 1) -> Span:
        return Span(self.path, line, column, line, column + width)

    def end_span(self) -> Span:
        line, column = self.position(len(self.text))
        return Span(self.path, line, column, line, column)


def display_width(text: str) -> int:
    """Terminal cells taken by text: East Asian wide and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def excerpt(source: SourceFile, span: Span) -> list[str]:
    """The span's first line and a caret line under it, tabs shown as 4 spaces."""
    line = source.line_text(span.line).replace("\t", "    ")
    raw = source.line_text(span.line)
    prefix = raw[: span.column - 1].replace("\t", "    ")
    if span.end_line == span.line:
        marked = raw[span.column - 1 : max(span.column, span.end_column) - 1]
    else:
        marked = raw[span.column - 1 :]
    width = max(1, display_width(marked.replace("\t", "    ")))
    return [line, " " * display_width(prefix) + "^" * width]
