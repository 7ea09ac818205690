"""The vocabulary of .jsl: which statements may stand where, with which values and names.

The grammar (grammar/jsl.lark) fixes the shape of a line; this table gives the
words their meaning. Keeping it as data lets the checker say "did you mean"
among exactly the words allowed at that place, and lets docs and tests list it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from ..core.vocabulary import (
    FUND_KINDS,
    INCOME_SOURCES,
    LEVEL1,
    LEVEL2,
    OVERALL_FUND_SOURCES,
    PERFORMANCE_GRADES,
    PERFORMANCE_PROBLEMS,
    PERFORMANCE_STAGES,
    PROCUREMENT_KINDS,
    PROJECT_FUND_SOURCES,
    PROJECT_KINDS,
    RESERVED_FOR,
    SPENDING_KINDS,
    THREE_PUBLIC_ITEMS,
    UNIT_KINDS,
    VEHICLE_KINDS,
)

# Value types of arguments and names.
AMOUNT = "amount"  # a decimal number, in the file's money unit
COUNT = "count"  # a whole number >= 0
YEAR = "year"
TEXT = "text"  # "..." or """...""" (a bare number is accepted as its text)
WORD = "word"  # one of `choices`
PATH = "path"  # a quoted relative path
FIGURE = "figure"  # an amount or a percentage (assertions)
CHECK_ID = "check-id"  # a check id word such as A06-01
LAYOUT = "layout"  # a built-in layout's name (湖南) or a quoted path to a layout folder

CODE_ROW = "<项>"  # a row headed by a 7-digit function code
ECON_ROW = "<款>"  # a row headed by a 5-digit economic code
TEXT_ROW = "<文本>"  # a row headed by a quoted text


@dataclass(frozen=True, slots=True)
class Arg:
    """One value: its name (for messages), type, allowed words, and whether it may be left out."""

    name: str
    type: str
    choices: tuple[str, ...] = ()
    optional: bool = False


@dataclass(frozen=True, slots=True)
class Spec:
    """One statement kind.

    key: the head word, or CODE_ROW / ECON_ROW / TEXT_ROW; args: positional
    values after the head; props: allowed "name value" pairs; block: the
    context name of its { block }, or None; block_required: the block must be
    there; unique: at most once per enclosing block; doc: one line for docs;
    required: names among props that the line must write (绩效目标 项目 … 金额 …).
    """

    key: str
    args: tuple[Arg, ...] = ()
    props: Mapping[str, Arg] = field(default_factory=dict)
    block: str | None = None
    block_required: bool = False
    unique: bool = True
    doc: str = ""
    required: tuple[str, ...] = ()


def _props(type_: str, *names: str) -> dict[str, Arg]:
    return {n: Arg(n, type_) for n in names}


ASSERTION = Spec("核对", unique=False, props={"说明": Arg("说明", TEXT)}, doc="核对一个公开的数")
INCLUDE = Spec("包含", (Arg("文件", PATH),), unique=False, doc="包含另一个文件")
NAME_ARG = Arg("名称", TEXT, optional=True)
_TEXT1 = (Arg("文字", TEXT),)


def _text_specs(*keys: str) -> dict[str, Spec]:
    return {k: Spec(k, _TEXT1) for k in keys}


def _context(*specs: Spec, extra: Mapping[str, Spec] | None = None) -> Mapping[str, Spec]:
    table = {s.key: s for s in specs}
    table.update(extra or {})
    table[INCLUDE.key] = INCLUDE
    return MappingProxyType(table)


_TEXT_LIST = _context(Spec(TEXT_ROW, unique=False, doc="一条"))

_INDICATOR = Spec(
    TEXT_ROW,
    unique=False,
    props={
        "指标值": Arg("指标值", TEXT),
        "完成值": Arg("完成值", TEXT),
        "分值": Arg("分值", AMOUNT),
        "得分": Arg("得分", AMOUNT),
        "偏差原因": Arg("偏差原因", TEXT),
    },
    doc="三级指标",
)

_PRIOR_REASON = {"上年": Arg("上年", AMOUNT), "原因": Arg("原因", TEXT)}

# The lines of a 三公 item's block; 公务接待's also takes its 外宾接待 part.
_THREE_PUBLIC_ITEM = (
    *(Spec(k, (Arg("金额", AMOUNT),)) for k in ("预算", "决算", "上年")),
    *(Spec(k, (Arg("数量", COUNT),)) for k in ("团组", "人次", "批次")),
    *(Spec(k, _TEXT1) for k in ("预算差异原因", "上年变动原因", "开支内容")),
)
_FOREIGN_RECEPTION = Spec(
    "外宾接待", (Arg("金额", AMOUNT),), _props(COUNT, "批次", "人次"), doc="公务接待中的外宾接待：金额、批次、人次",
)
_PERFORMANCE_COUNT = {"项目": Arg("项目", COUNT), "金额": Arg("金额", AMOUNT)}

CONTEXTS: Mapping[str, Mapping[str, Spec]] = MappingProxyType({
    "文件": _context(
        Spec("年度", (Arg("年度", YEAR),), doc="决算年度"),
        Spec("部门", (Arg("部门全称", TEXT),)),
        Spec("简称", (Arg("简称", TEXT),)),
        Spec("金额单位", (Arg("金额单位", WORD, ("万元", "元")),)),
        Spec("上年", (Arg("上年文件", PATH),)),
        Spec("版式", (Arg("版式", LAYOUT),), doc="印出的文件样式：内置版式名或版式文件夹"),
        Spec("科目表", (Arg("科目表文件", PATH),), unique=False),
        Spec("已知差异", (Arg("检查编号", CHECK_ID), Arg("说明", TEXT)), unique=False),
        Spec("概况", block="概况", block_required=True),
        Spec("收入", block="收入", block_required=True, unique=False),
        Spec("支出", (Arg("资金性质", WORD, FUND_KINDS),), block="支出", block_required=True, unique=False),
        Spec("结转结余", block="结转结余", block_required=True),
        Spec("基本支出明细", block="基本支出明细", block_required=True, unique=False),
        Spec("三公经费", block="三公经费", block_required=True),
        Spec("情况说明", block="情况说明", block_required=True),
        Spec("政府采购", block="政府采购", block_required=True),
        Spec("国有资产", block="国有资产", block_required=True),
        Spec("预算绩效", block="预算绩效", block_required=True),
        Spec("名词解释", block="名词解释", block_required=True),
        Spec("整体自评", block="整体自评", block_required=True),
        Spec("项目", (Arg("项目名称", TEXT),), block="项目", block_required=True, unique=False),
        Spec("排版", block="排版", block_required=True),
        ASSERTION,
    ),
    "概况": _context(
        Spec("职责", block="文本列表", block_required=True),
        Spec("职责补充", _TEXT1),
        Spec("内设机构", block="文本列表", block_required=True),
        Spec("决算单位", block="决算单位", block_required=True),
        Spec("单位构成说明", _TEXT1, doc="部门决算单位构成的引导句（替换版式的句子）"),
        Spec("单位性质", (Arg("单位性质", WORD, UNIT_KINDS),), doc="行政单位、参公事业单位或事业单位（事业单位没有机关运行经费）"),
    ),
    "文本列表": _TEXT_LIST,
    "决算单位": _context(Spec(TEXT_ROW, unique=False, props={"备注": Arg("备注", TEXT)}, doc="一个单位，可带备注")),
    "收入": _context(Spec(CODE_ROW, (NAME_ARG,), _props(AMOUNT, *INCOME_SOURCES), unique=False)),
    "支出": _context(
        Spec(
            CODE_ROW,
            (NAME_ARG,),
            {**_props(AMOUNT, *SPENDING_KINDS, "预算", "上年", "年初结转", "年末结转"), "原因": Arg("原因", TEXT), "用途": Arg("用途", TEXT)},
            unique=False,
        )
    ),
    "结转结余": _context(
        Spec("使用非财政拨款结余", (Arg("金额", AMOUNT),)),
        Spec("结余分配", (Arg("金额", AMOUNT),)),
        Spec("年初结转和结余", (Arg("金额", AMOUNT),), doc="部门一级、不属于哪个项的非财政拨款年初结转和结余"),
        Spec("年末结转和结余", (Arg("金额", AMOUNT),), doc="部门一级、不属于哪个项的非财政拨款年末结转和结余"),
    ),
    "基本支出明细": _context(Spec(ECON_ROW, (NAME_ARG, Arg("金额", AMOUNT)), unique=False)),
    "三公经费": _context(
        Spec("上年", (Arg("金额", AMOUNT),)),
        Spec("公务用车保有量", (Arg("辆数", COUNT),)),
        *(Spec(k, _TEXT1) for k in ("预算差异原因", "上年变动原因")),
        *(Spec(k, block="公务接待" if k == "公务接待" else "三公项目", block_required=True) for k in THREE_PUBLIC_ITEMS),
        Spec("公务用车", block="公务用车", block_required=True, doc="公务用车购置及运行维护费作为一项：上年数和原因"),
    ),
    "三公项目": _context(*_THREE_PUBLIC_ITEM),
    "公务接待": _context(*_THREE_PUBLIC_ITEM, _FOREIGN_RECEPTION),
    "公务用车": _context(
        Spec("上年", (Arg("金额", AMOUNT),), doc="上年公务用车购置及运行维护费（不分购置和运行时）"),
        *(Spec(k, _TEXT1) for k in ("预算差异原因", "上年变动原因")),
    ),
    "情况说明": _context(
        *(Spec(k, props=dict(_PRIOR_REASON)) for k in ("收支总计", "财政拨款收支总计", "财政拨款支出")),
        Spec("年初预算", props={"原因": Arg("原因", TEXT)}, doc="决算数与年初预算数差异的总的原因"),
        Spec("机关运行经费", (Arg("金额", AMOUNT),), dict(_PRIOR_REASON)),
        Spec("会议费", (Arg("金额", AMOUNT),)),
        Spec("培训费", (Arg("金额", AMOUNT),)),
        Spec("其他", _TEXT1),
    ),
    "政府采购": _context(
        *(Spec(k, (Arg("金额", AMOUNT),), {"中小企业": Arg("中小企业", AMOUNT)}) for k in PROCUREMENT_KINDS),
        Spec("小微企业", (Arg("金额", AMOUNT),)),
        *(Spec(k, (Arg("金额", AMOUNT),), {"中标": Arg("中标", AMOUNT)}, doc="预留的项目预算金额，中标或成交的金额")
          for k in RESERVED_FOR),
        Spec("非预留", props={"中小企业中标": Arg("中小企业中标", AMOUNT)}, required=("中小企业中标",),
             doc="其他项目中由中小企业中标或成交的金额"),
    ),
    "国有资产": _context(
        *(Spec(k, (Arg("辆数", COUNT),), {"说明": Arg("说明", TEXT)}) for k in VEHICLE_KINDS),
        Spec("大型设备", (Arg("台套数", COUNT),)),
    ),
    "预算绩效": _context(
        *_text_specs("管理情况", "项目评价结论", "管理制度").values(),
        *(Spec(k, props=dict(_PERFORMANCE_COUNT), required=tuple(_PERFORMANCE_COUNT), doc="项目个数和涉及的预算金额")
          for k in PERFORMANCE_STAGES[:2]),
        Spec(PERFORMANCE_STAGES[2], props={**_PERFORMANCE_COUNT, "平均得分": Arg("平均得分", AMOUNT)},
             required=tuple(_PERFORMANCE_COUNT), doc="项目个数、涉及的预算金额和平均得分"),
        Spec("评级", props=_props(COUNT, *PERFORMANCE_GRADES), doc="绩效自评各评级的项目个数"),
        Spec("自评问题", props=_props(COUNT, *PERFORMANCE_PROBLEMS), doc="绩效自评发现的问题个数、已整改、正在整改"),
    ),
    "名词解释": _context(Spec(TEXT_ROW, (Arg("解释", TEXT),), unique=False, doc="名词 解释")),
    "整体自评": _context(
        *_text_specs(
            "机构情况", "预期目标", "实际完成", "整体绩效情况", "存在问题", "改进措施", "结果应用",
            "政府性基金情况", "国有资本经营情况", "社会保险基金情况", "其他说明",
        ).values(),
        Spec("编制人数", (Arg("人数", COUNT),)),
        Spec("实有人数", (Arg("人数", COUNT),)),
        Spec("全年预算", (Arg("金额", AMOUNT),)),
        Spec("资金来源", (Arg("来源", WORD, OVERALL_FUND_SOURCES), Arg("金额", AMOUNT)), unique=False),
        Spec("绩效指标", block="绩效指标", block_required=True),
        ASSERTION,
    ),
    "项目": _context(
        Spec("类型", (Arg("类型", WORD, PROJECT_KINDS),)),
        *_text_specs("主管部门", "实施单位", "预期目标", "实际完成", "实施情况").values(),
        Spec(
            "资金",
            (Arg("来源", WORD, PROJECT_FUND_SOURCES),),
            _props(AMOUNT, "年初", "全年", "执行"),
            unique=False,
        ),
        Spec("绩效指标", block="绩效指标", block_required=True),
        ASSERTION,
    ),
    "绩效指标": _context(*(Spec(k, (Arg("分值", AMOUNT, optional=True),), block="一级指标", block_required=True) for k in LEVEL1)),
    "一级指标": _context(*(Spec(k, block="二级指标", block_required=True) for k in LEVEL2)),
    "二级指标": _context(_INDICATOR),
    "排版": _context(*_text_specs("正文字体", "标题字体", "表格字体").values()),
})

CONTEXT_NAMES = {
    "文件": "文件顶层",
    "概况": "“概况”块里",
    "文本列表": "这个列表里",
    "决算单位": "“决算单位”列表里",
    "收入": "“收入”块里",
    "支出": "“支出”块里",
    "结转结余": "“结转结余”块里",
    "基本支出明细": "“基本支出明细”块里",
    "三公经费": "“三公经费”块里",
    "三公项目": "三公经费的项目块里",
    "公务接待": "“公务接待”块里",
    "公务用车": "“公务用车”块里",
    "情况说明": "“情况说明”块里",
    "政府采购": "“政府采购”块里",
    "国有资产": "“国有资产”块里",
    "预算绩效": "“预算绩效”块里",
    "名词解释": "“名词解释”块里",
    "整体自评": "“整体自评”块里",
    "项目": "“项目”块里",
    "绩效指标": "“绩效指标”块里",
    "一级指标": "一级指标块里",
    "二级指标": "二级指标块里",
    "排版": "“排版”块里",
}


def contexts_with(key: str) -> list[str]:
    """Contexts in which a head word is allowed (for "write it inside …" hints)."""
    return [name for name, table in CONTEXTS.items() if key in table]
