"""The registry of diagnostic codes: one place for every code, its severity and its Chinese message.

Codes are stable: tests and users' CI scripts match on them, so a code is never
reused for a different meaning. Ranges: E00 files, E01 syntax, E02 structure,
E03 includes, project files, the prior-year file and git revisions, E04 catalogs,
E05 year over year, E06 audit checks, E07 assertions, E09 internal errors.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    # internal
    Code("JSC-E0901", E, "jsc 内部错误：{detail}", "这是 jsc 的缺陷，请把源文件和这条信息报告给维护者。"),
]

REGISTRY: dict[str, Code] = {c.code: c for c in _ALL}


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
    return Diagnostic(code, severity or entry.severity, message, span, text_hint, related)


def register(entries: list[Code]) -> None:
    """Add codes from a later stage (semantic passes keep their codes next to their data)."""
    for entry in entries:
        if entry.code in REGISTRY and REGISTRY[entry.code] != entry:
            raise ValueError(f"diagnostic code {entry.code} registered twice")
        REGISTRY[entry.code] = entry
