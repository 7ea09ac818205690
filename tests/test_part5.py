"""Part five (附件): the 整体支出绩效自评报告 and the self-evaluation tables, built from the
bundled examples and read back from the PDF.

Text is compared without whitespace (CJK extraction puts spaces in odd places).
Where our computed figure differs from the seed's print, the assertion is ours
and the comment gives the seed's (see the header of examples/quweiban-2024.jsl).
"""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from conftest import example_path

from juesuan_dsl.pipeline import check_file
from juesuan_dsl.render.context_part5 import part_five_context
from juesuan_dsl.render.typeset import build_pdf


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _build(name: str) -> dict:
    path = example_path(name)
    if not path.exists():
        pytest.skip(f"examples/{name} does not exist")
    result = check_file(path)
    assert result.report is not None and result.derived is not None
    built = build_pdf(result.report, result.derived)
    assert built.compiled is not None, built.diagnostics
    reader = pypdf.PdfReader(io.BytesIO(built.compiled.pdf))
    # Page footers ("— 24 —") are dropped, so that text runs on across pages.
    pages = [re.sub(r"—\d+—$", "", squash(page.extract_text())) for page in reader.pages]
    # Part five starts at the page of the report's title (the 目录 only names it).
    start = next(i for i, t in enumerate(pages) if "整体支出绩效自评报告" in t and "一、预算单位基本情况" in t)
    return {
        "result": result, "built": built, "reader": reader, "pages": pages, "start": start,
        "part5": "".join(pages[start:]),
    }


@pytest.fixture(scope="module")
def quweiban() -> dict:
    return _build("quweiban-2024.jsl")


@pytest.fixture(scope="module")
def shiye() -> dict:
    return _build("shiye-2024.jsl")


