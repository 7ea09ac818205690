"""Part four 名词解释: the standard glossary, the same in every department's document.

Wording as published in the seed (Hunan). A source's 名词解释 block replaces an
entry with the same term and appends new terms.
"""

from __future__ import annotations

STANDARD: tuple[tuple[str, str], ...] = (
    ("财政拨款收入", "指单位从同级财政部门取得的财政预算资金。"),
    ("事业收入", "指事业单位开展专业业务活动及辅助活动取得的收入。"),
    ("经营收入", "指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动取得的收入。"),
    ("其他收入", "指单位取得的除上述收入以外的各项收入。"),
    ("使用非财政拨款结余", "指事业单位使用以前年度积累的非财政拨款结余弥补当年收支差额的金额。"),
    ("年初结转和结余", "指单位以前年度尚未完成、结转到本年仍按原规定用途继续使用的资金，或项目已完成等产生的结余资金。"),
    ("“三公经费”支出", "指通过财政拨款资金安排的因公出国（境）费、公务用车购置及运行费和公务接待费支出。"),
    ("机关运行经费", "指为保障行政单位（包括参照公务员法管理的事业单位）运行用于购买货物和服务的各项资金。"),
)


def glossary(overrides: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """The standard entries with the source's replacements, then the source's new terms."""
    given = dict(overrides)
    merged = [(term, given.pop(term, text)) for term, text in STANDARD]
    merged.extend((term, text) for term, text in overrides if term in given)
    return tuple(merged)
