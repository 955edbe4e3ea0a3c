#!/usr/bin/env python3
"""Tillitsnavet's benchmark: one command, every figure of issue #7, a table.

    python bench/run.py                     # 100, 1,000 and 10,000 records (about 25 min)
    python bench/run.py --sizes 100,1000    # quicker

For each size it generates a project (bench/generate.py) into bench/out/,
then measures, each in a fresh process as an editor would run it:

* ``check``: wall time of ``python build_hub.py check``, first run and again
  with nothing changed;
* ``build``: wall time and peak memory (max RSS) of ``python build_hub.py build``,
  as on a fresh clone: nothing kept from an earlier build;
* the floor: the same pages exported as plain Markdown (bench/export.py) and
  built by plain ``mkdocs build``, without any of the hub's code; build and
  floor run alternately ``--repeat`` times (default 2 at 10,000 records, 4
  below) and the faster run of each counts;
* ``build`` again, right after each ``build``: what the secretariat sees
  when it builds twice (nothing is kept between builds, so it should equal
  the first);
* the hub's own steps, timed in one process: load + validate, render the
  record pages, expand the shortcodes, and the Pagefind search index;
* ``serve``: seconds from saving an edited record until the preview serves
  the new text (sizes up to --serve-max);
* the site: size, files, the largest page;
* the reader (headless Chromium, bench/reader.py): bytes transferred for the
  start page, then for a first search for "styrning".

It prints a table with the targets and writes bench/out/results.json and
bench/out/results.md (the table for docs/prestanda.md).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
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

from generate import generate  # noqa: E402


ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}


# --- running things ----------------------------------------------------------

def timed(command: list[str], cwd: Path) -> dict:
    """Run ``command``; wall seconds and peak RSS in MB (os.wait4: this child's own rusage)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    chunks: dict[str, list[str]] = {"out": [], "err": []}

    def drain(stream, key):  # read the pipes in threads so a chatty child cannot block
        chunks[key].extend(stream)

    own_peak = [0]

    def watch():  # the process's own high-water mark, without its children (Pagefind)
        status = Path(f"/proc/{process.pid}/status")
        while process.returncode is None:
            try:
                line = next(x for x in status.read_text().splitlines() if x.startswith("VmHWM"))
                own_peak[0] = max(own_peak[0], int(line.split()[1]))
            except (OSError, StopIteration, ValueError):
                return
            time.sleep(0.2)

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
    bundles = [site / "pagefind"]
    return {
        "bytes": sum(p.stat().st_size for p in files),
        "files": len(files),
        "html_pages": len(pages),
        "largest_page": largest.relative_to(site).as_posix(),
        "largest_page_bytes": largest.stat().st_size,
        "search_index_bytes": sum(p.stat().st_size for bundle in bundles
                                  for p in bundle.rglob("*") if p.is_file()),
    }


def hub_steps(project: Path, plain: Path) -> dict:
    """Export the rendered pages (the floor's input) and time the hub's steps in one process."""
    result = timed([sys.executable, str(BENCH / "export.py"), str(project), str(plain)], project)
    steps = json.loads(result["stdout"].strip().splitlines()[-1])
    # The search index: Pagefind over the finished site, as the build's last step.
    site = project / "site"
    if (project / "tillitsnavet" / "publish" / "search_index.py").exists():
        probe = tempfile.mkdtemp(prefix="bench-site-")
        try:
            shutil.copytree(site, probe, dirs_exist_ok=True,
                            ignore=lambda folder, _: ["pagefind"] if folder == str(site) else [])
            code = ("import sys; from pathlib import Path; sys.path.insert(0, '.');"
                    "from tillitsnavet.publish.search_index import build_search_index;"
                    f"build_search_index(Path({probe!r}))")
            index = timed([sys.executable, "-c", code], project)
            steps["search_index"], steps["search_index_cpu"] = index["seconds"], index["cpu"]
        finally:
            shutil.rmtree(probe, ignore_errors=True)
    return steps


# --- one size -------------------------------------------------------------

#: How often build, floor and build again run, unless --repeat says.
SMALL_REPEAT, LARGE_REPEAT = 4, 2

def bench_size(count: int, out: Path, args: argparse.Namespace) -> dict:
    project = out / f"hub-{count}"
    plain = out / f"plain-{count}"
    say = lambda text: print(f"[{count}] {text}", flush=True)  # noqa: E731
    r: dict = {"records": count}

    say("generating records")
    started = time.perf_counter()
    r["generated"] = generate(project, count)
    r["generate_seconds"] = time.perf_counter() - started

    say("check (first run)")
    first = timed([sys.executable, "build_hub.py", "check"], project)
    if "Alla poster stämmer" not in first["stdout"]:
        raise RuntimeError(f"generated records do not validate:\n{first['stdout']}{first['stderr']}")
    r["check_first"], r["check_first_cpu"] = first["seconds"], first["cpu"]
    r["check_peak_mb"] = first["peak_mb"]
    say("check (again, nothing changed)")
    again = timed([sys.executable, "build_hub.py", "check"], project)
    r["check_again"], r["check_again_cpu"] = again["seconds"], again["cpu"]

    # Build and floor alternately, keeping the faster run of each (as timeit
    # does): noise from other work on the machine only ever adds time. Peak
    # memory is the highest seen in any run.
    # Small sizes take seconds, and a few seconds of noise are a large share
    # of them: they run more often.
    repeat = args.repeat or (LARGE_REPEAT if count >= 10_000 else SMALL_REPEAT)
    for attempt in range(1, repeat + 1):
        shutil.rmtree(project / "site", ignore_errors=True)  # no old site to delete inside the timing
        say(f"build (run {attempt} of {repeat})")
        build = timed([sys.executable, "build_hub.py", "build"], project)
        if attempt == 1 or build["seconds"] < r["build"]:
            r["build"], r["build_cpu"] = build["seconds"], build["cpu"]
        r["build_peak_mb"] = max(r.get("build_peak_mb", 0), build["peak_mb"])  # Python or Pagefind
        r["build_python_peak_mb"] = max(r.get("build_python_peak_mb", 0), build["own_peak_mb"])
        if attempt == 1:
            say("the hub's own steps, and the plain Markdown export")
            r["steps"] = hub_steps(project, plain)
        shutil.rmtree(plain / "site", ignore_errors=True)
        say(f"plain mkdocs build of the same pages (the floor, run {attempt} of {repeat})")
        floor = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(plain / "mkdocs.yml"),
                       "-d", str(plain / "site")], plain)
        if attempt == 1 or floor["seconds"] < r["floor"]:
            r["floor"], r["floor_cpu"] = floor["seconds"], floor["cpu"]
        r["floor_peak_mb"] = max(r.get("floor_peak_mb", 0), floor["peak_mb"])
        # The secretariat's case: a build after a build, nothing changed.
        shutil.rmtree(project / "site", ignore_errors=True)
        say(f"build again, with what the last build kept (run {attempt} of {repeat})")
        again = timed([sys.executable, "build_hub.py", "build"], project)
        if attempt == 1 or again["seconds"] < r["build_again"]:
            r["build_again"], r["build_again_cpu"] = again["seconds"], again["cpu"]
    r["repeat"] = repeat
    derive(r)
    r["site"] = site_stats(project / "site")

    if not args.no_browser:
        say("reader: start page and first search in Chromium")
        from reader import measure  # noqa: PLC0415 - needs Playwright only here

        r["reader"] = measure(project / "site", args.query, args.search_input, args.search_results)
    if count <= args.serve_max:
        say("serve: time until an edited record shows")
        r["serve"] = measure_serve(project)
    shutil.rmtree(plain / "site", ignore_errors=True)
    return r


