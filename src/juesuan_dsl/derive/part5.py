"""Derive, step 8: part five, the performance self-evaluation (绩效自评) numbers.

Per project: 资金总额 = sums of the 资金 lines (年初 / 全年 / 执行), 执行率 =
执行 / 全年 (None when 全年 is 0), 得分 = 10 × 执行率 (the execution 分值 is
10), indicator 分值 and 得分 summed per 一级指标 and in total, 总分 = 得分 +
indicator 得分. The overall evaluation does the same with 年初预算 = the
一般公共预算 budgets, 全年预算 as written, 全年执行 = 本年支出合计. The report's
project groups state, for 年初预算 projects, their 年初预算数 and, for 年中追加
projects, their 全年预算数 (the seed: 125.00 and 150.46 ≈ 150.75), with the
spending of each group.
"""

from __future__ import annotations

from decimal import Decimal, localcontext

from ..core import vocabulary
from ..core.money import Unit
from ..core.source import Span
from ..core.sums import Sum, add_up
from ..model.derived import (
    FundLine,
    LevelSums,
    OverallEval,
    PartFive,
    ProjectEval,
    ProjectGroup,
    Scores,
)
from ..model.figures import SCORE
from ..model.report import Level1, Project, Report
from ..model.tables import Tables
from .book import Book, doc
from .ledger import ZERO, fact_sum

EXECUTION_WEIGHT = Decimal(10)  # 分值 of 预算执行率 in every self-evaluation table


def _weights(level: Level1) -> tuple[Sum, Sum]:
    """Sums of the 三级指标 分值 and 得分 under one 一级指标."""
    weight, score = [], []
    for level2 in level.children:
        for ind in level2.indicators:
            if ind.weight is not None:
                weight.append(Sum.fact(ind.weight.value, ind.weight.span))
            if ind.score is not None:
                score.append(Sum.fact(ind.score.value, ind.score.span))
    return add_up(weight), add_up(score)


def scores(book: Book, scope: str, levels: tuple[Level1, ...], executed: Sum, annual: Sum, fixed: bool) -> Scores:
    """Execution rate and score, indicator sums and 总分 for one table."""
    weight = book.score((scope, "执行分值"), EXECUTION_WEIGHT)
    rate = book.ratio((scope, "执行率"), executed, annual, fixed, exact=True)
    spans: tuple[Span, ...] = executed.spans + annual.spans
    all_w = add_up(_weights(level)[0] for level in levels)
    all_s = add_up(_weights(level)[1] for level in levels)
    with localcontext() as ctx:
        ctx.prec = 60  # keep money.percent's 50 digits (the default context has 28)
        # 得分 = 分值 × 执行率; 总分 = 得分 + the indicators' 得分.
        score_value = None if rate.value is None else EXECUTION_WEIGHT * rate.value / 100
        total_value = (score_value or ZERO) + all_s.value
    score = (
        book.score((scope, "得分"), score_value, spans)
        if score_value is not None else book.add((scope, "得分"), None, SCORE, "", spans)
    )
    sums = []
    for level in levels:
        w, s = _weights(level)
        stated = level.stated_weight
        sums.append(LevelSums(
            level.name,
            None if stated is None else book.score((scope, level.name, "印出分值"), stated.value, (stated.span,) if stated.span else ()),
            book.score((scope, level.name, "分值"), w.value, w.spans),
            book.score((scope, level.name, "得分"), s.value, s.spans),
        ))
    return Scores(
        weight, rate, score, tuple(sums),
        book.score((scope, "指标分值"), all_w.value, all_w.spans),
        book.score((scope, "指标得分"), all_s.value, all_s.spans),
        book.score((scope, "总分值"), EXECUTION_WEIGHT + all_w.value, all_w.spans),
        book.score((scope, "总分"), total_value, spans + all_s.spans),
    )


