"""Context for part two (the nine tables). Placeholder until the table templates land."""

from __future__ import annotations

from ..model import Report
from ..passes.derive import Derived


def tables_context(report: Report, derived: Derived) -> dict[str, object] | None:
    return None