def derive(r: dict) -> None:
    """Our share: wall time, and CPU time (which a busy machine does not distort)."""
    steps = r["steps"]
    r["ours"] = r["build"] - r["floor"] - steps.get("search_index", 0.0)
    r["ours_ratio"] = r["ours"] / r["floor"]
    if "build_cpu" in r and "search_index_cpu" in steps:
        r["ours_cpu"] = r["build_cpu"] - r["floor_cpu"] - steps["search_index_cpu"]
        r["ours_cpu_ratio"] = r["ours_cpu"] / r["floor_cpu"]
    if "build_again" in r:
        r["ours_again"] = r["build_again"] - r["floor"] - steps.get("search_index", 0.0)
        r["ours_again_ratio"] = r["ours_again"] / r["floor"]
        if "search_index_cpu" in steps:
            r["ours_again_cpu"] = r["build_again_cpu"] - r["floor_cpu"] - steps["search_index_cpu"]
            r["ours_again_cpu_ratio"] = r["ours_again_cpu"] / r["floor_cpu"]


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
            "mkdocs", "mkdocs-material", "PyYAML", "Jinja2", "Markdown", "jsonschema",
            "pymdown-extensions", "pagefind_bin", "playwright")},
    }


def _kb(n: float) -> str:
    return f"{n / 1024:,.0f} KB"


