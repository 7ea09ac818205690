"""The domain vocabulary: the words of a 部门决算 that every stage shares, written down once.

syntax/schema.py offers these words in .jsl, resolve reads them, derive lays
the tables out by them and the rules audit by them. Glossary: fund = 资金性质;
fiscal = 财政拨款 (the three budget kinds); category = 类, section = 款, item = 项.
"""

from __future__ import annotations

from types import MappingProxyType

# --- funds and sources (资金性质, 收入来源) -------------------------------------------

GENERAL = "一般公共预算"
GOVERNMENT_FUND = "政府性基金"
STATE_CAPITAL = "国有资本经营"
NON_FISCAL_FUND = "其他资金"  # non-fiscal money: a spending block, not a 财政拨款
FISCAL_FUNDS = (GENERAL, GOVERNMENT_FUND, STATE_CAPITAL)  # 财政拨款
FUND_KINDS = FISCAL_FUNDS + (NON_FISCAL_FUND,)  # the funds a 支出 block may name
FISCAL_FUND_NAMES = MappingProxyType({  # as the tables and messages name each fund's 财政拨款
    GENERAL: "一般公共预算财政拨款", GOVERNMENT_FUND: "政府性基金预算财政拨款", STATE_CAPITAL: "国有资本经营预算财政拨款",
})

NON_FISCAL_SOURCES = ("上级补助", "事业", "经营", "附属单位上缴", "其他")
INCOME_SOURCES = FISCAL_FUNDS + NON_FISCAL_SOURCES  # the columns of a 收入 row

# --- spending (支出性质) ----------------------------------------------------------------

SPENDING_KINDS = ("基本", "项目", "上缴上级", "经营", "对附属单位补助")

# --- economic classes (经济分类) of basic spending ------------------------------------

PERSONNEL = ("301", "303")  # 人员经费 = 工资福利支出 + 对个人和家庭的补助
PUBLIC_USE = ("302", "307", "310", "399")  # 公用经费

# --- 三公经费, 政府采购, 国有资产 -----------------------------------------------------------

THREE_PUBLIC_ITEMS = ("因公出国", "公务接待", "公务用车购置", "公务用车运行")
THREE_PUBLIC_ITEM_NAMES = MappingProxyType({  # each item's full name, as printed
    "因公出国": "因公出国（境）费", "公务接待": "公务接待费",
    "公务用车购置": "公务用车购置费", "公务用车运行": "公务用车运行维护费",
})
CAR_ITEMS = ("公务用车购置", "公务用车运行")  # 公务用车 (公务用车购置及运行维护费) = 购置 + 运行
PROCUREMENT_KINDS = ("货物", "工程", "服务")
# 政府采购 reserved for SMEs (上海): the reserved budget's head words, and the one for SME wins elsewhere
RESERVED_FOR = ("中小企业预留", "小微企业预留")
VEHICLE_KINDS = (
    "副部级及以上领导用车", "主要负责人用车", "机要通信用车", "应急保障用车",
    "执法执勤用车", "特种专业技术用车", "离退休干部服务用车", "其他用车",
)

# --- 绩效自评 -----------------------------------------------------------------------------

LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")
LEVEL2 = (
    "数量指标", "质量指标", "时效指标", "经济效益指标", "社会效益指标", "生态效益指标",
    "可持续影响指标", "服务对象满意度指标", "经济成本指标", "社会成本指标", "生态环境成本指标",
)
PROJECT_KINDS = ("年初预算", "年中追加")
# 预算绩效管理 (上海 第十节): the stages counted in projects and amounts, the self-evaluation grades
# in the order documents list them, and the problems found by the self-evaluation
PERFORMANCE_STAGES = ("绩效目标", "绩效跟踪", "绩效自评")
PERFORMANCE_GRADES = ("优", "良", "合格", "不合格")
PERFORMANCE_PROBLEMS = ("发现", "已整改", "正在整改")
PROJECT_FUND_SOURCES = ("当年财政拨款", "上年结转", "其他资金")
OVERALL_FUND_SOURCES = ("一般公共预算", "政府性基金", "财政专户", "其他资金")

#: The nine tables by id, with their stable names: the second word of their figures' keys
#: and of a 核对, the same in every layout (a layout prints its own titles and 表号 labels).
# 概况 单位性质: 机关运行经费 exists for 行政单位 and 参照公务员法管理的事业单位 only.
UNIT_KINDS = ("行政单位", "参公事业单位", "事业单位")
NO_RUNNING_COST = "事业单位"
# The order in which a source writes its top-level statements (docs/language.md's order, the
# examples'): a block the source lacks belongs after the last one before it that it has.
BLOCK_ORDER = (
    "年度", "部门", "简称", "金额单位", "版式", "科目表", "上年", "概况", "收入", "支出", "结转结余",
    "基本支出明细", "情况说明", "三公经费", "政府采购", "国有资产", "预算绩效", "名词解释", "整体自评", "项目",
)
TABLE_NAMES = MappingProxyType({
    "01": "收支总表", "02": "收入表", "03": "支出表", "04": "财政拨款收支总表", "05": "一般公共预算支出表",
    "06": "基本支出表", "07": "政府性基金表", "08": "国有资本经营表", "09": "三公表",
})
