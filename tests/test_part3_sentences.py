"""Part three (情况说明): the sentences of the layout's wording, against the seed and in the built PDF.

The sentences are macros of the built-in layout's wording.j2, called by its
parts/part3.typ.j2 through `say`. Each expected sentence is looked for twice: in
the texts the Typst source prints in part three (every << >> value, read back
from its escaped string literal) and in the text pypdf extracts from the built
PDF. Comparison ignores whitespace (the seed's text has spaces around numbers
from PDF extraction; a PDF line break adds none). The branches the examples do
not reach are tested by calling the macros themselves (`say.overview(…)`).

Where the seed prints a number (or word) that its own raw figures do not give
(examples/quweiban-2024.jsl, header comment), the expected text is jsc's, and
the seed's is quoted in a comment; a published figure inside the rounding
interval of its parts is stated by a 核对 and printed as published. The shiye-2024 example and small variants of
it cover the branches the seed leaves empty.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace as NS

import pytest

from juesuan_dsl.layout.load import builtin_layout
from juesuan_dsl.model.figures import Figure
from juesuan_dsl.pipeline import check_file
from juesuan_dsl.render import wording as sentences
from juesuan_dsl.render.typeset import build_pdf, render_typst
from juesuan_dsl.render.wording_env import say as say_of

pypdf = pytest.importorskip("pypdf")

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "quweiban-2024.jsl"
SHIYE = ROOT / "examples" / "shiye-2024.jsl"

REASON = "本单位授权管理机构区发展研究中心职级干部回原单位管理，相关预算及支出调整至原单位。"


def norm(text: str) -> str:
    """Whitespace removed: how the seed's text and extracted PDF text are compared."""
    return re.sub(r"\s+", "", text)


# A printed text in the Typst source: an escaped string literal in markup (render/escape.py).
_LITERAL = re.compile(r'#"((?:[^"\\]|\\.)*)";')
_UNESCAPE = re.compile(r"\\(u\{[0-9a-f]+\}|.)")


def _unescaped(body: str) -> str:
    def one(m: re.Match) -> str:
        c = m.group(1)
        if c.startswith("u{"):
            return chr(int(c[2:-1], 16))
        return {"n": "\n", "r": "\r", "t": "\t"}.get(c, c)

    return _UNESCAPE.sub(one, body)


def printed_texts(typst_source: str) -> list[str]:
    """The texts part three prints (each << >> value), in order."""
    start = typst_source.index('#part("第三部分"')
    end = typst_source.find("#part(", start + 1)
    part = typst_source[start:end if end >= 0 else None]
    return [_unescaped(m.group(1)) for m in _LITERAL.finditer(part)]


@functools.cache
def checked(path: Path):
    result = check_file(path)
    assert result.report is not None and result.derived is not None
    return result


@functools.cache
def typst_text(path: Path) -> str:
    result = checked(path)
    return norm("".join(printed_texts(render_typst(result.report, result.derived))))


def say_for(result):
    """The sentences of the result's layout (its wording.j2 macros)."""
    return say_of(result.report.layout)


