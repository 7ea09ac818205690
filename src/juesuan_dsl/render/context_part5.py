"""Context for part five (附件): the 整体支出绩效自评报告 and the self-evaluation tables.

Every sentence of the report and every cell text of the tables is decided here,
from the model's texts and the derived figures (`derived.part5`, the table
figures); the templates (parts/part5*.typ.j2) only lay them out. Numbers are the
figures' `shown` text. Three display choices are made here, none computes:
  - a narrative sentence prints a zero amount as "0" (the seed: "结余结转0万元");
  - 分值 (weights) print without trailing zeros ("40", "100"), as the seed does;
  - an indicator's 分值 and 得分 print as the clerk wrote them ("10", "9.50").
"""

from __future__ import annotations

from decimal import Decimal

from ..core import vocabulary
from ..core.money import format_amount_narrative, format_amount_trimmed, paren_ordinal
from ..model.derived import Derived, ProjectEval, Scores
from ..model.figures import Figure
from ..model.report import Indicator, Level1, Project, Report
from ..model.tables import cell_key

# Labels of the 资金 lines: a project's sources, and the overall table's 收入性质 rows.
PROJECT_FUND_LABELS = {"当年财政拨款": "其中：当年财政拨款", "上年结转": "上年结转资金", "其他资金": "其他资金"}
OVERALL_SOURCE_LABELS = {
    "一般公共预算": "其中：一般公共预算",
    "政府性基金": "政府性基金拨款",
    "财政专户": "纳入专户管理的非税收入拨款",
    "其他资金": "其他资金",
}
# The 附件 list closing the report: what this part prints after it (the seed's list also names a
# 部门整体支出绩效评价基础数据表, which no source gives and jsc does not print).
OVERALL_ATTACHMENT = "部门整体支出绩效自评表"
PROJECTS_ATTACHMENT = "项目支出绩效自评表（每个一级项目一张表）"
# The seed numbers its project tables 附件7-1, 7-2, …: 附件7 of the bureau's notice.
PROJECT_KICKER = "附件7-{n}"


def _paragraphs(text: str) -> list[str]:
    """A text's paragraphs (blank-line separated), each on one line."""
    return [p.replace("\n", "") for p in text.split("\n\n") if p.strip()]


def _narrative(figure: Figure | None) -> str:
    """A figure's printed amount in a sentence: its shown text, a zero as "0"."""
    if figure is None or not figure.shown:
        return ""
    return format_amount_narrative(Decimal(figure.shown))


def _weight(figure: Figure) -> str:
    """A 分值 as the tables print it: "40", "100", "2.5"."""
    return "" if figure.value is None else format_amount_trimmed(figure.value)


def _as_written(fact) -> str:
    return "" if fact is None else f"{fact.value:f}"


def _text(report: Report, key: str) -> list[str]:
    """An overall-evaluation text as paragraphs; "无" when it is not given."""
    return _paragraphs(report.overall.texts.get(key, "")) or ["无"]


def _is_zero(figure: Figure | None) -> bool:
    return figure is not None and figure.value is not None and figure.value == 0


# --- the report ------------------------------------------------------------------


def _staff_sentence(report: Report) -> str:
    ov = report.overall
    counts = [f"{label}{n}人" for label, n in (("编制人数", ov.staff_quota), ("实有人数", ov.staff_actual)) if n is not None]
    return f"{report.year}年本单位年末，共有" + "，".join(counts) + "。" if counts else "无"


def _basic_info(report: Report) -> dict[str, object]:
    duties = [paren_ordinal(i) + text for i, text in enumerate(report.profile.duties, 1)]
    organization = report.overall.texts.get("机构情况", "") or "无"
    return {
        "title": "一、预算单位基本情况",
        "paragraphs": [
            "1.主要职能：", *duties,
            f"2.机构情况：{organization}",
            f"3.人员情况：{_staff_sentence(report)}",
        ],
        "subsections": [],
    }


def _general_budget(report: Report, derived: Derived) -> dict[str, object]:
    """二: 一般公共预算财政拨款 spending (table 05) and its year-end 结转和结余 (table 04).

    The sentence names the year's total, one kind, and the year's 结余结转 (both
    sentences repeat the total and the 结余结转, as the seed's do); derive keeps
    no split of 结转和结余 by 基本 / 项目.
    """
    total = _narrative(derived.figures.get(cell_key("05", "合计", "小计")))
    carry = derived.figures.get(cell_key("04", "年末财政拨款结转和结余", "一般公共预算"))
    tail = f"，结余结转{_narrative(carry)}万元。" if carry is not None else "。"
    subsections = []
    for ordinal, kind in ((1, "基本支出"), (2, "项目支出")):
        amount = _narrative(derived.figures.get(cell_key("05", "合计", kind)))
        subsections.append({
            "title": f"{paren_ordinal(ordinal)}{kind}情况",
            "paragraphs": [f"{report.year}年支出{total}万元，其中{kind}{amount}万元{tail}"],
        })
    return {"title": "二、一般公共预算支出情况", "paragraphs": [], "subsections": subsections}


