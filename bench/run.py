#!/usr/bin/env python3
"""Tillitsnavet's benchmark (issue #21): the hub against the records as plain Markdown.

    python bench/run.py                                 # 300, 1,000, 3,000; check at 10,000
    python bench/run.py --sizes 1000 --check-sizes ""   # one size, no extra check

For each size it generates a project (bench/generate.py) and, from the same
records, the floor (bench/floor.py): one ordinary hand-written Markdown page
per record, built by plain MkDocs and Material. Then, each in a fresh
process as an editor would run it:

* ``check``: ``python build_hub.py check`` on one core, ``--check-runs`` times;
* rounds (``--rounds``), each in this order: the hub's build without its
  search index (``TILLITSNAVET_SOKINDEX=av``), the hub's ``build_hub.py
  build`` (no ``site/`` before either, as on a fresh clone; its Pagefind
  index included), the floor's ``mkdocs build`` with Material's own search
  plugin, the floor without that plugin followed by Pagefind over its site,
  and Pagefind alone over the hub's site (so its share and memory can be
  shown beside);
* per process: wall seconds, CPU seconds (user + system of the process and
  every child it waited for, from ``os.wait4``) and peak memory (the hub
  build's own process from /proc/PID/status VmHWM, without Pagefind;
  ru_maxrss for the others).

Every figure is the median of the rounds; a ratio is the median of the
ratios of each round (the runs of one round are close in time, so a machine
whose speed drifts moves both alike). In Chromium (bench/reader.py) it then
measures what a reader downloads: the start page, and a first search for
each of ``--query``'s words on a fresh page (``--no-browser`` leaves this
out); ``--serve-max`` adds the preview's times.

Writes OUT/results.json and OUT/results.md (the table for docs/prestanda.md).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from importlib import metadata
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

from floor import write_floor  # noqa: E402
from generate import generate  # noqa: E402

#: The children's environment. A TILLITSNAVET_SOKINDEX of the caller's shell is left out, so
#: that the hub's build is indexed unless a run asks otherwise (the unindexed one).
ENV = {**{k: v for k, v in os.environ.items() if k != "TILLITSNAVET_SOKINDEX"},
       "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}

#: The targets (docs/prestanda.md): build CPU of issue #33 (with its search), check of
#: issue #31 (5 s at 3,000 records, growing linearly); peak memory is reported only
#: (its target was retired by issue #31).
TARGET_RATIO = 1.5
TARGET_CHECK = {3000: 5.0, 10000: 5.0 * 10000 / 3000}
TARGET_FIRST_SEARCH_KB = 160


# --- running things ----------------------------------------------------------

def timed(command: list[str], cwd: Path, one_core: bool = False,
          env: dict[str, str] | None = None) -> dict:
    """Run ``command``: wall and CPU seconds, peak memory of the process and of the tree.

    CPU is user + system of the process and of every child it waited for
    (os.wait4). ``own_peak_mb`` is the process's own high-water mark
    (VmHWM, read while it runs, so a child such as Pagefind is not in it);
    ``peak_mb`` is ru_maxrss of the tree: the largest single process in it.
    """
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env={**ENV, **(env or {})}, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
        preexec_fn=(lambda: os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}))
        if one_core and hasattr(os, "sched_setaffinity") else None)
    chunks: dict[str, list[str]] = {"out": [], "err": []}

    def drain(stream, key):  # read the pipes in threads so a chatty child cannot block
        chunks[key].extend(stream)

    own_peak = [0]

    def watch():
        status = Path(f"/proc/{process.pid}/status")
        while process.returncode is None:
            try:
                line = next(x for x in status.read_text().splitlines() if x.startswith("VmHWM"))
                own_peak[0] = max(own_peak[0], int(line.split()[1]))
            except (OSError, StopIteration, ValueError):
                return
            time.sleep(0.1)

    threads = [threading.Thread(target=drain, args=(process.stdout, "out")),
               threading.Thread(target=drain, args=(process.stderr, "err"))]
    for thread in threads:
        thread.start()
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    for thread in threads:
        thread.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    out, err = "".join(chunks["out"]), "".join(chunks["err"])
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}) in {cwd}:\n{out}\n{err}")
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,
            "peak_mb": usage.ru_maxrss / 1024, "own_peak_mb": own_peak[0] / 1024,
            "stdout": out, "stderr": err}


def pagefind(site: Path, output: Path, excluded: list[str]) -> list[str]:
    """Pagefind as the hub runs it (tillitsnavet/publish/search_index.py), over ``site``."""
    command = [sys.executable, "-m", "pagefind_bin", "--site", str(site), "--output-path",
               str(output), "--force-language", "sv", "--quiet"]
    for selector in excluded:
        command += ["--exclude-selectors", selector]
    return command


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def measure_serve(project: Path, timeout: float = 900) -> dict:
    """Seconds from saving an edited record until ``serve`` shows it."""
    pilot = sorted((project / "pilots").glob("*.yml"))[0]
    url_path = f"forsok/{pilot.stem}/"
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = tempfile.TemporaryFile(mode="w+")
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "build_hub.py", "serve", "--adress",
                               f"127.0.0.1:{port}"], cwd=project, env=ENV, stdout=log,
                              stderr=subprocess.STDOUT, text=True)
    try:
        first = None
        while time.perf_counter() - started < timeout and first is None:
            if server.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"serve stopped:\n{log.read()}")
            first = fetch(base + url_path)
            time.sleep(0.2)
        if first is None:
            raise RuntimeError("serve did not start")
        startup = time.perf_counter() - started
        time.sleep(1.0)  # let the watcher settle
        text = pilot.read_text(encoding="utf-8")
        marker = f"Ändrad {int(time.time())} åäö"
        edited = re.sub(r"^titel: .*$", f"titel: {marker}", text, count=1, flags=re.MULTILINE)
        saved = time.perf_counter()
        pilot.write_text(edited, encoding="utf-8")
        shown = None
        while time.perf_counter() - saved < timeout:
            page = fetch(base + url_path)
            if page and marker in page:
                shown = time.perf_counter() - saved
                break
            time.sleep(0.05)
        listed = None  # the list of pilots follows in the preview's second rebuild
        while shown is not None and time.perf_counter() - saved < timeout:
            page = fetch(base + "forsok/")
            if page and marker in page:
                listed = time.perf_counter() - saved
                break
            time.sleep(0.1)
        pilot.write_text(text, encoding="utf-8")
        if shown is None:
            raise RuntimeError("serve never showed the edited record")
        return {"startup": startup, "edit_shown": shown, "lists_shown": listed}
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def site_stats(site: Path) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    largest = max(pages, key=lambda p: p.stat().st_size)
    records = [p.stat().st_size for kind in ("forsok", "forum", "exempel")
               for p in (site / kind).glob("*/index.html")]

    def size(path: str) -> int:
        return (site / path).stat().st_size if (site / path).exists() else 0

    return {
        "bytes": sum(p.stat().st_size for p in files),
        "files": len(files),
        "html_pages": len(pages),
        "record_page_bytes": statistics.median(records) if records else 0,
        "largest_page": largest.relative_to(site).as_posix(),
        "largest_page_bytes": largest.stat().st_size,
        "explorer_bytes": size("utforska/index.html"),
        "start_bytes": size("index.html"),
        "search_index_files": sum(1 for p in (site / "pagefind").rglob("*") if p.is_file()),
    }


# --- one size -------------------------------------------------------------

def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def summary(runs: list[dict]) -> dict:
    """Medians (and the spread) of a list of timed() results."""
    return {
        "seconds": median([r["seconds"] for r in runs]),
        "cpu": median([r["cpu"] for r in runs]),
        "cpu_min": min(r["cpu"] for r in runs), "cpu_max": max(r["cpu"] for r in runs),
        "peak_mb": max(r["peak_mb"] for r in runs),
        "own_peak_mb": max(r["own_peak_mb"] for r in runs),
        "runs": len(runs),
    }


def check_runs(project: Path, runs: int) -> dict:
    """``build_hub.py check`` in a fresh process on one core, ``runs`` times."""
    results = []
    for _ in range(runs):
        result = timed([sys.executable, "build_hub.py", "check"], project, one_core=True)
        if "Alla poster stämmer" not in result["stdout"]:
            raise RuntimeError(f"generated records do not validate:\n{result['stdout']}"
                               f"{result['stderr']}")
        results.append(result)
    return summary(results)


def bench_size(count: int, out: Path, args: argparse.Namespace) -> dict:
    project, floor = out / f"hub-{count}", out / f"floor-{count}"
    say = lambda text: print(f"[{count}] {text}", flush=True)  # noqa: E731
    r: dict = {"records": count}
    say("generating records and the floor")
    r["generated"] = generate(project, count)
    r["floor_pages"] = write_floor(project, floor)

    say(f"check, {args.check_runs} fresh processes on one core")
    r["check"] = check_runs(project, args.check_runs)

    from tillitsnavet.publish.search_index import EXCLUDED  # noqa: PLC0415 - the hub's own list

    runs: dict[str, list[dict]] = {"hub": [], "floor": [], "floor_pagefind_build": [],
                                   "floor_pagefind_index": [], "hub_pagefind": [],
                                   "hub_unindexed": []}
    index_out = Path(tempfile.mkdtemp(prefix="bench-pagefind-"))
    try:
        for n in range(1, args.rounds + 1):
            say(f"round {n} of {args.rounds}: the hub's build without its search index")
            shutil.rmtree(project / "site", ignore_errors=True)
            runs["hub_unindexed"].append(timed([sys.executable, "build_hub.py", "build"], project,
                                               env={"TILLITSNAVET_SOKINDEX": "av"}))
            say(f"round {n} of {args.rounds}: the hub's build")
            shutil.rmtree(project / "site", ignore_errors=True)
            runs["hub"].append(timed([sys.executable, "build_hub.py", "build"], project))
            say(f"round {n} of {args.rounds}: the floor, with Material's search")
            shutil.rmtree(floor / "site", ignore_errors=True)
            runs["floor"].append(timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                                        "mkdocs.yml", "-d", "site"], floor))
            say(f"round {n} of {args.rounds}: the floor without it, then Pagefind")
            shutil.rmtree(floor / "site-pagefind", ignore_errors=True)
            runs["floor_pagefind_build"].append(timed(
                [sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs-pagefind.yml",
                 "-d", "site-pagefind"], floor))
            shutil.rmtree(index_out, ignore_errors=True)
            runs["floor_pagefind_index"].append(timed(
                pagefind(floor / "site-pagefind", index_out, [".headerlink"]), floor))
            say(f"round {n} of {args.rounds}: Pagefind alone over the hub's site")
            shutil.rmtree(index_out, ignore_errors=True)
            runs["hub_pagefind"].append(timed(pagefind(project / "site", index_out, EXCLUDED),
                                              project))
    finally:
        shutil.rmtree(index_out, ignore_errors=True)
    for name, results in runs.items():
        r[name] = summary(results)
    pairs = list(zip(runs["hub"], runs["floor"], runs["floor_pagefind_build"],
                     runs["floor_pagefind_index"]))
    r["ratio_cpu"] = median([h["cpu"] / f["cpu"] for h, f, _, _ in pairs])
    r["ratio_wall"] = median([h["seconds"] / f["seconds"] for h, f, _, _ in pairs])
    r["ratio_cpu_pagefind"] = median([h["cpu"] / (b["cpu"] + i["cpu"]) for h, _, b, i in pairs])
    r["ratio_wall_pagefind"] = median([h["seconds"] / (b["seconds"] + i["seconds"])
                                       for h, _, b, i in pairs])
    r["floor_with_pagefind"] = {key: median([b[key] + i[key] for _, _, b, i in pairs])
                                for key in ("seconds", "cpu")}
    r["ratio_memory"] = r["hub"]["own_peak_mb"] / r["floor"]["peak_mb"]
    # Without a search index on either side: what the hub's pipeline costs.
    r["ratio_cpu_unindexed"] = median([u["cpu"] / b["cpu"] for u, b in
                                       zip(runs["hub_unindexed"], runs["floor_pagefind_build"])])
    # What the target leaves for a search index, had the hub's pipeline cost
    # no more than plain MkDocs without search: TARGET_RATIO × floor − that MkDocs.
    r["index_room_cpu"] = median([TARGET_RATIO * f["cpu"] - b["cpu"]
                                  for _, f, b, _ in pairs])
    r["site"] = site_stats(project / "site")
    r["floor_site"] = site_stats(floor / "site")

    if args.browser:
        say("reader: start page and first searches in Chromium")
        from reader import SEARCH_INPUTS, SEARCH_RESULTS, measure  # noqa: PLC0415

        searches = [measure(project / "site", word, SEARCH_INPUTS, SEARCH_RESULTS)
                    for word in (w.strip() for w in args.query.split(",")) if word]
        r["reader"] = {"start": searches[0]["start"],
                       "searches": [{"query": m["query"], **m["search"]} for m in searches]}
        r["reader"]["search"] = max(r["reader"]["searches"], key=lambda m: m["sent"])
    if count <= args.serve_max:
        say("serve: time until an edited record shows")
        r["serve"] = measure_serve(project)
    if not args.keep:
        for folder in ("site", "site-pagefind"):
            shutil.rmtree(floor / folder, ignore_errors=True)
    return r


def check_only(count: int, out: Path, args: argparse.Namespace) -> dict:
    project = out / f"hub-{count}"
    print(f"[{count}] generating records; check, {args.check_runs} fresh processes on one core",
          flush=True)
    r = {"records": count, "generated": generate(project, count)}
    r["check"] = check_runs(project, args.check_runs)
    return r


# --- the report ---------------------------------------------------------------

def machine() -> dict:
    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "–"

    try:
        import yaml
        libyaml = bool(getattr(yaml, "__with_libyaml__", False))
    except ImportError:  # pragma: no cover
        libyaml = False
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    memory = next((int(line.split()[1]) // 1024 for line in
                   Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")),
                  0) if Path("/proc/meminfo").exists() else 0
    chromium = "–"
    if Path("/usr/bin/chromium").exists():
        try:
            chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True,
                                      text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            pass
    return {
        "cpus": os.cpu_count(), "cpu": cpu, "memory_mb": memory,
        "python": platform.python_version(), "platform": platform.platform(),
        "libyaml": libyaml, "chromium": chromium,
        "packages": {name: version(name) for name in (
            "mkdocs", "mkdocs-material", "PyYAML", "Jinja2", "Markdown", "jsonschema-rs",
            "pymdown-extensions", "pagefind_bin", "playwright")},
    }


def _kb(n: float) -> str:
    return f"{n / 1024:,.0f} KB"


def _mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB"


def _run(s: dict) -> str:
    return f"{s['seconds']:.1f} s ({s['cpu']:.1f} s)"


def rows(results: list[dict]) -> list[tuple[str, list[str], str]]:
    """(label, one cell per size, target) for the table."""
    def cells(fn):
        out = []
        for r in results:
            try:
                out.append(fn(r))
            except (KeyError, TypeError, ZeroDivisionError):
                out.append("–")
        return out

    return [
        ("Records (pilots/forums/practices), YAML", cells(lambda r: f"{r['records']:,} ({r['generated']['forsok']}/{r['generated']['forum']}/{r['generated']['exempel']}), {_mb(r['generated']['yaml_bytes'])}"), ""),
        ("`check`, fresh process, one core: wall (CPU)", cells(lambda r: f"{r['check']['seconds']:.2f} s ({r['check']['cpu']:.2f} s)"), "5 s at 3,000, linear"),
        ("Hub: `build_hub.py build`, Pagefind included: wall (CPU)", cells(lambda r: _run(r["hub"])), ""),
        ("Floor: plain MkDocs + Material + its search, hand-written pages: wall (CPU)", cells(lambda r: _run(r["floor"])), ""),
        ("**Hub / floor, CPU**", cells(lambda r: f"**{r['ratio_cpu']:.2f}**"), f"≤ {TARGET_RATIO}"),
        ("Hub / floor, wall", cells(lambda r: f"{r['ratio_wall']:.2f}"), ""),
        ("Floor with Pagefind instead of Material's search: wall (CPU)", cells(lambda r: _run(r["floor_with_pagefind"])), ""),
        ("Hub / floor with Pagefind, CPU (wall)", cells(lambda r: f"{r['ratio_cpu_pagefind']:.2f} ({r['ratio_wall_pagefind']:.2f})"), ""),
        ("Peak memory: the hub's build process (without Pagefind)", cells(lambda r: f"{r['hub']['own_peak_mb']:,.0f} MB"), ""),
        ("Peak memory: the floor's `mkdocs build`", cells(lambda r: f"{r['floor']['peak_mb']:,.0f} MB"), ""),
        ("**Peak memory, hub / floor**", cells(lambda r: f"**{r['ratio_memory']:.2f}**"), "reported only"),
        ("Pagefind alone over the hub's site: wall (CPU), peak", cells(lambda r: f"{_run(r['hub_pagefind'])}, {r['hub_pagefind']['peak_mb']:,.0f} MB"), ""),
        ("Hub without its search index / floor without search, CPU", cells(lambda r: f"{r['ratio_cpu_unindexed']:.2f}"), ""),
        (f"CPU left for a search index at {TARGET_RATIO}× (had the hub cost what MkDocs does without search)", cells(lambda r: f"{r['index_room_cpu']:.1f} s"), ""),
        ("Pagefind over the floor's site: wall (CPU), peak", cells(lambda r: f"{_run(r['floor_pagefind_index'])}, {r['floor_pagefind_index']['peak_mb']:,.0f} MB"), ""),
        ("Hub site: size, files", cells(lambda r: f"{_mb(r['site']['bytes'])}, {r['site']['files']:,}"), ""),
        ("Floor site: size, files", cells(lambda r: f"{_mb(r['floor_site']['bytes'])}, {r['floor_site']['files']:,}"), ""),
        ("A record page, median: hub (floor)", cells(lambda r: f"{_kb(r['site']['record_page_bytes'])} ({_kb(r['floor_site']['record_page_bytes'])})"), ""),
        ("`/utforska/`, start page", cells(lambda r: f"{_kb(r['site']['explorer_bytes'])}, {_kb(r['site']['start_bytes'])}"), "≤ 300 KB, ≤ 100 KB"),
        ("Largest page", cells(lambda r: f"{_kb(r['site']['largest_page_bytes'])} ({r['site']['largest_page']})"), ""),
        ("Start page, transferred (gzip)", cells(lambda r: f"{_kb(r['reader']['start']['sent'])} in {r['reader']['start']['requests']} requests"), ""),
        ("First search, transferred: the largest of the words (which)", cells(lambda r: f"{_kb(r['reader']['search']['sent'])} ({r['reader']['search'].get('query', '?')})"), f"≤ {TARGET_FIRST_SEARCH_KB} KB"),
        ("`serve`: edited record shown after", cells(lambda r: f"{r['serve']['edit_shown']:.1f} s"), "≤ 1.5 s at 3,000"),
    ]


def table(results: list[dict]) -> str:
    header = ["Measure"] + [f"{r['records']:,} records" for r in results] + ["Target"]
    body = [[label, *cells, target] for label, cells, target in rows(results)
            if any(c != "–" for c in cells)]
    widths = [max(len(str(row[i])) for row in [header, *body]) for i in range(len(header))]

    def line(row):
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths)) + " |"

    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|",
                      *(line(row) for row in body)])


def verdicts(results: list[dict], checks: list[dict]) -> list[str]:
    """The targets, each with met / not met."""
    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    out = []
    for r in results:
        out.append(f"{r['records']:,} records: build CPU {r['ratio_cpu']:.2f}× the floor "
                   f"(target ≤ {TARGET_RATIO}: {verdict(r['ratio_cpu'] <= TARGET_RATIO)}; "
                   f"{r['ratio_cpu_pagefind']:.2f}× a floor indexed by Pagefind), peak memory "
                   f"{r['ratio_memory']:.2f}× (reported only); median of {r['hub']['runs']} "
                   f"rounds, hub CPU {r['hub']['cpu_min']:.1f}–{r['hub']['cpu_max']:.1f} s")
        if "reader" in r:
            # results.json of an older run has one search and no words beside it
            largest = r["reader"]["search"]
            searches = r["reader"].get("searches", [largest])
            out.append(f"{r['records']:,} records: a first search sends at most "
                       f"{largest['sent'] / 1024:,.0f} KB ("
                       + ", ".join(f"{m.get('query', '?')} {m['sent'] / 1024:,.0f}"
                                   for m in searches)
                       + f") (target ≤ {TARGET_FIRST_SEARCH_KB} KB: "
                       f"{verdict(largest['sent'] <= TARGET_FIRST_SEARCH_KB * 1024)})")
        if "index_room_cpu" in r:
            out.append(f"{r['records']:,} records: Pagefind alone over the hub's site takes "
                       f"{r['hub_pagefind']['cpu']:.1f} s CPU; {TARGET_RATIO}× leaves "
                       f"{r['index_room_cpu']:.1f} s for a search index even if the rest of the "
                       f"hub cost what plain MkDocs does (without search the hub costs "
                       f"{r['ratio_cpu_unindexed']:.2f}× that)")
    for r in sorted([*results, *checks], key=lambda r: r["records"]):
        # On one core CPU time is the wall time of an idle machine; the wall
        # time of a shared one also holds the others' work.
        limit = TARGET_CHECK.get(r["records"])
        goal = (f" (target ≤ {limit:.0f} s: {verdict(r['check']['cpu'] <= limit)})"
                if limit else "")
        out.append(f"check at {r['records']:,}: {r['check']['cpu']:.2f} s CPU, "
                   f"{r['check']['seconds']:.2f} s wall, one core, median of "
                   f"{r['check']['runs']}{goal}")
    sized = sorted([*results, *checks], key=lambda r: r["records"])
    if len(sized) > 1:
        out.append("check CPU per record: " + ", ".join(
            f"{1000 * r['check']['cpu'] / r['records']:.2f} ms at {r['records']:,}"
            for r in sized) + " (linear when these stay flat)")
    return out


def report(info: dict, results: list[dict], checks: list[dict], took: float) -> str:
    where = (f"{info['cpus']} × {info['cpu']}, {info['memory_mb']:,} MB RAM, Python {info['python']}"
             f" (libyaml: {'yes' if info['libyaml'] else 'no'}); "
             + ", ".join(f"{k} {v}" for k, v in info["packages"].items()))
    lines = [table(results) if results else "", ""]
    lines += [f"- {line}" for line in verdicts(results, checks)]
    lines += ["", f"Machine: {where}", f"Measured {time.strftime('%Y-%m-%d')}; "
              f"the benchmark took {took / 60:.1f} min.", ""]
    return "\n".join(lines).lstrip("\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tillitsnavet's benchmark (issue #21).")
    parser.add_argument("--sizes", default="300,1000,3000",
                        help="record counts to build, comma-separated (default: 300,1000,3000)")
    parser.add_argument("--check-sizes", default="10000",
                        help="record counts to only check, comma-separated (default: 10000)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of hub, floor and Pagefind builds per size (default: 3)")
    parser.add_argument("--check-runs", type=int, default=5,
                        help="fresh `check` processes per size (default: 5)")
    parser.add_argument("--out", type=Path, default=BENCH / "out",
                        help="folder for the generated projects and results (default: bench/out)")
    parser.add_argument("--keep", action="store_true", help="keep the floor's built sites")
    parser.add_argument("--browser", action=argparse.BooleanOptionalAction, default=True,
                        help="measure the reader's bytes in Chromium (default: yes)")
    parser.add_argument("--serve-max", type=int, default=0,
                        help="measure serve for sizes up to this (default: 0, never)")
    parser.add_argument("--query", default="styrning,hemtjanst,Borlänge,tillit",
                        help="words for a first search each, comma-separated "
                             "(default: styrning,hemtjanst,Borlänge,tillit)")
    parser.add_argument("--report", action="store_true",
                        help="only print the table again from OUT/results.json")
    args = parser.parse_args(argv)
    if args.report:
        stored = json.loads((args.out / "results.json").read_text(encoding="utf-8"))
        print(report(stored["machine"], stored["results"], stored.get("checks", []),
                     stored.get("took", 0.0)))
        return 0

    def sizes(text: str) -> list[int]:
        return [int(s.replace("_", "")) for s in text.split(",") if s.strip()]

    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out.resolve()
    started = time.perf_counter()
    info = machine()
    results: list[dict] = []
    checks: list[dict] = []

    def save(took: float = 0.0) -> None:
        (args.out / "results.json").write_text(json.dumps(
            {"machine": info, "results": results, "checks": checks, "took": took}, indent=2,
            ensure_ascii=False), encoding="utf-8")

    for count in sizes(args.sizes):
        results.append(bench_size(count, out, args))
        save()
    for count in sizes(args.check_sizes):
        checks.append(check_only(count, out, args))
        save()
    took = time.perf_counter() - started
    save(took)
    text = report(info, results, checks, took)
    (args.out / "results.md").write_text(text, encoding="utf-8")
    print()
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
