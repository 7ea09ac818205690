"""The bundled examples are clean sources: no syntax, structure or include errors, and already
in the canonical layout of `jsc fmt`."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLE_NAMES, REPO, example_path, fmt_text, run_cli

from juesuan_dsl.pipeline import check_file

# Syntax (E01), structure (E02) and includes / project files (E03): the language stage.
LANGUAGE_CODES = ("JSC-E01", "JSC-E02", "JSC-E03")


def _example(name: str) -> Path:
    path = example_path(name)
    if not path.exists():
        pytest.skip(f"examples/{name} does not exist yet (being written in parallel)")
    return path


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_example_has_no_language_errors(name: str):
    result = check_file(_example(name))
    found = [
        (d.code, d.span.line if d.span else 0, d.span.column if d.span else 0, d.message)
        for d in result.diagnostics
        if d.code.startswith(LANGUAGE_CODES)
    ]
    assert found == []


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_example_is_a_fixed_point_of_fmt(name: str):
    data = _example(name).read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data
    text = data.decode("utf-8")
    formatted = fmt_text(text, name)
    assert formatted is not None
    if formatted != text:
        first = next(i for i, (a, b) in enumerate(zip(text.split("\n"), formatted.split("\n"))) if a != b)
        pytest.fail(
            f"examples/{name} is not formatted (run `jsc fmt examples/{name}`); "
            f"first difference at line {first + 1}:\n"
            f"  file: {text.split(chr(10))[first]!r}\n  fmt:  {formatted.split(chr(10))[first]!r}"
        )


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_fmt_check_accepts_the_example(name: str, monkeypatch):
    path = _example(name)
    monkeypatch.chdir(REPO)
    result = run_cli(["fmt", "--check", str(path.relative_to(REPO))])
    assert result.exit_code == 0, result.output
