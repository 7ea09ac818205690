"""The `jsc` program (the script and `python -m juesuan_dsl`): the command line in a process of its own.

Ctrl-C is one line and exit 130 from the first statement on: the handler is
set when this module is imported, before anything else of jsc (the script
imports it first). Only the interpreter's own start (some 15 ms) comes
before. Library users never import this module; the forkserver that
`python -m juesuan_dsl` starts for a batch does, and sets its own handler
(it ignores Ctrl-C), and each worker ignores it too (batch/orphan.py): the
batch is stopped by this process.
"""

import signal
import sys

_INTERRUPTED = "jsc：已中断（Ctrl-C）\n"
_interrupted_once = False


def _interrupted(number: int, frame: object) -> None:
    """One line, then exit 130 with finally blocks and exit handlers; a second Ctrl-C exits at once."""
    global _interrupted_once
    if _interrupted_once:  # the way out is taking too long: only the temporary folders first
        import os

        from .core.cleanup import remove_all

        remove_all()
        os._exit(130)
    _interrupted_once = True
    try:
        sys.stderr.write(_INTERRUPTED)
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    raise SystemExit(130)


signal.signal(signal.SIGINT, _interrupted)


def main() -> None:
    import gc

    gc.disable()  # before the imports, which would run a dozen passes (cli.run says why it is off)
    from .cli import run

    run()


if __name__ == "__main__":
    main()
