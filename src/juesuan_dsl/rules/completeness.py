"""Completeness rules: facts and texts the published document needs but the source leaves out (warnings).

A missing text does not make a figure wrong, so these never fail `jsc check`;
they name what the document would print empty and where to write it.
"""

from __future__ import annotations

from typing import Iterator

from ..core import vocabulary
from ..core.diagnostics import Related
from ..core.source import Span
from .context import Context, Finding, Tolerance, first_span
from .explain import YEAR_ON_YEAR
from .unfilled import marked

OVERALL_REQUIRED = ("预期目标", "实际完成", "整体绩效情况", "存在问题", "改进措施", "结果应用")


def _belongs(ctx: Context, block: str, *spans: Span | None) -> tuple[Span | None, str]:
    """Where a missing fact of `block` is reported: the first of `spans`, else the block's line,
    else where the block belongs (and the hint's tail saying so); the 年度 line only as a last resort."""
    place = ctx.report.place(block)
    found = first_span(*spans, place.span if place else None, ctx.report.header_span)
    return found, place.where(block) if place and found is place.span else ""


def duties(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """C01-01: 概况 职责 is empty (第一部分 一、部门职责)."""
    if not ctx.report.profile.duties:
        span, where = _belongs(ctx, "概况")
        yield Finding(span, "没有写部门职责（第一部分“部门职责”将为空）", hint="在“概况”块中写：职责 { \"……\" }。" + where)


def offices(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """C01-02: 概况 内设机构 is not written (第一部分 二、机构设置 says nothing of them)."""
    if ctx.report.profile.offices is None:
        span, where = _belongs(ctx, "概况", ctx.report.profile.span)
        yield Finding(
            span, "没有写内设机构（第一部分不写内设机构这一句）",
            hint="在“概况”块中写：内设机构 { \"……\" }；没有内设机构时写 内设机构 { }（印“未设内设机构”）。" + where,
        )


def prior_year_totals(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """C03-01: no 上年 for a part-three year-on-year sentence and no prior-year file to take it from."""
    if ctx.report.prior_path is not None:
        return
    missing = [key for key in YEAR_ON_YEAR if (e := ctx.report.narrative.get(key)) is None or e.prior is None]
    if missing:
        spans = [e.span for k in missing if (e := ctx.report.narrative.get(k)) is not None]
        span, where = _belongs(ctx, "情况说明", *spans)
        yield Finding(
            span, f"没有上年数：{'、'.join(missing)}（第三部分“与上年相比”无法写出）",
            hint="在“情况说明”块中写：收支总计 上年 1196.62 原因 \"……\"；或在文件头写“上年 \"上年文件.jsl\"”。" + where,
        )


def general_budget_written(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """C05-01: a 一般公共预算 line without 预算 (第五节（三） would print 年初预算为 0)."""
    for row in ctx.rows("一般公共预算"):
        if row.budget is None:
            yield Finding(row.span, f"{row.code} 没有写年初预算（第五节按 0 万元印出）", hint="在这一行加上：预算 金额（年初预算为 0 时写 预算 0）。")


def three_public_details(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """C09-01: 三公 details the 第九节 sentences need: counts, 开支内容, 公务用车保有量."""
    three = ctx.report.three_public
    needs = {"因公出国": ("团组", "人次", "开支内容"), "公务接待": ("批次", "人次", "开支内容"), "公务用车运行": ("开支内容",)}
    for key, wanted in needs.items():
        item = three.items.get(key)
        if item is None or item.actual is None or item.actual.value <= 0:
            continue
        present = {"团组": item.groups, "人次": item.persons, "批次": item.batches, "开支内容": item.content}
        missing = [name for name in wanted if present[name] is None]
        if missing:
            yield Finding(
                first_span(item.span, three.span),
                f"“三公”{key}有决算数，但没有写{'、'.join(missing)}（第九节要写明）",
                hint=f"在“{key}”块中写：" + "、".join(missing) + "。",
            )
    if three.span is not None and three.vehicles is None:
        yield Finding(three.span, "没有写公务用车保有量（第九节要写明）", hint="在“三公经费”块中写：公务用车保有量 辆数。")


def three_public_written(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """C09-02: no 三公经费 block (第九节 and 公开09表 would be invented zeros, so they say nothing)."""
    if ctx.report.three_public.span is None and not marked(ctx.sources, "三公经费"):
        span, where = _belongs(ctx, "三公经费")
        yield Finding(
            span, "没有写“三公”经费（第九节不写句子）",
            hint="写“三公经费 { 因公出国 { 预算 金额 决算 金额 } … }”；没有“三公”经费时各项写 0。" + where,
        )


def running_costs_written(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """C10-01: no 机关运行经费 (第十节)."""
    entry = ctx.report.narrative.get("机关运行经费")
    if ctx.report.profile.unit_kind == vocabulary.NO_RUNNING_COST:
        return  # a 事业单位 has none: not pushed to write 机关运行经费 0
    if entry is None or entry.current is None:
        span, where = _belongs(ctx, "情况说明", entry.span if entry else None)
        yield Finding(span, "没有写机关运行经费（第十节）", hint="在“情况说明”块中写：机关运行经费 金额 上年 金额 原因 \"……\"；事业单位在“概况”块中写 单位性质 事业单位。" + where)


def meeting_training_written(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """C11-01: no 会议费 or 培训费 (第十一节)."""
    missing = [name for name, fact in (("会议费", ctx.report.meeting_fee), ("培训费", ctx.report.training_fee)) if fact is None]
    if missing:
        span, where = _belongs(ctx, "情况说明")
        yield Finding(span, f"没有写{'、'.join(missing)}（第十一节）", hint="在“情况说明”块中写：会议费 0、培训费 0（没有开支时写 0）。" + where)


def procurement_written(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """C12-01: no 政府采购 figures (第十二节)."""
    if not ctx.report.procurement.amounts:
        span, where = _belongs(ctx, "政府采购", ctx.report.procurement.span)
        yield Finding(span, "没有写政府采购（第十二节）", hint="写“政府采购 { 货物 金额 中小企业 金额 … }”；没有政府采购时各项写 0。" + where)


def assets_written(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """C13-01: no 国有资产 vehicles (第十三节)."""
    if not ctx.report.assets.vehicles:
        span, where = _belongs(ctx, "国有资产", ctx.report.assets.span)
        yield Finding(span, "没有写国有资产中的车辆（第十三节）", hint="写“国有资产 { 其他用车 1 说明 \"一般公务用车\" … }”；没有车辆时各类写 0。" + where)


def performance_text_written(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """C14-01: no 预算绩效 管理情况 (第十四节（一）)."""
    if not ctx.report.performance_texts.get("管理情况"):
        span, where = _belongs(ctx, "预算绩效")
        yield Finding(span, "没有写预算绩效管理情况（第十四节）", hint="写“预算绩效 { 管理情况 \"……\" }”。" + where)


def overall_written(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """C15-01: 整体自评 missing, or missing texts, staff or 全年预算."""
    overall = ctx.report.overall
    if overall.span is None:
        span, where = _belongs(ctx, "整体自评")
        yield Finding(span, "没有写整体支出绩效自评（第五部分）", hint="写“整体自评 { … }”，见 docs/language.md 第 11 节。" + where)
        return
    missing = [k for k in OVERALL_REQUIRED if not overall.texts.get(k)]
    missing += [name for name, v in (("编制人数", overall.staff_quota), ("实有人数", overall.staff_actual), ("全年预算", overall.annual_budget)) if v is None]
    if not overall.indicators:
        missing.append("绩效指标")
    if missing:
        yield Finding(overall.span, f"整体自评缺少：{'、'.join(missing)}", hint="这些内容印在整体支出绩效自评报告和自评表中。")


def project_written(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """C15-02: a project without 类型, 资金, goals, texts or indicators."""
    for project in ctx.report.projects:
        missing = [] if project.kind else ["类型"]
        missing += [] if project.funds else ["资金"]
        missing += [name for name, text in (("预期目标", project.goal), ("实际完成", project.result), ("实施情况", project.narrative)) if not text]
        missing += [] if project.indicators else ["绩效指标"]
        if missing:
            yield Finding(project.span, f"项目“{project.name}”缺少：{'、'.join(missing)}", hint="这些内容印在项目支出绩效自评表和自评报告中。")


def indicator_scored(ctx: Context, tol: Tolerance) -> Iterator[Finding]:
    """C15-03: a 三级指标 without 分值 or 得分 (the table would print it blank).

    A rolled-forward file has whole tables unscored: one finding per indicator
    would list about a hundred lines, so two or more wholly unscored tables
    give one finding that names them (the other findings stay one per line).
    """
    tables = [("整体自评", ctx.report.overall.indicators)] + [(f"项目“{p.name}”", p.indicators) for p in ctx.report.projects]
    findings: list[tuple[str, Finding]] = []
    empty: list[tuple[str, list[Span]]] = []
    for label, tree in tables:
        indicators = [i for level1 in tree for level2 in level1.children for i in level2.indicators]
        if indicators and all(i.score is None for i in indicators):
            empty.append((label, [i.span for i in indicators]))
        for indicator in indicators:
            missing = [n for n, f in (("分值", indicator.weight), ("得分", indicator.score)) if f is None]
            if missing:
                findings.append((label, Finding(indicator.span, f"{label}的指标“{indicator.name}”没有{'、'.join(missing)}")))
    hidden = {label for label, _ in empty}
    kept = [f for label, f in findings if label not in hidden]
    if len(findings) - len(kept) < 2:
        yield from (f for _, f in findings)
        return
    yield from kept
    count = sum(len(spans) for _, spans in empty)
    names = "、".join(label for label, _ in empty[:3]) + (f"等 {len(empty)} 张表" if len(empty) > 3 else "")
    related = tuple(Related(spans[0], f"{label}的第一个指标") for label, spans in empty[1:8])
    yield Finding(
        empty[0][1][0], f"尚未填写得分：{names}的三级指标都没有得分（共 {count} 个指标）", related,
        hint="在每个三级指标后写上 完成值 \"…\" 得分 分数。",
    )
