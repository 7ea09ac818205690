"""Derive, step 7: the numbers of part three, sections 九 to 十四.

九 三公经费 (budget vs actual, year on year, shares, counts), 十 机关运行经费,
十一 会议费 / 培训费, 十二 政府采购, 十三 国有资产, 十四 the evaluated projects and
预算绩效管理's facts. The 三公 amounts quoted are table 09's printed values.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...core import vocabulary
from ...core.balancing import Node, balance_tree
from ...core.money import compare_printed
from ...core.sums import Sum, add_up
from ...model.derived import (
    AssetsSection,
    PerformanceCount,
    PerformanceFacts,
    ProcurementKind,
    ProcurementSection,
    ThreePublicLine,
    ThreePublicSection,
    YoY,
)
from ...model.figures import Figure
from ...model.report import Fact, Report
from ...model.tables import Table
from ..book import Book, doc
from ..ledger import fact_sum, opt_sum

THREE_PUBLIC_NAMES = {
    "三公": "“三公”经费",
    "公务用车": "公务用车购置费及运行维护费",
    **vocabulary.THREE_PUBLIC_ITEM_NAMES,
}
_COLUMN = {"三公": "合计", "公务用车": "公务用车小计"}


@dataclass(frozen=True, slots=True)
class PartThreeMore:
    """Sections 九 to 十四. running_cost is None when 机关运行经费 is not given."""

    three_public: ThreePublicSection
    running_cost: YoY | None
    meeting_fee: Figure
    training_fee: Figure
    procurement: ProcurementSection
    assets: AssetsSection
    evaluated: tuple[str, ...]
    evaluated_count: Figure
    performance: PerformanceFacts | None


def _count(book: Book, key: tuple[str, ...], fact: Fact | None) -> Figure | None:
    """A count written as a fact (外宾接待 批次, 评级 优 …) as a figure; None when not written."""
    return None if fact is None else book.count(key, int(fact.value), (fact.span,) if fact.span else ())


def three_public(report: Report, t09: Table, book: Book, priors: dict[str, Sum]) -> ThreePublicSection:
    """九: every line reads 09's 预算 and 决算 rows."""
    tp = report.three_public
    budget_row, actual_row = t09.row("预算"), t09.row("决算")
    item_priors = {k: opt_sum(i.prior, report.unit) for k, i in tp.items.items()}
    # 公务用车 上年 as one figure (the 公务用车 block) wins over the sum of 购置 and 运行 (A09-03 checks they agree).
    cars_prior = opt_sum(tp.cars.prior, report.unit) if tp.cars is not None else None
    car_parts = [item_priors.get(k) for k in vocabulary.CAR_ITEMS]
    if cars_prior is None and all(p is not None for p in car_parts):
        cars_whole = add_up(car_parts)
    else:
        cars_whole = cars_prior
    total_prior = opt_sum(tp.prior, report.unit) or priors.get("三公")
    others = [item_priors.get(k) for k in vocabulary.THREE_PUBLIC_ITEMS if k not in vocabulary.CAR_ITEMS]
    if total_prior is None and cars_whole is not None and all(p is not None for p in others):
        total_prior = add_up([*others, cars_whole])
    item_priors["公务用车"] = cars_prior or (add_up(p for p in car_parts if p) if any(car_parts) else None)
    item_priors["三公"] = total_prior
    actual_total = actual_row.exact_sum("合计")

    def line(key: str) -> ThreePublicLine:
        column = _COLUMN.get(key, key)
        style = "narrative" if key == "三公" else "trimmed"
        b, a = budget_row.exact_sum(column), actual_row.exact_sum(column)
        budget = book.amount(doc(key, "预算"), b, budget_row.printed(column), style)
        actual = book.amount(doc(key, "决算"), a, actual_row.printed(column), style)
        item = tp.cars if key == "公务用车" else tp.items.get(key)
        return ThreePublicLine(
            key, THREE_PUBLIC_NAMES[key], budget, actual,
            book.ratio(doc(key, "完成率"), a, b),
            compare_printed(a.value, b.value),
            tp.budget_reason if key == "三公" else (item.budget_reason if item else None),
            book.yoy(doc(key), actual, a, item_priors.get(key) or priors.get(key),
                     tp.prior_reason if key == "三公" else (item.prior_reason if item else None)),
            None if key == "三公" else book.ratio(doc(key, "占比"), a, actual_total),
            item.content if item else None,
        )

    def count(key: tuple[str, ...], value: int | None, span) -> Figure:
        return book.count(doc(*key), value or 0, (span,) if span else ())

    trip, reception = tp.items.get("因公出国"), tp.items.get("公务接待")
    total, items, cars = line("三公"), tuple(line(k) for k in vocabulary.THREE_PUBLIC_ITEMS), line("公务用车")
    # 国内公务接待 (上海: "国内公务接待支出 0.40 万（含外宾接待支出 0 万元）"): the language has no
    # 国（境）外 part of 公务接待, so the 国内 part (外宾接待 included) is its whole 决算.
    book.amount(doc("公务接待", "国内"), actual_row.exact_sum("公务接待"), actual_row.printed("公务接待"), "trimmed")
    foreign = reception.foreign if reception else None
    return ThreePublicSection(
        total,
        items,
        cars,
        count(("因公出国", "团组"), trip.groups if trip else None, trip.span if trip else None),
        count(("因公出国", "人次"), trip.persons if trip else None, trip.span if trip else None),
        count(("公务接待", "批次"), reception.batches if reception else None, reception.span if reception else None),
        count(("公务接待", "人次"), reception.persons if reception else None, reception.span if reception else None),
        count(("公务用车保有量",), tp.vehicles, tp.span),
        None if foreign is None else book.amount(doc("公务接待", "外宾接待"), fact_sum(foreign.amount, report.unit), style="trimmed"),
        _count(book, doc("公务接待", "外宾接待", "批次"), foreign.batches if foreign else None),
        _count(book, doc("公务接待", "外宾接待", "人次"), foreign.persons if foreign else None),
        tp.span is not None,
    )


