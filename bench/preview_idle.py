#!/usr/bin/env python3
"""How quickly the preview shows a save, and how soon it is idle again.

    python bench/generate.py 3000 /tmp/hubprev
    python bench/preview_idle.py /tmp/hubprev --saves 6

Starts ``build_hub.py serve`` in the hub on a free port, waits until it
serves and is idle, then saves N records one after another (a word put in
front of their ``sammanfattning``, a different record each time) and
measures for each save:

- *shown*: seconds from the save until the record's page, fetched over
  HTTP, has the new word;
- *lists*: seconds until the list of its kind (``/forsok/`` and so on) has
  the new word too (only if the list shows it; otherwise "-");
- *idle*: seconds from the save until the serve process and its children
  (Pagefind among them) are idle again: the start of the first second in
  which the whole process tree used less than ``--quiet`` CPU seconds.
  Not zero: MkDocs' file watcher (watchdog's PollingObserver, the only one
  MkDocs 1.6 uses) looks at every watched file twice a second, about 6 %
  of a core at 3,000 records, which the script reports as the idle load;
- *cpu*: CPU seconds the process tree used for the save.

Prints every save and the medians. The CPU time is read from
``/proc/<pid>/stat`` for the server and every live descendant (utime,
stime and the times of children it has already waited for), so a
Pagefind run that has ended still counts. Linux only.

By default the hub's copy of the code is replaced with this work tree's
``tillitsnavet/`` and ``macros/`` first (``--keep-code`` to measure the copy as it is), so
a change can be measured without generating the hub again.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

from run import fetch, free_port  # the benchmark's own helpers (bench/ is on the path)

REPO = Path(__file__).resolve().parent.parent
TICK = os.sysconf("SC_CLK_TCK")
KIND_FOLDERS = {"pilots": "forsok", "data/forums": "forum", "data/practices": "exempel"}


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent = int(stat[stat.rindex(")") + 2:].split()[1])
            tree.setdefault(parent, []).append(int(entry))
    return tree


def tree_cpu(pid: int) -> float:
    """CPU seconds of ``pid`` and its live descendants, children they reaped included."""
    tree, total, todo = _children(), 0, [pid]
    while todo:
        each = todo.pop()
        try:
            fields = Path(f"/proc/{each}/stat").read_text()
        except OSError:
            continue
        values = fields[fields.rindex(")") + 2:].split()
        total += sum(int(v) for v in values[11:15])  # utime stime cutime cstime
        todo += tree.get(each, [])
    return total / TICK


def wait_idle(pid: int, since: float, quiet: float, limit: float) -> float:
    """Seconds from ``since`` to the start of the first second with less than ``quiet`` CPU."""
    samples: list[tuple[float, float]] = []
    first = 0  # the earliest sample that may start the quiet second
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        samples.append((time.monotonic(), tree_cpu(pid)))
        now = samples[-1][0]
        while now - samples[first][0] >= 1.0:
            start, cpu = samples[first]
            end_cpu = next(c for t, c in samples[first:] if t - start >= 1.0)
            if end_cpu - cpu < quiet:
                return start - since
            first += 1
        time.sleep(0.1)
    raise TimeoutError(f"the preview was still busy {limit:.0f} s after the save")


def _records(hub: Path, count: int) -> list[tuple[Path, str]]:
    """``count`` records with a one-line-start ``sammanfattning``, spread over the kinds."""
    found = []
    for folder, prefix in KIND_FOLDERS.items():
        for path in sorted((hub / folder).glob("*.yml"))[:count]:
            if re.search(r"^sammanfattning: \S", path.read_text(encoding="utf-8"), re.M):
                found.append((path, f"{prefix}/{path.stem}/"))
    # alternate kinds: pilot, forum, practice, pilot, ...
    by_kind = [[r for r in found if r[1].startswith(p + "/")] for p in KIND_FOLDERS.values()]
    mixed = [r for group in zip(*by_kind) for r in group]
    return mixed[:count]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("hub", type=Path, help="a hub made by bench/generate.py")
    parser.add_argument("--saves", type=int, default=6)
    parser.add_argument("--quiet", type=float, default=0.2,
                        help="CPU seconds per second below which the tree counts as idle")
    parser.add_argument("--limit", type=float, default=300, help="give up after this many seconds")
    parser.add_argument("--keep-code", action="store_true", help="do not copy tillitsnavet/ and macros/ in")
    args = parser.parse_args()
    hub = args.hub.resolve()
    if not args.keep_code:
        for code in ("tillitsnavet", "macros"):
            shutil.rmtree(hub / code)
            shutil.copytree(REPO / code, hub / code, ignore=shutil.ignore_patterns("__pycache__"))
    records = _records(hub, args.saves)
    originals = {path: path.read_text(encoding="utf-8") for path, _ in records}

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # the records are put back
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = open(hub / "preview_idle.log", "w", encoding="utf-8")  # noqa: SIM115
    server = subprocess.Popen([sys.executable, "build_hub.py", "serve", "--adress", f"127.0.0.1:{port}"],
                              cwd=hub, stdout=log, stderr=subprocess.STDOUT)
    rows = []
    try:
        started = time.monotonic()
        while fetch(base + records[0][1]) is None:
            if server.poll() is not None:
                raise SystemExit(f"serve ended; see {hub / 'preview_idle.log'}")
            time.sleep(0.5)
        first = time.monotonic() - started
        wait_idle(server.pid, started, args.quiet, args.limit)
        print(f"first build served after {first:.1f} s, idle after "
              f"{time.monotonic() - started:.1f} s; {len(records)} saves", flush=True)
        for number, (path, url) in enumerate(records, 1):
            word = f"Provord{number}x{port}"
            list_url = base + url.split("/")[0] + "/"
            list_shows = False
            cpu_before = tree_cpu(server.pid)
            saved = time.monotonic()
            path.write_text(originals[path].replace("sammanfattning: ", f"sammanfattning: {word} ", 1),
                            encoding="utf-8")
            shown = lists = None
            while shown is None or (lists is None and list_shows is not False):
                now = time.monotonic()
                if now - saved > args.limit:
                    raise TimeoutError(f"{url} did not show the edit")
                if shown is None and word in (fetch(base + url) or ""):
                    shown = time.monotonic() - saved
                    # does the list show summaries at all? (the original text's start)
                    start = originals[path].split("sammanfattning: ", 1)[1][:40].split("\n")[0]
                    list_shows = start in (fetch(list_url) or "")
                # the list is large (1.2 MB at 3,000 records): asked for less often,
                # so that serving it does not slow the rebuilds being measured
                if (list_shows and lists is None and int((now - saved) * 20) % 5 == 0
                        and word in (fetch(list_url) or "")):
                    lists = time.monotonic() - saved
                time.sleep(0.05)
            idle = wait_idle(server.pid, saved, args.quiet, args.limit)
            cpu = tree_cpu(server.pid) - cpu_before
            rows.append((shown, lists, idle, cpu))
            print(f"save {number} {url}: shown {shown:.2f} s, lists "
                  f"{'-' if lists is None else f'{lists:.2f} s'}, idle {idle:.2f} s, "
                  f"cpu {cpu:.1f} s", flush=True)
            time.sleep(1)
        before, start = tree_cpu(server.pid), time.monotonic()
        time.sleep(5)
        idle_load = (tree_cpu(server.pid) - before) / (time.monotonic() - start)
    finally:
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    lists = [r[1] for r in rows if r[1] is not None]
    shown_list = f"{statistics.median(lists):.2f} s" if lists else "-"
    print(f"median of {len(rows)} saves: shown {statistics.median(r[0] for r in rows):.2f} s, "
          f"lists {shown_list}, ", end="")
    print(f"idle {statistics.median(r[2] for r in rows):.2f} s, "
          f"cpu {statistics.median(r[3] for r in rows):.1f} s; idle load {idle_load:.0%} of a core; "
          f"load average now "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
