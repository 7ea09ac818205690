"""Derive, step 5: table 06 (basic spending by economic classification) and table 09 (三公).

06 lists every 款 the economic catalog has under the six 类 of basic spending,
in three column groups as the seed does (301 + 303 | 302 | 307 + 310 + 399),
with amounts where the source gives them. 人员经费合计 = 301 + 303; 公用经费合计
is every other 类 (302 + 307 + 310 + 399). 09 prints the 三公 budget and actual
items with the 公务用车 小计 and the 合计 derived.
"""

from __future__ import annotations

from ...catalog import Catalog, economic_catalog
from ...core.balancing import Node, balance_tree
from ...core.sums import Sum, add_up
from ...core.vocabulary import PERSONNEL, THREE_PUBLIC_ITEM_NAMES, THREE_PUBLIC_ITEMS
from ...model.report import Report
from ...model.tables import (
    ECONOMIC_CATEGORY,
    ECONOMIC_SECTION,
    TOTAL,
    Column,
    EconomicTable,
    Row,
    Table,
)
from ..ledger import fact_sum
from ..rows import make_row
from .items import row_value

GROUPS = (PERSONNEL, ("302",), ("307", "310", "399"))  # 06's column groups; every 类 but PERSONNEL is 公用经费

# 款 the catalog carries for military units only (装备购置费 … 军队其他运行维护费);
# a civilian department's 06 table does not list them (the seed does not), unless
# the source gives an amount for one.
MILITARY_ONLY = frozenset({"30219", "30220", "30221", "30222", "30223"})


def _sections(report: Report, catalog: Catalog) -> dict[str, list[tuple[str, str, Sum]]]:
    """类 -> [(款 code, name, amount)] for every listed 款, in code order."""
    unit = report.unit
    given = {r.code: r for r in report.economic}
    by_category: dict[str, dict[str, tuple[str, str, Sum]]] = {}
    for group in GROUPS:
        for category in group:
            by_category[category] = {}
            for entry in catalog.children(category):
                if entry.code not in MILITARY_ONLY:
                    by_category[category][entry.code] = (entry.code, entry.name, Sum())
    for code, row in given.items():
        by_category.setdefault(row.category, {})[code] = (code, row.name, fact_sum(row.amount, unit))
    return {c: [v for _, v in sorted(rows.items())] for c, rows in by_category.items()}


def _category_name(report: Report, catalog: Catalog, code: str) -> str:
    row = next((r for r in report.economic if r.category == code and r.category_name), None)
    return row.category_name if row else (catalog.name(code) or code)


def table06(report: Report, t05: Table, catalog: Catalog | None = None) -> EconomicTable:
    """一般公共预算财政拨款基本支出决算明细表."""
    catalog = catalog or economic_catalog()
    sections = _sections(report, catalog)
    extra = sorted(c for c in sections if not any(c in g for g in GROUPS))
    groups = (GROUPS[0], GROUPS[1], GROUPS[2] + tuple(extra))
    amount = {c: add_up(q for _, _, q in rows) for c, rows in sections.items()}

    def node(category: str) -> Node:
        return Node(category, amount[category].value, tuple(Node(code, q.value) for code, _, q in sections[category]))

    personnel = [c for c in PERSONNEL if c in sections]
    public = [c for g in groups for c in g if c not in PERSONNEL]
    personnel_sum = add_up(amount[c] for c in personnel)
    public_sum = add_up(amount[c] for c in public)
    root = Node("合计", (personnel_sum + public_sum).value, (
        Node("人员经费合计", personnel_sum.value, tuple(node(c) for c in personnel)),
        Node("公用经费合计", public_sum.value, tuple(node(c) for c in public)),
    ))
    # The grand total is 05's printed 基本支出 when that is a rounding of the 06 sum.
    p = balance_tree(root, {"合计": row_value(t05.row("合计"), "基本支出")})
    col = "决算数"
    out_groups = []
    for group in groups:
        rows: list[Row] = []
        for category in group:
            name = _category_name(report, catalog, category)
            rows.append(make_row(ECONOMIC_CATEGORY, category, name, {col: (amount[category], p[category])}, category, name))
            rows += [
                make_row(ECONOMIC_SECTION, code, name, {col: (q, p[code])}, code, name)
                for code, name, q in sections[category]
            ]
        out_groups.append(tuple(rows))
    totals = (
        make_row(TOTAL, "人员经费合计", "人员经费合计", {col: (personnel_sum, p["人员经费合计"])}),
        make_row(TOTAL, "公用经费合计", "公用经费合计", {col: (public_sum, p["公用经费合计"])}),
        make_row(TOTAL, "合计", "合计", {col: (personnel_sum + public_sum, p["合计"])}),
    )
    return EconomicTable(
        "06", "一般公共预算财政拨款基本支出决算明细表", (Column(col, col, 1),), tuple(out_groups), totals
    )


THREE_PUBLIC_COLUMNS = (
    ("合计", "合计"),
    ("因公出国", THREE_PUBLIC_ITEM_NAMES["因公出国"]),
    ("公务用车小计", "小计"),
    ("公务用车购置", THREE_PUBLIC_ITEM_NAMES["公务用车购置"]),
    ("公务用车运行", THREE_PUBLIC_ITEM_NAMES["公务用车运行"]),
    ("公务接待", THREE_PUBLIC_ITEM_NAMES["公务接待"]),
)


def three_public_amounts(report: Report, which: str) -> dict[str, Sum]:
    """预算 ("budget") or 决算 ("actual") of the four 三公 items in 万元, 0 when not given."""
    items = report.three_public.items
    return {k: fact_sum(getattr(items[k], which) if k in items else None, report.unit) for k in THREE_PUBLIC_ITEMS}


def table09(report: Report) -> Table:
    """财政拨款"三公"经费支出决算表: one 预算 row and one 决算 row."""
    rows = []
    for key, which in (("预算", "budget"), ("决算", "actual")):
        q = three_public_amounts(report, which)
        cars = q["公务用车购置"] + q["公务用车运行"]
        total = q["因公出国"] + cars + q["公务接待"]
        root = Node("合计", total.value, (
            Node("因公出国", q["因公出国"].value),
            Node("公务用车小计", cars.value, (Node("公务用车购置", q["公务用车购置"].value), Node("公务用车运行", q["公务用车运行"].value))),
            Node("公务接待", q["公务接待"].value),
        ))
        p = balance_tree(root)
        exact = {**q, "公务用车小计": cars, "合计": total}
        rows.append(make_row(TOTAL, key, key, {c: (exact[c], p[c]) for c, _ in THREE_PUBLIC_COLUMNS}))
    columns = tuple(Column(k, label, n) for n, (k, label) in enumerate(THREE_PUBLIC_COLUMNS, start=1))
    return Table("09", "财政拨款“三公”经费支出决算表", columns, tuple(rows), written=report.three_public.span is not None)
