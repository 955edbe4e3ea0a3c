#!/usr/bin/env python3
"""Write a hub's rendered Markdown as a plain MkDocs project (the benchmark's floor).

    python bench/export.py PROJECT OUT

``OUT`` gets ``sidor/`` (the hand-written pages with their shortcodes
expanded, the record pages as files, the assets) and a ``mkdocs.yml`` that
is the project's own without ``hooks:`` and ``watch:``. ``mkdocs build -f
OUT/mkdocs.yml`` then builds the same pages with the same theme and
Markdown extensions as ``build_hub.py build``, but without any of the hub's
own work (load, validate, render, search index): the floor that our work
adds to.

The hub's code is imported from PROJECT (``PROJECT/tillitsnavet``), so a
generated project is exported with exactly the code it was copied with.
Prints one JSON line: the time of each of our steps, measured here.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import time
from pathlib import Path

#: Top-level folders of a project that are input to the hub, not to MkDocs.
_HUB_ONLY = {"content", "pilots", "data", "tillitsnavet", "macros", "schemas", "site", "bench",
             "tests", "docs", "sidor", "__pycache__"}


def plain_config(text: str, docs_dir: str = "sidor") -> str:
    """The project's mkdocs.yml without the top-level ``hooks:`` and ``watch:`` blocks."""
    out, skipping = [], False
    for line in text.splitlines(keepends=True):
        top_level = bool(line.strip()) and not line[0].isspace() and not line.startswith("#")
        if top_level:
            skipping = re.match(r"^(hooks|watch)\s*:", line) is not None
            if re.match(r"^docs_dir\s*:", line):
                line = f"docs_dir: {docs_dir}\n"
        if not skipping:
            out.append(line)
    return "".join(out)


def export(project: Path, out: Path) -> dict[str, float]:
    """Render ``project`` into a plain MkDocs project at ``out``; return our steps' times."""
    sys.path.insert(0, str(project))
    from tillitsnavet.records.catalog import load_catalog  # noqa: PLC0415 - from PROJECT, on purpose
    from tillitsnavet.render.renderer import Renderer  # noqa: PLC0415
    from tillitsnavet.render.site import record_pages  # noqa: PLC0415

    times: dict[str, float] = {}
    started = time.perf_counter()
    catalog, problems = load_catalog(project)
    times["load"] = time.perf_counter() - started
    if problems:
        raise SystemExit(f"{len(problems)} problems in {project}; export needs valid records")

    if out.exists():
        shutil.rmtree(out)
    docs = out / "sidor"
    shutil.copytree(project / "content", docs)
    for entry in project.iterdir():
        if entry.is_dir() and entry.name not in _HUB_ONLY and not entry.name.startswith("."):
            shutil.copytree(entry, out / entry.name)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (out / "mkdocs.yml").write_text(plain_config(config), encoding="utf-8")

    started = time.perf_counter()
    renderer = Renderer(project / "macros", catalog, directory_urls=True)
    pages = [page for page in record_pages(renderer) if not page.draft]
    times["render_records"] = time.perf_counter() - started

    started = time.perf_counter()
    for page in pages:
        target = docs / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    times["write_records"] = time.perf_counter() - started

    started = time.perf_counter()
    generated = {page.src_uri for page in pages}
    for source in sorted(docs.rglob("*.md")):
        here = source.relative_to(docs).as_posix()
        if here in generated:  # the hooks expand shortcodes in hand-written pages only
            continue
        text = source.read_text(encoding="utf-8")
        if "<!--" not in text:
            continue
        expanded = renderer.shortcodes(text, here)
        if expanded != text:
            source.write_text(expanded, encoding="utf-8")
    times["shortcodes"] = time.perf_counter() - started
    times["pages"] = len(pages)
    return times


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    project, out = Path(args[0]).resolve(), Path(args[1]).resolve()
    print(json.dumps(export(project, out)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
