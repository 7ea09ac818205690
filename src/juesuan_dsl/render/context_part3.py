"""Context for part three (情况说明): the derived figures and the source texts, as they are.

The layout words them: its parts/part3.typ.j2 decides which sections exist, in
which order and under which headings, and calls the sentence patterns of its
wording.j2 through `say` (render/wording_env.py). Nothing here composes text.

Context shape:
  derived             derived.part3 (model/derived.py PartThree)
  state_capital       八's 年初结转和结余, 本年收入, 年末结转和结余 (carry_in, income,
                      carry_out: table 04's figures, None when the table has no such cell)
  performance_texts   the source's 预算绩效 texts (管理情况, 项目评价结论 …)
  overall_texts       the source's 整体自评 texts (整体绩效情况, 存在问题 …)
  overall_report      whether the source has an 整体自评 (so part five has its report)
  other               the source's 其他 text (None when not written)
"""

from __future__ import annotations

from ..model.derived import Derived
from ..model.figures import Figure
from ..model.report import Report
from ..model.tables import cell_key


def _state_capital_balances(derived: Derived) -> dict[str, Figure | None]:
    """八's balances: table 08 has spending only, so these are table 04's 国有资本经营 column."""
    fund = "国有资本经营"
    return {
        "carry_in": derived.figures.get(cell_key("04", "年初财政拨款结转和结余", fund)),
        "income": derived.figures.get(cell_key("04", fund, fund)),
        "carry_out": derived.figures.get(cell_key("04", "年末财政拨款结转和结余", fund)),
    }


def part_three_context(report: Report, derived: Derived) -> dict[str, object]:
    """The part-three context (see the module docstring for its shape)."""
    return {
        "derived": derived.part3,
        "state_capital": _state_capital_balances(derived),
        "performance_texts": report.performance_texts,
        "overall_texts": report.overall.texts,
        "overall_report": report.overall.span is not None,
        "other": report.other_text,
    }
