"""Lark parsing with error recovery: text in, raw statements and syntax diagnostics out.

Recovery works line by line: the first error on a line is reported, the rest
of that line is skipped, and the statement on it is marked `recovered` so that
later stages ignore it instead of reporting follow-on errors.
"""

from __future__ import annotations

import contextvars
import re
from dataclasses import dataclass, field
from functools import cache

from lark import Lark, Token, Tree
from lark.exceptions import (
    LarkError,
    UnexpectedCharacters,
    UnexpectedInput,
    UnexpectedToken,
)

from ..core import codes
from ..core.collector import gc_paused
from ..core.diagnostics import Diagnostic
from ..core.resources import grammar_text
from ..core.source import SourceFile, Span
from .ast import Comment

MAX_ERRORS = 100
# Tokens skipped by recovery before the file is given up (JSC-E0110). A line of 200,000 "{" is
# one error but 200,000 recoveries at some 15 µs each: the fuzzer's 3.8 MB of braces took 95 s.
MAX_RECOVERIES = 10_000

FULLWIDTH_PUNCTUATION = {
    "，": ",", "：": ":", "（": "(", "）": ")", "“": '"', "”": '"', "＂": '"',
    "｛": "{", "｝": "}", "＃": "#", "；": ";", "％": "%", "．": ".", "－": "-",
    "‘": "'", "’": "'", "＝": "=", "＋": "+", "、": ",", "。": ".",
}
_FULLWIDTH_DIGITS = set("０１２３４５６７８９")
_COMMENT_RE = re.compile(r"#[^\n]*")


@dataclass(slots=True)
class _Sink:
    """Per-parse state that lexer callbacks write into (the cached Lark object is shared)."""

    comments: list[Token] = field(default_factory=list)
    open_braces: list[Token] = field(default_factory=list)


_SINK: contextvars.ContextVar[_Sink] = contextvars.ContextVar("jsl_sink")


def _on_newline(token: Token) -> Token:
    sink = _SINK.get()
    for match in _COMMENT_RE.finditer(token.value):
        # The comment's own position inside the newline token.
        before = token.value[: match.start()]
        line = token.line + before.count("\n")
        column = len(before) - before.rfind("\n") if "\n" in before else token.column + len(before)
        sink.comments.append(Token("COMMENT", match.group(), line=line, column=column))
    return token


def _on_lbrace(token: Token) -> Token:
    _SINK.get().open_braces.append(token)
    return token


def _on_rbrace(token: Token) -> Token:
    sink = _SINK.get()
    if sink.open_braces:
        sink.open_braces.pop()
    return token


@cache
def _lark() -> Lark:
    from ..core.cache import cache_dir

    # Building the LALR tables took 30-50 ms of every run; lark keeps them in a
    # file that it checks against a hash of the grammar, options and versions.
    folder = cache_dir("lark")
    return Lark(
        grammar_text(),
        parser="lalr",
        lexer="contextual",
        # Spans come from tokens, which always carry positions; tree metadata is not needed.
        propagate_positions=False,
        lexer_callbacks={"_NL": _on_newline, "LBRACE": _on_lbrace, "RBRACE": _on_rbrace},
        cache=str(folder / "jsl-grammar.cache") if folder is not None else False,
    )


@dataclass(frozen=True, slots=True)
class RawStatement:
    """A statement as parsed: its tokens, before the schema gives them meaning.

    recovered: a syntax error was reported on this line; later stages skip it.
    """

    tokens: tuple[Token, ...]
    block: "RawBlock | None"
    recovered: bool


@dataclass(frozen=True, slots=True)
class RawBlock:
    statements: tuple[RawStatement, ...]
    open: Token
    close: Token | None


@dataclass(frozen=True, slots=True)
class RawParse:
    """The parse of one file: statements, comments (for fmt) and syntax diagnostics."""

    statements: tuple[RawStatement, ...]
    comments: tuple[Comment, ...]
    diagnostics: tuple[Diagnostic, ...]


