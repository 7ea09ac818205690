"""Catalog records, the classifications, and code levels (类 / 款 / 项) by length."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType
from typing import Mapping

# Glossary: category = 类, section = 款, item = 项.
CATEGORY = "类"
SECTION = "款"
ITEM = "项"

BUILTIN_PREFIX = "builtin:"
"""How the source of an entry from the packaged data begins ("builtin:SEED H")."""

UNVERIFIED_TAGS = frozenset({"R"})
"""Source tags of the packaged data that no document in the project backs: "R"
is a row recalled from the 2024/2025 editions, not checked against an official
copy (data/SOURCES.md)."""

_FUNCTION_LEVELS: Mapping[int, str] = MappingProxyType({3: CATEGORY, 5: SECTION, 7: ITEM})
_ECONOMIC_LEVELS: Mapping[int, str] = MappingProxyType({3: CATEGORY, 5: SECTION})


class Classification(Enum):
    """Which classification a code belongs to; the value names its data file."""

    FUNCTION = "function"
    """支出功能分类科目: 类 3 digits, 款 5, 项 7."""
    ECONOMIC = "economic"
    """部门预算支出经济分类科目 (table 06): 类 3 digits, 款 5."""
    GOVERNMENT_ECONOMIC = "economic_gov_partial"
    """政府预算支出经济分类科目 (501–599): 类 3, 款 5 (the data file name is historic)."""

    @property
    def levels(self) -> Mapping[int, str]:
        """Code length → level name."""
        return _FUNCTION_LEVELS if self is Classification.FUNCTION else _ECONOMIC_LEVELS

    @property
    def title(self) -> str:
        """The classification's Chinese name, for messages."""
        return _TITLES[self]


_TITLES = {
    Classification.FUNCTION: "支出功能分类科目",
    Classification.ECONOMIC: "部门预算支出经济分类科目",
    Classification.GOVERNMENT_ECONOMIC: "政府预算支出经济分类科目",
}


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """One code of a classification catalog."""

    code: str
    """The code, ASCII digits only (e.g. "2013101")."""
    name: str
    """The official name (e.g. "行政运行")."""
    level: str
    """"类", "款" or "项"; always agrees with the code's length."""
    source: str
    """Where the entry came from: "builtin:<sources>" (the data file's source
    column, e.g. "builtin:SEED H") or the path of a user's CSV file."""

    @property
    def tags(self) -> tuple[str, ...]:
        """The source tags of a builtin entry ("builtin:SEED SH" → ("SEED", "SH")); () otherwise."""
        if not self.source.startswith(BUILTIN_PREFIX):
            return ()
        return tuple(self.source[len(BUILTIN_PREFIX):].split())

    @property
    def verified(self) -> bool:
        """False only for a builtin entry whose every source tag is unverified
        (UNVERIFIED_TAGS): its name is probably right but no document here shows
        it. A user's file counts as verified: the user vouches for it."""
        tags = self.tags
        return not self.source.startswith(BUILTIN_PREFIX) or any(t not in UNVERIFIED_TAGS for t in tags)


@dataclass(frozen=True, slots=True)
class CatalogProblem:
    """Something wrong in a user's catalog file; data, never raised."""

    source: str
    """The file's path as given."""
    row: int | None
    """The CSV record number (header = 1, as Excel numbers rows); None when it
    concerns the whole file."""
    kind: str
    """Stable key for the diagnostic code registry: "unreadable", "encoding",
    "header", "code", "name", "duplicate" or "csv"."""
    message: str
    """What is wrong, in Chinese, without the row number (the caller prints it)."""


def is_digits(code: str) -> bool:
    """True for a non-empty string of ASCII digits (full-width digits are not codes)."""
    return code.isascii() and code.isdigit()


def level_of(code: str, classification: Classification = Classification.FUNCTION) -> str | None:
    """The level named by the code's length, or None if it cannot be a code."""
    if not is_digits(code):
        return None
    return classification.levels.get(len(code))


def parent_code(code: str, classification: Classification = Classification.FUNCTION) -> str | None:
    """The code one level up by prefix (项 → 款 → 类), known to a catalog or not."""
    if level_of(code, classification) is None:
        return None
    shorter = [n for n in classification.levels if n < len(code)]
    return code[: max(shorter)] if shorter else None


def lineage_codes(code: str, classification: Classification = Classification.FUNCTION) -> tuple[str, ...]:
    """The codes from the 类 down to `code` itself, e.g. ("201", "20131", "2013101")."""
    if level_of(code, classification) is None:
        return ()
    return tuple(code[:n] for n in sorted(classification.levels) if n <= len(code))