def procurement(report: Report, book: Book) -> ProcurementSection:
    """十二: amounts balanced so the kinds add up to the printed total (元 sources)."""
    pr, u = report.procurement, report.unit
    kinds = vocabulary.PROCUREMENT_KINDS
    amounts = {k: fact_sum(pr.amounts.get(k), u) for k in kinds}
    smes = {k: fact_sum(pr.sme.get(k), u) for k in kinds}
    total, sme_total = add_up(amounts.values()), add_up(smes.values())
    shown = balance_tree(Node("总额", total.value, tuple(Node(k, amounts[k].value) for k in kinds)))
    shown_sme = balance_tree(Node("中小企业", sme_total.value, tuple(Node(k, smes[k].value) for k in kinds)))
    small = fact_sum(pr.small_micro, u)

    def written(key: tuple[str, ...], fact: Fact | None) -> Figure | None:
        return None if fact is None else book.amount(doc("政府采购", *key), fact_sum(fact, u))

    # 授予中小企业 / 小微企业 not written is not 0: no figure, and no sentence says it.
    sme_written, small_written = bool(pr.sme), pr.small_micro is not None
    rows = tuple(
        ProcurementKind(
            k,
            book.amount(doc("政府采购", k), amounts[k], shown[k]),
            book.amount(doc("政府采购", k, "中小企业"), smes[k], shown_sme[k]) if sme_written else None,
            book.ratio(doc("政府采购", k, "中小企业", "占比"), smes[k], amounts[k]) if sme_written else None,
        )
        for k in kinds
    )
    return ProcurementSection(
        book.amount(doc("政府采购", "总额"), total, shown["总额"]),
        rows,
        book.amount(doc("政府采购", "中小企业"), sme_total, shown_sme["中小企业"]) if sme_written else None,
        book.ratio(doc("政府采购", "中小企业", "占比"), sme_total, total) if sme_written else None,
        book.amount(doc("政府采购", "小微企业"), small) if small_written else None,
        book.ratio(doc("政府采购", "小微企业", "占比"), small, sme_total) if small_written and sme_written else None,
        written(("中小企业预留",), pr.reserved_sme),
        written(("中小企业预留", "中标"), pr.reserved_sme_won),
        written(("小微企业预留",), pr.reserved_small),
        written(("小微企业预留", "中标"), pr.reserved_small_won),
        written(("非预留", "中小企业中标"), pr.other_sme_won),
        bool(pr.amounts),
    )


