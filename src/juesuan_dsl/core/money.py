"""Decimal money: parsing, units, rounding, percentages and printing — the only place that rounds.

Rules (read off the seed document, written down once here)
-----------------------------------------------------------
* Values are ``Decimal`` end to end. Every public function raises ``TypeError``
  when handed a ``float`` (or ``bool``); ``int`` is accepted because it is exact.
* Rounding is ROUND_HALF_UP in the Chinese 四舍五入 sense: ties go away from
  zero (93.49/20 = 467.45% prints "467.5%"; 2.345 -> 2.35, -2.345 -> -2.35).
  A result that rounds to zero is never printed as "-0.00".
* Amounts are in 万元. 元 are converted by dividing by 10000 *before* rounding.
* Table cells: two decimals always ("840.70", "40.00"); ``format_cell`` leaves
  zero and missing cells blank, as the seed's tables do.
* Narrative (``format_amount_narrative``): two decimals, as in the tables
  ("840.70 万元", "355.92"), except that zero prints "0" ("上级补助收入 0 万元").
* Trimmed (``format_amount_trimmed``): round to cents, then drop trailing zeros
  ("40", "3.5", "1.3", "0.13", "0"). The seed uses this in 五（三）'s per-项
  paragraphs ("年初预算为40万元") and in the 三公 per-item sentences
  ("预算为1.3万元"). The caller chooses the style per sentence.
* Percentages in the narrative (``format_percent``): a ratio that is a whole
  number *exactly* prints bare ("100%", "0%", and 0.13/1.3 -> "10%"); any other
  ratio is rounded half-up to one decimal and keeps its trailing zero
  (51.28/56.95 = 90.04% -> "90.0%"; 99.96% -> "100.0%").
* Percentages in the 绩效 project tables (``format_percent_fixed``): always a
  fixed number of decimals, two by default ("87.26%", "100.00%").
* Year-on-year wording (``change``): up is "增加 X 万元，增长 P%", down is
  "减少 X 万元，减少 P%", equal is "持平"; no rate when last year was 0. It is
  decided on the printed difference in 万元, whatever the source's unit, and it
  is the one test of "changed" for the sentence and for the audit rules alike.
* Budget against actual (``compare_printed``): "大于" / "小于" / "等于" compares
  the two printed (cent) values in 万元, for the sentence and the rules alike.
* Rounding tolerance (``fact_tolerance``, ``tolerance``): a 万元 fact with two
  decimals is a rounding of a ledger amount in 元, so it may lie half a cent
  (0.005) from the amount it stands for; a sum of n such facts n half-cents
  (XBRL Calculations 1.1). A source written in 元 is exact and allows nothing.
* Stated-versus-computed checks (``consistent``): a stated figure written with
  d decimals is consistent when the computed value rounded half-up to d
  decimals equals it, i.e. computed lies in [stated - h, stated + h) with
  h = 0.5·10^-d (the bound away from zero is open because ties round away).
* 舍位平衡 (balancing.py) is built on ``round_half_up``: largest-remainder
  rounding, one cent per part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from enum import Enum
from typing import Literal

__all__ = [
    "CENT", "HALF_CENT", "Unit", "Change", "Direction", "Comparison",
    "fact_tolerance", "tolerance", "compare_printed",
    "parse_amount", "to_wanyuan", "round_half_up",
    "format_amount", "format_cell", "format_amount_narrative", "format_amount_trimmed",
    "percent", "format_percent", "format_percent_fixed", "change",
    "decimals_of", "interval", "consistent",
    "chinese_numeral", "paren_ordinal",
]

CENT = Decimal("0.01")
HALF_CENT = Decimal("0.005")
_TEN_THOUSAND = Decimal(10000)
_PREC = 50  # working precision: far beyond any budget figure, so only quantize rounds
_AMOUNT_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")

Number = Decimal | int


def _dec(value: object, name: str = "value") -> Decimal:
    """Return ``value`` as a finite Decimal; a float is a bug, never silently converted."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise TypeError(f"{name} must be Decimal or int, not {type(value).__name__}")
    d = Decimal(value)
    if not d.is_finite():
        raise ValueError(f"{name} must be finite, got {d}")
    return d


def _places(places: object) -> int:
    if isinstance(places, bool) or not isinstance(places, int):
        raise TypeError(f"places must be int, not {type(places).__name__}")
    return places


def _ulp(places: int) -> Decimal:
    return _ULPS.get(places) or Decimal(1).scaleb(-places)


_ULPS = {p: Decimal(1).scaleb(-p) for p in range(0, 7)}
# One context for the hot paths below, instead of entering a localcontext per call
# (the 2,000-项 benchmark source rounds some 75,000 cells: that made half of derive).
_HALF_UP = Context(prec=_PREC, rounding=ROUND_HALF_UP)
_EXACT = Context(prec=_PREC)


