"""A build compiles beside the rules (pipeline._rules_beside_compile): the outcome is the stages' in order.

With an error from the rules (an audit check or a 核对), the PDF Typst is
making is dropped, nothing is written, and the diagnostics are exactly those
of `jsc check`; a bug in render counts only when the rules pass.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES

from juesuan_dsl.cli import main
from juesuan_dsl.pipeline import build_file, check_file
from juesuan_dsl.render import typeset
from juesuan_dsl.render.compile import compile_pdf

GOOD_CHECK = "核对 收支总表 本年收入合计 840.70  # 各项合计算得 840.69（尾数误差）"
BAD_CHECK = "核对 收支总表 本年收入合计 900.00"


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    """The seed and its 上年 file in a project of their own."""
    (tmp_path / "jsc.toml").write_text("")
    shutil.copy(EXAMPLES / "quweiban-2023.jsl", tmp_path / "quweiban-2023.jsl")
    path = tmp_path / "quweiban-2024.jsl"
    shutil.copy(EXAMPLES / "quweiban-2024.jsl", path)
    return path


def _break_a_check(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert GOOD_CHECK in text
    path.write_text(text.replace(GOOD_CHECK, BAD_CHECK), encoding="utf-8")


def _held_compile(monkeypatch) -> tuple[threading.Event, threading.Event, list[bool]]:
    """Typst compiles only when released: what the build does before that happened beside the compile."""
    started, release, finished = threading.Event(), threading.Event(), []
    real = typeset.compile_pdf

    def held(*args, on_typst=None, **kwargs):
        started.set()
        if on_typst is not None:
            on_typst()  # "Typst runs": the build goes on with the rules
        release.wait(60)
        finished.append(True)
        return real(*args, **kwargs)

    monkeypatch.setattr(typeset, "compile_pdf", held)
    return started, release, finished


def test_a_failed_check_drops_the_pdf_and_reports_what_check_reports(seed: Path, monkeypatch) -> None:
    _break_a_check(seed)
    expected = check_file(seed)
    assert "JSC-E0701" in {d.code for d in expected.diagnostics}
    started, release, finished = _held_compile(monkeypatch)
    try:
        result = build_file(seed)
        assert not finished and started.wait(10)  # the build did not wait for the compile it had started
    finally:
        release.set()
    assert result.compiled is None and result.typst_source is None
    assert result.diagnostics == expected.diagnostics


@pytest.mark.parametrize("case", ["A01-01.jsl", "P02-01.jsl"])
def test_an_audit_error_drops_the_pdf_and_reports_what_check_reports(case: str) -> None:
    path = Path(__file__).parent / "cases" / "checks" / case
    result = build_file(path)
    assert result.compiled is None and result.typst_source is None
    assert result.diagnostics == check_file(path).diagnostics


def test_a_failed_check_leaves_the_earlier_output_untouched(seed: Path, tmp_path: Path) -> None:
    _break_a_check(seed)
    out = tmp_path / "out.pdf"
    out.write_bytes(b"%PDF-earlier")
    result = CliRunner().invoke(main, ["build", str(seed), "-o", str(out), "--typst", str(tmp_path / "out.typ")], env={"NO_COLOR": "1"})
    assert result.exit_code == 1 and "JSC-E0701" in result.output
    assert out.read_bytes() == b"%PDF-earlier"
    assert not (tmp_path / "out.typ").exists()


def test_a_clean_build_is_the_stages_in_order(seed: Path) -> None:
    checked = check_file(seed)
    source = typeset.render_typst(checked.report, checked.derived)
    result = build_file(seed)
    assert result.typst_source == source
    assert result.compiled.pdf == compile_pdf(source).pdf
    assert result.diagnostics == checked.diagnostics


def _broken_render(*args, **kwargs):
    raise RuntimeError("render exploded")


def test_a_render_bug_is_not_reported_when_the_rules_fail(seed: Path, monkeypatch) -> None:
    _break_a_check(seed)
    expected = check_file(seed).diagnostics
    monkeypatch.setattr(typeset, "render_typst", _broken_render)
    result = build_file(seed)
    assert result.compiled is None and result.diagnostics == expected


def test_a_render_bug_is_an_internal_error_when_the_rules_pass(seed: Path, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(typeset, "render_typst", _broken_render)
    with pytest.raises(RuntimeError, match="render exploded"):
        build_file(seed)
    result = CliRunner().invoke(main, ["build", str(seed), "-o", str(tmp_path / "out.pdf")], env={"NO_COLOR": "1"})
    assert result.exit_code == 1 and "JSC-E0901" in result.output and "render exploded" in result.output
    assert not (tmp_path / "out.pdf").exists()
