"""Sentence builders for part three (情况说明): derived figures in, plain Chinese sentences out.

Every function returns plain text; the Jinja environment escapes it. Numbers are
always a Figure's `shown` (money.py has already chosen the digits), and the
words of a comparison (增加/减少/持平, 增长, 大于/小于) are the ones derive gives.
The wording follows the seed (DOMAIN.md "Part three"); a branch the seed does not
show (an increase, a 持平, a zero base, a missing reason) uses the nearest
published pattern and is named in the function's docstring.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..model.derived import AssetsSection, ProcurementSection, ThreePublicLine, YoY
from ..model.figures import Figure

_FINAL = "。！？!?"
_SOFT_END = "。；;，,、 \u3000\n"
_ZERO = re.compile(r"-?0(\.0+)?")


def end(text: str) -> str:
    """A text as the end of a sentence: it keeps a final 。！？ (also before a closing quote);
    otherwise a trailing ；，、 is dropped and "。" added."""
    text = text.strip()
    if not text or text[-1] in _FINAL or (len(text) > 1 and text[-1] in "”’\"" and text[-2] in _FINAL):
        return text
    text = clause(text)
    return text + "。" if text else ""


def clause(text: str) -> str:
    """A text inside a sentence: trailing 。；，、 removed (a clause goes on with "，")."""
    return text.strip().rstrip(_SOFT_END)


def wan(figure: Figure | str) -> str:
    """An amount with its unit: "840.69万元". A table cell's zero ("0.00") reads "0" in a
    sentence, as in the seed's narrative ("上级补助收入0万元")."""
    shown = figure.shown if isinstance(figure, Figure) else figure
    return f"{'0' if _ZERO.fullmatch(shown) else shown}万元"


def defined(figure: Figure | None) -> bool:
    """Whether a percentage exists (a share of a zero total or a rate on a zero base does not)."""
    return figure is not None and figure.value is not None and figure.shown != ""


def sentence(clauses: Iterable[str | None]) -> str:
    """Clauses joined with "，" into one sentence ending in "。" (empty clauses dropped)."""
    return end("，".join(c for c in clauses if c))


def paragraphs(text: str | None) -> list[str]:
    """A source text split into paragraphs at blank lines; line breaks inside one are dropped."""
    if not text:
        return []
    return [p.replace("\n", "").strip() for p in text.split("\n\n") if p.strip()]


# --- year on year ------------------------------------------------------------------


def yoy_with_cause(yoy: YoY, subject: str = "") -> str | None:
    """一、四、五（一）: "与上年相比，[subject]减少355.93万元，减少29.7%，主要是因为<reason>".

    None without a prior figure (no comparison clause). 持平 reads "与上年持平。";
    a zero prior has no rate ("与上年相比，增加5.38万元，…"); without a reason the
    sentence ends after the rate. The result ends in "。" (the reason's own
    punctuation is kept, as the seed's reasons are full sentences).
    """
    if yoy.prior is None or yoy.direction is None:
        return None
    if yoy.direction == "持平":
        return "与上年持平。"
    parts = [f"与上年相比，{subject}{yoy.direction}{wan(yoy.amount_shown)}"]
    if yoy.rate_shown:
        parts.append(f"{yoy.rate_word}{yoy.rate_shown}")
    if yoy.reason and yoy.reason.strip():
        parts.append("主要是因为" + end(yoy.reason))
    return sentence(parts)


def yoy_three_public(yoy: YoY) -> str | None:
    """九（一）: "与上年相比增加4.27万元，增长90.1%，增长的主要原因是<reason>" (no final "。").

    None without a prior; "与上年持平" when equal; no rate on a zero prior
    ("与上年相比增加5.38万元，增长的主要原因是…", as the seed's 因公出国 line).
    """
    if yoy.prior is None or yoy.direction is None:
        return None
    if yoy.direction == "持平":
        return "与上年持平"
    parts = [f"与上年相比{yoy.direction}{wan(yoy.amount_shown)}"]
    if yoy.rate_shown:
        parts.append(f"{yoy.rate_word}{yoy.rate_shown}")
    if yoy.reason and clause(yoy.reason):
        parts.append(f"{yoy.rate_word}的主要原因是{clause(yoy.reason)}")
    return "，".join(parts)


