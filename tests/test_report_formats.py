"""`check --format github|gitlab|json`: the real CLI over the broken corpus, read as the hosts read it.

One hub with every file of tests/broken/ (module-scoped, checked once per format): every
problem the text report names must reach each format, at the same file, line and column, and
every format must exit 1. GitHub's annotations are parsed back with GitHub's own escaping
rules; GitLab's report is held to the fields its Code Quality widget requires.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import REPO, run_cli, small_project
from test_broken_corpus import EXPECTED, _corpus_file


@pytest.fixture(scope="module")
def hub(tmp_path_factory) -> Path:
    root = small_project(tmp_path_factory.mktemp("formats") / "hub")
    for name in EXPECTED:
        shutil.copyfile(_corpus_file(name), root / name)
    # File names that need GitHub's property escaping: a comma and a percent sign.
    shutil.copyfile(_corpus_file("pilots/tom.yml"), root / "pilots" / "a,b.yml")
    shutil.copyfile(_corpus_file("pilots/tom.yml"), root / "pilots" / "100%.yml")
    return root


@pytest.fixture(scope="module")
def text_lines(hub) -> list[str]:
    result = run_cli(hub, "check")
    assert result.returncode == 1
    return result.stderr.splitlines()[:-1]


def _text_place(line: str) -> tuple[str, int, int]:
    """(file, line, column) of a text report line; 0 where it names none."""
    match = re.match(r"^(.+?\.ya?ml|pilots|data/forums)(?::(\d+))?(?::(\d+))?: ", line)
    assert match, line
    return match[1], int(match[2] or 0), int(match[3] or 0)


def _unescape(text: str) -> str:
    return (text.replace("%2C", ",").replace("%3A", ":").replace("%0A", "\n")
            .replace("%0D", "\r").replace("%25", "%"))


def _annotation(line: str) -> tuple[dict[str, str], str]:
    """A workflow command parsed the way GitHub's runner parses it."""
    match = re.fullmatch(r"::error (?P<props>[^:]*)::(?P<message>.*)", line)
    assert match, line
    props = dict(part.split("=", 1) for part in match["props"].split(","))
    return {key: _unescape(value) for key, value in props.items()}, _unescape(match["message"])


def test_github_annotations_name_every_problem_at_its_place(hub, text_lines):
    result = run_cli(hub, "check", "--format", "github")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == len(text_lines) and lines[-1].endswith("Inget har publicerats.")
    places = []
    for line in commands:
        props, message = _annotation(line)
        assert set(props) <= {"file", "line", "col", "title"} and message
        assert props["title"].startswith("Tillitsnavet: ")
        places.append((props["file"], int(props.get("line", 0)), int(props.get("col", 0))))
    assert sorted(places) == sorted(_text_place(line) for line in text_lines)
    assert ("pilots/omojligt-datum.yml", 10, 10) in places
    by_file = {props["file"]: (props, message) for props, message in map(_annotation, commands)}
    assert by_file["pilots/omojligt-datum.yml"][1] .startswith("period.start: '2017-02-30' finns inte i kalendern")
    assert by_file["pilots/omojligt-datum.yml"][0]["title"] == "Tillitsnavet: period.start"
    # The file names with a comma and a percent sign survive GitHub's escaping.
    assert "pilots/a,b.yml" in by_file and "pilots/100%.yml" in by_file
    assert "file=pilots/a%2Cb.yml," in result.stdout and "file=pilots/100%25.yml," in result.stdout


def test_github_escaping_follows_githubs_rules():
    from tillitsnavet.editors.report_formats import _escape_data, _escape_property

    assert _escape_data("100% a\r\nb: c, d") == "100%25 a%0D%0Ab: c, d"
    assert _escape_property("100% a\r\nb: c, d") == "100%25 a%0D%0Ab%3A c%2C d"


