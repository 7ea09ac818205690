"""Nothing of a run is left behind: private temporary folders are removed on every way out.

A compile root holds the department's whole text, so it must not outlive the
run. `private_folder` removes its folder when the block ends; a folder still
there when the process ends (a compile left running on a thread while the
build failed, a worker retired in the middle of one) is removed by an exit
handler: atexit in the jsc process, multiprocessing's exit hook in a worker.
`exit_on_signals` turns SIGTERM and SIGHUP into SystemExit in the main process,
so that those handlers and every `finally` (a half-written temporary file) run
then too. SIGKILL cannot be caught.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

_LIVE: dict[str, int] = {}  # folder → the process that made it (a forked child must not remove its parent's)
_HOOKED: set[int] = set()  # the processes (by pid) whose exit handlers are installed


@contextlib.contextmanager
def private_folder(prefix: str = "jsc-") -> Iterator[Path]:
    """A new folder only this user can read, removed when the block ends or, at the latest, with the process."""
    _hook()
    folder = tempfile.mkdtemp(prefix=prefix)
    _LIVE[folder] = os.getpid()
    try:
        yield Path(folder)
    finally:
        _LIVE.pop(folder, None)
        shutil.rmtree(folder, ignore_errors=True)


def remove_all() -> None:
    """Remove every private folder this process made that is still there (the exit handler)."""
    pid = os.getpid()
    for folder, maker in list(_LIVE.items()):
        if maker == pid:
            _LIVE.pop(folder, None)
            shutil.rmtree(folder, ignore_errors=True)


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
