"""`jsc check --catalog FILE` (a newer catalog edition) and `--verbose` listing 舍位平衡 cells."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from test_derive import YUAN

from juesuan_dsl.cli import main

NEW_CODE = """\
年度 2024
部门 "测试单位"
收入 {
  2013108  一般公共预算 10
}
支出 一般公共预算 {
  2013108  项目 10
}
"""


def run(args: list[str]):
    return CliRunner().invoke(main, args, env={"NO_COLOR": "1"})


def test_a_code_unknown_to_the_builtin_catalog_is_found_in_a_user_catalog(tmp_path: Path) -> None:
    source = tmp_path / "a.jsl"
    source.write_text(NEW_CODE, encoding="utf-8")
    without = run(["check", "--format", "json", str(source)])
    assert '"JSC-E0401"' in without.output and without.exit_code == 1
    catalog = tmp_path / "2025.csv"
    catalog.write_text("code,name\n2013108,新增的科目\n", encoding="utf-8")
    with_catalog = run(["check", "--format", "json", "--catalog", str(catalog), str(source)])
    assert '"JSC-E0401"' not in with_catalog.output


def test_verbose_lists_the_cells_that_balancing_moved(tmp_path: Path) -> None:
    source = tmp_path / "yuan.jsl"
    source.write_text(YUAN, encoding="utf-8")
    quiet = run(["check", str(source)])
    assert "舍位平衡" not in quiet.output
    verbose = run(["check", "--verbose", str(source)])
    assert "舍位平衡调整了" in verbose.output
    assert "公开02表 2080505 财政拨款收入：精确值 55.5555 万元，印出 55.55" in verbose.output
