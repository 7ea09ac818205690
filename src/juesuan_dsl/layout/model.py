"""A layout as data: what a layout folder's layout.toml says, checked and frozen.

A layout chooses how the document looks (LAYOUTS.md): which tables in which
order with which titles, 表号 labels, column headings, notes and empty-table
remarks; how numbers print; the parts and their headings (in its templates);
the glossary. It never adds a fact: every figure comes from derive.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
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
#: Which 类 rows the two-sided tables 01 / 04 list: those with figures, or all 24.
CATEGORY_LISTINGS = ("spent", "all")


@dataclass(frozen=True, slots=True)
class NumberStyle:
    """How amounts and percentages print.

    percent_places: decimals of a share or rate that is not a whole number
    (湖南 75.1%, 上海 75.07%); a whole one prints bare ("100%"), as both
    documents do. thousands: a table amount with separators (26,538.47).
    empty_cell: what a zero cell of a table prints ("" leaves it empty).
    text_cents: every amount in a sentence has two decimals (上海 "40.00万元",
    "0.40万元"); False keeps 湖南's mix: whole amounts of 五（三） bare ("40万元"),
    三公 and 绩效 amounts trimmed ("0.4万元"). Zero prints "0" in both.
    """

    percent_places: int = 1
    thousands: bool = False
    empty_cell: str = ""
    text_cents: bool = False

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
    keep the model's), notes, the remark printed under an empty table, and for the
    two-sided 01 / 04: which 类 rows it lists ("spent": those with figures; "all":
    the 24 类 of the official list) and the least number of body rows per side
    (padding, so that 行次 match a published table). empty_cell overrides the
    layout's numbers.empty_cell for this table (None: the layout's)."""

    id: str
    template: str
    title: str
    number: str = ""
    levels: tuple[str, ...] = ("项",)  # 02/03/05/07/08: the classification levels it lists (类, 款, 项)
    columns: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    empty_remark: str = ""
    categories: str = "spent"  # 01 / 04: CATEGORY_LISTINGS
    body_rows: int = 0  # 01 / 04: least body rows per side
    empty_cell: str | None = None
    printed_columns: tuple[str, ...] | None = None  # the column keys it prints, in order (None: all)
    groups: tuple[tuple[str, ...], ...] | None = None  # 06: the economic 类 of each side-by-side group
    labels: Mapping[str, str] = field(default_factory=dict)  # row key -> printed label (01 / 04 fixed rows)
    hide_when_empty: frozenset[str] = frozenset()  # 06: 款 codes listed only when they have an amount

    def numbers(self, layout_numbers: NumberStyle, written: bool = True) -> NumberStyle:
        """The number style this table prints with: the layout's, with its own empty cell;
        a table whose facts the source does not give (written False) leaves its cells empty."""
        if not written:
            return replace(layout_numbers, empty_cell="")
        if self.empty_cell is None:
            return layout_numbers
        return replace(layout_numbers, empty_cell=self.empty_cell)


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
