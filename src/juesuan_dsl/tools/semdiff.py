"""Semantic diff (`jsc diff`): what changed between two compiled reports, not between two texts.

Both sides are checked and derived as `jsc check` does (without following
their 上年 files: the diff compares each file's own content). The result lists
numbers by section — income and spending per 项 (by fund and kind), economic 款,
table totals, "三公" items, projects, other part-three figures — then texts
(as short unified diffs) and header lines. Amounts are 万元; a number counts
as changed when it prints differently (to the cent). Rendering is in
semdiff_render.py; docs/year-over-year.md documents the JSON.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterator, Mapping

from ..core import vocabulary
from ..core.money import percent, round_half_up, to_wanyuan
from ..derive.ledger import ledger
from ..model.derived import Derived
from ..model.report import Report
from ..model.tables import (
    BLANK,
    CLASS_SUBTOTAL,
    ECONOMIC_SECTION,
    ITEM,
    SECTION_SUBTOTAL,
    cell_key,
)

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
MAX_DIFF_LINES = 12

# Section id -> (title, column headings of the label). The order is the output order.
SECTIONS: Mapping[str, tuple[str, tuple[str, ...]]] = {
    "income": ("收入（公开02表）", ("科目", "名称", "来源")),
    "items": ("支出（按项、资金性质和支出性质）", ("资金性质", "科目", "名称", "性质")),
    "economic": ("基本支出明细（公开06表，按经济分类款）", ("科目", "名称")),
    "totals": ("各表合计", ("表", "行", "列")),
    "three_public": ("“三公”经费", ("项目", "数")),
    "projects": ("项目（绩效自评）", ("项目", "资金")),
    "other": ("第三部分其他数字", ("数",)),
}


@dataclass(frozen=True, slots=True)
class Compiled:
    """One side of a diff: how to name it (a path, or REV:path), its model and its figures."""

    label: str
    report: Report
    derived: Derived


@dataclass(frozen=True, slots=True)
class Amount:
    """One compared number.

    section: a SECTIONS key; key: its identity across the two sides (words,
    e.g. ("一般公共预算", "2013101", "基本") or ("01", "income", "总计", "决算数")); label: the
    words printed in the section's label columns; old / new: exact values (万元,
    or a count), None where the side has no such line; count: a whole number,
    not money.
    """

    section: str
    key: tuple[str, ...]
    label: tuple[str, ...]
    old: Decimal | None
    new: Decimal | None
    count: bool = False

    @property
    def status(self) -> str:
        return ADDED if self.old is None else REMOVED if self.new is None else CHANGED

    @property
    def delta(self) -> Decimal:
        """new − old (a missing side counts as 0)."""
        return (self.new or Decimal(0)) - (self.old or Decimal(0))

    @property
    def rate(self) -> Decimal | None:
        """Change in percent of |old|; None when old is missing or 0."""
        if not self.old:
            return None
        return percent(self.delta, abs(self.old))


@dataclass(frozen=True, slots=True)
class TextChange:
    """A text that was added, removed or changed; diff: unified-diff lines (sentences), capped."""

    key: tuple[str, ...]
    old: str | None
    new: str | None
    diff: tuple[str, ...]

    @property
    def status(self) -> str:
        return ADDED if self.old is None else REMOVED if self.new is None else CHANGED


@dataclass(frozen=True, slots=True)
class HeaderChange:
    """A header line (年度, 部门, 简称, 金额单位, 上年) whose value changed."""

    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True, slots=True)
class SemDiff:
    """Everything that differs: sides, header, numbers by section (SECTIONS order), texts."""

    old: Compiled
    new: Compiled
    header: tuple[HeaderChange, ...]
    amounts: tuple[Amount, ...]
    texts: tuple[TextChange, ...]
    compared: Mapping[str, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.header or self.amounts or self.texts)

    def section(self, name: str) -> tuple[Amount, ...]:
        return tuple(a for a in self.amounts if a.section == name)


# --- numbers ---------------------------------------------------------------------


def _differs(a: Amount) -> bool:
    if a.old is None and a.new is None:
        return False
    if a.old is None or a.new is None:
        return (a.old or a.new) != 0 or a.count  # a line that appears with 0 is no news
    return round_half_up(a.old, 2) != round_half_up(a.new, 2)


def merge_order(old: list, new: list) -> list:
    """The new side's order, each key only on the old side placed after its old predecessor."""
    result = list(new)
    present = set(new)
    for index, key in enumerate(old):
        if key in present:
            continue
        before = next((k for k in reversed(old[:index]) if k in present), None)
        result.insert(0 if before is None else result.index(before) + 1, key)
        present.add(key)
    return result


