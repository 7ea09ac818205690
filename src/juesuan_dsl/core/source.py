"""Source files, spans and excerpts with a caret that lines up under Chinese text."""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass, field

from .terminal import shown

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
    _hash: int = field(init=False, repr=False, compare=False)

    # Spans are hashed very often (every derived sum keeps the set of facts it
    # came from: a 2,000-项 source hashes some 300,000), so the hash is computed
    # once. It is not pickled (str hashes differ between processes).
    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash((self.file, self.line, self.column, self.end_line, self.end_column)))

    def __hash__(self) -> int:
        return self._hash

    def __reduce__(self) -> tuple[type, tuple[str, int, int, int, int]]:
        # Unpickled by the constructor (which hashes): half the time of a state restored field by field.
        return Span, (self.file, self.line, self.column, self.end_line, self.end_column)

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
        newline = text.find("\n")
        while newline >= 0:  # per line, not per character: 10 MB in milliseconds
            starts.append(newline + 1)
            newline = text.find("\n", newline + 1)
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

    def offset(self, line: int, column: int) -> int:
        """The character offset of a 1-based (line, column), the inverse of `position`
        (a line past the end is the end of the text)."""
        if not 1 <= line <= len(self._line_starts):
            return len(self.text)
        return min(self._line_starts[line - 1] + column - 1, len(self.text))

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


EXCERPT_WIDTH = 160  # characters of a long line shown around the span
_CUT = "..."


def excerpt(source: SourceFile, span: Span) -> list[str]:
    """The span's first line and a caret line under it, tabs shown as 4 spaces, control characters escaped.

    A line longer than EXCERPT_WIDTH is cut to a window around the span, with ... at each cut
    end: an error on a 1 MB line must not print that megabyte (once per error, it did).
    """
    raw = source.line_text(span.line)
    start = min(span.column - 1, len(raw))
    end = max(start, span.end_column - 1) if span.end_line == span.line else len(raw)
    low, high = 0, len(raw)
    if len(raw) > EXCERPT_WIDTH:
        low = max(0, min(start - EXCERPT_WIDTH // 4, len(raw) - EXCERPT_WIDTH))
        high = low + EXCERPT_WIDTH
    before = _CUT if low > 0 else ""
    after = _CUT if high < len(raw) else ""
    line = before + _visible(raw[low:high]) + after
    prefix = before + _visible(raw[low:start])
    marked = _visible(raw[start : min(end, high)])
    width = max(1, display_width(marked))
    return [line, " " * display_width(prefix) + "^" * width]


def _visible(text: str) -> str:
    """Text of a line as a terminal should show it (the caret is measured on this)."""
    return shown(text.replace("\t", "    "))
