"""Derive: the figure book — every derived number is made here, with its key, kind and printed text.

Sections and tables hold the Figure objects the book hands out, and the book's
collection becomes Derived.figures, so a number that a sentence prints and the
number a 核对 checks are the same object. Styles (money.py decides the digits):
  table      two decimals always ("840.70", "0.00")
  narrative  two decimals, zero bare ("840.70", "0")
  trimmed    cents, trailing zeros dropped ("40", "3.5")         (三公 items, project tables)
  whole      whole numbers bare, else two decimals ("40", "147.20")  (五（三）, as the seed prints)
Percentages: narrative "75.1%" / "100%", fixed "87.26%". Scores: two decimals.
Year-on-year 增减额 / 增减率 figures are signed (negative for a decrease).

Every table cell is a figure too, under its cell key (model/tables.cell_key, the
names of docs/language.md section 12): ("document", "收入表", "合计", "财政拨款收入"),
("document", "收支总表", "201"), ("document", "财政拨款收支总表", "本年支出合计", "一般公共预算"),
("document", "基本支出表", "人员经费合计"), ("document", "三公表", "决算", "公务接待"). Its value is exact; its `shown` is the
printed cell with two decimals, "0.00" for a cell the table leaves empty.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from ..core.money import (
    Unit,
    change,
    format_amount,
    format_amount_narrative,
    format_amount_trimmed,
    format_percent,
    format_percent_fixed,
    percent,
    round_half_up,
)
from ..core.source import Span
from ..core.sums import Sum
from ..model.derived import YoY
from ..model.figures import AMOUNT, COUNT, PERCENT, SCORE, Figure, FigureKey
from ..model.tables import Row, Tables, cell_key


def _whole_or_cents(value: Decimal) -> str:
    """五（三）'s style: a whole number bare ("40", "0"), else two decimals ("147.20")."""
    whole = round_half_up(value, 2) == round_half_up(value, 0)
    return format_amount_trimmed(value) if whole else format_amount(value)


_AMOUNT_STYLES = {
    "table": format_amount,
    "narrative": format_amount_narrative,
    "trimmed": format_amount_trimmed,
    "whole": _whole_or_cents,
}


