"""`python build_hub.py new`: a valid draft skeleton, never overwriting."""

from __future__ import annotations

from conftest import run_cli


def test_new_record_of_each_kind_validates_and_is_a_draft(project):
    for kind, folder in (("forsok", "pilots"), ("forum", "data/forums"), ("exempel", "data/practices")):
        result = run_cli(project, "new", kind, f"ny-{kind}")
        assert result.returncode == 0, result.stderr
        text = (project / folder / f"ny-{kind}.yml").read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=")
        assert "utkast: true" in text
    check = run_cli(project, "check")
    assert check.returncode == 0, check.stderr
    build = run_cli(project, "build")
    assert build.returncode == 0
    assert not (project / "site" / "forsok" / "ny-forsok").exists()


def test_new_refuses_to_overwrite(project):
    before = (project / "pilots" / "ett-forsok.yml").read_text(encoding="utf-8")
    result = run_cli(project, "new", "forsok", "ett-forsok")
    assert result.returncode == 1
    assert "finns redan" in result.stderr
    assert (project / "pilots" / "ett-forsok.yml").read_text(encoding="utf-8") == before


def test_new_rejects_an_id_that_cannot_be_a_url(project):
    result = run_cli(project, "new", "forsok", "Kalmar Län")
    assert result.returncode == 1
    assert "kalmar-lan" in result.stderr


def test_help_is_swedish():
    from conftest import REPO

    result = run_cli(REPO, "--help")
    assert result.returncode == 0
    assert "användning:" in result.stdout and "kontrollera alla poster" in result.stdout
    bad = run_cli(REPO, "bygg")
    assert bad.returncode == 2 and "ogiltigt val" in bad.stderr
