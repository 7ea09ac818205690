"""`jsc diff` (semdiff.py, semdiff_render.py, revision.py): the seed pair as goldens, details, --rev.

The goldens under tests/golden/diff/ are the 2023 → 2024 diff of 区委办 in the
three formats; rewrite them with JSC_UPDATE_GOLDENS=1 and review the diff.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import run_cli
from golden_support import check_golden

from juesuan_dsl.core.source import display_width
from juesuan_dsl.outputs.diff import DIFF_FORMAT, DIFF_VERSION, format_diff
from juesuan_dsl.pipeline import check_file
from juesuan_dsl.tools.semdiff import (
    ADDED,
    CHANGED,
    REMOVED,
    Compiled,
    merge_order,
    semantic_diff,
    text_diff,
)

ROOT = Path(__file__).resolve().parent.parent
OLD, NEW = "examples/quweiban-2023.jsl", "examples/quweiban-2024.jsl"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def compiled(path: str) -> Compiled:
    result = check_file(ROOT / path, follow_prior=False)
    return Compiled(path, result.report, result.derived)


@functools.cache
def pair():
    return semantic_diff(compiled(OLD), compiled(NEW))


def amount(section: str, *label: str):
    return next(a for a in pair().section(section) if a.label[: len(label)] == label)


# --- goldens ------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "name"), [("text", "quweiban-2023-2024.txt"), ("json", "quweiban-2023-2024.json"), ("markdown", "quweiban-2023-2024.md")])
def test_seed_pair_golden(fmt, name, monkeypatch, request):
    monkeypatch.chdir(ROOT)
    result = run_cli(["diff", OLD, NEW, "--format", fmt], env={"NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    text = result.stdout
    if fmt == "json":
        payload = json.loads(text)
        assert (payload["format"], payload["version"]) == (DIFF_FORMAT, DIFF_VERSION)
        payload["jsc_version"] = "<jsc_version>"
        text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    assert "\x1b[" not in text
    check_golden(f"diff/{name}", text, request.config)


# --- what the diff finds --------------------------------------------------------------------


def test_items_added_removed_and_changed():
    assert amount("items", "一般公共预算", "2013150", "事业运行", "基本").status == REMOVED
    added = amount("items", "一般公共预算", "2019999")
    assert (added.status, added.old, added.new) == (ADDED, None, D("10.00"))
    changed = amount("items", "一般公共预算", "2013101", "行政运行", "基本")
    assert (changed.status, changed.delta, f"{changed.rate:.1f}") == (CHANGED, D("-179.37"), "-35.7")
    assert amount("items", "一般公共预算", "2013102", "一般行政管理事务", "年初预算").delta == D(-40)


def test_totals_three_public_projects_and_header():
    total = amount("totals", "01表 收入", "总计")
    assert (total.old, total.new, total.delta) == (D("1196.62"), D("840.70"), D("-355.92"))
    assert amount("totals", "06表", "人员经费合计").new == D("544.19")
    assert not [a for a in pair().section("totals") if a.label[0].startswith("09表")]  # 09 is the 三公 section
    assert amount("three_public", "三公", "决算").delta == D("4.26")  # from the kept 9.00
    assert amount("three_public", "公务接待", "人次").count
    project = amount("projects", "党政专用通信二级网建设", "全年预算")
    assert (project.status, project.new) == (ADDED, D("106.08"))
    assert [(h.field, h.old, h.new) for h in pair().header] == [("年度", "2023", "2024"), ("上年", None, "quweiban-2023.jsl")]


def test_unchanged_numbers_are_counted_not_listed():
    assert pair().compared["three_public"] == 15
    assert not [a for a in pair().amounts if a.old is not None and a.new is not None and round(a.old, 2) == round(a.new, 2)]


def test_texts_are_short_sentence_diffs():
    change = next(t for t in pair().texts if t.key == ("情况说明", "机关运行经费", "原因"))
    assert change.diff == ("-厉行节约，压减一般性支出。", "+厉行节约，运转支出减少。")
    # A project on one side only is listed with its money, not with its texts.
    assert not [t for t in pair().texts if t.key[:2] == ("项目", "党史研究")]


def test_text_diff_cuts_at_sentences_and_caps():
    assert text_diff("甲。乙。丙。", "甲。丁。丙。") == (" 甲。", "-乙。", "+丁。", " 丙。")
    long = text_diff("".join(f"旧{i}。" for i in range(30)), "".join(f"新{i}。" for i in range(30)), limit=5)
    assert len(long) == 5 and long[-1].startswith("…（另有")


def test_merge_order_keeps_both_documents_order():
    assert merge_order(["a", "x", "b"], ["a", "b", "y"]) == ["a", "x", "b", "y"]
    assert merge_order(["x", "a"], ["a"]) == ["x", "a"]


def test_identical_files_have_no_differences():
    same = semantic_diff(compiled(NEW), compiled(NEW))
    assert same.empty and format_diff(same).endswith("没有不同。\n")


def test_text_columns_line_up_by_display_width():
    text = format_diff(pair())
    block = text.split("\n\n")[2]  # 收入（公开02表）
    rows = [line for line in block.split("\n")[2:] if line.endswith("%")]
    assert len(rows) > 5 and len({display_width(r) for r in rows}) == 1


def test_colours_only_when_asked(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert ANSI.search(run_cli(["diff", OLD, NEW, "--color", "always"]).stdout)
    assert not ANSI.search(run_cli(["diff", OLD, NEW]).stdout)  # not a terminal
    assert not ANSI.search(run_cli(["diff", OLD, NEW, "--color", "always"], env={"NO_COLOR": "1"}).stdout)


def test_exit_codes(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert run_cli(["diff", OLD, NEW]).exit_code == 0
    assert run_cli(["diff", OLD, NEW, "--exit-code"]).exit_code == 1
    assert run_cli(["diff", NEW, NEW, "--exit-code"]).exit_code == 0
    assert run_cli(["diff", NEW]).exit_code == 2  # one file without --rev
    assert run_cli(["diff", OLD, NEW, "--rev", "HEAD"]).exit_code == 2


def test_a_file_with_errors_is_not_diffed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.jsl").write_text('年度 2024\n部门 "x"\n收入 {\n', encoding="utf-8")
    shutil.copy(ROOT / NEW, tmp_path / "good.jsl")
    result = run_cli(["diff", "bad.jsl", "good.jsl"])
    assert result.exit_code == 1 and "JSC-E0106" in result.stderr and result.stdout == ""


# --- --rev ----------------------------------------------------------------------------------

MAIN = '年度 2024\n部门 "测试单位"\n包含 "part.jsl"\n支出 一般公共预算 {{\n  2013101 基本 {amount} 预算 100\n}}\n'
PART = "收入 {{\n  2013101 一般公共预算 {amount}\n}}\n"


def git(repo: Path, *args: str) -> None:
    identity = ["-c", "user.name=jsc", "-c", "user.email=jsc@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *identity, *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    (root / "sub").mkdir(parents=True)
    git(root, "init", "-q")
    for amount in ("100", "120"):
        (root / "sub" / "r.jsl").write_text(MAIN.format(amount=amount), encoding="utf-8")
        (root / "sub" / "part.jsl").write_text(PART.format(amount=amount), encoding="utf-8")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", f"amount {amount}")
    (root / "sub" / "new.jsl").write_text(MAIN.format(amount=1), encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def test_rev_compares_with_the_committed_version_and_its_includes(repo):
    result = run_cli(["diff", "sub/r.jsl", "--rev", "HEAD~1", "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["old"]["label"] == "HEAD~1:sub/r.jsl"
    income = [a for a in payload["amounts"] if a["section"] == "income"]
    assert [(a["old"], a["new"], a["change"]) for a in income] == [("100", "120", "20")]  # from the included part.jsl
    assert run_cli(["diff", "sub/r.jsl", "--rev", "HEAD", "--exit-code"]).exit_code == 0


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["sub/r.jsl", "--rev", "no-such-rev"], "JSC-E0312"),
        (["sub/new.jsl", "--rev", "HEAD"], "JSC-E0313"),
    ],
)
def test_rev_errors_are_diagnostics(repo, args, code):
    result = run_cli(["diff", *args])
    assert result.exit_code == 1 and code in result.stderr


def test_rev_outside_a_repository(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.jsl").write_text('年度 2024\n部门 "x"\n', encoding="utf-8")
    result = run_cli(["diff", "x.jsl", "--rev", "HEAD"], env={"GIT_CEILING_DIRECTORIES": str(tmp_path.parent)})
    assert result.exit_code == 1 and "JSC-E0311" in result.stderr