def _mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB"


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

    largest = results[-1]["records"]
    return [
        ("Records (pilots/forums/practices)", cells(lambda r: f"{r['records']:,} ({r['generated']['forsok']}/{r['generated']['forum']}/{r['generated']['exempel']})"), ""),
        ("YAML", cells(lambda r: _mb(r["generated"]["yaml_bytes"])), ""),
        ("`check`, first run (CPU)", cells(lambda r: f"{r['check_first']:.2f} s ({r['check_first_cpu']:.2f} s)"), "< 2 s at 10,000"),
        ("`check`, again, nothing changed (CPU)", cells(lambda r: f"{r['check_again']:.2f} s ({r['check_again_cpu']:.2f} s)"), "< 2 s at 10,000"),
        ("`build`: check + MkDocs + hooks + search index, nothing kept from an earlier build (CPU)", cells(lambda r: f"{r['build']:.1f} s ({r['build_cpu']:.1f} s)"), "linear"),
        ("`build` again, records and fields kept from the last build (CPU)", cells(lambda r: f"{r['build_again']:.1f} s ({r['build_again_cpu']:.1f} s)"), ""),
        ("`build` per record", cells(lambda r: f"{1000 * r['build'] / r['records']:.1f} ms"), "flat"),
        ("`build` peak memory: the build process", cells(lambda r: f"{r['build_python_peak_mb']:,.0f} MB"), "< 1,536 MB at 10,000"),
        ("`build` peak memory: largest process (build, worker or Pagefind)", cells(lambda r: f"{r['build_peak_mb']:,.0f} MB"), "< 1,536 MB at 10,000"),
        ("Floor: plain `mkdocs build`, same pages (CPU)", cells(lambda r: f"{r['floor']:.1f} s ({r['floor_cpu']:.1f} s)"), ""),
        ("Floor peak memory", cells(lambda r: f"{r['floor_peak_mb']:,.0f} MB"), ""),
        ("Ours = build − floor − search index", cells(lambda r: f"{r['ours']:.1f} s"), ""),
        ("Ours / floor", cells(lambda r: f"{100 * r['ours_ratio']:.0f} %"), "≤ 10 % at 1,000 and 10,000"),
        ("Ours / floor in CPU time", cells(lambda r: f"{r['ours_cpu']:.1f} s = {100 * r['ours_cpu_ratio']:.0f} %"), "≤ 10 %"),
        ("Ours / floor, build again", cells(lambda r: f"{r['ours_again']:.1f} s = {100 * r['ours_again_ratio']:.0f} %"), "≤ 10 % at 1,000 and 10,000"),
        ("Ours / floor in CPU time, build again", cells(lambda r: f"{r['ours_again_cpu']:.1f} s = {100 * r['ours_again_cpu_ratio']:.0f} %"), "≤ 10 %"),
        ("· load + validate (one process)", cells(lambda r: f"{r['steps']['load']:.2f} s"), ""),
        ("· render record pages", cells(lambda r: f"{r['steps']['render_records']:.2f} s"), ""),
        ("· expand shortcodes (lists, explorer)", cells(lambda r: f"{r['steps']['shortcodes']:.2f} s"), ""),
        ("Search index (Pagefind, CPU)", cells(lambda r: f"{r['steps']['search_index']:.1f} s ({r['steps'].get('search_index_cpu', float('nan')):.1f} s)"), ""),
        ("Site size", cells(lambda r: f"{_mb(r['site']['bytes'])}, {r['site']['files']:,} files"), ""),
        ("Search index size", cells(lambda r: f"{_mb(r['site']['search_index_bytes'])}"), ""),
        ("Largest page", cells(lambda r: f"{_kb(r['site']['largest_page_bytes'])} ({r['site']['largest_page']})"), ""),
        ("Start page, transferred (gzip)", cells(lambda r: f"{_kb(r['reader']['start']['sent'])} in {r['reader']['start']['requests']} requests"), "< 300 KB"),
        ("Start page, uncompressed", cells(lambda r: _kb(r["reader"]["start"]["raw"])), ""),
        ("First search \"styrning\", transferred", cells(lambda r: f"{_kb(r['reader']['search']['sent'])} in {r['reader']['search']['requests']} requests"), f"< 500 KB at {largest:,}"),
        ("`serve`: edited record shown after", cells(lambda r: f"{r['serve']['edit_shown']:.1f} s"), "< 3 s at 1,000"),
        ("`serve`: first start", cells(lambda r: f"{r['serve']['startup']:.1f} s"), ""),
    ]