@functools.cache
def pdf_text(path: Path) -> str:
    """The part-three pages' text of the built PDF, page numbers ("— 4 —") removed."""
    result = checked(path)
    built = build_pdf(result.report, result.derived)
    assert built.compiled is not None, built.diagnostics
    import io

    reader = pypdf.PdfReader(io.BytesIO(built.compiled.pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    text = re.sub(r"—\s*\d+\s*—", "", text)
    text = norm(text)
    start = text.rindex("第三部分")  # the part heading, after the 目录 entry
    return text[start:]


def _ids(cases):
    return [f"{i:02d}-{norm(text)[:14]}" for i, text in enumerate(cases, 1)]


# --- the seed, sentence by sentence ------------------------------------------------------

H = "heading"

SEED_PART3 = [
    (H, "2024年度部门决算情况说明"),
    (H, "一、收入支出决算总体情况说明"),
    # 一  (the 项 add up to 840.69; the stated 840.70 is kept, and the change follows: 355.92)
    "2024年度收、支总计840.70万元。",
    "与上年相比，减少355.92万元，减少29.7%，主要是因为" + REASON,
    (H, "二、收入决算情况说明"),
    # 二
    "2024年度收入合计840.70万元，其中：财政拨款收入840.70万元，占100%；上级补助收入0万元，占0%；"
    "事业收入0万元，占0%；经营收入0万元，占0%；附属单位上缴收入0万元，占0%；其他收入0万元，占0%。",
    (H, "三、支出决算情况说明"),
    # 三  (基本支出: the 项 add up to 631.10; 631.11 stated)
    "2024年度支出合计840.70万元，其中：基本支出631.11万元，占75.1%；项目支出209.59万元，占24.9%；"
    "上缴上级支出0万元，占0%；经营支出0万元，占0%；对附属单位补助支出0万元，占0%。",
    (H, "四、财政拨款收入支出决算总体情况说明"),
    # 四  (the seed has a half-width comma in "万元,减少29.7%")
    "2024年度财政拨款收、支总计840.70万元，与上年相比，减少355.92万元，减少29.7%，主要是因为" + REASON,
    (H, "五、一般公共预算财政拨款支出决算情况说明"),
    (H, "（一）一般公共预算财政拨款支出决算总体情况"),
    # 五（一）  (seed: "万元,减少")
    "2024年度财政拨款支出840.70万元，占本年支出合计的100%，与上年相比，财政拨款支出减少355.92万元，"
    "减少29.7%，主要是因为" + REASON,
    (H, "（二）一般公共预算财政拨款支出决算结构情况"),
    # 五（二）  (一般公共服务支出: the 项 add up to 674.74; 674.75 stated)
    "2024年度财政拨款支出840.70万元，主要用于以下方面：一般公共服务支出674.75万元，占80.3%；"
    "科学技术支出1.96万元，占0.2%；社会保障和就业支出64.82万元，占7.7%；卫生健康支出55.93万元，占6.7%；"
    "住房保障支出43.24万元，占5.1%。",
    (H, "（三）一般公共预算财政拨款支出决算具体情况"),
    # 五（三）
    "2024年度财政拨款支出年初预算数为863.40万元，支出决算数为840.70万元，完成年初预算的97.4%，其中：",
    # seed: "1、一般公共服务（类）…" — the catalog's 类 name is 一般公共服务支出
    "1、一般公共服务支出（类）档案事务（款）行政运行（项）。",
    "年初预算为147.20万元，支出决算为145.09万元，完成年初预算的98.6%，决算数小于年初预算数的主要原因是：厉行节约，运转支出减少。",
    # seed: "2、一般公共服务（类）…"
    "2、一般公共服务支出（类）档案事务（款）其他档案事务支出（项）。",
    "年初预算为40万元，支出决算为40万元，完成年初预算的100%。",
    "3、一般公共服务支出（类）党委办公厅（室）及相关机构事务（款）行政运行（项）。",
    "年初预算为368.29万元，支出决算为322.85万元，完成年初预算的87.7%，决算数小于年初预算数的主要原因是：退休人员职业年金支出减少。",
    "4、一般公共服务支出（类）党委办公厅（室）及相关机构事务（款）一般行政管理事务（项）。",
    "年初预算为20万元，支出决算为93.49万元，完成年初预算的467.5%，决算数大于年初预算数的主要原因是："
    "党政二级网建设、因公出国、机关干部进小区等项目支出增加。",
    "5、一般公共服务支出（类）党委办公厅（室）及相关机构事务（款）专项业务（项）。",
    "年初预算为65万元，支出决算为63.31万元，完成年初预算的97.4%，决算数小于年初预算数的主要原因是：厉行节约，项目支出减少。",
    "6、一般公共服务支出（类）其他一般公共服务支出（款）其他一般公共服务支出（项）。",
    "年初预算为0万元，支出决算为10万元，决算数大于年初预算数的主要原因是：抗美援朝老兵口述史采集活动项目经费追加。",
    "7、科学技术支出（类）科学技术管理事务（款）其他科学技术管理事务支出（项）。",
    "年初预算为0万元，支出决算为1.96万元，决算数大于年初预算数的主要原因是：2023年三季度打造三个高地工作竞赛考核奖励经费项目追加。",
    "8、社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）。",
    "年初预算为56.95万元，支出决算为51.28万元，完成年初预算的90.0%，决算数小于年初预算数的主要原因是：人员退休，养老保险缴费减少。",
    "9、社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）。",
    "年初预算为53.13万元，支出决算为11.98万元，完成年初预算的22.5%，决算数小于年初预算数的主要原因是：退休人员职业年金支出减少。",
    # seed: "其他社会保险和就业支出（款）其他社会保险和就业支出（项）" — the catalog says 社会保障
    "10、社会保障和就业支出（类）其他社会保障和就业支出（款）其他社会保障和就业支出（项）。",
    "年初预算为2.53万元，支出决算为1.56万元，完成年初预算的61.7%，决算数小于年初预算数的主要原因是：人员退休，支出减少。",
    "11、卫生健康支出（类）计划生育事务（款）计划生育服务（项）。",
    "年初预算为0万元，支出决算为0.83万元，决算数大于年初预算数的主要原因是：退休职工独生子女费项目追加。",
    "12、卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）。",
    "年初预算为10.93万元，支出决算为9.57万元，完成年初预算的87.6%，决算数小于年初预算数的主要原因是：人员退休，支出减少。",
    "13、卫生健康支出（类）行政事业单位医疗（款）事业单位医疗（项）。",
    "年初预算为11.16万元，支出决算为10.51万元，完成年初预算的94.2%，决算数小于年初预算数的主要原因是：人员退休，支出减少。",
    "14、卫生健康支出（类）行政事业单位医疗（款）公务员医疗补助（项）。",
    "年初预算为41.04万元，支出决算为35.02万元，完成年初预算的85.3%，决算数小于年初预算数的主要原因是：人员退休，支出减少。",
    "15、住房保障支出（类）住房改革支出（款）住房公积金（项）。",
    "年初预算为47.17万元，支出决算为43.24万元，完成年初预算的91.7%，决算数小于年初预算数的主要原因是：人员退休，支出减少。",
    (H, "六、一般公共预算财政拨款基本支出决算情况说明"),
    # 六
    "2024年度财政拨款基本支出631.11万元，其中：",
    # seed: 人员经费544.36万元 (table 06's 款 add up to 544.19; table 06 prints 544.3)
    "人员经费544.19万元，占基本支出的86.3%，主要包括基本工资、津贴补贴、奖金、机关事业单位基本养老保险缴费、"
    "职业年金缴费、职工基本医疗保险缴费、公务员医疗补助缴费、其他社会保障缴费、住房公积金、医疗费补助。",
    # 公用经费: the 款 add up to 86.68, 86.75 stated; the seed's list reads "公务用车运行维护费手续费"
    # (30204 手续费 has no amount in table 06) and leaves out 办公设备购置 (31002, 3.65 in table 06)
    "公用经费86.75万元，占基本支出的13.7%，主要包括办公费、印刷费、咨询费、邮电费、差旅费、维修（护）费、"
    "公务接待费、劳务费、工会经费、福利费、公务用车运行维护费、其他交通费用、其他商品和服务支出、办公设备购置。",
    (H, "七、政府性基金预算财政拨款收入支出决算情况"),
    "本单位无政府性基金收支。",
    (H, "八、国有资本经营预算财政拨款收入支出决算情况"),
    "本单位无国有资本经营预算收支。",
    (H, "九、财政拨款三公经费支出决算情况说明"),
    (H, "（一）“三公”经费财政拨款支出决算总体情况说明"),
    # 九（一）  (the items add up to 9.01; the stated 9.00 is kept, and 187.5%, 4.26 and 89.9% follow)
    "“三公”经费财政拨款支出预算为4.80万元，支出决算为9.00万元，完成预算的187.5%，决算数大于预算数的主要原因是"
    "临时因公出国经费追加，与上年相比增加4.26万元，增长89.9%，增长的主要原因是临时因公出国经费追加。其中：",
    "因公出国（境）费支出预算为0万元，支出决算为5.38万元，决算数大于预算数的主要原因是临时因公出国经费追加，"
    "与上年相比增加5.38万元，增长的主要原因是临时因公出国参加党政领导干部培训班经费追加。",
    "公务接待费支出预算为1.3万元，支出决算为0.13万元，完成预算的10%，决算数小于预算数的主要原因是厉行节约，"
    "三公经费压减，与上年相比减少0.61万元，减少82.4%，减少的主要原因是厉行节约，三公经费压减。",
    "公务用车购置费支出预算为0万元，支出决算为0万元。",
    "公务用车运行维护费支出预算为3.5万元，支出决算为3.5万元，完成预算的100%。",
    (H, "（二）“三公”经费财政拨款支出决算具体情况说明"),
    # 九（二）  (因公出国 占59.8%, of the kept 9.00)
    "2024年度“三公”经费财政拨款支出决算中，公务接待费支出决算0.13万元，占1.4%，因公出国（境）费支出决算5.38万元，"
    "占59.8%，公务用车购置费及运行维护费支出决算3.5万元，占38.8%。其中：",
    "1、因公出国（境）费支出决算为5.38万元，全年安排因公出国（境）团组1个，累计1人次，开支内容包括：临时因公出国参加党政领导干部培训班经费。",
    "2、公务接待费支出决算为0.13万元，全年共接待来访团组1个、来宾6人次，主要是接待包头市九原区委书记一行来株调研发生的接待支出。",
    "3、公务用车购置费及运行维护费支出决算为3.5万元，其中：公务用车购置费0万元。",
    "公务用车运行维护费3.5万元，主要是加油费、通行费、维修费、保险费支出，截止2024年12月31日，我单位开支财政拨款的公务用车保有量为1辆。",
    (H, "十、关于机关运行经费支出说明"),
    "本部门2024年度机关运行经费支出42.22万元，比上年决算数减少9.81万元，减少18.9%。",
    "主要原因是：厉行节约，运转支出减少。",
    (H, "十一、一般性支出情况说明"),
    "2024年本部门开支会议费0万元；开支培训费0万元。",
    (H, "十二、关于政府采购支出说明"),
    "本部门2024年度政府采购支出总额126.03万元，其中：政府采购货物支出65.57万元、政府采购工程支出0.38万元、政府采购服务支出60.08万元。",
    "授予中小企业合同金额114.69万元，占政府采购支出总额的91.0%，其中：授予小微企业合同金额114.49万元，占授予中小企业合同金额的99.8%。",
    # 工程: 0.35 / 0.38 is 92.1%, but 0.345…0.355 / 0.375…0.385 allows the stated 91.0%
    "货物采购授予中小企业合同金额占货物支出金额的91.0%，工程采购授予中小企业合同金额占工程支出金额的91.0%，"
    "服务采购授予中小企业合同金额占服务支出金额的91.0%。",
    (H, "十三、关于国有资产占用情况说明"),
    "截至2024年12月31日，部门（单位）共有车辆1辆，其中，副部（省）级及以上领导用车0辆、主要负责人用车0辆、"
    "机要通信用车0辆、应急保障用车0辆、执法执勤用车0辆、特种专业技术用车0辆、离退休干部服务用车0辆、其他用车1辆，"
    "其他用车主要是一般公务用车；单位价值100万元以上设备（不含车辆）0台（套）。",
    (H, "十四、关于2024年度预算绩效情况的说明"),
    (H, "（一）绩效管理工作开展情况"),
    # 十四（一）: the department's text (half-width commas and "2024度" as published), then jsc's list
    "根据预算绩效管理要求,本单位组织对2024度部门整体支出开展了绩效自评,从评价情况来看,预算执行及时、有效,"
    "绩效目标得到较好实现,绩效管理水平不断提高。",
    "组织对“国安机要保密经费”、“马办及外事港澳台办工作经费”、“党政专用通信二级网建设”、“因公出国经费”、"
    "“机关干部进小区专项工作经费”、“污染防治攻坚费用”、“2023年三季度打造三个高地工作竞赛考核奖励经费”、"
    # seed order: …“三个高地专项工作经费（改革组）”、“年鉴编纂”、“档案保护及数字化建设”…; jsc lists the
    # projects in source order (the order of the self-evaluation tables in part five)
    "“城镇独生子女父母奖励”、“综合调研及深化改革工作经费”、“三个高地专项工作经费（改革组）”、"
    "“档案保护及数字化建设”、“党史研究”、“抗美援朝老兵口述史采集活动”、“年鉴编纂”等14个专项开展了评价,情况良好。",
    "部门整体支出绩效评价报告详见第五部分。",
    (H, "（二）部门（单位）整体支出绩效情况"),
    "2024年，工委办（区委办）班子深入学习贯彻习近平新时代中国特色社会主义思想和党的二十届三中全会精神，"
    "坚持以党的政治建设为统领，把握发展大势，坚定发展信心，发挥党办力量，在助推新区高质量发展中担当作为。",
    (H, "（三）存在的问题及原因分析"),
    "要紧扣单位职能，进一步细化资金指标，通过强化财政资金预算、管理及监督，科学合理筹划资金使用。",
    "要严格执行专项经费支付的审批程序，确保专款专用，提高资金的使用效益，保证项目的顺利实施。",
    (H, "十五、其他"),
    "本单位部门决算在天元区政府门户网站信息公开平台上的财政信息模块中公开。",
]

SEED_SENTENCES = [x for x in SEED_PART3 if isinstance(x, str)]


def test_seed_has_at_least_forty_sentences():
    assert len(SEED_SENTENCES) >= 40


@pytest.mark.parametrize("expected", SEED_SENTENCES, ids=_ids(SEED_SENTENCES))
def test_seed_sentence_in_typst_source(expected):
    assert norm(expected) in typst_text(SEED)


@pytest.mark.parametrize("expected", SEED_SENTENCES, ids=_ids(SEED_SENTENCES))
def test_seed_sentence_in_pdf(expected):
    assert norm(expected) in pdf_text(SEED)


def test_seed_part_three_in_order_in_pdf():
    """Every heading and sentence of the seed's part three, in the seed's order."""
    text, at = pdf_text(SEED), 0
    for piece in SEED_PART3:
        piece = norm(piece[1] if isinstance(piece, tuple) else piece)
        found = text.find(piece, at)
        assert found >= 0, f"not found (in order) after position {at}: {piece}"
        at = found + len(piece)


# --- shiye-2024: the branches the seed leaves empty ---------------------------------------

SHIYE_SENTENCES = [
    # 一, 四: an increase has a growth rate
    "2024年度收、支总计1850.86万元。与上年相比，增加138.41万元，增长8.1%，主要是因为政府性基金安排的城市建设项目支出增加。",
    "2024年度财政拨款收、支总计1601.26万元，与上年相比，增加111.96万元，增长7.5%，"
    "主要是因为政府性基金安排的城市建设项目和年中追加的防汛应急抢险经费增加。",
    # 二, 三: every source and kind with an amount
    "2024年度收入合计1756.96万元，其中：财政拨款收入1540.76万元，占87.7%；上级补助收入35.00万元，占2.0%；"
    "事业收入114.00万元，占6.5%；经营收入52.00万元，占3.0%；附属单位上缴收入6.20万元，占0.4%；其他收入9.00万元，占0.5%。",
    "2024年度支出合计1777.46万元，其中：基本支出903.46万元，占50.8%；项目支出785.70万元，占44.2%；"
    "上缴上级支出12.00万元，占0.7%；经营支出46.30万元，占2.6%；对附属单位补助支出30.00万元，占1.7%。",
    # 五, 六: with 政府性基金 and 国有资本经营 spending, 五 and 六 name 一般公共预算 in full
    "2024年度一般公共预算财政拨款支出1078.66万元，占本年支出合计的60.7%，与上年相比，一般公共预算财政拨款支出"
    "增加46.48万元，增长4.5%，主要是因为年中追加背街小巷市政设施维修改造和防汛应急抢险经费。",
    "2024年度一般公共预算财政拨款支出1078.66万元，主要用于以下方面：社会保障和就业支出108.29万元，占10.0%；"
    "卫生健康支出35.68万元，占3.3%；城乡社区支出882.55万元，占81.8%；住房保障支出52.14万元，占4.8%。",
    "2024年度一般公共预算财政拨款支出年初预算数为1071.24万元，支出决算数为1078.66万元，完成年初预算的100.7%，其中：",
    "1、社会保障和就业支出（类）行政事业单位养老支出（款）事业单位离退休（项）。",
    "年初预算为10.80万元，支出决算为12.36万元，完成年初预算的114.4%，决算数大于年初预算数的主要原因是：新增退休人员2名，离退休费支出增加。",
    # equal to the budget: completion rate, no reason
    "8、城乡社区支出（类）城乡社区环境卫生（款）城乡社区环境卫生（项）。",
    "年初预算为120万元，支出决算为120万元，完成年初预算的100%。",
    "年初预算为52.14万元，支出决算为52.14万元，完成年初预算的100%。",
    "年初预算为0万元，支出决算为18.50万元，决算数大于年初预算数的主要原因是：年中追加防汛应急抢险经费。",
    "2024年度一般公共预算财政拨款基本支出808.46万元，其中：",
    "人员经费615.96万元，占基本支出的76.2%，主要包括基本工资、",
    # 七, 八: jsc's wording
    "2024年度政府性基金预算财政拨款年初结转和结余42.50万元，本年收入440.00万元，本年支出445.40万元，"
    "其中：基本支出0万元、项目支出445.40万元，年末结转和结余37.10万元。",
    # 八's carry-overs and income come from table 04 (table 08 has spending only)
    "2024年度国有资本经营预算财政拨款年初结转和结余6.00万元，本年收入28.50万元，本年支出32.50万元，"
    "其中：基本支出0万元、项目支出32.50万元，年末结转和结余2.00万元。",
    # 九: below budget with growth; equal to budget with a decrease
    "“三公”经费财政拨款支出预算为37.00万元，支出决算为35.81万元，完成预算的96.8%，决算数小于预算数的主要原因是"
    "厉行节约，因公出国、公务接待和公务用车购置支出均控制在预算以内，与上年相比增加1.04万元，增长3.0%，"
    "增长的主要原因是按车辆更新计划购置应急抢修车1辆，公务用车购置费增加。其中：",
    "公务用车购置费支出预算为18万元，支出决算为17.6万元，完成预算的97.8%，决算数小于预算数的主要原因是"
    "车辆政府采购成交价格低于预算，与上年相比增加1.10万元，增长6.7%，增长的主要原因是本年购置的应急抢修车单价高于上年购置车辆。",
    "公务用车运行维护费支出预算为12万元，支出决算为12万元，完成预算的100%，与上年相比减少1.45万元，减少10.8%，"
    "减少的主要原因是加强车辆使用管理，燃油和维修费用减少。",
    "2024年度“三公”经费财政拨款支出决算中，公务接待费支出决算1.35万元，占3.8%，因公出国（境）费支出决算4.86万元，"
    "占13.6%，公务用车购置费及运行维护费支出决算29.6万元，占82.7%。其中：",
    "1、因公出国（境）费支出决算为4.86万元，全年安排因公出国（境）团组1个，累计2人次，开支内容包括："
    "赴新加坡参加城市精细化管理专题培训的国际旅费、住宿费和伙食费。",
    "2、公务接待费支出决算为1.35万元，全年共接待来访团组12个、来宾86人次，主要是接待省、市住建部门及兄弟县市区"
    "来区考察城市建设管理工作发生的工作餐费用。",
    "3、公务用车购置费及运行维护费支出决算为29.6万元，其中：公务用车购置费17.6万元。公务用车运行维护费12万元，"
    "主要是加油费、通行费、维修费、保险费支出，截止2024年12月31日，我单位开支财政拨款的公务用车保有量为5辆。",
    # 十 to 十三
    "本部门2024年度机关运行经费支出58.62万元，比上年决算数减少4.48万元，减少7.1%。主要原因是：厉行节约，压减日常公用经费。",
    "2024年本部门开支会议费2.35万元；开支培训费4.80万元。",
    "授予中小企业合同金额469.20万元，占政府采购支出总额的94.4%，其中：授予小微企业合同金额350.20万元，占授予中小企业合同金额的74.6%。",
    "货物采购授予中小企业合同金额占货物支出金额的92.7%，工程采购授予中小企业合同金额占工程支出金额的100%，"
    "服务采购授予中小企业合同金额占服务支出金额的84.8%。",
    "截至2024年12月31日，部门（单位）共有车辆7辆，其中，副部（省）级及以上领导用车0辆、主要负责人用车0辆、机要通信用车0辆、"
    "应急保障用车2辆、执法执勤用车0辆、特种专业技术用车3辆、离退休干部服务用车0辆、其他用车2辆，"
    "其他用车主要是一般公务用车和工程巡查用车；单位价值100万元以上设备（不含车辆）2台（套）。",
    # 十四: the department writes full-width commas, so the generated sentence does too
    "从评价情况看，项目资金拨付及时，支出符合规定用途，绩效目标基本实现。组织对“市政设施维护管理”、“工程建设质量安全监管”、"
    "“城区环境卫生保洁”、“防汛应急抢险”等4个专项开展了评价，绩效目标基本实现，情况良好。部门整体支出绩效评价报告详见第五部分。",
]


@pytest.mark.parametrize("expected", SHIYE_SENTENCES, ids=_ids(SHIYE_SENTENCES))
def test_shiye_sentence_in_typst_source(expected):
    assert norm(expected) in typst_text(SHIYE)


@pytest.mark.parametrize("expected", SHIYE_SENTENCES, ids=_ids(SHIYE_SENTENCES))
def test_shiye_sentence_in_pdf(expected):
    assert norm(expected) in pdf_text(SHIYE)


# --- variants of shiye-2024 (.jsl text) for the remaining branches ----------------------


def variant(tmp_path: Path, *edits: tuple[str, str]):
    """shiye-2024.jsl with each (old, new) replaced once; returns the check result."""
    text = SHIYE.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "v.jsl"
    path.write_text(text, encoding="utf-8")
    result = check_file(path, root=tmp_path)
    assert result.report is not None and result.derived is not None
    return result


def variant_part3(tmp_path: Path, *edits: tuple[str, str]):
    """A variant's sentences, its year and its derived part three."""
    result = variant(tmp_path, *edits)
    return say_for(result), result.report.year, result.derived.part3


OVERVIEW = '收支总计 上年 1712.45 原因 "政府性基金安排的城市建设项目支出增加。"'
FISCAL = '财政拨款收支总计 上年 1489.30 原因 "政府性基金安排的城市建设项目和年中追加的防汛应急抢险经费增加。"'
GENERAL = '财政拨款支出 上年 1032.18 原因 "年中追加背街小巷市政设施维修改造和防汛应急抢险经费。"'
RUNNING = '机关运行经费 58.62 上年 63.10 原因 "厉行节约，压减日常公用经费。"'


def test_unchanged_from_last_year_is_chiping(tmp_path):
    say, year, d = variant_part3(
        tmp_path,
        (OVERVIEW, '收支总计 上年 1850.86 原因 "无变化。"'),
        (GENERAL, "财政拨款支出 上年 1078.66"),
        (RUNNING, "机关运行经费 58.62 上年 58.62"),
    )
    assert say.overview(year, d.overview) == "2024年度收、支总计1850.86万元。与上年持平。"
    assert say.general_total(year, d) == "2024年度一般公共预算财政拨款支出1078.66万元，占本年支出合计的60.7%，与上年持平。"
    assert say.running_cost(year, d.running_cost) == "本部门2024年度机关运行经费支出58.62万元，与上年决算数持平。"


def test_zero_prior_has_no_rate(tmp_path):
    say, year, d = variant_part3(tmp_path, (FISCAL, '财政拨款收支总计 上年 0 原因 "本年新设立。"'))
    assert say.fiscal_overview(year, d.fiscal_overview) == (
        "2024年度财政拨款收、支总计1601.26万元，与上年相比，增加1601.26万元，主要是因为本年新设立。"
    )


def test_no_prior_means_no_comparison_and_no_reason_ends_after_the_rate(tmp_path):
    say, year, d = variant_part3(
        tmp_path,
        (OVERVIEW, '收支总计 原因 "政府性基金安排的城市建设项目支出增加。"'),
        (FISCAL, "财政拨款收支总计 上年 1489.30"),
        (RUNNING, "机关运行经费 58.62 上年 50"),
    )
    assert say.overview(year, d.overview) == "2024年度收、支总计1850.86万元。"
    assert say.fiscal_overview(year, d.fiscal_overview) == "2024年度财政拨款收、支总计1601.26万元，与上年相比，增加111.96万元，增长7.5%。"
    assert say.running_cost(year, d.running_cost) == "本部门2024年度机关运行经费支出58.62万元，比上年决算数增加8.62万元，增长17.2%。"


def test_running_cost_not_given(tmp_path):
    say, year, d = variant_part3(tmp_path, (RUNNING + "\n", ""))
    assert say.running_cost(year, d.running_cost, False) == ""  # silent source: nothing said (C10-01 asks)
    assert say.running_cost(year, d.running_cost, True) == "本部门2024年度无机关运行经费支出。"  # 单位性质 事业单位


def test_item_without_reason_stops_after_the_rate(tmp_path):
    say, _, d = variant_part3(tmp_path, (' 原因 "工程质量检测服务政府采购价格低于预算。"', ""))
    texts = [say.item_budget(item) for item in d.general.items]
    assert "年初预算为50万元，支出决算为45.30万元，完成年初预算的90.6%。" in texts


def test_three_public_without_trips_receptions_or_prior(tmp_path):
    say, _, d = variant_part3(
        tmp_path,
        ("    决算 4.86\n    上年 3.20\n", "    决算 0\n"),
        ("    团组 1\n    人次 2\n", "    团组 0\n    人次 0\n"),
        ("    决算 1.35\n", "    决算 0\n"),
        ("    批次 12\n    人次 86\n", "    批次 0\n    人次 0\n"),
    )
    tp = d.three_public
    assert say.three_public_item(tp.items[0]) == (
        "因公出国（境）费支出预算为5万元，支出决算为0万元，完成预算的0%，决算数小于预算数的主要原因是严格按批准的出访天数和开支标准执行。"
    )
    assert say.trip_detail(1, tp) == "1、因公出国（境）费支出决算为0万元，全年未安排因公出国（境）团组。"
    assert say.reception_detail(2, tp) == "2、公务接待费支出决算为0万元，全年未接待来访团组。"


def test_no_procurement(tmp_path):
    say, year, d = variant_part3(
        tmp_path,
        ("货物 86.40 中小企业 80.10", "货物 0 中小企业 0"),
        ("工程 268.50 中小企业 268.50", "工程 0 中小企业 0"),
        ("服务 142.30 中小企业 120.60", "服务 0 中小企业 0"),
        ("小微企业 350.20", "小微企业 0"),
    )
    assert say.procurement(year, d.procurement) == (
        "本部门2024年度政府采购支出总额0万元，其中：政府采购货物支出0万元、政府采购工程支出0万元、政府采购服务支出0万元。"
    )


def test_no_conclusion_and_no_other_section(tmp_path):
    result = variant(
        tmp_path,
        ('  项目评价结论 "绩效目标基本实现，情况良好"\n', ""),
        ('  其他 "本单位部门决算在株洲市天元区人民政府门户网站信息公开平台的“财政信息”栏目中公开。"\n', ""),
    )
    source = render_typst(result.report, result.derived)
    texts = printed_texts(source)
    first = texts.index("（一）绩效管理工作开展情况")
    assert texts[first + 1].endswith("“防汛应急抢险”等4个专项开展了评价。部门整体支出绩效评价报告详见第五部分。")
    assert "十五、其他" not in source


def test_performance_sub_sections_are_numbered_in_order_of_those_given(tmp_path):
    """十四: a sub-section without text is left out and the next one takes its number;
    without the department's 管理情况, （一） is the generated list alone."""
    result = variant(
        tmp_path,
        ("  管理情况 ", "  # 管理情况 "),
        ("  整体绩效情况 ", "  # 整体绩效情况 "),
    )
    texts = printed_texts(render_typst(result.report, result.derived))
    first = texts.index("（一）绩效管理工作开展情况")
    assert texts[first + 1].startswith("组织对“市政设施维护管理”")
    assert "（二）存在的问题及原因分析" in texts
    assert not [t for t in texts if t.endswith("整体支出绩效情况")]


def test_source_text_is_printed_as_text_not_markup(tmp_path):
    """A reason holding Typst markup prints as itself (the environment escapes it)."""
    reason = '含#set text(red)、]、$x$与<label>及\\"引号\\"。'
    result = variant(tmp_path, (OVERVIEW, f'收支总计 上年 1712.45 原因 "{reason}"'))
    built = build_pdf(result.report, result.derived)
    assert built.compiled is not None, built.diagnostics
    import io

    text = norm("".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(built.compiled.pdf)).pages))
    assert norm('主要是因为含#set text(red)、]、$x$与<label>及"引号"。') in text


