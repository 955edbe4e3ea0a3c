"""Sharing work with forked processes: whether this process may, on how many cores, and how.

Used by the quick check and the build's reading of records (catalog.py), the
search index's word list (search_index.py) and the build's rendering beside
MkDocs (ahead.py).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool


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


# Work shared among forked processes. Forked workers start with everything
# this process has loaded (for the checks: reference data, compiled schemas,
# the files' bytes), so nothing but the results is pickled.
_shared: tuple[Callable, Sequence] | None = None


def _run_share(bounds: tuple[int, int]) -> list:
    function, items = _shared  # type: ignore[misc]
    return [function(item) for item in items[bounds[0]:bounds[1]]]


def run_everywhere(function: Callable, items: Sequence, parallel: bool = True) -> list:
    """``[function(item) for item in items]``, on every core if ``parallel``.

    The results keep the order of ``items``, so the output never depends on
    how the work was shared. One core, no fork (Windows, or threads running)
    or a worker that died: all of it runs in this process.
    """
    workers = min(cores(), 8, len(items))
    if not parallel or workers < 2 or not can_fork():
        return [function(item) for item in items]
    global _shared
    shares = workers * 4  # smaller shares even out files of different sizes
    step = -(-len(items) // shares)
    bounds = [(start, min(start + step, len(items))) for start in range(0, len(items), step)]
    _shared = (function, items)
    # Ctrl+C reaches every process: the workers leave it to this one, which
    # cancels what they have not started, so an interrupted check stops quietly.
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=signal.signal, initargs=(signal.SIGINT, signal.SIG_IGN))
    try:
        return [result for share in pool.map(_run_share, bounds) for result in share]
    except (BrokenProcessPool, OSError):  # a worker died, or no process could be started
        return [function(item) for item in items]
    finally:
        pool.shutdown(cancel_futures=True)
        _shared = None
