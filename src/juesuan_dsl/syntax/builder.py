"""Raw statements to AST: the schema gives each word its role, and every misfit is a diagnostic.

A statement that does not fit is dropped (one line, one fact), but the lines
inside its block are still checked, so one typo never hides the rest.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Callable

from lark import Token

from ..core import codes
from ..core.diagnostics import Diagnostic
from ..core.source import Span
from . import schema
from .ast import Block, Number, Percent, Prop, Statement, Text, Value, Word
from .parser import RawBlock, RawStatement
from .values import to_value, token_span

FUNCTION_CODE_LENGTHS = (7,)
ECONOMIC_CODE_LENGTHS = (5,)
# Digits before the decimal point in an amount, count or 核对 figure. 10^15 万元 is far beyond any
# budget; the bound keeps every later sum inside money's 50-digit precision (a 100-digit amount
# made derive raise) and int() inside Python's 4300-digit limit. Decimals are not bounded: money rounds.
MAX_INTEGER_DIGITS = 15
# C0 controls but tab and newline, DEL and C1 controls: invisible in print.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
MAX_REPORTS_PER_STATEMENT = 5  # mistakes reported on one line before the rest of it is skipped
_TYPE_NAMES = {
    schema.AMOUNT: "金额（如 145.09）",
    schema.COUNT: "整数（如 3）",
    schema.YEAR: "年份（如 2024）",
    schema.TEXT: "带双引号的文字",
    schema.PATH: "带双引号的文件路径",
    schema.FIGURE: "数值或百分数（如 840.70 或 75.1%）",
    schema.CHECK_ID: "检查编号（如 A06-01）",
    schema.LAYOUT: "版式名（如 湖南）或带双引号的版式文件夹路径",
}


IncludeResolver = Callable[[Statement, str], tuple[Statement, ...]]


@dataclass
class Builder:
    """Builds statements of one file, collecting diagnostics.

    resolve_include: when given, each 包含 statement is replaced by the
    statements of the included file, built in the context where it stands;
    without it (the formatter) the 包含 line is kept as written.
    """

    path: str
    resolve_include: IncludeResolver | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def report(self, code_id: str, span: Span, /, **params: object) -> None:
        self.diagnostics.append(codes.make(code_id, span, **params))

    def block(self, raws: tuple[RawStatement, ...], context: str) -> tuple[Statement, ...]:
        table = schema.CONTEXTS[context]
        seen: dict[str, Span] = {}
        result = []
        built: list[Statement] = []
        for raw in raws:
            statement = self.statement(raw, context, table)
            if statement is None:
                continue
            if statement.kind == schema.INCLUDE.key and self.resolve_include is not None:
                built.extend(self.resolve_include(statement, context))
            else:
                built.append(statement)
        for statement in built:
            spec = table.get(statement.kind)
            if spec is not None and spec.unique:
                if statement.kind in seen:
                    self.report("JSC-E0209", statement.head.span, key=statement.kind)
                    continue
                seen[statement.kind] = statement.span
            result.append(statement)
        return tuple(result)

    def statement(self, raw: RawStatement, context: str, table) -> Statement | None:
        values = [to_value(self.path, tok) for tok in raw.tokens]
        head = values[0]
        spec = self._spec_for(head, context, table, quiet=raw.recovered)
        if raw.recovered or spec is None:
            # Still look inside the block so its own mistakes are reported.
            if raw.block is not None and spec is not None and spec.block is not None:
                self.block(raw.block.statements, spec.block)
            return None
        ok = self._no_control_characters(raw.tokens)
        if spec.key in (schema.CODE_ROW, schema.ECON_ROW):
            ok = self._check_code(head, spec.key)
        args, props, fits = self._fit(spec, head, values[1:])
        block = self._block(raw.block, spec, head)
        if not (ok and fits) or block is False:
            return None
        last = raw.tokens[-1]
        span = Span(self.path, head.span.line, head.span.column, last.end_line, last.end_column)
        return Statement(spec.key, head, args, props, block, span)

    def _no_control_characters(self, tokens: tuple[Token, ...]) -> bool:
        """Text is printed as written, so an invisible control character in it is an error."""
        for token in tokens:
            if token.type not in ("STRING", "TEXTBLOCK"):
                continue
            found = _CONTROL.search(token.value)  # a regex, not a loop over every character: 10 % of a parse
            if found is not None:
                index, ch = found.start(), found.group()
                before = token.value[:index]
                line = token.line + before.count("\n")
                column = index - before.rfind("\n") if "\n" in before else token.column + index
                self.report("JSC-E0003", Span(self.path, line, column, line, column + 1), cp=ord(ch))
                return False
        return True

    def _spec_for(self, head: Value, context: str, table, quiet: bool) -> schema.Spec | None:
        if isinstance(head, Number):
            key = schema.CODE_ROW if schema.CODE_ROW in table else schema.ECON_ROW
        elif isinstance(head, Text):
            key = schema.TEXT_ROW
        elif isinstance(head, Word):
            key = head.text
        else:
            key = head.text
        spec = table.get(key)
        if spec is not None or quiet:
            return spec
        self._unknown_head(head, key, context, table)
        return None

    def _unknown_head(self, head: Value, key: str, context: str, table) -> None:
        where = schema.CONTEXT_NAMES[context]
        if isinstance(head, Word):
            elsewhere = schema.contexts_with(key)
            if elsewhere:
                places = "、".join(schema.CONTEXT_NAMES[c] for c in elsewhere[:3])
                self.diagnostics.append(
                    codes.make("JSC-E0202", head.span, word=key, where=where, hint=f"“{key}”应写在{places}。")
                )
                return
            words = [k for k in table if not k.startswith("<")]
            close = difflib.get_close_matches(key, words, n=3, cutoff=0.4)
            hint = f"是否想写“{close[0]}”？" if close else f"{where}可以写：{'、'.join(words[:12])}"
            self.diagnostics.append(codes.make("JSC-E0201", head.span, word=key, hint=hint))
            return
        what = {"Number": "科目编码", "Text": "文字", "Percent": "百分数"}[type(head).__name__]
        self.diagnostics.append(
            codes.make("JSC-E0202", head.span, word=f"{what}开头的行", where=where, hint="")
        )

    def _check_code(self, head: Value, kind: str) -> bool:
        lengths = FUNCTION_CODE_LENGTHS if kind == schema.CODE_ROW else ECONOMIC_CODE_LENGTHS
        text = head.text
        if not text.isdigit() or len(text) not in lengths:
            self.report(
                "JSC-E0210", head.span, code=text, lengths="或".join(str(n) for n in lengths)
            )
            return False
        return True

    def _fit(self, spec: schema.Spec, head: Value, rest: list[Value]):
        """Split the values after the head into positional args and name-value pairs."""
        if spec is schema.ASSERTION:
            return self._fit_assertion(head, rest)
        args: list[Value] = []
        ok = True
        index = 0
        reported = len(self.diagnostics)
        for arg in spec.args:
            value = rest[index] if index < len(rest) else None
            # An optional name is only ever quoted text, so a bare amount is never taken for it.
            fits_optional = not (arg.optional and arg.type == schema.TEXT) or isinstance(value, Text)
            if value is not None and fits_optional and _matches(arg, value):
                args.append(_as_text(arg, value))
                index += 1
                ok = self._within_bounds(spec.key, arg, value) and ok
            elif arg.optional:
                continue
            else:
                ok = False
                self._bad_value(head, arg, value)
                if value is not None and not (isinstance(value, Word) and value.text in spec.props):
                    index += 1
        props: list[Prop] = []
        seen: set[str] = set()
        while index < len(rest):
            if len(self.diagnostics) - reported >= MAX_REPORTS_PER_STATEMENT:
                break  # the statement is dropped already; 300,000 reports of one line helped nobody
            key = rest[index]
            if not (isinstance(key, Word) and key.text in spec.props):
                ok = False
                self._unexpected(head, spec, key)
                index += 1
                # The value written after an unknown name belongs to it: one mistake, one report.
                following = rest[index] if index < len(rest) else None
                if isinstance(key, Word) and following is not None and not (
                    isinstance(following, Word) and following.text in spec.props
                ):
                    index += 1
                continue
            arg = spec.props[key.text]
            value = rest[index + 1] if index + 1 < len(rest) else None
            if value is None or not _matches(arg, value):
                ok = False
                self._bad_value(key, arg, value)
                index += 2 if value is not None and not (isinstance(value, Word) and value.text in spec.props) else 1
                continue
            if not self._within_bounds(key.text, arg, value):
                ok = False
            if key.text in seen:
                ok = False
                self.report("JSC-E0206", key.span, key=key.text)
            seen.add(key.text)
            props.append(Prop(key, _as_text(arg, value)))
            index += 2
        for name in spec.required:
            if name not in seen and len(self.diagnostics) - reported < MAX_REPORTS_PER_STATEMENT:
                ok = False
                self.report(
                    "JSC-E0203", head.span, key=_text_of(head), expected=f"“{name}”",
                    hint=f"这一行要写“{name}”，后接{_expected(spec.props[name])}。",
                )
        if ok:
            ok = self._check_ranges(spec, args)
        return tuple(args), tuple(props), ok

    def _fit_assertion(self, head: Value, rest: list[Value]):
        """核对 <name words…> <figure> [说明 "…"]: the figure is the last number before 说明."""
        note_at = next((i for i, v in enumerate(rest) if isinstance(v, Word) and v.text == "说明"), len(rest))
        path, tail = rest[:note_at], rest[note_at:]
        props: list[Prop] = []
        if tail:
            if len(tail) != 2 or not isinstance(tail[1], (Text, Number)):
                self._bad_value(tail[0], schema.Arg("说明", schema.TEXT), tail[1] if len(tail) > 1 else None)
                return (), (), False
            props.append(Prop(tail[0], _as_text(schema.Arg("说明", schema.TEXT), tail[1])))
        if len(path) < 2 or not isinstance(path[-1], (Number, Percent)):
            found = path[-1] if path else None
            self._bad_value(head, schema.Arg("数值", schema.FIGURE), found if len(path) >= 2 else None)
            return (), (), False
        for word in path[:-1]:
            if not isinstance(word, (Word, Number)):
                self._unexpected(head, schema.ASSERTION, word)
                return (), (), False
        if not self._within_bounds(_text_of(head), schema.Arg("数值", schema.FIGURE), path[-1]):
            return (), (), False
        return tuple(path), tuple(props), True

    def _within_bounds(self, key: str, arg: schema.Arg, value: Value) -> bool:
        """An amount, count or figure with more integer digits than any budget has is an error."""
        if arg.type not in (schema.AMOUNT, schema.COUNT, schema.FIGURE) or not isinstance(value, (Number, Percent)):
            return True
        digits = len(value.text.lstrip("-").rstrip("%").partition(".")[0])
        if digits <= MAX_INTEGER_DIGITS:
            return True
        self.report("JSC-E0213", value.span, key=key, value=_abbreviated(value.text), range=f"整数部分最多 {MAX_INTEGER_DIGITS} 位")
        return False

    def _check_ranges(self, spec: schema.Spec, args: list[Value]) -> bool:
        for arg, value in zip(spec.args, args):
            if arg.type == schema.YEAR and isinstance(value, Number):
                if not (value.is_integer and len(value.text) <= 4 and 1990 <= int(value.text) <= 2100):
                    self.report("JSC-E0213", value.span, key=spec.key, value=_abbreviated(value.text), range="1990–2100")
                    return False
        return True

    def _bad_value(self, key: Value, arg: schema.Arg, found: Value | None) -> None:
        expected = _expected(arg)
        if found is None:
            self.report("JSC-E0203", key.span, key=_text_of(key), expected=expected)
        else:
            self.report("JSC-E0204", found.span, key=_text_of(key), expected=expected, found=_describe(found))

    def _unexpected(self, head: Value, spec: schema.Spec, value: Value) -> None:
        if isinstance(value, Word):
            names = list(spec.props)
            close = difflib.get_close_matches(value.text, names, n=1, cutoff=0.4)
            if value.text in ("万", "万元", "元"):  # 280万: a unit after an amount
                hint = "金额后面不写单位：金额单位在文件开头用“金额单位 万元”或“金额单位 元”写一次，这里只写数，如 280。"
            elif names:
                hint = f"是否想写“{close[0]}”？" if close else f"可以写：{'、'.join(names)}"
            else:
                hint = "这一行不带“名称 值”对。"
            self.diagnostics.append(
                codes.make("JSC-E0205", value.span, head=_text_of(head), word=value.text, hint=hint)
            )
        else:
            self.report("JSC-E0214", value.span, key=_text_of(head), found=_describe(value))

    def _block(self, raw: RawBlock | None, spec: schema.Spec, head: Value):
        if raw is None:
            if spec.block_required:
                self.report("JSC-E0207", head.span, key=_text_of(head))
                return False
            return None
        span = Span(
            self.path,
            raw.open.line,
            raw.open.column,
            raw.close.line if raw.close is not None else raw.open.line,
            (raw.close.column + 1) if raw.close is not None else raw.open.column + 1,
        )
        if spec.block is None:
            self.report("JSC-E0208", token_span(self.path, raw.open), key=_text_of(head))
            return False
        return Block(self.block(raw.statements, spec.block), span)


def _abbreviated(text: str) -> str:
    """A number as shown in a message: a 5,000-digit one is cut, with its length."""
    return text if len(text) <= 24 else f"{text[:20]}…（共 {len(text)} 个字符）"


def _matches(arg: schema.Arg, value: Value) -> bool:
    if arg.type in (schema.TEXT,):
        return isinstance(value, (Text, Number))
    if arg.type == schema.PATH:
        return isinstance(value, Text) and not value.multiline
    if arg.type == schema.AMOUNT:
        return isinstance(value, Number)
    if arg.type in (schema.COUNT, schema.YEAR):
        return isinstance(value, Number) and value.is_integer and not value.text.startswith("-")
    if arg.type == schema.WORD:
        return isinstance(value, Word) and value.text in arg.choices
    if arg.type == schema.CHECK_ID:
        return isinstance(value, Word)
    if arg.type == schema.LAYOUT:
        return isinstance(value, Word) or (isinstance(value, Text) and not value.multiline)
    if arg.type == schema.FIGURE:
        return isinstance(value, (Number, Percent))
    return False


def _as_text(arg: schema.Arg, value: Value) -> Value:
    """A bare number where text is expected (指标值 441.84) is kept as that text."""
    if arg.type == schema.TEXT and isinstance(value, Number):
        return Text(value.text, value.span)
    return value


def _expected(arg: schema.Arg) -> str:
    if arg.type == schema.WORD:
        return "以下之一：" + "、".join(arg.choices)
    return _TYPE_NAMES[arg.type]


def _text_of(value: Value) -> str:
    return value.value if isinstance(value, Text) else value.text


def _describe(value: Value) -> str:
    if isinstance(value, Text):
        return "文字"
    if isinstance(value, Percent):
        return f"百分数 {value.text}"
    if isinstance(value, Number):
        return f"数字 {value.text}"
    return f"“{value.text}”"