def _fund_totals(project: Project, unit: Unit) -> tuple[Sum, Sum, Sum]:
    """A project's 年初, 全年 and 执行 over its 资金 lines."""
    funds = project.funds
    return (
        add_up(fact_sum(f.initial, unit) for f in funds),
        add_up(fact_sum(f.annual, unit) for f in funds),
        add_up(fact_sum(f.executed, unit) for f in funds),
    )


def project_eval(report: Report, project: Project, book: Book) -> ProjectEval:
    """One project's table."""
    scope, u = f"project:{project.name}", report.unit
    lines = []
    for f in project.funds:
        lines.append(FundLine(
            f.source,
            book.amount((scope, "资金", f.source, "年初"), fact_sum(f.initial, u), style="trimmed"),
            book.amount((scope, "资金", f.source, "全年"), fact_sum(f.annual, u), style="trimmed"),
            book.amount((scope, "资金", f.source, "执行"), fact_sum(f.executed, u), style="trimmed"),
        ))
    initial, annual, executed = _fund_totals(project, u)
    return ProjectEval(
        project.name, project.kind, tuple(lines),
        book.amount((scope, "资金总额", "年初"), initial, style="trimmed"),
        book.amount((scope, "资金总额", "全年"), annual, style="trimmed"),
        book.amount((scope, "资金总额", "执行"), executed, style="trimmed"),
        scores(book, scope, project.indicators, executed, annual, fixed=True),
    )


def groups(report: Report, book: Book) -> tuple[ProjectGroup, ...]:
    """年初预算 and 年中追加 groups (every kind listed, even without projects)."""
    out = []
    for kind in vocabulary.PROJECT_KINDS:
        members = [p for p in report.projects if p.kind == kind]
        totals = [_fund_totals(p, report.unit) for p in members]
        initial, annual, executed = (add_up(t[i] for t in totals) for i in range(3))
        name = f"{kind}项目"
        out.append(ProjectGroup(
            kind, tuple(p.name for p in members),
            book.amount(doc(name, "资金"), initial if kind == "年初预算" else annual, style="table"),
            book.amount(doc(name, "执行"), executed, style="table"),
            book.amount(doc(name, "年初预算"), initial, style="table"),
            book.amount(doc(name, "全年预算"), annual, style="table"),
        ))
    return tuple(out)


def _cell_sum(tables: Tables, table: str, column: str) -> tuple[Sum, Decimal]:
    row = getattr(tables, "t" + table).row("合计")
    return row.exact_sum(column), row.printed(column)


def overall_eval(report: Report, tables: Tables, budget: Sum, book: Book) -> OverallEval:
    """整体支出绩效自评表."""
    ov, u = report.overall, report.unit
    annual = fact_sum(ov.annual_budget, u)
    spent, spent_shown = _cell_sum(tables, "03", "本年支出合计")
    basic, basic_shown = _cell_sum(tables, "03", "基本支出")
    project, project_shown = _cell_sum(tables, "03", "项目支出")
    sources = tuple(
        (name, book.amount(("overall", "资金来源", name), fact_sum(fact, u), style="table"))
        for name, fact in ov.sources.items()
    )
    return OverallEval(
        book.amount(("overall", "年初预算"), budget, style="table"),
        book.amount(("overall", "全年预算"), annual, style="table"),
        book.amount(("overall", "全年执行"), spent, spent_shown, style="table"),
        sources,
        book.amount(("overall", "基本支出"), basic, basic_shown, style="table"),
        book.amount(("overall", "项目支出"), project, project_shown, style="table"),
        scores(book, "overall", ov.indicators, spent, annual, fixed=False),
    )


def part_five(report: Report, tables: Tables, budget: Sum, book: Book) -> PartFive:
    """Overall evaluation, each project, and the project groups."""
    projects = tuple(project_eval(report, p, book) for p in report.projects)
    return PartFive(overall_eval(report, tables, budget, book), projects, groups(report, book))