# --- sections 一 to 六 ----------------------------------------------------------------


def overview(year: int, yoy: YoY) -> str:
    """一: "2024年度收、支总计840.69万元。与上年相比，减少355.93万元，减少29.7%，主要是因为…"."""
    head = f"{year}年度收、支总计{wan(yoy.current)}。"
    return head + (yoy_with_cause(yoy) or "")


def fiscal_overview(year: int, yoy: YoY) -> str:
    """四: "2024年度财政拨款收、支总计840.69万元，与上年相比，减少…，主要是因为…".

    The seed writes "万元,减少29.7%" here with a half-width comma; jsc writes "，"
    as everywhere else.
    """
    tail = yoy_with_cause(yoy)
    head = f"{year}年度财政拨款收、支总计{wan(yoy.current)}"
    return head + ("，" + tail if tail else "。")


def composition(year: int, what: str, total: Figure, parts: Iterable[tuple[str, Figure, Figure]]) -> str:
    """二 / 三: "2024年度收入合计X万元，其中：财政拨款收入a万元，占100%；上级补助收入0万元，占0%；…"

    Every part is listed, zeros included; a share is left out only when the
    total is 0 (no share exists).
    """
    items = []
    for name, amount, share in parts:
        items.append(f"{name}{wan(amount)}" + (f"，占{share.shown}" if defined(share) else ""))
    return f"{year}年度{what}{wan(total)}，其中：" + "；".join(items) + "。"


def general_total(year: int, label: str, yoy: YoY, share: Figure) -> str:
    """五（一）: "2024年度财政拨款支出X万元，占本年支出合计的100%，与上年相比，财政拨款支出减少…"."""
    head = f"{year}年度{label}{wan(yoy.current)}"
    if defined(share):
        head += f"，占本年支出合计的{share.shown}"
    tail = yoy_with_cause(yoy, subject=label)
    return head + ("，" + tail if tail else "。")


def general_structure(year: int, label: str, total: Figure, categories: Iterable[tuple[str, Figure, Figure]]) -> str:
    """五（二）: "2024年度财政拨款支出X万元，主要用于以下方面：一般公共服务支出a万元，占80.3%；…"."""
    items = [f"{name}{wan(amount)}" + (f"，占{share.shown}" if defined(share) else "") for name, amount, share in categories]
    if not items:
        return f"{year}年度{label}{wan(total)}。"
    return f"{year}年度{label}{wan(total)}，主要用于以下方面：" + "；".join(items) + "。"


def general_budget(year: int, label: str, budget: Figure, actual: Figure, completion: Figure, items: bool = True) -> str:
    """五（三） lead: "2024年度财政拨款支出年初预算数为863.40万元，支出决算数为X万元，完成年初预算的97.4%，其中："
    (ends in "。" when no 项 follows)."""
    parts = [f"{year}年度{label}年初预算数为{wan(budget)}", f"支出决算数为{wan(actual)}"]
    if defined(completion):
        parts.append(f"完成年初预算的{completion.shown}")
    return "，".join(parts) + ("，其中：" if items else "。")


def item_title(number: int, category: str, section: str, item: str) -> str:
    """五（三） per 项: "1、一般公共服务支出（类）档案事务（款）行政运行（项）。".

    A 类 or 款 whose name is unknown (derive then gives its bare code, e.g.
    "21299") is left out rather than printed as a number: "1、城乡社区支出（类）X（项）。".
    The 类 name is the catalog's ("一般公共服务支出"; the seed twice writes "一般公共服务（类）").
    """
    parts = [f"{name}（{level}）" for name, level in ((category, "类"), (section, "款"), (item, "项")) if name and not name.isdigit()]
    return f"{number}、" + "".join(parts) + "。"


