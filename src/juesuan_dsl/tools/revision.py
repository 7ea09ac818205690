"""A source file as it was at a git revision (`jsc diff FILE --rev REV`), with its includes.

`git show REV:path` gives one file, but a .jsl file may 包含 others and name a
科目表, so the file's whole project folder (the folder holding .git or
jsc.toml, see load.find_project_root) is exported from that revision with
`git archive` into a temporary folder, and the old version is checked there:
its includes and catalogs are the ones of that revision. Paths are relative
to the repository root. Every failure is a diagnostic; nothing here raises.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..core import codes
from ..core.diagnostics import Diagnostic
from ..core.paths import display_path, find_project_root

GIT_TIMEOUT = 60  # seconds; an archive of a large project still fits


@dataclass(frozen=True, slots=True)
class Checkout:
    """The old version on disk: the file, its project root, and how to name it (REV:path)."""

    path: Path
    root: Path
    label: str


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=GIT_TIMEOUT)


def checkout(path: Path, rev: str, into: Path) -> tuple[Checkout | None, list[Diagnostic]]:
    """Export the project of `path` at `rev` into the empty folder `into`."""
    shown = display_path(path)
    try:
        return _checkout(path, rev, into, shown)
    except FileNotFoundError:
        return None, [codes.make("JSC-E0314", None, reason="找不到 git 命令")]
    except (OSError, subprocess.SubprocessError, tarfile.TarError) as exc:
        return None, [codes.make("JSC-E0314", None, reason=f"{type(exc).__name__}: {exc}")]


def _checkout(path: Path, rev: str, into: Path, shown: str) -> tuple[Checkout | None, list[Diagnostic]]:
    folder = path.resolve().parent
    if not folder.is_dir():
        return None, [codes.make("JSC-E0301", None, path=shown)]
    top = _git(["rev-parse", "--show-toplevel"], folder)
    if top.returncode != 0:
        return None, [codes.make("JSC-E0311", None, path=shown, rev=rev)]
    toplevel = Path(top.stdout.decode("utf-8").strip()).resolve()
    if rev.startswith("-") or _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], toplevel).returncode != 0:
        return None, [codes.make("JSC-E0312", None, rev=rev)]
    relative = PurePosixPath(path.resolve().relative_to(toplevel).as_posix())
    if _git(["cat-file", "-e", f"{rev}:{relative}"], toplevel).returncode != 0:
        return None, [codes.make("JSC-E0313", None, path=str(relative), rev=rev)]
    root = find_project_root(path).resolve()
    if root != toplevel and toplevel not in root.parents:
        root = toplevel
    project = PurePosixPath(root.relative_to(toplevel).as_posix())
    archive = _git(["archive", "--format=tar", rev, "--", str(project)], toplevel)
    if archive.returncode != 0:
        reason = archive.stderr.decode("utf-8", errors="replace").strip() or f"git archive 退出码 {archive.returncode}"
        return None, [codes.make("JSC-E0314", None, reason=reason)]
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        _extract(tar, into)
    return Checkout(into / relative, into / project, f"{rev}:{relative}"), []


def _extract(tar: tarfile.TarFile, into: Path) -> None:
    """Extract regular files and folders only, never outside `into` (tarfile's "data" filter)."""
    if hasattr(tarfile, "data_filter"):
        tar.extractall(into, filter="data")
        return
    safe = [m for m in tar.getmembers() if (m.isfile() or m.isdir()) and not m.name.startswith(("/", "..")) and ".." not in PurePosixPath(m.name).parts]
    tar.extractall(into, members=safe)  # noqa: S202 - members filtered above
