"""Nothing of a run is left behind: private temporary folders are removed on every way out.

A compile root holds the department's whole text, so it must not outlive the
run. `private_folder` removes its folder when the block ends; a folder still
there when the process ends (a compile left running on a thread while the
build failed, a worker retired in the middle of one) is removed by an exit
handler: atexit in the jsc process, multiprocessing's exit hook in a worker.
`exit_on_signals` turns SIGTERM and SIGHUP into SystemExit in the main process,
so that those handlers and every `finally` (a half-written temporary file) run
then too. SIGKILL cannot be caught: a folder of a process killed so is
removed by the next folder build (`remove_stale`), found by the process id
that every folder's name carries.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

_LIVE: dict[str, int] = {}  # folder → the process that made it (a forked child must not remove its parent's)
_HOOKED: set[int] = set()  # the processes (by pid) whose exit handlers are installed
_CLOSING: set[int] = set()  # the processes (by pid) whose exit handler has begun: no new folder then
_LOCK = threading.Lock()  # a compile thread makes folders while the main thread may be removing them


@contextlib.contextmanager
def private_folder(prefix: str = "jsc-") -> Iterator[Path]:
    """A new folder only this user can read, removed when the block ends or, at the latest, with the process."""
    _hook()
    with _LOCK:  # made and registered at once, so that the exit handler never misses one
        if os.getpid() in _CLOSING:
            raise RuntimeError("the process is ending")
        folder = tempfile.mkdtemp(prefix=f"{prefix}{_namespace()}-{os.getpid()}-")
        _LIVE[folder] = os.getpid()
    try:
        yield Path(folder)
    finally:
        with _LOCK:
            _LIVE.pop(folder, None)
        _remove(folder)


def remove_all() -> None:
    """Remove every private folder this process made that is still there (the exit handler)."""
    pid = os.getpid()
    with _LOCK:
        _CLOSING.add(pid)
        folders = [folder for folder, maker in _LIVE.items() if maker == pid]
        for folder in folders:
            _LIVE.pop(folder, None)
    for folder in folders:
        _remove(folder)


_OWNED = re.compile(r"jsc-[a-z]+-(\d+)-(\d+)-")


def remove_stale(folder: str | None = None) -> list[str]:
    """Remove the private folders in the temporary folder whose process is gone (killed by SIGKILL,
    or the machine lost power); returns their names.

    Only folders of this user, made in this process-id namespace (a container sharing /tmp
    numbers its processes differently), by a process that no longer exists.
    """
    folder = folder or tempfile.gettempdir()
    namespace, removed = _namespace(), []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        owned = _OWNED.match(entry.name)
        if owned is None or int(owned.group(1)) != namespace or _running(int(owned.group(2))):
            continue
        try:
            if not entry.is_dir(follow_symlinks=False) or entry.stat(follow_symlinks=False).st_uid != _uid():
                continue
        except OSError:
            continue
        _remove(entry.path)
        removed.append(entry.name)
    return removed


def _namespace() -> int:
    """The process-id namespace of this process (Linux; 0 elsewhere)."""
    try:
        return os.stat("/proc/self/ns/pid").st_ino
    except OSError:
        return 0


def _uid() -> int:
    return os.getuid() if hasattr(os, "getuid") else -1


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: it exists
        return True
    return True


def _remove(folder: str) -> None:
    """rmtree, again while a thread still writing into the folder makes its last removal fail.

    Once the folder is gone such a thread's next write fails, so a few rounds suffice.
    """
    for _ in range(50):
        shutil.rmtree(folder, ignore_errors=True)
        if not os.path.lexists(folder):
            return
        time.sleep(0.01)


def _hook() -> None:
    pid = os.getpid()
    if pid in _HOOKED:
        return
    _HOOKED.add(pid)
    atexit.register(remove_all)
    try:  # a worker process ends through multiprocessing, which does not run atexit handlers
        from multiprocessing import parent_process, util

        if parent_process() is not None:
            util.Finalize(None, remove_all, exitpriority=100)
    except ImportError:
        pass


def exit_on_signals() -> None:
    """SIGTERM and SIGHUP end the run like sys.exit(128 + signal): finally blocks and exit handlers run.

    Only in the main thread, and only for a signal whose handling nobody else has set.
    """
    if threading.current_thread() is not threading.main_thread():
        return
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is signal.SIG_DFL:
            signal.signal(number, _exit)


def _exit(number: int, frame: object) -> None:
    raise SystemExit(128 + number)