def performance(report: Report, book: Book) -> PerformanceFacts | None:
    """十四 (上海 第十节): 预算绩效管理's facts as figures named 预算绩效 <line> <word>."""
    facts = report.performance
    if facts is None:
        return None

    def stage(key: str) -> PerformanceCount | None:
        found = facts.stages.get(key)
        if found is None:
            return None
        return PerformanceCount(
            _count(book, doc("预算绩效", key, "项目"), found.projects),
            book.amount(doc("预算绩效", key, "金额"), fact_sum(found.amount, report.unit)),
        )

    evaluated = facts.stages.get(vocabulary.PERFORMANCE_STAGES[2])
    score = evaluated.average_score if evaluated else None
    targets, tracked, self_evaluated = (stage(key) for key in vocabulary.PERFORMANCE_STAGES)
    problems = (_count(book, doc("预算绩效", "自评问题", word), facts.problems.get(word)) for word in vocabulary.PERFORMANCE_PROBLEMS)
    return PerformanceFacts(
        facts.system, targets, tracked, self_evaluated,
        None if score is None else book.score(doc("预算绩效", "绩效自评", "平均得分"), score.value, (score.span,)),
        tuple((grade, _count(book, doc("预算绩效", "评级", grade), fact)) for grade, fact in facts.grades),
        *problems,
    )


def assets(report: Report, book: Book) -> AssetsSection:
    """十三: vehicle counts by kind (every kind, zeros included) and in total."""
    a = report.assets
    spans = (a.span,) if a.span else ()
    by_kind = tuple(
        (k, book.count(doc("车辆", k), a.vehicles.get(k, 0), spans), a.vehicle_notes.get(k))
        for k in vocabulary.VEHICLE_KINDS
    )
    return AssetsSection(
        book.count(doc("车辆", "合计"), sum(a.vehicles.values()), spans),
        by_kind,
        book.count(doc("大型设备"), a.equipment or 0, spans),
        bool(a.vehicles) or a.equipment is not None,
    )


def part_three_more(report: Report, t09: Table, book: Book, priors: dict[str, Sum]) -> PartThreeMore:
    """Sections 九 to 十四."""
    u = report.unit
    entry = report.narrative.get("机关运行经费")
    running = None
    if entry is not None and entry.current is not None:
        current_sum = fact_sum(entry.current, u)
        current = book.amount(doc("机关运行经费"), current_sum)
        prior = opt_sum(entry.prior, u) or priors.get("机关运行经费")
        running = book.yoy(doc("机关运行经费"), current, current_sum, prior, entry.reason)
    names = tuple(p.name for p in report.projects)
    return PartThreeMore(
        three_public(report, t09, book, priors),
        running,
        None if report.meeting_fee is None else book.amount(doc("会议费"), fact_sum(report.meeting_fee, u)),
        None if report.training_fee is None else book.amount(doc("培训费"), fact_sum(report.training_fee, u)),
        procurement(report, book),
        assets(report, book),
        names,
        book.count(doc("评价项目", "个数"), len(names), tuple(p.span for p in report.projects)),
        performance(report, book),
    )

