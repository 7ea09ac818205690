"""The audit checks (表内表间审核) as one table of data, and the pass that runs them.

Each row names a check: a stable id (A = 勾稽 relations between tables, B =
需说明 variances, C = completeness of what the document prints, P = 绩效自评),
its diagnostic code, a Chinese title, a severity, a tolerance and the small
function that finds violations (check_rules_*.py). docs/checks.md documents
every row; tests/cases/checks/ holds one failing source per row.

Ids and codes are stable: departments name ids in `已知差异 <id> "说明"` and CI
scripts match codes. The code's letter follows the declared severity
(E error, W warning, X 需说明, I info); an acknowledged finding keeps its code
and becomes INFO.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Iterable, Sequence

from ..core import codes
from ..core.codes import Code
from ..core.diagnostics import Diagnostic, Severity
from ..model.figures import Figures
from ..model.report import Report
from . import balances as tables
from . import completeness as texts
from . import evaluation as perf
from . import explain as explain
from . import limits as items
from .context import (
    CENTS,
    EXACT,
    NONE,
    PRINTED,
    TEN_PERCENT,
    Context,
    Finding,
    Tolerance,
)

E, W, X, I = Severity.ERROR, Severity.WARNING, Severity.EXPLAIN, Severity.INFO
Rule = Callable[[Context, Tolerance], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Check:
    """One audit check.

    id: stable id such as "A06-01" (what 已知差异 names); code: its diagnostic
    code; title: what it guards, in Chinese; severity: of its findings;
    tolerance: how far apart the two sides may be; rule: the function that
    finds violations; local: True when the rule reads one line or block only,
    so it still runs when earlier errors dropped other data.
    """

    id: str
    code: str
    title: str
    severity: Severity
    tolerance: Tolerance
    rule: Rule
    local: bool = False


def _c(number: int, id_: str, title: str, severity: Severity, tolerance: Tolerance, rule: Rule, local: bool = False) -> Check:
    letter = {E: "E", W: "W", X: "X", I: "I"}[severity]
    return Check(id_, f"JSC-{letter}06{number:02d}", title, severity, tolerance, rule, local)


# fmt: off
CHECKS: tuple[Check, ...] = (
    # 公开01—08表：原始数之间的平衡
    _c(1,  "A01-01", "01表左右总计平衡（有结转结余时）",                  E, CENTS, tables.grand_totals_balance),
    _c(2,  "A02-01", "本年收入合计等于本年支出合计（无结转结余时）",      E, CENTS, tables.income_equals_spending),
    _c(3,  "A02-02", "本年收支差额需说明（有结转结余时）",                X, CENTS, tables.income_spending_gap),
    _c(4,  "A04-01", "一般公共预算财政拨款：年初结转+本年收入−本年支出=年末结转", E, CENTS, tables.general_fund_balance),
    _c(5,  "A05-01", "05表基本支出等于06表人员经费+公用经费",             E, CENTS, tables.basic_equals_breakdown),
    _c(6,  "A06-01", "06表30212因公出国（境）费用不大于“三公”因公出国决算",  E, EXACT, items.abroad_within_three_public),
    _c(7,  "A06-02", "06表30217公务接待费不大于“三公”公务接待费决算",        E, EXACT, items.reception_within_three_public),
    _c(8,  "A06-03", "06表30231公务用车运行维护费不大于“三公”运行维护费决算", E, EXACT, items.car_running_within_three_public),
    _c(9,  "A06-04", "06表31013公务用车购置不大于“三公”购置费决算",          E, EXACT, items.car_purchase_within_three_public),
    _c(10, "A06-05", "06表30215会议费不大于第十一节会议费",                  E, EXACT, items.meeting_within_total),
    _c(11, "A06-06", "06表30216培训费不大于第十一节培训费",                  E, EXACT, items.training_within_total),
    _c(12, "A07-01", "政府性基金各项：年初结转+本年收入−本年支出=年末结转",   E, CENTS, tables.fund_item_balance),
    _c(13, "A08-01", "国有资本经营各项：年初结转+本年收入−本年支出=年末结转", E, CENTS, tables.capital_item_balance),
    # 09表、第三部分
    _c(14, "A09-01", "“三公”各项上年数之和等于上年合计",                   E, CENTS, items.three_public_prior_total),
    _c(15, "A09-02", "有公务用车运行维护费时公务用车保有量不为0",          W, NONE,  items.car_costs_without_car),
    _c(16, "A10-01", "机关运行经费不大于06表公用经费合计",                 W, CENTS, items.running_costs_within_public_use),
    _c(17, "A12-01", "授予中小企业合同金额不大于该类采购金额",             E, EXACT, items.sme_within_kind, local=True),
    _c(18, "A12-02", "授予小微企业合同金额不大于授予中小企业合同金额",     E, EXACT, items.small_micro_within_sme),
    _c(19, "A13-01", "车辆合计不少于“三公”公务用车保有量",                 E, EXACT, items.vehicles_cover_official_cars),
    # 需说明：差异要写原因
    _c(20, "B01-01", "收支总计等与上年相比有变动，需写原因",               X, PRINTED, explain.year_on_year_reason),
    _c(21, "B05-01", "支出决算与年初预算差异超过10%，需写原因",            X, TEN_PERCENT, explain.budget_variance_reason, local=True),
    _c(22, "B09-01", "“三公”单项决算超过预算，需写预算差异原因",           X, EXACT, explain.three_public_item_over_budget, local=True),
    _c(23, "B09-02", "“三公”合计决算超过预算，需写预算差异原因",           X, EXACT, explain.three_public_total_over_budget),
    _c(24, "B09-03", "“三公”单项比上年增加，需写上年变动原因",             X, PRINTED, explain.three_public_item_rise, local=True),
    _c(25, "B09-04", "“三公”合计比上年增加，需写上年变动原因",             X, PRINTED, explain.three_public_total_rise),
    _c(26, "B10-01", "机关运行经费与上年相比有变动，需写原因",             X, PRINTED, explain.running_costs_reason, local=True),
    # 绩效自评
    _c(27, "P01-01", "整体自评全年预算等于各资金来源之和",                 E, CENTS, perf.overall_budget_sources),
    _c(28, "P01-02", "项目各资金来源全年执行数不超过全年预算数",           X, EXACT, perf.project_execution_within_budget, local=True),
    _c(29, "P01-03", "整体自评全年执行数不超过全年预算数",                 X, EXACT, perf.overall_execution_within_budget),
    _c(30, "P01-04", "自评项目执行数之和与本年项目支出",                   I, CENTS, perf.projects_cover_project_spending),
    _c(31, "P02-01", "三级指标得分不超过分值",                             E, EXACT, perf.score_within_weight, local=True),
    _c(32, "P02-02", "分值、得分不为负数",                                 E, EXACT, perf.scores_not_negative, local=True),
    _c(33, "P02-03", "一级指标印出的分值等于其下三级指标分值之和",         W, EXACT, perf.level1_weight),
    _c(34, "P02-04", "执行率分值10加绩效指标分值等于100",                  E, EXACT, perf.weights_total_hundred),
    # 完整性：公开文本要印的内容
    _c(35, "C01-01", "部门职责不为空",                                     W, NONE, texts.duties),
    _c(36, "C01-02", "内设机构不为空",                                     W, NONE, texts.offices),
    _c(37, "C03-01", "第一、四、五节有上年数",                             W, NONE, texts.prior_year_totals),
    _c(38, "C05-01", "一般公共预算各项写明年初预算",                       W, NONE, texts.general_budget_written),
    _c(39, "C09-01", "“三公”团组、批次、人次、开支内容和公务用车保有量",   W, NONE, texts.three_public_details),
    _c(40, "C10-01", "机关运行经费已填写",                                 W, NONE, texts.running_costs_written),
    _c(41, "C11-01", "会议费、培训费已填写",                               W, NONE, texts.meeting_training_written),
    _c(42, "C12-01", "政府采购已填写",                                     W, NONE, texts.procurement_written),
    _c(43, "C13-01", "国有资产车辆已填写",                                 W, NONE, texts.assets_written),
    _c(44, "C14-01", "预算绩效管理情况已填写",                             W, NONE, texts.performance_text_written),
    _c(45, "C15-01", "整体自评的文字、人数、全年预算和绩效指标",           W, NONE, texts.overall_written),
    _c(46, "C15-02", "项目自评的类型、资金、目标、文字和绩效指标",         W, NONE, texts.project_written),
    _c(47, "C15-03", "三级指标有分值和得分",                               W, NONE, texts.indicator_scored),
)
# fmt: on

BY_ID: dict[str, Check] = {c.id: c for c in CHECKS}
BY_CODE: dict[str, Check] = {c.code: c for c in CHECKS}

SKIPPED, STALE, UNKNOWN_ID = "JSC-I0690", "JSC-W0691", "JSC-E0692"

codes.register(
    [Code(c.code, c.severity, "[{check_id}] {detail}") for c in CHECKS]
    + [
        Code(SKIPPED, I, "源文件有错误，部分数据未读入，以下检查未运行：{ids}", "改正上面的错误后再检查。"),
        Code(STALE, W, "已知差异 {check_id} 没有对应的问题：这项检查没有发现差异", "数据已改正时请删除这一行。"),
        Code(UNKNOWN_ID, E, "没有编号为“{check_id}”的检查", "可用的检查编号：{ids}。见 docs/checks.md。"),
    ]
)


def check_report(report: Report, data_dropped: bool = False) -> tuple[list[Diagnostic], list[str]]:
    """Run every check on the model; returns the findings and the ids of checks skipped.

    data_dropped: earlier stages reported errors, so lines may be missing from
    the model; then only the checks that read a single line (local) run.
    """
    ctx = Context(report)
    found: list[Diagnostic] = []
    skipped: list[str] = []
    for check in CHECKS:
        if data_dropped and not check.local:
            skipped.append(check.id)
            continue
        try:
            findings = list(check.rule(ctx, check.tolerance))
        except Exception as exc:  # a bug in a rule must not hide the other checks
            found.append(codes.make("JSC-E0901", report.header_span, detail=f"检查 {check.id}：{type(exc).__name__}: {exc}"))
            continue
        for f in findings:
            hint = f.hint
            if check.severity is E:
                hint += f"已知且不能改正的差异（如照录已公开的文本），可在文件顶层写：已知差异 {check.id} \"说明\"。"
            others = tuple(r for r in f.related if r.span != f.span)
            found.append(codes.make(check.code, f.span, hint=hint, related=others, check_id=check.id, detail=f.detail))
    return found, skipped


def acknowledge(report: Report, found: list[Diagnostic], skipped: Sequence[str] = ()) -> list[Diagnostic]:
    """Apply `已知差异 <id> "说明"`: that check's findings become INFO with the explanation.

    An unknown id is an error (with the list of ids); an acknowledgement whose
    check found nothing is stale (a warning), unless the check was skipped.
    """
    notes: dict[str, str] = {}
    result: list[Diagnostic] = []
    for ack in report.acknowledgements:
        if ack.check_id not in BY_ID:
            result.append(codes.make(UNKNOWN_ID, ack.span, check_id=ack.check_id, ids="、".join(BY_ID)))
            continue
        notes.setdefault(ack.check_id, ack.note)
    matched: set[str] = set()
    for diagnostic in found:
        check = BY_CODE.get(diagnostic.code)
        if check is not None and check.id in notes and diagnostic.severity is not I:
            matched.add(check.id)
            diagnostic = replace(diagnostic, severity=I, message=f"{diagnostic.message}（已知差异：{notes[check.id]}）", hint="")
        result.append(diagnostic)
    for ack in report.acknowledgements:
        if ack.check_id in notes and ack.check_id not in matched and ack.check_id not in skipped:
            result.append(codes.make(STALE, ack.span, check_id=ack.check_id))
            matched.add(ack.check_id)  # one warning per id, at its first line
    return result


def run(report: Report, earlier: Sequence[Diagnostic], figures: Figures | None = None) -> list[Diagnostic]:
    """The semantic core after resolve: audit checks, assertions (when figures exist), acknowledgements."""
    from .assertions import check_assertions

    data_dropped = any(d.severity is E for d in earlier)
    found, skipped = check_report(report, data_dropped)
    if figures is not None and not data_dropped:
        found.extend(check_assertions(report.assertions, figures))
    elif data_dropped and report.assertions:
        skipped.append("核对")
    result = acknowledge(report, found, skipped)
    if skipped:
        result.append(codes.make(SKIPPED, report.header_span, ids="、".join(skipped)))
    return result