def _project_paragraphs(project: Project, evaluation: ProjectEval, ordinal: int) -> list[str]:
    body = _paragraphs(project.narrative) or [""]
    body[0] = f"项目支出{evaluation.executed.shown}万元，" + body[0]
    return [f"（{ordinal}）“{project.name}”项目", *body]


def _project_groups(report: Report, derived: Derived) -> list[str]:
    """六（二）: per group (年初预算, 年中追加) a lead sentence, then each project's paragraph.

    The group's 结余结转 is not derived; the clause is printed only when the
    department has no year-end 结转和结余 at all (table 01), so that it is "0".
    """
    no_carry = _is_zero(derived.figures.get(cell_key("01", "年末结转和结余", "决算数")))
    by_name = {e.name: (p, e) for p, e in zip(report.projects, derived.part5.projects)}
    paragraphs: list[str] = []
    number = 0
    for group in derived.part5.groups:
        if not group.names:
            continue
        number += 1
        names = "、".join(f"“{name}”" for name in group.names)
        carry = "，结余结转0万元" if no_carry else ""
        paragraphs.append(
            f"{number}.{group.kind}项目{names}专项资金{group.funds.shown}万元，"
            f"实际支出{group.executed.shown}万元{carry}；项目实施及绩效情况如下："
        )
        for ordinal, name in enumerate(group.names, 1):
            paragraphs.extend(_project_paragraphs(*by_name[name], ordinal))
    # Projects without a 类型 belong to no group; they are still reported.
    loose = [(p, e) for p, e in by_name.values() if e.kind not in vocabulary.PROJECT_KINDS]
    if loose:
        number += 1
        paragraphs.append(f"{number}.其他项目实施及绩效情况如下：")
        for ordinal, (p, e) in enumerate(loose, 1):
            paragraphs.extend(_project_paragraphs(p, e, ordinal))
    return paragraphs or ["无"]


def report_context(report: Report, derived: Derived) -> dict[str, object]:
    """The 整体支出绩效自评报告: title, the ten sections, and the 附件 list."""

    def plain(title: str, key: str) -> dict[str, object]:
        return {"title": title, "paragraphs": _text(report, key), "subsections": []}

    performance = {
        "title": "六、资金使用及绩效情况（包含单位管理的公共专项）",
        "paragraphs": [],
        "subsections": [
            {"title": "（一）整体支出绩效情况", "paragraphs": _text(report, "整体绩效情况")},
            # The seed numbers this one （三）, skipping （二）.
            {"title": "（二）项目支出绩效情况", "paragraphs": _project_groups(report, derived)},
        ],
    }
    return {
        # Printed as two pieces: a long title wraps before "绩效自评报告", as the seed's does.
        "title": f"{report.year}年度{report.department}整体支出",
        "title_tail": "绩效自评报告",
        "sections": [
            _basic_info(report),
            _general_budget(report, derived),
            plain("三、政府性基金预算支出情况", "政府性基金情况"),
            plain("四、国有资本经营预算支出情况", "国有资本经营情况"),
            plain("五、社会保险基金预算支出情况", "社会保险基金情况"),
            performance,
            plain("七、存在的问题及原因分析", "存在问题"),
            plain("八、下一步改进措施", "改进措施"),
            plain("九、部门整体支出绩效自评结果拟应用和公开情况", "结果应用"),
            plain("十、其他需要说明的情况", "其他说明"),
        ],
        "attachments": [
            f"{n}.{name}" for n, name in enumerate([OVERALL_ATTACHMENT] + ([PROJECTS_ATTACHMENT] if report.projects else []), 1)
        ],
    }


# --- the tables ------------------------------------------------------------------


def _indicator(ind: Indicator | None) -> dict[str, str]:
    if ind is None:  # an empty 二级指标 prints one empty row
        return dict.fromkeys(("name", "target", "actual", "weight", "score", "deviation"), "")
    return {
        "name": ind.name, "target": ind.target, "actual": ind.actual,
        "weight": _as_written(ind.weight), "score": _as_written(ind.score), "deviation": ind.deviation,
    }


