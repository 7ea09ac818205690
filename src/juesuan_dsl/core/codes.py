"""The registry of diagnostic codes: one place for every code, its severity and its Chinese message.

The whole registry is this data: importing this module alone yields every code,
the audit checks' and the assertions' included (no stage registers its own).

Codes are stable: tests and users' CI scripts match on them, so a code is never
reused for a different meaning. Ranges: E00 files, E01 syntax, E02 structure,
E03 includes, project files, the prior-year file and git revisions, E04 catalogs,
E05 year over year, E06 audit checks, E07 assertions, E09 internal errors.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .diagnostics import Diagnostic, Related, Severity
from .source import Span

E, W, X, I = Severity.ERROR, Severity.WARNING, Severity.EXPLAIN, Severity.INFO


@dataclass(frozen=True, slots=True)
class Code:
    """A registered diagnostic: code, severity, message template, default hint."""

    code: str
    severity: Severity
    message: str
    hint: str = ""


CHECK_MESSAGE = "[{check_id}] {detail}"  # every audit check: its id, then what the rule found
ASSERTION_NAMES_HINT = "可核对的数见 docs/language.md 第 12 节；有的数要写了相应数据才有（如增减率要有上年数）。"

_ALL = [
    # files
    Code("JSC-E0001", E, "文件不是 UTF-8 编码（第 {offset} 个字节无法解码）", "请在编辑器中把文件另存为 UTF-8 编码。"),
    Code("JSC-E0002", E, "无法读取文件：{reason}"),
    Code("JSC-E0003", E, "文件含有不可见的控制字符 U+{cp:04X}", "请删除该字符；它可能是从其他软件复制时带入的。"),
    # syntax
    Code("JSC-E0101", E, "无法识别的字符“{char}”"),
    Code("JSC-E0102", E, "这里写了全角标点“{char}”，应为半角的 {ascii}", "把输入法切换到英文（半角）标点后重新输入。"),
    Code("JSC-E0103", E, "文字缺少结束的双引号", "文字写在一对半角双引号 \"…\" 中；要写多行文字请用三个双引号 \"\"\"…\"\"\"。"),
    Code("JSC-E0104", E, "多行文字缺少结束的 \"\"\"", "多行文字以单独的 \"\"\" 结束。"),
    Code("JSC-E0105", E, "此处不应出现{found}", "每行以关键字或科目编码开头，后面是值和“名称 值”对。"),
    Code("JSC-E0106", E, "块没有结束：这里的“{{”缺少对应的“}}”", "在块的最后加一行“}}”。"),
    Code("JSC-E0107", E, "多余的“}}”：前面没有对应的“{{”"),
    Code("JSC-E0108", E, "数字“{text}”的写法不正确", "金额写作 145.09 这样的半角数字，不加千分位逗号和单位。"),
    Code("JSC-E0109", E, "数字应为半角，写成了全角“{char}”", "把输入法切换到半角后重新输入数字。"),
    Code("JSC-E0111", E, "这里写了冒号“{char}”：关键字和它的值之间不写冒号", "用空格分开，例如：年度 2024。"),
    Code("JSC-E0110", E, "错误太多，已停止检查本文件的其余部分"),
    # structure
    Code("JSC-E0201", E, "未知的关键字“{word}”"),
    Code("JSC-E0202", E, "“{word}”不能写在{where}"),
    Code("JSC-E0203", E, "“{key}”后面缺少{expected}"),
    Code("JSC-E0204", E, "“{key}”的值应为{expected}，写成了{found}"),
    Code("JSC-E0205", E, "“{head}”这一行不能有“{word}”"),
    Code("JSC-E0206", E, "“{key}”在同一行写了两次"),
    Code("JSC-E0207", E, "“{key}”后面应有一个块“{{ … }}”"),
    Code("JSC-E0208", E, "“{key}”后面不能有块"),
    Code("JSC-E0209", E, "“{key}”只能写一次", "删除重复的一行，或合并两处的内容。"),
    Code("JSC-E0210", E, "科目编码“{code}”应为 {lengths} 位数字"),
    Code("JSC-E0211", E, "缺少必填的“{key}”", "在文件开头写上：{example}"),
    Code("JSC-E0212", E, "科目 {code} 在这个块里已经写过（第 {line} 行）", "同一块里每个科目只写一行；不同单位的数据请放在各自的块或文件中。"),
    Code("JSC-E0213", E, "“{key}”的值 {value} 不在合理范围内（{range}）"),
    Code("JSC-E0214", E, "“{key}”后面多了“{found}”"),
    Code("JSC-W0215", W, "空的块“{key}”"),
    # includes, project files
    Code("JSC-E0301", E, "找不到文件“{path}”"),
    Code("JSC-E0302", E, "文件“{path}”在项目目录“{root}”之外", "被包含的文件须放在项目目录之内。"),
    Code("JSC-E0303", E, "循环包含：{chain}"),
    Code("JSC-E0304", E, "“{path}”不是一个可读的文本文件：{reason}"),
    Code("JSC-E0305", E, "“包含”只能包含 .jsl 文件，“{path}”不是", "科目表请用“科目表”引入。"),
    # the prior-year file (上年 "….jsl") and git revisions (jsc diff --rev)
    Code("JSC-E0306", E, "上年文件“{path}”有 {count} 个错误，上年数无法从中取得"),
    Code("JSC-E0307", E, "“上年”应指向上年度的 .jsl 源文件，“{path}”不是"),
    Code("JSC-E0308", E, "“上年”指向了本文件自己（“{path}”）", "写上年度的源文件，如 上年 \"区委办-2023.jsl\"。"),
    Code("JSC-E0311", E, "“{path}”不在 git 仓库中，无法取得它在 {rev} 的版本"),
    Code("JSC-E0312", E, "git 中没有版本“{rev}”", "可用 git log 查看提交，例如 --rev HEAD~1。"),
    Code("JSC-E0313", E, "文件“{path}”在版本 {rev} 中不存在"),
    Code("JSC-E0314", E, "无法运行 git：{reason}"),
    Code("JSC-E0320", E, "没有名为“{name}”的内置版式", "内置版式有：{names}。自己的版式请写版式文件夹的路径，如 版式 \"版式/我的版式\"。"),
    Code("JSC-E0322", E, "版式的模板出错：{detail}", "这是版式文件夹中模板的问题，不是源文件的：请改正模板，或换用内置版式。"),
    Code("JSC-E0321", E, "版式文件夹“{path}”不能使用：{problem}", "版式文件夹须有 layout.toml 和它列出的模板；可复制一个内置版式的文件夹来改（见 docs/layouts.md）。"),
    # catalogs
    Code("JSC-E0401", E, "科目表中没有科目 {code}"),
    Code("JSC-I0402", I, "科目 {code} 使用了源文件中写的名称“{name}”（科目表中为“{catalog}”）"),
    Code("JSC-E0403", E, "科目表文件有误：{problem}"),
    # year over year (docs/year-over-year.md)
    Code(
        "JSC-W0501", W, "{what}的上年数写的是 {written} 万元，上年文件“{path}”算出 {linked} 万元，相差 {diff}；按本文件写的数计算",
        "删去这里的上年数即按上年文件计算；若上年公开的就是这个数（如上年文件在公开后改过），保留即可。",
    ),
    Code("JSC-W0502", W, "尚未填写：{section}", "按下面注释中上年的各行填写本年的数，填好后删去这行“# 待填”。"),
    Code("JSC-W0503", W, "上年文件“{path}”是 {found} 年度的，本文件的上年应为 {expected} 年度"),
    Code("JSC-W0504", W, "上年文件“{path}”的部门是“{found}”，与本文件的“{this}”不同"),
    # audit checks: one code per row of rules/registry.py CHECKS (the comment is its check id);
    # the letter follows the severity, and an acknowledged finding keeps its code as INFO
    Code("JSC-E0601", E, CHECK_MESSAGE),  # A01-01
    Code("JSC-E0602", E, CHECK_MESSAGE),  # A02-01
    Code("JSC-X0603", X, CHECK_MESSAGE),  # A02-02
    Code("JSC-E0604", E, CHECK_MESSAGE),  # A04-01
    Code("JSC-E0605", E, CHECK_MESSAGE),  # A05-01
    Code("JSC-E0606", E, CHECK_MESSAGE),  # A06-01
    Code("JSC-E0607", E, CHECK_MESSAGE),  # A06-02
    Code("JSC-E0608", E, CHECK_MESSAGE),  # A06-03
    Code("JSC-E0609", E, CHECK_MESSAGE),  # A06-04
    Code("JSC-E0610", E, CHECK_MESSAGE),  # A06-05
    Code("JSC-E0611", E, CHECK_MESSAGE),  # A06-06
    Code("JSC-E0612", E, CHECK_MESSAGE),  # A07-01
    Code("JSC-E0613", E, CHECK_MESSAGE),  # A08-01
    Code("JSC-E0614", E, CHECK_MESSAGE),  # A09-01
    Code("JSC-W0615", W, CHECK_MESSAGE),  # A09-02
    Code("JSC-W0616", W, CHECK_MESSAGE),  # A10-01
    Code("JSC-E0617", E, CHECK_MESSAGE),  # A12-01
    Code("JSC-E0618", E, CHECK_MESSAGE),  # A12-02
    Code("JSC-E0619", E, CHECK_MESSAGE),  # A13-01
    Code("JSC-X0620", X, CHECK_MESSAGE),  # B01-01
    Code("JSC-X0621", X, CHECK_MESSAGE),  # B05-01
    Code("JSC-X0622", X, CHECK_MESSAGE),  # B09-01
    Code("JSC-X0623", X, CHECK_MESSAGE),  # B09-02
    Code("JSC-X0624", X, CHECK_MESSAGE),  # B09-03
    Code("JSC-X0625", X, CHECK_MESSAGE),  # B09-04
    Code("JSC-X0626", X, CHECK_MESSAGE),  # B10-01
    Code("JSC-E0627", E, CHECK_MESSAGE),  # P01-01
    Code("JSC-X0628", X, CHECK_MESSAGE),  # P01-02
    Code("JSC-X0629", X, CHECK_MESSAGE),  # P01-03
    Code("JSC-I0630", I, CHECK_MESSAGE),  # P01-04
    Code("JSC-E0631", E, CHECK_MESSAGE),  # P02-01
    Code("JSC-E0632", E, CHECK_MESSAGE),  # P02-02
    Code("JSC-W0633", W, CHECK_MESSAGE),  # P02-03
    Code("JSC-E0634", E, CHECK_MESSAGE),  # P02-04
    Code("JSC-W0635", W, CHECK_MESSAGE),  # C01-01
    Code("JSC-W0636", W, CHECK_MESSAGE),  # C01-02
    Code("JSC-W0637", W, CHECK_MESSAGE),  # C03-01
    Code("JSC-W0638", W, CHECK_MESSAGE),  # C05-01
    Code("JSC-W0639", W, CHECK_MESSAGE),  # C09-01
    Code("JSC-W0640", W, CHECK_MESSAGE),  # C10-01
    Code("JSC-W0641", W, CHECK_MESSAGE),  # C11-01
    Code("JSC-W0642", W, CHECK_MESSAGE),  # C12-01
    Code("JSC-W0643", W, CHECK_MESSAGE),  # C13-01
    Code("JSC-W0644", W, CHECK_MESSAGE),  # C14-01
    Code("JSC-W0645", W, CHECK_MESSAGE),  # C15-01
    Code("JSC-W0646", W, CHECK_MESSAGE),  # C15-02
    Code("JSC-W0647", W, CHECK_MESSAGE),  # C15-03
    Code("JSC-E0648", E, CHECK_MESSAGE),  # A09-03
    Code("JSC-E0649", E, CHECK_MESSAGE),  # A09-04
    Code("JSC-E0650", E, CHECK_MESSAGE),  # A12-03
    Code("JSC-W0651", W, CHECK_MESSAGE),  # A12-04
    Code("JSC-E0652", E, CHECK_MESSAGE),  # A14-01
    Code("JSC-E0653", E, CHECK_MESSAGE),  # A14-02
    Code("JSC-E0654", E, CHECK_MESSAGE),  # D01-01
    Code("JSC-E0655", E, CHECK_MESSAGE),  # D01-02
    Code("JSC-E0656", E, CHECK_MESSAGE),  # D02-01
    Code("JSC-E0657", E, CHECK_MESSAGE),  # D03-01
    Code("JSC-W0658", W, CHECK_MESSAGE),  # T01-01
    Code("JSC-W0659", W, CHECK_MESSAGE),  # T01-02
    Code("JSC-W0660", W, CHECK_MESSAGE),  # T01-03
    Code("JSC-W0661", W, CHECK_MESSAGE),  # T01-04
    Code("JSC-W0662", W, CHECK_MESSAGE),  # T01-05
    Code("JSC-W0663", W, CHECK_MESSAGE),  # T01-06
    Code("JSC-E0664", E, CHECK_MESSAGE),  # T01-07
    Code("JSC-W0665", W, CHECK_MESSAGE),  # C09-02
    Code("JSC-I0690", I, "源文件有错误，部分数据未读入：{count} 项检查未运行", "改正上面的错误后再检查。未运行的：{ids}。"),
    Code("JSC-W0691", W, "已知差异 {check_id} 没有对应的问题：这项检查没有发现差异", "数据已改正时请删除这一行。"),
    Code("JSC-E0692", E, "没有编号为“{check_id}”的检查", "可用的检查编号：{ids}。见 docs/checks.md。"),
    # assertions (核对, rules/assertions.py)
    Code(
        "JSC-E0701", E, "核对不符：{name} 写的是 {stated}，算得 {computed}，相差 {diff}",
        "写的数在尾数区间之外，不能作为公开数印出；请改正原始数据，或把核对改为算得的数。已知且已说明的差异可在这一行末尾加：说明 \"……\"。",
    ),
    Code("JSC-E0702", E, "没有可核对的数“{name}”", ASSERTION_NAMES_HINT),
    Code("JSC-E0703", E, "“{name}”是{kind}，核对写成了{written}", "{fix}"),
    Code("JSC-W0704", W, "核对 {name} 与算得的数相符，这一行的“说明”可以删除"),
    Code(
        "JSC-I0705", I, "尾数：{name} 公开数 {stated}，由各部分算得 {computed}（相差 {diff}），按公开数印出，并用它计算",
        "公开数由账上的元数汇总、舍入而来，在各部分尾数允许的区间之内（docs/checks.md“核对”）。",
    ),
    Code(
        "JSC-E0706", E, "同一个数写了两个值：{name} 这里写 {stated}，第 {line} 行写 {first}",
        "两个值都在尾数区间之内，jsc 印第一个；公开文本中的同一个数只能有一个值，请改为一致。",
    ),
    Code(
        "JSC-I0708", I, "尾数：{name} 各部分之和为 {computed}，与 {other} 相差尾数，两侧都印 {printed}",
        "两侧的区间相交，jsc 印同一个数（docs/checks.md“核对”）；公开文本的数不同时，请用核对写出。",
    ),
    Code(
        "JSC-W0707", W, "核对 {name} 写的是 {stated}，基数为 0，算不出",
        "预算或上年为 0 时完成率、增长率没有定义；公开文本照此印出时可以保留，或在行末加 说明 \"……\"。",
    ),
    # internal
    Code("JSC-E0901", E, "jsc 内部错误：{detail}", "这是 jsc 的缺陷，请把源文件和这条信息报告给维护者。"),
]

REGISTRY: Mapping[str, Code] = MappingProxyType({c.code: c for c in _ALL})


def note_code(code: str) -> str:
    """The code a finding has once it is explained (已知差异, 说明): the same number with the
    letter of a note, JSC-E0605 → JSC-I0605, so that the code says what the finding now is."""
    return f"JSC-I{code[5:]}" if code.startswith("JSC-") and len(code) == 9 else code


def explained_from(code: str) -> str:
    """The finding's own code behind a note code made by note_code (JSC-I0605 → its check's code)."""
    if not code.startswith("JSC-I"):
        return code
    return next((c for c in REGISTRY if c[5:] == code[5:] and c != code), code)


def make(
    code: str,
    span: Span | None,
    /,
    *,
    hint: str | None = None,
    related: tuple[Related, ...] = (),
    severity: Severity | None = None,
    **params: object,
) -> Diagnostic:
    """Build a diagnostic from the registry; params fill the message and hint templates."""
    entry = REGISTRY[code]
    message = entry.message.format(**params)
    text_hint = entry.hint.format(**params) if hint is None else hint
    check = params.get("check_id")
    return Diagnostic(code, severity or entry.severity, message, span, text_hint, related, str(check) if check else None)