def _pair(section: str, old: Mapping, new: Mapping, count: bool = False, order=None) -> Iterator[Amount]:
    """Amounts from two {key: (label, value)} maps: sorted by `order` (a sort key), or without
    one in the order of the documents (merge_order)."""
    keys = sorted(set(old) | set(new), key=order) if order else merge_order(list(old), list(new))
    for key in keys:
        label = (new.get(key) or old.get(key))[0]
        yield Amount(section, key, label, old.get(key, (None, None))[1], new.get(key, (None, None))[1], count)


def _income(side: Compiled) -> dict:
    led, items = ledger(side.report), side.report.items
    return {
        (code, source): ((code, items[code].name if code in items else "", source), q.value)
        for code, by in led.income.items() for source, q in by.items()
    }


def _items(side: Compiled) -> dict:
    led, items, found = ledger(side.report), side.report.items, {}
    for fund, rows in led.spending.items():
        for code, kinds in rows.items():
            name = items[code].name if code in items else ""
            measures = {k: q.value for k, q in kinds.items()}
            if fund in led.rows and code in led.rows[fund]:
                row = led.rows[fund][code]
                unit = side.report.unit
                for word, fact in (("年初预算", row.budget), ("年初结转", row.carry_in), ("年末结转", row.carry_out)):
                    if fact is not None:
                        measures[word] = to_wanyuan(fact.value, unit)
            for measure, value in measures.items():
                found[(fund, code, measure)] = ((fund, code, name, measure), value)
    return found


_MEASURES = (*vocabulary.SPENDING_KINDS, "年初预算", "年初结转", "年末结转")


def _item_order(key: tuple[str, str, str]) -> tuple:
    """Spending lines by fund (vocabulary order), 项 code, then kind, 年初预算, 年初 / 年末结转."""
    fund, code, measure = key
    return (vocabulary.FUND_KINDS.index(fund), code, _MEASURES.index(measure))


def _by_key(key: tuple) -> tuple:
    return key


def _economic(side: Compiled) -> dict:
    unit = side.report.unit
    return {r.code: ((r.code, r.name), to_wanyuan(r.amount.value, unit)) for r in side.report.economic}


def _totals(side: Compiled) -> dict:
    """Every printed cell of 01–08 that is not a single 项 or 款 (09 is in the "三公" section)."""
    found = {}
    for table in side.derived.tables.all():
        if table.id == "09":
            continue
        sides = (("income", table.income), ("expenditure", table.expenditure)) if hasattr(table, "income") else (("", table.rows),)
        for side_name, rows in sides:
            for row in rows:
                if row.kind in (ITEM, ECONOMIC_SECTION, BLANK, CLASS_SUBTOTAL, SECTION_SUBTOTAL):
                    continue
                for column, value in row.exact.items():
                    shown_column = "" if column == "决算数" else column
                    where = f"{table.id}表" + {"income": " 收入", "expenditure": " 支出"}.get(side_name, "")
                    found[cell_key(table.id, row.key, column)] = ((where, row.label, shown_column), value)
    return found


def _figures(side: Compiled, wanted: tuple[tuple[str, ...], ...], columns: int) -> dict:
    """Named document figures; the label is the key words, padded or joined to `columns` words."""
    found = {}
    for words in wanted:
        figure = side.derived.figures.get(("document", *words))
        if figure is not None and figure.value is not None:
            label = (" ".join(words),) if columns == 1 else (*words, *[""] * (columns - len(words)))
            found[words] = (label, figure.value)
    return found


_THREE_PUBLIC = tuple(
    (k, m) for k in ("三公", *vocabulary.THREE_PUBLIC_ITEMS) for m in ("预算", "决算")
)
_COUNTS = (("因公出国", "团组"), ("因公出国", "人次"), ("公务接待", "批次"), ("公务接待", "人次"), ("公务用车保有量",))
_OTHER = (
    ("年初预算",), ("机关运行经费",), ("会议费",), ("培训费",), ("政府采购", "总额"), ("政府采购", "中小企业"),
    ("政府采购", "小微企业"), ("车辆", "合计"), ("大型设备",),
)


def _projects(side: Compiled) -> dict:
    found = {}
    for project in side.report.projects:
        for measure, word in (("全年", "全年预算"), ("执行", "执行")):
            figure = side.derived.figures.get((f"project:{project.name}", "资金总额", measure))
            if figure is not None:
                found[(project.name, measure)] = ((project.name, word), figure.value)
    return found


