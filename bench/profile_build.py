#!/usr/bin/env python3
"""Where a build's time goes: one MkDocs build of a project under cProfile.

    python bench/profile_build.py bench/out/hub-10000 [--save build.prof]

Runs the build in this process on one core (so the record pages are rendered
here, where the profiler sees them) and prints two summaries:

* by step: the hub's hooks (load, render, shortcodes, search index, …) and
  MkDocs' own steps (Markdown → HTML of every page, theme templates, …),
  cumulative seconds;
* by package: own time (tottime) per library, so "Markdown" means the time
  spent inside Python-Markdown's code, whoever called it.

Profiling slows Python code down by about half; compare shares, not seconds.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import os
import pstats
import sys
import tempfile
from collections import Counter
from pathlib import Path

#: (label, file fragment, function) of the steps worth naming, in build order.
STEPS = [
    ("hub: load + validate records (on_config)", "mkdocs_adapter/hooks.py", "on_config"),
    ("  of which parsing YAML with line marks", "yaml_loader.py", "load_text"),
    ("hub: record pages and extra files (on_files)", "mkdocs_adapter/hooks.py", "on_files"),
    ("  of which rendering the record pages", "render/renderer.py", "record_page"),
    ("  of which Markdown of the records' text fields", "text.py", "block"),
    ("  of which open data files (JSON, CSV)", "exports.py", "open_data_files"),
    ("hub: shortcodes in hand-written pages (on_page_markdown)", "mkdocs_adapter/hooks.py",
     "on_page_markdown"),
    ("hub: per-page HTML wrapper (on_page_content)", "mkdocs_adapter/hooks.py", "on_page_content"),
    ("hub: after the build (search index, sitemap, open data)", "mkdocs_adapter/hooks.py",
     "on_post_build"),
    ("  of which Pagefind (a Rust binary; wall time of the wait)", "publish/search_index.py",
     "build_search_index"),
    ("MkDocs: collect files", "mkdocs/structure/files.py", "get_files"),
    ("MkDocs: read + Markdown → HTML of every page", "mkdocs/commands/build.py", "_populate_page"),
    ("  of which Python-Markdown (all of it, ours included)", "markdown/core.py", "convert"),
    ("MkDocs: theme templates, write HTML", "mkdocs/commands/build.py", "_build_page"),
    ("  of which Jinja rendering of the theme", "jinja2/environment.py", "render"),
    ("MkDocs: static files (copy)", "mkdocs/structure/files.py", "copy_static_files"),
    ("whole build", "mkdocs/commands/build.py", "build"),
]


def package_of(filename: str) -> str:
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if "tillitsnavet" in filename or filename.endswith(".j2"):
        return "tillitsnavet (our code and macros)"
    if filename.startswith(("~", "<")):
        return "built-ins (re, str, I/O, …)"
    return "stdlib: " + Path(filename).name


def summarize(stats: pstats.Stats) -> str:
    cumulative: dict[str, float] = {}
    for (filename, _line, function), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():
        for label, fragment, name in STEPS:
            if function == name and fragment in filename:
                cumulative[label] = cumulative.get(label, 0.0) + ct
    total = cumulative.get("whole build", 0.0) or 1.0
    lines = ["By step (cumulative, profiled seconds):"]
    for label, _, _ in STEPS:
        if label in cumulative:
            lines.append(f"  {cumulative[label]:8.1f} s  {100 * cumulative[label] / total:5.1f} %  "
                         f"{label}")
    own = Counter()
    for (filename, _line, function), (_cc, _nc, tt, _ct, _callers) in stats.stats.items():
        key = package_of(filename)
        if key.startswith("built-ins"):
            key = f"built-ins: {function[:40]}"
        own[key] += tt
    grand = sum(own.values()) or 1.0
    lines.append("By package (own time):")
    for key, seconds in own.most_common(18):
        lines.append(f"  {seconds:8.1f} s  {100 * seconds / grand:5.1f} %  {key}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--save", type=Path, help="also write the raw profile here")
    args = parser.parse_args(argv)
    project = args.project.resolve()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core: render here
    sys.path.insert(0, str(project))
    os.chdir(project)
    from mkdocs.commands.build import build  # noqa: PLC0415
    from mkdocs.config import load_config  # noqa: PLC0415

    logging.basicConfig(format="%(levelname)s: %(message)s")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="profil-") as site:
        config = load_config(str(project / "mkdocs.yml"), site_dir=site, strict=True)
        profiler = cProfile.Profile()
        profiler.enable()
        build(config)
        profiler.disable()
    if args.save:
        profiler.dump_stats(str(args.save))
    print(summarize(pstats.Stats(profiler)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