# --- parsing and units -----------------------------------------------------------

def parse_amount(text: str) -> Decimal:
    """Parse a written amount ("840.70", "-355.92", "40") exactly, keeping its written decimals."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    s = text.strip()
    if not _AMOUNT_RE.fullmatch(s):
        raise ValueError(f"not an amount: {text!r}")
    return Decimal(s)


class Unit(Enum):
    """A money unit as written after "单位：". ``Unit("万元")`` looks one up by its text."""

    WANYUAN = "万元"
    YUAN = "元"

    @property
    def factor(self) -> Decimal:
        """How many 元 one of this unit is worth (万元 -> 10000, 元 -> 1)."""
        return Decimal(10000) if self is Unit.WANYUAN else Decimal(1)


def to_wanyuan(amount: Number, unit: Unit) -> Decimal:
    """Convert exactly to 万元 (no rounding: 元 are divided by 10000 first, rounded later)."""
    a = _dec(amount, "amount")
    if not isinstance(unit, Unit):
        raise TypeError(f"unit must be Unit, not {type(unit).__name__}")
    if unit is Unit.WANYUAN:
        return a
    return _EXACT.divide(a, _TEN_THOUSAND)


def fact_tolerance(unit: Unit) -> Decimal:
    """How far one written fact may lie from the amount it stands for, in its own unit."""
    return HALF_CENT if unit is Unit.WANYUAN else Decimal(0)


def tolerance(unit: Unit, facts: int) -> Decimal:
    """Half-width of a sum's interval: each of its ``facts`` summed facts adds its own."""
    return fact_tolerance(unit) * facts


# --- rounding and amounts --------------------------------------------------------

def round_half_up(value: Number, places: int) -> Decimal:
    """Round half away from zero to ``places`` decimals (四舍五入); never returns -0."""
    if type(value) is Decimal and type(places) is int and value.is_finite():
        v, p = value, places  # the common case, checked without the general helpers
    else:
        v, p = _dec(value), _places(places)
    r = v.quantize(_ulp(p), context=_HALF_UP)
    return r.copy_abs() if r.is_zero() else r  # "-0.00" must never reach a page


def format_amount(amount: Number) -> str:
    """Table style: always two decimals, no thousands separators ("840.70", "40.00", "0.00")."""
    return f"{round_half_up(amount, 2):f}"


def format_cell(amount: Number | None) -> str:
    """A table cell: like ``format_amount``, but zero and missing values are left blank."""
    if amount is None or round_half_up(amount, 2).is_zero():
        return ""
    return format_amount(amount)


def format_amount_narrative(amount: Number) -> str:
    """Narrative style: two decimals ("840.70", "355.92") except zero, which prints "0"."""
    r = round_half_up(amount, 2)
    return "0" if r.is_zero() else f"{r:f}"


def format_amount_trimmed(amount: Number) -> str:
    """Trimmed style: round to cents, then drop trailing zeros ("40", "3.5", "0.13", "0")."""
    s = f"{round_half_up(amount, 2):f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


# --- percentages -----------------------------------------------------------------

def percent(part: Number, whole: Number) -> Decimal | None:
    """``part / whole × 100``, unrounded (50 significant digits); None when ``whole`` is 0."""
    p, w = _dec(part, "part"), _dec(whole, "whole")
    if w.is_zero():
        return None  # no share, no completion rate: the sentence omits the clause
    with localcontext() as ctx:
        ctx.prec = _PREC
        # Decimal division is exact whenever the quotient is representable,
        # so a whole-number ratio comes out exactly integral.
        return p * 100 / w


def format_percent(p: Number, places: int = 1) -> str:
    """Narrative percent: exact whole numbers bare ("100%", "0%", "10%"), else "75.1%", "90.0%"."""
    v = _dec(p, "p")
    if v == v.to_integral_value():
        return f"{round_half_up(v, 0):f}%"
    return f"{round_half_up(v, places):f}%"


def format_percent_fixed(p: Number, places: int = 2) -> str:
    """Project-table percent: always ``places`` decimals ("87.26%", "100.00%")."""
    return f"{round_half_up(p, places):f}%"


# --- year on year ----------------------------------------------------------------

Direction = Literal["增加", "减少", "持平"]


