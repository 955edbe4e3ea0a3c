"""The benchmark (bench/) works: generated records validate, the floor builds, the runner prints.

Only that it runs: the records at 30, the runner at 10 records with two of its four default
words (one with å, ä or ö); no timings are asserted.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))

from export import plain_config  # noqa: E402
from floor import write_floor  # noqa: E402
from generate import generate, split  # noqa: E402


def test_generated_records_are_realistic_and_valid(tmp_path):
    project = tmp_path / "hub"
    summary = generate(project, 30)
    assert summary["records"] == 30 and split(30) == {"forsok": 18, "forum": 4, "exempel": 8}
    pilot = next((project / "pilots").glob("*.yml")).read_text(encoding="utf-8")
    for field in ("titel:", "kommun:", "län:", "beskrivning: |", "lärdomar:", "forskare:",
                  "kontakt:", "källor:", "taggar:", "utkast: false"):
        assert field in pilot
    assert any(c in pilot for c in "åäö")
    forum = next((project / "data" / "forums").glob("*.yml")).read_text(encoding="utf-8")
    assert "försök:" in forum
    result = subprocess.run([sys.executable, "build_hub.py", "check"], cwd=project,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert generate(tmp_path / "again", 30)["yaml_bytes"] == summary["yaml_bytes"], "deterministic"


def test_the_floor_is_the_records_as_hand_written_markdown(tmp_path):
    project = tmp_path / "hub"
    generate(project, 30)
    counts = write_floor(project, tmp_path / "floor")
    assert counts == {"forsok": 18, "forum": 4, "exempel": 8}
    docs = tmp_path / "floor" / "docs"
    forum = next(p for p in (docs / "forum").glob("*.md") if p.name != "index.md")
    text = forum.read_text(encoding="utf-8")
    for part in ("\n# ", "| Uppgift | |", "## Beskrivning", "## Försök som presenterades",
                 "](../forsok/", "## Källor", "\n1. ["):
        assert part in text, part
    assert "<" not in text.split("---", 2)[2], "no raw HTML: a page as a person writes it"
    config = (tmp_path / "floor" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "hooks" not in config and "- search" in config
    assert "plugins: []" in (tmp_path / "floor" / "mkdocs-pagefind.yml").read_text(encoding="utf-8")


def test_the_old_export_config_has_no_hooks():
    text = "site_name: X\ndocs_dir: content\nhooks:\n  - a.py\n\nwatch:\n  - pilots\nplugins: []\n"
    assert plain_config(text) == "site_name: X\ndocs_dir: sidor\nplugins: []\n"


def test_the_runner_measures_and_prints_the_table(tmp_path):
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--sizes", "10", "--check-sizes", "12",
         "--out", str(out), "--rounds", "1", "--check-runs", "1", "--query", "Borlänge,tillit"],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    for label in ("| Measure", "`check`, fresh process, one core", "Hub / floor, CPU",
                  "Floor: plain MkDocs + Material", "Hub / floor with Pagefind",
                  "Peak memory, hub / floor", "Pagefind alone over the hub's site",
                  "check at", "10 records: build CPU", "left for a search index",
                  "Hub without its search index / floor without search"):
        assert label in result.stdout, label
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    (r,) = data["results"]
    assert r["records"] == 10 and r["site"]["html_pages"] > 10
    for run in ("hub", "floor", "floor_pagefind_build", "floor_pagefind_index", "hub_pagefind",
                "hub_unindexed"):
        assert r[run]["seconds"] > 0 and r[run]["cpu"] > 0 and r[run]["runs"] == 1
    assert r["hub"]["own_peak_mb"] > 0 and r["floor"]["peak_mb"] > 0
    assert r["ratio_cpu"] > 0 and r["ratio_memory"] > 0 and r["check"]["cpu"] > 0
    # the site measured is the indexed build's (no timings compared: see the module's docstring)
    assert r["ratio_cpu_unindexed"] > 0 and r["site"]["search_index_files"] > 0
    # what a reader downloads, in Chromium: the start page and a first search per word
    searches = r["reader"]["searches"]
    assert [m["query"] for m in searches] == ["Borlänge", "tillit"]
    assert all(m["sent"] > 0 and m["requests"] > 0 for m in searches)
    assert r["reader"]["start"]["sent"] > 0
    assert "10 records: a first search sends at most" in result.stdout
    assert [c["records"] for c in data["checks"]] == [12]
    assert data["machine"]["cpus"] >= 1
    assert (out / "results.md").read_text(encoding="utf-8").startswith("| Measure")


def test_the_runner_searches_four_words_by_default(tmp_path, monkeypatch):
    """Without ``--query`` each size gets a first search of these four words (the run above names
    two of them, to start Chromium twice rather than four times)."""
    import run  # noqa: PLC0415 - bench/run.py, on the path above

    class Asked(Exception):
        pass

    def bench_size(count, out, args):
        raise Asked(count, args.query)

    monkeypatch.setattr(run, "machine", dict)
    monkeypatch.setattr(run, "bench_size", bench_size)
    with pytest.raises(Asked) as asked:
        run.main(["--sizes", "10", "--check-sizes", "", "--out", str(tmp_path)])
    assert asked.value.args == (10, "styrning,hemtjanst,Borlänge,tillit")
