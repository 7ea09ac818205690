"""Synthetic .jsl sources for the benchmark and the scale test, generated from the examples.

Two generators:

- `write_batch(folder, n)`: n departments with the structure of the examples and
  different figures. Every money amount is scaled by one factor per department
  and written in 元 (`金额单位 元`), so each document prints different numbers
  while every sum, share, rate and score of the example keeps holding exactly.
  核对 lines are dropped (they state the example's own printed figures).
- `big_source(rows, projects)`: one department with `rows` 项 rows (spread over
  the four 支出 blocks and 收入) and `projects` projects: the scale test.

Numbers are found through the parser and the schema (syntax/schema.py), never by
pattern matching on text, so only amounts change, never counts, years or scores.
"""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from juesuan_dsl.core.source import SourceFile  # noqa: E402
from juesuan_dsl.syntax import schema  # noqa: E402
from juesuan_dsl.syntax.ast import Number, Statement  # noqa: E402
from juesuan_dsl.syntax.parse import parse  # noqa: E402

EXAMPLES = ROOT / "examples"
#: The examples a batch cycles through: (this year's file, its 上年 file or None).
BASES = (("quweiban-2024.jsl", "quweiban-2023.jsl"), ("shiye-2024.jsl", None))
#: Scores are points, not money: never scaled.
_NOT_MONEY = frozenset({"分值", "得分"})
_TEN_THOUSAND = Decimal(10000)


def _amount_args(spec: schema.Spec) -> bool:
    return any(arg.type == schema.AMOUNT and arg.name not in _NOT_MONEY for arg in spec.args)


def _amounts(statements: tuple[Statement, ...], context: str):
    """Every Number that is a money amount, with the statements that are 核对 (to drop)."""
    table = schema.CONTEXTS[context]
    for statement in statements:
        spec = table.get(statement.kind)
        if spec is None or context == "绩效指标":
            continue  # 一级指标 values are points
        if statement.kind == "核对":
            yield "drop", statement
            continue
        if _amount_args(spec):
            yield from (("scale", a) for a in statement.args if isinstance(a, Number))
        for prop in statement.props:
            arg = spec.props.get(prop.key.text)
            if arg is not None and arg.type == schema.AMOUNT and arg.name not in _NOT_MONEY and isinstance(prop.value, Number):
                yield "scale", prop.value
        if statement.block is not None and spec.block is not None:
            yield from _amounts(statement.block.statements, spec.block)


def _yuan(text: str, factor: Decimal) -> str:
    """An amount in 万元 as 元 times factor, with at most 2 decimals (分)."""
    value = (Decimal(text) * _TEN_THOUSAND * factor).quantize(Decimal("0.01"))
    return f"{value:f}".removesuffix(".00")


def scale_source(text: str, factor: Decimal, *, name: str | None = None, prior: str | None = None) -> str:
    """The source with every amount in 元 times factor, 核对 lines dropped, and optionally renamed.

    factor may have two decimals: amounts in 万元 have at most two, so the 元 figure
    stays exact to the 分. name replaces 部门 and 简称; prior replaces the 上年 path.
    """
    source = SourceFile.from_text("synth.jsl", text)
    parsed = parse(source)
    if parsed.diagnostics and not parsed.syntax_ok:
        raise ValueError(f"the base example does not parse: {parsed.diagnostics[0].message}")
    lines = source.text.split("\n")
    edits: dict[int, list[tuple[int, int, str]]] = {}
    dropped: set[int] = set()
    for action, node in _amounts(parsed.document.statements, "文件"):
        if action == "drop":
            dropped.add(node.span.line)
        else:
            span = node.span
            edits.setdefault(span.line, []).append((span.column, span.end_column, _yuan(node.text, factor)))
    for statement in parsed.document.statements:
        line = statement.span.line
        if statement.kind == "金额单位":
            edits.setdefault(line, []).append((statement.args[0].span.column, statement.args[0].span.end_column, "元"))
        elif name is not None and statement.kind in ("部门", "简称"):
            span = statement.args[0].span
            edits.setdefault(line, []).append((span.column, span.end_column, f'"{name}"'))
        elif prior is not None and statement.kind == "上年":
            span = statement.args[0].span
            edits.setdefault(line, []).append((span.column, span.end_column, f'"{prior}"'))
    for number, changes in edits.items():
        text_line = lines[number - 1]
        for start, end, new in sorted(changes, reverse=True):
            text_line = text_line[: start - 1] + new + text_line[end - 1 :]
        lines[number - 1] = text_line
    return "\n".join(line for i, line in enumerate(lines, start=1) if i not in dropped)


