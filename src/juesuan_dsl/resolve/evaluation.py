"""Resolve the self-evaluation blocks: projects, the overall evaluation, indicator trees, assertions."""

from __future__ import annotations

from ..model.report import (
    Assertion,
    Fact,
    Indicator,
    Level1,
    Level2,
    Overall,
    Project,
    ProjectFunds,
)
from ..syntax.ast import Number, Percent, Statement, Text, Value


def _fact(value: Value | None) -> Fact | None:
    return Fact(value.value, value.span) if isinstance(value, Number) else None


def _text(value: Value | None) -> str:
    return value.value if isinstance(value, Text) else ""


def _first(statements: tuple[Statement, ...], kind: str) -> Statement | None:
    return next((s for s in statements if s.kind == kind), None)


def _text_of(statements: tuple[Statement, ...], kind: str) -> str:
    found = _first(statements, kind)
    return _text(found.args[0]) if found is not None and found.args else ""


def indicator_tree(block: Statement | None) -> tuple[Level1, ...]:
    if block is None:
        return ()
    levels = []
    for level1 in block.children:
        weight = level1.args[0] if level1.args else None
        children = []
        for level2 in level1.children:
            rows = tuple(
                Indicator(
                    row.head.value,
                    _text(row.prop("指标值")),
                    _text(row.prop("完成值")),
                    _fact(row.prop("分值")),
                    _fact(row.prop("得分")),
                    _text(row.prop("偏差原因")),
                    row.span,
                )
                for row in level2.children
            )
            children.append(Level2(level2.kind, rows, level2.span))
        levels.append(Level1(level1.kind, _fact(weight), tuple(children), level1.span))
    return tuple(levels)


def assertions(statements: tuple[Statement, ...], scope: str) -> list[Assertion]:
    found = []
    for statement in statements:
        if statement.kind != "核对":
            continue
        *path, figure = statement.args
        note = statement.prop("说明")
        found.append(
            Assertion(
                scope,
                tuple(v.text for v in path),
                figure.value,
                figure.text,
                isinstance(figure, Percent),
                note.value if isinstance(note, Text) else None,
                statement.span,
            )
        )
    return found


def project(statement: Statement) -> Project:
    body = statement.children
    kind = _first(body, "类型")
    funds = tuple(
        ProjectFunds(s.args[0].text, _fact(s.prop("年初")), _fact(s.prop("全年")), _fact(s.prop("执行")), s.span)
        for s in body
        if s.kind == "资金"
    )
    return Project(
        name=statement.args[0].value,
        kind=kind.args[0].text if kind is not None else None,
        department=_text_of(body, "主管部门") or None,
        implementer=_text_of(body, "实施单位") or None,
        funds=funds,
        goal=_text_of(body, "预期目标"),
        result=_text_of(body, "实际完成"),
        narrative=_text_of(body, "实施情况"),
        indicators=indicator_tree(_first(body, "绩效指标")),
        span=statement.span,
    )


OVERALL_TEXTS = (
    "机构情况", "预期目标", "实际完成", "整体绩效情况", "存在问题", "改进措施", "结果应用",
    "政府性基金情况", "国有资本经营情况", "社会保险基金情况", "其他说明",
)


def overall(statement: Statement | None) -> Overall:
    if statement is None:
        return Overall({}, None, None, None, {}, (), None)
    body = statement.children
    texts = {k: _text_of(body, k) for k in OVERALL_TEXTS if _first(body, k) is not None}
    sources = {s.args[0].text: Fact(s.args[1].value, s.args[1].span) for s in body if s.kind == "资金来源"}
    quota, actual, budget = _first(body, "编制人数"), _first(body, "实有人数"), _first(body, "全年预算")
    return Overall(
        texts,
        int(quota.args[0].text) if quota else None,
        int(actual.args[0].text) if actual else None,
        _fact(budget.args[0]) if budget else None,
        sources,
        indicator_tree(_first(body, "绩效指标")),
        statement.span,
    )
