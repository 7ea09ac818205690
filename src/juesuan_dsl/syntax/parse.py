"""parse(source) -> (Document, comments, diagnostics): the one entry point of the syntax stage."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.collector import gc_paused
from ..core.diagnostics import Diagnostic
from ..core.source import SourceFile
from .ast import Comment, Document
from .builder import Builder
from .parser import parse_raw


@dataclass(frozen=True, slots=True)
class ParseResult:
    """A parsed file: its AST, its comments (for fmt), and the syntax and structure diagnostics."""

    source: SourceFile
    document: Document
    comments: tuple[Comment, ...]
    diagnostics: tuple[Diagnostic, ...]

    @property
    def syntax_ok(self) -> bool:
        """No syntax error: the formatter can rewrite this file without losing text."""
        return not any(d.code.startswith("JSC-E01") for d in self.diagnostics)


def parse(source: SourceFile) -> ParseResult:
    raw = parse_raw(source)
    builder = Builder(source.path)
    with gc_paused():
        statements = builder.block(raw.statements, "文件")
    diagnostics = sorted((*raw.diagnostics, *builder.diagnostics), key=lambda d: d.sort_key())
    return ParseResult(source, Document(source.path, statements), raw.comments, tuple(diagnostics))
