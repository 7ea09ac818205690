"""The audit checks (表内表间审核) as one table of data, and the pass that runs them.

Each row names a check: a stable id (A = 勾稽 relations between tables, B =
需说明 variances, C = completeness of what the document prints, P = 绩效自评),
its diagnostic code, a Chinese title, a tolerance and the small function that
finds violations (balances.py, limits.py, explain.py, evaluation.py,
completeness.py). The code and its severity are defined in core/codes.py, the
one registry. docs/checks.md documents every row; tests/cases/checks/ holds
one failing source per row.

Ids and codes are stable: departments name ids in `已知差异 <id> "说明"` and CI
scripts match codes. The code's letter follows the declared severity
(E error, W warning, X 需说明, I info); an acknowledged finding keeps its code
and becomes INFO.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Iterable, Mapping, Sequence

from ..core import codes
from ..core.diagnostics import Diagnostic, Severity
from ..model.derived import Derived
from ..model.figures import Figures
from ..model.report import Report
from . import balances as tables
from . import completeness as texts
from . import content, typed_text
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

E, I = Severity.ERROR, Severity.INFO
Rule = Callable[[Context, Tolerance], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Check:
    """One audit check.

    id: stable id such as "A06-01" (what 已知差异 names); code: its diagnostic
    code in core/codes.py, which also gives its severity; title: what it
    guards, in Chinese; tolerance: how far apart the two sides may be; rule:
    the function that finds violations; local: True when the rule reads one
    line or block only, so it still runs when earlier errors dropped other data;
    needs: the content (layout.model.CONTENTS) it checks for, when only some
    layouts print it: under a layout without it the check does not apply.
    """

    id: str
    code: str
    title: str
    tolerance: Tolerance
    rule: Rule
    local: bool = False
    needs: str | None = None  # content the layout must print for the check to apply (layout.model.CONTENTS)

    @property
    def severity(self) -> Severity:
        """The severity of its findings, as the registry defines its code."""
        return codes.REGISTRY[self.code].severity


# fmt: off
CHECKS: tuple[Check, ...] = (
    # 公开01—08表：原始数之间的平衡
    Check("A01-01", "JSC-E0601", "01表左右总计平衡（有结转结余时）",                  CENTS, tables.grand_totals_balance),
    Check("A02-01", "JSC-E0602", "本年收入合计等于本年支出合计（无结转结余时）",      CENTS, tables.income_equals_spending),
    Check("A02-02", "JSC-X0603", "本年收支差额需说明（有结转结余时）",                CENTS, tables.income_spending_gap),
    Check("A04-01", "JSC-E0604", "一般公共预算财政拨款：年初结转+本年收入−本年支出=年末结转", CENTS, tables.general_fund_balance),
    Check("A05-01", "JSC-E0605", "05表基本支出等于06表人员经费+公用经费",             CENTS, tables.basic_equals_breakdown),
    Check("A06-01", "JSC-E0606", "06表30212因公出国（境）费用不大于“三公”因公出国决算",  EXACT, items.abroad_within_three_public),
    Check("A06-02", "JSC-E0607", "06表30217公务接待费不大于“三公”公务接待费决算",        EXACT, items.reception_within_three_public),
    Check("A06-03", "JSC-E0608", "06表30231公务用车运行维护费不大于“三公”运行维护费决算", EXACT, items.car_running_within_three_public),
    Check("A06-04", "JSC-E0609", "06表31013公务用车购置不大于“三公”购置费决算",          EXACT, items.car_purchase_within_three_public),
    Check("A06-05", "JSC-E0610", "06表30215会议费不大于第十一节会议费",                  EXACT, items.meeting_within_total),
    Check("A06-06", "JSC-E0611", "06表30216培训费不大于第十一节培训费",                  EXACT, items.training_within_total),
    Check("A07-01", "JSC-E0612", "政府性基金各项：年初结转+本年收入−本年支出=年末结转",   CENTS, tables.fund_item_balance),
    Check("A08-01", "JSC-E0613", "国有资本经营各项：年初结转+本年收入−本年支出=年末结转", CENTS, tables.capital_item_balance),
    # 09表、第三部分
    Check("A09-01", "JSC-E0614", "“三公”各项上年数之和等于上年合计",                   CENTS, items.three_public_prior_total),
    Check("A09-02", "JSC-W0615", "有公务用车运行维护费时公务用车保有量不为0",          NONE,  items.car_costs_without_car),
    Check("A09-03", "JSC-E0648", "公务用车上年数等于购置、运行维护上年数之和",          CENTS, items.car_prior_parts, local=True),
    Check("A09-04", "JSC-E0649", "外宾接待不超过公务接待（金额、批次、人次）",          EXACT, items.foreign_within_reception),
    Check("A10-01", "JSC-W0616", "机关运行经费不大于06表公用经费合计",                 CENTS, items.running_costs_within_public_use),
    Check("A12-01", "JSC-E0617", "授予中小企业合同金额不大于该类采购金额",             EXACT, items.sme_within_kind, local=True),
    Check("A12-02", "JSC-E0618", "授予小微企业合同金额不大于授予中小企业合同金额",     EXACT, items.small_micro_within_sme),
    Check("A12-03", "JSC-E0650", "小微企业的预留、中标在中小企业之内，中小企业中标不超过采购总额", CENTS, items.reserved_nesting),
    Check("A12-04", "JSC-W0651", "中小企业预留不超过采购总额，中标不超过预留",         CENTS, items.reserved_within_bounds),
    Check("A13-01", "JSC-E0619", "车辆合计不少于“三公”公务用车保有量",                 EXACT, items.vehicles_cover_official_cars),
    Check("A14-01", "JSC-E0652", "绩效自评各评级的项目个数之和等于自评项目个数",       EXACT, items.graded_projects, local=True),
    Check("A14-02", "JSC-E0653", "绩效自评已整改和正在整改的问题不多于发现的问题",     EXACT, items.problems_fixed, local=True),
    # 内容错误：无论其他数据如何都不对的内容
    Check("D01-01", "JSC-E0654", "不会为负数的金额不为负数（三公、年初预算、收入、政府采购）", EXACT, content.not_negative, local=True),
    Check("D01-02", "JSC-E0655", "“三公”单项上年数不大于上年合计",                     EXACT, content.item_prior_within_total, local=True),
    Check("D02-01", "JSC-E0656", "二级指标写在它所属的一级指标下",                     NONE,  content.level2_under_its_level1, local=True),
    Check("D03-01", "JSC-E0657", "项所属的款、类在科目表中有名称",                     NONE,  content.named_sections_and_categories, local=True),
    # 录入的文字（位置在文字之内）
    Check("T01-01", "JSC-W0658", "文字中没有占位词（XX、某某、待填……）",              NONE,  typed_text.rule("T01-01"), local=True),
    Check("T01-02", "JSC-W0659", "标点不重复，一句中不混用全角、半角逗号",             NONE,  typed_text.rule("T01-02"), local=True),
    Check("T01-03", "JSC-W0660", "字词不重复（的的……）",                               NONE,  typed_text.rule("T01-03"), local=True),
    Check("T01-04", "JSC-W0661", "年份写法正确（2024年度，不是2024度）",               NONE,  typed_text.rule("T01-04"), local=True),
    Check("T01-05", "JSC-W0662", "日期前写“截至”",                                     NONE,  typed_text.rule("T01-05"), local=True),
    Check("T01-06", "JSC-W0663", "指标值中的百分数不超过100%",                         NONE,  typed_text.rule("T01-06"), local=True),
    Check("T01-07", "JSC-E0664", "文字中没有不可见的格式字符",                         NONE,  typed_text.rule("T01-07"), local=True),
    # 需说明：差异要写原因
    Check("B01-01", "JSC-X0620", "收支总计等与上年相比有变动，需写原因",               PRINTED, explain.year_on_year_reason),
    Check("B05-01", "JSC-X0621", "支出决算与年初预算差异超过10%，需写原因",            TEN_PERCENT, explain.budget_variance_reason, local=True),
    Check("B09-01", "JSC-X0622", "“三公”单项决算超过预算，需写预算差异原因",           EXACT, explain.three_public_item_over_budget, local=True),
    Check("B09-02", "JSC-X0623", "“三公”合计决算超过预算，需写预算差异原因",           EXACT, explain.three_public_total_over_budget),
    Check("B09-03", "JSC-X0624", "“三公”单项比上年增加，需写上年变动原因",             PRINTED, explain.three_public_item_rise, local=True),
    Check("B09-04", "JSC-X0625", "“三公”合计比上年增加，需写上年变动原因",             PRINTED, explain.three_public_total_rise),
    Check("B10-01", "JSC-X0626", "机关运行经费与上年相比有变动，需写原因",             PRINTED, explain.running_costs_reason, local=True),
    # 绩效自评
    Check("P01-01", "JSC-E0627", "整体自评全年预算等于各资金来源之和",                 CENTS, perf.overall_budget_sources),
    Check("P01-02", "JSC-X0628", "项目各资金来源全年执行数不超过全年预算数",           EXACT, perf.project_execution_within_budget, local=True),
    Check("P01-03", "JSC-X0629", "整体自评全年执行数不超过全年预算数",                 EXACT, perf.overall_execution_within_budget),
    Check("P01-04", "JSC-I0630", "自评项目执行数之和与本年项目支出",                   CENTS, perf.projects_cover_project_spending),
    Check("P02-01", "JSC-E0631", "三级指标得分不超过分值",                             EXACT, perf.score_within_weight, local=True),
    Check("P02-02", "JSC-E0632", "分值、得分不为负数",                                 EXACT, perf.scores_not_negative, local=True),
    Check("P02-03", "JSC-W0633", "一级指标印出的分值等于其下三级指标分值之和",         EXACT, perf.level1_weight),
    Check("P02-04", "JSC-E0634", "执行率分值10加绩效指标分值等于100",                  EXACT, perf.weights_total_hundred),
    # 完整性：公开文本要印的内容
    Check("C01-01", "JSC-W0635", "部门职责不为空",                                     NONE, texts.duties),
    Check("C01-02", "JSC-W0636", "内设机构不为空",                                     NONE, texts.offices, needs="内设机构"),
    Check("C03-01", "JSC-W0637", "第一、四、五节有上年数",                             NONE, texts.prior_year_totals),
    Check("C05-01", "JSC-W0638", "一般公共预算各项写明年初预算",                       NONE, texts.general_budget_written),
    Check("C09-01", "JSC-W0639", "“三公”团组、批次、人次、开支内容和公务用车保有量",   NONE, texts.three_public_details),
    Check("C09-02", "JSC-W0665", "“三公”经费已填写",                                   NONE, texts.three_public_written),
    Check("C10-01", "JSC-W0640", "机关运行经费已填写",                                 NONE, texts.running_costs_written),
    Check("C11-01", "JSC-W0641", "会议费、培训费已填写",                               NONE, texts.meeting_training_written, needs="会议费培训费"),
    Check("C12-01", "JSC-W0642", "政府采购已填写",                                     NONE, texts.procurement_written),
    Check("C13-01", "JSC-W0643", "国有资产车辆已填写",                                 NONE, texts.assets_written),
    Check("C14-01", "JSC-W0644", "预算绩效管理情况已填写",                             NONE, texts.performance_text_written),
    Check("C15-01", "JSC-W0645", "整体自评的文字、人数、全年预算和绩效指标",           NONE, texts.overall_written, needs="整体自评"),
    Check("C15-02", "JSC-W0646", "项目自评的类型、资金、目标、文字和绩效指标",         NONE, texts.project_written, needs="项目自评"),
    Check("C15-03", "JSC-W0647", "三级指标有分值和得分",                               NONE, texts.indicator_scored),
)
# fmt: on

BY_ID: dict[str, Check] = {c.id: c for c in CHECKS}
BY_CODE: dict[str, Check] = {c.code: c for c in CHECKS}

SKIPPED, STALE, UNKNOWN_ID = "JSC-I0690", "JSC-W0691", "JSC-E0692"


def _applies(check: Check, report: Report) -> bool:
    """Whether the layout prints what the check is about (every check without `needs` applies)."""
    return check.needs is None or check.needs in report.layout.contents


def check_report(
    report: Report, data_dropped: bool = False, texts: tuple = (), sources: Mapping | None = None,
) -> tuple[list[Diagnostic], list[str]]:
    """Run every check on the model; returns the findings and the ids of checks skipped.

    data_dropped: earlier stages reported errors, so lines may be missing from
    the model; then only the checks that read a single line (local) run.
    """
    ctx = Context(report, texts, sources)
    found: list[Diagnostic] = []
    skipped: list[str] = []
    for check in CHECKS:
        if not _applies(check, report):
            continue  # the layout does not print what it checks for
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
            diagnostic = replace(
                diagnostic, code=codes.note_code(diagnostic.code), severity=I,
                message=f"{diagnostic.message}（已知差异：{notes[check.id]}）", hint="",
            )
        result.append(diagnostic)
    for ack in report.acknowledgements:
        if ack.check_id in notes and ack.check_id not in matched and ack.check_id not in skipped:
            result.append(codes.make(STALE, ack.span, check_id=ack.check_id))
            matched.add(ack.check_id)  # one warning per id, at its first line
    return result


def run(
    report: Report, earlier: Sequence[Diagnostic], figures: Figures | None = None, derived: Derived | None = None,
    texts: tuple = (), sources: Mapping | None = None,
) -> list[Diagnostic]:
    """The semantic core after resolve: audit checks, assertions (when figures exist), acknowledgements."""
    from .assertions import balanced_notes, check_assertions

    data_dropped = any(d.severity is E for d in earlier)
    found, skipped = check_report(report, data_dropped, texts, sources)
    if figures is not None and not data_dropped:
        kept, conflicts = (derived.kept, derived.conflicts) if derived is not None else ((), ())
        found.extend(check_assertions(report.assertions, figures, kept, conflicts))
        found.extend(balanced_notes(derived.balanced if derived is not None else ()))
    elif data_dropped and report.assertions:
        skipped.append("核对")
    # A check the layout does not apply is neither run nor reported as skipped, and an
    # 已知差异 naming it is not stale (the same source may be printed in another layout).
    inapplicable = [c.id for c in CHECKS if not _applies(c, report)]
    result = acknowledge(report, found, [*skipped, *inapplicable])
    if skipped:
        # Last and short: after the errors that caused it, the ids only in the hint (--verbose).
        result.append(codes.make(SKIPPED, None, count=len(skipped), ids="、".join(skipped)))
    return result
