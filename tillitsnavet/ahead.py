"""A build's generated Markdown, rendered in a second process ahead of MkDocs.

MkDocs turns pages into HTML one at a time, on one core. A forked worker
renders what the hub generates (the lists that hand-written pages ask for,
then every record page) in the order MkDocs will ask for it, and hands each
result over through a file when MkDocs gets there. On two cores the hub's
rendering runs beside MkDocs instead of before it (issue #7).

The worker starts with everything this process has loaded (the catalog, the
templates), so only the finished text is pickled. A job that fails there is
run again here, so its error is raised here exactly as without the worker;
if the worker dies, the jobs it did not deliver run here too. Without fork
(Windows, or threads running, as in ``serve``) or a second core, every job
runs here, when asked for: the same text.

A worker that is far ahead of this process has time to spare: ``spare``
may then do more with a result (the build turns record pages into HTML
there too, MkDocs' slowest step). The lead is counted in jobs: how many the
worker has handed over that this process has not taken yet.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import pickle
import signal
import struct
import tempfile
from collections.abc import Callable, Hashable, Sequence

from . import forking

#: Fewer jobs than this run here: starting a process would cost more.
MIN_JOBS = 50

Job = tuple[Hashable, Callable[[], str]]


class Ahead:
    """Results of ``jobs`` by key, computed ahead in a forked worker when one helps."""

    def __init__(self, jobs: Sequence[Job], parallel: bool = True, folder: str | None = None,
                 before: Callable[[], object] | None = None,
                 after: Callable[[], object] | None = None,
                 spare: Callable[[Hashable, str], object] | None = None, lead: int = 0):
        """``folder``: where the results wait (unlinked at once), best on the output's disk.

        ``before`` and ``after`` run in the process that renders: before its
        first job, and after its last (`finish` waits for that). A worker
        that dies leaves the rest of the jobs to this process, without them.
        ``spare(key, result)`` runs only in a worker, on a job's result when
        the worker is more than ``lead`` jobs ahead, and what it returns is
        handed over instead (an error in it hands over the result itself).
        """
        self._jobs = dict(jobs)  # a key given twice is rendered once
        self._spare, self._lead = spare, lead
        self._taken = None  # how many results this process has taken, shared with the worker
        self._waiting: set[Hashable] = set()  # keys the worker has still to hand over
        self._delivered: dict[Hashable, object] = {}  # handed over, not yet taken
        self._process = None
        self._after = after
        # on one core a worker would only take turns with MkDocs
        if parallel and len(self._jobs) >= MIN_JOBS and forking.cores() > 1 and forking.can_fork():
            try:
                self._start(folder, before, after)
                self._waiting = set(self._jobs)
                return
            except OSError:  # no process or no file to be had: everything runs here
                self._process = None
        if before is not None:
            before()

    def _start(self, folder: str | None, before, after) -> None:
        # The results go through an unlinked file, not a pipe: the worker
        # never waits for this process to read (a pipe holds 64 KB), and
        # this process reads only when MkDocs asks, with no thread to
        # compete with MkDocs for the GIL. Two opens: two file offsets.
        handle, path = tempfile.mkstemp(prefix=".tillitsnavet-", dir=folder)
        os.close(handle)
        context = multiprocessing.get_context("fork")
        self._taken = context.RawValue("q", 0)  # shared memory: no lock, one writer
        try:
            with open(path, "ab") as spool:
                self._spool = open(path, "rb")  # noqa: SIM115 - closed in close()
                process = context.Process(
                    target=_work, args=(list(self._jobs.items()), spool, os.getpid(), before, after,
                                        self._spare, self._lead, self._taken),
                    daemon=True, name="tillitsnavet-ahead")
                try:
                    process.start()
                except OSError:
                    self._spool.close()
                    raise
        finally:
            os.unlink(path)
        self._process = process

    def __contains__(self, key: Hashable) -> bool:
        return key in self._jobs

    def take(self, key: Hashable) -> object:
        """The result of job ``key``, or what ``spare`` made of it.

        A job that failed in the worker runs (and raises) here.
        """
        while key in self._waiting and key not in self._delivered:
            self._receive()
        result = self._delivered.pop(key, None)
        self._waiting.discard(key)
        if self._taken is not None:
            self._taken.value += 1
        return result if result is not None else self._jobs[key]()

    def _receive(self) -> None:
        """Read the next result the worker wrote, waiting for it if need be."""
        ended = False
        while True:
            start = self._spool.tell()
            header = self._spool.read(_HEADER.size)
            if len(header) == _HEADER.size:
                (size,) = _HEADER.unpack(header)
                data = self._spool.read(size)
                if len(data) == size:
                    key, result = pickle.loads(data)
                    if key == _END:
                        self._waiting.clear()
                    else:
                        self._delivered[key] = result
                    return
            self._spool.seek(start)  # not all written yet
            if ended:  # the worker is gone: what it did not hand over runs here
                self._waiting.clear()
                return
            # Wait a moment for more, or for the worker to end (its sentinel
            # says so however it ended); then read once more, for what it
            # wrote just before.
            ended = bool(multiprocessing.connection.wait([self._process.sentinel], 0.001))

    def finish(self) -> None:
        """Wait until ``after`` has run where the jobs ran (here: run it now)."""
        if self._process is None:
            if self._after is not None:
                self._after()
            return
        while self._waiting:  # the worker runs ``after`` before its last word
            self._receive()

    def close(self) -> None:
        """Stop the worker (done or not) and free what it handed over but nobody took."""
        if self._process is not None:
            if self._process.is_alive():
                self._process.terminate()
            self._process.join()
            self._spool.close()
            self._process = None
        self._waiting.clear()
        self._delivered.clear()


#: Each result in the spool: its length, then the pickled (key, result).
_HEADER = struct.Struct("<Q")
#: The key of the last record the worker writes.
_END = "tillitsnavet-ahead: klart"


def _work(jobs: list[Job], spool, parent: int, before, after, spare, lead: int, taken) -> None:
    # Ctrl+C reaches both processes; the main one stops this one.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if before is not None:
        before()
    for handed_over, (key, job) in enumerate(jobs):
        if os.getppid() != parent:  # the build was killed: nobody will read the rest
            return
        try:
            result = job()
        except Exception:  # noqa: BLE001 - run again in the main process, which raises it
            result = None
        if result is not None and spare is not None and handed_over - taken.value > lead:
            try:
                result = spare(key, result)
            except Exception:  # noqa: BLE001 - the result itself is as good, only later
                pass
        _write(spool, key, result)
    if after is not None:
        after()
    _write(spool, _END, None)
    spool.close()


def _write(spool, key: Hashable, result: str | None) -> None:
    data = pickle.dumps((key, result), protocol=pickle.HIGHEST_PROTOCOL)
    spool.write(_HEADER.pack(len(data)) + data)
    spool.flush()  # readable by the main process now
