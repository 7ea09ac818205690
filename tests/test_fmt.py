"""`jsc fmt`: golden cases, the two invariants (idempotence, same AST, same comments) on every
known source and on generated ones, and the command's exit codes and rewriting.

Golden cases: tests/cases/fmt/NAME.jsl is formatted and compared with NAME.expected.jsl;
`pytest --update-goldens` rewrites the expected files (review the diff).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import (
    CASES,
    EXAMPLES,
    HEADER,
    ast_of,
    comment_texts,
    error_keys,
    fmt_text,
    jsl_sources,
    parse_text,
    run_cli,
    write_file,
)
from hypothesis import HealthCheck, given, settings

from juesuan_dsl.syntax.includes import decode_source

FMT = CASES / "fmt"
GOLDEN_INPUTS = sorted(p for p in FMT.glob("*.jsl") if not p.name.endswith(".expected.jsl"))


def _decoded(path: Path) -> str:
    """A file's text the way jsc reads it (BOM dropped, CRLF normalised)."""
    source, problems = decode_source(path.name, path.read_bytes())
    assert source is not None, problems
    return source.text


def _known_sources() -> list:
    """Every fmt case input and expected output, and every example that has no syntax error."""
    paths = [*GOLDEN_INPUTS, *sorted(FMT.glob("*.expected.jsl"))]
    paths += [p for p in sorted(EXAMPLES.glob("*.jsl")) if parse_text(_decoded(p)).syntax_ok]
    return [pytest.param(p, id=f"{p.parent.name}/{p.name}") for p in paths]


# --- golden cases --------------------------------------------------------------


def test_there_are_enough_golden_cases():
    assert len(GOLDEN_INPUTS) >= 6
    for path in GOLDEN_INPUTS:
        assert path.with_name(path.stem + ".expected.jsl").exists(), path.name


@pytest.mark.parametrize("path", GOLDEN_INPUTS, ids=lambda p: p.stem)
def test_golden(path: Path, request):
    expected_path = path.with_name(path.stem + ".expected.jsl")
    formatted = fmt_text(_decoded(path), path.name)
    assert formatted is not None, "golden input has syntax errors"
    if request.config.getoption("--update-goldens"):
        expected_path.write_bytes(formatted.encode("utf-8"))
    assert formatted == expected_path.read_bytes().decode("utf-8")


def test_crlf_bom_case_really_has_bom_and_crlf():
    data = (FMT / "crlf_bom.jsl").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    assert b"\r" not in (FMT / "crlf_bom.expected.jsl").read_bytes()


# --- invariants on known sources -------------------------------------------------


@pytest.mark.parametrize("path", _known_sources())
def test_fmt_is_idempotent_and_keeps_ast_and_comments(path: Path):
    text = _decoded(path)
    once = fmt_text(text)
    assert once is not None
    assert fmt_text(once) == once
    assert ast_of(once) == ast_of(text)
    assert comment_texts(once) == comment_texts(text)


def test_fmt_refuses_text_with_syntax_errors():
    assert fmt_text(HEADER + "简称，\"区委办\"\n") is None
    assert fmt_text(HEADER + "概况 {\n") is None


@pytest.mark.parametrize(
    "text",
    [
        "", "\n", "\n\n\n", "# 只有注释", "   # 缩进的注释\n\n", "\ufeff", "\r\n",
        '年度 2024', '概况 {}', '概况 {\n}', '概况 {\n\n}', '概况 { }  # 注释',
        '简称 """\n"""', '简称 """"""', '简称 "\\\\"', '简称 """a\\""""', '简称 """\n  \t\n"""',
    ],
)
def test_fmt_edge_cases_are_fixed_points_after_one_pass(text: str):
    once = fmt_text(text)
    assert once is not None
    assert fmt_text(once) == once
    assert ast_of(once) == ast_of(text)
    assert once == "" or once.endswith("\n") and not once.endswith("\n\n")


