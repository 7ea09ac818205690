"""Golden files: compare generated text with a reviewed file under tests/golden/, or rewrite it.

Rewrite with JSC_UPDATE_GOLDENS=1 (always works), or with `pytest --update-goldens`
when a conftest registers that option (this module does not register it, so that
it can live beside any conftest.py). Review the diff of a rewritten golden
before committing it.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
ENV = "JSC_UPDATE_GOLDENS"


def update_requested(config: pytest.Config | None = None) -> bool:
    """True when goldens should be rewritten instead of compared."""
    if os.environ.get(ENV, "") not in ("", "0"):
        return True
    if config is not None:
        try:
            return bool(config.getoption("--update-goldens"))
        except ValueError:  # the option is not registered
            return False
    return False


def check_golden(name: str, actual: str, config: pytest.Config | None = None) -> None:
    """Assert `actual` equals tests/golden/<name>, or rewrite the file when asked."""
    path = GOLDEN / name
    if update_requested(config):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"missing golden {path}; create it with {ENV}=1 and review it")
    expected = path.read_text(encoding="utf-8")
    if expected != actual:
        diff = "".join(
            list(difflib.unified_diff(
                expected.splitlines(True), actual.splitlines(True), f"golden/{name}", "actual", n=2
            ))[:80]
        )
        pytest.fail(f"{name} differs from its golden (rewrite with {ENV}=1 after review):\n{diff}")
