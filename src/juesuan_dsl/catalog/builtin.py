"""The catalogs shipped as package data (data/*.csv), read once."""

from __future__ import annotations

import csv
import functools
import io
from pathlib import Path

from .catalog import Catalog
from .entry import BUILTIN_PREFIX, CATEGORY, CatalogEntry, Classification, level_of

EDITION = "jsc-catalog 2026.2, 2024/2025 editions (partly unverified)"
"""The edition of the builtin data; data/README.md and data/SOURCES.md record its sources and gaps."""

__all__ = ["BUILTIN_PREFIX", "EDITION", "economic_catalog", "function_catalog", "load_builtin", "read_data_rows"]

_DATA = Path(__file__).with_name("data")


def read_data_rows(filename: str) -> list[dict[str, str]]:
    """The rows of a packaged CSV file (header row gives the keys)."""
    text = _read_data_text(filename)
    # csv.reader plus zip: several times faster than DictReader on the ~1,500 rows
    # of function.csv, which every build reads.
    rows = csv.reader(io.StringIO(text, newline=""))
    header = next(rows)
    return [dict(zip(header, row)) for row in rows if row]


def _read_data_text(filename: str) -> str:
    path = _DATA / filename
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        # Not a plain directory (e.g. a zipped install): ask the import system.
        from importlib import resources

        return resources.files(__package__).joinpath("data", filename).read_text(encoding="utf-8")


@functools.cache
def load_builtin(classification: Classification) -> Catalog:
    """The builtin catalog of `classification`, parsed once per process.

    The function catalog also gets every 类 of function_categories.csv that
    function.csv lacks, so that all 24 类 have names (today function.csv has
    all of them; the fallback keeps the two files from drifting apart)."""
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
    code, name, level, source = row["code"], row["name"], row["level"], row["source"]
    # Package data is ours: a bad row is a bug to fail loudly on, not a user problem.
    if level_of(code, classification) != level or not name or not source:
        raise ValueError(f"bad builtin {classification.value} row: {row!r}")
    return CatalogEntry(code, name, level, BUILTIN_PREFIX + source)
