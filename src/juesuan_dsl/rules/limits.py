"""Rules on single figures across sections: 06 lines within their 三公 items, 三公 priors and parts,
vehicles, procurement, the counts of 预算绩效管理.

公开06表 shows basic spending only, while the 三公 table (09) counts basic and
project spending, so an economic 款 is a lower bound of its 三公 item. Raw facts
rounded from the same 元 ledger keep their order, so these compare exactly.
"""

from __future__ import annotations

from typing import Iterator

from ..core.vocabulary import CAR_ITEMS, PERFORMANCE_STAGES, PUBLIC_USE
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
    """A09-01: when the prior year of every 三公 item is written, their sum = 三公 上年 合计
    (公务用车's prior as one line, in the 公务用车 block, stands for 购置 and 运行)."""
    three = ctx.report.three_public
    cars = three.cars.prior if three.cars is not None else None
    priors = [item.prior for key, item in three.items.items() if cars is None or key not in CAR_ITEMS]
    priors += [cars] if cars is not None else []
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


def car_prior_parts(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """A09-03: 公务用车 上年 (one line) = 公务用车购置 上年 + 公务用车运行 上年, when all three are written."""
    three = ctx.report.three_public
    whole = three.cars.prior if three.cars is not None else None
    parts = [three.items[k].prior for k in CAR_ITEMS if k in three.items]
    if whole is None or len(parts) != len(CAR_ITEMS) or any(p is None for p in parts):
        return
    items, stated = total(parts), total([whole])
    if not ctx.differs(tol, items, stated):
        return
    yield Finding(
        whole.span,
        f"公务用车购置及运行维护费上年 {ctx.money(stated.value)} 不等于公务用车购置上年 {ctx.money(parts[0].value)} "
        f"与公务用车运行上年 {ctx.money(parts[1].value)} 之和 {ctx.money(items.value)}，相差 {ctx.money(stated.value - items.value)}",
        related(items.spans, "该项上年数"),
        "“公务用车”块的“上年”是购置和运行维护两项上年数之和；原文只有合计时，不写两项的“上年”。",
    )


def foreign_within_reception(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """A09-04: 外宾接待 is part of 公务接待: its amount ≤ the 决算, its 批次 and 人次 ≤ the item's."""
    item = ctx.report.three_public.items.get("公务接待")
    foreign = item.foreign if item is not None else None
    if foreign is None:
        return
    bounds = (
        ("金额", foreign.amount, value(item.actual), item.actual is not None, ctx.money),
        ("批次", foreign.batches, item.batches or 0, item.batches is not None, lambda n: str(int(n))),
        ("人次", foreign.persons, item.persons or 0, item.persons is not None, lambda n: str(int(n))),
    )
    for word, part, bound, written, shown in bounds:
        if part is None or part.value <= bound:
            continue
        bound_text = shown(bound) if written else "未填写（按 0 计）"
        label = "决算" if word == "金额" else word
        yield Finding(
            part.span,
            f"外宾接待{word} {shown(part.value)} 大于公务接待{label} {bound_text}",
            related([span_of(item.actual) if word == "金额" else item.span], f"公务接待{label}"),
            "外宾接待是公务接待的一部分，不能大于公务接待本身。",
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


def _exceeds(ctx: Context, tol: Tolerance, part: list[Fact | None], whole: list[Fact | None]) -> bool:
    """Whether the sum of `part` is more than the sum of `whole` beyond the tolerance (all written)."""
    if any(f is None for f in part + whole):
        return False
    small, large = total(part), total(whole)
    return small.value - large.value > ctx.tolerance(tol, small, large)


def reserved_nesting(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """A12-03: what is reserved for or won by 小微企业 is part of 中小企业's, and what 中小企业 won
    (in the reserved projects and in the others) is part of all the 政府采购."""
    pr = ctx.report.procurement
    if _exceeds(ctx, tol, [pr.reserved_small], [pr.reserved_sme]):
        yield Finding(
            pr.reserved_small.span,
            f"面向小微企业预留 {ctx.money(pr.reserved_small.value)} 大于面向中小企业预留 {ctx.money(pr.reserved_sme.value)}",
            related([pr.reserved_sme.span], "中小企业预留"),
            "小微企业是中小企业的一部分，面向小微企业的预留包含在面向中小企业的预留之中。",
        )
    if _exceeds(ctx, tol, [pr.reserved_small_won], [pr.reserved_sme_won]):
        yield Finding(
            pr.reserved_small_won.span,
            f"小微企业预留项目中由小微企业中标 {ctx.money(pr.reserved_small_won.value)} 大于中小企业预留项目中由中小企业中标 "
            f"{ctx.money(pr.reserved_sme_won.value)}",
            related([pr.reserved_sme_won.span], "中小企业预留 中标"),
            "小微企业预留的项目在中小企业预留的项目之中，小微企业也是中小企业。",
        )
    amounts = list(pr.amounts.values())
    won = [f for f in (pr.reserved_sme_won, pr.other_sme_won) if f is not None]
    if amounts and won and _exceeds(ctx, tol, won, amounts):
        sme, whole = total(won), total(amounts)
        yield Finding(
            won[0].span,
            f"中小企业中标或成交的采购金额 {ctx.money(sme.value)}（预留项目和其他项目）大于政府采购总额 {ctx.money(whole.value)}，"
            f"相差 {ctx.money(sme.value - whole.value)}",
            related([f.span for f in won[1:]], "中小企业中标") + related(whole.spans, "政府采购金额"),
        )


def reserved_within_bounds(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """A12-04: a reserved budget (中小企业预留) ≤ 政府采购总额, and what was won in the reserved
    projects (中标) ≤ what was reserved: budgets against contract amounts, so only suspicious."""
    pr = ctx.report.procurement
    amounts = list(pr.amounts.values())
    if amounts and _exceeds(ctx, tol, [pr.reserved_sme], amounts):
        whole = total(amounts)
        yield Finding(
            pr.reserved_sme.span,
            f"面向中小企业预留的项目预算 {ctx.money(pr.reserved_sme.value)} 大于政府采购总额 {ctx.money(whole.value)}",
            related(whole.spans, "政府采购金额"),
            "预留的是项目预算金额，总额是合同金额，两者可以不同；请核对两个数。",
        )
    for word, reserved, won in (("中小企业", pr.reserved_sme, pr.reserved_sme_won), ("小微企业", pr.reserved_small, pr.reserved_small_won)):
        if _exceeds(ctx, tol, [won], [reserved]):
            yield Finding(
                won.span,
                f"{word}预留项目中由{word}中标或成交的金额 {ctx.money(won.value)} 大于预留的项目预算 {ctx.money(reserved.value)}",
                related([reserved.span], f"{word}预留"),
                "中标或成交的合同金额一般不超过预留的项目预算；请核对两个数。",
            )


def graded_projects(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """A14-01: the projects by 评级 (优 + 良 + 合格 + 不合格, those written) add up to 绩效自评 项目."""
    facts = ctx.report.performance
    evaluated = facts.stages.get(PERFORMANCE_STAGES[2]) if facts is not None else None
    if evaluated is None or not facts.grades:
        return
    graded = sum(fact.value for _, fact in facts.grades)
    if graded == evaluated.projects.value:
        return
    yield Finding(
        facts.grades_span,
        f"各评级的项目个数之和 {graded:f} 不等于绩效自评的项目个数 {evaluated.projects.value:f}",
        related([evaluated.projects.span], "绩效自评 项目"),
        "每个自评的项目有一个评级：优、良、合格、不合格的个数相加应等于绩效自评的项目个数。",
    )


def problems_fixed(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """A14-02: 自评问题 已整改 + 正在整改 ≤ 发现."""
    facts = ctx.report.performance
    problems = facts.problems if facts is not None else {}
    found = problems.get("发现")
    handled = [problems[w] for w in ("已整改", "正在整改") if w in problems]
    if found is None or not handled:
        return
    count = sum(f.value for f in handled)
    if count <= found.value:
        return
    yield Finding(
        facts.problems_span,
        f"已整改和正在整改的问题 {count:f} 个，多于发现的问题 {found.value:f} 个",
        hint="整改的问题都是自评中发现的问题：已整改与正在整改的个数之和不能大于发现的个数。",
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