def _amounts(old: Compiled, new: Compiled) -> tuple[list[Amount], dict[str, int]]:
    pairs = [  # section, old, new, count, sort key (None: the documents' order)
        ("income", _income(old), _income(new), False, _by_key),
        ("items", _items(old), _items(new), False, _item_order),
        ("economic", _economic(old), _economic(new), False, _by_key),
        ("totals", _totals(old), _totals(new), False, None),
        ("three_public", _figures(old, _THREE_PUBLIC, 2), _figures(new, _THREE_PUBLIC, 2), False, None),
        ("three_public", _figures(old, _COUNTS, 2), _figures(new, _COUNTS, 2), True, None),
        ("projects", _projects(old), _projects(new), False, None),
        ("other", _figures(old, _OTHER, 1), _figures(new, _OTHER, 1), False, None),
    ]
    result, compared = [], {}
    for section, a, b, count, ordered in pairs:
        compared[section] = compared.get(section, 0) + len(set(a) | set(b))
        result += [x for x in _pair(section, a, b, count, ordered) if _differs(x)]
    return result, compared


# --- texts and header ---------------------------------------------------------------


def _texts(report: Report) -> dict[tuple[str, ...], str]:
    found: dict[tuple[str, ...], str] = {}

    def put(key: tuple[str, ...], text: str | None) -> None:
        if text:
            found[key] = text

    profile = report.profile
    put(("概况", "职责"), "\n".join(f"（{i}）{d}" for i, d in enumerate(profile.duties, 1)))
    put(("概况", "职责补充"), profile.duties_extra)
    put(("概况", "内设机构"), "\n".join(profile.offices or ()))
    put(("概况", "决算单位"), "\n".join(profile.units))
    for key, entry in report.narrative.items():
        put(("情况说明", key, "原因"), entry.reason)
    put(("情况说明", "其他"), report.other_text)
    for row in report.spending:
        put(("支出", row.fund, row.code, "原因"), row.reason)
    three = report.three_public
    put(("三公经费", "预算差异原因"), three.budget_reason)
    put(("三公经费", "上年变动原因"), three.prior_reason)
    for key, item in three.items.items():
        put(("三公经费", key, "预算差异原因"), item.budget_reason)
        put(("三公经费", key, "上年变动原因"), item.prior_reason)
        put(("三公经费", key, "开支内容"), item.content)
    for key, text in report.performance_texts.items():
        put(("预算绩效", key), text)
    for term, text in report.glossary:
        put(("名词解释", term), text)
    for key, text in report.overall.texts.items():
        put(("整体自评", key), text)
    for project in report.projects:
        for word, text in (("类型", project.kind), ("实施单位", project.implementer), ("预期目标", project.goal),
                           ("实际完成", project.result), ("实施情况", project.narrative)):
            put(("项目", project.name, word), text)
    for key, text in report.typesetting.items():
        put(("排版", key), text)
    return found


_SENTENCE_END = re.compile(r"(?<=[。；！？])")


def _sentences(text: str) -> list[str]:
    """A text cut into lines at line breaks and after 。；！？, so a diff shows the sentence that changed."""
    return [part for line in text.split("\n") for part in _SENTENCE_END.split(line) if part]


def text_diff(old: str, new: str, limit: int = MAX_DIFF_LINES) -> tuple[str, ...]:
    """Unified-diff lines ("-…", "+…", " …") of two texts by sentence, one line of context,
    without file and hunk headers ("…" between hunks), capped at `limit` lines."""
    lines = []
    for line in difflib.unified_diff(_sentences(old), _sentences(new), lineterm="", n=1):
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            if lines:
                lines.append("…")  # a gap between two changed places
            continue
        lines.append(line)
    if len(lines) > limit:
        lines = lines[: limit - 1] + [f"…（另有 {len(lines) - limit + 1} 行）"]
    return tuple(lines)


def _text_changes(old: Report, new: Report) -> list[TextChange]:
    """Changed texts; a project on one side only is listed with its money, not its texts."""
    a, b = _texts(old), _texts(new)
    both = {p.name for p in old.projects} & {p.name for p in new.projects}
    result = []
    for key in merge_order(list(a), list(b)):
        x, y = a.get(key), b.get(key)
        if x == y or (key[0] == "项目" and key[1] not in both):
            continue
        result.append(TextChange(key, x, y, text_diff(x or "", y or "")))
    return result


def _header(old: Report, new: Report) -> list[HeaderChange]:
    def fields(r: Report) -> dict[str, str | None]:
        return {"年度": str(r.year), "部门": r.department, "简称": r.short_name, "金额单位": r.unit.value, "上年": r.prior_path}

    a, b = fields(old), fields(new)
    return [HeaderChange(k, a[k], b[k]) for k in a if a[k] != b[k]]


def semantic_diff(old: Compiled, new: Compiled) -> SemDiff:
    """Compare two compiled reports."""
    amounts, compared = _amounts(old, new)
    order = list(SECTIONS)
    amounts.sort(key=lambda a: order.index(a.section))  # stable: keeps each section's own order
    return SemDiff(
        old, new, tuple(_header(old.report, new.report)), tuple(amounts),
        tuple(_text_changes(old.report, new.report)), compared,
    )