def table(results: list[dict]) -> str:
    header = ["Measure"] + [f"{r['records']:,} records" for r in results] + ["Target"]
    body = [[label, *cells, target] for label, cells, target in rows(results)]
    widths = [max(len(str(row[i])) for row in [header, *body]) for i in range(len(header))]

    def line(row):
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths)) + " |"

    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|",
                      *(line(row) for row in body)])


def ratios(results: list[dict]) -> list[str]:
    """The targets of issue #7, each with met / not met."""
    out = []
    by_size = {r["records"]: r for r in results}

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    for size in (1000, 10000):
        if size in by_size:
            r = by_size[size]
            cpu = (f"; in CPU time {100 * r['ours_cpu_ratio']:.0f} %: "
                   f"{verdict(r['ours_cpu_ratio'] <= 0.10)}" if "ours_cpu_ratio" in r else "")
            out.append(f"Our work / plain MkDocs at {size:,}: {100 * r['ours_ratio']:.0f} % "
                       f"(target ≤ 10 %): {verdict(r['ours_ratio'] <= 0.10)}{cpu}")
            if "ours_again_ratio" in r:
                cpu = (f"; in CPU time {100 * r['ours_again_cpu_ratio']:.0f} %: "
                       f"{verdict(r['ours_again_cpu_ratio'] <= 0.10)}"
                       if "ours_again_cpu_ratio" in r else "")
                out.append(f"  the same, a build after a build: {100 * r['ours_again_ratio']:.0f} % "
                           f"{verdict(r['ours_again_ratio'] <= 0.10)}{cpu}")
    if 10000 in by_size:
        r = by_size[10000]
        out.append(f"check at 10,000: first {r['check_first']:.2f} s, again {r['check_again']:.2f} s "
                   f"(target < 2 s): {verdict(r['check_again'] < 2)} (again), "
                   f"{verdict(r['check_first'] < 2)} (first)")
        own = r.get("build_python_peak_mb", 0)
        out.append(f"build peak memory at 10,000: the build process {own:,.0f} MB, the largest "
                   f"process (build, worker or Pagefind) {r['build_peak_mb']:,.0f} MB (target < 1,536 MB): "
                   f"{verdict(own < 1536)} / {verdict(r['build_peak_mb'] < 1536)}")
    if len(results) > 1:
        per = [r["build"] / r["records"] for r in results]
        out.append("build time per record: " + ", ".join(
            f"{1000 * p:.1f} ms at {r['records']:,}" for p, r in zip(per, results))
            + f" (linear when these stay flat; {per[-1] / per[-2]:.2f}× between the two largest)")
    for r in results:
        if "reader" in r:
            start, search = r["reader"]["start"]["sent"], r["reader"]["search"]["sent"]
            out.append(f"reader at {r['records']:,}: start page {_kb(start)} (target < 300 KB: "
                       f"{verdict(start < 300 * 1024)}), first search {_kb(search)} "
                       f"(target < 500 KB: {verdict(search < 500 * 1024)})")
    if 1000 in by_size and "serve" in by_size[1000]:
        shown = by_size[1000]["serve"]["edit_shown"]
        out.append(f"serve at 1,000: edited record shown after {shown:.1f} s (target < 3 s): "
                   f"{verdict(shown < 3)}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tillitsnavet's benchmark (issue #7).")
    parser.add_argument("--sizes", default="100,1000,10000",
                        help="record counts, comma-separated (default: 100,1000,10000)")
    parser.add_argument("--out", type=Path, default=BENCH / "out",
                        help="folder for the generated projects and results (default: bench/out)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measurements")
    parser.add_argument("--serve-max", type=int, default=1000,
                        help="measure serve for sizes up to this (default: 1000)")
    parser.add_argument("--repeat", type=int, default=None,
                        help="build, floor and build-again runs per size; the faster of each "
                             "counts (default: 2 at 10,000 records and more, 4 below)")
    parser.add_argument("--query", default="styrning", help="the first search (default: styrning)")
    parser.add_argument("--search-input", default=None, help="CSS selector of the search box")
    parser.add_argument("--search-results", default=None, help="CSS selector of a search result")
    parser.add_argument("--report", action="store_true",
                        help="only print the table again from OUT/results.json")
    args = parser.parse_args(argv)
    if args.report:
        stored = json.loads((args.out / "results.json").read_text(encoding="utf-8"))
        for r in stored["results"]:
            derive(r)
        print(report(stored["machine"], stored["results"], stored.get("took", 0.0)))
        return 0
    if args.search_input is None or args.search_results is None:
        from reader import SEARCH_INPUTS, SEARCH_RESULTS  # noqa: PLC0415

        args.search_input = args.search_input or SEARCH_INPUTS
        args.search_results = args.search_results or SEARCH_RESULTS
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    args.out.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    info = machine()
    results = []
    for count in sizes:
        results.append(bench_size(count, args.out.resolve(), args))
        (args.out / "results.json").write_text(json.dumps(
            {"machine": info, "results": results}, indent=2, ensure_ascii=False), encoding="utf-8")
    took = time.perf_counter() - started
    (args.out / "results.json").write_text(json.dumps(
        {"machine": info, "results": results, "took": took}, indent=2, ensure_ascii=False),
        encoding="utf-8")
    text = report(info, results, took)
    (args.out / "results.md").write_text(text, encoding="utf-8")
    print()
    print(text)
    return 0


def report(info: dict, results: list[dict], took: float) -> str:
    where = (f"{info['cpus']} × {info['cpu']}, {info['memory_mb']:,} MB RAM, Python {info['python']}"
             f" (libyaml: {'yes' if info['libyaml'] else 'no'}); "
             + ", ".join(f"{k} {v}" for k, v in info["packages"].items()))
    return (f"{table(results)}\n\n" + "\n".join(f"- {line}" for line in ratios(results))
            + f"\n\nMachine: {where}\nBenchmark took {took / 60:.1f} min.\n")


if __name__ == "__main__":
    sys.exit(main())
