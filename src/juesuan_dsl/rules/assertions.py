"""核对 (assertions): a stated figure is looked up among the derived figures and compared after rounding.

The rule: a figure written with d decimals stands for an interval (840.70 is
840.695 ≤ x < 840.705); the computed figure is an interval too when its inputs
were published rounded (Figure.tolerance); the 核对 holds when they meet. With
exact inputs this is money.consistent: "87.00%" accepts 86.995% ≤ x < 87.005%. Percent
figures compare in percent units; a figure jsc cannot compute (a rate against a
zero base) never matches a stated number. `说明 "…"` marks a difference the
department knows and has explained: it is reported as INFO, not as an error.
"""

from __future__ import annotations

import difflib
from decimal import Decimal
from typing import Iterable

from ..core import codes
from ..core.diagnostics import Diagnostic, Related, Severity
from ..core.money import decimals_of, meets, round_half_up
from ..core.source import Span
from ..model.derived import BalancedFigure, KeptFigure
from ..model.figures import PERCENT, Figure, Figures, figure_of
from ..model.report import Assertion
from .context import related

MISMATCH, UNKNOWN, WRONG_KIND, STALE_NOTE = "JSC-E0701", "JSC-E0702", "JSC-E0703", "JSC-W0704"  # core/codes.py
KEPT, TWO_VALUES, ZERO_OVER_ZERO, BALANCED = "JSC-I0705", "JSC-E0706", "JSC-W0707", "JSC-I0708"
EXACT_PLACES = 6  # digits shown of an exact value that does not terminate sooner


def _name(path: Iterable[str]) -> str:
    return " ".join(path)


def _label(assertion: Assertion) -> str:
    """The figure's name as messages show it, with its table when it is not the document's."""
    name = _name(assertion.path)
    if assertion.scope == "overall":
        return f"整体自评 {name}"
    if assertion.scope.startswith("project:"):
        return f"项目“{assertion.scope.removeprefix('project:')}” {name}"
    return name


def _plain(value: Decimal) -> str:
    """An exact value as far as it goes; a non-terminating one is cut at EXACT_PLACES with "…"."""
    rounded = round_half_up(value, EXACT_PLACES)
    if rounded != value:
        return f"{rounded:f}…"
    exponent = value.normalize().as_tuple().exponent
    places = max(2, -exponent if isinstance(exponent, int) else 0)
    return f"{round_half_up(value, places):f}"


def _with_unit(text: str, percent: bool) -> str:
    return f"{text}%" if percent else text


def _near(assertion: Assertion, figures: Figures) -> str:
    names = [_name(key[1:]) for key in figures if key and key[0] == assertion.scope]
    close = difflib.get_close_matches(_name(assertion.path), names, n=3, cutoff=0.4)
    if not close:
        return ""
    return "是否想写：" + "、".join(f"核对 {c}" for c in close) + "？"


def check_assertion(assertion: Assertion, figures: Figures) -> Diagnostic | None:
    """One 核对: None when it holds (and has no stale 说明), else the diagnostic."""
    name = _label(assertion)
    figure = figure_of(assertion, figures)
    if figure is None:
        near = _near(assertion, figures)
        hint = (near + codes.ASSERTION_NAMES_HINT) if near else None
        return codes.make(UNKNOWN, assertion.span, hint=hint, name=name)
    is_percent = figure.kind == PERCENT
    if assertion.is_percent != is_percent:
        return codes.make(
            WRONG_KIND, assertion.span, name=name,
            kind="百分数" if is_percent else "金额或分数",
            written="金额" if is_percent else "百分数",
            fix=f"写作 {assertion.text}%。" if is_percent else f"去掉“%”，写作 {assertion.text.rstrip('%')}。",
        )
    if _holds(assertion, figure):
        if assertion.note is not None:
            return codes.make(STALE_NOTE, assertion.span, name=name)
        return None
    if figure.value is None and assertion.is_percent and assertion.stated == 0 and assertion.note is None:
        # 0% over a zero base: undefined, but what real documents print (上海: 完成预算的0%)
        return codes.make(ZERO_OVER_ZERO, assertion.span, name=name, stated=assertion.text)
    return _mismatch(assertion, figure, name)


