"""`jsc diff` output: aligned text for a terminal, Markdown for a pull-request comment, versioned JSON.

Text columns are aligned by display width (a Chinese character takes two
cells, source.display_width); colours only when the caller asks (a terminal,
no NO_COLOR). The JSON is documented in docs/year-over-year.md.
"""

from __future__ import annotations

import json
from decimal import Decimal

from .. import __version__
from ..core.money import format_amount, round_half_up
from ..core.source import display_width
from ..core.terminal import json_safe, shown_name
from ..tools.semdiff import ADDED, CHANGED, REMOVED, SECTIONS, Amount, SemDiff

DIFF_FORMAT, DIFF_VERSION = "jsc-diff", 1
STATUS = {ADDED: "新增", REMOVED: "删除", CHANGED: "变动"}
_COLOURS = {ADDED: "\x1b[32m", REMOVED: "\x1b[31m", CHANGED: "\x1b[33m", "+": "\x1b[32m", "-": "\x1b[31m"}
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"
ABSENT = "—"


# --- shared wording ------------------------------------------------------------------


def _number(value: Decimal | None, count: bool) -> str:
    if value is None:
        return ABSENT
    return str(int(value)) if count else format_amount(value)


def _signed(a: Amount) -> str:
    text = _number(a.delta, a.count)
    return text if text.startswith("-") or round_half_up(a.delta, 2) == 0 else "+" + text


def _rate(a: Amount) -> str:
    if a.status != CHANGED or a.rate is None:
        return ""
    value = round_half_up(a.rate, 1)
    return ("+" if value > 0 else "") + f"{value:f}%"


def column_names(diff: SemDiff) -> tuple[str, str]:
    """Headings of the two value columns: the years, or 旧 / 新 for two versions of one year."""
    a, b = diff.old.report.year, diff.new.report.year
    return (str(a), str(b)) if a != b else ("旧", "新")


def _side(diff: SemDiff, which: str) -> str:
    side = diff.old if which == "old" else diff.new
    return f"{shown_name(side.label)}（{side.report.year} 年度）"


def _counts(diff: SemDiff, section: str) -> str:
    found = diff.section(section)
    parts = [f"{STATUS[s]} {n}" for s in (ADDED, REMOVED, CHANGED) if (n := sum(a.status == s for a in found))]
    return f"比较 {diff.compared.get(section, 0)} 个数，" + "，".join(parts)


def summary(diff: SemDiff) -> str:
    if diff.empty:
        return "没有不同。"
    parts = []
    if diff.header:
        parts.append(f"文件头 {len(diff.header)} 处")
    if diff.amounts:
        parts.append(f"数字 {len(diff.amounts)} 处")
    if diff.texts:
        parts.append(f"文字 {len(diff.texts)} 处")
    return "共有不同：" + "，".join(parts) + "。"


