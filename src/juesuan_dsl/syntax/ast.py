"""The AST: what was written, with spans. Immutable; no derived figures live here.

Every statement has the same shape (head, positional values, "name value"
pairs, optional block); `kind` names the schema entry it was checked against,
so later passes dispatch on it instead of re-reading keywords.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Union

from ..core.source import Span


def _by_constructor(node: object) -> tuple[type, tuple[object, ...]]:
    """Pickle a node as a constructor call (the parse cache loads thousands: twice as fast as
    the field-by-field state that frozen slotted dataclasses otherwise restore)."""
    return type(node), tuple(getattr(node, name) for name in node.__slots__)


@dataclass(frozen=True, slots=True)
class Word:
    """A bare word: a keyword or an enumerated value such as 万元 or 一般公共预算."""

    __reduce__ = _by_constructor

    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Number:
    """A number exactly as written (text keeps trailing zeros such as 40.00)."""

    __reduce__ = _by_constructor

    text: str
    span: Span

    @property
    def value(self) -> Decimal:
        return Decimal(self.text)

    @property
    def is_integer(self) -> bool:
        return "." not in self.text


@dataclass(frozen=True, slots=True)
class Percent:
    """A percentage as written, e.g. 75.1%; value is 75.1 (percent units)."""

    __reduce__ = _by_constructor

    text: str
    span: Span

    @property
    def value(self) -> Decimal:
        return Decimal(self.text.rstrip("%"))


@dataclass(frozen=True, slots=True)
class Text:
    """A text value, escapes decoded; multiline when written as a \"\"\" block."""

    __reduce__ = _by_constructor

    value: str
    span: Span
    multiline: bool = False


Value = Union[Word, Number, Percent, Text]


@dataclass(frozen=True, slots=True)
class Prop:
    """A "name value" pair on a statement line, e.g. 预算 147.20."""

    __reduce__ = _by_constructor

    key: Word
    value: Value


@dataclass(frozen=True, slots=True)
class Block:
    """The statements between { and }; span covers both braces."""

    __reduce__ = _by_constructor

    statements: tuple["Statement", ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Statement:
    """One line of source (plus its block).

    kind: the schema entry (a keyword, or <项>, <款>, <文本> for rows headed by
    a code or a text); head: the first value; args: positional values in schema
    order; props: name-value pairs in written order; block: the nested block or
    None; span: the statement's first line, from head to last value.
    """

    __reduce__ = _by_constructor

    kind: str
    head: Value
    args: tuple[Value, ...]
    props: tuple[Prop, ...]
    block: Block | None
    span: Span

    def prop(self, key: str) -> Value | None:
        for p in self.props:
            if p.key.text == key:
                return p.value
        return None

    @property
    def children(self) -> tuple["Statement", ...]:
        return () if self.block is None else self.block.statements


@dataclass(frozen=True, slots=True)
class Comment:
    """A # comment; kept only for the formatter."""

    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Document:
    """One parsed file: its top-level statements."""

    path: str
    statements: tuple[Statement, ...]


def without_spans(node: object) -> object:
    """A span-free structural copy, for comparing two parses (fmt must keep the AST)."""
    if isinstance(node, Document):
        return ("doc", tuple(without_spans(s) for s in node.statements))
    if isinstance(node, Statement):
        block = None if node.block is None else tuple(without_spans(s) for s in node.block.statements)
        return (
            node.kind,
            without_spans(node.head),
            tuple(without_spans(a) for a in node.args),
            tuple((p.key.text, without_spans(p.value)) for p in node.props),
            block,
        )
    if isinstance(node, Text):
        return ("text", node.value)
    if isinstance(node, (Word, Number, Percent)):
        return (type(node).__name__, node.text)
    raise TypeError(f"not an AST node: {node!r}")
