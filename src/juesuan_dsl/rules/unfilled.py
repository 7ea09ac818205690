"""What is still to fill in a file that `jsc new` rolled forward: `# 待填：` markers, and unscored tables.

The language has no "blank" value, so a rolled-forward file writes last year's
figure lines as comments under a marker comment such as

    # 待填：收入（公开02表；上年 15 行，见下面的注释）

`jsc check` reads the markers (comments are in the sources it already holds):
while the section named after 待填： is still empty in the model, the marker's
line gets one warning, JSC-W0502 "尚未填写：…". Sections that a completeness
check (C10-01 机关运行经费, C12-01 政府采购, C15-01 整体自评 …) already reports
get no marker: that check is the to-fill message.

One such check would be noise: C15-03 warns once per 三级指标 without 得分, so a
rolled-forward file with fifteen unscored tables would list about a hundred
lines. When whole tables are unscored, their findings become one.
"""

from __future__ import annotations

import re
from typing import Callable, Mapping

from ..core import codes
from ..core.diagnostics import Diagnostic, Related
from ..model.report import Level1, Report
from ..core.source import SourceFile, Span

MARKER = "# 待填："
_MARKER_RE = re.compile(r"^(\s*)#\s*待填[:：]\s*(\S.*?)\s*$")

# Section word after 待填： -> "is it filled?" (a file rolled forward writes exactly these).
FILLED: Mapping[str, Callable[[Report, str], bool]] = {
    "收入": lambda r, rest: bool(r.income),
    "支出": lambda r, rest: any(row.fund == rest or not rest for row in r.spending),
    "基本支出明细": lambda r, rest: bool(r.economic),
    "结转结余": lambda r, rest: r.use_non_fiscal_balance is not None or r.balance_distribution is not None,
    "三公经费": lambda r, rest: r.three_public.span is not None,
}


def marker(section: str, note: str = "") -> str:
    """The marker comment `jsc new` writes above a section's commented lines."""
    return MARKER + section + (f"（{note}）" if note else "")


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


def _indicator_spans(tree: tuple[Level1, ...]) -> list[tuple[Span, bool]]:
    return [(i.span, i.score is not None) for l1 in tree for l2 in l1.children for i in l2.indicators]


def collapse_unscored(report: Report, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The C15-03 findings of wholly unscored tables as one finding (when there are two or more)."""
    from .registry import BY_ID

    check = BY_ID["C15-03"]
    tables = [("整体自评", report.overall.indicators)] + [(f"项目“{p.name}”", p.indicators) for p in report.projects]
    empty: list[tuple[str, list[Span]]] = []
    for label, tree in tables:
        spans = _indicator_spans(tree)
        if spans and not any(scored for _, scored in spans):
            empty.append((label, [s for s, _ in spans]))
    if not empty:
        return diagnostics
    hidden = {s for _, spans in empty for s in spans}
    kept = [d for d in diagnostics if not (d.code == check.code and d.span in hidden)]
    if len(diagnostics) - len(kept) < 2:
        return diagnostics
    count = sum(len(spans) for _, spans in empty)
    names = "、".join(label for label, _ in empty[:3]) + (f"等 {len(empty)} 张表" if len(empty) > 3 else "")
    related = tuple(Related(spans[0], f"{label}的第一个指标") for label, spans in empty[1:8])
    summary = codes.make(
        check.code, empty[0][1][0], related=related, check_id=check.id,
        detail=f"尚未填写得分：{names}的三级指标都没有得分（共 {count} 个指标）",
        hint="在每个三级指标后写上 完成值 \"…\" 得分 分数。",
    )
    return kept + [summary]