def _holds(assertion: Assertion, figure: Figure) -> bool:
    """The stated figure's rounding interval meets the computed figure's interval (money.meets)."""
    if figure.value is None:
        return False
    return meets(assertion.text, assertion.stated, figure.value, figure.tolerance, figure.shown)


def _mismatch(assertion: Assertion, figure: Figure, name: str) -> Diagnostic:
    percent = figure.kind == PERCENT
    places = decimals_of(assertion.text)
    if figure.value is None:
        computed, diff = "无（基数为 0，算不出）", "—"
    else:
        computed = f"{_with_unit(_plain(figure.value), percent)}（印出为 {figure.shown}）"
        difference = assertion.stated - round_half_up(figure.value, places)
        diff = f"{difference:+f}" + ("个百分点" if percent else "")
    diagnostic = codes.make(
        MISMATCH, assertion.span, related=related(figure.inputs, "计算依据"),
        name=name, stated=assertion.text, computed=computed, diff=diff,
    )
    if assertion.note is None:
        return diagnostic
    return Diagnostic(
        codes.note_code(diagnostic.code), Severity.INFO, f"{diagnostic.message}（已说明：{assertion.note}）",
        diagnostic.span, "", diagnostic.related,
    )


def check_assertions(
    assertions: Iterable[Assertion], figures: Figures, kept: Iterable[KeptFigure] = (),
    conflicts: Iterable[tuple[Span, str, Span, str]] = (),
) -> list[Diagnostic]:
    """Every 核对 of the report against the derived figures, in source order; a note for each
    published figure kept in place of its parts' sum (a rounding difference, never silent); an
    error for a figure stated twice with two values (the second 核对, with the first as related)."""
    seconds = {second: (first, first_text, text) for first, first_text, second, text in conflicts}
    found: list[Diagnostic | None] = []
    for assertion in assertions:
        if assertion.span in seconds:
            first, first_text, text = seconds[assertion.span]
            found.append(codes.make(
                TWO_VALUES, assertion.span, related=(Related(first, f"这里写的是 {first_text}"),),
                name=_label(assertion), stated=text, first=first_text, line=first.line,
            ))
        else:
            found.append(check_assertion(assertion, figures))
    for figure in kept:
        found.append(_kept_note(figure))  # None: the stated figure is what its parts round to anyway
    return sorted((d for d in found if d is not None), key=lambda d: (d.span.file, d.span.line) if d.span else ("", 0))


def balanced_notes(balanced: Iterable[BalancedFigure]) -> list[Diagnostic]:
    """提示: a 总表 side printed with the other side's value (a rounding difference, never silent)."""
    return [
        codes.make(
            BALANCED, b.inputs[0] if b.inputs else None, related=related(b.inputs, "各部分"),
            name=_name(b.key[1:]), computed=f"{b.computed:f}", other=_name(b.other[1:]), printed=f"{b.printed:f}",
        )
        for b in balanced
    ]


def _kept_note(kept: KeptFigure) -> Diagnostic | None:
    """提示: a published figure that differs from its parts by a rounding amount is printed as published."""
    percent = kept.kind == PERCENT
    places = 2 if not percent else max(-kept.stated.as_tuple().exponent, 0)
    computed = round_half_up(kept.computed, places)
    diff = kept.stated - computed
    if diff == 0:
        return None
    return codes.make(
        KEPT, kept.span, related=related(kept.inputs, "各部分"),
        name=_name(kept.key[1:]) if kept.key and kept.key[0] == "document" else _name(kept.key),
        stated=_with_unit(f"{kept.stated:f}", percent), computed=_with_unit(f"{computed:f}", percent),
        diff=f"{diff:+f}" + ("个百分点" if percent else ""),
    )
