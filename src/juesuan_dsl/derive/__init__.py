"""Derive: every number the document prints, computed from the resolved Report.

`derive(report)` is a pure function of the model (STYLE.md: derived figures live
in neither the AST nor the model). Its steps, one module each:

  ledger                 raw facts in exact 万元 (元 / 10000), with their spans
  tables/items           02, 03, 05, 07, 08 (项 rows)      ┐ printed values after
  tables/two_sided       01, 04 (two-sided, 行次)          │ 舍位平衡 (core/balancing),
  tables/detail          06 (economic), 09 (三公)          ┘ rows made by rows.py
  part3/accounts         part three, 一 to 八
  part3/other_matters    part three, 九 to 十四 (and 预算绩效管理's facts)
  part5                  part five, the self-evaluation
and book, which makes every Figure (key, exact value, printed text),
including one for every table cell.
"""

from __future__ import annotations

from dataclasses import replace

from ..catalog import Catalog
from ..core.sums import Sum, add_up, stated_figures
from ..core.vocabulary import NO_RUNNING_COST, THREE_PUBLIC_ITEMS
from ..model.derived import BalancedFigure, Derived, KeptFigure, PartThree
from ..model.report import Report
from ..model.tables import Tables
from .book import Book, doc, table_figures
from .ledger import Ledger, ledger
from .part3.accounts import part_three_main
from .part3.other_matters import part_three_more
from .part5 import part_five
from .rows import adjusted
from .stated import balanced_figures, kept_figures
from .tables.detail import table06, table09
from .tables.items import table02, table03, table05, table07, table08
from .tables.two_sided import table01, table04

_PRIOR_KEYS = {
    "收支总计": doc("收支总计"),
    "财政拨款收支总计": doc("财政拨款收支总计"),
    "财政拨款支出": doc("财政拨款支出"),
    "机关运行经费": doc("机关运行经费"),
    "三公": doc("三公", "决算"),
    "公务用车": doc("公务用车", "决算"),
    **{k: doc(k, "决算") for k in THREE_PUBLIC_ITEMS},
}


def _priors(prior: Derived | None) -> dict[str, Sum]:
    """Last year's figures, used where the source gives no 上年 figure itself."""
    if prior is None:
        return {}
    found = {}
    for name, key in _PRIOR_KEYS.items():
        figure = prior.figures.get(key)
        if figure is not None and figure.value is not None:
            found[name] = Sum(figure.value)
    return found


def build_tables(report: Report, led: Ledger, economics: Catalog | None = None) -> Tables:
    """The nine tables; later tables pin their totals to earlier ones."""
    t02, t03, t05 = table02(report, led), table03(report, led), table05(report, led)
    t07, t08 = table07(report, led), table08(report, led)
    return Tables(
        table01(report, led, t02, t03), t02, t03, table04(report, led, t05, t07, t08), t05,
        table06(report, t05, economics), t07, t08, table09(report),
    )


def derive(report: Report, prior: Derived | None = None, economics: Catalog | None = None) -> Derived:
    """Compute every printed number of the document.

    prior: last year's Derived (from the 上年 file), for year-on-year figures
    the source does not state; economics: the economic catalog that lists
    table 06's rows (default: builtin). When a 核对 states an amount that its
    parts' rounding allows but they do not add up to, derive runs again with the
    stated figure kept (derive/stated.py).
    """
    first = _derive_once(report, prior, economics)
    amounts, percents, pairs = kept_figures(report, first.figures)
    conflicts = tuple((a.span, a.text, b.span, b.text) for a, b in pairs)
    balanced = balanced_figures(first.figures, amounts, report.unit)
    if not amounts and not percents and not balanced:
        return replace(first, conflicts=conflicts)
    book = _book(report, {key: (value, a.text) for key, (value, a, _) in percents.items()})
    stated = {key: value for key, (value, _, _) in amounts.items()} | {key: v for key, (v, _, _) in balanced.items()}
    with stated_figures(stated) as hits:
        again = _derive_once(report, prior, economics, book)
    # What the source's statements changed: sums of facts that took a stated value, and rates
    # that would print otherwise (a stated 增减额 that follows from a kept total changed nothing).
    kept = [(v, a, f) for key, (v, a, f) in amounts.items() if key in hits]
    kept += [(v, a, replace(f, value=book.moved_percents[key])) for key, (v, a, f) in percents.items()
             if key in book.moved_percents]
    return replace(
        again,
        kept=tuple(KeptFigure(figure.key, figure.kind, figure.value, value, assertion.span, figure.inputs)
                   for value, assertion, figure in kept),
        conflicts=conflicts,
        balanced=tuple(BalancedFigure(this.key, this.value, value, other.key, this.inputs)
                       for key, (value, this, other) in balanced.items() if key in hits),
    )


def _book(report: Report, stated_percents: dict | None = None) -> Book:
    numbers = report.layout.numbers
    return Book(report.unit, numbers.percent_places, numbers.text_cents, stated_percents)


def _derive_once(report: Report, prior: Derived | None, economics: Catalog | None, book: Book | None = None) -> Derived:
    led = ledger(report)
    tables = build_tables(report, led, economics)
    book = book or _book(report)
    table_figures(tables, book)
    priors = _priors(prior)
    main = part_three_main(report, led, tables, book, priors)
    more = part_three_more(report, tables.t09, book, priors)
    part3 = PartThree(
        main.overview, main.income, main.spending, main.fiscal_overview, main.general, main.basic,
        main.government_funds, main.state_capital, more.three_public, more.running_cost,
        more.meeting_fee, more.training_fee, more.procurement, more.assets, more.evaluated,
        more.evaluated_count, more.performance, report.profile.unit_kind == NO_RUNNING_COST,
    )
    part5 = part_five(report, tables, add_up(led.budget.values()), book)
    moved = tuple(cell for t in tables.all() for cell in adjusted(t.id, t.rows))
    return Derived(
        report.year, report.department, report.short_name, report.unit, tables, part3, part5,
        dict(book.figures), moved, report.layout,
    )
