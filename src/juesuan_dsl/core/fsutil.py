"""Writing the user's files, in one place: every file build, export, fmt, new and a batch write goes
through `write_files`, which keeps these rules (README "Files"):

- An output is never an input. A file the command read (the source, a file it 包含s, its 上年 file,
  a 科目表) is refused, compared by device and inode, so another spelling of it or a link to it
  counts; so is any existing .jsl file, for the commands that write documents (fmt and new write
  sources and pass documents=False).
- Outputs are regular files. A device, a FIFO, a socket or a folder is refused rather than written
  through: writing into a FIFO blocks until someone reads it, a device may be hardware, and an
  atomic replace would swap the node itself for a file (`-o /dev/null` as root replaced the
  system's). A symbolic link is written through: its target is replaced and the link stays. A
  file without any write bit, or in a folder without any, is refused as read-only: jsc reads the
  mode bits itself, so the rule holds for root too (the system lets root write anything).
- Atomic, and all or nothing. Each output goes first to a temporary file beside its target, with
  a short name (`.jsc-XXXXXXXX.tmp`, so a target of 250 characters still fits), and only when all
  of them are written are they renamed over their targets; on any failure the temporary files
  are removed and no target changes. Should a rename fail after an earlier one succeeded (two
  outputs, `--typst` and `-o`), the earlier target gets its old file back from a hard link
  made before the renames (where the file system has hard links).
- A failure is the user's and is said so: `Refused` names the path the user gave (never a
  temporary one) and what happened (no space, read-only, no such folder, name too long …).
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from .paths import display_path, inside
from .terminal import shown_name

#: What a command read, to be refused as an output: (path, what it is: 源文件, 被包含的文件, 上年文件, 科目表 …).
Inputs = Iterable[tuple[Path, str]]

TEMP_PREFIX, TEMP_SUFFIX = ".jsc-", ".tmp"  # 17 characters in all, whatever the target's name
NAME_MAX = 255  # bytes of one name, where the system does not say

_REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    getattr(errno, "EDQUOT", -1): "超出了磁盘配额",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "所在的文件系统是只读的",
    errno.ENOENT: "所在的文件夹不存在",
    errno.ENAMETOOLONG: "文件名太长",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.EISDIR: "这是一个文件夹",
    errno.ELOOP: "符号链接循环",
    errno.EIO: "磁盘读写出错",
    errno.EFBIG: "文件过大",
}
_KINDS = (
    (stat.S_ISDIR, "文件夹"), (stat.S_ISCHR, "设备"), (stat.S_ISBLK, "设备"),
    (stat.S_ISFIFO, "命名管道"), (stat.S_ISSOCK, "套接字"),
)


class Refused(Exception):
    """A file jsc will not or cannot write; str() is the message for the user (Chinese, naming the path given)."""


def quoted(path: Path | str) -> str:
    """A path as messages name it, in “”: as given, or relative to the working directory when it lies
    inside it (/dev/null stays /dev/null); control characters escaped."""
    path = Path(path)
    if path.is_absolute() and inside(path, Path.cwd()):
        path = Path(display_path(path))
    return f"“{shown_name(path)}”"


def failure(path: Path, exc: OSError) -> Refused:
    """An OSError met writing `path`, said about `path` (the error's own file name may be a temporary one)."""
    reason = _REASONS.get(exc.errno) or exc.strerror or type(exc).__name__
    return Refused(f"无法写入{quoted(path)}：{reason}")


def target_of(path: Path, inputs: Inputs = (), documents: bool = True, parents: bool = False) -> Path:
    """The file that writing `path` replaces (a symbolic link's target), or Refused by the rules above.

    documents: the output is a document (PDF, Typst, JSON), so an existing .jsl is refused as well.
    parents: missing folders above it will be made (a batch's -o tree), so they need not exist.
    """
    path = Path(path)
    try:
        target = Path(os.path.realpath(path)) if os.path.islink(path) else path
        info = _stat(target)
    except OSError as exc:  # a name too long, a symlink loop, a file in the way of a folder
        raise failure(path, exc) from None
    if info is not None:
        kind = next((name for test, name in _KINDS if test(info.st_mode)), None)
        if kind is not None:
            raise Refused(f"不能写入{quoted(path)}：它是{kind}，不是普通文件；jsc 只写普通文件")
        for read, role in inputs:
            if _same(info, read):
                raise Refused(f"不能写入{quoted(path)}：它是本次读取的{role}，写入会覆盖它；请换一个输出文件名")
        if documents and target.name.lower().endswith(".jsl"):
            raise Refused(f"不能写入{quoted(path)}：它是 .jsl 源文件，输出不会覆盖源文件；请换一个输出文件名")
        if not info.st_mode & 0o222 or not os.access(target, os.W_OK):
            raise Refused(f"不能写入{quoted(path)}：文件是只读的")
    _check_folder(path, target.parent if str(target.parent) else Path("."), parents)
    limit = _name_max(target.parent)
    if len(os.fsencode(target.name)) > limit:
        raise Refused(f"无法写入{quoted(path)}：文件名太长（{len(os.fsencode(target.name))} 字节，最多 {limit} 字节）")
    return target


def check_outputs(paths: Sequence[Path], inputs: Inputs = (), documents: bool = True, parents: bool = False) -> list[Path]:
    """The files writing `paths` replaces, each by target_of, and no two the same; raises Refused.

    A command asks this before its work too, so that a refusal it can know at once costs no build.
    """
    inputs = [(Path(p), role) for p, role in inputs]
    targets: list[Path] = []
    for path in paths:
        target = target_of(path, inputs, documents, parents)
        for other, other_target in zip(paths, targets):
            if _key(other_target) == _key(target):
                raise Refused(f"不能把两个输出都写到{quoted(path)}（{quoted(other)}也写到这个文件）")
        targets.append(target)
    return targets


def write_files(files: Sequence[tuple[Path, bytes]], inputs: Inputs = (), documents: bool = True, parents: bool = False) -> None:
    """Write every file or none (see the module docstring); raises Refused."""
    paths = [Path(path) for path, _ in files]
    targets = check_outputs(paths, inputs, documents, parents)
    planned = [(path, target, data) for path, target, (_, data) in zip(paths, targets, files)]
    temps: list[tuple[str, Path, Path]] = []
    backups: list[str | None] = []  # per temp file: a hard link to the old file of its target
    kept: list[tuple[Path, str | None]] = []  # renamed so far: target, and the hard link to its old file
    try:
        for path, target, data in planned:
            if parents:
                _make_folders(path, target.parent)
            temps.append((_temp_beside(path, target, data), path, target))
        backups = [_backup(target) for _, _, target in temps]
        while temps:
            temp, path, target = temps[0]
            try:
                os.replace(temp, target)
            except OSError as exc:
                _roll_back(kept)
                kept = []
                raise failure(path, exc) from None
            temps.pop(0)
            kept.append((target, backups.pop(0)))
    finally:
        for temp, _, _ in temps:  # not renamed: a failure, or an exception (a signal) on the way
            _unlink(temp)
        for backup in [*backups, *(backup for _, backup in kept)]:
            if backup is not None:
                _unlink(backup)


def _backup(target: Path) -> str | None:
    """A hard link to the file `target` names now (None: no such file, or no link to be had), so that a
    later rename that fails can put it back: the outputs of one command change all together or not at all."""
    if _stat(target) is None:
        return None
    name = os.path.join(str(target.parent) or ".", f"{TEMP_PREFIX}{os.urandom(4).hex()}.bak")
    try:
        os.link(target, name)
    except OSError:  # a file system without hard links: the rename below stays atomic per file
        return None
    return name


def _roll_back(done: list[tuple[Path, str | None]]) -> None:
    """Undo the renames of one write_files that could not finish: old files back, new ones removed."""
    for target, backup in reversed(done):
        try:
            if backup is not None:
                os.replace(backup, target)
            else:
                os.unlink(target)
        except OSError:
            pass


def _unlink(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass


def atomic_write(path: Path, data: bytes, inputs: Inputs = (), documents: bool = True) -> None:
    """One file, by the rules of write_files."""
    write_files([(Path(path), data)], inputs, documents)


def is_dir(path: Path) -> bool:
    """Path.is_dir, but False for a name the system refuses (too long, …) instead of raising."""
    try:
        return Path(path).is_dir()
    except (OSError, ValueError):
        return False


def _key(path: Path) -> str:
    return os.path.normcase(os.path.realpath(path))


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None


def _same(info: os.stat_result, path: Path) -> bool:
    try:
        other = os.stat(path)
    except (OSError, ValueError):
        return False
    return (info.st_dev, info.st_ino) == (other.st_dev, other.st_ino)


def _check_folder(path: Path, folder: Path, parents: bool) -> None:
    """The folder the output goes into exists (or, with parents, the nearest existing one above it) and is writable."""
    while True:
        try:
            info = _stat(folder)
        except OSError as exc:
            raise failure(path, exc) from None
        if info is not None or not parents or folder.parent == folder:
            break
        folder = folder.parent
    if info is None:
        raise Refused(f"无法写入{quoted(path)}：文件夹{quoted(folder)}不存在")
    if not stat.S_ISDIR(info.st_mode):
        raise Refused(f"无法写入{quoted(path)}：{quoted(folder)}不是文件夹")
    if not info.st_mode & 0o222 or not os.access(folder, os.W_OK):
        raise Refused(f"无法写入{quoted(path)}：文件夹{quoted(folder)}是只读的")


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder if str(folder) else ".", "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):  # no such folder yet, or no pathconf (Windows)
        return NAME_MAX


def _make_folders(path: Path, folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise failure(path, exc) from None


def _temp_beside(path: Path, target: Path, data: bytes) -> str:
    """A temporary file in the target's folder (a rename within one folder is atomic) holding data."""
    folder = target.parent if str(target.parent) else Path(".")
    try:
        existing = _stat(target)
        fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise failure(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, existing.st_mode & 0o777 if existing is not None else 0o644)
    except BaseException as exc:
        try:
            os.unlink(temp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise failure(path, exc) from None
        raise
    return temp
