"""Typst source → PDF bytes, in-process, in a private compile root, deterministically."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import typst

from ..core.cleanup import private_folder
from ..core.resources import resource_dir
from . import fonts

PDF_STANDARDS = ("a-2b", "a-3b", "ua-1")


@dataclass(frozen=True)
class Compiled:
    """A compiled document: the PDF, its page count, and the figures the templates printed."""

    pdf: bytes
    pages: int
    printed: tuple[tuple[str, str], ...]


def compile_pdf(
    source: str, font_dirs: Sequence[Path] = (), pdf_standard: str | None = None,
    on_typst: Callable[[], None] | None = None,
) -> Compiled:
    """Compile in a fresh temporary root holding only lib.typ and the document.

    The root is private so that nothing a template (or a bug) names can reach
    other files, and removed on every way out (core/cleanup.py: it holds the
    whole text); timestamp=0 makes identical input give identical bytes.
    on_typst is called just before Typst starts (and lets go of the GIL).
    """
    with private_folder("jsc-typst-") as root:
        shutil.copyfile(resource_dir("templates") / "lib.typ", root / "lib.typ")
        main = root / "main.typ"
        main.write_text(source, encoding="utf-8")
        compiler = typst.Compiler(
            str(main), root=str(root), font_paths=fonts.typst_fonts(tuple(fonts.font_paths(list(font_dirs))), False),
            ignore_system_fonts=True,
        )
        extra = {"pdf_standards": [pdf_standard]} if pdf_standard else {}
        if on_typst is not None:
            on_typst()
        pdf = compiler.compile(format="pdf", timestamp=0, **extra)
        printed = _printed_figures(compiler)
    return Compiled(pdf, _page_count(pdf), printed)


def _printed_figures(compiler: "typst.Compiler") -> tuple[tuple[str, str], ...]:
    """What the templates printed in table cells, read back from metadata <jsc-fig>."""
    import json

    raw = compiler.query("<jsc-fig>", field="value")
    values = json.loads(raw) if raw else []
    return tuple((str(key), str(shown)) for key, shown in values)


_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def _page_count(pdf: bytes) -> int:
    return len(_PAGE.findall(pdf))
