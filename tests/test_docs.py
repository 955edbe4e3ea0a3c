"""The documentation stays true: the contributor guide, the CI examples, the required pages."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
import yaml

from conftest import REPO, run_cli
from test_build import article

GUIDE = REPO / "content" / "bidra" / "index.md"
CI_FILES = [REPO / "ci" / "github-actions.yml", REPO / "ci" / "gitlab-ci.yml"]


@pytest.mark.parametrize("schema", ["forsok.schema.json", "forum.schema.json", "exempel.schema.json"])
def test_guide_explains_every_field_of_every_schema(schema: str):
    guide = GUIDE.read_text(encoding="utf-8")
    fields = json.loads((REPO / "schemas" / schema).read_text(encoding="utf-8"))["properties"]
    missing = [name for name in fields if f"`{name}`" not in guide]
    assert missing == [], f"content/bidra/index.md saknar fälten {missing} ur {schema}"


def ci_commands(path: Path) -> list[str]:
    """Every shell command the workflow runs, in order."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    commands = []
    jobs = data.get("jobs", data)  # GitHub nests the jobs; GitLab has them at the top
    for job in jobs.values():
        if not isinstance(job, dict):
            continue
        for step in job.get("steps", []):  # GitHub Actions
            commands += [line.strip() for line in str(step.get("run", "")).splitlines() if line.strip()]
        commands += [str(line).strip() for line in job.get("script", [])]  # GitLab CI
    return commands


def test_ci_installs_the_pinned_requirements_on_python_311():
    for path in CI_FILES:
        text = path.read_text(encoding="utf-8")
        commands = ci_commands(path)
        assert "pip install -r requirements.txt" in commands, path
        assert any(c.startswith("python build_hub.py check --format ") for c in commands), path
        assert "3.11" in text
    gitlab = yaml.safe_load(CI_FILES[1].read_text(encoding="utf-8"))["check"]["artifacts"]
    assert gitlab["reports"]["codequality"] == "gl-code-quality-report.json"
    assert gitlab["when"] == "always"
    assert 'requires-python = ">=3.11"' in (REPO / "pyproject.toml").read_text(encoding="utf-8")


def test_the_ci_commands_work(project: Path):
    """Runs exactly the hub commands of both CI examples, in order, in a project copy."""
    ran = []
    for path in CI_FILES:
        for command in ci_commands(path):
            words = shlex.split(command)
            if words[:2] != ["python", "build_hub.py"] or command in ran:
                continue
            words, redirect = (words[:-2], words[-1]) if words[-2:-1] == [">"] else (words, None)
            result = run_cli(project, *words[2:])
            assert result.returncode == 0, f"{path.name}: {command}\n{result.stderr}"
            if redirect:
                (project / redirect).write_text(result.stdout, encoding="utf-8")
            ran.append(command)
    assert {"python build_hub.py check --format github", "python build_hub.py build"} <= set(ran)
    assert "python build_hub.py check --format gitlab > gl-code-quality-report.json" in ran
    assert json.loads((project / "gl-code-quality-report.json").read_text(encoding="utf-8")) == []
    assert (project / "site" / "index.html").is_file()
    assert (project / "public" / "index.html").is_file()
    assert (project / "public" / "tillitsnavet-arkiv.zip").is_file()
    assert (project / "site" / "tillitsnavet-arkiv.zip").is_file()


def test_readme_lists_every_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for command in ("check", "build", "serve", "new", "archive", "rapport"):
        assert f"python build_hub.py {command}" in readme, command
    assert "docs/hallbarhet.md" in readme and "ci/" in readme


def test_durability_notes_say_how_to_rebuild_and_how_to_leave_mkdocs():
    notes = (REPO / "docs" / "hallbarhet.md").read_text(encoding="utf-8")
    for words in ("requirements.txt", "Python 3.11", "mkdocs_adapter/hooks.py", "overrides/", "2027"):
        assert words in notes, words