# --- the macros on their own: branches no example reaches -----------------------------------

SAY = say_of(builtin_layout())


def fig(shown: str, value: str | None = None) -> Figure:
    """A figure as derive gives it: `shown` printed, `value` exact (None: undefined)."""
    if value is None and shown:
        value = shown.removesuffix("%")
    return Figure(("test",), None if value is None else Decimal(value), "amount", shown)


def yoy(current="100.00", prior="100.00", direction="持平", rate_word="持平", amount="", rate="", reason=None):
    return NS(current=fig(current), prior=None if prior is None else fig(prior), direction=direction,
              rate_word=rate_word, amount_shown=amount, rate_shown=rate, reason=reason)


def test_item_title_leaves_out_an_unknown_section_name():
    # derive gives the bare 款 code when the catalog has no name for it (e.g. 20101 for 2010101)
    item = {"category_name": "一般公共服务支出", "section_name": "20101", "name": "行政运行"}
    assert SAY.item_title(3, item) == "3、一般公共服务支出（类）行政运行（项）。"
    item["section_name"] = "档案事务"
    assert SAY.item_title(1, item) == "1、一般公共服务支出（类）档案事务（款）行政运行（项）。"


def test_three_public_year_on_year_unchanged_and_without_reason():
    assert SAY.yoy_three_public(yoy()) == "与上年持平"
    assert SAY.yoy_three_public(yoy(direction="减少", rate_word="减少", amount="0.61", rate="82.4%")) == (
        "与上年相比减少0.61万元，减少82.4%"
    )
    assert SAY.yoy_three_public(yoy(prior=None, direction=None)) == ""