class _Recovery:
    """The on_error handler: reports one diagnostic per line and skips what cannot be parsed."""

    def __init__(self, source: SourceFile):
        self.source = source
        self.diagnostics: list[Diagnostic] = []
        self.bad_lines: set[int] = set()
        self.recoveries = 0

    @property
    def gave_up(self) -> bool:
        return len(self.diagnostics) >= MAX_ERRORS or self.recoveries > MAX_RECOVERIES

    def __call__(self, error: UnexpectedInput) -> bool:
        self.recoveries += 1
        if self.gave_up:
            return False
        if isinstance(error, UnexpectedCharacters):
            return self._characters(error)
        if isinstance(error, UnexpectedToken):
            return self._token(error)
        return False

    def _report(self, line: int, diagnostic: Diagnostic) -> None:
        if line not in self.bad_lines:
            self.diagnostics.append(diagnostic)
        self.bad_lines.add(line)

    def _characters(self, error: UnexpectedCharacters) -> bool:
        state = error.interactive_parser.lexer_thread.state
        text = self.source.text
        pos = state.line_ctr.char_pos
        line, column = self.source.position(pos)
        char = text[pos] if pos < len(text) else ""
        skip_to = text.find("\n", pos)
        skip_to = len(text) if skip_to < 0 else skip_to
        if char == '"' and text[max(0, pos - 2) : pos + 1] == '"""':
            start = pos - 2
            sline, scol = self.source.position(start)
            self._report(sline, codes.make("JSC-E0104", self.source.point(sline, scol, 3)))
            skip_to = len(text)
            self.bad_lines.update(range(sline, self.source.line_count + 1))
        elif char == '"':
            self._report(line, codes.make("JSC-E0103", self.source.point(line, column)))
        else:
            self._report(line, _bad_character(self.source, line, column, char, text, pos))
        rest = text[pos:skip_to]
        if skip_to > pos:
            state.line_ctr.feed(rest)
        if char != '"':
            self._keep_brace(error, rest, skip_to)
        return True

    def _keep_brace(self, error: UnexpectedCharacters, rest: str, end: int) -> None:
        """A skipped line that ends in { (or ｛) still opens its block, so the lines
        inside are checked where they belong and the closing } is not "stray"."""
        stripped = rest.rstrip()
        parser = error.interactive_parser
        if not stripped.endswith(("{", "｛")) or "LBRACE" not in parser.accepts():
            return
        if stripped.endswith("｛") and not self._next_line_indented(end):
            return  # a lone ｛ typed by mistake, not the start of a block
        line, column = self.source.position(end - (len(rest) - len(stripped)) - 1)
        brace = Token("LBRACE", "{", line=line, column=column, end_line=line, end_column=column + 1)
        _SINK.get().open_braces.append(brace)
        parser.feed_token(brace)

    def _next_line_indented(self, end: int) -> bool:
        """Whether the next non-blank line is indented deeper than the line ending at `end`."""
        line, _ = self.source.position(end)
        current = self.source.line_text(line)
        depth = len(current) - len(current.lstrip())
        for number in range(line + 1, self.source.line_count + 1):
            following = self.source.line_text(number)
            if following.strip():
                return len(following) - len(following.lstrip()) > depth
        return False

    def _token(self, error: UnexpectedToken) -> bool:
        token = error.token
        parser = error.interactive_parser
        if token.type == "$END":
            sink = _SINK.get()
            for brace in reversed(sink.open_braces):
                self.diagnostics.append(
                    codes.make("JSC-E0106", self.source.point(brace.line, brace.column))
                )
            for _ in range(2 * len(sink.open_braces) + 2):
                accepts = parser.accepts()
                if "$END" in accepts:
                    break
                closing = "RBRACE" if "RBRACE" in accepts else "_NL" if "_NL" in accepts else None
                if closing is None:
                    break
                parser.feed_token(Token(closing, "}" if closing == "RBRACE" else "\n"))
            sink.open_braces.clear()
            return "$END" in parser.accepts()
        span = self.source.point(token.line, token.column, max(1, len(str(token.value))))
        if token.type == "LBRACE":
            # The lexer callback counted a brace that the parser refused: uncount it.
            open_braces = _SINK.get().open_braces
            if open_braces and open_braces[-1] is token:
                open_braces.pop()
        self._report(token.line, codes.make("JSC-E0105", span, found=_describe(token)))
        return True


def _bad_character(source: SourceFile, line: int, column: int, char: str, text: str, pos: int) -> Diagnostic:
    span = source.point(line, column)
    if char in "：:":  # 年度：2024 — the half-width colon the E0102 hint would suggest is wrong too
        return codes.make("JSC-E0111", span, char=char)
    if char in FULLWIDTH_PUNCTUATION:
        return codes.make("JSC-E0102", span, char=char, ascii=FULLWIDTH_PUNCTUATION[char])
    if char in _FULLWIDTH_DIGITS:
        return codes.make("JSC-E0109", span, char=char)
    if char and (ord(char) < 32 or 0x7F <= ord(char) < 0xA0):
        return codes.make("JSC-E0003", span, cp=ord(char))
    if char in ".,":
        # A number written 1.2.3 or with a thousands separator, 1,234.56.
        start, end = pos, pos
        while start > 0 and text[start - 1] in "-0123456789.,":
            start -= 1
        while end < len(text) and text[end] in "0123456789.,":
            end += 1
        if start < pos:
            sline, scol = source.position(start)
            return codes.make("JSC-E0108", source.point(sline, scol, end - start), text=text[start:end])
    shown = char if char.isprintable() else f"U+{ord(char):04X}"
    return codes.make("JSC-E0101", span, char=shown)