def factor_of(index: int) -> Decimal:
    """A different factor per department: 0.50, 0.53, … (two decimals, never 1 twice)."""
    return Decimal(50 + (index * 37) % 451) / 100


def write_batch(folder: Path, count: int, groups: int = 10) -> list[Path]:
    """`count` departments under folder/depts/<group>/, their 上年 files under folder/prior/.

    folder gets a jsc.toml (the project root, so 上年 paths may leave depts/).
    Returns the department files (not the prior-year ones), in order.
    """
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "jsc.toml").write_text("# jsc project root (synthetic batch)\n", encoding="utf-8")
    texts = {name: (EXAMPLES / name).read_text(encoding="utf-8") for pair in BASES for name in pair if name}
    written = []
    for index in range(count):
        this, last = BASES[index % len(BASES)]
        factor = factor_of(index)
        group = folder / "depts" / f"g{index % groups:02d}"
        group.mkdir(parents=True, exist_ok=True)
        stem = f"d{index:03d}"
        name = f"合成单位{index:03d}"
        prior_path = None
        if last is not None:
            prior_dir = folder / "prior"
            prior_dir.mkdir(exist_ok=True)
            prior_file = prior_dir / f"{stem}-2023.jsl"
            prior_file.write_text(scale_source(texts[last], factor, name=name), encoding="utf-8")
            prior_path = f"../../prior/{prior_file.name}"
        path = group / f"{stem}.jsl"
        path.write_text(scale_source(texts[this], factor, name=name, prior=prior_path), encoding="utf-8")
        written.append(path)
    return written


# --- one big department: the scale test ------------------------------------------

BIG_BASE = "shiye-2024.jsl"
_FIRST_KUAN = 60  # synthetic 款 codes LLL60 … LLL99, clear of the builtin catalog's


def _split(text: str, parts: int) -> list[str]:
    """An amount split into `parts` amounts (to the 0.01) that add up to it exactly."""
    cents = int(Decimal(text) * 100)
    base, rest = divmod(cents, parts)
    return [f"{Decimal(base + (1 if j < rest else 0)) / 100:.2f}" for j in range(parts)]


