"""Paths as jsc shows and checks them: the project root, display paths, containment."""

from __future__ import annotations

import os
from pathlib import Path

ROOT_MARKERS = (".git", "jsc.toml")


def display_path(path: Path) -> str:
    """A path as the user should see it: relative to the working directory when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def find_project_root(main: Path) -> Path:
    """The nearest folder above the main file holding .git or jsc.toml, else the file's own folder."""
    try:
        start = main.resolve().parent
    except (OSError, RuntimeError):  # a symlink loop (RuntimeError before Python 3.13)
        start = main.absolute().parent
    for folder in (start, *start.parents):
        if any((folder / marker).exists() for marker in ROOT_MARKERS):
            return folder
    return start


def unusable_path(text: str) -> bool:
    """A path text jsc refuses: control characters cannot be shown or typed safely."""
    return any(ord(ch) < 32 or ch == "\x7f" for ch in text)


def inside(path: Path, root: Path) -> bool:
    """Whether a resolved path is the root or lies under it."""
    return path == root or root in path.parents
