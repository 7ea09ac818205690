"""The command line: version, help, usage errors (exit 2), the JSON format, carets under
Chinese text, and when colours are used."""

from __future__ import annotations

import json
import re
import unicodedata

import click.testing
import pytest
from conftest import HEADER, run_cli, write_file

from juesuan_dsl import __version__
from juesuan_dsl.cli import main
from juesuan_dsl.core import codes
from juesuan_dsl.core.source import SourceFile
from juesuan_dsl.outputs.diagnostics import format_diagnostic, use_colour

ANSI = re.compile(r"\x1b\[[0-9;]*m")
BAD = HEADER + "简称，\"区委办\"\n金额单位 千元\n"



# --- version, help, usage -------------------------------------------------------


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(flag):
    result = run_cli([flag])
    assert result.exit_code == 0
    assert result.output.strip() == f"jsc {__version__}"


@pytest.mark.parametrize("command", [[], *[[name] for name in sorted(main.commands)]], ids=lambda c: " ".join(c) or "jsc")
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_on_every_command(command, flag):
    result = run_cli([*command, flag])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


def test_check_and_fmt_are_commands():
    assert {"check", "fmt"} <= set(main.commands)


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["fmt"],
        ["fmt", "--check"],
        ["check", "--format", "xml", "t.jsl"],
        ["check", "--color", "rainbow", "t.jsl"],
        ["check", "--no-such-option", "t.jsl"],
        ["no-such-command"],
    ],
    ids=lambda a: " ".join(a),
)
def test_usage_errors_exit_2(folder, args):
    write_file(folder, HEADER)
    result = run_cli(args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_exit_codes_of_check(folder):
    write_file(folder, HEADER, "good.jsl")
    write_file(folder, BAD, "bad.jsl")
    assert run_cli(["check", "good.jsl"]).exit_code == 0
    assert run_cli(["check", "bad.jsl"]).exit_code == 1
    assert run_cli(["check", "good.jsl", "bad.jsl"]).exit_code == 1


# --- JSON -----------------------------------------------------------------------


def test_json_output_structure(folder):
    write_file(folder, BAD)
    result = run_cli(["check", "--format", "json", "t.jsl"])
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["format"] == "jsc-diagnostics"
    assert payload["version"] == 1
    assert payload["jsc_version"] == __version__
    assert payload["command"] == "check"
    assert payload["files"] == ["t.jsl"]
    diagnostics = payload["diagnostics"]
    severities = ["error", "warning", "explain", "info"]
    assert payload["summary"] == {s: sum(d["severity"] == s for d in diagnostics) for s in severities}
    for d in diagnostics:
        assert set(d) >= {"code", "severity", "message", "span", "hint", "related"}
        assert re.fullmatch(r"JSC-[EWXI]\d{4}", d["code"]) and d["severity"] in severities
        assert isinstance(d["message"], str) and d["message"] and isinstance(d["hint"], str)
        assert isinstance(d["related"], list)
        if d["span"] is not None:
            assert set(d["span"]) == {"file", "line", "column", "end_line", "end_column"}
            assert all(isinstance(d["span"][k], int) for k in ("line", "column", "end_line", "end_column"))
    errors = [(d["code"], d["span"]["file"], d["span"]["line"], d["span"]["column"]) for d in diagnostics if d["severity"] == "error"]
    assert errors == [("JSC-E0102", "t.jsl", 3, 3), ("JSC-E0204", "t.jsl", 4, 6)]


def test_json_of_several_files_lists_them_all(folder):
    write_file(folder, HEADER, "a.jsl")
    write_file(folder, BAD, "b.jsl")
    payload = json.loads(run_cli(["check", "--format", "json", "a.jsl", "b.jsl"]).stdout)
    assert payload["files"] == ["a.jsl", "b.jsl"]
    assert {d["span"]["file"] for d in payload["diagnostics"] if d["severity"] == "error"} == {"b.jsl"}


def test_json_is_not_coloured_even_when_asked(folder):
    write_file(folder, BAD)
    result = run_cli(["check", "--format", "json", "--color", "always", "t.jsl"])
    assert not ANSI.search(result.stdout)
    json.loads(result.stdout)


# --- carets under Chinese text --------------------------------------------------------


def _cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _caret_under(rendered: str, line_number: int, target: str) -> None:
    """The caret line starts in the display cell where `target` starts on the quoted source line."""
    lines = ANSI.sub("", rendered).split("\n")
    quoted = next(i for i, line in enumerate(lines) if line.startswith(f"{line_number} | "))
    code_line, caret_line = lines[quoted], lines[quoted + 1]
    assert "\t" not in code_line  # tabs are shown as spaces so that the caret can line up
    caret_at = caret_line.index("^")
    assert _cells(code_line[: code_line.index(target)]) == caret_at
    assert caret_line[caret_at:] == "^" * _cells(target)


def test_caret_under_a_fullwidth_comma_after_chinese_and_a_tab():
    text = HEADER + "\t概况\t职责补充，\"x\"\n"
    source = SourceFile.from_text("t.jsl", text)
    diagnostic = codes.make("JSC-E0102", source.point(3, 9), char="，", ascii=",")
    _caret_under(format_diagnostic(diagnostic, {"t.jsl": source}), 3, "，")


def test_caret_under_chinese_words_in_the_cli_output(folder):
    write_file(folder, HEADER + "结转结余 {\n\t\t结余分配\t\"一\"  # 中文注释\n}\n")
    result = run_cli(["check", "--color", "never", "t.jsl"])
    assert result.exit_code == 1
    _caret_under(result.output, 4, '"一"')


# --- colours ----------------------------------------------------------------------------


@pytest.fixture
def tty(monkeypatch):
    """Make the CLI runner's stdout claim to be a terminal."""
    monkeypatch.setattr(click.testing._NamedTextIOWrapper, "isatty", lambda self: True, raising=False)


def _coloured(args: list[str], env: dict) -> bool:
    return bool(ANSI.search(run_cli(["check", *args, "t.jsl"], env=env).output))


def test_colour_on_a_terminal_by_default(folder, tty):
    write_file(folder, BAD)
    assert _coloured([], {"NO_COLOR": None})
    assert _coloured(["--color", "auto"], {"NO_COLOR": None})


def test_no_colour_with_no_color_set_even_on_a_terminal(folder, tty):
    write_file(folder, BAD)
    assert not _coloured(["--color", "auto"], {"NO_COLOR": "1"})
    assert not _coloured([], {"NO_COLOR": "1"})


def test_no_colour_when_not_a_terminal(folder):
    write_file(folder, BAD)
    assert not _coloured([], {"NO_COLOR": None})
    assert not _coloured(["--color", "never"], {"NO_COLOR": None})


def test_color_always_gives_ansi_codes(folder):
    write_file(folder, BAD)
    assert _coloured(["--color", "always"], {"NO_COLOR": None})


def test_use_colour_rules(monkeypatch):
    class Terminal:
        def isatty(self):
            return True

    class Pipe:
        def isatty(self):
            return False

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_colour(Terminal(), "auto") and not use_colour(Pipe(), "auto")
    assert use_colour(Pipe(), "always") and not use_colour(Terminal(), "never")
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour(Terminal(), "auto")
