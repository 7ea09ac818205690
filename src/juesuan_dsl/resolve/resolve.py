"""Resolve: the checked AST becomes the model. Codes get names from the catalogs; blocks merge.

Each statement kind has one small reader; a source name beside a code wins
over the catalog's and is kept; an unknown code without a name is an error
whose hint names the nearest known codes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from ..catalog import Catalog, economic_catalog, function_catalog, unknown_code_hint
from ..core import codes, vocabulary
from ..core.diagnostics import Diagnostic
from ..core.money import Unit
from ..core.source import Span
from ..layout.load import builtin_layout
from ..layout.model import Layout
from ..model.report import (
    Acknowledgement,
    Assets,
    EconomicRow,
    Fact,
    ForeignReception,
    IncomeRow,
    Item,
    Performance,
    PerformanceStage,
    Place,
    Procurement,
    Profile,
    Report,
    SpendingRow,
    ThreePublic,
    ThreePublicItem,
    YearOnYear,
)
from ..syntax.ast import Document, Number, Statement, Text, Value


def _fact(value: Value | None) -> Fact | None:
    return Fact(value.value, value.span) if isinstance(value, Number) else None


def _text(value: Value | None) -> str | None:
    return value.value if isinstance(value, Text) else None


def _int(value: Value | None) -> int | None:
    return int(value.text) if isinstance(value, Number) else None


def _arg(statement: Statement, index: int = 0) -> Value | None:
    return statement.args[index] if index < len(statement.args) else None


def _places(statements: tuple[Statement, ...]) -> dict[str, Place]:
    """Each block of vocabulary.BLOCK_ORDER: where it is, or the end of the last block before it."""
    places: dict[str, Place] = {}
    previous: Place | None = None
    for kind in vocabulary.BLOCK_ORDER:
        present = [s for s in statements if s.kind == kind]
        if present:
            places[kind] = Place(present[0].span)
            last = present[-1]
            end = last.block.span if last.block is not None else last.span
            previous = Place(Span(end.file, end.end_line, max(end.end_column - 1, 1), end.end_line, end.end_column), kind)
        elif previous is not None:
            places[kind] = previous
    return places


def _by_kind(statements: tuple[Statement, ...]) -> dict[str, list[Statement]]:
    table: dict[str, list[Statement]] = defaultdict(list)
    for statement in statements:
        table[statement.kind].append(statement)
    return table


@dataclass
class Resolver:
    """Reads one document into a Report, collecting diagnostics."""

    functions: Catalog
    economics: Catalog
    diagnostics: list[Diagnostic] = field(default_factory=list)

    # --- codes -------------------------------------------------------------
    def item(self, statement: Statement, items: dict[str, Item]) -> str | None:
        code = statement.head.text
        written = _text(_arg(statement))
        known = self.functions.get(code)
        if known is None and not written:
            self._unknown(statement, code, self.functions)
            return None
        name = written or known.name
        if written and known and written != known.name:
            self.diagnostics.append(codes.make("JSC-I0402", statement.args[0].span, code=code, name=written, catalog=known.name))
        if code not in items:
            section, category = code[:5], code[:3]
            items[code] = Item(code, name, section, self.functions.name(section), category, self.functions.name(category), statement.head.span)
        return code

    def _unknown(self, statement: Statement, code: str, catalog: Catalog) -> None:
        hint = unknown_code_hint(code, catalog)
        self.diagnostics.append(codes.make("JSC-E0401", statement.head.span, code=code, hint=hint))

    # --- blocks --------------------------------------------------------------
    def income(self, blocks: list[Statement], items: dict[str, Item]) -> tuple[IncomeRow, ...]:
        merged: dict[str, dict[str, Decimal]] = {}
        spans = {}
        for block in blocks:
            seen: dict[str, Statement] = {}
            for row in block.children:
                if self._duplicate(row, seen):
                    continue
                code = self.item(row, items)
                if code is None:
                    continue
                target = merged.setdefault(code, {})
                spans.setdefault(code, row.span)
                for prop in row.props:
                    target[prop.key.text] = target.get(prop.key.text, Decimal(0)) + prop.value.value
        return tuple(
            IncomeRow(code, {k: Fact(v, spans[code]) for k, v in amounts.items()}, spans[code])
            for code, amounts in merged.items()
        )

    def _duplicate(self, row: Statement, seen: dict[str, Statement]) -> bool:
        code = row.head.text
        if code in seen:
            self.diagnostics.append(codes.make("JSC-E0212", row.head.span, code=code, line=seen[code].span.line))
            return True
        seen[code] = row
        return False

    def spending(self, blocks: list[Statement], items: dict[str, Item]) -> tuple[SpendingRow, ...]:
        rows: dict[tuple[str, str], SpendingRow] = {}
        for block in blocks:
            fund = block.args[0].text
            seen: dict[str, Statement] = {}
            for row in block.children:
                if self._duplicate(row, seen):
                    continue
                code = self.item(row, items)
                if code is None:
                    continue
                new = SpendingRow(
                    fund, code,
                    {k: _fact(row.prop(k)) for k in vocabulary.SPENDING_KINDS if row.prop(k) is not None},
                    _fact(row.prop("预算")), _fact(row.prop("上年")), _text(row.prop("原因")),
                    _fact(row.prop("年初结转")), _fact(row.prop("年末结转")), row.span, _text(row.prop("用途")),
                )
                old = rows.get((fund, code))
                rows[(fund, code)] = new if old is None else _merge_spending(old, new)
        return tuple(rows.values())

    def economic(self, blocks: list[Statement]) -> tuple[EconomicRow, ...]:
        result: dict[str, EconomicRow] = {}
        for block in blocks:
            seen: dict[str, Statement] = {}
            for row in block.children:
                if self._duplicate(row, seen):
                    continue
                code = row.head.text
                written = _text(_arg(row)) if len(row.args) == 2 else None
                known = self.economics.get(code)
                if known is None and not written:
                    self._unknown(row, code, self.economics)
                    continue
                amount = row.args[-1]
                old = result.get(code)
                value = amount.value + (old.amount.value if old else 0)
                result[code] = EconomicRow(
                    code, written or known.name, code[:3], self.economics.name(code[:3]),
                    Fact(value, amount.span), row.span,
                )
        return tuple(sorted(result.values(), key=lambda r: r.code))


def _merge_spending(a: SpendingRow, b: SpendingRow) -> SpendingRow:
    """The same 项 and fund in two blocks (e.g. two units' files): amounts add up."""

    def add(x: Fact | None, y: Fact | None) -> Fact | None:
        if x is None or y is None:
            return x or y
        return Fact(x.value + y.value, y.span)

    kinds = {k: add(a.by_kind.get(k), b.by_kind.get(k)) for k in {*a.by_kind, *b.by_kind}}
    return SpendingRow(
        a.fund, a.code, kinds, add(a.budget, b.budget), add(a.prior, b.prior), a.reason or b.reason,
        add(a.carry_in, b.carry_in), add(a.carry_out, b.carry_out), a.span, a.purpose or b.purpose,
    )


def _block_of(top: dict[str, list[Statement]], key: str) -> tuple[Statement, ...]:
    found = top.get(key)
    return found[0].children if found else ()


def _single(statements: tuple[Statement, ...], kind: str) -> Statement | None:
    return next((s for s in statements if s.kind == kind), None)


def _three_public_item(key: str, block: Statement | None) -> ThreePublicItem:
    """One item block (公务用车's as well: it has only 上年 and the reasons)."""
    body = block.children if block is not None else ()

    def get(kind: str):
        found = _single(body, kind)
        return found.args[0] if found is not None else None

    foreign = _single(body, "外宾接待")
    return ThreePublicItem(
        key, _fact(get("预算")), _fact(get("决算")), _fact(get("上年")),
        _text(get("预算差异原因")), _text(get("上年变动原因")), _text(get("开支内容")),
        _int(get("团组")), _int(get("人次")), _int(get("批次")),
        block.span if block is not None else None,
        None if foreign is None else ForeignReception(
            _fact(foreign.args[0]), _fact(foreign.prop("批次")), _fact(foreign.prop("人次")), foreign.span,
        ),
    )


def _three_public(statements: tuple[Statement, ...], span) -> ThreePublic:
    items = {key: _three_public_item(key, _single(statements, key)) for key in vocabulary.THREE_PUBLIC_ITEMS}
    cars = _single(statements, "公务用车")

    def top(kind: str):
        found = _single(statements, kind)
        return found.args[0] if found is not None else None

    return ThreePublic(
        items, _fact(top("上年")), _text(top("预算差异原因")), _text(top("上年变动原因")), _int(top("公务用车保有量")), span,
        None if cars is None else _three_public_item("公务用车", cars),
    )


def _budget_reason(statements: tuple[Statement, ...]) -> str | None:
    found = _single(statements, "年初预算")
    return _text(found.prop("原因")) if found is not None else None


def _narrative(statements: tuple[Statement, ...]) -> dict[str, YearOnYear]:
    result = {}
    for key in ("收支总计", "财政拨款收支总计", "财政拨款支出", "机关运行经费"):
        found = _single(statements, key)
        if found is not None:
            result[key] = YearOnYear(key, _fact(_arg(found)), _fact(found.prop("上年")), _text(found.prop("原因")), found.span)
    return result


def _procurement(statements: tuple[Statement, ...], span) -> Procurement:
    amounts, sme = {}, {}
    for key in vocabulary.PROCUREMENT_KINDS:
        found = _single(statements, key)
        if found is not None:
            amounts[key] = _fact(found.args[0])
            if found.prop("中小企业") is not None:
                sme[key] = _fact(found.prop("中小企业"))
    small = _single(statements, "小微企业")
    reserved = {key: _single(statements, key) for key in vocabulary.RESERVED_FOR}
    sme_reserved, small_reserved = (reserved[key] for key in vocabulary.RESERVED_FOR)
    other = _single(statements, "非预留")
    return Procurement(
        amounts, sme, _fact(small.args[0]) if small else None, span,
        _fact(_arg(sme_reserved)) if sme_reserved else None, _fact(sme_reserved.prop("中标")) if sme_reserved else None,
        _fact(_arg(small_reserved)) if small_reserved else None, _fact(small_reserved.prop("中标")) if small_reserved else None,
        _fact(other.prop("中小企业中标")) if other else None,
    )


def _performance(statements: tuple[Statement, ...], span) -> Performance | None:
    """预算绩效's facts; None when the block has none of them (only 管理情况 and such texts)."""
    system = _single(statements, "管理制度")
    stages = {}
    for key in vocabulary.PERFORMANCE_STAGES:
        found = _single(statements, key)
        if found is not None:
            stages[key] = PerformanceStage(
                key, _fact(found.prop("项目")), _fact(found.prop("金额")), _fact(found.prop("平均得分")), found.span,
            )
    grades_line, problems_line = _single(statements, "评级"), _single(statements, "自评问题")
    if system is None and not stages and grades_line is None and problems_line is None:
        return None

    def counts(line: Statement | None, words: tuple[str, ...]) -> dict[str, Fact]:
        found = {word: _fact(line.prop(word)) for word in words} if line is not None else {}
        return {word: fact for word, fact in found.items() if fact is not None}

    return Performance(
        _text(_arg(system)) if system else None, stages,
        tuple(counts(grades_line, vocabulary.PERFORMANCE_GRADES).items()),
        counts(problems_line, vocabulary.PERFORMANCE_PROBLEMS), span,
        grades_line.span if grades_line else None, problems_line.span if problems_line else None,
    )


def _assets(statements: tuple[Statement, ...], span) -> Assets:
    vehicles, notes = {}, {}
    for key in vocabulary.VEHICLE_KINDS:
        found = _single(statements, key)
        if found is not None:
            vehicles[key] = int(found.args[0].text)
            if found.prop("说明") is not None:
                notes[key] = found.prop("说明").value
    equipment = _single(statements, "大型设备")
    return Assets(vehicles, notes, int(equipment.args[0].text) if equipment else None, span)


def _texts(statements: tuple[Statement, ...]) -> dict[str, str]:
    return {s.kind: s.args[0].value for s in statements if s.args and isinstance(s.args[0], Text)}


def _list(statements: tuple[Statement, ...], key: str) -> tuple[str, ...]:
    found = _single(statements, key)
    return tuple(s.head.value for s in found.children) if found is not None else ()


def _profile(block: Statement | None) -> Profile:
    statements = block.children if block is not None else ()
    extra, note, units, offices, kind = (
        _single(statements, key) for key in ("职责补充", "单位构成说明", "决算单位", "内设机构", "单位性质")
    )
    remarks = {
        row.head.value: row.prop("备注").value for row in (units.children if units else ()) if row.prop("备注") is not None
    }
    return Profile(
        _list(statements, "职责"), extra.args[0].value if extra else "",
        tuple(s.head.value for s in offices.children) if offices is not None else None,
        _list(statements, "决算单位"), _text(_arg(note)) if note else None, remarks,
        block.span if block is not None else None,
        kind.args[0].text if kind is not None and kind.args else None,
    )


def resolve(
    document: Document, functions: Catalog | None = None, economics: Catalog | None = None, layout: Layout | None = None,
) -> tuple[Report, list[Diagnostic]]:
    """AST → model. Never raises for bad input: problems become diagnostics."""
    from . import evaluation as resolve_eval

    resolver = Resolver(functions or function_catalog(), economics or economic_catalog())
    top = _by_kind(document.statements)
    items: dict[str, Item] = {}
    income = resolver.income(top.get("收入", []), items)
    spending = resolver.spending(top.get("支出", []), items)
    economic = resolver.economic(top.get("基本支出明细", []))
    profile = _profile(top["概况"][0] if top.get("概况") else None)
    carry = _block_of(top, "结转结余")
    narrative_body = _block_of(top, "情况说明")

    def value_of(body, kind):
        found = _single(body, kind)
        return _fact(found.args[0]) if found is not None and found.args else None

    def first_span(key):
        return top[key][0].span if key in top else None

    def single_text(key):
        return top[key][0].args[0].value if key in top else None

    year = top["年度"][0].args[0] if "年度" in top else None
    department = single_text("部门") or ""
    unit = Unit(top["金额单位"][0].args[0].text) if "金额单位" in top else Unit.WANYUAN
    assertions = resolve_eval.assertions(document.statements, "document")
    overall_stmt = top["整体自评"][0] if "整体自评" in top else None
    if overall_stmt is not None:
        assertions += resolve_eval.assertions(overall_stmt.children, "overall")
    projects = []
    for statement in top.get("项目", []):
        project = resolve_eval.project(statement)
        projects.append(project)
        assertions += resolve_eval.assertions(statement.children, f"project:{project.name}")
    glossary = tuple((s.head.value, s.args[0].value) for s in _block_of(top, "名词解释"))
    acknowledgements = tuple(
        Acknowledgement(s.args[0].text, s.args[1].value, s.span) for s in top.get("已知差异", [])
    )
    report = Report(
        year=int(year.text) if year is not None else 0,
        department=department,
        short_name=single_text("简称") or department,
        unit=unit,
        profile=profile,
        items=dict(sorted(items.items())),
        income=tuple(sorted(income, key=lambda r: r.code)),
        spending=tuple(sorted(spending, key=lambda r: (r.code, r.fund))),
        use_non_fiscal_balance=value_of(carry, "使用非财政拨款结余"),
        balance_distribution=value_of(carry, "结余分配"),
        economic=economic,
        three_public=_three_public(_block_of(top, "三公经费"), first_span("三公经费")),
        narrative=_narrative(narrative_body),
        meeting_fee=value_of(narrative_body, "会议费"),
        training_fee=value_of(narrative_body, "培训费"),
        other_text=(lambda s: s.args[0].value if s else None)(_single(narrative_body, "其他")),
        procurement=_procurement(_block_of(top, "政府采购"), first_span("政府采购")),
        assets=_assets(_block_of(top, "国有资产"), first_span("国有资产")),
        performance_texts=_texts(_block_of(top, "预算绩效")),
        glossary=glossary,
        overall=resolve_eval.overall(overall_stmt),
        projects=tuple(projects),
        assertions=tuple(assertions),
        acknowledgements=acknowledgements,
        typesetting=_texts(_block_of(top, "排版")),
        layout=layout or builtin_layout(),
        layout_span=first_span("版式"),
        budget_reason=_budget_reason(narrative_body),
        department_carry_in=value_of(carry, "年初结转和结余"),
        department_carry_out=value_of(carry, "年末结转和结余"),
        performance=_performance(_block_of(top, "预算绩效"), first_span("预算绩效")),
        prior_path=single_text("上年"),
        header_span=first_span("年度"),
        places=_places(document.statements),
    )
    return report, resolver.diagnostics