def _describe(token: Token) -> str:
    kinds = {
        "WORD": f"“{token.value}”",
        "NUMBER": f"数字“{token.value}”",
        "PERCENT": f"百分数“{token.value}”",
        "STRING": "文字",
        "TEXTBLOCK": "多行文字",
        "LBRACE": "“{”",
        "RBRACE": "“}”",
    }
    return kinds.get(token.type, f"“{token.value}”")


def parse_raw(source: SourceFile) -> RawParse:
    """Parse one file's text; never raises for bad input."""
    recovery = _Recovery(source)
    sink = _Sink()
    reset = _SINK.set(sink)
    with gc_paused():
        return _parse_raw(source, recovery, sink, reset)


def _parse_raw(source: SourceFile, recovery: "_Recovery", sink: _Sink, reset) -> RawParse:
    try:
        tree = _lark().parse(source.text + "\n", on_error=recovery)
        statements = _statements(tree.children, recovery.bad_lines)
        for stray in tree.find_data("stray_close"):
            token = stray.children[0]
            recovery.diagnostics.append(
                codes.make("JSC-E0107", source.point(token.line, token.column))
            )
    except (LarkError, RecursionError) as exc:
        if recovery.gave_up:
            recovery.diagnostics.append(codes.make("JSC-E0110", source.end_span()))
        elif not recovery.diagnostics:
            line = getattr(exc, "line", None) or source.line_count
            column = max(1, getattr(exc, "column", 1) or 1)
            recovery.diagnostics.append(
                codes.make("JSC-E0105", source.point(line, column), found=_exception_token(exc))
            )
        statements = ()
    finally:
        _SINK.reset(reset)
    comments = tuple(
        Comment(tok.value, Span(source.path, tok.line, tok.column, tok.line, tok.column + len(tok.value)))
        for tok in sink.comments
    )
    diagnostics = sorted(recovery.diagnostics, key=lambda d: d.sort_key())
    return RawParse(_hoisted(statements), comments, tuple(diagnostics))


def _hoisted(statements: tuple[RawStatement, ...]) -> tuple[RawStatement, ...]:
    """One missing "}" is one error: in a block never closed (already JSC-E0106 at its "{"),
    a line at the left margin that starts with a keyword of the file's top level (支出, 核对 …)
    is where the block was meant to end; it and the lines after it go back to the top level,
    instead of each being "not allowed in this block"."""
    from .schema import CONTEXTS

    top = CONTEXTS["文件"]
    out: list[RawStatement] = []
    for statement in statements:
        block = statement.block
        cut = None
        if block is not None and block.close is None:
            cut = next((i for i, child in enumerate(block.statements)
                        if child.tokens and child.tokens[0].column == 1 and child.tokens[0].value in top), None)
        if cut is None:
            out.append(statement)
            continue
        kept = RawBlock(block.statements[:cut], block.open, None)
        out.append(RawStatement(statement.tokens, kept, statement.recovered))
        out.extend(_hoisted(block.statements[cut:]))
    return tuple(out)


def _exception_token(exc: Exception) -> str:
    token = getattr(exc, "token", None)
    return _describe(token) if isinstance(token, Token) else "无法解析的内容"


def _statements(children: list, bad_lines: set[int]) -> tuple[RawStatement, ...]:
    result = []
    for child in children:
        if isinstance(child, Tree) and child.data == "statement":
            result.append(_statement(child, bad_lines))
    return tuple(result)


def _statement(tree: Tree, bad_lines: set[int]) -> RawStatement:
    tokens = tuple(c for c in tree.children if isinstance(c, Token))
    block = None
    for child in tree.children:
        if isinstance(child, Tree) and child.data == "block":
            block = _block(child, bad_lines)
    recovered = any(tok.line in bad_lines for tok in tokens)
    return RawStatement(tokens, block, recovered)


def _block(tree: Tree, bad_lines: set[int]) -> RawBlock:
    braces = [c for c in tree.children if isinstance(c, Token) and c.type in ("LBRACE", "RBRACE")]
    open_brace = braces[0]
    last = braces[-1]
    # A brace fed by error recovery has no position: the block was never closed.
    close = last if len(braces) > 1 and last.type == "RBRACE" and last.line is not None else None
    return RawBlock(_statements(tree.children, bad_lines), open_brace, close)