def _split_counts(codes: list[str], rows_per_code: dict[str, int], rows: int) -> dict[str, int]:
    """How many new 项 each original code becomes, so that the 支出 rows come to `rows` exactly."""
    total = sum(rows_per_code.values())
    counts = {code: max(1, rows * rows_per_code[code] // total // rows_per_code[code]) for code in codes}
    # Top up with codes that appear in one 支出 block only, one new 项 (one row) at a time.
    single = [c for c in codes if rows_per_code[c] == 1] or codes
    i = 0
    while sum(counts[c] * rows_per_code[c] for c in codes) < rows:
        counts[single[i % len(single)]] += 1
        i += 1
    return counts


def _new_codes(counts: dict[str, int]) -> tuple[dict[str, list[str]], list[tuple[str, str]]]:
    """New 7-digit codes for each original code, under its own 类, and catalog rows naming them."""
    used: dict[str, int] = {}
    mapping: dict[str, list[str]] = {}
    catalog: list[tuple[str, str]] = []
    for code, count in counts.items():
        category = code[:3]
        mapping[code] = []
        for _ in range(count):
            n = used.get(category, 0)
            used[category] = n + 1
            kuan = f"{category}{_FIRST_KUAN + n // 99:02d}"
            item = f"{kuan}{n % 99 + 1:02d}"
            if n % 99 == 0:
                catalog.append((kuan, f"合成款{kuan}"))
            catalog.append((item, f"合成项{item}"))
            mapping[code].append(item)
    return mapping, catalog


def _row_lines(line: str, row: Statement, spec: schema.Spec, new_codes: list[str]) -> list[str]:
    """One 收入 or 支出 row as len(new_codes) rows, its amounts split among them."""
    cut = [(row.head.span.column, (row.args[0] if row.args else row.head).span.end_column)]
    amounts = [
        (p.value.span.column, p.value.span.end_column, _split(p.value.text, len(new_codes)))
        for p in row.props
        if isinstance(p.value, Number) and spec.props[p.key.text].type == schema.AMOUNT
    ]
    out = []
    for j, code in enumerate(new_codes):
        text = line
        changes = [(start, end, parts[j]) for start, end, parts in amounts] + [(cut[0][0], cut[0][1], code)]
        for start, end, new in sorted(changes, reverse=True):
            text = text[: start - 1] + new + text[end - 1 :]
        out.append(text)
    return out


def big_source(rows: int = 2000, projects: int = 200, catalog_name: str = "big-catalog.csv") -> tuple[str, str]:
    """(source text, catalog CSV text): the invented example grown to `rows` 支出 项 rows and `projects` projects.

    Each 项 of the example becomes several synthetic 项 of the same 类 (named in the
    catalog CSV) sharing its amounts to the 分, in 收入 and in every 支出 block alike,
    so the totals of every table stay those of the example. Its projects are
    repeated under new names until there are `projects`. 核对 lines are dropped.
    """
    text = (EXAMPLES / BIG_BASE).read_text(encoding="utf-8")
    source = SourceFile.from_text(BIG_BASE, text)
    document = parse(source).document
    lines = source.text.split("\n")
    top = document.statements
    spending = [s for s in top if s.kind == "支出"]
    rows_per_code: dict[str, int] = {}
    for block in spending:
        for row in block.children:
            rows_per_code[row.head.text] = rows_per_code.get(row.head.text, 0) + 1
    codes = list(rows_per_code)
    mapping, catalog = _new_codes(_split_counts(codes, rows_per_code, rows))

    replaced: dict[int, list[str]] = {}  # line number → the lines written instead ([] drops it)
    for statement in top:
        if statement.kind in ("收入", "支出"):
            spec = schema.CONTEXTS[statement.kind][schema.CODE_ROW]
            for row in statement.children:
                new = mapping.get(row.head.text)
                if new is not None:
                    replaced[row.span.line] = _row_lines(lines[row.span.line - 1], row, spec, new)
    for action, node in _amounts(document.statements, "文件"):
        if action == "drop":
            replaced[node.span.line] = []
    # The example's 20.50 万元 gap between income and spending (A02-02) lies inside
    # the interval of a total of thousands of 万元 facts, each ±0.005 (docs/checks.md),
    # so the check rightly stays silent and its 已知差异 line would be unused.
    for statement in top:
        if statement.kind == "已知差异" and statement.args and getattr(statement.args[0], "text", "") == "A02-02":
            replaced[statement.span.line] = []
    first_project = next(s for s in top if s.kind == "项目")
    replaced[first_project.span.line - 1] = [lines[first_project.span.line - 2], f'科目表 "{catalog_name}"']
    out = [line for i, line in enumerate(lines, start=1) for line in replaced.get(i, [line])]

    blocks = [s for s in top if s.kind == "项目"]
    copies = []
    for n in range(projects - len(blocks)):
        base = blocks[n % len(blocks)]
        body = "\n".join(lines[base.span.line - 1 : base.block.span.end_line])
        name = base.args[0]
        head = lines[base.span.line - 1]
        renamed = head[: name.span.column - 1] + f'"{name.value}（{n // len(blocks) + 2}）"' + head[name.span.end_column - 1 :]
        body = renamed + body[len(head):]
        copies.append("\n".join(line for line in body.split("\n") if not line.strip().startswith("核对")))
    csv_text = "code,name\n" + "".join(f"{code},{name}\n" for code, name in catalog)
    return "\n".join(out).rstrip("\n") + "\n\n" + "\n\n".join(copies) + "\n", csv_text


def write_big(folder: Path, rows: int = 2000, projects: int = 200) -> Path:
    """Write big.jsl and its catalog into folder (made the project root); returns big.jsl."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "jsc.toml").write_text("# jsc project root (synthetic)\n", encoding="utf-8")
    text, catalog = big_source(rows, projects)
    (folder / "big-catalog.csv").write_text(catalog, encoding="utf-8")
    path = folder / "big.jsl"
    path.write_text(text, encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="where to write")
    parser.add_argument("--batch", type=int, default=0, metavar="N", help="write N varied departments")
    parser.add_argument("--big", action="store_true", help="write the 2,000-项 / 200-project department")
    args = parser.parse_args()
    if args.batch:
        print(f"wrote {len(write_batch(args.folder, args.batch))} departments under {args.folder / 'depts'}")
    if args.big:
        print(f"wrote {write_big(args.folder)}")


if __name__ == "__main__":
    main()
