"""`jsc build DIR` / several files: a pool of workers, a summary, a mirrored output tree, the scale source."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from click.testing import CliRunner

from juesuan_dsl.batch.pool import Job, Options, Outcome, build_one, plan
from juesuan_dsl.batch.report import Progress, summary_table, totals_line
from juesuan_dsl.cli import main
from juesuan_dsl.core.diagnostics import Severity
from juesuan_dsl.core.source import display_width
from juesuan_dsl.pipeline import check_file

REPO = Path(__file__).resolve().parents[1]
SHIYE = REPO / "examples" / "shiye-2024.jsl"


def jsc(*args: str):
    return CliRunner().invoke(main, list(args), env={"NO_COLOR": "1"})


def source_tree(folder: Path) -> Path:
    """src/a.jsl and src/sub/城建.jsl build; src/sub/bad.jsl has a full-width year (JSC-E0109)."""
    text = SHIYE.read_text(encoding="utf-8")
    (folder / "src" / "sub").mkdir(parents=True)
    (folder / "src" / "a.jsl").write_text(text, encoding="utf-8")
    (folder / "src" / "sub" / "城建.jsl").write_text(text, encoding="utf-8")
    (folder / "src" / "sub" / "bad.jsl").write_text(text.replace("年度 2024", "年度 ２０２４"), encoding="utf-8")
    return folder / "src"


def files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_a_folder_builds_on_past_a_failure_into_a_mirrored_tree_and_exits_1(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    source_tree(tmp_path)
    result = jsc("build", "src", "-o", "out", "--typst", "typ")
    assert result.exit_code == 1, result.output
    assert files_under(tmp_path / "out") == ["a.pdf", "sub/城建.pdf"]  # bad.jsl wrote nothing, no temp files
    assert files_under(tmp_path / "typ") == ["a.typ", "sub/城建.typ"]
    assert (tmp_path / "out" / "sub" / "城建.pdf").read_bytes().startswith(b"%PDF")
    assert files_under(tmp_path / "src") == ["a.jsl", "sub/bad.jsl", "sub/城建.jsl"]
    table = result.stdout.splitlines()
    assert table[0].split() == ["文件", "结果", "错误", "警告", "页数", "用时"]
    rows = {line.split()[0]: line.split()[1:5] for line in table[1:4]}
    assert rows == {
        "src/a.jsl": ["完成", "0", "0", "35"],
        "src/sub/bad.jsl": ["失败", "1", "0", "-"],
        "src/sub/城建.jsl": ["完成", "0", "0", "35"],
    }
    assert table[4].startswith("共 3 个文件：完成 2 个，草稿 0 个，失败 1 个")
    assert "JSC-E0109" in result.stderr and "src/sub/bad.jsl:20:4" in result.stderr
    assert "\r" not in result.output  # not a terminal: no progress bar


def test_several_files_go_beside_their_sources_and_a_clean_batch_exits_0(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    source_tree(tmp_path)
    result = jsc("build", "src/a.jsl", "src/sub/城建.jsl", "-j", "2")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "src" / "a.pdf").exists() and (tmp_path / "src" / "sub" / "城建.pdf").exists()
    assert "完成 2 个，草稿 0 个，失败 0 个" in result.stdout


def test_one_file_with_o_an_existing_folder_writes_into_it(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    result = jsc("build", str(SHIYE), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert files_under(tmp_path / "out") == ["shiye-2024.pdf"]
    assert "已生成" in result.stderr  # the single-file messages, not a summary table


def test_for_several_files_o_must_be_a_folder(tmp_path: Path) -> None:
    result = jsc("build", str(SHIYE), str(SHIYE), "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2
    assert not (tmp_path / "x.pdf").exists()


def test_a_folder_without_sources_is_a_usage_error(tmp_path: Path) -> None:
    assert jsc("build", str(tmp_path)).exit_code == 2


def test_the_plan_mirrors_the_tree_and_leaves_out_included_fragments(tmp_path: Path) -> None:
    (tmp_path / "d" / "parts").mkdir(parents=True)
    (tmp_path / "d" / "main.jsl").write_text('年度 2024\n包含 "parts/收入.jsl"\n', encoding="utf-8")
    (tmp_path / "d" / "parts" / "收入.jsl").write_text("收入 {\n}\n", encoding="utf-8")
    (tmp_path / "d" / "other.jsl").write_text("年度 2024\n", encoding="utf-8")
    (tmp_path / "d" / ".git").mkdir()
    (tmp_path / "d" / ".git" / "x.jsl").write_text("", encoding="utf-8")
    planned = plan([tmp_path / "d"], tmp_path / "out")
    assert [j.source.relative_to(tmp_path).as_posix() for j in planned.jobs] == ["d/main.jsl", "d/other.jsl"]
    assert [j.output.relative_to(tmp_path).as_posix() for j in planned.jobs] == ["out/main.pdf", "out/other.pdf"]
    assert [p.name for p in planned.fragments] == ["收入.jsl"]
    # A fragment named on the command line is built all the same.
    named = plan([tmp_path / "d", tmp_path / "d" / "parts" / "收入.jsl"])
    assert any(j.source.name == "收入.jsl" for j in named.jobs)
    assert all(j.output == j.source.with_suffix(".pdf") for j in named.jobs)


def test_a_missing_source_fails_its_own_job_without_raising(tmp_path: Path) -> None:
    job = Job(tmp_path / "missing.jsl", tmp_path / "missing.pdf", None, tmp_path)
    outcome = build_one(job, Options())
    assert not outcome.ok and outcome.errors == 1 and outcome.pages is None
    assert "JSC-E03" in outcome.text
    assert not (tmp_path / "missing.pdf").exists()


def test_the_progress_bar_redraws_one_line_and_clears_it() -> None:
    stream = io.StringIO()
    progress = Progress(stream, 4)
    progress.update(1, "src/甲.jsl")
    progress.update(4, "src/乙.jsl")
    progress.clear()
    text = stream.getvalue()
    assert text.count("\r") == 4 and "\n" not in text  # two redraws, then blank and return
    assert "[" in text and "1/4 src/甲.jsl" in text and "4/4 src/乙.jsl" in text
    assert text.endswith("\r")


def test_the_summary_table_lines_up_under_chinese_names() -> None:
    outcomes = [
        Outcome("src/城市建设服务中心.jsl", True, 0, 2, 35, 1.25, ""),
        Outcome("a.jsl", False, 3, 0, None, 0.05, "…"),
    ]
    lines = summary_table(outcomes)
    assert len({display_width(line) for line in lines}) == 1  # right-aligned last column: same width
    status_at = {display_width(line[: next(line.index(w) for w in ("结果", "完成", "失败") if w in line)]) for line in lines}
    assert len(status_at) == 1  # the 结果 column starts at one display column on every line
    assert totals_line(outcomes, 2.0, 2) == "共 2 个文件：完成 1 个，草稿 0 个，失败 1 个；用时 2.0 秒（2 个进程），每秒 0.50 份。"


def test_the_synthetic_big_department_checks_clean_and_builds(tmp_path: Path) -> None:
    """2,000 项 rows and 200 projects (bench/synth.py). Its timing is in bench/run.py, not here."""
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import synth
    finally:
        sys.path.remove(str(REPO / "bench"))
    path = synth.write_big(tmp_path, rows=2000, projects=200)
    result = check_file(path)
    assert result.report is not None
    spending_rows = sum(1 for row in result.report.spending)
    assert spending_rows == 2000 and len(result.report.projects) == 200
    assert [d.code for d in result.diagnostics if d.severity in (Severity.ERROR, Severity.WARNING)] == []
    outcome = build_one(Job(path, tmp_path / "big.pdf", None, tmp_path), Options())
    assert outcome.ok, outcome.text
    assert outcome.pages > 500
    assert (tmp_path / "big.pdf").read_bytes().startswith(b"%PDF")
