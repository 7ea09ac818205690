"""One call on a background thread: for work that releases the GIL (a Typst compile) beside Python work."""

from __future__ import annotations

import threading
from typing import Any, Callable


class Background:
    """Starts `func(*args)` on a daemon thread; `result()` waits for it and returns or raises what it did.

    Daemon: a result nobody asks for (the build failed meanwhile) must not keep
    the process alive until the call ends.
    """

    def __init__(self, func: Callable[..., Any], *args: Any) -> None:
        self._outcome: tuple[bool, Any] | None = None
        self._thread: threading.Thread | None = threading.Thread(
            target=self._run, args=(func, args), name="jsc-background", daemon=True
        )
        try:
            self._thread.start()
        except RuntimeError:  # no thread to be had (a process limit): the same call, only not beside
            self._thread = None
            self._run(func, args)

    def _run(self, func: Callable[..., Any], args: tuple[Any, ...]) -> None:
        try:
            self._outcome = (True, func(*args))
        except BaseException as exc:  # handed to the caller of result()
            self._outcome = (False, exc)

    def result(self) -> Any:
        if self._thread is not None:
            self._thread.join()
        assert self._outcome is not None
        ok, value = self._outcome
        if ok:
            return value
        raise value