class Book:
    """Makes figures and remembers each one under its key (a later make replaces).

    unit: the source's money unit, which says how far a sum of its facts may lie
    from the amount it stands for (money.tolerance: half a cent per 万元 fact,
    nothing for a 元 source).
    """

    def __init__(
        self, unit: Unit, percent_places: int = 1, text_cents: bool = False,
        stated_percents: Mapping[FigureKey, tuple[Decimal, str]] | None = None,
    ) -> None:
        self.figures: dict[FigureKey, Figure] = {}
        self.unit = unit
        self.percent_places = percent_places  # the layout's, for a share or rate that is not whole
        self.text_cents = text_cents  # the layout's: every amount in a sentence with cents ("40.00", "0.40")
        self.stated_percents = stated_percents or {}  # key -> (value, text) stated by a 核对 and kept (derive/stated.py)
        self.moved_percents: dict[FigureKey, Decimal] = {}  # kept rates this computation would print otherwise

    def tolerance(self, q: Sum) -> Decimal:
        """Half-width of a sum's interval: each summed fact adds its own (XBRL Calculations 1.1)."""
        return q.tolerance(self.unit)

    def add(
        self, key: FigureKey, value: Decimal | None, kind: str, shown: str,
        inputs: Iterable[Span] = (), tolerance: Decimal = Decimal(0),
    ) -> Figure:
        figure = Figure(tuple(key), value, kind, shown, tuple(dict.fromkeys(inputs)), tolerance)
        self.figures[figure.key] = figure
        return figure

    def amount(self, key: FigureKey, q: Sum, shown: Decimal | None = None, style: str = "narrative") -> Figure:
        """An amount in 万元: exact value; printed as `shown` (a table's printed value) or rounded."""
        if style in ("whole", "trimmed") and self.text_cents:
            style = "narrative"
        text = _AMOUNT_STYLES[style](shown if shown is not None else q.value)
        return self.add(key, q.value, AMOUNT, text, q.spans, self.tolerance(q))

    def signed(self, key: FigureKey, value: Decimal, source: Sum) -> Figure:
        """A signed amount (增减额) computed from the facts of `source`."""
        return self.add(key, value, AMOUNT, format_amount_narrative(value), source.spans, self.tolerance(source))

    def ratio_tolerance(self, part: Sum, whole: Sum) -> Decimal:
        """Half-width, in percent units, of part / whole when both are intervals."""
        a, b = part.value, whole.value
        ta, tb = self.tolerance(part), self.tolerance(whole)
        if b == 0 or abs(b) <= tb:
            return Decimal(0)
        centre = a / b
        bounds = [(a + da) / (b + db) for da in (-ta, ta) for db in (-tb, tb)]
        return max(abs(x - centre) for x in bounds) * 100

    def percent(self, key: FigureKey, value: Decimal | None, inputs: Iterable[Span] = (), fixed: bool = False) -> Figure:
        """A percentage in percent units; None (undefined) prints as ""."""
        if value is None:
            return self.add(key, None, PERCENT, "", inputs)
        stated = self.stated_percents.get(tuple(key))
        if stated is not None:  # printed as the document states it ("91.0%")
            if round_half_up(value, -stated[0].as_tuple().exponent) != stated[0]:
                self.moved_percents[tuple(key)] = value
            return self.add(key, stated[0], PERCENT, stated[1], inputs)
        text = format_percent_fixed(value, 2) if fixed else format_percent(value, self.percent_places)
        return self.add(key, value, PERCENT, text, inputs)

    def ratio(self, key: FigureKey, part: Sum, whole: Sum, fixed: bool = False, exact: bool = False) -> Figure:
        """part / whole × 100 (a share, a completion or execution rate); None when whole is 0.

        exact: the rate is defined on the printed amounts themselves (a
        self-evaluation table's 执行率 = its 执行数 / 全年预算数), so it has no interval.
        """
        figure = self.percent(key, percent(part.value, whole.value), part.spans + whole.spans, fixed)
        if figure.value is None or exact:
            return figure
        return self.add(key, figure.value, PERCENT, figure.shown, figure.inputs, self.ratio_tolerance(part, whole))

    def score(self, key: FigureKey, value: Decimal, inputs: Iterable[Span] = ()) -> Figure:
        """A self-evaluation score, printed with two decimals."""
        return self.add(key, value, SCORE, format_amount(value), inputs)

    def count(self, key: FigureKey, value: int, inputs: Iterable[Span] = ()) -> Figure:
        """A whole number (vehicles, projects)."""
        return self.add(key, Decimal(value), COUNT, str(value), inputs)

    def yoy(self, key: FigureKey, current: Figure, current_sum: Sum, prior: Sum | None, reason: str | None) -> YoY:
        """Year-on-year figures under key + ("增减额",) and key + ("增减率",)."""
        if prior is None:
            return YoY(current, None, None, None, None, None, "", "", reason)
        prior_figure = self.amount(tuple(key) + ("上年",), prior)
        found = change(current_sum.value, prior.value)
        diff = current_sum - prior
        amount = self.signed(tuple(key) + ("增减额",), found.signed, diff)
        signed_rate = None if found.rate is None else (found.rate.copy_negate() if found.direction == "减少" else found.rate)
        rate = self.percent(tuple(key) + ("增减率",), signed_rate, diff.spans)
        if signed_rate is not None:
            # (current − prior) / prior, with both ends uncertain.
            rate = self.add(rate.key, rate.value, PERCENT, rate.shown, rate.inputs, self.ratio_tolerance(diff, prior))
        return YoY(
            current, prior_figure, amount, rate, found.direction, found.rate_word,
            format_amount_narrative(found.amount),
            "" if found.rate is None else format_percent(found.rate, self.percent_places),
            reason,
        )


def doc(*words: str) -> FigureKey:
    """A document-scope figure key."""
    return ("document",) + words


# --- table cells ---------------------------------------------------------------------

def _figure(book: Book, key: tuple[str, ...], row: Row, column: str) -> None:
    book.amount(key, row.exact_sum(column), row.printed(column), style="table")


def table_figures(tables: Tables, book: Book) -> None:
    """Register a figure for every printed cell of the nine tables, under its one key (tables.cell_key)."""
    for row in tables.t01.rows:
        if row.has_figures:
            _figure(book, cell_key("01", row.key, "决算数"), row, "决算数")
    for row in tables.t04.rows:
        if row.has_figures:
            for column in row.exact:
                _figure(book, cell_key("04", row.key, column), row, column)
    for table in (tables.t02, tables.t03, tables.t05, tables.t07, tables.t08, tables.t09):
        for row in table.rows:
            for column in row.exact:
                _figure(book, cell_key(table.id, row.key, column), row, column)
    for row in tables.t06.rows:
        _figure(book, cell_key("06", row.key, "决算数"), row, "决算数")