def item_budget(budget: Figure, actual: Figure, completion: Figure, direction: str, reason: str | None) -> str:
    """五（三） per 项: "年初预算为147.20万元，支出决算为145.09万元，完成年初预算的98.6%，决算数小于年初预算数的主要原因是：…".

    No completion rate when the budget is 0; no reason clause when the two are
    equal (等于) or when no reason is written.
    """
    parts = [f"年初预算为{wan(budget)}", f"支出决算为{wan(actual)}"]
    if defined(completion):
        parts.append(f"完成年初预算的{completion.shown}")
    if direction in ("大于", "小于") and reason and clause(reason):
        parts.append(f"决算数{direction}年初预算数的主要原因是：" + end(reason))
    return sentence(parts)


def basic_lead(year: int, label: str, total: Figure) -> str:
    """六: "2024年度财政拨款基本支出631.10万元，其中："."""
    return f"{year}年度{label}{wan(total)}，其中："


def basic_part(name: str, amount: Figure, share: Figure, names: Iterable[str]) -> str:
    """六: "人员经费544.19万元，占基本支出的86.3%，主要包括基本工资、津贴补贴、…。"

    The list is the economic 款 with spending in table 06 (so it follows the
    table, which may differ from a hand-written list).
    """
    listed = "、".join(names)
    return sentence([
        f"{name}{wan(amount)}",
        f"占基本支出的{share.shown}" if defined(share) else None,
        f"主要包括{listed}" if listed else None,
    ])


def fund(year: int, fund_name: str, present: bool, spending: Figure, basic: Figure, project: Figure,
         carry_in: Figure | None = None, income: Figure | None = None, carry_out: Figure | None = None) -> str:
    """七 / 八. Without such spending the seed's "本单位无政府性基金收支。" / "本单位无国有资本经营预算收支。".
    Otherwise (jsc's wording; the seed has none), fund_name 政府性基金 or 国有资本经营:
    "2024年度政府性基金预算财政拨款年初结转和结余a万元，本年收入b万元，本年支出c万元，
    其中：基本支出d万元、项目支出e万元，年末结转和结余f万元。"; without the carry-overs
    and income (not given): "2024年度…预算财政拨款支出c万元，其中：基本支出d万元、项目支出e万元。"."""
    if not present:
        return "本单位无政府性基金收支。" if fund_name == "政府性基金" else f"本单位无{fund_name}预算收支。"
    split = f"其中：基本支出{wan(basic)}、项目支出{wan(project)}"
    if carry_in is None or income is None or carry_out is None:
        return f"{year}年度{fund_name}预算财政拨款支出{wan(spending)}，{split}。"
    return (
        f"{year}年度{fund_name}预算财政拨款年初结转和结余{wan(carry_in)}，本年收入{wan(income)}，"
        f"本年支出{wan(spending)}，{split}，年末结转和结余{wan(carry_out)}。"
    )


# --- section 九 三公 ---------------------------------------------------------------------


def three_public_line(subject: str, line: ThreePublicLine) -> str:
    """九（一）: "<subject>预算为1.3万元，支出决算为0.13万元，完成预算的10%，决算数小于预算数的主要原因是…，
    与上年相比减少0.61万元，减少82.4%，减少的主要原因是…。".

    subject: "“三公”经费财政拨款支出" for the total, "<item name>支出" for an item.
    No completion rate on a zero budget, no reason when equal or not written,
    no year-on-year clause without last year's figure.
    """
    return sentence([
        f"{subject}预算为{wan(line.budget)}",
        f"支出决算为{wan(line.actual)}",
        f"完成预算的{line.completion.shown}" if defined(line.completion) else None,
        (f"决算数{line.direction}预算数的主要原因是{clause(line.budget_reason)}"
         if line.direction in ("大于", "小于") and line.budget_reason and clause(line.budget_reason) else None),
        yoy_three_public(line.yoy),
    ])


