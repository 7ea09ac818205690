"""Rules between the money tables (公开01–08表): totals that must balance, read from the raw facts.

Table totals themselves are derived by jsc and add up by construction; what can
still be wrong is the raw data: income that does not cover spending plus
balances, a 06 breakdown that does not add up to the basic spending it details.
"""

from __future__ import annotations

from typing import Iterator

from ..core.vocabulary import FISCAL_FUND_NAMES, PERSONNEL, PUBLIC_USE
from ..model.report import IncomeRow, SpendingRow
from .context import (
    EMPTY,
    Context,
    Finding,
    Tolerance,
    first_span,
    related,
    row_total,
    span_of,
    total,
)
from .context import (
    EXACT as NO_TOLERANCE,
)


def grand_totals_balance(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """A01-01: 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余 = 本年支出合计 + 结余分配 + 年末结转和结余
    (the 结转结余 of every 项 and the department's of no 项)."""
    if not ctx.has_balances:
        return  # without balances the identity is "income = spending": A02-01 reports it
    report = ctx.report
    income, spending = ctx.income(), ctx.spending()
    use, distribution = total([report.use_non_fiscal_balance]), total([report.balance_distribution])
    carry_in, carry_out = ctx.carry_in(), ctx.carry_out()
    left, right = income + use + carry_in, spending + distribution + carry_out
    if not ctx.differs(tol, left, right):
        return
    detail = (
        f"公开01表左右总计不等：收入总计 {ctx.money(left.value)}（本年收入合计 {ctx.money(income.value)} + "
        f"使用非财政拨款结余 {ctx.money(use.value)} + 年初结转和结余 {ctx.money(carry_in.value)}），"
        f"支出总计 {ctx.money(right.value)}（本年支出合计 {ctx.money(spending.value)} + 结余分配 "
        f"{ctx.money(distribution.value)} + 年末结转和结余 {ctx.money(carry_out.value)}），相差 "
        f"{ctx.money(left.value - right.value)}"
    )
    primary = first_span(span_of(report.use_non_fiscal_balance), span_of(report.balance_distribution), *carry_out.spans, *carry_in.spans)
    yield Finding(
        primary,
        detail,
        related(carry_in.spans + carry_out.spans, "年初/年末结转和结余")
        + related(income.spans[:1], "本年收入（收入块）")
        + related(spending.spans[:1], "本年支出（支出块）"),
        "核对各项的年初结转、年末结转，以及“结转结余”块中的使用非财政拨款结余、结余分配和年初、年末结转和结余。",
    )


def _first_unequal_item(ctx: Context) -> tuple[IncomeRow | None, list[SpendingRow]] | None:
    spent: dict[str, list[SpendingRow]] = {}
    for row in ctx.report.spending:
        spent.setdefault(row.code, []).append(row)
    income = {row.code: row for row in ctx.report.income}
    for code in sorted(set(spent) | set(income)):
        got = total(income[code].by_source.values()) if code in income else EMPTY
        used = sum((row_total(r) for r in spent.get(code, [])), EMPTY)
        if got.value != used.value:
            return income.get(code), spent.get(code, [])
    return None


def income_equals_spending(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """A02-01: with no balances at all, 本年收入合计 (02) = 本年支出合计 (03)."""
    if ctx.has_balances:
        return
    income, spending = ctx.income(), ctx.spending()
    if not ctx.differs(tol, income, spending):
        return
    found = _first_unequal_item(ctx)
    primary, rel = None, ()
    if found is not None:
        row, rows = found
        primary = first_span(row.span if row else None, *(r.span for r in rows))
        rel = related([row.span] if row else [], "该项收入") + related([r.span for r in rows], "该项支出")
        code = row.code if row else rows[0].code
        where = f"；收支不等的第一个项是 {code}"
    else:
        where = ""
    yield Finding(
        first_span(primary, *income.spans, *spending.spans),
        f"没有结转结余，公开02表本年收入合计应等于公开03表本年支出合计：{ctx.compare('收入', income, '支出', spending)}{where}",
        rel,
        "若有年初或年末结转和结余，请在对应的支出行写“年初结转”“年末结转”，或在“结转结余”块中写明。",
    )


def income_spending_gap(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """A02-02: with balances, 本年收入合计 ≠ 本年支出合计 is normal but a bureau wants it explained."""
    if not ctx.has_balances:
        return
    income, spending = ctx.income(), ctx.spending()
    if not ctx.differs(tol, income, spending):
        return
    report = ctx.report
    balances = [span_of(report.use_non_fiscal_balance), span_of(report.balance_distribution)]
    yield Finding(
        first_span(*ctx.carry_in().spans, *ctx.carry_out().spans, *balances, *income.spans),
        f"本年收入合计与本年支出合计不等（{ctx.compare('收入', income, '支出', spending)}），差额由结转结余构成，需要说明",
        related(ctx.carry_in().spans + ctx.carry_out().spans, "结转结余"),
        "确认差额来自结转结余后，在文件顶层写：已知差异 A02-02 \"差额为……\"。",
    )


def general_fund_balance(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """A04-01: 一般公共预算财政拨款: 年初结转 + 本年收入 − 本年支出 = 年末结转 (公开04表).

    政府性基金 and 国有资本经营 are checked per 项 (A07-01, A08-01), which implies
    their totals; 一般公共预算 is checked as a whole and the message names the
    first 项 that does not balance, where a typo or a wrong fund block usually is.
    """
    fund = "一般公共预算"
    income, spending = ctx.income([fund]), ctx.spending(fund)
    carry_in, carry_out = ctx.carry_in(fund), ctx.carry_out(fund)
    left, right = carry_in + income, spending + carry_out
    if not ctx.differs(tol, left, right):
        return
    code, first = next(_item_balance(ctx, NO_TOLERANCE, fund), (None, None))
    where = f"；不平衡的第一个项是 {code}" if first else ""
    rows = ctx.rows(fund)
    yield Finding(
        first_span(first.span if first else None, *(r.span for r in rows), *income.spans),
        f"{FISCAL_FUND_NAMES[fund]}收支不平衡：年初结转 {ctx.money(carry_in.value)} + 本年收入 {ctx.money(income.value)} − "
        f"本年支出 {ctx.money(spending.value)} = {ctx.money(left.value - spending.value)}，"
        f"而年末结转 {ctx.money(carry_out.value)}，相差 {ctx.money(left.value - right.value)}{where}",
        (first.related if first else ()) + related(income.spans[:1], f"{fund}收入"),
        "“收入”块中各项的“一般公共预算”应与“支出 一般公共预算”块对应；检查金额，以及支出是否写进了别的资金块。",
    )


def basic_equals_breakdown(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """A05-01: 05 基本支出 (一般公共预算 基本) = 06 人员经费合计 + 公用经费合计 (the economic 款)."""
    basic = ctx.kind("基本", "一般公共预算")
    breakdown = ctx.economic()
    if not (basic.facts or breakdown.facts) or not ctx.differs(tol, basic, breakdown):
        return
    personnel, public = ctx.economic(PERSONNEL), ctx.economic(PUBLIC_USE)
    detail = (
        f"公开05表基本支出 {ctx.money(basic.value)}（一般公共预算各项“基本”之和）不等于公开06表合计 "
        f"{ctx.money(breakdown.value)}（人员经费 {ctx.money(personnel.value)} + 公用经费 {ctx.money(public.value)}），"
        f"相差 {ctx.money(basic.value - breakdown.value)}"
    )
    yield Finding(
        first_span(*breakdown.spans, *basic.spans),
        detail,
        related(basic.spans, "一般公共预算基本支出") + related(breakdown.spans[1:], "基本支出明细"),
        "“基本支出明细”各款之和应等于“支出 一般公共预算”块中各项“基本”之和；检查有无漏填、截断的款。",
    )


def _item_balance(ctx: Context, tol: Tolerance, fund: str) -> Iterator[tuple[str, Finding]]:
    """年初结转 + 本年收入 − 本年支出 = 年末结转 for each 项 of one fiscal fund."""
    rows = {r.code: r for r in ctx.rows(fund)}
    incomes = {r.code: r for r in ctx.report.income if fund in r.by_source}
    for code in sorted(set(rows) | set(incomes)):
        row, income_row = rows.get(code), incomes.get(code)
        income = total([income_row.by_source[fund]]) if income_row else EMPTY
        spending = row_total(row) if row else EMPTY
        carry_in = total([row.carry_in]) if row else EMPTY
        carry_out = total([row.carry_out]) if row else EMPTY
        left, right = carry_in + income, spending + carry_out
        if not ctx.differs(tol, left, right):
            continue
        yield code, Finding(
            first_span(row.span if row else None, income_row.span if income_row else None),
            f"{code} 的{FISCAL_FUND_NAMES[fund]}不平衡：年初结转 {ctx.money(carry_in.value)} + 本年收入 "
            f"{ctx.money(income.value)} − 本年支出 {ctx.money(spending.value)} = "
            f"{ctx.money(left.value - spending.value)}，而年末结转 {ctx.money(carry_out.value)}，"
            f"相差 {ctx.money(left.value - right.value)}",
            related([income_row.span] if income_row and row else [], f"{code} 的{fund}收入"),
            f"检查“收入”块中 {code} 的“{fund}”与“支出 {fund}”块中该项的金额和结转。",
        )


def fund_item_balance(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """A07-01: each 项 of 政府性基金 (the rows of 公开07表)."""
    yield from (finding for _, finding in _item_balance(ctx, tol, "政府性基金"))


def capital_item_balance(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """A08-01: each 项 of 国有资本经营."""
    yield from (finding for _, finding in _item_balance(ctx, tol, "国有资本经营"))
