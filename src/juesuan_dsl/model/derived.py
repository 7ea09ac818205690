"""What derive hands to render, to the rules, to export and to diff: the derived figures of one report.

Types only. Every amount is an exact Decimal in 万元 inside a Figure (model/figures.py),
which also carries the text the document prints; the tables are model/tables.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Mapping

from ..core.money import Unit
from ..core.source import SourceFile, Span
from ..layout.load import builtin_layout
from ..layout.model import Layout
from .figures import Figure, FigureKey
from .report import Report
from .tables import AdjustedCell, Tables


@dataclass(frozen=True, slots=True)
class YoY:
    """A figure compared with last year, ready to be worded by a template.

    current: this year's figure; prior: last year's (None when not given);
    amount / rate: signed 增减额 and 增减率 figures (None without a prior; the
    rate's value is None when last year was 0); direction: 增加 / 减少 / 持平;
    rate_word: 增长 / 减少 / 持平; amount_shown / rate_shown: the unsigned
    printed size for "减少 355.93 万元，减少 29.7%" ("" when absent); reason:
    the department's explanation.
    """

    current: Figure
    prior: Figure | None
    amount: Figure | None
    rate: Figure | None
    direction: str | None
    rate_word: str | None
    amount_shown: str
    rate_shown: str
    reason: str | None


@dataclass(frozen=True, slots=True)
class Share:
    """A named part of a whole: name, its amount, its share of the whole (percent)."""

    name: str
    amount: Figure
    share: Figure


@dataclass(frozen=True, slots=True)
class Composition:
    """A total and its parts with shares (section 二 by source, 三 by kind)."""

    total: Figure
    parts: tuple[Share, ...]


@dataclass(frozen=True, slots=True)
class ItemBudget:
    """五（三）: one 一般公共预算 项 — 类（类）款（款）项（项） names, 年初预算, 决算,
    完成率 (value None when the budget is 0), 大于/小于/等于, the reason."""

    code: str
    category_name: str
    section_name: str
    name: str
    budget: Figure
    actual: Figure
    completion: Figure
    direction: str
    reason: str | None
    purpose: str | None = None  # 用途: what it was used for (上海 prints "主要用于……")


@dataclass(frozen=True, slots=True)
class GeneralBudget:
    """五: 一般公共预算财政拨款支出 — total with year-on-year and share of 本年支出合计,
    structure by 类, 年初预算 total, completion rate, and each 项."""

    total: YoY
    share: Figure
    categories: tuple[Share, ...]
    budget: Figure
    completion: Figure
    items: tuple[ItemBudget, ...]
    reason: str | None = None  # 情况说明 年初预算 原因: the difference from 年初预算 as a whole
    direction: str = "等于"  # 决算 大于 / 小于 / 等于 年初预算, as printed


@dataclass(frozen=True, slots=True)
class BasicSpending:
    """六: 基本支出 = 人员经费 + 公用经费, shares of their sum, and the 款 names with spending."""

    total: Figure
    personnel: Share
    public: Share
    personnel_names: tuple[str, ...]
    public_names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FundSection:
    """七 / 八: 政府性基金 or 国有资本经营 财政拨款; present False means "本单位无…收支";
    items: each 项 spent from the fund with its 年初预算 and reason (上海 prints them)."""

    present: bool
    carry_in: Figure
    income: Figure
    spending: Figure
    basic: Figure
    project: Figure
    carry_out: Figure
    items: tuple[ItemBudget, ...] = ()


@dataclass(frozen=True, slots=True)
class ThreePublicLine:
    """One line of 九: key (三公, 因公出国, 公务接待, 公务用车, 公务用车购置, 公务用车运行),
    printed name, budget and actual (09's printed values), completion rate (None
    when the budget is 0), 大于/小于/等于, the budget-variance reason, year on year
    (yoy.prior None when last year's figure is not given), share of the 三公 actual
    total (None for the total itself), and the 开支内容 text."""

    key: str
    name: str
    budget: Figure
    actual: Figure
    completion: Figure
    direction: str
    budget_reason: str | None
    yoy: YoY
    share: Figure | None
    content: str | None


@dataclass(frozen=True, slots=True)
class ThreePublicSection:
    """九: the total, the four items, 公务用车 (购置 + 运行), and the counts.

    foreign_reception, foreign_batches, foreign_persons: 公务接待's 外宾接待 part
    (amount, 批次, 人次; None when not written).
    """

    total: ThreePublicLine
    items: tuple[ThreePublicLine, ...]
    cars: ThreePublicLine
    trip_groups: Figure
    trip_persons: Figure
    reception_batches: Figure
    reception_persons: Figure
    vehicles: Figure
    foreign_reception: Figure | None = None
    foreign_batches: Figure | None = None
    foreign_persons: Figure | None = None
    written: bool = True  # False without a 三公经费 block: 九 says nothing (its zeros would be invented)


@dataclass(frozen=True, slots=True)
class ProcurementKind:
    """十二: one kind (货物/工程/服务): amount, awarded to SMEs, SME share of the amount."""

    name: str
    amount: Figure
    sme: Figure | None  # None when 授予中小企业 is not written
    sme_share: Figure | None


@dataclass(frozen=True, slots=True)
class ProcurementSection:
    """十二: total, kinds, SME total and share, small-and-micro amount and share of SME.

    reserved_sme / reserved_small: project budget reserved for 中小企业 / 小微企业;
    reserved_sme_won / reserved_small_won: won by 中小企业 / 小微企业 in those projects;
    other_sme_won: won by 中小企业 in the other projects (each None when not written).
    """

    total: Figure
    kinds: tuple[ProcurementKind, ...]
    sme: Figure | None  # None when 授予中小企业 is not written (not 0)
    sme_share: Figure | None
    small_micro: Figure | None  # None when not written (not 0), and so are the SME figures
    small_micro_share: Figure | None
    reserved_sme: Figure | None = None
    reserved_sme_won: Figure | None = None
    reserved_small: Figure | None = None
    reserved_small_won: Figure | None = None
    other_sme_won: Figure | None = None
    written: bool = True  # False when the source writes no 政府采购 amount: 十二 says nothing (C12-01 asks)


@dataclass(frozen=True, slots=True)
class PerformanceCount:
    """A stage of 预算绩效管理: the number of projects (COUNT) and the budget amount they cover (AMOUNT)."""

    projects: Figure
    amount: Figure


@dataclass(frozen=True, slots=True)
class PerformanceFacts:
    """预算绩效管理 as facts (上海 第十节), each None when the block does not have it.

    system: 管理制度 text; targets / tracked / self_evaluated: 绩效目标 / 绩效跟踪 /
    绩效自评 projects and amounts; average_score: 绩效自评 平均得分 (SCORE); grades:
    (评级, project count) for 优 / 良 / 合格 / 不合格 in that order, those written;
    problems / fixed / fixing: 自评问题 发现 / 已整改 / 正在整改 (COUNT).
    """

    system: str | None
    targets: PerformanceCount | None
    tracked: PerformanceCount | None
    self_evaluated: PerformanceCount | None
    average_score: Figure | None
    grades: tuple[tuple[str, Figure], ...]
    problems: Figure | None
    fixed: Figure | None
    fixing: Figure | None


@dataclass(frozen=True, slots=True)
class AssetsSection:
    """十三: vehicles in total and by kind (kind, count, note), equipment over 100 万元."""

    vehicles: Figure
    by_kind: tuple[tuple[str, Figure, str | None], ...]
    equipment: Figure
    written: bool = True  # False when the source writes no vehicle and no 大型设备: 十三 says nothing (C13-01 asks)


@dataclass(frozen=True, slots=True)
class LevelSums:
    """A 一级指标: name, the weight printed after it ("(40分)", None if not written),
    and the sums of its 三级指标 分值 and 得分."""

    name: str
    stated_weight: Figure | None
    weight: Figure
    score: Figure


@dataclass(frozen=True, slots=True)
class Scores:
    """The score block of a self-evaluation table: execution 分值 (10), 执行率,
    得分, each 一级指标's sums, the indicator totals, and 总分."""

    weight: Figure
    rate: Figure
    score: Figure
    levels: tuple[LevelSums, ...]
    indicator_weight: Figure
    indicator_score: Figure
    total_weight: Figure
    total: Figure


@dataclass(frozen=True, slots=True)
class FundLine:
    """A 资金 line of a project table: source, 年初预算数, 全年预算数, 全年执行数."""

    source: str
    initial: Figure
    annual: Figure
    executed: Figure


@dataclass(frozen=True, slots=True)
class ProjectEval:
    """One 项目支出绩效自评表: name, 类型, 资金 lines, 资金总额 (initial / annual /
    executed), and its scores."""

    name: str
    kind: str | None
    funds: tuple[FundLine, ...]
    initial: Figure
    annual: Figure
    executed: Figure
    scores: Scores


@dataclass(frozen=True, slots=True)
class ProjectGroup:
    """年初预算 or 年中追加 projects in the report: names, 资金 (年初 sum for 年初预算
    projects, 全年 sum for 年中追加), 执行 sum, and both budget sums."""

    kind: str
    names: tuple[str, ...]
    funds: Figure
    executed: Figure
    initial: Figure
    annual: Figure


@dataclass(frozen=True, slots=True)
class OverallEval:
    """整体支出绩效自评表: 年初预算, 全年预算, 全年执行, sources (as written), 基本支出,
    项目支出, and the scores."""

    initial: Figure
    annual: Figure
    executed: Figure
    sources: tuple[tuple[str, Figure], ...]
    basic: Figure
    project: Figure
    scores: Scores


@dataclass(frozen=True, slots=True)
class PartFive:
    """The self-evaluation numbers: overall, each project (source order), the two groups."""

    overall: OverallEval
    projects: tuple[ProjectEval, ...]
    groups: tuple[ProjectGroup, ...]


@dataclass(frozen=True, slots=True)
class PartThree:
    """Part three (情况说明), sections 一 to 十四, as figures ready for sentences.

    overview: 一 收支总计 with year on year; income: 二 收入合计 by source with
    shares (zeros included); spending: 三 支出合计 by kind with shares;
    fiscal_overview: 四 财政拨款收支总计 with year on year; general: 五
    一般公共预算财政拨款支出 (total, share, 类 structure, 年初预算 and each 项);
    basic: 六 人员经费 / 公用经费; government_funds / state_capital: 七 / 八;
    three_public: 九; running_cost: 十 (None when not given); meeting_fee,
    training_fee: 十一; procurement: 十二; assets: 十三; evaluated,
    evaluated_count: 十四 the evaluated projects (source order); performance:
    预算绩效管理's facts (None when the 预算绩效 block has none, only texts).
    """

    overview: YoY
    income: Composition
    spending: Composition
    fiscal_overview: YoY
    general: GeneralBudget
    basic: BasicSpending
    government_funds: FundSection
    state_capital: FundSection
    three_public: ThreePublicSection
    running_cost: YoY | None
    meeting_fee: Figure | None  # None when not written (not 0)
    training_fee: Figure | None
    procurement: ProcurementSection
    assets: AssetsSection
    evaluated: tuple[str, ...]
    evaluated_count: Figure
    performance: PerformanceFacts | None = None
    running_cost_exempt: bool = False  # 单位性质 事业单位: the unit has no 机关运行经费 at all


@dataclass(frozen=True, slots=True)
class KeptFigure:
    """A published figure stated by a 核对 inside the rounding interval of its parts, and kept:
    key and kind of the figure, the parts' exact sum (or the computed rate), the stated value,
    the 核对's span, and the lines of the parts."""

    key: FigureKey
    kind: str
    computed: Decimal
    stated: Decimal
    span: Span
    inputs: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class BalancedFigure:
    """One side of a 总表 printed with the other side's value (no 核对 states either, and they
    differ inside their rounding intervals): key, its parts' sum, the value printed, the other
    side's key, the lines of its parts."""

    key: FigureKey
    computed: Decimal
    printed: Decimal
    other: FigureKey
    inputs: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Derived:
    """Everything computed from one Report.

    year, department, short_name: from the header; source_unit: the unit the
    source was written in (every amount here is in 万元); tables: the nine
    tables; part3: the numbers of 情况说明; part5: the self-evaluation numbers;
    figures: every named figure (docs/language.md section 12, plus the cells
    and sentence numbers) by key; adjusted_cells: cells that 舍位平衡 moved
    away from their own rounding (empty for a 万元 source at cents); layout: the
    layout whose number style the figures' shown texts follow.
    """

    year: int
    department: str
    short_name: str
    source_unit: Unit
    tables: Tables
    part3: PartThree
    part5: PartFive
    figures: Mapping[FigureKey, Figure]
    adjusted_cells: tuple[AdjustedCell, ...]
    layout: Layout = field(default_factory=builtin_layout)  # the layout the shown texts follow
    kept: tuple[KeptFigure, ...] = ()  # stated figures kept in place of their parts' sum (derive/stated.py)
    # A figure stated twice with two values inside its interval: (first span, text, second span, text).
    conflicts: tuple[tuple[Span, str, Span, str], ...] = ()
    balanced: tuple[BalancedFigure, ...] = ()  # 总表 sides printed with one value (derive/stated.py)

    def figure(self, *key: str) -> Figure | None:
        """A figure by key words, e.g. derived.figure("document", "收支总计")."""
        return self.figures.get(tuple(key))


@dataclass(frozen=True, slots=True)
class PriorYear:
    """The compiled prior-year file.

    shown: its display path; span: the path text on this year's 上年 line;
    report / derived: its model and figures; sources: its files, for excerpts;
    inputs: every file its compilation read, as Compilation.inputs.
    """

    shown: str
    span: Span
    report: Report
    derived: "Derived"
    sources: dict[str, SourceFile]
    inputs: tuple[tuple[Path, str], ...] = ()