def three_public_shares(year: int, lines: Iterable[ThreePublicLine]) -> str:
    """九（二） lead: "2024年度“三公”经费财政拨款支出决算中，公务接待费支出决算0.13万元，占1.4%，
    因公出国（境）费支出决算5.38万元，占59.7%，公务用车购置费及运行维护费支出决算3.5万元，占38.8%。其中："
    (the caller passes the lines in the seed's order: 公务接待, 因公出国, 公务用车)."""
    parts = [
        f"{line.name}支出决算{wan(line.actual)}" + (f"，占{line.share.shown}" if defined(line.share) else "")
        for line in lines
    ]
    return f"{year}年度“三公”经费财政拨款支出决算中，" + "，".join(parts) + "。其中："


def trip_detail(number: int, line: ThreePublicLine, groups: Figure, persons: Figure) -> str:
    """九（二） 1: "1、因公出国（境）费支出决算为5.38万元，全年安排因公出国（境）团组1个，累计1人次，
    开支内容包括：…。"; with no trip at all (jsc's wording): "…支出决算为0万元，全年未安排因公出国（境）团组。"."""
    head = f"{number}、{line.name}支出决算为{wan(line.actual)}"
    if groups.value == 0 and persons.value == 0:
        return head + "，全年未安排因公出国（境）团组。"
    return sentence([
        head,
        f"全年安排因公出国（境）团组{groups.shown}个",
        f"累计{persons.shown}人次",
        f"开支内容包括：{clause(line.content)}" if line.content and clause(line.content) else None,
    ])


def reception_detail(number: int, line: ThreePublicLine, batches: Figure, persons: Figure) -> str:
    """九（二） 2: "2、公务接待费支出决算为0.13万元，全年共接待来访团组1个、来宾6人次，主要是…。";
    with no reception (jsc's wording): "…支出决算为0万元，全年未接待来访团组。"."""
    head = f"{number}、{line.name}支出决算为{wan(line.actual)}"
    if batches.value == 0 and persons.value == 0:
        return head + "，全年未接待来访团组。"
    return sentence([
        head,
        f"全年共接待来访团组{batches.shown}个、来宾{persons.shown}人次",
        f"主要是{_without_lead(line.content)}" if line.content and clause(line.content) else None,
    ])


def cars_detail(number: int, year: int, cars: ThreePublicLine, purchase: ThreePublicLine,
                running: ThreePublicLine, vehicles: Figure) -> str:
    """九（二） 3: "3、公务用车购置费及运行维护费支出决算为3.5万元，其中：公务用车购置费0万元。
    公务用车运行维护费3.5万元，主要是…，截止2024年12月31日，我单位开支财政拨款的公务用车保有量为1辆。"
    (the seed's "截止"; a 购置 with 开支内容 gets "，主要是…" too)."""
    def part(line: ThreePublicLine) -> list[str | None]:
        content = line.content and clause(line.content)
        return [f"{line.name}{wan(line.actual)}", f"主要是{_without_lead(content)}" if content else None]

    first = f"{number}、{cars.name}支出决算为{wan(cars.actual)}，其中：" + sentence(part(purchase))
    second = sentence(part(running) + [f"截止{year}年12月31日，我单位开支财政拨款的公务用车保有量为{vehicles.shown}辆"])
    return first + second


def _without_lead(text: str) -> str:
    """A 开支内容 that already starts with 主要是 is not prefixed twice."""
    text = clause(text)
    return text[3:] if text.startswith("主要是") else text


# --- sections 十 to 十四 ------------------------------------------------------------------


