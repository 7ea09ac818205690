"""The resolved report: what the source means. Codes carry names, figures carry spans.

Only raw facts live here; totals, shares and scores are computed from this by
passes/derive.py. Amounts are Decimal in the source's money unit (`Report.unit`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Mapping

from ..core.money import Unit
from ..core.source import Span
from ..layout.load import builtin_layout
from ..layout.model import Layout

# Glossary of domain terms used in code (STYLE.md habit 9):
#   category = 类, section = 款, item = 项 (function classification);
#   basic = 基本支出, project = 项目支出; fund = 资金性质 (一般公共预算 …);
#   carry_in / carry_out = 年初 / 年末结转和结余; prior = 上年; budget = 年初预算.


@dataclass(frozen=True, slots=True)
class Fact:
    """A raw figure and where it was written (None for figures supplied by jsc itself)."""

    value: Decimal
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """A function-classification 项: code, name and its 款 and 类 (with names when known)."""

    code: str
    name: str
    section: str
    section_name: str | None
    category: str
    category_name: str | None
    span: Span


@dataclass(frozen=True, slots=True)
class IncomeRow:
    """Table 02 facts of one 项: amount by income source (keys: vocabulary.INCOME_SOURCES)."""

    code: str
    by_source: Mapping[str, Fact]
    span: Span


@dataclass(frozen=True, slots=True)
class SpendingRow:
    """One 项 of one fund kind: spending by kind (keys: vocabulary.SPENDING_KINDS), budget, balances.

    fund: 一般公共预算 | 政府性基金 | 国有资本经营 | 其他资金; budget: 年初预算;
    prior: 上年决算; reason: why 决算 differs from 年初预算; carry_in/out: 年初/年末结转和结余;
    purpose: what the money was used for (用途, "主要用于……" in layouts that print it).
    """

    fund: str
    code: str
    by_kind: Mapping[str, Fact]
    budget: Fact | None
    prior: Fact | None
    reason: str | None
    carry_in: Fact | None
    carry_out: Fact | None
    span: Span
    purpose: str | None = None


@dataclass(frozen=True, slots=True)
class EconomicRow:
    """Table 06: one economic 款 of basic spending (一般公共预算财政拨款)."""

    code: str
    name: str
    category: str
    category_name: str | None
    amount: Fact
    span: Span


@dataclass(frozen=True, slots=True)
class ForeignReception:
    """外宾接待, the part of 公务接待 spent on foreign guests: amount, 批次, 人次 (None when not written)."""

    amount: Fact
    batches: Fact | None
    persons: Fact | None
    span: Span


@dataclass(frozen=True, slots=True)
class ThreePublicItem:
    """One 三公 item (因公出国, 公务接待, 公务用车购置, 公务用车运行), or 公务用车 as one line
    (key 公务用车: only prior and the two reasons can be written; its 预算 and 决算 are 购置 + 运行).

    foreign: 公务接待's 外宾接待 part (None for the other items, or when not written).
    """

    key: str
    budget: Fact | None
    actual: Fact | None
    prior: Fact | None
    budget_reason: str | None
    prior_reason: str | None
    content: str | None
    groups: int | None
    persons: int | None
    batches: int | None
    span: Span | None
    foreign: ForeignReception | None = None


@dataclass(frozen=True, slots=True)
class ThreePublic:
    """三公经费: the four items, last year's total, reasons for the total, vehicles held.

    cars: the 公务用车 block (公务用车购置及运行维护费 as one line: last year's amount
    when the document does not split it into 购置 and 运行, and its reasons); None when not written.
    """

    items: Mapping[str, ThreePublicItem]
    prior: Fact | None
    budget_reason: str | None
    prior_reason: str | None
    vehicles: int | None
    span: Span | None
    cars: ThreePublicItem | None = None


@dataclass(frozen=True, slots=True)
class YearOnYear:
    """A figure compared with last year in part three: current (if raw), prior, reason.

    supplied: the line is not written in the source; the linked 上年 file gave
    its prior figure (span is then the 上年 line, where no 原因 can be written).
    """

    key: str
    current: Fact | None
    prior: Fact | None
    reason: str | None
    span: Span | None
    supplied: bool = False


@dataclass(frozen=True, slots=True)
class Procurement:
    """政府采购: amount and SME share by kind (货物/工程/服务), and the small-and-micro total.

    reserved_sme / reserved_small: the project budget reserved for 中小企业 / 小微企业
    (中小企业预留, 小微企业预留); reserved_sme_won / reserved_small_won: what 中小企业 /
    小微企业 won in those projects (中标); other_sme_won: what 中小企业 won in the other
    projects (非预留 中小企业中标). None when not written.
    """

    amounts: Mapping[str, Fact]
    sme: Mapping[str, Fact]
    small_micro: Fact | None
    span: Span | None
    reserved_sme: Fact | None = None
    reserved_sme_won: Fact | None = None
    reserved_small: Fact | None = None
    reserved_small_won: Fact | None = None
    other_sme_won: Fact | None = None


@dataclass(frozen=True, slots=True)
class Assets:
    """国有资产: vehicles by kind with notes, and equipment over 1,000,000 元 (台套)."""

    vehicles: Mapping[str, int]
    vehicle_notes: Mapping[str, str]
    equipment: int | None
    span: Span | None


@dataclass(frozen=True, slots=True)
class PerformanceStage:
    """A stage of 预算绩效管理 (绩效目标, 绩效跟踪, 绩效自评): projects (a count), the budget
    amount they cover, and for 绩效自评 the average score (None otherwise or when not written)."""

    key: str
    projects: Fact
    amount: Fact
    average_score: Fact | None
    span: Span


@dataclass(frozen=True, slots=True)
class Performance:
    """预算绩效 as facts: system (管理制度 text), the stages by key (PERFORMANCE_STAGES, as
    written), grades (评级: grade -> project count, in PERFORMANCE_GRADES order, those written),
    problems (自评问题: 发现 / 已整改 / 正在整改 -> count, those written); grades_span /
    problems_span: the 评级 / 自评问题 lines. Counts are Facts holding whole numbers, so that
    checks can point at them."""

    system: str | None
    stages: Mapping[str, PerformanceStage]
    grades: tuple[tuple[str, Fact], ...]
    problems: Mapping[str, Fact]
    span: Span | None
    grades_span: Span | None = None
    problems_span: Span | None = None


@dataclass(frozen=True, slots=True)
class Indicator:
    """A 三级指标 row of a self-evaluation table."""

    name: str
    target: str
    actual: str
    weight: Fact | None
    score: Fact | None
    deviation: str
    span: Span


@dataclass(frozen=True, slots=True)
class Level2:
    """A 二级指标 with its indicators (may be empty: the table shows an empty row)."""

    name: str
    indicators: tuple[Indicator, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Level1:
    """A 一级指标; stated_weight is the "(40分)" printed after its name, if written."""

    name: str
    stated_weight: Fact | None
    children: tuple[Level2, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Assertion:
    """A stated figure to check (核对). scope: "document", "overall" or "project:<name>"."""

    scope: str
    path: tuple[str, ...]
    stated: Decimal
    text: str
    is_percent: bool
    note: str | None
    span: Span


@dataclass(frozen=True, slots=True)
class ProjectFunds:
    """A 资金 line of a project table: source, 年初预算数, 全年预算数, 全年执行数."""

    source: str
    initial: Fact | None
    annual: Fact | None
    executed: Fact | None
    span: Span


@dataclass(frozen=True, slots=True)
class Project:
    """One project's self-evaluation (项目支出绩效自评表) and its report paragraph."""

    name: str
    kind: str | None
    department: str | None
    implementer: str | None
    funds: tuple[ProjectFunds, ...]
    goal: str
    result: str
    narrative: str
    indicators: tuple[Level1, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Overall:
    """整体支出绩效自评: report texts (by keyword), staff, funds by source, indicator tree."""

    texts: Mapping[str, str]
    staff_quota: int | None
    staff_actual: int | None
    annual_budget: Fact | None
    sources: Mapping[str, Fact]
    indicators: tuple[Level1, ...]
    span: Span | None


@dataclass(frozen=True, slots=True)
class Profile:
    """Part one: duties (numbered), extra paragraphs, internal offices, subordinate units.

    units_note: 单位构成说明, a text replacing the layout's lead sentence of 部门决算单位构成
    (None when not written); unit_remarks: a unit's 备注 by its name (units without one are absent).
    offices: None when the source does not write 内设机构 (nothing is said of them), () for
    an empty `内设机构 { }` (the unit has none: "未设内设机构"); span: the 概况 block;
    unit_kind: 单位性质, which says whether the unit has 机关运行经费 at all.
    """

    duties: tuple[str, ...] = ()
    duties_extra: str = ""
    offices: tuple[str, ...] | None = None
    units: tuple[str, ...] = ()
    units_note: str | None = None
    unit_remarks: Mapping[str, str] = field(default_factory=dict)
    span: Span | None = None
    unit_kind: str | None = None  # 单位性质 (vocabulary.UNIT_KINDS); None when not written


@dataclass(frozen=True, slots=True)
class Place:
    """Where a top-level block is, or where it belongs when the source lacks it.

    span: the block's first line; for a missing block, the end of the block it would follow
    (after: that block's keyword), so that a "没有写…" warning points where the text goes.
    """

    span: Span
    after: str | None = None

    def where(self, block: str) -> str:
        """The hint's tail: where to write a missing block (nothing when the block exists)."""
        return f"（“{block}”块写在“{self.after}”块之后）" if self.after else ""


@dataclass(frozen=True, slots=True)
class Acknowledgement:
    """已知差异: a check whose errors the department has explained (downgraded to info)."""

    check_id: str
    note: str
    span: Span


@dataclass(frozen=True, slots=True)
class Report:
    """The whole resolved source of one department and year."""

    year: int
    department: str
    short_name: str
    unit: Unit
    profile: Profile
    items: Mapping[str, Item]
    income: tuple[IncomeRow, ...]
    spending: tuple[SpendingRow, ...]
    use_non_fiscal_balance: Fact | None
    balance_distribution: Fact | None
    economic: tuple[EconomicRow, ...]
    three_public: ThreePublic
    narrative: Mapping[str, YearOnYear]
    meeting_fee: Fact | None
    training_fee: Fact | None
    other_text: str | None
    procurement: Procurement
    assets: Assets
    performance_texts: Mapping[str, str]
    glossary: tuple[tuple[str, str], ...]
    overall: Overall
    projects: tuple[Project, ...]
    assertions: tuple[Assertion, ...]
    acknowledgements: tuple[Acknowledgement, ...]
    typesetting: Mapping[str, str] = field(default_factory=dict)  # 排版: fonts
    layout: Layout = field(default_factory=builtin_layout)  # 版式: the printed shape
    layout_span: Span | None = None  # the 版式 line, where a user layout's problems are reported
    budget_reason: str | None = None  # 情况说明 年初预算 原因: why 决算 differs from 年初预算 as a whole
    # 结转结余 年初 / 年末结转和结余: the department's non-财政拨款 carry-over attributed to no 项
    department_carry_in: Fact | None = None
    department_carry_out: Fact | None = None
    performance: Performance | None = None  # 预算绩效's facts (管理制度, stages, 评级, 自评问题); None without any
    prior_path: str | None = None
    header_span: Span | None = None
    places: Mapping[str, Place] = field(default_factory=dict)  # by block keyword (vocabulary.BLOCK_ORDER)

    def place(self, block: str) -> Place | None:
        """Where `block` is or belongs (None only for an empty source)."""
        return self.places.get(block)
