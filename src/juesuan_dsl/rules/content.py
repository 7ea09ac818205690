"""Content that is wrong whatever else the source says: errors, never printed silently (D-checks).

A figure that cannot be negative written negative; a 三公 item's 上年 above the total's; a
二级指标 under a 一级指标 it does not belong to; a 项 whose 款 or 类 has no name, which a
「…（类）…（款）…（项）」 heading would otherwise leave out without a word.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from ..core.vocabulary import LEVEL1, LEVEL2, THREE_PUBLIC_ITEM_NAMES
from ..model.report import Fact
from .context import Context, Finding, Tolerance, related

# Each 一级指标's 二级指标 (财政部 项目支出绩效评价指标体系 框架, as the seed's tables use them).
LEVEL2_OF: dict[str, tuple[str, ...]] = {
    LEVEL1[0]: LEVEL2[0:3],   # 产出指标: 数量, 质量, 时效
    LEVEL1[1]: LEVEL2[3:7],   # 效益指标: 经济, 社会, 生态效益, 可持续影响
    LEVEL1[2]: LEVEL2[7:8],   # 满意度指标: 服务对象满意度
    LEVEL1[3]: LEVEL2[8:11],  # 成本指标: 经济, 社会, 生态环境成本
}


def _amount(value: Decimal) -> str:
    return f"{value:f}"


def _non_negative(ctx: Context) -> Iterable[tuple[str, Fact | None]]:
    """(what, fact) for every written amount that cannot be negative."""
    report = ctx.report
    tp = report.three_public
    yield "“三公”经费上年合计", tp.prior
    for key, item in tp.items.items():
        name = THREE_PUBLIC_ITEM_NAMES.get(key, key)
        yield f"{name}预算", item.budget
        yield f"{name}决算", item.actual
        yield f"{name}上年", item.prior
    if tp.cars is not None:
        yield "公务用车购置及运行维护费上年", tp.cars.prior
    for row in report.spending:
        yield f"{row.code} 年初预算", row.budget
    for row in report.income:
        for source, fact in row.by_source.items():
            yield f"{row.code} {source}收入", fact
    pr = report.procurement
    for kind, fact in pr.amounts.items():
        yield f"政府采购{kind}", fact
    for kind, fact in pr.sme.items():
        yield f"政府采购{kind}授予中小企业", fact
    for what, fact in (("授予小微企业", pr.small_micro), ("中小企业预留", pr.reserved_sme),
                       ("中小企业预留中标", pr.reserved_sme_won), ("小微企业预留", pr.reserved_small),
                       ("小微企业预留中标", pr.reserved_small_won), ("非预留中小企业中标", pr.other_sme_won)):
        yield f"政府采购{what}", fact


def not_negative(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """D01-01: 三公 预算/决算/上年, 年初预算, income and 政府采购 amounts are never negative."""
    for what, fact in _non_negative(ctx):
        if fact is not None and fact.value < 0:
            yield Finding(fact.span, f"{what}为负数 {_amount(fact.value)}", hint="这个数不会是负数：请检查符号。")


def item_prior_within_total(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """D01-02: no 三公 item's 上年 is larger than the 三公 上年 total."""
    tp = ctx.report.three_public
    if tp.prior is None:
        return
    for key, item in tp.items.items():
        if item.prior is not None and item.prior.value > tp.prior.value:
            yield Finding(
                item.prior.span,
                f"{THREE_PUBLIC_ITEM_NAMES.get(key, key)}上年 {_amount(item.prior.value)} 大于“三公”经费上年合计 {_amount(tp.prior.value)}",
                related([tp.prior.span], "上年合计"),
            )


def level2_under_its_level1(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """D02-01: each 二级指标 sits under the 一级指标 it belongs to (数量指标 under 产出指标 …)."""
    tables = [("整体支出绩效自评表", ctx.report.overall.indicators)] if ctx.report.overall.span is not None else []
    tables += [(f"项目“{p.name}”", p.indicators) for p in ctx.report.projects]
    for label, tree in tables:
        for level1 in tree:
            allowed = LEVEL2_OF.get(level1.name, ())
            for level2 in level1.children:
                if level2.name not in allowed:
                    home = next((k for k, v in LEVEL2_OF.items() if level2.name in v), "")
                    yield Finding(
                        level2.span, f"{label}：二级指标“{level2.name}”写在一级指标“{level1.name}”下",
                        related([level1.span], "一级指标"),
                        f"“{level2.name}”属于“{home}”，请移到“{home}”块里。" if home else "",
                    )


def named_sections_and_categories(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """D03-01: every 项 written has the names of its 款 and 类 (the headings of 五（三） print all three)."""
    for code, item in sorted(ctx.report.items.items()):
        missing = [(level, part) for level, part, name in (("款", item.section, item.section_name),
                                                          ("类", item.category, item.category_name)) if not name]
        for level, part in missing:
            yield Finding(
                item.span, f"{code} 所属的{level} {part} 在科目表中没有名称（“……（{level}）”无法印出）",
                hint=f"在 科目表 的 CSV 中加一行：{part},名称（docs/language.md 第 2 节）。",
            )
