"""Find the grammar and templates: inside the installed package, or at the repo root in a checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # juesuan_dsl/, above core/


@cache
def resource_dir(name: str) -> Path:
    """The folder `grammar` or `templates`: packaged copy first, then the development checkout."""
    for candidate in (_PACKAGE_DIR / name, _PACKAGE_DIR.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"jsc resource folder {name!r} is missing from the installation")


def grammar_text() -> str:
    return (resource_dir("grammar") / "jsl.lark").read_text(encoding="utf-8")