def running_cost(year: int, yoy: YoY | None) -> str:
    """十: "本部门2024年度机关运行经费支出42.22万元，比上年决算数减少9.81万元，减少18.9%。主要原因是：…".

    Up: "比上年决算数增加X万元，增长P%。"; equal: "与上年决算数持平。"; a zero prior
    has no rate; no reason, no "主要原因是". When the source gives no 机关运行经费
    (check C10-01 warns), jsc writes "本部门2024年度无机关运行经费支出。", the
    wording units without 机关运行经费 publish.
    """
    if yoy is None:
        return f"本部门{year}年度无机关运行经费支出。"
    head = f"本部门{year}年度机关运行经费支出{wan(yoy.current)}"
    if yoy.prior is None or yoy.direction is None:
        return head + "。"
    if yoy.direction == "持平":
        return head + "，与上年决算数持平。"
    text = sentence([head, f"比上年决算数{yoy.direction}{wan(yoy.amount_shown)}",
                     f"{yoy.rate_word}{yoy.rate_shown}" if yoy.rate_shown else None])
    if yoy.reason and clause(yoy.reason):
        text += "主要原因是：" + end(yoy.reason)
    return text


def general_expenses(year: int, meeting: Figure, training: Figure) -> str:
    """十一: "2024年本部门开支会议费0万元；开支培训费0万元。"."""
    return f"{year}年本部门开支会议费{wan(meeting)}；开支培训费{wan(training)}。"


def procurement(year: int, p: ProcurementSection) -> str:
    """十二: total and kinds, SME amount and share, small-and-micro amount and share, SME share per kind.

    A share that does not exist (a kind or the SME total is 0) is left out; with
    no procurement at all the paragraph is the first sentence with zeros only.
    """
    kinds = "、".join(f"政府采购{k.name}支出{wan(k.amount)}" for k in p.kinds)
    text = f"本部门{year}年度政府采购支出总额{wan(p.total)}，其中：{kinds}。"
    if not defined(p.sme_share):
        return text
    small = (f"其中：授予小微企业合同金额{wan(p.small_micro)}，占授予中小企业合同金额的{p.small_micro_share.shown}"
             if defined(p.small_micro_share) else None)
    text += sentence([f"授予中小企业合同金额{wan(p.sme)}", f"占政府采购支出总额的{p.sme_share.shown}", small])
    per_kind = [f"{k.name}采购授予中小企业合同金额占{k.name}支出金额的{k.sme_share.shown}" for k in p.kinds if defined(k.sme_share)]
    return text + (sentence(per_kind) if per_kind else "")


_VEHICLE_NAMES = {"副部级及以上领导用车": "副部（省）级及以上领导用车"}


def assets(year: int, a: AssetsSection) -> str:
    """十三: "截至2024年12月31日，部门（单位）共有车辆1辆，其中，副部（省）级及以上领导用车0辆、…、其他用车1辆，
    其他用车主要是一般公务用车；单位价值100万元以上设备（不含车辆）0台（套）。" (every kind, zeros included;
    a kind's 说明 is said when it has vehicles)."""
    kinds = "、".join(f"{_VEHICLE_NAMES.get(kind, kind)}{count.shown}辆" for kind, count, _ in a.by_kind)
    notes = "".join(
        f"，{_VEHICLE_NAMES.get(kind, kind)}主要是{clause(note)}"
        for kind, count, note in a.by_kind if note and clause(note) and count.value
    )
    return (
        f"截至{year}年12月31日，部门（单位）共有车辆{a.vehicles.shown}辆，其中，{kinds}{notes}；"
        f"单位价值100万元以上设备（不含车辆）{a.equipment.shown}台（套）。"
    )


def evaluated_projects(names: Iterable[str], count: Figure, conclusion: str | None, comma: str = "，") -> str | None:
    """十四（一）: "组织对“A”、“B”等14个专项开展了评价,情况良好。" (None when no project was evaluated).

    conclusion: 预算绩效 项目评价结论; comma: the comma before it. The seed
    writes a half-width "," there, as in its whole 管理情况 text; the caller
    passes the comma style of the department's own text.
    """
    listed = "、".join(f"“{n}”" for n in names)
    if not listed:
        return None
    text = f"组织对{listed}等{count.shown}个专项开展了评价"
    return text + (f"{comma}{clause(conclusion)}。" if conclusion and clause(conclusion) else "。")
