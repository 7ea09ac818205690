"""Context for part five (绩效自评). Placeholder until the part-five templates land."""

from __future__ import annotations

from ..model import Report
from ..passes.derive import Derived


def part_five_context(report: Report, derived: Derived) -> dict[str, object] | None:
    return None
