"""The `hookline` program (the console script and `python -m hookline`): Ctrl-C ends it at once.

The handler is installed before anything heavy is imported. A Ctrl-C that lands while the program
is still importing its libraries (seconds on a busy machine) would otherwise unwind into a normal
interpreter exit, which waits for threads those libraries started and could hang there.
What a chat turn committed is in its checkpoint; the next run resumes from it, as after a kill -9
(tests/test_fault_injection.py).
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType

INTERRUPTED = 130  # the shell's code for a program ended by SIGINT


def _interrupted(_signum: int, _frame: FrameType | None) -> None:
    try:
        sys.stdout.flush()
        sys.stderr.write("hookline: interrupted\n")
        sys.stderr.flush()
    finally:
        os._exit(INTERRUPTED)


def run() -> int:
    signal.signal(signal.SIGINT, _interrupted)
    from hookline.cli import main

    return main()


if __name__ == "__main__":
    sys.exit(run())