# --- text ------------------------------------------------------------------------------


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def _table(rows: list[list[str]], numeric_from: int, paint=None) -> list[str]:
    """Rows of cells aligned by display width; cells from `numeric_from` on are right-aligned."""
    widths = [max(display_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [_pad(c, widths[i], right=i >= numeric_from) for i, c in enumerate(row)]
        line = "  ".join(cells).rstrip()
        lines.append("  " + (paint(n, row, line) if paint else line))
    return lines


def format_diff(diff: SemDiff, colour: bool = False) -> str:
    """The diff for a terminal."""

    def c(code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if colour else text

    old_col, new_col = column_names(diff)
    out = [c(_BOLD, f"jsc diff：{_side(diff, 'old')} → {_side(diff, 'new')}"), "金额单位：万元", ""]
    if diff.header:
        out.append(c(_BOLD, "文件头"))
        out += _table([[h.field, h.old or "（无）", "→", h.new or "（无）"] for h in diff.header], 99)
        out.append("")
    for section, (title, labels) in SECTIONS.items():
        found = diff.section(section)
        if not found:
            continue
        out.append(c(_BOLD, title) + f"  （{_counts(diff, section)}）")
        rows = [["状态", *labels, old_col, new_col, "增减", "增减率"]]
        rows += [[STATUS[a.status], *a.label, _number(a.old, a.count), _number(a.new, a.count), _signed(a), _rate(a)] for a in found]

        def paint(n: int, row: list[str], line: str, found=found) -> str:
            return line if n == 0 or not colour else c(_COLOURS[found[n - 1].status], line)

        out += _table(rows, 1 + len(labels), paint)
        out.append("")
    if diff.texts:
        out.append(c(_BOLD, "文字") + f"  （{len(diff.texts)} 处）")
        for t in diff.texts:
            out.append(f"  {' '.join(t.key)}（{STATUS[t.status]}）")
            for line in t.diff:
                out.append("    " + (c(_COLOURS[line[0]], line) if colour and line[:1] in "+-" else line))
        out.append("")
    out.append(summary(diff))
    return "\n".join(out) + "\n"


# --- markdown ------------------------------------------------------------------------


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_markdown(diff: SemDiff) -> str:
    """The diff as Markdown tables (a pull-request comment); texts in collapsible diff blocks."""
    old_col, new_col = column_names(diff)
    out = [f"### jsc diff：`{shown_name(diff.old.label)}` → `{shown_name(diff.new.label)}`", "", f"金额单位：万元。{summary(diff)}", ""]
    if diff.header:
        out += ["| 文件头 | 旧 | 新 |", "|---|---|---|"]
        out += [f"| {h.field} | {_md(h.old or '（无）')} | {_md(h.new or '（无）')} |" for h in diff.header]
        out.append("")
    for section, (title, labels) in SECTIONS.items():
        found = diff.section(section)
        if not found:
            continue
        heads = ["状态", *labels, old_col, new_col, "增减", "增减率"]
        out += [f"#### {title}", "", f"{_counts(diff, section)}。", ""]
        out.append("| " + " | ".join(heads) + " |")
        out.append("|" + "---|" * (1 + len(labels)) + "---:|" * 4)
        for a in found:
            cells = [STATUS[a.status], *a.label, _number(a.old, a.count), _number(a.new, a.count), _signed(a), _rate(a)]
            out.append("| " + " | ".join(_md(x) for x in cells) + " |")
        out.append("")
    if diff.texts:
        out += [f"#### 文字（{len(diff.texts)} 处）", ""]
        for t in diff.texts:
            out += [f"<details><summary>{_md(' '.join(t.key))}（{STATUS[t.status]}）</summary>", "", "```diff", *t.diff, "```", "</details>", ""]
    return "\n".join(out).rstrip("\n") + "\n"


# --- json ------------------------------------------------------------------------------


def _dec(value: Decimal | None) -> str | None:
    """An exact value as a decimal string ("840.69"), as jsc export writes them."""
    return None if value is None else f"{value:f}"


def to_dict(diff: SemDiff) -> dict:
    """The documented, versioned JSON payload (docs/year-over-year.md)."""

    def side(s) -> dict:
        return {"label": s.label, "year": s.report.year, "department": s.report.department, "unit": s.report.unit.value}

    sections = {}
    for section in SECTIONS:
        found = diff.section(section)
        sections[section] = {
            "compared": diff.compared.get(section, 0),
            **{status: sum(a.status == status for a in found) for status in (ADDED, REMOVED, CHANGED)},
        }
    return {
        "format": DIFF_FORMAT,
        "version": DIFF_VERSION,
        "jsc_version": __version__,
        "unit": "万元",
        "old": side(diff.old),
        "new": side(diff.new),
        "identical": diff.empty,
        "summary": {"header": len(diff.header), "sections": sections, "texts": len(diff.texts)},
        "header": [{"field": h.field, "old": h.old, "new": h.new} for h in diff.header],
        "amounts": [
            {
                "section": a.section, "key": list(a.key), "label": list(a.label), "status": a.status,
                "kind": "count" if a.count else "amount", "old": _dec(a.old), "new": _dec(a.new),
                "change": _dec(a.delta), "rate": None if _rate(a) == "" else _rate(a).lstrip("+").rstrip("%"),
            }
            for a in diff.amounts
        ],
        "texts": [
            {"key": list(t.key), "status": t.status, "old": t.old, "new": t.new, "diff": list(t.diff)}
            for t in diff.texts
        ],
    }


def render_json(diff: SemDiff) -> str:
    return json_safe(json.dumps(to_dict(diff), ensure_ascii=False, indent=2)) + "\n"
