"""The generated Typst of every example, against its reviewed golden (tests/golden/typst/).

A change to a template, to layout.toml or to what derive hands to render shows up
here as a diff to review; rewrite with JSC_UPDATE_GOLDENS=1 (or --update-goldens).
The examples must also build cleanly: each golden is the source of a real PDF.
"""

from __future__ import annotations

import pytest
from conftest import EXAMPLES
from golden_support import check_golden

from juesuan_dsl.pipeline import Options, compile_file

EXAMPLE_FILES = sorted(p.name for p in EXAMPLES.glob("*.jsl"))


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_generated_typst_matches_its_golden(name, request):
    result = compile_file(EXAMPLES / name, Options(), until="render")
    assert result.typst_source is not None, [d.message for d in result.diagnostics]
    check_golden(f"typst/{name.removesuffix('.jsl')}.typ", result.typst_source, request.config)


def test_every_example_has_a_golden():
    goldens = {p.stem for p in (EXAMPLES.parent / "tests" / "golden" / "typst").glob("*.typ")}
    assert goldens == {n.removesuffix(".jsl") for n in EXAMPLE_FILES}
