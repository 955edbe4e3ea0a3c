"""Rendering ahead in a second process (tillitsnavet/ahead.py) gives what rendering here gives.

The build hands its record pages and lists to a forked worker; these tests
check the hand-over itself: any order of asking, a job that fails, a worker
that dies. test_bench.py's ``test_a_build_rendered_ahead_is_the_same`` checks
whole sites.
"""

from __future__ import annotations

import os
import signal
import time

import pytest

from tillitsnavet import ahead, forking
from tillitsnavet.ahead import Ahead


@pytest.fixture(autouse=True)
def _may_fork(monkeypatch):
    # This process may have threads left by other tests (a served site), and
    # Ahead never forks while threads run. The jobs here take no lock such a
    # thread could hold. test_bench.py checks a real build in a fresh process.
    monkeypatch.setattr(forking, "can_fork", lambda: True)
    monkeypatch.setattr(forking, "cores", lambda: 2)


def _jobs(count: int, fail_at: int | None = None):
    def job(number: int) -> str:
        if number == fail_at:
            raise ValueError(f"jobb {number} gick fel")
        return f"sida {number} " + "å" * number
    return [(("sida", number), lambda number=number: job(number)) for number in range(count)]


def test_results_come_from_a_worker_in_any_order():
    work = Ahead(_jobs(200))
    try:
        assert work._process is not None, "200 jobs should start a worker"
        order = list(range(199, -1, -3)) + [n for n in range(200) if (199 - n) % 3]
        assert {n: work.take(("sida", n)) for n in order} == \
            {n: f"sida {n} " + "å" * n for n in range(200)}
    finally:
        work.close()


def test_few_jobs_run_here_without_a_process():
    work = Ahead(_jobs(ahead.MIN_JOBS - 1))
    assert work._process is None
    assert work.take(("sida", 3)) == "sida 3 ååå"


def test_on_one_core_the_jobs_run_here(monkeypatch):
    monkeypatch.setattr(forking, "cores", lambda: 1)
    work = Ahead(_jobs(200))
    assert work._process is None
    assert work.take(("sida", 150)) == "sida 150 " + "å" * 150


def test_a_job_that_fails_in_the_worker_raises_here_and_the_rest_still_come():
    work = Ahead(_jobs(100, fail_at=40))
    try:
        assert work._process is not None
        assert work.take(("sida", 39)) == "sida 39 " + "å" * 39
        with pytest.raises(ValueError, match="jobb 40 gick fel"):
            work.take(("sida", 40))
        assert work.take(("sida", 99)).startswith("sida 99 ")
    finally:
        work.close()


def test_a_worker_that_dies_leaves_its_jobs_to_this_process():
    def slow(number: int) -> str:
        time.sleep(0.02)
        return f"sida {number}"

    work = Ahead([(("sida", n), lambda n=n: slow(n)) for n in range(100)])
    try:
        assert work.take(("sida", 0)) == "sida 0"
        os.kill(work._process.pid, signal.SIGKILL)
        assert [work.take(("sida", n)) for n in range(1, 100)] == [f"sida {n}" for n in range(1, 100)]
    finally:
        work.close()


def test_closing_stops_a_worker_that_is_not_done():
    work = Ahead([(("sida", n), lambda: time.sleep(1) or "x") for n in range(60)])
    process = work._process
    work.close()
    assert not process.is_alive()


def test_large_results_are_read_whole_while_the_worker_is_still_writing():
    # a few MB each (the explorer at 10,000 records is 10 MB): the reader
    # often finds a result half written and must wait for the rest
    work = Ahead([(("sida", n), lambda n=n: str(n) * 1_500_000) for n in range(60)])
    try:
        assert work._process is not None
        for n in range(60):
            assert work.take(("sida", n)) == str(n) * 1_500_000
    finally:
        work.close()


def test_a_key_given_twice_is_rendered_once_and_can_be_taken_again():
    calls = []
    jobs = _jobs(60) + [(("sida", 5), lambda: calls.append(1) or "igen")]
    work = Ahead(jobs)
    try:
        assert work.take(("sida", 5)) == "igen"  # the last job given for a key wins, as in a dict
        assert work.take(("sida", 5)) == "igen" and calls == [1]  # run here the second time
    finally:
        work.close()


@pytest.mark.parametrize("jobs", [200, ahead.MIN_JOBS - 1])
def test_before_and_after_run_once_where_the_jobs_run(tmp_path, jobs):
    log = tmp_path / "ordning"

    def note(word):
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"{word} {os.getpid()}\n")

    work = Ahead([(("sida", n), lambda n=n: note(f"sida{n}") or f"sida {n}") for n in range(jobs)],
                 before=lambda: note("före"), after=lambda: note("efter"))
    try:
        assert [work.take(("sida", n)) for n in range(jobs)] == [f"sida {n}" for n in range(jobs)]
        work.finish()  # after this, "after" has run
        lines = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    finally:
        work.close()
    assert [word for word, _ in lines] == ["före"] + [f"sida{n}" for n in range(jobs)] + ["efter"]
    assert len({pid for _, pid in lines}) == 1, "all in one process"
    assert (lines[0][1] != str(os.getpid())) == (jobs >= ahead.MIN_JOBS), "in the worker if any"


def test_a_worker_far_enough_ahead_spends_its_spare_time_and_only_then(tmp_path):
    """``spare`` runs in the worker on results it is more than ``lead`` jobs ahead with.

    Nothing is taken until the worker has done 100 jobs, so job n is n
    ahead; after that the worker waits for the reader at every job.
    """
    there, go_on = tmp_path / "framme", tmp_path / "vidare"

    def job(number: int) -> str:
        if number >= 100:
            there.touch()  # jobs 0 to 99 are handed over, spare time spent
            while not go_on.exists():
                time.sleep(0.001)
            go_on.unlink()
        return f"sida {number}"

    work = Ahead([(("sida", n), lambda n=n: job(n)) for n in range(130)],
                 spare=lambda key, result: f"{result} extra {os.getpid()}", lead=20)
    try:
        deadline = time.monotonic() + 30
        while not there.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        first = [work.take(("sida", n)) for n in range(100)]
        rest = []
        for n in range(100, 130):
            go_on.touch()
            rest.append(work.take(("sida", n)))
    finally:
        work.close()
    worker = first[21].rsplit(" ", 1)[-1]
    assert worker != str(os.getpid()), "spare runs in the worker"
    assert first == ([f"sida {n}" for n in range(21)]
                     + [f"sida {n} extra {worker}" for n in range(21, 100)])
    assert rest == [f"sida {n}" for n in range(100, 130)], "a worker kept waiting is not ahead"


def test_spare_never_runs_without_a_worker_and_its_errors_hand_over_the_result(tmp_path):
    here = Ahead(_jobs(ahead.MIN_JOBS - 1), spare=lambda key, result: "fel", lead=0)
    assert here.take(("sida", 3)) == "sida 3 ååå"

    def broken(key, result):
        (tmp_path / "provad").touch()
        raise RuntimeError("trasig")

    work = Ahead(_jobs(100), spare=broken, lead=0)
    try:
        time.sleep(0.3)
        assert [work.take(("sida", n)) for n in range(100)] == \
            [f"sida {n} " + "å" * n for n in range(100)]
    finally:
        work.close()
    assert (tmp_path / "provad").exists(), "spare was tried, and failed"