def _outline_titles(reader: pypdf.PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(squash(item.title))

    walk(reader.outline)
    return titles


# --- the report -------------------------------------------------------------------

# Sentences and rows of part five as the seed prints them (whitespace aside),
# where our data agrees with the seed.
SEED_SENTENCES = (
    "2024年度中共株洲市天元区委办公室整体支出绩效自评报告",
    "一、预算单位基本情况1.主要职能：（一）围绕工委、区委的工作部署",
    "（十六）完成工委、区委和领导交办的其它任务。",  # the seed prints "(十六)"
    "本单位是区委工作机关，为正科级预算单位。",
    "2024年本单位年末，共有编制人数22人",  # the seed: "…22 人,实有人数 29 人。"
    "三、政府性基金预算支出情况无四、国有资本经营预算支出情况无五、社会保险基金预算支出情况无",
    "六、资金使用及绩效情况（包含单位管理的公共专项）（一）整体支出绩效情况2024年，工委办（区委办）班子",
    "1.年初预算项目“国安机要保密经费”、“马办及外事港澳台办工作经费”、“综合调研及深化改革工作经费”、",
    "专项资金125.00万元，实际支出107.16万元，结余结转0万元；项目实施及绩效情况如下：",
    "（1）“国安机要保密经费”项目项目支出30.54万元，主要用于“国安机要保密”工作支持。",
    "“党政专用通信二级网建设”项目项目支出79.55万元，主要用于“党政专用通信二级网建设”项目支持。"
    "因此项目为涉密项目，不作公开评价。",
    "（2）“因公出国经费”项目项目支出5.38万元，主要用于参加“省委组织部关于举办党政领导干部出国培训班”费用支出。",
    "“城镇独生子女父母奖励”项目项目支出0.82万元，主要用于发放9名退休职工2024年度独生子女费。",
    "（8）“抗美援朝老兵口述史采集活动”项目项目支出10万元，整理11人口述史母片",
    "2.年中追加项目“党政专用通信二级网建设”、“因公出国经费”、“机关干部进小区专项工作经费”",
    "实际支出102.43万元",
    "七、存在的问题及原因分析要紧扣单位职能，进一步细化资金指标",
    "八、下一步改进措施一是完善绩效指标体系",
    # the seed's list starts "1.部门整体支出绩效评价基础数据表", a table the document does not contain
    "十、其他需要说明的情况无附件：1.部门整体支出绩效自评表2.项目支出绩效自评表（每个一级项目一张表）",
    # 整体支出绩效自评表
    "2024年度部门（单位）整体支出绩效自评表",
    "年初预算数全年预算数全年执行数分值执行率得分",
    "按收入性质分：1016.64",
    "其中：一般公共预算：1016.64",
    "项目支出：209.59",
    "纳入专户管理的非税收入拨款：",
    "预期目标实际完成情况",  # 年度总体目标, a merged cell, is extracted after its rows
    "1.以政治建设凝心铸魂。坚持不懈深入学习理论，推进支部建设，严肃党内政治生活。",
    "绩效指标一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施",
    "产出指标（40分）",
    "群众满意度95%以上95%以上109.5",
    "财政安排资金441.84441.332019",
    # 项目支出绩效自评表
    "附件7-22024年度项目支出绩效自评表项目支出名称“马办及外事港澳台办工作经费”项目",
    "其中：当年财政拨款353530.54",
    "上年结转资金000其他资金000",
    "服务对象满意度≥95%≥95%109.50",
    "项目经费35万元30.54万元2020",
    "年度资金总额18282810100.00%10.00",  # 年鉴编纂
    "年度资金总额16141410100.00%10.00",  # 档案保护及数字化建设
    "退休独生子女费发放人数7人9人2019.00本年度新增退休职工2名",
)

# Our figures where the seed prints something else (see the example's header).
OUR_FIGURES = (
    "实有人数29人。",  # the seed: "实有人数 29 人。" after a half-width comma
    "2024年支出840.70万元，其中基本支出631.11万元，结余结转0万元。",  # as the seed (stated; the 项 add up to 840.69, 631.10)
    "2024年支出840.70万元，其中项目支出209.59万元，结余结转0万元。",
    "专项资金150.75万元，实际支出102.43万元，结余结转0万元；",  # seed: 150.46
    "（2）“马办及外事港澳台办工作经费”项目项目支出24.8万元，",  # seed: 24.80 (the table prints 24.8)
    "年度资金总额863.401016.64840.701082.7%8.27",
    "按支出性质分：840.70",
    "其中：基本支出：631.11",
    "总分10096.77",  # seed: 96.22 (8.27 + 88.5 = 96.77)
    "年度资金总额353530.541087.26%8.73",  # seed: 87.00% / 8.70 (truncated to whole percent)
    "总分10098.23",  # seed: 98.20
    "年度资金总额303024.81082.67%8.27",  # seed: 82.0% / 8.20
    "年度资金总额0106.0879.551074.99%7.50",  # seed: 74.00% / 7.40
    "总分10095.00",  # 年鉴编纂: the seed prints no 总分 row
)


def test_part_five_prints_the_seed_sentences_and_rows(quweiban: dict) -> None:
    text = quweiban["part5"]
    missing = [s for s in SEED_SENTENCES if squash(s) not in text]
    assert missing == []
    assert len(SEED_SENTENCES) >= 15


def test_part_five_prints_our_figures_where_the_seed_differs(quweiban: dict) -> None:
    text = quweiban["part5"]
    assert [s for s in OUR_FIGURES if squash(s) not in text] == []


def test_project_performance_is_numbered_two_not_three(quweiban: dict) -> None:
    # The seed numbers it （三） after （一）.
    text = quweiban["part5"]
    assert "（二）项目支出绩效情况" in text
    assert "（三）项目支出绩效情况" not in text


def test_group_totals_equal_the_sums_of_their_projects(quweiban: dict) -> None:
    derived = quweiban["result"].derived
    evaluations = {e.name: e for e in derived.part5.projects}
    text = quweiban["part5"]
    for group in derived.part5.groups:
        members = [evaluations[n] for n in group.names]
        assert group.executed.value == sum(e.executed.value for e in members)
        funds = sum((e.initial if group.kind == "年初预算" else e.annual).value for e in members)
        assert group.funds.value == funds
        names = "、".join(f"“{n}”" for n in group.names)
        assert f"{group.kind}项目{names}专项资金{group.funds.shown}万元，实际支出{group.executed.shown}万元" in text
    assert [g.funds.shown for g in derived.part5.groups] == ["125.00", "150.75"]  # seed: 125.00, 150.46
    assert [g.executed.shown for g in derived.part5.groups] == ["107.16", "102.43"]


def test_every_project_and_indicator_name_appears(quweiban: dict) -> None:
    report = quweiban["result"].report
    text = quweiban["part5"]
    assert len(report.projects) == 14
    names = [p.name for p in report.projects]
    for name in names:
        assert f"“{name}”项目" in text, name
    levels = [*report.overall.indicators, *(lv for p in report.projects for lv in p.indicators)]
    missing = [
        ind.name
        for level in levels
        for level2 in level.children
        for ind in level2.indicators
        if squash(ind.name) not in text
    ]
    assert missing == []
    for level in levels:
        assert level.name in text
        for level2 in level.children:
            assert level2.name in text


def test_each_project_has_its_own_table_with_kicker_and_total(quweiban: dict) -> None:
    text = quweiban["part5"]
    derived = quweiban["result"].derived
    for n, evaluation in enumerate(derived.part5.projects, 1):
        head = f"附件7-{n}2024年度项目支出绩效自评表项目支出名称“{evaluation.name}”项目"
        assert head in text, head
        scores = evaluation.scores
        weight = f"{scores.total_weight.value.normalize():f}"
        assert f"总分{weight}{scores.total.shown}" in text, evaluation.name
    assert text.count("2024年度项目支出绩效自评表") == 14
    # 三个高地专项工作经费（改革组）: 三级指标 分值 sum to 110, so the table's 分值 total is 120.
    assert "总分120109.83" in text  # seed: 100, 89.80


def test_level_one_label_uses_the_printed_weight_else_the_sum(quweiban: dict) -> None:
    context = part_five_context(quweiban["result"].report, quweiban["result"].derived)
    by_name = {p["toc"]: p for p in context["projects"]}
    labels = [lv["label"] for lv in by_name["马办及外事港澳台办工作经费"]["indicators"]["levels"]]
    assert labels == ["产出指标（40分）", "效益指标（20分）", "满意度指标（10分）", "成本指标（20分）"]  # sums: 50 … 10
    labels = [lv["label"] for lv in by_name["档案保护及数字化建设"]["indicators"]["levels"]]
    assert labels == ["产出指标（25分）", "效益指标（35分）", "满意度指标（10分）", "成本指标（20分）"]  # seed: no weights
    assert "产出指标（25分）" in quweiban["part5"]


def test_empty_level_two_gets_one_empty_row(quweiban: dict) -> None:
    context = part_five_context(quweiban["result"].report, quweiban["result"].derived)
    tree = context["projects"][0]["indicators"]  # 国安机要保密经费
    benefit = tree["levels"][1]
    assert [g["name"] for g in benefit["groups"]] == ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"]
    assert [g["rows"] for g in benefit["groups"]] == [1, 1, 1, 1]
    assert set(benefit["groups"][0]["lines"][0].values()) == {""}
    assert tree["rows"] == sum(lv["rows"] for lv in tree["levels"]) == 12


def test_merged_labels_are_named_on_every_page_they_reach(quweiban: dict) -> None:
    """A 一级 or 二级 cut by a page break is named again on the new page."""
    report, pages = quweiban["result"].report, quweiban["pages"]
    starts = [i for i, t in enumerate(pages) if re.search(r"附件7-\d+2024年度项目支出绩效自评表", t)]
    assert len(starts) == 14
    spans = list(zip(starts, [*starts[1:], len(pages)]))
    context = part_five_context(report, quweiban["result"].derived)
    continued = 0
    for (first, end), table in zip(spans, context["projects"]):
        goal_texts = squash(table["goal"] + table["result"] + table["name"])
        for page in range(first, end):
            text = pages[page]
            continued += page > first and "（续表）" in text
            for level in table["indicators"]["levels"]:
                for group in level["groups"]:
                    rows = [squash(line["name"]) for line in group["lines"] if len(line["name"]) >= 6]
                    if any(r in text for r in rows if r not in goal_texts):
                        assert squash(level["label"]) in text, (table["toc"], page, level["label"])
                        assert group["name"] in text, (table["toc"], page, group["name"])
    assert continued >= 5  # several project tables do run onto a second page


def test_toc_lists_the_three_groups_and_bookmarks_each_project(quweiban: dict) -> None:
    toc = quweiban["pages"][1] + quweiban["pages"][2]
    for entry in ("第五部分附件", "一、整体支出绩效自评报告", "二、部门（单位）整体支出绩效自评表", "三、项目支出绩效自评表"):
        assert entry in toc
    assert "国安机要保密经费" not in toc
    titles = _outline_titles(quweiban["reader"])
    for project in quweiban["result"].report.projects:
        assert squash(project.name) in titles
    # The report's own headings (一、预算单位基本情况 …) stay out of the 目录.
    assert "一、预算单位基本情况" not in toc


def test_user_text_cannot_inject_typst(quweiban: dict) -> None:
    source = quweiban["built"].typst_source
    part5 = source[source.index('#part("第五部分"'):]
    # Every text of part five reaches Typst as a string literal.
    assert "在栗雨休闲谷建成国家安全主题公园" in part5
    assert "[在栗雨休闲谷" not in part5


# --- a 事业单位 with carry-over and other funds ------------------------------------------


def test_shiye_builds_with_carry_over_and_other_funds(shiye: dict) -> None:
    text = shiye["part5"]
    for row in (
        "“市政设施维护管理”项目",
        "主管部门株洲市天元区城市建设服务中心实施单位株洲市天元区市政设施维护所",
        "其中：当年财政拨款60808",  # 60 80 80
        "上年结转资金12126.4",
        "其他资金02015.6",
        "年度资金总额721121021091.07%9.11",
        "总分10097.61",
        "维修工程验收合格率100%98.5%1092处检查井维修返工",
    ):
        assert row in text, row


def test_shiye_overall_table_and_report(shiye: dict) -> None:
    text = shiye["part5"]
    for row in (
        "年度资金总额1071.241845.601777.461096.3%9.63",
        "按收入性质分：1845.60",
        "其中：一般公共预算：1112.40",
        "政府性基金拨款：482.50",
        "其他资金：250.70",
        "按支出性质分：1777.46",
        "其中：基本支出：903.46",
        "项目支出：785.70",
        "总分10098.63",
        "3.人员情况：2024年本单位年末，共有编制人数45人，实有人数52人。",
        # 二 is the 一般公共预算财政拨款 (table 05) with its year-end 结转和结余 (table 04).
        "2024年支出1078.66万元，其中基本支出808.46万元，结余结转5.60万元。",
        "三、政府性基金预算支出情况2024年政府性基金预算支出445.40万元",
        # With a year-end carry-over, no per-group 结余结转 is claimed.
        "专项资金242.00万元，实际支出267.30万元；项目实施及绩效情况如下：",
        "2.年中追加项目“防汛应急抢险”专项资金20.00万元，实际支出18.50万元；",
        "（1）“市政设施维护管理”项目项目支出102万元，",
    ):
        assert row in text, row
    assert text.count("2024年度项目支出绩效自评表") == 4
