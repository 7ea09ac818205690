"""Rules on the self-evaluation tables (绩效自评): funds, execution, indicator weights and scores.

The execution line of every table weighs 10 points and the indicators the
other 90; 执行率, 得分 and 总分 are derived by jsc, so what is checked here is
the raw tree and the raw money lines.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from ..model.report import Indicator, Level1
from .context import Context, Finding, Tolerance, first_span, related, total

EXECUTION_WEIGHT = Decimal(10)  # 分值 of the 全年执行 line in every self-evaluation table
FULL_MARKS = Decimal(100)


def _tables(ctx: Context):
    """(label, span, indicator tree) of the overall table and of each project table."""
    overall = ctx.report.overall
    if overall.span is not None:
        yield "整体支出绩效自评表", overall.span, overall.indicators
    for project in ctx.report.projects:
        yield f"项目“{project.name}”", project.span, project.indicators


def _indicators(tree: tuple[Level1, ...]) -> Iterator[Indicator]:
    for level1 in tree:
        for level2 in level1.children:
            yield from level2.indicators


def _n(x: Decimal) -> str:
    """A score as written in the tables: no trailing zeros beyond the value (10, 9.5, 0.33)."""
    text = f"{x:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def overall_budget_sources(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """P01-01: 整体自评 全年预算 = the sum of its 资金来源 lines."""
    overall = ctx.report.overall
    if overall.annual_budget is None or not overall.sources:
        return
    stated, sources = total([overall.annual_budget]), total(overall.sources.values())
    if not ctx.differs(tol, stated, sources):
        return
    yield Finding(
        overall.annual_budget.span,
        f"整体自评全年预算 {ctx.money(stated.value)} 不等于各资金来源之和 {ctx.money(sources.value)}，"
        f"相差 {ctx.money(stated.value - sources.value)}",
        related(sources.spans, "资金来源"),
    )


def project_execution_within_budget(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """P01-02: on each 资金 line of a project, 全年执行数 ≤ 全年预算数."""
    for project in ctx.report.projects:
        for line in project.funds:
            executed = line.executed.value if line.executed else Decimal(0)
            annual = line.annual.value if line.annual else Decimal(0)
            if executed > annual:
                yield Finding(
                    first_span(line.executed.span if line.executed else None, line.span),
                    f"项目“{project.name}”的{line.source}全年执行数 {ctx.money(executed)} 超过全年预算数 "
                    f"{ctx.money(annual)}，执行率超过 100%，需要说明",
                    related([line.annual.span if line.annual else None], "全年预算数"),
                    "核对全年预算数是否包含年中追加；确属超预算执行的，用“已知差异 P01-02 \"……\"”说明原因。",
                )


def overall_execution_within_budget(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """P01-03: 整体自评 全年执行数 (本年支出合计) ≤ 全年预算数."""
    overall = ctx.report.overall
    if overall.annual_budget is None:
        return
    spending = ctx.spending()
    if spending.value <= overall.annual_budget.value:
        return
    yield Finding(
        overall.annual_budget.span,
        f"整体自评全年执行数（本年支出合计）{ctx.money(spending.value)} 超过全年预算数 "
        f"{ctx.money(overall.annual_budget.value)}，需要说明",
        related(spending.spans[:1], "本年支出"),
        "核对整体自评的“全年预算”；确属超预算执行的，用“已知差异 P01-03 \"……\"”说明。",
    )


def projects_cover_project_spending(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """P01-04: the evaluated projects' 全年执行数 compared with 本年项目支出 (information only)."""
    projects = ctx.report.projects
    if not projects:
        return
    executed = total(line.executed for p in projects for line in p.funds)
    spending = ctx.kind("项目")
    if not ctx.differs(tol, executed, spending):
        return
    yield Finding(
        projects[0].span,
        f"{len(projects)} 个自评项目的全年执行数之和 {ctx.money(executed.value)}，本年项目支出合计 "
        f"{ctx.money(spending.value)}，相差 {ctx.money(executed.value - spending.value)}"
        "（未评价的项目、跨资金来源的执行数都会造成差异）",
        related(spending.spans[:1], "项目支出"),
    )


def score_within_weight(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """P02-01: an indicator's 得分 ≤ its 分值."""
    for label, _, tree in _tables(ctx):
        for indicator in _indicators(tree):
            weight, score = indicator.weight, indicator.score
            if weight is not None and score is not None and score.value > weight.value:
                yield Finding(
                    score.span,
                    f"{label}的指标“{indicator.name}”得分 {_n(score.value)} 超过分值 {_n(weight.value)}",
                    related([weight.span], "分值"),
                )


def scores_not_negative(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """P02-02: 分值 and 得分 are never negative."""
    for label, _, tree in _tables(ctx):
        for indicator in _indicators(tree):
            for name, fact in (("分值", indicator.weight), ("得分", indicator.score)):
                if fact is not None and fact.value < 0:
                    yield Finding(fact.span, f"{label}的指标“{indicator.name}”{name}为负数 {_n(fact.value)}")


def level1_weight(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """P02-03: the weight printed after a 一级指标 = the sum of its 三级指标' 分值."""
    for label, _, tree in _tables(ctx):
        for level1 in tree:
            if level1.stated_weight is None:
                continue
            weights = total(i.weight for level2 in level1.children for i in level2.indicators)
            if weights.value == level1.stated_weight.value:
                continue
            yield Finding(
                level1.stated_weight.span,
                f"{label}的{level1.name}印出分值 {_n(level1.stated_weight.value)}，其下三级指标分值之和为 "
                f"{_n(weights.value)}，相差 {_n(level1.stated_weight.value - weights.value)}",
                related(weights.spans, "三级指标分值"),
                "一级指标后面的数字印在表中（如“产出指标（40分）”），应与其下三级指标分值之和一致；不写则印出算得的分值。",
            )


def weights_total_hundred(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """P02-04: execution 分值 10 + all indicator 分值 = 100."""
    for label, span, tree in _tables(ctx):
        weights = total(i.weight for i in _indicators(tree))
        if not weights.facts:
            continue  # no indicators at all: C15-02 reports the missing tree
        full = EXECUTION_WEIGHT + weights.value
        if full == FULL_MARKS:
            continue
        yield Finding(
            span,
            f"{label}的分值合计为 {_n(full)}（执行率 {_n(EXECUTION_WEIGHT)} + 绩效指标 {_n(weights.value)}），应为 100",
            related([level1.span for level1 in tree], "一级指标"),
            "绩效指标的三级指标分值之和应为 90。",
        )
