"""What is still to fill in a file that `jsc new` rolled forward: the `# 待填：` markers.

The language has no "blank" value, so a rolled-forward file writes last year's
figure lines as comments under a marker comment such as

    # 待填：收入（公开02表；上年 15 行，见下面的注释）

`jsc check` reads the markers (comments are in the sources it already holds):
while the section named after 待填： is still empty in the model, the marker's
line gets one warning, JSC-W0502 "尚未填写：…". Sections that a completeness
check (C10-01 机关运行经费, C12-01 政府采购, C15-01 整体自评 …) already reports
get no marker: that check is the to-fill message.

(C15-03 collapses wholly unscored tables into one finding itself: rules/completeness.py.)
"""

from __future__ import annotations

import re
from typing import Callable, Mapping

from ..core import codes
from ..core.diagnostics import Diagnostic
from ..core.source import SourceFile, Span
from ..model.report import Report

MARKER = "# 待填："
_MARKER_RE = re.compile(r"^(\s*)#\s*待填[:：]\s*(\S.*?)\s*$")

# Section word after 待填： -> "is it filled?" (a file rolled forward writes exactly these).
FILLED: Mapping[str, Callable[[Report, str], bool]] = {
    "收入": lambda r, rest: bool(r.income),
    "支出": lambda r, rest: any(row.fund == rest or not rest for row in r.spending),
    "基本支出明细": lambda r, rest: bool(r.economic),
    "结转结余": lambda r, rest: any(f is not None for f in (
        r.use_non_fiscal_balance, r.balance_distribution, r.department_carry_in, r.department_carry_out,
    )),
    "三公经费": lambda r, rest: r.three_public.span is not None,
}


def marker(section: str, note: str = "") -> str:
    """The marker comment `jsc new` writes above a section's commented lines."""
    return MARKER + section + (f"（{note}）" if note else "")


def marked(sources: Mapping[str, SourceFile], section: str) -> bool:
    """Whether a source still has a `# 待填：<section>` marker (its W0502 then asks for the section)."""
    return any(
        (m := _MARKER_RE.match(line)) is not None and m.group(2).startswith(section)
        for source in sources.values() for line in source.text.split("\n")
    )


def unfilled(report: Report, sources: Mapping[str, SourceFile]) -> list[Diagnostic]:
    """JSC-W0502 at every 待填 marker whose section is still empty."""
    found = []
    for source in sources.values():
        for number, line in enumerate(source.text.split("\n"), 1):
            match = _MARKER_RE.match(line)
            if match is None:
                continue
            text = match.group(2)
            word = re.match(r"[^\s（(]+", text).group(0)
            rest = text[len(word):].split("（")[0].strip()
            filled = FILLED.get(word)
            if filled is None or filled(report, rest):
                continue
            column = len(match.group(1)) + 1
            found.append(codes.make("JSC-W0502", Span(source.path, number, column, number, len(line) + 1), section=text))
    return found
