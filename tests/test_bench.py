"""The benchmark (bench/) works: generated records validate, the runner measures and prints.

Only that it runs, at 30 records; no timings are asserted.
"""

from __future__ import annotations

import ast
import json
import os
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


def test_a_build_rendered_ahead_is_the_same(tmp_path):
    """``build`` renders record pages and lists in a second process (ahead.py); the site must not change.

    The same 250 records (one a draft) built twice in one process: with the
    worker, which also turns every page it can into HTML, and with every job
    run in the main process, its Markdown fields taken from the store of the
    first build. Every file must be identical, and the files the worker made
    must be whole.
    """
    project = tmp_path / "hub"
    generate(project, 250)  # enough for the records to be read on every core too
    draft = sorted((project / "pilots").glob("*.yml"))[3]
    draft.write_text(draft.read_text(encoding="utf-8").replace("utkast: false", "utkast: true"),
                     encoding="utf-8")
    code = (
        "import sys; from pathlib import Path; sys.path.insert(0, '.')\n"
        "from tillitsnavet import ahead\n"
        "from tillitsnavet.cli import build_site\n"
        "started, original = [], ahead.Ahead.__init__\n"
        "def spy(self, jobs, **settings):\n"
        "    original(self, jobs, **settings)\n"
        "    started.append((len(jobs), self._process is not None))\n"
        "ahead.Ahead.__init__ = spy\n"
        "from tillitsnavet import mkdocs_pages\n"
        "mkdocs_pages.CONVERT_LEAD_SHARE = 0  # the worker converts pages whenever it is ahead\n"
        "taken, take = [], mkdocs_pages.take_conversion\n"
        "mkdocs_pages.take_conversion = lambda page, c: taken.append(page.file.src_uri) or take(page, c)\n"
        "from mkdocs.structure.pages import Page\n"
        "here, render = set(), Page.render\n"
        "Page.render = lambda page, config, files: here.add(page.file.src_uri) or render(page, config, files)\n"
        "assert build_site(Path('.').resolve(), Path('med-process').resolve()) == 0\n"
        "started.append(len(set(taken) - here))  # converted there and not here\n"
        "Page.render = render\n"
        "ahead.MIN_JOBS = 10 ** 9\n"
        "from tillitsnavet import text\n"
        "converted, convert = [], text._md.convert\n"
        "text._md.convert = lambda source: converted.append(source) or convert(source)\n"
        "assert build_site(Path('.').resolve(), Path('utan-process').resolve()) == 0\n"
        "started.append(len(converted))\n"
        "print(started)\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True,
                            text=True, timeout=600, env={**os.environ, "TILLITSNAVET_SOKINDEX": "av"})
    assert result.returncode == 0, result.stdout + result.stderr
    (first, html_ahead, second, converted) = ast.literal_eval(result.stdout.strip().splitlines()[-1])
    assert first[0] > 250 and first[1] and not second[1], "the first build must use the worker"
    # and the worker must have turned many record pages into HTML (mkdocs_pages.py)
    assert html_ahead > 50, html_ahead
    # The second build took every Markdown field from the store the first
    # build's worker wrote (text.py), and the site is the same to the byte.
    assert converted == 0
    ahead_files = sorted(p.relative_to(project / "med-process")
                         for p in (project / "med-process").rglob("*") if p.is_file())
    here_files = sorted(p.relative_to(project / "utan-process")
                        for p in (project / "utan-process").rglob("*") if p.is_file())
    assert ahead_files == here_files and len(ahead_files) > 500
    site = project / "med-process"
    assert json.loads((site / "data" / "tillitsnavet.json").read_text(encoding="utf-8"))["antal"] == 249
    assert not (site / "forsok" / draft.stem).exists()
    assert len(list((site / "data" / "forsok").glob("*.json"))) == 149
    explorer = (site / "utforska" / "index.html").read_text(encoding="utf-8")
    assert explorer.count(" data-text=") == 249  # the explorer's list, rendered by the worker
    differ = [str(p) for p in ahead_files if (project / "med-process" / p).read_bytes()
              != (project / "utan-process" / p).read_bytes()]
    assert not differ, differ[:5]


def test_the_yaml_readers_table_compares_with_the_record_loader(tmp_path):
    project = tmp_path / "hub"
    generate(project, 30)
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "yaml_readers.py"), str(project), "--repeat", "1"],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    rows = {line.split(" | ")[0].lstrip("| "): line for line in result.stdout.splitlines()
            if line.startswith("| ")}
    assert rows["the quick reader (yaml_loader.quick_load)"].endswith("| yes |")
    assert "every value stays text" in rows["PyYAML's CBaseLoader"]
    assert "with the YAML read costing nothing" in result.stdout
    assert not (project / ".tillitsnavet-cache").exists(), "the hub is left as it was"
