"""The official order of the function 类 that numbers them in tables 01 and 04."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from ..core.money import (
    chinese_numeral,  # the one numeral writer; re-exported by catalog
)
from .builtin import read_data_rows
from .entry import Classification, level_of


@dataclass(frozen=True, slots=True)
class FunctionCategory:
    """One 类 of the 支出功能分类 in official order (function_categories.csv)."""

    ordinal: int
    """Position in the official list, from 1 (一、一般公共服务支出) to 24."""
    code: str
    """The 类 code, 3 digits (e.g. "201")."""
    name: str
    """The 类 name (e.g. "一般公共服务支出")."""
    source: str
    """Where the code came from: "SEED/PUB", or "K" (standard numbering, unverified)."""

    @property
    def label(self) -> str:
        """The row label of tables 01 and 04, e.g. "六、科学技术支出"."""
        return f"{chinese_numeral(self.ordinal)}、{self.name}"


@functools.cache
def function_categories() -> tuple[FunctionCategory, ...]:
    """All 类 in official order (the Shanghai layout lists every one in table 01)."""
    rows = read_data_rows("function_categories.csv")
    categories = tuple(
        FunctionCategory(int(row["ordinal"]), row["code"], row["name"], row["code_source"]) for row in rows
    )
    # Packaged data: the ordinals must be exactly 1..n in file order.
    if [c.ordinal for c in categories] != list(range(1, len(categories) + 1)):
        raise ValueError("function_categories.csv ordinals are not 1..n in order")
    return categories


@functools.cache
def _by_code() -> Mapping[str, FunctionCategory]:
    return MappingProxyType({c.code: c for c in function_categories()})


def function_category(code: str) -> FunctionCategory | None:
    """The 类 a function code belongs to (a 类, 款 or 项 code), or None."""
    if level_of(code, Classification.FUNCTION) is None:
        return None
    return _by_code().get(code[:3])


def category_ordinal(code: str) -> int | None:
    """The official ordinal of the code's 类 (201 → 1, 2013101 → 1, 221 → 19), or None."""
    category = function_category(code)
    return category.ordinal if category else None


def ordinal_label(code: str) -> str | None:
    """Tables 01/04 row label of the code's 类, e.g. 206 → "六、科学技术支出", or None."""
    category = function_category(code)
    return category.label if category else None
