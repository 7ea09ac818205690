"""The code registry is complete on its own: core/codes.py defines every code, no stage registers one.

A code missing from the registry would only show when its diagnostic is made
(a KeyError deep in a rule), so these tests read every code the package
writes down and look each one up in a registry that nothing else has touched.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from juesuan_dsl.core.codes import REGISTRY
from juesuan_dsl.core.diagnostics import Severity
from juesuan_dsl.rules import assertions
from juesuan_dsl.rules import registry as checks

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "juesuan_dsl"
CODE = re.compile(r'"(JSC-[EWXI]\d{4})"')
LETTER = {Severity.ERROR: "E", Severity.WARNING: "W", Severity.EXPLAIN: "X", Severity.INFO: "I"}


def _core_only_registry() -> tuple[list[str], list[str]]:
    """The registry's codes and the package modules loaded, in a process that imports only core.codes."""
    program = (
        "import json, sys; from juesuan_dsl.core.codes import REGISTRY; "
        "print(json.dumps([sorted(REGISTRY), sorted(m for m in sys.modules if m.startswith('juesuan_dsl'))]))"
    )
    src = str(PACKAGE.parent)
    out = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True,
        env={"PYTHONPATH": src, "PATH": ""},
    )
    registered, modules = json.loads(out.stdout)
    return registered, modules


def test_importing_core_codes_alone_yields_every_code():
    registered, modules = _core_only_registry()
    assert {m.split(".")[1] for m in modules if "." in m} == {"core"}
    # Importing the whole package (rules included) adds nothing.
    assert registered == sorted(REGISTRY)


def test_every_code_the_package_writes_is_registered():
    registered = set(_core_only_registry()[0])
    written = {
        (code, path.relative_to(PACKAGE).as_posix())
        for path in PACKAGE.rglob("*.py")
        for code in CODE.findall(path.read_text(encoding="utf-8"))
    }
    assert written
    assert sorted(w for w in written if w[0] not in registered) == []


def test_every_check_and_assertion_code_is_registered():
    registered = set(_core_only_registry()[0])
    used = {c.code for c in checks.CHECKS}
    used |= {checks.SKIPPED, checks.STALE, checks.UNKNOWN_ID}
    used |= {assertions.MISMATCH, assertions.UNKNOWN, assertions.WRONG_KIND, assertions.STALE_NOTE}
    assert used <= registered


def test_each_code_letter_follows_its_severity():
    for code, entry in REGISTRY.items():
        assert code == entry.code
        assert code[4] == LETTER[entry.severity], code


def test_checks_take_their_severity_from_the_registry():
    for check in checks.CHECKS:
        assert check.severity is REGISTRY[check.code].severity
