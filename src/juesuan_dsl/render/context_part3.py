"""Context for part three (情况说明). Placeholder until the part-three template land."""

from __future__ import annotations

from ..model import Report
from ..passes.derive import Derived


def part_three_context(report: Report, derived: Derived) -> dict[str, object] | None:
    return None
