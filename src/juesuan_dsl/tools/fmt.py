"""The canonical layout of a .jsl file: one statement per line, two-space indent, comments kept.

Works on the raw parse (tokens), not on the checked AST, so that a file with
a structure mistake (an unknown word) is still formatted without losing a
character; only a file with syntax errors is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from lark import Token

from ..core.source import SourceFile
from ..syntax import schema
from ..syntax.ast import Comment
from ..syntax.parser import RawParse, RawStatement, parse_raw
from ..syntax.values import dedent_block, unescape

INDENT = "  "
# Heads whose first value is a file path. A path written as a """ text is an error (JSC-E0204),
# so there fmt keeps the """ instead of making it "…": fmt must not turn an error into a fact.
PATH_HEADS = frozenset(
    spec.key for table in schema.CONTEXTS.values() for spec in table.values()
    if spec.args and spec.args[0].type == schema.PATH
)


def format_source(source: SourceFile) -> str | None:
    """The formatted text, or None when the file has syntax errors."""
    raw = parse_raw(source)
    if raw.diagnostics:
        return None
    return format_raw(raw)


def format_raw(raw: RawParse) -> str:
    comments = sorted(raw.comments, key=lambda c: (c.span.line, c.span.column))
    writer = _Writer(list(comments))
    writer.statements(raw.statements, 0, 0, _FAR)
    return "\n".join(writer.lines).rstrip("\n") + "\n" if writer.lines else ""


_FAR = 1 << 60


@dataclass
class _Item:
    start: int
    end: int


class _Writer:
    def __init__(self, comments: list[Comment]):
        self.comments = comments
        self.lines: list[str] = []

    def _take_comments(self, after: int, before: int) -> list[Comment]:
        """Own-line comments strictly between two lines, removed from the pool."""
        taken = [c for c in self.comments if after < c.span.line < before]
        self.comments = [c for c in self.comments if not (after < c.span.line < before)]
        return taken

    def _trailing(self, line: int) -> str:
        for comment in self.comments:
            if comment.span.line == line:
                self.comments.remove(comment)
                return "  " + comment.text.rstrip()
        return ""

    def statements(self, statements: tuple[RawStatement, ...], depth: int, open_line: int, close_line: int) -> None:
        pad = INDENT * depth
        previous_end = None
        cursor = open_line
        for statement in statements:
            start = statement.tokens[0].line
            for comment in self._take_comments(cursor, start):
                self._blank_if_gap(previous_end, comment.span.line)
                self.lines.append(pad + comment.text.rstrip())
                previous_end = comment.span.line
            self._blank_if_gap(previous_end, start)
            previous_end = self.statement(statement, depth)
            cursor = previous_end
        for comment in self._take_comments(cursor, close_line):
            self._blank_if_gap(previous_end, comment.span.line)
            self.lines.append(pad + comment.text.rstrip())
            previous_end = comment.span.line

    def _blank_if_gap(self, previous_end: int | None, start: int) -> None:
        if previous_end is not None and start > previous_end + 1:
            self.lines.append("")

    def statement(self, statement: RawStatement, depth: int) -> int:
        """Write one statement; return the source line where it ends."""
        pad = INDENT * depth
        parts = [render_token(tok, depth) for tok in statement.tokens]
        tokens = statement.tokens
        if len(tokens) > 1 and tokens[0].type == "WORD" and tokens[0].value in PATH_HEADS and tokens[1].type == "TEXTBLOCK":
            value = unescape(dedent_block(tokens[1].value[3:-3]))
            if "\n" not in value:
                parts[1] = '"""' + _escape(value, '"') + '"""'
        head_end = statement.tokens[-1].end_line
        text = pad + " ".join(parts)
        block = statement.block
        if block is None:
            self._emit(text, head_end)
            return head_end
        close_line = block.close.line if block.close is not None else head_end
        has_inner_comments = any(block.open.line < c.span.line < close_line for c in self.comments)
        comment_after_open = close_line != block.open.line and any(
            c.span.line == block.open.line for c in self.comments
        )
        if not block.statements and not has_inner_comments and not comment_after_open:
            self._emit(text + " {}", close_line)
            return close_line
        self._emit(text + " {", block.open.line)
        self.statements(block.statements, depth + 1, block.open.line, close_line)
        self._emit(pad + "}", close_line)
        return close_line

    def _emit(self, text: str, line: int) -> None:
        # A multi-line text block is one part with embedded newlines; split for the list.
        self.lines.extend((text + self._trailing(line)).split("\n"))


def render_token(token: Token, depth: int) -> str:
    if token.type == "STRING":
        return quoted_text(unescape(token.value[1:-1]), depth)
    if token.type == "TEXTBLOCK":
        return quoted_text(unescape(dedent_block(token.value[3:-3])), depth)
    return str(token.value)


def quoted_text(value: str, depth: int) -> str:
    """A text value in canonical form: "…" when on one line, a \"\"\" block otherwise."""
    if "\n" not in value:
        return '"' + _escape(value, '"') + '"'
    inner = INDENT * (depth + 1)
    body = "\n".join(inner + line if line else "" for line in _escape(value, '"""').split("\n"))
    return '"""\n' + body + "\n" + INDENT * depth + '"""'


def _escape(value: str, quote: str) -> str:
    """Backslash-escape what would end the text or change its meaning when read back."""
    out = []
    for i, ch in enumerate(value):
        nxt = value[i + 1 : i + 2]
        if ch == "\\" and (nxt in ('"', "\\") or i == len(value) - 1):
            out.append("\\\\")
        elif ch == '"' and value[i : i + len(quote)] == quote:
            out.append('\\"')
        else:
            out.append(ch)
    return "".join(out)
