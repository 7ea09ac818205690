"""Tests for `jsc export --format json` (export.py, docs/export-json.md) and its golden file.

The golden tests/golden/quweiban-2024.model.json is the seed compiled; it was
reviewed figure by figure against the seed document (the differences are the
seed's own inconsistencies, listed in tests/test_derive.py SEED_DIFFERS).
Rewrite it with JSC_UPDATE_GOLDENS=1 and review the diff.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from golden_support import check_golden

from juesuan_dsl.cli import main
from juesuan_dsl.derive import derive
from juesuan_dsl.outputs.model_json import FORMAT, VERSION, dumps, export_json, model
from juesuan_dsl.pipeline import check_file

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "quweiban-2024.jsl"
SHIYE = ROOT / "examples" / "shiye-2024.jsl"
CELL = re.compile(r"-?\d+\.\d{2}")


def _model(path: Path, diagnostics: bool = False) -> dict:
    result = check_file(path)
    shown = f"examples/{path.name}"
    return model(derive(result.report), shown, result.diagnostics if diagnostics else ())


def test_seed_model_matches_its_golden(request: pytest.FixtureRequest) -> None:
    payload = _model(SEED)
    # The golden holds the model only: the version string and the audit checks'
    # diagnostics (tested with the checks) would make it change for other reasons.
    payload["jsc_version"] = "<jsc_version>"
    check_golden("quweiban-2024.model.json", dumps(payload), request.config)


def _walk(value, path=()):
    yield path, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(v, path + (i,))


@pytest.mark.parametrize("path", [SEED, SHIYE], ids=["seed", "shiye"])
def test_export_has_no_floats_and_cells_have_two_decimals(path: Path) -> None:
    payload = json.loads(dumps(_model(path)))
    assert (payload["format"], payload["version"], payload["unit"]) == (FORMAT, VERSION, "万元")
    for where, value in _walk(payload):
        assert not isinstance(value, float), where
    assert sorted(payload["tables"]) == ["01", "02", "03", "04", "05", "06", "07", "08", "09"]
    for where, value in _walk(payload["tables"]):
        if len(where) >= 2 and where[-2] == "cells" and value is not None:
            assert CELL.fullmatch(value), (where, value)
    keys = [tuple(f["key"]) for f in payload["figures"]]
    assert keys == sorted(keys) and len(keys) == len(set(keys))
    for figure in payload["figures"]:
        assert figure["value"] is None or Decimal(figure["value"]).is_finite()
        assert "E" not in (figure["value"] or "")


def test_seed_export_content() -> None:
    payload = _model(SEED)
    t01 = payload["tables"]["01"]
    assert t01["layout"] == "two-sided"
    first = t01["expenditure"][0]
    assert (first["line"], first["label"], first["cells"]) == (14, "一、一般公共服务支出", {"决算数": "674.75"})
    assert t01["income"][1]["cells"] == {"决算数": None}
    assert payload["tables"]["07"]["empty"] is True
    assert [len(g) for g in payload["tables"]["06"]["groups"]] == [27, 28, 26]
    figures = {tuple(f["key"]): f for f in payload["figures"]}
    assert figures[("document", "收支总计", "增减率")]["shown"] == "-29.7%"
    assert figures[("project:国安机要保密经费", "执行率")] == {
        "key": ["project:国安机要保密经费", "执行率"], "kind": "percent", "shown": "87.26%",
        "value": "87.257142857142857142857142857142857142857142857143",
    }
    part3 = payload["sections"]["part3"]
    assert part3["overview"]["direction"] == "减少" and part3["overview"]["amount_shown"] == "355.92"
    assert part3["general"]["items"][3]["completion"] == {"shown": "467.5%", "value": "467.5"}  # stated by a 核对 and kept
    groups = payload["sections"]["part5"]["groups"]
    assert [(g["kind"], g["funds"]["shown"]) for g in groups] == [("年初预算", "125.00"), ("年中追加", "150.75")]
    assert payload["adjusted_cells"] == []


def test_export_is_deterministic() -> None:
    result = check_file(SEED)
    first = export_json(derive(result.report), "x", result.diagnostics)
    second = export_json(derive(check_file(SEED).report), "x", result.diagnostics)
    assert first == second and first.endswith("}\n")


def test_cli_export_writes_the_file_atomically(tmp_path: Path) -> None:
    out = tmp_path / "model.json"
    runner = CliRunner()
    result = runner.invoke(main, ["export", "--format", "json", str(SEED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    payload = json.loads(out.read_text(encoding="utf-8"))
    checked = check_file(SEED)
    assert payload["diagnostics"] == [d.to_json() for d in checked.diagnostics]
    assert payload["source"] == checked.path and payload["year"] == 2024
    assert [p.name for p in tmp_path.iterdir()] == ["model.json"]  # no temporary file left


def test_cli_export_to_stdout() -> None:
    result = CliRunner().invoke(main, ["export", str(SHIYE)])
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert payload["short_name"] == "城建中心" and payload["tables"]["07"]["empty"] is False


def test_cli_export_refuses_a_source_with_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsl"
    bad.write_text('年度 2024\n部门 "x"\n收入 {\n  2999999 一般公共预算 1\n}\n', encoding="utf-8")
    out = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["export", str(bad), "-o", str(out)])
    assert result.exit_code == 1
    assert "JSC-E0401" in result.stderr
    assert not out.exists()


def test_cli_export_help_and_format_choice() -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["export", "--help"]).exit_code == 0
    assert runner.invoke(main, ["export", "--format", "xml", str(SEED)]).exit_code == 2
