"""`jsc export --format json`: the compiled model (tables, figures, sections) as versioned JSON.

Schema: docs/export-json.md. Decimals are strings, never floats: table cells
with two decimals (or null for an empty cell), figure values exact. Objects are
written with sorted keys; order that matters (rows, columns, sections' lists)
is kept in arrays, so the same source always gives the same bytes.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .. import __version__
from ..core.diagnostics import Diagnostic
from ..core.money import format_amount
from ..core.terminal import json_safe
from ..model.derived import Derived
from ..model.figures import Figure
from ..model.tables import (
    TABLE_NAMES,
    Column,
    EconomicTable,
    Row,
    Table,
    TwoSidedTable,
    cell_key,
)

FORMAT = "jsc-model"
VERSION = 1


def exact(value: Decimal | None) -> str | None:
    """An exact decimal string without exponent ("0" for zero), or None."""
    if value is None:
        return None
    if value.is_zero():
        return "0"
    return format(value, "f")


def cell(value: Decimal | None) -> str | None:
    """A printed cell: two decimals, or None for an empty cell."""
    return None if value is None else format_amount(value)


def _column(column: Column) -> dict[str, Any]:
    return {"key": column.key, "label": column.label, "number": column.number}


def _row(table_id: str, row: Row) -> dict[str, Any]:
    # The cell's one identity, the key of its entry in "figures" (no figure for padding rows).
    figures = {k: list(cell_key(table_id, row.key, k)) for k in row.cells} if row.has_figures else {}
    return {
        "kind": row.kind,
        "key": row.key,
        "label": row.label,
        "code": row.code,
        "name": row.name,
        "line": row.line,
        "cells": {k: cell(v) for k, v in row.cells.items()},
        "figures": figures,
    }


def table_json(table: Table | TwoSidedTable | EconomicTable) -> dict[str, Any]:
    """One table: its layout kind, columns and rows."""
    if isinstance(table, TwoSidedTable):
        return {
            "layout": "two-sided",
            "name": TABLE_NAMES[table.id],
            "title": table.title,
            "income_columns": [_column(c) for c in table.income_columns],
            "expenditure_columns": [_column(c) for c in table.expenditure_columns],
            "income": [_row(table.id, r) for r in table.income],
            "expenditure": [_row(table.id, r) for r in table.expenditure],
        }
    if isinstance(table, EconomicTable):
        return {
            "layout": "economic",
            "name": TABLE_NAMES[table.id],
            "title": table.title,
            "columns": [_column(c) for c in table.columns],
            "groups": [[_row(table.id, r) for r in group] for group in table.groups],
            "totals": [_row(table.id, r) for r in table.totals],
        }
    return {
        "layout": "rows",
        "name": TABLE_NAMES[table.id],
        "title": table.title,
        "columns": [_column(c) for c in table.columns],
        "rows": [_row(table.id, r) for r in table.rows],
        "empty": table.empty,
    }


def figure_json(figure: Figure) -> dict[str, Any]:
    """A figure: key words, exact value, printed text, kind."""
    return {"key": list(figure.key), "value": exact(figure.value), "shown": figure.shown, "kind": figure.kind}


def section_json(value: object) -> Any:
    """Part three / five dataclasses as plain JSON values; a figure is {"value", "shown"}
    (the same figure, with its key and kind, is in the "figures" list)."""
    if isinstance(value, Figure):
        return {"value": exact(value.value), "shown": value.shown}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: section_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [section_json(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): section_json(v) for k, v in value.items()}
    if isinstance(value, Decimal):
        return exact(value)
    return value


def model(derived: Derived, source: str, diagnostics: list[Diagnostic] | tuple[Diagnostic, ...] = ()) -> dict[str, Any]:
    """The whole export as a JSON-ready dict."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "jsc_version": __version__,
        "source": source,
        "department": derived.department,
        "short_name": derived.short_name,
        "year": derived.year,
        "unit": "万元",
        "source_unit": derived.source_unit.value,
        "tables": {t.id: table_json(t) for t in derived.tables.all()},
        "figures": [figure_json(derived.figures[k]) for k in sorted(derived.figures)],
        "sections": {"part3": section_json(derived.part3), "part5": section_json(derived.part5)},
        "adjusted_cells": [
            {"table": c.table, "row": c.row, "column": c.column, "exact": exact(c.exact), "shown": cell(c.shown)}
            for c in derived.adjusted_cells
        ],
        "kept_figures": [
            {"key": list(k.key), "computed": exact(k.computed), "stated": exact(k.stated), "line": k.span.line}
            for k in derived.kept
        ],
        "balanced_figures": [
            {"key": list(b.key), "computed": exact(b.computed), "printed": exact(b.printed), "other": list(b.other)}
            for b in derived.balanced
        ],
        "diagnostics": [d.to_json() for d in diagnostics],
    }


def dumps(payload: dict[str, Any]) -> str:
    """Deterministic text: sorted keys, two-space indent, UTF-8 characters kept, final newline."""
    return json_safe(json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True)) + "\n"


def export_json(derived: Derived, source: str, diagnostics: list[Diagnostic] | tuple[Diagnostic, ...] = ()) -> str:
    """The export as JSON text."""
    return dumps(model(derived, source, diagnostics))