@dataclass(frozen=True, slots=True)
class Change:
    """A year-on-year comparison, ready to be worded; templates never compute it."""

    amount: Decimal
    """Size of the difference, never negative (the X in "减少 X 万元"), unrounded."""
    rate: Decimal | None
    """``amount / |prior| × 100``, unrounded; None when the prior figure is 0."""
    direction: Direction
    """"增加", "减少" or "持平" — the verb before the amount."""

    @property
    def rate_word(self) -> str:
        """The verb before the rate and in "…的主要原因是": "增长", "减少" or "持平"."""
        return {"增加": "增长", "减少": "减少", "持平": "持平"}[self.direction]

    @property
    def signed(self) -> Decimal:
        """current − prior, with its sign."""
        return -self.amount if self.direction == "减少" else self.amount


def change(current: Number, prior: Number, unit: Unit = Unit.WANYUAN) -> Change:
    """Compare this year with last year, both in ``unit``; the result is in 万元, as printed.

    A difference that prints as 0.00 万元 counts as 持平, so a 元 source's 120 元
    against 119.97 元 is 持平 (0.01 万元 both years).
    """
    c, p = to_wanyuan(current, unit), to_wanyuan(prior, unit)
    diff = c - p
    shown = round_half_up(diff, 2)
    # Decide on the printed cents so the page never says "增加 0.00 万元".
    direction: Direction = "持平" if shown.is_zero() else ("增加" if shown > 0 else "减少")
    amount = abs(diff) if direction != "持平" else Decimal(0)
    rate = None if p.is_zero() else percent(amount, abs(p))
    return Change(amount=amount, rate=rate, direction=direction)


Comparison = Literal["大于", "小于", "等于"]


def compare_printed(actual: Number, budget: Number, unit: Unit = Unit.WANYUAN) -> Comparison:
    """大于 / 小于 / 等于: the actual figure against the budget, as both print in 万元 (cents)."""
    a, b = round_half_up(to_wanyuan(actual, unit), 2), round_half_up(to_wanyuan(budget, unit), 2)
    return "大于" if a > b else "小于" if a < b else "等于"


# --- stated versus computed --------------------------------------------------------

def decimals_of(stated: str | Decimal) -> int:
    """Decimals as written: "537.8" -> 1, "840.70" -> 2, "40" -> 0, "75.1%" -> 1."""
    if isinstance(stated, str):
        stated = parse_amount(stated.strip().removesuffix("%"))
    exp = _dec(stated, "stated").as_tuple().exponent
    assert isinstance(exp, int)  # finite, checked by _dec
    return max(0, -exp)


def interval(stated: Number, decimals: int) -> tuple[Decimal, Decimal]:
    """The values that a figure written with ``decimals`` decimals may stand for: stated ± 0.5·10^-d."""
    s, d = _dec(stated, "stated"), _places(decimals)
    half = Decimal(5).scaleb(-d - 1)
    return s - half, s + half


def meets(text: str, stated: Decimal, value: Decimal, value_tolerance: Decimal, shown: str = "") -> bool:
    """A stated figure (as written, `text`, and its value) agrees with a computed one.

    The stated figure stands for its rounding interval (840.70: 840.695 ≤ x < 840.705);
    the computed value is an interval too when its inputs were published rounded
    (`value_tolerance`, XBRL Calculations 1.1), so 840.70 stated over fifteen parts
    adding to 840.69 agrees, while 537.8 over parts adding to 537.70 does not. A stated
    figure equal to the printed one (`shown`, after 舍位平衡) always agrees.
    """
    places = decimals_of(text)
    if _same_text(text, shown, places):
        return True
    if value_tolerance == 0:
        return consistent(stated, places, value)
    half = Decimal(5).scaleb(-(places + 1))
    low, high = value - value_tolerance, value + value_tolerance
    return low < stated + half and high >= stated - half


def _same_text(stated: str, shown: str, places: int) -> bool:
    try:
        return decimals_of(shown) == places and Decimal(shown.rstrip("%")) == Decimal(stated.rstrip("%"))
    except (ArithmeticError, ValueError):
        return False


def consistent(stated: Number, decimals: int, computed: Number) -> bool:
    """True when ``computed`` rounded half-up to ``decimals`` equals ``stated`` (units must match)."""
    return round_half_up(computed, decimals) == _dec(stated, "stated")


# --- Chinese ordinals --------------------------------------------------------------

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1..99 in Chinese numerals as headings write them: 一, 十, 十一, 二十, 二十四."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"n must be int, not {type(n).__name__}")
    if not 1 <= n <= 99:
        raise ValueError(f"chinese_numeral supports 1..99, got {n}")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "十" if tens == 1 else _DIGITS[tens] + "十"  # 十一, not 一十一
    return head + (_DIGITS[ones] if ones else "")


def paren_ordinal(n: int) -> str:
    """A sub-heading ordinal in full-width parentheses: 1 -> "（一）"."""
    return f"（{chinese_numeral(n)}）"
