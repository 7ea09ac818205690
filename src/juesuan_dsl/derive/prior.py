"""The linked prior-year file (上年 "….jsl"): load and compile it, then lend its figures to this year.

`link_prior` finds this year's `上年` line, checks the path with the rules of
包含 (relative to the file that writes it, inside the project, a .jsl file,
not the file itself), then checks and derives the prior file — without
following *its* 上年 line, so there are no chains and no cycles. Its own
problems become one diagnostic at the 上年 line naming the file and the count.

`apply_prior` writes the prior figures into this year's model where the source
states none. Precedence: **a figure written in this year's file wins** (it may
be last year's *published* number, which can differ from a recomputation by
tail errors, e.g. the seed's "三公" 9.00 against 9.01 from its items); when it
disagrees with the linked file beyond rounding, a warning shows both values and
both places. A filled-in Fact's span is the 上年 line: that is where, in this
year's file, the number comes from.

What the linked file supplies (the year-on-year figures of part three):
  收支总计, 财政拨款收支总计, 财政拨款支出 — to the 情况说明 line if written; if
      not written, a line is supplied when this year has figures (so B01-01 can
      still ask for a reason);
  机关运行经费 — when this year writes its amount;
  "三公" total — always; a "三公" item — when it writes 上年变动原因 (it is
      compared in the text) or rose from last year (so B09-03 asks why). An item
      that fell or stayed flat without a reason gets no year-on-year clause: the
      seed compares 因公出国 and 公务接待 but not the 公务用车 items;
  each 项's 上年 (per fund) — every spending row.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ..core import codes
from ..core.diagnostics import Diagnostic, Related, Severity
from ..model.figures import AMOUNT, Figure
from ..syntax.includes import Loaded, _inside, _unusable_path, display_path
from ..model.report import Fact, Report, SpendingRow, ThreePublicItem, YearOnYear
from ..core.money import Unit, format_amount, round_half_up, to_wanyuan
from .ledger import Ledger, ledger
from ..core.source import SourceFile, Span
from ..syntax.ast import Statement, Text

if TYPE_CHECKING:
    from . import Derived

NARRATIVE_TOTALS = ("收支总计", "财政拨款收支总计", "财政拨款支出")
MAX_PRIOR_LINES = 3  # lines of the prior file shown with a disagreement


@dataclass(frozen=True, slots=True)
class PriorYear:
    """The compiled prior-year file.

    shown: its display path; span: the path text on this year's 上年 line;
    report / derived: its model and figures; sources: its files, for excerpts.
    """

    shown: str
    span: Span
    report: Report
    derived: "Derived"
    sources: dict[str, SourceFile]


def prior_statement(loaded: Loaded) -> Statement | None:
    """This year's top-level 上年 "file" line (it may stand in an included header file)."""
    if loaded.document is None:
        return None
    return next((s for s in loaded.document.statements if s.kind == "上年" and s.args), None)


def link_prior(
    loaded: Loaded, main: Path, root: Path, catalogs: tuple[Path, ...] = (), report: Report | None = None,
) -> tuple[PriorYear | None, list[Diagnostic]]:
    """Load, check and derive the file named by 上年; problems are diagnostics at that line."""
    from ..pipeline import check_file

    statement = prior_statement(loaded)
    if statement is None:
        return None, []
    target = statement.args[0]
    assert isinstance(target, Text)
    at = target.span
    if _unusable_path(target.value) or not target.value.strip():
        return None, [codes.make("JSC-E0304", at, path=target.value, reason="路径为空或含有控制字符")]
    root = root.resolve()
    try:
        path, problem = _locate(target, main if at.file == loaded.main else Path(at.file), main, root)
    except OSError as exc:  # e.g. a name too long for the file system
        path, problem = None, codes.make("JSC-E0304", at, path=target.value, reason=exc.strerror or str(exc))
    except RuntimeError:  # Path.resolve() on a symbolic-link loop (Python < 3.13)
        path, problem = None, codes.make("JSC-E0304", at, path=target.value, reason="符号链接循环")
    if path is None:
        return None, [problem]
    result = check_file(path, root, catalogs, follow_prior=False)
    # Broken means its figures cannot be computed (syntax, structure, includes, catalogs).
    # Its audit findings and 核对 are its own business — and some cannot hold here at all:
    # a 核对 of its year-on-year figures needs *its* 上年 file, which is not followed.
    if result.report is None or result.derived is None:
        errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
        first = errors[0] if errors else None
        where = f"{first.span.file}:{first.span.line}:{first.span.column} " if first and first.span else ""
        hint = (f"第一个错误：{where}{first.message}。" if first else "") + f"运行 jsc check {result.path} 查看全部。"
        return None, [codes.make("JSC-E0306", at, hint=hint, path=result.path, count=len(errors))]
    prior = PriorYear(result.path, at, result.report, result.derived, dict(result.sources))
    return prior, _header_problems(report, prior) if report is not None else []


def _locate(target: Text, writer: Path, main: Path, root: Path) -> tuple[Path | None, Diagnostic | None]:
    """The prior file's path by the rules of 包含, or the diagnostic that says why not."""
    at = target.span
    path = (writer.resolve().parent / target.value).resolve()
    if not _inside(path, root):
        return None, codes.make("JSC-E0302", at, path=target.value, root=display_path(root))
    if path == main.resolve():
        return None, codes.make("JSC-E0308", at, path=target.value)
    if not path.exists():
        return None, codes.make("JSC-E0301", at, path=target.value)
    if path.is_dir():
        return None, codes.make("JSC-E0304", at, path=target.value, reason="这是一个目录")
    if path.suffix.lower() != ".jsl":
        return None, codes.make("JSC-E0307", at, path=target.value)
    return path, None


