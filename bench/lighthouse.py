#!/usr/bin/env python3
"""Lighthouse (mobile) on the hub's page templates and on the floor's pages, side by side.

    python bench/lighthouse.py [--runs 3] [--lighthouse PATH] [--out bench/out/lighthouse]

Builds the shipped hub and its floor (bench/floor.py: the same records as plain
Markdown pages, plain MkDocs and Material), serves both sites with gzip
(reader.py), and runs Lighthouse's performance category with its default
mobile settings (a Moto G Power on simulated slow 4G) in Debian's Chromium,
``--runs`` times per page, the hub's page and the floor's in turn. Prints and writes
``results.json`` and ``results.md``: the median performance score, LCP, FCP,
total blocking time, and the JavaScript and CSS bytes sent (gzip) per page.

Lighthouse comes from npm and is not in package.json (it is only for this
measurement): ``npm i -E lighthouse@12.2.3 --prefix DIR``; 12.2.3 is the
last release that runs on Debian 12's Node 18/20. Pass its ``bin/lighthouse``
with ``--lighthouse``. Lighthouse's simulated throttling still feels the
machine's load: measure on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "tests"))

from floor import write_floor  # noqa: E402
from reader import serve  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"

#: template → (hub page, floor page): the same record or list on both sites.
PAGES = {
    "start page": ("", ""),
    "pilot": ("forsok/landstinget-i-kalmar-lan/", "forsok/landstinget-i-kalmar-lan/"),
    "forum": ("forum/studiebesok-i-lulea/", "forum/studiebesok-i-lulea/"),
    "good practice": ("exempel/{first_practice}/", "exempel/{first_practice}/"),
    "list of pilots": ("forsok/", "forsok/"),
    "Utforska": ("utforska/", None),
}


def lighthouse(binary: str, url: str, out: Path) -> dict:
    subprocess.run([binary, url, "--only-categories=performance", "--output=json",
                    f"--output-path={out}", "--quiet", f"--chrome-flags={FLAGS}"],
                   check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=300)
    report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    scripts = [item for item in audits["network-requests"]["details"]["items"]
               if item.get("resourceType") == "Script"]
    styles = [item for item in audits["network-requests"]["details"]["items"]
              if item.get("resourceType") == "Stylesheet"]
    return {
        "score": round(report["categories"]["performance"]["score"] * 100),
        "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "fcp_s": audits["first-contentful-paint"]["numericValue"] / 1000,
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "js_kb": sum(item.get("transferSize", 0) for item in scripts) / 1024,
        "css_kb": sum(item.get("transferSize", 0) for item in styles) / 1024,
    }


def median_of(runs: list[dict]) -> dict:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lighthouse", default=shutil.which("lighthouse") or "lighthouse")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "lighthouse")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as work:
        from conftest import copy_project

        hub = copy_project(Path(work) / "hub")
        subprocess.run([sys.executable, "build_hub.py", "build"], cwd=hub, check=True,
                       capture_output=True)
        floor = Path(work) / "floor"
        write_floor(hub, floor)
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs.yml", "-d",
                        "site"], cwd=floor, check=True, capture_output=True,
                       env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        first_practice = sorted(p.stem for p in (hub / "data" / "practices").glob("*.yml"))[0]
        results: dict[str, dict] = {}
        servers = {side: serve(site) for side, site in (("hub", hub / "site"),
                                                        ("floor", floor / "site"))}
        try:
            for template, paths in PAGES.items():
                runs: dict[str, list[dict]] = {}
                for _ in range(args.runs):  # hub and floor in turn, so load falls on both alike
                    for side, path in zip(("hub", "floor"), paths):
                        if path is None:
                            continue
                        url = servers[side][0] + path.format(first_practice=first_practice)
                        runs.setdefault(side, []).append(
                            lighthouse(args.lighthouse, url, args.out / "run.json"))
                results[template] = {side: median_of(found) for side, found in runs.items()}
                print(template, results[template], flush=True)
        finally:
            for _, server, _ in servers.values():
                server.shutdown()
    (args.out / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    lines = ["| Template | Score hub / floor | LCP s | FCP s | TBT ms | JS KB | CSS KB |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for template, sides in results.items():
        hub_r, floor_r = sides["hub"], sides.get("floor")

        def pair(key: str, fmt: str) -> str:
            return format(hub_r[key], fmt) + (f" / {format(floor_r[key], fmt)}" if floor_r else "")

        lines.append(f"| {template} | {pair('score', '.0f')} | {pair('lcp_s', '.1f')} | "
                     f"{pair('fcp_s', '.1f')} | {pair('tbt_ms', '.0f')} | {pair('js_kb', '.0f')} | "
                     f"{pair('css_kb', '.0f')} |")
    (args.out / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