def indicator_tree(levels: tuple[Level1, ...], scores: Scores) -> dict[str, object]:
    """The 一级 → 二级 → 三级 rows with the row counts of the merged cells.

    A 一级指标 is labelled with its printed weight ("产出指标（40分）"), or the sum
    of its 三级指标 分值 when the source gives none.
    """
    out = []
    for level, sums in zip(levels, scores.levels):
        weight = sums.stated_weight or sums.weight
        groups = [
            {"name": l2.name, "lines": [_indicator(i) for i in l2.indicators] or [_indicator(None)]}
            for l2 in level.children
        ] or [{"name": "", "lines": [_indicator(None)]}]
        for g in groups:
            g["rows"] = len(g["lines"])
        out.append({
            "label": f"{level.name}（{_weight(weight)}分）",
            "rows": sum(g["rows"] for g in groups),
            "groups": groups,
        })
    return {
        "levels": out,
        "rows": sum(lv["rows"] for lv in out),
        "total_weight": _weight(scores.total_weight),
        "total": scores.total.shown,
    }


def _execution(scores: Scores) -> dict[str, str]:
    return {"weight": _weight(scores.weight), "rate": scores.rate.shown, "score": scores.score.shown}


def overall_table(report: Report, derived: Derived) -> dict[str, object]:
    """整体支出绩效自评表: 资金 block, 收入性质 / 支出性质 rows, goals, indicators."""
    ev = derived.part5.overall
    sources = dict(ev.sources)
    income = [f"按收入性质分：{ev.annual.shown}"] + [
        f"{label}：{'' if s is None or _is_zero(s) else s.shown}"
        for name, label in OVERALL_SOURCE_LABELS.items()
        for s in [sources.get(name)]
    ]
    spending = [f"按支出性质分：{ev.executed.shown}", f"其中：基本支出：{ev.basic.shown}", f"项目支出：{ev.project.shown}"]
    spending += [""] * (len(income) - len(spending))
    return {
        "title": f"{report.year}年度部门（单位）整体支出绩效自评表",
        "department": report.department,
        "funds": {"initial": ev.initial.shown, "annual": ev.annual.shown, "executed": ev.executed.shown}
        | _execution(ev.scores),
        "nature": [{"income": i, "spending": s} for i, s in zip(income, spending)],
        "goal": report.overall.texts.get("预期目标", ""),
        "result": report.overall.texts.get("实际完成", ""),
        "indicators": indicator_tree(report.overall.indicators, ev.scores),
    }


def project_table(report: Report, project: Project, evaluation: ProjectEval, number: int) -> dict[str, object]:
    """One 项目支出绩效自评表."""
    lines = {f.source: f for f in evaluation.funds}
    order = list(vocabulary.PROJECT_FUND_SOURCES) + [s for s in lines if s not in vocabulary.PROJECT_FUND_SOURCES]
    funds = []
    for source in order:
        line = lines.get(source)
        funds.append({
            "label": PROJECT_FUND_LABELS.get(source, source),
            "initial": line.initial.shown if line else "",
            "annual": line.annual.shown if line else "",
            "executed": line.executed.shown if line else "",
        })
    return {
        "kicker": PROJECT_KICKER.format(n=number),
        "title": f"{report.year}年度项目支出绩效自评表",
        "toc": project.name,
        "name": f"“{project.name}”项目",
        "department": project.department or report.department,
        "implementer": project.implementer or report.department,  # docs/language.md: 不写则为本部门
        "funds": funds,
        "total": {"initial": evaluation.initial.shown, "annual": evaluation.annual.shown,
                  "executed": evaluation.executed.shown} | _execution(evaluation.scores),
        "goal": project.goal,
        "result": project.result,
        "indicators": indicator_tree(project.indicators, evaluation.scores),
    }


def part_five_context(report: Report, derived: Derived) -> dict[str, object] | None:
    """Part five: the report, the overall table and one table per project (source order).

    None (no part five) when the source has neither 整体自评 nor 项目: nothing is attached.
    """
    if report.overall.span is None and not report.projects:
        return None
    return {
        "toc": {
            "report": "一、整体支出绩效自评报告",
            "overall": "二、部门（单位）整体支出绩效自评表",
            "projects": "三、项目支出绩效自评表",
        },
        "report": report_context(report, derived),
        "overall": overall_table(report, derived),
        "projects": [
            project_table(report, p, e, n)
            for n, (p, e) in enumerate(zip(report.projects, derived.part5.projects), 1)
        ],
    }
