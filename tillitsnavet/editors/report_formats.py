"""`check`'s problems in the forms a git host or another tool reads (``check --format``).

* ``text`` (the default): records/problems.py's ``format_problems``, for people.
* ``github``: GitHub Actions workflow commands, ``::error file=…,line=…,col=…,title=…::message``,
  one per problem, so a pull request shows each problem on its line of the diff. Values are
  escaped by GitHub's rules (actions/toolkit, ``command.ts``): ``%``, CR and LF in the message;
  those and ``:`` and ``,`` in a property.
* ``gitlab``: a GitLab Code Quality report, a JSON array of issues (``description``,
  ``check_name``, ``fingerprint``, ``severity``, ``location.path``, ``location.lines.begin``).
  The fingerprint is a SHA-256 of the file, the field, the message and the problem's place
  among equal ones, not of the line, so a problem keeps its fingerprint when lines above it
  move and GitLab can tell a fixed problem from a new one.
* ``json``: one object with Swedish keys for any other tool.

Every format lists every problem of one run; ``outputs`` says which stream each part goes to.
The exit code (1 on problems, in every format) is the caller's.
"""

from __future__ import annotations

import hashlib
import json

from ..records.problems import Problem, format_problems, visible

FORMATS = ("text", "github", "gitlab", "json")

#: The check's name in GitLab's widget and the pre-commit hook's id.
CHECK_NAME = "tillitsnavet-check"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _described(problem: Problem) -> str:
    """The problem without its place: the field and the Swedish message, terminal-safe."""
    prefix = f"{problem.field}: " if problem.field else ""
    return visible(prefix + problem.message)


def github(problems: list[Problem]) -> str:
    """One ``::error`` workflow command per problem, then the summary as a plain log line."""
    lines = []
    for problem in sorted(set(problems)):
        props = [f"file={_escape_property(problem.path)}"]
        if problem.line:
            props.append(f"line={problem.line}")
            if problem.column:
                props.append(f"col={problem.column}")
        props.append("title=" + _escape_property(f"Tillitsnavet: {problem.field or 'filen'}"))
        lines.append(f"::error {','.join(props)}::{_escape_data(_described(problem))}")
    lines.append(format_problems(problems).splitlines()[-1])  # the summary
    return "\n".join(lines)


def gitlab(problems: list[Problem]) -> str:
    """A GitLab Code Quality report (JSON array); ``[]`` when nothing is wrong."""
    issues, seen = [], {}
    for problem in sorted(set(problems)):
        key = (problem.path, problem.field, problem.message)
        seen[key] = seen.get(key, 0) + 1
        identity = "\0".join([problem.path, problem.field, problem.message, str(seen[key])])
        issues.append({
            "type": "issue", "description": _described(problem), "check_name": CHECK_NAME,
            "fingerprint": hashlib.sha256(identity.encode("utf-8")).hexdigest(),
            "severity": "blocker",  # a problem stops the build: nothing is published
            "categories": ["Bug Risk"],
            "location": {"path": problem.path, "lines": {"begin": max(problem.line, 1)}},
        })
    return json.dumps(issues, ensure_ascii=False, indent=2)


def as_json(problems: list[Problem]) -> str:
    """Every problem as an object with Swedish keys; unknown line or column is null."""
    unique = sorted(set(problems))
    return json.dumps({
        "antal_problem": len(unique),
        "antal_filer": len({p.path for p in unique}),
        "problem": [{"fil": p.path, "rad": p.line or None, "kolumn": p.column or None,
                     "fält": p.field or None, "meddelande": p.message, "text": str(p)}
                    for p in unique],
    }, ensure_ascii=False, indent=2)


def outputs(problems: list[Problem], fmt: str, all_well: str) -> tuple[str, str]:
    """(stdout, stderr) of `check` in ``fmt``; ``all_well`` is what it says when nothing is wrong.

    Text keeps its streams: problems on stderr, the all-clear on stdout. GitHub's runner reads
    workflow commands from stdout, so github writes everything there. gitlab and json write
    the report alone on stdout, always (``[]`` when nothing is wrong: GitLab wants a file),
    to be redirected into a file, and the one-line verdict on stderr.
    """
    if fmt == "text":
        return ("", format_problems(problems)) if problems else (all_well, "")
    if fmt == "github":
        return (github(problems) if problems else all_well), ""
    summary = format_problems(problems).splitlines()[-1] if problems else all_well
    return {"gitlab": gitlab, "json": as_json}[fmt](problems), summary
