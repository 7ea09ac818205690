"""What a batch build shows: a progress line on a terminal, the diagnostics, and a summary table.

The table lines up under Chinese file names (columns are padded by display
width: a CJK character takes two cells).
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from typing import IO

from ..core.source import display_width
from ..core.terminal import shown_name
from .pool import Outcome

STATUS_OK = "完成"  # a finished document
STATUS_DRAFT = "草稿"  # written, marked 草稿: something is still open
STATUS_FAILED = "失败"
HEADERS = ("文件", "结果", "错误", "警告", "页数", "用时")


class Progress:
    """A one-line progress bar redrawn in place with \\r: `[#####-----] 37/100 d037.jsl`.

    Only for a terminal; the caller decides (a log file gets no bar at all).
    """

    def __init__(self, stream: IO[str], total: int) -> None:
        self.stream = stream
        self.total = total
        self.shown = False

    def update(self, done: int, label: str = "") -> None:
        width = shutil.get_terminal_size((80, 20)).columns - 1
        bar_cells = max(10, min(30, width // 3))
        filled = bar_cells * done // max(1, self.total)
        head = f"[{'#' * filled}{'-' * (bar_cells - filled)}] {done}/{self.total} "
        line = head + _fit(shown_name(label), max(0, width - display_width(head)))
        self.stream.write("\r" + line + " " * max(0, width - display_width(line)))
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        """Blank the line (before other output, and at the end)."""
        if self.shown:
            width = shutil.get_terminal_size((80, 20)).columns - 1
            self.stream.write("\r" + " " * width + "\r")
            self.stream.flush()
            self.shown = False


def _fit(text: str, cells: int) -> str:
    """text cut to at most `cells` display cells, keeping its end (the file name) with a leading …."""
    if display_width(text) <= cells:
        return text
    out = ""
    for ch in reversed(text):
        if display_width(out + ch) + 1 > cells:
            break
        out = ch + out
    return "…" + out if cells > 0 else ""


def _pad(text: str, cells: int, right: bool = False) -> str:
    gap = " " * max(0, cells - display_width(text))
    return gap + text if right else text + gap


def summary_table(outcomes: Sequence[Outcome]) -> list[str]:
    """The table rows as lines: file, status, errors, warnings, pages, seconds."""
    rows = [
        (
            shown_name(o.source),
            (STATUS_DRAFT if o.draft else STATUS_OK) if o.ok else STATUS_FAILED,
            str(o.errors),
            str(o.warnings),
            str(o.pages) if o.pages is not None else "-",
            f"{o.seconds:.1f}s",
        )
        for o in outcomes
    ]
    widths = [max(display_width(cell) for cell in column) for column in zip(HEADERS, *rows)]
    lines = []
    for row in (HEADERS, *rows):
        cells = [_pad(cell, widths[i], right=i >= 2) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return lines


def totals_line(outcomes: Sequence[Outcome], seconds: float, workers: int) -> str:
    """The last line: how many were built and failed, the wall time and documents per second."""
    ok = sum(o.ok for o in outcomes)
    drafts = sum(o.ok and o.draft for o in outcomes)
    failed = len(outcomes) - ok
    rate = ok / seconds if seconds > 0 else 0.0
    return (
        f"共 {len(outcomes)} 个文件：完成 {ok - drafts} 个，草稿 {drafts} 个，失败 {failed} 个；"
        f"用时 {seconds:.1f} 秒（{workers} 个进程），每秒 {rate:.2f} 份。"
    )
