"""Batch processes (the forkserver and each worker) end when the process that started them ends.

On Linux the kernel is asked (prctl PR_SET_PDEATHSIG) to send SIGKILL when the
parent dies, whatever ended it (SIGTERM, SIGHUP, SIGKILL): so no worker keeps
the caller's stdout/stderr pipes open, and a caller reading jsc's pipe gets EOF.
Elsewhere this does nothing.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> bool:
    """Ask for SIGKILL when the parent dies; exit now if it is already gone. True where it is set."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):
        return False
    if os.getppid() == 1:  # the parent died before the request: it will never fire
        os._exit(1)
    return True


def worker_setup(scratch: str) -> None:
    """The initializer of each batch worker: it ends with jsc, leaves Ctrl-C to jsc (which prints
    the one line and stops the batch), and makes its temporary folders inside jsc's `scratch`
    folder, so that what a worker killed mid-compile leaves is removed when jsc ends."""
    import tempfile

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()
    tempfile.tempdir = scratch