def test_accessibility_statement_and_about_pages(shipped_site: Path):
    statement = " ".join("".join(article(shipped_site / "om-webbplatsen/tillganglighet/index.html").text).split())
    for words in ("lagen (2018:1937) om tillgänglighet till digital offentlig service",
                  "Myndigheten för digital förvaltning (DIGG)", "WCAG 2.1", "delvis förenlig",
                  "Rapportera brister", "Tillsyn", "axe-core"):
        assert words in statement, words
    about = " ".join("".join(article(shipped_site / "om-webbplatsen/index.html").text).split())
    assert "kakor" in about and "Öppna data" in about
    index = (shipped_site / "index.html").read_text(encoding="utf-8")
    for path in ("om-webbplatsen/", "om-webbplatsen/tillganglighet/", "oppna-data/", "bidra/"):
        assert f'href="{path}"' in index, f"{path} is in the navigation"


def test_the_module_table_names_every_module_and_only_modules_that_exist():
    """docs/hallbarhet.md's table of rooms is the map a new maintainer reads first."""
    import re

    text = (REPO / "docs" / "hallbarhet.md").read_text(encoding="utf-8")
    named: set[str] = set()
    package = REPO / "tillitsnavet"
    for row in re.findall(r"^\| `(\w+)/` \(([^|]*)\)", text, re.MULTILINE):
        room, listed = row
        if not (package / room).is_dir():
            continue  # overrides/, the theme's
        sub = ""
        for part in re.findall(r"`(\w+)/?`(:?)", listed):
            name, opens = part
            if opens:  # "`pictures/`: `charts`, …" names a folder's modules
                sub = name + "/"
                continue
            named.add(f"{room}/{sub}{name}")
    actual = {p.relative_to(package).with_suffix("").as_posix() for p in package.rglob("*.py")
              if p.name != "__init__.py" and p.parent != package}
    assert named - actual == set(), "the table names modules that do not exist"
    assert actual - named == set(), "modules the table does not name"


def _shown_commands() -> list[tuple[str, str]]:
    """(document, command) for every command of a ```sh block and every inline
    `python build_hub.py …` of the README and docs/."""
    import re

    found = []
    for doc in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        text = doc.read_text(encoding="utf-8")
        lines = [line for block in re.findall(r"```sh\n(.*?)```", text, re.DOTALL)
                 for line in block.replace("\\\n", " ").splitlines()]
        lines += re.findall(r"`((?:\.venv/bin/)?python build_hub\.py [^`]*)`", text)
        for line in lines:
            for command in re.split(r"&&|;", line.split(" #")[0]):
                if command.strip():
                    found.append((doc.name, command.strip()))
    return found


def test_every_command_the_docs_show_runs():
    """Each script a doc runs exists and answers --help; each build_hub.py command and flag
    it shows is one the command line has; each file it installs from exists."""
    import subprocess
    import sys

    helps: dict[str, str] = {}

    def help_of(*argv: str) -> str:
        if argv not in helps:
            done = subprocess.run([sys.executable, *argv, "--help"], cwd=REPO, capture_output=True,
                                  text=True, timeout=60)
            assert done.returncode == 0, (argv, done.stderr)
            helps[argv] = done.stdout
        return helps[argv]

    checked = 0
    for doc, command in _shown_commands():
        words = shlex.split(command)
        scripts = [w for w in words if w.endswith((".py", ".sh")) and "/" in w or w == "build_hub.py"]
        for script in scripts:
            assert (REPO / script).is_file(), f"{doc}: {command}: {script} does not exist"
            checked += 1
        if "build_hub.py" in words:
            rest = words[words.index("build_hub.py") + 1:]
            if rest and rest[0] != "…" and not rest[0].startswith("-"):
                shown = help_of("build_hub.py", rest[0])
                for flag in (w.split("=")[0] for w in rest[1:] if w.startswith("--")):
                    assert flag in shown, f"{doc}: {command}: {flag} is not a flag of {rest[0]}"
        elif any(s.startswith("bench/") for s in scripts):
            script = next(s for s in scripts if s.startswith("bench/"))
            shown = help_of(script)
            for flag in (w.split("=")[0] for w in words if w.startswith("--")):
                assert flag in shown, f"{doc}: {command}: {flag} is not a flag of {script}"
        for index, word in enumerate(words[:-1]):
            if word == "-r" and words[index - 1] == "install":
                assert (REPO / words[index + 1]).is_file(), f"{doc}: {command}"
    assert checked > 10  # the README's two commands, the benchmark's, the CLI's
