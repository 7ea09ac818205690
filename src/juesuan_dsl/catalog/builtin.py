"""The catalogs shipped as package data (data/*.csv), read once."""

from __future__ import annotations

import csv
import functools
import io
from importlib import resources

from .catalog import Catalog
from .entry import CATEGORY, CatalogEntry, Classification, level_of

EDITION = "jsc-catalog 2026.1, partial"
"""The edition of the builtin data; data/README.md records its sources and gaps."""

BUILTIN_PREFIX = "builtin:"


def read_data_rows(filename: str) -> list[dict[str, str]]:
    """The rows of a packaged CSV file (header row gives the keys)."""
    text = resources.files(__package__).joinpath("data", filename).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@functools.cache
def load_builtin(classification: Classification) -> Catalog:
    """The builtin catalog of `classification`.

    The function catalog also gets every 类 of function_categories.csv that
    function.csv lacks (202 外交支出 …), so that all 24 类 have names."""
    entries = [_entry(row, classification) for row in read_data_rows(f"{classification.value}.csv")]
    if classification is Classification.FUNCTION:
        known = {e.code for e in entries}
        for row in read_data_rows("function_categories.csv"):
            if row["code"] not in known:
                source = BUILTIN_PREFIX + row["code_source"]
                entries.append(CatalogEntry(row["code"], row["name"], CATEGORY, source))
    return Catalog.of(classification, entries)


def function_catalog() -> Catalog:
    """The builtin 支出功能分类科目 catalog."""
    return load_builtin(Classification.FUNCTION)


def economic_catalog() -> Catalog:
    """The builtin 部门预算支出经济分类科目 catalog (table 06)."""
    return load_builtin(Classification.ECONOMIC)


def _entry(row: dict[str, str], classification: Classification) -> CatalogEntry:
    code, name, level = row["code"], row["name"], row["level"]
    # Package data is ours: a bad row is a bug to fail loudly on, not a user problem.
    if level_of(code, classification) != level or not name:
        raise ValueError(f"bad builtin {classification.value} row: {row!r}")
    return CatalogEntry(code, name, level, BUILTIN_PREFIX + row["source"])
