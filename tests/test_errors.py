"""One run reports every problem of every file: the whole broken corpus at once.

tests/test_broken_corpus.py feeds each broken file alone; here they are all
in one project, which proves that `check` does not stop at the first bad
file, sorts its report by file and line, and ends with the summary.
"""

from __future__ import annotations

import re
import shutil

from conftest import VALID_PILOT, run_cli
from test_broken_corpus import EXPECTED, _corpus_file


def test_every_problem_of_every_file_in_one_run(project):
    for name in EXPECTED:
        shutil.copyfile(_corpus_file(name), project / name)
    result = run_cli(project, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.splitlines()
    for name, expected in EXPECTED.items():
        assert any(line.startswith(expected) for line in lines), f"{name}: {expected!r} not in\n{result.stderr}"
    problem_lines = [l for l in lines if re.match(r"^[\w/ .-]+\.ya?ml:", l)]
    keys = [(l.split(":")[0], int(l.split(":")[1]) if l.split(":")[1].isdigit() else 0) for l in problem_lines]
    assert keys == sorted(keys)
    assert lines[-1].startswith(f"{len(problem_lines)} problem i ")


def test_phone_number_and_no_stay_text(project):
    """YAML 1.1 would read 0701234567 as a number and 'no' as false; we keep the text."""
    path = project / "pilots" / "ett-forsok.yml"
    path.write_text(VALID_PILOT + "kontakt:\n  - namn: no\n    roll: 0701234567\n", encoding="utf-8")
    result = run_cli(project, "check")
    assert result.returncode == 0, result.stderr


def test_valid_project_passes(project):
    result = run_cli(project, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Alla poster stämmer (1 försöksverksamheter")
