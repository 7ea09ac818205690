"""Named derived figures: what a 核对 (assertion) can refer to, and what export publishes.

A figure's key is the scope plus the name words of docs/language.md section 12,
e.g. ("document", "收支总表", "本年收入合计"), ("document", "基本支出", "占比"),
("project:国安机要保密经费", "执行率"). Values are exact Decimals: amounts in
万元, percentages in percent units (75.07… for 75.1%). `shown` is the text the
document prints, rounded by money.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Mapping

from ..core.source import Span
from .tables import TABLE_ALIASES, cell_key

if TYPE_CHECKING:
    from .report import Assertion

AMOUNT = "amount"
PERCENT = "percent"
SCORE = "score"
COUNT = "count"

FigureKey = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Figure:
    """One derived figure.

    key: scope + name words; value: exact (None when undefined, e.g. a rate
    against a zero base); kind: AMOUNT, PERCENT, SCORE or COUNT; shown: the
    printed text; inputs: spans of the source lines it is computed from (for
    diagnostics that point at both sides of a relation); tolerance: half-width
    of the interval the exact value may lie in because its inputs were
    themselves published rounded to cents (XBRL Calculations 1.1: a 万元 figure
    written 145.09 stands for 145.085 ≤ x < 145.095); 0 when the inputs are exact.
    """

    key: FigureKey
    value: Decimal | None
    kind: str
    shown: str
    inputs: tuple[Span, ...] = ()
    tolerance: Decimal = Decimal(0)


Figures = Mapping[FigureKey, Figure]


def figure_of(assertion: "Assertion", figures: Figures) -> Figure | None:
    """The figure a 核对 names (docs/language.md section 12).

    A table's cells are named by the table's stable name (收支总表 本年收入合计)
    or by its 表号 (表01 本年收入合计); a row of 收支总表 may be named alone
    (本年收入合计), the document's headline figures.
    """
    path = assertion.path
    if path and path[0] in TABLE_ALIASES:
        path = (TABLE_ALIASES[path[0]], *path[1:])
    found = figures.get((assertion.scope, *path))
    if found is None and assertion.scope == "document" and len(path) == 1:
        found = figures.get(cell_key("01", path[0], "决算数"))
    return found
