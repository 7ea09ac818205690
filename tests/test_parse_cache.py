"""The parse cache (syntax/parse_cache.py): a hit gives what parsing gives, and anything odd is a miss."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from conftest import EXAMPLES, HEADER

from juesuan_dsl.core.cache import cache_dir
from juesuan_dsl.syntax import parser
from juesuan_dsl.syntax.includes import load


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A cache folder of this test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("JSC_CACHE_DIR", str(folder))
    cache_dir.cache_clear()
    yield folder
    cache_dir.cache_clear()


@pytest.fixture
def project(tmp_path, monkeypatch):
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "jsc.toml").write_text("")
    monkeypatch.chdir(folder)
    return folder


def _no_parsing(monkeypatch):
    def refuse(source):
        raise AssertionError(f"{source.path} was parsed, not read from the cache")

    monkeypatch.setattr(parser, "parse_raw", refuse)


def _same(a, b) -> None:
    assert a.document == b.document
    assert a.diagnostics == b.diagnostics
    assert a.sources == b.sources
    assert a.main == b.main


def _entries(folder: Path) -> list[Path]:
    return sorted((folder / os.listdir(folder)[0] / "parse").glob("*.pickle")) if folder.exists() else []


def test_a_second_load_comes_from_the_cache_and_equals_the_parse(cache, project, monkeypatch):
    (project / "a.jsl").write_bytes((EXAMPLES / "quweiban-2024.jsl").read_bytes())
    first = load(Path("a.jsl"))
    assert len(_entries(cache)) == 1
    _no_parsing(monkeypatch)
    _same(load(Path("a.jsl")), first)


def test_syntax_and_structure_diagnostics_are_kept(cache, project, monkeypatch):
    (project / "a.jsl").write_text(HEADER + "金额单位 万元，\n未知 1\n收入 {\n", encoding="utf-8")
    first = load(Path("a.jsl"))
    assert {d.code for d in first.diagnostics} >= {"JSC-E0102", "JSC-E0106"}
    _no_parsing(monkeypatch)
    _same(load(Path("a.jsl")), first)


def test_a_changed_file_is_parsed_again(cache, project):
    path = project / "a.jsl"
    path.write_text(HEADER + "金额单位 万元\n", encoding="utf-8")
    load(Path("a.jsl"))
    path.write_text(HEADER + "金额单位 元\n", encoding="utf-8")
    again = load(Path("a.jsl"))
    unit = next(s for s in again.document.statements if s.kind == "金额单位")
    assert unit.args[0].text == "元"
    assert len(_entries(cache)) == 1  # the new version took the old one's place


def test_the_name_a_file_is_shown_by_is_part_of_the_key(cache, project, monkeypatch):
    (project / "sub").mkdir()
    (project / "sub" / "a.jsl").write_text(HEADER + "金额单位 万元\n", encoding="utf-8")
    load(Path("sub/a.jsl"))
    monkeypatch.chdir(project / "sub")
    again = load(Path("a.jsl"))
    assert {s.span.file for s in again.document.statements} == {"a.jsl"}


def test_a_file_that_includes_another_is_not_stored(cache, project):
    (project / "part.jsl").write_text("金额单位 万元\n", encoding="utf-8")
    (project / "a.jsl").write_text(HEADER + '包含 "part.jsl"\n', encoding="utf-8")
    load(Path("a.jsl"))
    (project / "part.jsl").write_text("金额单位 元\n", encoding="utf-8")
    again = load(Path("a.jsl"))
    unit = next(s for s in again.document.statements if s.kind == "金额单位")
    assert unit.args[0].text == "元" and unit.span.file == "part.jsl"


def test_a_damaged_entry_is_a_miss(cache, project):
    (project / "a.jsl").write_bytes((EXAMPLES / "quweiban-2024.jsl").read_bytes())
    first = load(Path("a.jsl"))
    for entry in _entries(cache):
        data = entry.read_bytes()
        entry.write_bytes(data[: len(data) // 2])
    _same(load(Path("a.jsl")), first)
    for entry in _entries(cache):
        entry.write_bytes(b"\0" * 32 + b"not a pickle")
    _same(load(Path("a.jsl")), first)


def test_another_version_of_jsc_does_not_read_the_entry(cache, project, monkeypatch):
    from juesuan_dsl.syntax import parse_cache

    (project / "a.jsl").write_text(HEADER + "金额单位 万元\n", encoding="utf-8")
    load(Path("a.jsl"))
    monkeypatch.setattr(parse_cache, "_code_fingerprint", lambda: b"another jsc")
    parsed = []
    real = parser.parse_raw
    monkeypatch.setattr(parser, "parse_raw", lambda source: parsed.append(source.path) or real(source))
    load(Path("a.jsl"))
    assert parsed == ["a.jsl"]


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root writes anywhere")
def test_an_unwritable_cache_folder_only_costs_time(cache, project):
    cache.mkdir()
    cache.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        (project / "a.jsl").write_text(HEADER + "金额单位 万元\n", encoding="utf-8")
        assert load(Path("a.jsl")).document is not None
    finally:
        cache.chmod(stat.S_IRWXU)


def test_a_cache_folder_that_cannot_be_made_only_costs_time(tmp_path, project, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("JSC_CACHE_DIR", str(blocker / "cache"))
    cache_dir.cache_clear()
    try:
        (project / "a.jsl").write_text(HEADER + "金额单位 万元\n", encoding="utf-8")
        first = load(Path("a.jsl"))
        _same(load(Path("a.jsl")), first)
    finally:
        cache_dir.cache_clear()


def test_the_cache_can_be_turned_off(project, monkeypatch):
    monkeypatch.setenv("JSC_CACHE_DIR", "")
    cache_dir.cache_clear()
    try:
        (project / "a.jsl").write_text(HEADER + "金额单位 万元\n", encoding="utf-8")
        load(Path("a.jsl"))
        parsed = []
        real = parser.parse_raw
        monkeypatch.setattr(parser, "parse_raw", lambda source: parsed.append(source.path) or real(source))
        load(Path("a.jsl"))
        assert parsed == ["a.jsl"]
    finally:
        cache_dir.cache_clear()
