"""`jsc new --from 2024.jsl 2025.jsl`: roll a source forward one year.

Kept as they are (they usually persist): 部门, 简称, 金额单位, 科目表 (paths
re-pointed), 概况, 名词解释, 排版, 第十五节 其他, the 整体自评 descriptions and
each project's 类型 / 实施单位 / 预期目标 and indicator targets (名称, 指标值, 分值).
年度 goes up by one and `上年 "2024.jsl"` links last year's file, so last year's
figures are never typed again. Dropped: every 上年 figure, 核对, 已知差异 (they
speak about last year's text), 完成值 / 得分 / 偏差原因, 实际完成, 实施情况 and the
reasons.

This year's figures cannot be left blank (the language has no blank value), so
each section to fill is written as comments: a `# 待填：…` marker (tofill.py),
then last year's lines with `?` for each number and last year's values in
（上年 …）. A section that a completeness check already reports when missing
(政府采购, 国有资产, 预算绩效, 机关运行经费 …) gets the comments but no marker.
The result is canonical (`jsc fmt --check` passes).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..core.source import SourceFile
from ..pipeline import CheckResult, check_file
from ..rules.unfilled import marker
from ..syntax import schema
from ..syntax.ast import Number, Statement, Text, Value
from .fmt import INDENT, format_source, quoted_text

HEADER_ORDER = ("部门", "简称", "金额单位")
KEEP = ("概况", "名词解释", "排版")
DROP = ("年度", "上年", "核对", "已知差异", "包含")
# Blocks commented out with a 待填 marker (their note) — nothing else reports them missing.
MARKED = {
    "收入": "公开02表",
    "支出": "公开03、05、07、08表",
    "结转结余": "公开01表",
    "基本支出明细": "公开06表",
    "三公经费": "公开09表和第三部分第九节",
}
CLEARED_TEXTS = ("实际完成", "实施情况", "整体绩效情况", "存在问题", "改进措施", "结果应用")
KEPT_OVERALL_TEXTS = ("机构情况", "预期目标", "政府性基金情况", "国有资本经营情况", "社会保险基金情况", "其他说明")
INDICATOR_KEEP = ("指标值", "分值")
PREVIEW = 24  # characters of last year's text shown in a note
BLANK_NUMBER, BLANK_TEXT = "?", '"……"'


def _relative(target: Path, start_folder: Path) -> str:
    return Path(os.path.relpath(target.resolve(), start_folder.resolve())).as_posix()


def _preview(text: str) -> str:
    flat = " ".join(text.split()).rstrip("。")
    return flat if len(flat) <= PREVIEW else flat[:PREVIEW] + "…"


def _value(value: Value, depth: int) -> str:
    return quoted_text(value.value, depth) if isinstance(value, Text) else value.text


@dataclass
class _Writer:
    """Writes the new year's source from last year's checked document."""

    result: CheckResult
    old: Path
    new: Path

    def __post_init__(self) -> None:
        self.lines: list[str] = []
        report = self.result.report
        self.names = {code: item.name for code, item in report.items.items()} if report else {}

    # --- live statements -------------------------------------------------------------
    def line(self, statement: Statement, depth: int, props: tuple[str, ...] | None = None) -> str:
        """A statement's first line as written (optionally only some of its name-value pairs)."""
        parts = [_value(statement.head, depth), *(_value(a, depth) for a in statement.args)]
        for prop in statement.props:
            if props is None or prop.key.text in props:
                parts += [prop.key.text, _value(prop.value, depth)]
        return INDENT * depth + " ".join(parts)

    def keep(self, statement: Statement, depth: int) -> None:
        if statement.block is None:
            self.lines.append(self.line(statement, depth))
            return
        self.lines.append(self.line(statement, depth) + " {")
        for child in statement.children:
            self.keep(child, depth + 1)
        self.lines.append(INDENT * depth + "}")

    # --- commented statements ----------------------------------------------------------
    def blank(self, statement: Statement, depth: int, inner: int = 0) -> None:
        """A statement as a comment: numbers become ?, texts ……, last year's values in a note.

        depth: the live block the comment stands in; inner: nesting inside the commented block.
        """
        prefix = INDENT * depth + "# " + INDENT * inner
        if statement.block is not None:
            self.lines.append(f"{prefix}{self.blank_line(statement)[0]} {{")
            for child in statement.children:
                if child.kind not in ("上年", "核对"):
                    self.blank(child, depth, inner + 1)
            self.lines.append(f"{prefix}}}")
            return
        text, note = self.blank_line(statement)
        self.lines.append(prefix + text + (f"  （{note}）" if note else ""))

    def blank_line(self, statement: Statement) -> tuple[str, str]:
        head = statement.head
        parts = [head.text if not isinstance(head, Text) else quoted_text(head.value, 0)]
        notes = [self.names[head.text]] if isinstance(head, Number) and head.text in self.names else []
        olds = []
        for arg in statement.args:
            if isinstance(arg, Number):
                parts.append(BLANK_NUMBER)
                olds.append(arg.text)
            elif isinstance(arg, Text) and statement.kind not in (schema.CODE_ROW, schema.ECON_ROW):
                parts.append(BLANK_TEXT)
                notes.append("上年：" + _preview(arg.value))
            else:
                parts.append(_value(arg, 0).replace("\n", " "))
        carried = None
        for prop in statement.props:
            key = prop.key.text
            if key == "上年":  # last year's figures come from the 上年 file now
                continue
            if key == "原因":
                parts += [key, BLANK_TEXT]
                if not isinstance(head, Number):
                    notes.append("上年原因：" + _preview(prop.value.value))
                continue
            if key == "年末结转":
                carried = prop.value.text
            if isinstance(prop.value, Number):
                parts += [key, BLANK_NUMBER]
                olds.append(f"{key} {prop.value.text}")
            elif isinstance(prop.value, Text):
                parts += [key, BLANK_TEXT]
            else:
                parts += [key, prop.value.text]
        if carried is not None:  # this year's 年初结转和结余 is last year's 年末
            parts = [p for p in _set_prop(parts, "年初结转", carried)]
        if olds:
            notes.insert(1 if isinstance(head, Number) and head.text in self.names else 0, "上年 " + "，".join(olds))
        return " ".join(parts), "；".join(notes)

    # --- sections --------------------------------------------------------------------
    def marked(self, statement: Statement) -> None:
        count = sum(1 for c in statement.children if c.kind != "核对")
        section = statement.head.text + "".join(f" {a.text}" for a in statement.args if not isinstance(a, Text))
        note = MARKED[statement.kind] + (f"；上年 {count} 行" if statement.kind in ("收入", "支出", "基本支出明细") else "")
        self.lines.append(marker(section, note))
        self.blank(statement, 0)

    def narrative(self, statement: Statement) -> None:
        """情况说明: 其他 (第十五节) stays; the figures and reasons are to write again."""
        kept = [c for c in statement.children if c.kind == "其他"]
        if kept:
            self.lines.append("情况说明 {")
            for child in kept:
                self.keep(child, 1)
            for child in statement.children:
                if child.kind != "其他":
                    self.blank(child, 1)
            self.lines.append("}")
        else:
            self.blank(statement, 0)

    def evaluation(self, statement: Statement, depth: int = 0) -> None:
        """整体自评 / 项目: descriptions and indicator targets stay; money, results and texts to fill."""
        pad = INDENT * depth
        self.lines.append(self.line(statement, depth) + " {")
        for child in statement.children:
            if child.kind == "核对":
                continue
            if child.kind == "绩效指标":
                self.indicators(child, depth + 1)
            elif child.kind in ("编制人数", "实有人数", "全年预算", "资金来源", "资金") or child.kind in CLEARED_TEXTS:
                self.blank(child, depth + 1)
            elif statement.kind == "整体自评" and child.kind not in KEPT_OVERALL_TEXTS:
                self.blank(child, depth + 1)
            else:
                self.keep(child, depth + 1)
        self.lines.append(pad + "}")

    def indicators(self, statement: Statement, depth: int) -> None:
        if statement.block is None or statement.kind == schema.TEXT_ROW:
            self.lines.append(self.line(statement, depth, INDICATOR_KEEP))
            return
        self.lines.append(self.line(statement, depth) + " {")
        for child in statement.children:
            self.indicators(child, depth + 1)
        self.lines.append(INDENT * depth + "}")

    # --- the file --------------------------------------------------------------------
    def document(self) -> str:
        report = self.result.report
        statements = self.result.loaded.document.statements
        year = report.year + 1
        old_name = self.old.name
        self.lines += [
            f"# {year} 年度 {report.short_name} 部门决算 —— 源文件（由 jsc new 从 {old_name} 生成）",
            "#",
            "# 保留了通常不变的内容：部门、简称、概况、名词解释、排版、科目表、项目和自评的指标（指标值、分值）。",
            "# 上年数由“上年”一行所指的文件算出，不必填写。本年的数和文字还要填写：",
            "#   “# 待填：”下面是上年的各行，? 处写本年的数，（上年 …）是上年数；填好后删去行首的 #",
            "#   和“# 待填”一行。jsc check 列出尚未填写的部分。",
            "# 原因、完成值、得分、实际完成、实施情况已清空；核对和已知差异已删去（它们说的是上年的文本）。",
            "",
            f"年度 {year}",
        ]
        for key in HEADER_ORDER:
            for statement in statements:
                if statement.kind == key:
                    self.keep(statement, 0)
        self.lines.append(f'上年 {quoted_text(_relative(self.old, self.new.parent), 0)}')
        for statement in statements:
            if statement.kind == "科目表":
                written = Path(statement.args[0].span.file).resolve().parent / statement.args[0].value
                self.lines.append(f"科目表 {quoted_text(_relative(written, self.new.parent), 0)}")
        for statement in statements:
            kind = statement.kind
            if kind in DROP or kind in HEADER_ORDER or kind == "科目表":
                continue
            self.lines.append("")
            if kind in KEEP:
                self.keep(statement, 0)
            elif kind in MARKED:
                self.marked(statement)
            elif kind == "情况说明":
                self.narrative(statement)
            elif kind in ("整体自评", "项目"):
                self.evaluation(statement)
            else:  # 政府采购, 国有资产, 预算绩效: their completeness checks say they are missing
                self.blank(statement, 0)
        return "\n".join(self.lines) + "\n"


def _set_prop(parts: list[str], key: str, value: str) -> list[str]:
    """Replace (or add) "key value" among a line's words."""
    if key in parts:
        index = parts.index(key)
        return parts[: index + 1] + [value] + parts[index + 2 :]
    return parts + [key, value]


def roll_forward(old: Path, new: Path, root: Path | None = None) -> tuple[str | None, CheckResult]:
    """The new year's source text (canonical), or None when last year's file does not load cleanly."""
    result = check_file(old, root, follow_prior=False)
    language = [d for d in result.diagnostics if d.severity.value == "error" and d.code[5:7] in ("00", "01", "02", "03", "04")]
    if result.report is None or result.loaded.document is None or language:
        return None, result
    text = _Writer(result, old, new).document()
    formatted = format_source(SourceFile.from_text(str(new), text))
    return formatted, result
