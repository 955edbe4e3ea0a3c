"""The benchmark (bench/) works: generated records validate, the runner measures and prints.

Only that it runs, at 30 records; no timings are asserted.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))

from export import plain_config  # noqa: E402
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


def test_the_plain_floor_config_has_no_hooks():
    text = "site_name: X\ndocs_dir: content\nhooks:\n  - a.py\n\nwatch:\n  - pilots\nplugins: []\n"
    assert plain_config(text) == "site_name: X\ndocs_dir: sidor\nplugins: []\n"


def test_the_runner_measures_and_prints_the_table(tmp_path):
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--sizes", "30", "--out", str(out),
         "--no-browser", "--serve-max", "0", "--repeat", "1"],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "| Measure" in result.stdout and "Ours / floor" in result.stdout
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    (r,) = data["results"]
    assert r["records"] == 30 and r["site"]["html_pages"] > 30
    for key in ("check_first", "check_again", "build", "build_again", "build_peak_mb", "floor",
                "ours"):
        assert r[key] > 0 or key == "ours"
    assert {"load", "render_records", "shortcodes"} <= set(r["steps"])
    assert data["machine"]["cpus"] >= 1
    assert (out / "results.md").read_text(encoding="utf-8").startswith("| Measure")
