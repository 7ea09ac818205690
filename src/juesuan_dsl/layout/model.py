"""A layout as data: what a layout folder's layout.toml says, checked and frozen.

A layout chooses how the document looks (LAYOUTS.md): which tables in which
order with which titles, 表号 labels, column headings, notes and empty-table
remarks; how numbers print; the parts and their headings (in its templates);
the glossary. It never adds a fact: every figure comes from derive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Mapping

from ..core.money import format_amount
from ..core.vocabulary import TABLE_NAMES

#: The tables a layout may list, by their stable id (the figures' table names in docs/language.md).
TABLE_IDS = tuple(TABLE_NAMES)
#: Levels of the functional classification a 项-row table can list.
LEVELS = ("类", "款", "项")
#: Contents a layout may print or leave out; a completeness check of content the
#: layout does not print does not run (the 湖南 layout prints them all).
CONTENTS = ("内设机构", "会议费培训费", "整体自评", "项目自评")


@dataclass(frozen=True, slots=True)
class NumberStyle:
    """How amounts and percentages print.

    percent_places: decimals of a share or rate that is not a whole number
    (湖南 75.1%, 上海 75.07%); a whole one prints bare ("100%"), as both
    documents do. thousands: a table amount with separators (26,538.47).
    empty_cell: what a zero cell of a table prints ("" leaves it empty).
    """

    percent_places: int = 1
    thousands: bool = False
    empty_cell: str = ""

    def cell(self, amount: Decimal | None) -> str:
        """A table cell: two decimals, or `empty_cell` for an empty (None) cell."""
        if amount is None:
            return self.empty_cell
        text = format_amount(amount)
        return _grouped(text) if self.thousands else text


def _grouped(text: str) -> str:
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, cents = digits.partition(".")
    return f"{sign}{int(whole):,}" + (f".{cents}" if cents else "")


@dataclass(frozen=True, slots=True)
class TableStyle:
    """One published table: id (stable, "01"…"09"), template, printed title and 表号 label,
    the levels of its 项 rows it lists, column headings by column key (those not named
    keep the model's), notes, and the remark printed under an empty table."""

    id: str
    template: str
    title: str
    number: str = ""
    levels: tuple[str, ...] = ("项",)  # 02/03/05/07/08: the classification levels it lists (类, 款, 项)
    columns: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    empty_remark: str = ""


@dataclass(frozen=True, slots=True)
class Layout:
    """A loaded layout folder.

    name: as the source writes it (版式 湖南); folder: where its templates are;
    builtin: shipped with jsc (its templates are trusted; a user's are sandboxed);
    document: the main template; tables in print order; glossary: the standard
    名词解释 (term, text) in print order; texts: fixed words the templates read;
    wording: the plain-text template whose macros are the document's sentence
    patterns (render/wording_env.py).
    """

    name: str
    folder: Path
    builtin: bool
    document: str
    numbers: NumberStyle
    tables: tuple[TableStyle, ...]
    glossary: tuple[tuple[str, str], ...]
    texts: Mapping[str, str] = field(default_factory=dict)
    contents: tuple[str, ...] = CONTENTS  # what of CONTENTS the document prints
    wording: str = "wording.j2"

    def table(self, table_id: str) -> TableStyle | None:
        return next((t for t in self.tables if t.id == table_id), None)
