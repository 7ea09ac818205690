"""Pausing Python's cyclic garbage collector around work that builds objects that all live on."""

from __future__ import annotations

import contextlib
import gc


@contextlib.contextmanager
def gc_paused():
    """Pause cyclic GC: parsing and checking allocate many small objects that all live to the end,
    and collector passes over them only cost time (they made parse time superlinear).
    What is garbage is still freed by reference counting."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