def test_comment_after_the_brace_of_an_empty_block_is_kept():
    text = "概况 {  # 以后再填\n}\n"
    assert comment_texts(fmt_text(text)) == ["# 以后再填"]


# --- invariants on generated sources ----------------------------------------------


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(jsl_sources())
def test_generated_sources_round_trip(text: str):
    # The generator writes only what the schema allows: not one error.
    assert error_keys(parse_text(text).diagnostics) == {}
    once = fmt_text(text)
    assert once is not None
    assert fmt_text(once) == once
    assert ast_of(once) == ast_of(text)
    assert comment_texts(once) == comment_texts(text)


# --- the command -------------------------------------------------------------------

FORMATTED = HEADER + "简称 \"区委办\"\n"
UNFORMATTED = HEADER + "简称    \"区委办\"   # 注释\n"
BROKEN = HEADER + "简称，  \"区委办\"\n"



def test_check_exits_1_and_names_the_unformatted_file(folder):
    write_file(folder, FORMATTED, "good.jsl")
    bad = write_file(folder, UNFORMATTED, "bad.jsl")
    result = run_cli(["fmt", "--check", "good.jsl", "bad.jsl"])
    assert result.exit_code == 1
    assert "bad.jsl" in result.output and "good.jsl" not in result.output
    assert bad.read_text(encoding="utf-8") == UNFORMATTED


def test_check_exits_0_when_every_file_is_formatted(folder):
    write_file(folder, FORMATTED, "a.jsl")
    write_file(folder, fmt_text(UNFORMATTED), "b.jsl")
    result = run_cli(["fmt", "--check", "a.jsl", "b.jsl"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("args", [["fmt", "--check"], ["fmt"]], ids=["check", "rewrite"])
def test_file_with_syntax_errors_fails_and_is_not_rewritten(folder, args):
    path = write_file(folder, BROKEN, "broken.jsl")
    result = run_cli([*args, "broken.jsl"])
    assert result.exit_code == 1
    assert "JSC-E0102" in result.output and "broken.jsl:3:3" in result.output
    assert path.read_bytes() == BROKEN.encode("utf-8")


def test_fmt_rewrites_in_place(folder):
    path = write_file(folder, UNFORMATTED, "a.jsl")
    result = run_cli(["fmt", "a.jsl"])
    assert result.exit_code == 0, result.output
    assert "a.jsl" in result.output
    assert path.read_text(encoding="utf-8") == HEADER + "简称 \"区委办\"  # 注释\n"
    assert run_cli(["fmt", "--check", "a.jsl"]).exit_code == 0


def test_fmt_removes_bom_and_crlf(folder):
    path = folder / "win.jsl"
    path.write_bytes(b"\xef\xbb\xbf" + FORMATTED.replace("\n", "\r\n").encode("utf-8"))
    assert run_cli(["fmt", "--check", "win.jsl"]).exit_code == 1
    assert run_cli(["fmt", "win.jsl"]).exit_code == 0
    assert path.read_bytes() == FORMATTED.encode("utf-8")


def test_fmt_leaves_formatted_files_untouched(folder):
    path = write_file(folder, FORMATTED, "a.jsl")
    before = path.stat().st_mtime_ns
    result = run_cli(["fmt", "a.jsl"])
    assert result.exit_code == 0 and "a.jsl" not in result.output
    assert path.stat().st_mtime_ns == before


def test_fmt_formats_a_file_with_only_structure_errors(folder):
    path = write_file(folder, HEADER + "简陈   \"区委办\"\n", "s.jsl")
    assert run_cli(["fmt", "s.jsl"]).exit_code == 0
    assert path.read_text(encoding="utf-8") == HEADER + "简陈 \"区委办\"\n"


def test_fmt_of_a_missing_file_fails(folder):
    result = run_cli(["fmt", "--check", "nope.jsl"])
    assert result.exit_code == 1
    assert "JSC-E0301" in result.output
