"""A layout's wording file (wording.j2): how it reads, a user's copy in the sandbox, and the compiled-template cache."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest

from juesuan_dsl.layout.load import LayoutError, builtin_layout, load_layout
from juesuan_dsl.pipeline import check_file
from juesuan_dsl.render.typeset import render_typst
from juesuan_dsl.render.wording_env import say, wording_environment

ROOT = Path(__file__).resolve().parent.parent
SHIYE = ROOT / "examples" / "shiye-2024.jsl"


def user_layout(tmp_path: Path, wording: str | None = None) -> Path:
    """A copy of the built-in 湖南 layout folder (optionally with another wording.j2)."""
    folder = tmp_path / "我的版式"
    shutil.copytree(builtin_layout().folder, folder)
    if wording is not None:
        (folder / "wording.j2").write_text(wording, encoding="utf-8")
    return folder


def test_a_pattern_may_run_over_lines_and_a_value_keeps_its_line_breaks(tmp_path):
    folder = user_layout(tmp_path, (
        "<% macro m(x) %>\n"
        "  第一行\n"
        "    接着，<< x >>\n"
        "<% if x %>\n"
        "  。\n"
        "<% endif %>\n"
        "<% endmacro %>\n"
        "<% macro n(x) %>  << x >>  <% endmacro %>\n"
    ))
    words = say(load_layout(folder))
    assert words.m("甲\n乙") == "第一行接着，甲\n乙。"
    assert words.n(None) == ""


def test_a_user_layout_prints_the_same_document_in_the_sandbox(tmp_path):
    folder = user_layout(tmp_path)
    text = SHIYE.read_text(encoding="utf-8").replace("年度 2024\n", '年度 2024\n版式 "我的版式"\n', 1)
    assert '版式 "我的版式"' in text
    (tmp_path / "v.jsl").write_text(text, encoding="utf-8")
    mine = check_file(tmp_path / "v.jsl", root=tmp_path)
    builtin = check_file(SHIYE)
    assert mine.report.layout.folder == folder and not mine.report.layout.builtin
    assert isinstance(wording_environment(folder, False), jinja2.sandbox.SandboxedEnvironment)
    assert render_typst(mine.report, mine.derived) == render_typst(builtin.report, builtin.derived)


def test_a_user_wording_file_cannot_reach_python_internals(tmp_path):
    folder = user_layout(tmp_path, "<% macro overview(year, yoy) %><< yoy.__class__.__mro__ >><% endmacro %>\n")
    result = check_file(SHIYE)
    with pytest.raises(jinja2.exceptions.SecurityError):
        say(load_layout(folder)).overview(2024, result.derived.part3.overview)


def test_a_layout_folder_needs_its_wording_file(tmp_path):
    folder = user_layout(tmp_path)
    (folder / "wording.j2").unlink()
    with pytest.raises(LayoutError, match="wording.j2"):
        load_layout(folder)


def _run(code: str, cache: Path) -> None:
    env = os.environ | {"JSC_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT / "src")}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=ROOT)


def test_the_wording_is_compiled_once_into_the_cache_and_read_back(tmp_path):
    """batch's warm-up compiles every built-in layout's wording file too; a later build reads it from the cache."""
    from juesuan_dsl.layout.load import builtin_folders

    _run("import juesuan_dsl.batch.warm", tmp_path)
    entries = sorted(tmp_path.glob("*/jinja-wording/*.cache"))
    assert len(entries) == len(builtin_folders()) == 2 and len(list(tmp_path.glob("*/jinja/*.cache"))) >= 16
    before = [(e.stat().st_mtime_ns, e.read_bytes()) for e in entries]
    _run(
        "from pathlib import Path\n"
        "from juesuan_dsl.pipeline import check_file\n"
        "from juesuan_dsl.render.typeset import render_typst\n"
        f"r = check_file(Path({str(SHIYE)!r}))\n"
        "assert '本单位' in render_typst(r.report, r.derived)\n",
        tmp_path,
    )
    assert sorted(tmp_path.glob("*/jinja-wording/*.cache")) == entries
    assert [(e.stat().st_mtime_ns, e.read_bytes()) for e in entries] == before
