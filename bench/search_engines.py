#!/usr/bin/env python3
"""Pagefind against Material's own (lunr) search, on the same generated sites.

    python bench/search_engines.py --sizes 100,1000,10000

For each size it generates a project (bench/generate.py), then builds it
three times: the hub as shipped (Pagefind), the hub without a search index,
and the hub with Material's search plugin instead (lunr, `lang: sv`). It
prints, per engine: index size on disk, build time the search adds, bytes a
reader downloads before the first result (gzip, as a static host serves
them) and the time from the first key press to the first result in
Chromium. Then it types a set of Swedish queries into both engines on the
shipped site and counts the hits, which is where the engines differ in
kind rather than in size. The figures go into docs/sok.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

from generate import _SKIP, generate  # noqa: E402
from reader import measure  # noqa: E402

from tillitsnavet.publish.search_index import BUNDLE, build_search_index  # noqa: E402

QUERIES = ["styrning", "styrningen", "styrningar", "landstingen", "hemtjänst", "hemtjanst",
           "åtgärder", "atgarder", "tillsyn", "tillsynen", "försöket", "forsok", "Borlä"]


def lunr_config(project: Path) -> Path:
    """mkdocs.yml with Material's search plugin and its header box, our search box out."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("  custom_dir: overrides", "")
    text = re.sub(r"^plugins: \[\]$", "plugins:\n  - search:\n      lang: sv", text, flags=re.M)
    text = text.replace("  - assets/sok.js\n", "")
    target = project / "mkdocs-lunr.yml"
    target.write_text(text, encoding="utf-8")
    return target


def timed_build(project: Path, config: str, site: str, env: dict, runs: int = 1) -> float:
    """Seconds for one `mkdocs build`, the best of ``runs`` (other work shares the 2 cores)."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "-d", site],
                                cwd=project, env=env, capture_output=True, text=True)
        if result.returncode:
            raise SystemExit(result.stderr)
        best = min(best, time.perf_counter() - started)
    return best


def _time_pagefind(site: Path, runs: int) -> float:
    """Pagefind's own run on the finished site: the time the hub's search adds to a build."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        build_search_index(site)
        best = min(best, time.perf_counter() - started)
    return best


def folder_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def hits(site: Path, selector_input: str, selector_results: str, queries: list[str]) -> dict:
    from playwright.sync_api import sync_playwright

    from reader import CHROMIUM, CHROMIUM_FLAGS, serve

    url, server, _ = serve(site)
    found = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page()
        for query in queries:
            page.goto(url)
            page.wait_for_load_state("networkidle")
            page.keyboard.press("/")
            box = page.locator(selector_input).first
            box.focus()
            box.press_sequentially(query, delay=60)
            page.wait_for_timeout(1500)
            # the total, as each engine states it ("23 träffar …", "12 matchande dokument")
            status = page.locator(selector_results).first.text_content() or ""
            number = re.search(r"\d+", status)
            found[query] = int(number.group()) if number else 0
        browser.close()
    server.shutdown()
    return found


def bench_size(count: int, out: Path) -> dict:
    project = out / f"sok-{count}"
    generate(project, count)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    off = dict(env, TILLITSNAVET_SOKINDEX="av")
    lunr = lunr_config(project)
    runs = 3 if count <= 1000 else 1
    base = timed_build(project, "mkdocs.yml", "site-utan", off, runs)
    timed_build(project, "mkdocs.yml", "site", env)
    pagefind = _time_pagefind(project / "site", runs)
    material = timed_build(project, lunr.name, "site-lunr", off, runs)
    site, site_lunr = project / "site", project / "site-lunr"
    reader_pf = _measure_or_none(site)
    reader_lunr = _measure_or_none(site_lunr, search_input="input.md-search__input",
                                   search_results=".md-search-result__item")
    return {
        "records": count,
        "pagefind": {"index_bytes": folder_size(site / BUNDLE),
                     "build_added_s": pagefind,
                     "first_search_bytes": reader_pf["search"]["sent"],
                     "first_result_s": reader_pf["search_seconds"],
                     "requests": reader_pf["search"]["requests"]},
        "lunr": {"index_bytes": (site_lunr / "search" / "search_index.json").stat().st_size,
                 "build_added_s": material - base,
                 "first_search_bytes": (None if reader_lunr["search"]["sent"] is None
                                        else reader_lunr["search"]["sent"] + _lunr_start_extra(reader_lunr)),
                 "first_result_s": reader_lunr["search_seconds"],
                 "requests": reader_lunr["search"]["requests"]},
        "base_build_s": base,
    }


def _measure_or_none(site: Path, **selectors) -> dict:
    """The reader's figures, or None-figures when no result showed within a minute."""
    try:
        return measure(site, **selectors)
    except Exception as error:  # noqa: BLE001 - a time-out is a result here, not a crash
        print(f"  {site.name}: ingen träff inom 60 s ({type(error).__name__})", file=sys.stderr)
        return {"start": {"sent": 0, "largest": []}, "search": {"sent": None, "requests": None},
                "search_seconds": None}


def _lunr_start_extra(reader: dict) -> int:
    """Material fetches its whole index while the start page loads; count it for the first search."""
    return sum(size for path, size in reader["start"]["largest"] if "search" in path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--out", type=Path, default=BENCH / "out")
    parser.add_argument("--quality-site", type=Path, default=None,
                        help="a built hub site for the query comparison (default: build the shipped one)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    results = []
    for n in args.sizes.split(","):
        results.append(bench_size(int(n), args.out))
        (args.out / "sok.json").write_text(json.dumps({"sizes": results}, indent=2))

    # kind, not size: the same Swedish queries on the shipped site, both engines
    shipped = args.out / "sok-shipped"
    shutil.rmtree(shipped, ignore_errors=True)
    shutil.copytree(BENCH.parent, shipped, ignore=_SKIP)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    lunr = lunr_config(shipped)
    timed_build(shipped, "mkdocs.yml", "site", env)
    timed_build(shipped, lunr.name, "site-lunr", dict(env, TILLITSNAVET_SOKINDEX="av"))
    quality = {"pagefind": hits(shipped / "site", "#hub-sok-falt", "#hub-sok-status", QUERIES),
               "lunr": hits(shipped / "site-lunr", "input.md-search__input", ".md-search-result__meta",
                            QUERIES)}
    report = {"sizes": results, "queries": quality}
    (args.out / "sok.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))

    print(f"{'poster':>7} {'motor':9} {'index':>10} {'bygg +s':>8} {'1:a sökning':>12} {'till träff':>10}")
    for r in results:
        for engine in ("pagefind", "lunr"):
            e = r[engine]
            first = "–" if e["first_search_bytes"] is None else f"{e['first_search_bytes'] / 1024:.0f}KB"
            shown = "> 60 s" if e["first_result_s"] is None else f"{e['first_result_s']:.2f}s"
            print(f"{r['records']:>7} {engine:9} {e['index_bytes'] / 1024:>8.0f}KB {e['build_added_s']:>8.1f} "
                  f"{first:>12} {shown:>10}")
    print("\nträffar per fråga på den levererade webbplatsen (pagefind / lunr):")
    for query in QUERIES:
        print(f"  {query:12} {quality['pagefind'][query]:>3} / {quality['lunr'][query]:>3}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