def test_running_cost_without_last_year():
    assert SAY.running_cost(2024, yoy(current="42.22", prior=None, direction=None)) == "本部门2024年度机关运行经费支出42.22万元。"


def test_a_share_of_a_zero_total_is_left_out():
    c = NS(total=fig("0.00"), parts=(NS(name="财政拨款收入", amount=fig("0.00"), share=fig("", None)),
                                     NS(name="事业收入", amount=fig("0.00"), share=fig("", None))))
    assert SAY.income(2024, c) == "2024年度收入合计0万元，其中：财政拨款收入0万元；事业收入0万元。"


def general(categories=(), items=()):
    """A part three with only what 五 reads (no 政府性基金, no 国有资本经营)."""
    g = NS(total=yoy(current="0.00", prior=None, direction=None), share=fig("", None), categories=categories,
           budget=fig("0.00"), completion=fig("", None), items=items)
    absent = NS(present=False)
    return NS(general=g, government_funds=absent, state_capital=absent)


def test_general_budget_without_categories_or_items():
    d = general()
    assert SAY.general_total(2024, d) == "2024年度财政拨款支出0万元。"
    assert SAY.general_structure(2024, d) == "2024年度财政拨款支出0万元。"
    assert SAY.general_budget(2024, d) == "2024年度财政拨款支出年初预算数为0万元，支出决算数为0万元。"


