"""Rules on single figures across sections: 06 lines within their 三公 items, 三公 priors, vehicles, procurement.

公开06表 shows basic spending only, while the 三公 table (09) counts basic and
project spending, so an economic 款 is a lower bound of its 三公 item. Raw facts
rounded from the same 元 ledger keep their order, so these compare exactly.
"""

from __future__ import annotations

from typing import Iterator

from ..core.vocabulary import PUBLIC_USE
from ..model.report import Fact
from .context import (
    Context,
    Finding,
    Tolerance,
    first_span,
    related,
    span_of,
    total,
    value,
)


def _at_most(ctx: Context, code: str, label: str, bound: Fact | None, bound_label: str, fallback=None) -> Iterator[Finding]:
    """An economic 款 of 公开06表 may not exceed the figure it is part of."""
    part = ctx.economic_fact(code)
    if part is None or part.value <= value(bound):
        return
    bound_text = ctx.money(value(bound)) if bound is not None else "未填写（按 0 计）"
    yield Finding(
        part.span,
        f"公开06表 {code} {label} {ctx.money(part.value)} 大于{bound_label} {bound_text}，"
        f"相差 {ctx.money(part.value - value(bound))}",
        related([span_of(bound) or fallback], bound_label),
        f"06表只含一般公共预算基本支出，{bound_label}还包括项目支出，因此前者不能大于后者。",
    )


def _three_public_actual(ctx: Context, key: str) -> Fact | None:
    item = ctx.report.three_public.items.get(key)
    return None if item is None else item.actual


def abroad_within_three_public(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """A06-01: 30212 因公出国（境）费用 ≤ 三公 因公出国（境）费 决算."""
    yield from _at_most(ctx, "30212", "因公出国（境）费用", _three_public_actual(ctx, "因公出国"), "“三公”因公出国（境）费决算", ctx.report.three_public.span)


def reception_within_three_public(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """A06-02: 30217 公务接待费 ≤ 三公 公务接待费 决算."""
    yield from _at_most(ctx, "30217", "公务接待费", _three_public_actual(ctx, "公务接待"), "“三公”公务接待费决算", ctx.report.three_public.span)


def car_running_within_three_public(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """A06-03: 30231 公务用车运行维护费 ≤ 三公 公务用车运行维护费 决算."""
    yield from _at_most(ctx, "30231", "公务用车运行维护费", _three_public_actual(ctx, "公务用车运行"), "“三公”公务用车运行维护费决算", ctx.report.three_public.span)


def car_purchase_within_three_public(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """A06-04: 31013 公务用车购置 ≤ 三公 公务用车购置费 决算."""
    yield from _at_most(ctx, "31013", "公务用车购置", _three_public_actual(ctx, "公务用车购置"), "“三公”公务用车购置费决算", ctx.report.three_public.span)


def meeting_within_total(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """A06-05: 30215 会议费 ≤ 第十一节 会议费 (when that is written)."""
    if ctx.report.meeting_fee is not None:
        yield from _at_most(ctx, "30215", "会议费", ctx.report.meeting_fee, "第十一节会议费")


def training_within_total(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """A06-06: 30216 培训费 ≤ 第十一节 培训费 (when that is written)."""
    if ctx.report.training_fee is not None:
        yield from _at_most(ctx, "30216", "培训费", ctx.report.training_fee, "第十一节培训费")


def three_public_prior_total(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """A09-01: when the prior year of every 三公 item is written, their sum = 三公 上年 合计."""
    three = ctx.report.three_public
    priors = [item.prior for item in three.items.values()]
    if three.prior is None or not priors or any(p is None for p in priors):
        return
    items, stated = total(priors), total([three.prior])
    if not ctx.differs(tol, items, stated):
        return
    yield Finding(
        three.prior.span,
        f"“三公”经费上年合计 {ctx.money(stated.value)} 不等于各项上年数之和 {ctx.money(items.value)}，"
        f"相差 {ctx.money(stated.value - items.value)}",
        related(items.spans, "该项上年数"),
        "“三公经费”块的“上年”是四项上年决算之和；请核对各项的“上年”。",
    )


def car_costs_without_car(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """A09-02: 公务用车运行维护费 was spent but 公务用车保有量 is 0."""
    three = ctx.report.three_public
    running = _three_public_actual(ctx, "公务用车运行")
    if three.vehicles != 0 or running is None or running.value <= 0:
        return
    yield Finding(
        running.span,
        f"公务用车运行维护费决算 {ctx.money(running.value)}，但公务用车保有量为 0 辆",
        related([three.span], "“三公经费”块（公务用车保有量）"),
        "若车辆已在年内处置，请在公务用车运行的“开支内容”中写明；否则请核对保有量。",
    )


def running_costs_within_public_use(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """A10-01: 机关运行经费 ≤ 公开06表 公用经费合计 (it is the basic-spending 公用经费 of 行政单位)."""
    entry = ctx.report.narrative.get("机关运行经费")
    if entry is None or entry.current is None or not ctx.report.economic:
        return
    running, public = total([entry.current]), ctx.economic(PUBLIC_USE)
    if running.value - public.value <= ctx.tolerance(tol, running, public):
        return
    yield Finding(
        entry.current.span,
        f"机关运行经费 {ctx.money(running.value)} 大于公开06表公用经费合计 {ctx.money(public.value)}，"
        f"相差 {ctx.money(running.value - public.value)}",
        related(public.spans, "公用经费（302、307、310、399 类的款）"),
        "机关运行经费是行政单位一般公共预算基本支出中的公用经费，一般不会超过06表的公用经费合计。",
    )


def sme_within_kind(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """A12-01: 授予中小企业合同金额 ≤ the procurement amount of its kind (货物/工程/服务)."""
    procurement = ctx.report.procurement
    for kind, sme in procurement.sme.items():
        amount = procurement.amounts.get(kind)
        if sme.value > value(amount):
            yield Finding(
                sme.span,
                f"政府采购{kind}授予中小企业合同金额 {ctx.money(sme.value)} 大于{kind}采购支出 {ctx.money(value(amount))}",
                related([span_of(amount)], f"{kind}采购支出"),
            )


def small_micro_within_sme(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """A12-02: 授予小微企业合同金额 ≤ 授予中小企业合同金额 (all kinds)."""
    procurement = ctx.report.procurement
    small, sme = procurement.small_micro, total(procurement.sme.values())
    if small is None or small.value <= sme.value:
        return
    yield Finding(
        small.span,
        f"授予小微企业合同金额 {ctx.money(small.value)} 大于授予中小企业合同金额 {ctx.money(sme.value)}",
        related(sme.spans, "中小企业合同金额"),
        "小微企业是中小企业的一部分。",
    )


def vehicles_cover_official_cars(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """A13-01: 国有资产 车辆合计 ≥ 三公 公务用车保有量."""
    assets, three = ctx.report.assets, ctx.report.three_public
    if not assets.vehicles or three.vehicles is None:
        return
    held = sum(assets.vehicles.values())
    if held >= three.vehicles:
        return
    yield Finding(
        first_span(assets.span, three.span),
        f"第十三节车辆合计 {held} 辆，少于第九节财政拨款开支的公务用车保有量 {three.vehicles} 辆",
        related([three.span], "“三公经费”块（公务用车保有量）"),
        "国有资产中的车辆包括全部公务用车，应不少于“三公”经费中的公务用车保有量。",
    )
