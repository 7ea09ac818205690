"""Diagnostics: findings collected by every stage, never raised to the user."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from .source import Span


class Severity(enum.Enum):
    """How serious a finding is. Only ERROR fails `jsc check` and stops `jsc build`."""

    ERROR = "error"
    WARNING = "warning"
    EXPLAIN = "explain"  # 需说明: a figure a bureau wants explained; satisfied by a reason in the source
    INFO = "info"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Severity.ERROR: "错误",
    Severity.WARNING: "警告",
    Severity.EXPLAIN: "需说明",
    Severity.INFO: "提示",
}


@dataclass(frozen=True, slots=True)
class Related:
    """A secondary location that explains a diagnostic (e.g. the other side of a check)."""

    span: Span
    note: str


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding.

    code: stable id such as JSC-E0101 (see codes.py); severity; message: Chinese,
    one sentence; span: where (None only for whole-run problems such as a
    missing file given on the command line); hint: how to fix it, or '';
    related: other lines involved; check: the audit check's id (A05-01) when an
    audit check found it, else None.
    """

    code: str
    severity: Severity
    message: str
    span: Span | None
    hint: str = ""
    related: tuple[Related, ...] = field(default=())
    check: str | None = None

    def sort_key(self) -> tuple:
        if self.span is None:  # a whole-run note (checks not run …) comes after the lines it is about
            return ("\uffff", 0, 0, self.code)
        return (self.span.file, self.span.line, self.span.column, self.code)

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "span": None if self.span is None else self.span.to_json(),
            "hint": self.hint,
            "related": [{"span": r.span.to_json(), "note": r.note} for r in self.related],
            "check": self.check,
        }


def has_errors(diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)
