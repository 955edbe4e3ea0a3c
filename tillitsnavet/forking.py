"""Whether this process may share work with forked processes, and with how many cores.

Used by the quick check and the build's reading of records (catalog.py) and
by the build's rendering beside MkDocs (ahead.py).
"""

from __future__ import annotations

import multiprocessing
import os
import threading


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    # Forking while other threads run can copy a lock some thread holds (a
    # deadlock in the child); serve's MkDocs runs threads, so it stays serial.
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
