"""The render self-check: what the nine tables must print, straight from the model, and the comparison.

`expected_cells(derived)` reads `derived.tables` (tables.py) and formats each
cell with the layout's number style (derived.layout.numbers), *without* going through the Jinja context: the
context and templates are what is being checked. The templates print every
amount cell through lib.typ's `fig(key, shown)`, which leaves a
`<jsc-fig>` metadata record; compile.py reads the records back and
`compare` lists every difference: a cell printed with another text, a cell
the model has but the PDF does not print (with `cell_keys`, empty ones too:
a dropped column is caught while it is still empty), a figure printed where
the model has an empty cell, a key the model does not know, and a key
printed twice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping

from ..layout.model import NumberStyle
from ..model.derived import Derived
from ..model.tables import (
    TABLE_NAMES,
    Column,
    EconomicTable,
    Row,
    TwoSidedTable,
    cell_key,
    key_text,
)
from .rows import listed, regrouped, shown_columns

#: Personnel / public totals: the bottom row of 06 (its 合计 is not printed).
SIX_TOTALS = ("人员经费合计", "公用经费合计")

# Keys of the table namespace; figures printed elsewhere (part three, five)
# may use `fig` with their own keys and are not this check's business.
_TABLE_PREFIXES = tuple(f"document|{name}|" for name in TABLE_NAMES.values())


def fig_key(table_id: str, row_key: str, column_key: str) -> str:
    """A printed cell's figure key as the text `fig` records: "document|收入表|2012601|本年收入合计"."""
    return key_text(cell_key(table_id, row_key, column_key))


def _cells(table_id: str, rows: Iterable[Row], columns: Iterable[Column], out: dict[str, str], numbers: NumberStyle) -> None:
    columns = tuple(columns)
    for row in rows:
        for column in columns:
            out[fig_key(table_id, row.key, column.key)] = numbers.cell(row.cells.get(column.key))


def model_cells(derived: Derived) -> dict[str, str]:
    """Every amount cell the layout's tables lay out, blank padding rows included: key -> text ("" = empty)."""
    out: dict[str, str] = {}
    for style in derived.layout.tables:
        table = derived.tables.get(style.id)
        numbers = style.numbers(derived.layout.numbers, getattr(table, "written", True))
        if isinstance(table, TwoSidedTable):
            _cells(table.id, table.income, table.income_columns, out, numbers)
            _cells(table.id, table.expenditure, table.expenditure_columns, out, numbers)
        elif isinstance(table, EconomicTable):
            rows = [r for group in regrouped(table, style) for r in group] + [r for r in table.totals if r.key in SIX_TOTALS]
            _cells(table.id, rows, table.columns, out, numbers)
        else:
            _cells(table.id, listed(table.rows, style), shown_columns(table.columns, style), out, numbers)
    return out


def expected_cells(derived: Derived) -> dict[str, str]:
    """Every non-empty printed cell of the nine tables: key -> printed text ("840.70")."""
    return {key: shown for key, shown in model_cells(derived).items() if shown}


def cell_keys(derived: Derived) -> frozenset[str]:
    """The keys of every amount cell, empty ones included (each must have a <jsc-fig> record)."""
    return frozenset(model_cells(derived))


def compare(
    expected: Mapping[str, str], printed: Iterable[tuple[str, str]], keys: Collection[str] | None = None
) -> list[str]:
    """The differences between the model's cells and the <jsc-fig> records, as sentences.

    expected: the non-empty cells (`expected_cells`); printed: the records;
    keys: every cell key (`cell_keys`), when given each must have a record
    (a template that drops an empty column is caught before the column fills).
    A record with an empty text is an empty cell.
    """
    records = [(key, shown) for key, shown in printed if key.startswith(_TABLE_PREFIXES)]
    problems = []
    counts = Counter(key for key, _ in records)
    for key, n in sorted(counts.items()):
        if n > 1:
            problems.append(f"表格单元 {key} 印了 {n} 次")
    got = dict(records)
    for key, shown in expected.items():
        if key not in got or got[key] == "":
            problems.append(f"表格单元 {key} 没有印出，模型为“{shown}”")
        elif got[key] != shown:
            problems.append(f"表格单元 {key} 印出“{got[key]}”，模型为“{shown}”")
    for key, shown in got.items():
        if shown and key not in expected:
            problems.append(f"表格单元 {key} 印出“{shown}”，模型中该单元为空")
        elif keys is not None and key not in keys:
            problems.append(f"表格单元 {key} 不在模型中")
    if keys is not None:
        problems += [f"表格单元 {key} 没有印出（空单元）" for key in sorted(set(keys) - set(got) - set(expected))]
    return problems
