"""The one-line fix hint for a code the catalog does not know (diagnostic JSC-E0401)."""

from __future__ import annotations

from .catalog import Catalog
from .entry import CatalogEntry


def unknown_code_hint(code: str, catalog: Catalog, k: int = 3) -> str:
    """The hint for `code`, unknown to `catalog`: up to `k` known codes of its
    own 类 to choose from (those of its own 款 when there are any), then how to
    add a new code. The message itself ("科目表中没有科目 …") says that the
    code is unknown; the hint keeps to what to do about it, e.g.

        是否想写同款（20701 文化和旅游）的 2070101 行政运行、2070104 图书馆？
        若是新增科目，请在编码后写上名称：2070191 "科目名称" …，或用“科目表”引入补充科目表。
    """
    code = code.strip()
    return _choices(code, catalog, k) + (
        f"若是新增科目，请在编码后写上名称：{code} \"科目名称\" …，或用“科目表”引入补充科目表。"
    )


def _choices(code: str, catalog: Catalog, k: int) -> str:
    lengths = sorted(catalog.classification.levels)
    category_length, section_length = lengths[0], lengths[1]
    if len(code) <= category_length:
        return ""  # a 类 (or less): other 类 are no typo to suggest
    category = code[:category_length]
    if not catalog.under(category):
        return f"科目表中没有 {category} 类的科目。"
    near = catalog.nearest(code, k)  # codes of the same 款 rank first (longer common prefix)
    section = code[:section_length]
    prefix = ""
    if len(code) > section_length:
        same_section = [e for e in near if e.code.startswith(section)]
        if same_section:
            return _did_you_mean(f"同款（{_label(catalog, section)}）的", same_section[:k])
        if section not in catalog:
            prefix = f"科目表中没有 {section} 款；"
    if not near:
        return prefix
    return prefix + _did_you_mean(f"同类（{_label(catalog, category)}）的", near[:k])


def _did_you_mean(scope: str, entries: list[CatalogEntry] | tuple[CatalogEntry, ...]) -> str:
    if not entries:
        return ""
    return f"是否想写{scope} " + "、".join(f"{e.code} {e.name}" for e in entries) + "？"


def _label(catalog: Catalog, code: str) -> str:
    name = catalog.name(code)
    return f"{code} {name}" if name else code