def test_fund_spending_without_the_balances_of_table_04():
    f = NS(present=True, spending=fig("32.50"), basic=fig("0.00"), project=fig("32.50"))
    balances = {"carry_in": None, "income": None, "carry_out": None}
    assert SAY.state_capital(2024, f, balances) == (
        "2024年度国有资本经营预算财政拨款支出32.50万元，其中：基本支出0万元、项目支出32.50万元。"
    )


def test_basic_part_without_economic_sections():
    part = NS(name="公用经费", amount=fig("0.00"), share=fig("", None))
    assert SAY.basic_part(part, ()) == "公用经费0万元。"


def test_a_purchase_with_content_and_a_lead_already_written():
    def line(key, name, actual, content):
        return NS(key=key, name=name, actual=fig(actual), content=content)

    tp = NS(
        cars=line("公务用车", "公务用车购置费及运行维护费", "29.60", None),
        items=(line("公务用车购置", "公务用车购置费", "17.60", "主要是购置应急抢修车1辆。"),
               line("公务用车运行", "公务用车运行维护费", "12.00", "加油费、维修费；")),
        vehicles=fig("5"),
    )
    assert SAY.cars_detail(3, 2024, tp) == (
        "3、公务用车购置费及运行维护费支出决算为29.60万元，其中：公务用车购置费17.60万元，主要是购置应急抢修车1辆。"
        "公务用车运行维护费12.00万元，主要是加油费、维修费，截止2024年12月31日，我单位开支财政拨款的公务用车保有量为5辆。"
    )


