"""Worker processes that die with their parent (issue 14 §8: a killed `ingest --workers 2`
left its workers running for good).

``worker_pool(n)`` is a spawn-context ``ProcessPoolExecutor`` whose workers, on Linux, ask
the kernel to kill them when the parent dies (``prctl(PR_SET_PDEATHSIG, SIGKILL)``) and, on
every system, run a watchdog thread that exits the worker once its parent is gone (its
parent pid changes). A worker started by a parent that already died exits at once.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

__all__ = ["worker_pool", "die_with_parent"]

_PR_SET_PDEATHSIG = 1
_WATCH_SECONDS = 0.5


def die_with_parent(parent: int) -> None:
    """Initializer of a worker: end this process when ``parent`` ends."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: the watchdog below still works
            pass
    if os.getppid() != parent:
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(_WATCH_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="parkatlas-parent-watch", daemon=True).start()


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A process pool of ``workers`` (spawn: the parent may hold database connections and a
    progress thread) whose workers die with this process."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    )
