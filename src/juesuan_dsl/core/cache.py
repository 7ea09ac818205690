"""A per-user cache folder for work that is the same in every run (parser tables, compiled templates).

Each `jsc build` is a new process: building the LALR tables of the grammar and
compiling the Jinja templates cost about 0.1 s in every one of them, more than
the rest of the check of the seed example. Both libraries can keep that work
in a file and validate it on load (lark by a hash of grammar, options and
versions; Jinja by a checksum of each template source and the Python version),
so a stale or foreign entry is rebuilt, never used.

`JSC_CACHE_DIR` overrides the folder; set it to the empty string to turn the
cache off. Any failure to create, read or write the folder only costs time.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

from .. import __version__


def _default_base() -> Path:
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")


@cache
def cache_dir(kind: str) -> Path | None:
    """The folder for one kind of cached work (e.g. "jinja"), created on demand; None when off or unusable."""
    setting = os.environ.get("JSC_CACHE_DIR")
    if setting == "":
        return None
    try:
        base = Path(setting) if setting else _default_base() / "jsc"
        folder = base / __version__ / kind
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except (OSError, RuntimeError):  # no home folder, read-only disk, …
        return None
    return folder if os.access(folder, os.W_OK | os.X_OK) else None
