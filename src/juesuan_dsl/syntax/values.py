"""Tokens to AST values: unescaping strings, dedenting text blocks, spans from tokens."""

from __future__ import annotations

import re

from lark import Token

from ..core.source import Span
from .ast import Number, Percent, Text, Value, Word

_ESCAPE = re.compile(r'\\(["\\])')


def token_span(path: str, token: Token) -> Span:
    return Span(path, token.line, token.column, token.end_line, token.end_column)


def unescape(body: str) -> str:
    """Only \\" and \\\\ are escapes; any other backslash is kept, so Windows paths survive."""
    return _ESCAPE.sub(r"\1", body)


def dedent_block(body: str) -> str:
    """The text of a \"\"\" block: first and last empty lines dropped, common indent removed."""
    lines = body.split("\n")
    if len(lines) > 1 and not lines[0].strip():
        lines = lines[1:]
    if len(lines) > 1 and not lines[-1].strip():
        lines = lines[:-1]
    indents = [len(line) - len(line.lstrip(" \t\u3000")) for line in lines if line.strip()]
    cut = min(indents, default=0)
    out = [line[cut:].rstrip() if line.strip() else "" for line in lines]
    return "\n".join(out)


def to_value(path: str, token: Token) -> Value:
    span = token_span(path, token)
    kind = token.type
    if kind == "WORD":
        return Word(token.value, span)
    if kind == "NUMBER":
        return Number(token.value, span)
    if kind == "PERCENT":
        return Percent(token.value, span)
    if kind == "STRING":
        return Text(unescape(token.value[1:-1]), span)
    if kind == "TEXTBLOCK":
        return Text(unescape(dedent_block(token.value[3:-3])), span, multiline=True)
    raise ValueError(f"unexpected token type {kind}")
