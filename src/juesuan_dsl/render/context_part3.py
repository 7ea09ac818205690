"""Context for part three (情况说明): every paragraph composed here from derived figures and source texts.

The template (templates/parts/part3.typ.j2) only places the fixed headings and
these strings; it computes and words nothing. Source texts (reasons, 管理情况 …)
are data: they are joined into plain strings and escaped by the environment.

Context shape (all values are plain strings or lists of them):
  title                         "2024年度部门决算情况说明"
  overview, income, spending    一, 二, 三
  fiscal_overview               四
  general_total, general_structure, general_budget   五（一）（二）（三） lead
  general_items                 五（三） [{title: "1、…（项）。", text: "年初预算为…"}]
  basic                         六 [lead, 人员经费, 公用经费]
  government_funds, state_capital   七, 八
  three_public_total            九（一） [total + "其中：", one paragraph per item]
  three_public_detail           九（二） [lead, 1、, 2、, 3、]
  running_cost, general_expenses, procurement, assets   十 to 十三
  performance                   十四 [{title: "（一）…", paragraphs: [...]}]
  other                         十五 paragraphs ([] leaves the section out)
"""

from __future__ import annotations

from ..core.money import paren_ordinal
from ..model.derived import Derived, PartThree
from ..model.figures import Figure
from ..model.report import Report
from . import wording as s

# 十四's sub-headings and where their text comes from (source block, key).
_PERFORMANCE_PARTS = (
    ("绩效管理工作开展情况", "预算绩效", "管理情况"),
    ("部门（单位）整体支出绩效情况", "整体自评", "整体绩效情况"),
    ("存在的问题及原因分析", "整体自评", "存在问题"),
)

# 九（二）'s first paragraph names the items in the seed's order.
_SHARE_ORDER = ("公务接待", "因公出国", "公务用车")


def general_label(p: PartThree) -> str:
    """How 五 and 六 name 一般公共预算财政拨款支出.

    The seed says "财政拨款支出": its only 财政拨款 is 一般公共预算, so the two are
    the same. When the department also has 政府性基金 or 国有资本经营 spending,
    "财政拨款支出" would understate the whole, so jsc writes the full name.
    """
    only_general = not (p.government_funds.present or p.state_capital.present)
    return "财政拨款支出" if only_general else "一般公共预算财政拨款支出"


def _general(year: int, p: PartThree) -> dict[str, object]:
    g, label = p.general, general_label(p)
    return {
        "general_total": s.general_total(year, label, g.total, g.share),
        "general_structure": s.general_structure(year, label, g.total.current, ((c.name, c.amount, c.share) for c in g.categories)),
        "general_budget": s.general_budget(year, label, g.budget, g.total.current, g.completion, bool(g.items)),
        "general_items": [
            {
                "title": s.item_title(n, i.category_name, i.section_name, i.name),
                "text": s.item_budget(i.budget, i.actual, i.completion, i.direction, i.reason),
            }
            for n, i in enumerate(g.items, 1)
        ],
    }


def _state_capital_balances(derived: Derived) -> tuple[Figure | None, Figure | None, Figure | None]:
    """八's 年初结转和结余, 本年收入, 年末结转和结余: table 08 has spending only, so these
    are table 04's 国有资本经营 column (None when that table has no such cell)."""
    fund = "国有资本经营"
    return (
        derived.figure("document", "财政拨款收支总表", "年初财政拨款结转和结余", fund),
        derived.figure("document", "财政拨款收支总表", fund, fund),
        derived.figure("document", "财政拨款收支总表", "年末财政拨款结转和结余", fund),
    )


def _basic(year: int, p: PartThree) -> list[str]:
    b = p.basic
    label = general_label(p).replace("支出", "基本支出")
    return [
        s.basic_lead(year, label, b.total),
        s.basic_part(b.personnel.name, b.personnel.amount, b.personnel.share, b.personnel_names),
        s.basic_part(b.public.name, b.public.amount, b.public.share, b.public_names),
    ]


def _three_public(year: int, p: PartThree) -> dict[str, list[str]]:
    tp = p.three_public
    items = {line.key: line for line in tp.items}
    lines = {**items, "公务用车": tp.cars}
    total = s.three_public_line("“三公”经费财政拨款支出", tp.total) + "其中："
    return {
        "three_public_total": [total] + [s.three_public_line(f"{line.name}支出", line) for line in tp.items],
        "three_public_detail": [
            s.three_public_shares(year, (lines[k] for k in _SHARE_ORDER)),
            s.trip_detail(1, items["因公出国"], tp.trip_groups, tp.trip_persons),
            s.reception_detail(2, items["公务接待"], tp.reception_batches, tp.reception_persons),
            s.cars_detail(3, year, tp.cars, items["公务用车购置"], items["公务用车运行"], tp.vehicles),
        ],
    }


def _comma_of(text: str) -> str:
    """The comma a department's own text uses: "," when it writes only half-width commas, else "，"."""
    return "," if "," in text and "，" not in text else "，"


def _performance(report: Report, p: PartThree) -> list[dict[str, object]]:
    """十四: the sub-sections whose text is given, numbered in order.

    （一） is the 管理情况 text; its last paragraph goes on with the generated list
    of evaluated projects and, when the document has a part five, the pointer to it.
    """
    texts = {"预算绩效": report.performance_texts, "整体自评": report.overall.texts}
    found = []
    for title, block, key in _PERFORMANCE_PARTS:
        paragraphs = s.paragraphs(texts[block].get(key))
        if key == "管理情况":
            own = texts[block].get(key) or ""
            tail = "".join(x for x in (
                s.evaluated_projects(p.evaluated, p.evaluated_count, report.performance_texts.get("项目评价结论"), _comma_of(own)),
                "部门整体支出绩效评价报告详见第五部分。" if report.overall.span is not None else None,
            ) if x)
            if tail and paragraphs:
                paragraphs[-1] = s.end(paragraphs[-1]) + tail
            elif tail:
                paragraphs = [tail]
        if paragraphs:
            found.append({"title": f"{paren_ordinal(len(found) + 1)}{title}", "paragraphs": paragraphs})
    return found


def part_three_context(report: Report, derived: Derived) -> dict[str, object]:
    """The part-three context (see the module docstring for its shape)."""
    year, p = report.year, derived.part3
    gf, sc = p.government_funds, p.state_capital
    return {
        "title": f"{year}年度部门决算情况说明",
        "overview": s.overview(year, p.overview),
        "income": s.composition(year, "收入合计", p.income.total, ((x.name, x.amount, x.share) for x in p.income.parts)),
        "spending": s.composition(year, "支出合计", p.spending.total, ((x.name, x.amount, x.share) for x in p.spending.parts)),
        "fiscal_overview": s.fiscal_overview(year, p.fiscal_overview),
        **_general(year, p),
        "basic": _basic(year, p),
        "government_funds": s.fund(year, "政府性基金", gf.present, gf.spending, gf.basic, gf.project, gf.carry_in, gf.income, gf.carry_out),
        "state_capital": s.fund(year, "国有资本经营", sc.present, sc.spending, sc.basic, sc.project, *_state_capital_balances(derived)),
        **_three_public(year, p),
        "running_cost": s.running_cost(year, p.running_cost),
        "general_expenses": s.general_expenses(year, p.meeting_fee, p.training_fee),
        "procurement": s.procurement(year, p.procurement),
        "assets": s.assets(year, p.assets),
        "performance": _performance(report, p),
        "other": s.paragraphs(report.other_text),
    }