def _header_problems(report: Report, prior: PriorYear) -> list[Diagnostic]:
    found = []
    if report.year and prior.report.year != report.year - 1:
        found.append(codes.make("JSC-W0503", prior.span, path=prior.shown, found=prior.report.year, expected=report.year - 1))
    if prior.report.department != report.department:
        found.append(codes.make("JSC-W0504", prior.span, path=prior.shown, found=prior.report.department, this=report.department))
    return found


# --- lending the prior figures to this year's model ---------------------------------------


class _Lender:
    """Compares and fills one report's prior facts from a PriorYear, collecting warnings."""

    def __init__(self, report: Report, prior: PriorYear) -> None:
        self.report, self.prior = report, prior
        self.unit = report.unit
        self.half = Decimal("0.005") if report.unit is Unit.WANYUAN else Decimal(0)
        self.diagnostics: list[Diagnostic] = []

    @cached_property
    def ledger(self) -> Ledger:
        return ledger(self.prior.report)

    def figure(self, *key: str) -> Figure | None:
        found = self.prior.derived.figures.get(("document", *key))
        return found if found is not None and found.value is not None else None

    def fact(self, wanyuan: Decimal) -> Fact:
        """A prior figure (万元) as a fact in this file's unit, placed at the 上年 line."""
        return Fact(wanyuan * Decimal(10000) / self.unit.factor, self.prior.span)

    def lend(self, label: str, written: Fact | None, linked: Figure | None) -> Fact | None:
        """The written fact if any (checked against the linked value), else the linked value."""
        if linked is None:
            return written
        if written is None:
            return self.fact(linked.value)
        self.compare(label, written, linked.value, linked.tolerance, linked.inputs)
        return written

    def compare(self, label: str, written: Fact, linked: Decimal, tolerance: Decimal, inputs: Iterable[Span]) -> None:
        stated = to_wanyuan(written.value, self.unit)
        if round_half_up(stated, 2) == round_half_up(linked, 2) or abs(stated - linked) <= tolerance + self.half:
            return
        related = [Related(self.prior.span, f"上年文件算出 {format_amount(linked)} 万元")]
        related += [Related(s, "上年文件中的数据") for s in list(dict.fromkeys(inputs))[:MAX_PRIOR_LINES]]
        self.diagnostics.append(codes.make(
            "JSC-W0501", written.span, related=tuple(related), what=label, written=format_amount(stated),
            linked=format_amount(linked), path=self.prior.shown, diff=format_amount(stated - linked),
        ))


def apply_prior(report: Report, prior: PriorYear) -> tuple[Report, list[Diagnostic]]:
    """This year's model with last year's figures where the source gives none (module docstring)."""
    lender = _Lender(report, prior)
    narrative = dict(report.narrative)
    has_figures = bool(report.income or report.spending)
    for key in (*NARRATIVE_TOTALS, "机关运行经费"):
        entry = narrative.get(key)
        linked = lender.figure(key)
        if entry is None:
            if key in NARRATIVE_TOTALS and has_figures and linked is not None:
                narrative[key] = YearOnYear(key, None, lender.fact(linked.value), None, prior.span)
            continue
        if key == "机关运行经费" and entry.current is None:
            continue
        narrative[key] = replace(entry, prior=lender.lend(key, entry.prior, linked))
    three = report.three_public
    items = {k: _item(lender, k, item) for k, item in three.items.items()}
    total = lender.lend("“三公”经费合计", three.prior, lender.figure("三公", "决算"))
    spending = tuple(_row(lender, row) for row in report.spending)
    enriched = replace(
        report, narrative=narrative, three_public=replace(three, items=items, prior=total), spending=spending,
    )
    return enriched, lender.diagnostics


def _item(lender: _Lender, key: str, item: ThreePublicItem) -> ThreePublicItem:
    linked = lender.figure(key, "决算")
    label = f"“三公”{key}"
    if item.prior is not None or linked is None:
        return replace(item, prior=lender.lend(label, item.prior, linked))
    actual = to_wanyuan(item.actual.value, lender.unit) if item.actual is not None else None
    rose = actual is not None and round_half_up(actual, 2) > round_half_up(linked.value, 2)
    if item.prior_reason or rose:
        return replace(item, prior=lender.fact(linked.value))
    return item


def _row(lender: _Lender, row: SpendingRow) -> SpendingRow:
    """A 项's 上年: what the prior file spent on it from the same fund (0 when it had no such line)."""
    q = lender.ledger.spent((row.fund,), row.code)
    # The prior file's own rounding: half a cent per 万元 fact summed, none for a 元 source.
    tolerance = (Decimal("0.005") if lender.prior.report.unit is Unit.WANYUAN else Decimal(0)) * len(q.spans)
    linked = Figure(("document", "项", row.code), q.value, AMOUNT, format_amount(q.value), q.spans, tolerance)
    return replace(row, prior=lender.lend(f"{row.code}（{row.fund}）", row.prior, linked))


def supplied_line_hints(diagnostics: list[Diagnostic], prior: PriorYear) -> list[Diagnostic]:
    """B01-01 findings on a year-on-year line that apply_prior supplied point at the 上年 line,
    where 原因 cannot be written: say where it goes instead."""
    from ..rules.explain import YEAR_ON_YEAR
    from ..rules.registry import BY_ID

    code = BY_ID["B01-01"].code
    result = []
    for diagnostic in diagnostics:
        if diagnostic.code == code and diagnostic.span == prior.span:
            key = next((k for k, label in YEAR_ON_YEAR.items() if label in diagnostic.message), "收支总计")
            hint = f"在“情况说明”块中写一行：{key} 原因 \"……\"（上年数由上年文件算出，不必写）。"
            diagnostic = replace(diagnostic, hint=hint)
        result.append(diagnostic)
    return result
