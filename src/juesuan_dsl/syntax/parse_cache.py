"""A cache of built statements per source file, checked against the file's content.

Parsing is the largest part of a check (the seed and its 上年 file: some 0.1 s
of lark, and lark's import), and most files a build reads have not changed
since the last build: last year's file never does, included parts rarely do.
An entry holds what loading one file made, its statements and their syntax
and structure diagnostics, and is used only when the text, the name the file
is shown by (spans carry it), the context it is built in, the Python version
and the code of the syntax stage (grammar, syntax/ and core/ sources) are all
the same; anything else is a miss and the file is parsed.

One entry per file and context (a new version of the file replaces the old
one), in the user cache folder (core/cache.py). Files that include others are
not stored: their statements depend on the included files too. Reading or
writing the cache never fails a build; an unusable entry is a miss.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from functools import cache
from pathlib import Path

from ..core.cache import cache_dir
from ..core.collector import gc_paused
from ..core.diagnostics import Diagnostic
from ..core.resources import resource_dir
from ..core.source import SourceFile
from .ast import Statement

_PACKAGE = Path(__file__).resolve().parent.parent

Entry = tuple[tuple[Statement, ...], tuple[Diagnostic, ...]]


@cache
def _code_fingerprint() -> bytes:
    """A hash of everything that decides what parsing a text makes (a changed jsc is a miss)."""
    digest = hashlib.sha256(repr(sys.version_info[:2]).encode())
    files = [resource_dir("grammar") / "jsl.lark", *sorted((_PACKAGE / "syntax").glob("*.py")), *sorted((_PACKAGE / "core").glob("*.py"))]
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.digest()


def _slot_and_check(source: SourceFile, context: str) -> tuple[Path, bytes] | None:
    folder = cache_dir("parse")
    if folder is None:
        return None
    try:
        fingerprint = _code_fingerprint()
    except OSError:
        return None
    place = hashlib.sha256(f"{source.path}\0{context}".encode()).hexdigest()[:32]
    check = hashlib.sha256(fingerprint + source.path.encode() + b"\0" + context.encode() + b"\0" + source.text.encode()).digest()
    return folder / f"{place}.pickle", check


def lookup(source: SourceFile, context: str) -> Entry | None:
    """The statements and diagnostics stored for this text, or None."""
    slot = _slot_and_check(source, context)
    if slot is None:
        return None
    path, check = slot
    try:
        data = path.read_bytes()
        if data[:32] != check:
            return None
        with gc_paused():  # many small objects that all live on
            statements, diagnostics = pickle.loads(data[32:])
        return tuple(statements), tuple(diagnostics)
    except Exception:  # missing, truncated, or written by another version: parse instead
        return None


def store(source: SourceFile, context: str, statements: tuple[Statement, ...], diagnostics: list[Diagnostic]) -> None:
    """Keep what loading this text made (written whole or not at all)."""
    slot = _slot_and_check(source, context)
    if slot is None:
        return
    path, check = slot
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        temp.write_bytes(check + pickle.dumps((statements, tuple(diagnostics)), protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temp, path)
    except Exception:  # a full or read-only disk, an unpicklable value: only costs the next parse
        try:
            temp.unlink()
        except OSError:
            pass
