"""Checks of the text a department types (T-checks): each finding is positioned inside the text.

jsc writes the sentences with figures itself; the texts it prints as they are (reasons, duties,
indicator values …) are checked for what a reviewer marks in red: placeholders left in, doubled
or mixed punctuation, a doubled particle, a malformed year, 截止 for 截至 before a date, a
percentage over 100 in an indicator value, and invisible format characters (an error: they
can reorder what a reader sees).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from ..core.source import SourceFile, Span
from ..syntax.ast import Document, Statement, Text
from .context import Context, Finding, Tolerance

PLACEHOLDER = re.compile(r"XX|ＸＸ|××|xx|某某|待填|此处填写")
DOUBLED = re.compile(r"([。，、；：！？])\1")
DOUBLED_PARTICLE = re.compile(r"([的了和与及])\1")
YEAR = re.compile(r"(?<![\d年])\d{4}度|(?<!\d)\d{3}\s*年度")
CUTOFF = re.compile(r"截止(?=\s*(?:到|至)?\s*\d{4}\s*年)")
PERCENT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*[%％]")
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
INDICATOR_VALUES = ("指标值", "完成值")


@dataclass(frozen=True, slots=True)
class TypedText:
    """A text as written: its value, where it is, whether it is an indicator value."""

    text: Text
    indicator: bool


def typed_texts(document: Document | None) -> Iterator[TypedText]:
    """Every text value of the source, in order (includes expanded)."""
    if document is None:
        return

    def walk(statements: Iterable[Statement]) -> Iterator[TypedText]:
        for statement in statements:
            for value in (statement.head, *statement.args):
                if isinstance(value, Text):
                    yield TypedText(value, False)
            for prop in statement.props:
                if isinstance(prop.value, Text):
                    yield TypedText(prop.value, prop.key.text in INDICATOR_VALUES)
            yield from walk(statement.children)

    yield from walk(document.statements)


def _at(source: SourceFile | None, text: Text, start: int, length: int) -> Span:
    """The span of value[start:start+length] in the file: found in the written text (quotes,
    escapes and line breaks of a multi-line text included), else the whole text."""
    if source is None:
        return text.span
    begin = source.offset(text.span.line, text.span.column)
    written = source.text[begin:source.offset(text.span.end_line, text.span.end_column)]
    needle = text.value[start:start + length]
    found = written.find(needle) if needle else -1
    if found < 0:
        return text.span
    return source.span(begin + found, begin + found + len(needle))


def findings(texts: Iterable[TypedText], sources: dict[str, SourceFile]) -> Iterator[tuple[str, Span, str, str]]:
    """(check id, where, what, hint) for every typed-text problem."""
    for typed in texts:
        value, source = typed.text.value, sources.get(typed.text.span.file)

        def at(match: re.Match[str]) -> Span:
            return _at(source, typed.text, match.start(), len(match.group(0)))

        for m in INVISIBLE.finditer(value):
            yield "T01-07", at(m), f"文字中有不可见的格式字符 U+{ord(m.group(0)):04X}", "删除它（它可能改变读者看到的文字顺序）。"
        for m in PLACEHOLDER.finditer(value):
            yield "T01-01", at(m), f"文字中留有占位词“{m.group(0)}”", "换成实际的内容。"
        for m in DOUBLED.finditer(value):
            yield "T01-02", at(m), f"标点重复“{m.group(0)}”", "删去一个。"
        for sentence in re.finditer(r"[^。！？]+", value):
            part = sentence.group(0)
            if "，" in part and re.search(r",(?!\d)", part):
                comma = re.search(r",(?!\d)", part)
                span = _at(source, typed.text, sentence.start() + comma.start(), 1)
                yield "T01-02", span, "同一句中全角“，”与半角“,”混用", "统一用全角标点。"
        for m in DOUBLED_PARTICLE.finditer(value):
            yield "T01-03", at(m), f"字词重复“{m.group(0)}”", "删去一个。"
        for m in YEAR.finditer(value):
            yield "T01-04", at(m), f"年份写法有误“{m.group(0)}”", "应写作“2024年度”这样的形式。"
        for m in CUTOFF.finditer(value):
            yield "T01-05", at(m), "日期前应写“截至”而不是“截止”", "“截至2024年12月31日”；“截止”用于“截止日期”等。"
        if typed.indicator:
            for m in PERCENT.finditer(value):
                if Decimal(m.group(1)) > 100:
                    yield "T01-06", at(m), f"指标值中的百分数“{m.group(0)}”超过 100%", "检查是否多打了数字（如“9090%”）。"


def rule(check_id: str):
    """The rule of one T-check: the findings of its id (all texts are scanned once per report)."""

    def check(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
        found = ctx.cache.get("typed_text")
        if found is None:
            found = ctx.cache["typed_text"] = list(findings(ctx.texts, ctx.sources))
        for found_id, span, detail, hint in found:
            if found_id == check_id:
                yield Finding(span, detail, hint=hint)

    check.__name__ = f"typed_text_{check_id}"
    check.__doc__ = f"{check_id}: {TITLES[check_id]}."
    return check


TITLES = {
    "T01-01": "no placeholder words (XX, ××, 某某, 待填, 此处填写) are left in a text",
    "T01-02": "no doubled punctuation, no full- and half-width commas mixed in one sentence",
    "T01-03": "no doubled particle (的的, 了了, 和和, 与与, 及及)",
    "T01-04": "years written 2024年度, not 2024度 or 202 年度",
    "T01-05": "截至, not 截止, before a date",
    "T01-06": "a percentage in an indicator value is at most 100%",
    "T01-07": "no invisible format characters (zero-width, bidirectional controls)",
}
