"""Classification catalogs (支出功能分类, 部门预算支出经济分类) as package data, with lookup."""

from .builtin import EDITION, economic_catalog, function_catalog, load_builtin
from .catalog import Catalog
from .entry import (
    BUILTIN_PREFIX,
    CATEGORY,
    ITEM,
    SECTION,
    UNVERIFIED_TAGS,
    CatalogEntry,
    CatalogProblem,
    Classification,
    level_of,
    lineage_codes,
    parent_code,
)
from .hints import unknown_code_hint
from .ordinals import (
    FunctionCategory,
    category_ordinal,
    chinese_numeral,
    function_categories,
    function_category,
    ordinal_label,
)
from .user_csv import load_user_csv

__all__ = [
    "BUILTIN_PREFIX",
    "CATEGORY",
    "EDITION",
    "ITEM",
    "SECTION",
    "UNVERIFIED_TAGS",
    "Catalog",
    "CatalogEntry",
    "CatalogProblem",
    "Classification",
    "FunctionCategory",
    "category_ordinal",
    "chinese_numeral",
    "economic_catalog",
    "function_catalog",
    "function_categories",
    "function_category",
    "level_of",
    "lineage_codes",
    "load_builtin",
    "load_user_csv",
    "ordinal_label",
    "parent_code",
    "unknown_code_hint",
]