def test_gitlab_code_quality_report(hub, text_lines):
    result = run_cli(hub, "check", "--format", "gitlab")
    assert result.returncode == 1
    issues = json.loads(result.stdout)  # stdout holds the report and nothing else
    assert isinstance(issues, list) and len(issues) == len(text_lines)
    for issue in issues:
        assert issue["description"] and issue["check_name"] == "tillitsnavet-check"
        assert re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"])
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert issue["location"]["path"] and issue["location"]["lines"]["begin"] >= 1
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)
    assert sorted((i["location"]["path"], i["location"]["lines"]["begin"]) for i in issues) == \
        sorted((f, max(n, 1)) for f, n, _ in map(_text_place, text_lines))
    assert result.stderr.strip().endswith("Inget har publicerats.")
    # The same problems give the same fingerprints on the next run.
    assert json.loads(run_cli(hub, "check", "--format", "gitlab").stdout) == issues


def test_gitlab_fingerprint_survives_moved_lines(project):
    bad = project / "pilots" / "omojligt-datum.yml"
    shutil.copyfile(_corpus_file("pilots/omojligt-datum.yml"), bad)
    before = json.loads(run_cli(project, "check", "--format", "gitlab").stdout)
    bad.write_text("# en kommentar överst\n" + bad.read_text(encoding="utf-8"), encoding="utf-8")
    after = json.loads(run_cli(project, "check", "--format", "gitlab").stdout)
    assert [i["location"]["lines"]["begin"] for i in after] == \
        [i["location"]["lines"]["begin"] + 1 for i in before]
    assert [i["fingerprint"] for i in after] == [i["fingerprint"] for i in before]


def test_json_report(hub, text_lines):
    result = run_cli(hub, "check", "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["antal_problem"] == len(report["problem"]) == len(text_lines)
    assert [p["text"] for p in report["problem"]] == text_lines
    date = next(p for p in report["problem"] if p["fil"] == "pilots/omojligt-datum.yml")
    assert (date["rad"], date["kolumn"], date["fält"]) == (10, 10, "period.start")
    empty = next(p for p in report["problem"] if p["fil"] == "pilots/tom.yml")
    assert empty["kolumn"] is None and empty["fält"] is None


@pytest.mark.parametrize("fmt,expected", [("gitlab", []), ("json", {"antal_problem": 0, "antal_filer": 0,
                                                                    "problem": []})])
def test_a_valid_hub_gives_an_empty_report_and_exit_0(project, fmt, expected):
    result = run_cli(project, "check", "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == expected
    assert result.stderr.startswith("Alla poster stämmer")


def test_github_on_a_valid_hub_prints_the_verdict(project):
    result = run_cli(project, "check", "--format", "github")
    assert result.returncode == 0 and result.stdout.startswith("Alla poster stämmer")
    assert "::" not in result.stdout


def test_an_unknown_format_is_refused_in_swedish(project):
    result = run_cli(project, "check", "--format", "xml")
    assert result.returncode == 2 and "ogiltigt val" in result.stderr


def test_pre_commit_hook_definition_runs_the_check(project):
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "tillitsnavet-check")
    assert hook["pass_filenames"] is False and hook["language"] in {"system", "python"}
    files = re.compile(hook["files"])
    for path in ("pilots/kalmar.yml", "data/forums/ett-forum.yml", "data/practices/x.yml",
                 "data/sektorer.yml", "schemas/forsok.schema.json"):
        assert files.search(path), path
    for path in ("content/index.md", "README.md", "tillitsnavet/cli.py"):
        assert not files.search(path), path
    words = shlex.split(hook["entry"])
    assert words[:3] == ["python", "build_hub.py", "check"]
    assert run_cli(project, *words[2:]).returncode == 0
    shutil.copyfile(_corpus_file("pilots/omojligt-datum.yml"), project / "pilots" / "omojligt-datum.yml")
    failed = run_cli(project, *words[2:])
    assert failed.returncode == 1 and "pilots/omojligt-datum.yml:10:10:" in failed.stderr