def test_performance_tail_without_evaluated_projects_or_part_five():
    d = NS(evaluated=(), evaluated_count=fig("0"))
    assert SAY.performance_tail(d, "情况良好", "管理情况。", False) == ""
    assert SAY.performance_tail(d, None, None, True) == "部门整体支出绩效评价报告详见第五部分。"
    d = NS(evaluated=("甲",), evaluated_count=fig("1"))
    assert SAY.performance_tail(d, "情况良好。", "有，全角", False) == "组织对“甲”等1个专项开展了评价，情况良好。"


def test_part_one_sentences():
    assert SAY.offices("区委办", ()) == "区委办未设内设机构。"
    assert SAY.offices("区委办", ("秘书科", "督查室")) == "区委办内设机构包括：秘书科、督查室。"
    assert SAY.units("区委办", 2024, ()) == "区委办2024年部门决算汇总公开单位构成包括：区委办本级。"
    assert SAY.units("区委办", 2024, ("档案馆",)) == "区委办2024年部门决算汇总公开单位构成包括：区委办本级以及档案馆。"


def test_a_macro_returns_plain_text_that_the_typst_environment_escapes():
    """A macro's text is a plain str (not Typst code): printed, it becomes an escaped string literal."""
    from juesuan_dsl.render.environment import environment
    from juesuan_dsl.render.escape import typst_text

    up = yoy(direction="增加", rate_word="增长", amount="1.00", rate="1%", reason='#set text(red)"]')
    text = SAY.overview(2024, up)
    assert type(text) is str and text.endswith('主要是因为#set text(red)"]。')
    printed = environment(builtin_layout().folder, True).from_string("<< say.overview(2024, y) >>").render(say=SAY, y=up)
    assert printed == typst_text(text)


def test_an_unknown_sentence_is_an_error():
    with pytest.raises(AttributeError):
        SAY.no_such_sentence(2024)


@pytest.mark.parametrize(
    ("text", "ended", "inner"),
    [
        ("厉行节约，运转支出减少。", "厉行节约，运转支出减少。", "厉行节约，运转支出减少"),
        ("临时因公出国经费追加", "临时因公出国经费追加。", "临时因公出国经费追加"),
        ("是否减少？", "是否减少？", "是否减少？"),
        ("  人员退休；", "人员退休。", "人员退休"),
        ("称“勤俭节约。”", "称“勤俭节约。”", "称“勤俭节约。”"),
    ],
)
def test_end_and_clause(text, ended, inner):
    assert sentences.end(text) == ended
    assert sentences.clause(text) == inner


def test_paragraphs_of_a_multiline_text():
    assert sentences.paragraphs("第一段\n接着。\n\n第二段。\n") == ["第一段接着。", "第二段。"]
    assert sentences.paragraphs(None) == []
