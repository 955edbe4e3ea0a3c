"""Nothing wrong is ever published (issue #17), through the real CLI and the built site.

Drafts, lost folders, the site's permissions, two sources of one address,
reserved ids, symbolic links out of the project, spreadsheet formulas,
builds killed half-way, merge-conflict markers and invisible characters.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import unicodedata
from pathlib import Path

import pytest

from conftest import DRAFT_TITLE, run_cli


def _site_text(site: Path) -> str:
    """Every text file of the built site, as one string (the search index is binary)."""
    parts = []
    for path in sorted(site.rglob("*")):
        if path.parent.name == "tesaurus" and path.parent.parent.name == "pagefind":
            # the Swedish thesaurus' words (publish/sprak/: "hemlighetsfull") point to
            # words of the site: only those come from the site
            entries = json.loads(path.read_text(encoding="utf-8"))
            parts.append(" ".join(word for meant in entries.values() for word in meant))
        elif path.is_file() and path.suffix in (".html", ".json", ".csv", ".xml", ".txt", ".js"):
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


def test_a_draft_appears_nowhere_in_the_published_site(draft_project):
    """A draft linked from a pilot (practice → pilot, and so pilot → practice) and from a tag."""
    site = draft_project / "site"
    text = _site_text(site)
    assert DRAFT_TITLE not in text and "hemligt" not in text and "hemlig" not in text
    assert not (site / "exempel" / "hemligt").exists()
    assert (site / "exempel" / "ett-exempel" / "index.html").is_file(), "the others are there"
    data = json.loads((site / "data" / "tillitsnavet.json").read_text(encoding="utf-8"))
    assert data["antal"] == 3


def test_the_report_page_names_no_draft_but_rapport_does(draft_project):
    page = (draft_project / "site/redaktion/kvalitet/index.html").read_text(encoding="utf-8")
    assert DRAFT_TITLE not in page and "Utkast" not in page
    report = run_cli(draft_project, "rapport")
    assert f"pilots/utkast.yml (utkast): {DRAFT_TITLE}" in report.stdout


@pytest.mark.parametrize("how", ["renamed", "deleted", "a file"])
def test_a_lost_record_folder_is_an_error(project, how):
    folder = project / "data" / "practices"
    if how == "renamed":
        folder.rename(project / "data" / "exempel-gammal")
    else:
        for file in folder.iterdir():
            file.unlink()
        folder.rmdir()
        if how == "a file":
            folder.write_text("", encoding="utf-8")
    check = run_cli(project, "check")
    assert check.returncode == 1
    assert "data/practices/: mappen för goda exempel" in check.stderr
    assert "git checkout -- data/practices" in check.stderr
    assert run_cli(project, "build").returncode == 1
    assert not (project / "site").exists()


def test_the_site_can_be_read_by_a_web_server_running_as_another_user(small_site):
    mode = stat.S_IMODE(small_site.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o777 & ~umask and mode & 0o005 == 0o005, oct(mode)


#: What ``checked`` puts beside the small hub's records, each trap in a file of its own.
CONFLICT = ["<<<<<<< HEAD\n", "status: avslutad\n", "=======\n", "status: pågående\n",
            ">>>>>>> annan-gren\n"]
CHOICES = {"avslutad\u00a0": "NO-BREAK SPACE (U+00A0)", "\u0430vslutad": "CYRILLIC SMALL LETTER A (U+0430)"}
DATES = ["17/2 2017", "2017/02/17", "17 februari 2017", "17 feb. 2017"]


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> str:
    """Every trap below that ``check`` must name, each in a file of its own beside the small
    hub's records, checked in one run: what it said (the tests read the lines of their file)."""
    from conftest import VALID_FORUM, VALID_PILOT, small_project

    root = small_project(tmp_path_factory.mktemp("checked") / "hub")
    pilots = root / "pilots"

    def pilot(name: str, text: str) -> None:
        (pilots / f"{name}.yml").write_text(text, encoding="utf-8")

    (root / "data/forums/index.yml").write_text(VALID_FORUM, encoding="utf-8")
    (root / "content/forsok/ett-forsok.md").write_text("# Handskriven\n", encoding="utf-8")
    secret = tmp_path_factory.mktemp("utanfor") / "hemlig.txt"
    secret.write_text("root:x:0:0:hemligt lösenord och mycket mer text än ett utdrag får ha\n" * 50,
                      encoding="utf-8")
    (pilots / "lank.yml").symlink_to(secret)
    pilot("lang", VALID_PILOT.replace("status: avslutad", "status: " + "hemlig text " * 40))
    lines = VALID_PILOT.splitlines(keepends=True)
    pilot("konflikt", "".join(lines[:11] + CONFLICT + lines[12:]))
    pilot("nfd", unicodedata.normalize("NFD", VALID_PILOT.replace(
        "sammanfattning:", "lärdomar: Ökad tillit.\nsammanfattning:")))
    pilot("nollbredd", VALID_PILOT.replace("titel: Ett försök", "titel: Ett\u200bförsök"))
    pilot("a\x1b[2Jb", "titel: x\n")
    pilot("gammal-adress", VALID_PILOT + "tidigare_id:\n  - gammalt-forsok\n")
    (root / "content/forsok/gammalt-forsok.md").write_text("# Gammal\n", encoding="utf-8")
    for number, value in enumerate(CHOICES):
        pilot(f"val-{number}", VALID_PILOT.replace("status: avslutad", f"status: {value}"))
    for number, written in enumerate(DATES):
        pilot(f"datum-{number}", VALID_PILOT.replace("start: 2017-03", f"start: {written}"))
    pilot("diff3", VALID_PILOT.replace(
        "status: avslutad\n", "<<<<<<< HEAD\nstatus: avslutad\n||||||| bas\nstatus: planerad\n"
        "=======\nstatus: pågående\n>>>>>>> annan\n"))
    check = run_cli(root, "check")
    assert check.returncode == 1 and "Traceback" not in check.stderr
    return check.stderr


def said_of(checked: str, path: str) -> str:
    """The lines ``check`` wrote about ``path``."""
    return "\n".join(line for line in checked.splitlines() if line.startswith(path + ":"))


def test_a_record_named_index_is_refused_by_check_and_new(project, checked):
    assert "data/forums/index.yml: filnamnet (postens id) 'index' är reserverat" in checked
    for record_id in ("index", "con", "a" * 101):
        new = run_cli(project, "new", "forum", record_id)
        assert new.returncode == 1 and "kan inte vara ett id" in new.stderr, record_id
        assert not (project / "data/forums" / f"{record_id}.yml").exists()


def test_a_hand_written_page_at_a_records_address_names_both_files(checked):
    assert ("pilots/ett-forsok.yml: adressen /forsok/ett-forsok/ har redan sidan "
            "content/forsok/ett-forsok.md") in checked


def test_a_record_linked_from_outside_is_not_read_and_not_quoted(checked):
    assert "pilots/lank.yml: filen är en symbolisk länk till något utanför projektet" in checked
    assert "lösenord" not in checked


def test_a_record_folder_or_content_page_linked_from_outside_is_refused(project, tmp_path):
    outside = tmp_path / "utanfor"
    outside.mkdir()
    (outside / "sida.md").write_text("# Utifrån\n\nhemligt\n", encoding="utf-8")
    (project / "content/utifran.md").symlink_to(outside / "sida.md")
    build = run_cli(project, "build")
    assert build.returncode == 1
    assert "content/utifran.md: en symbolisk länk till något utanför content/" in build.stderr
    (project / "content/utifran.md").unlink()
    (project / "data/practices/ett-exempel.yml").rename(outside / "ett-exempel.yml")
    (project / "data/practices").rmdir()
    (project / "data/practices").symlink_to(outside)
    check = run_cli(project, "check")
    assert "data/practices: mappen är en symbolisk länk till något utanför projektet" in check.stderr


def test_a_long_value_is_quoted_as_a_short_excerpt(checked):
    line = next(line for line in checked.splitlines() if line.startswith("pilots/lang.yml"))
    assert "…" in line and line.count("hemlig") <= 6


FORMULAS = ["=HYPERLINK(\"https://example.com\";\"klicka\")", "+1+1", "-2+3", "@SUM(1)",
            "\tflik", "=1+1"]


def test_csv_cells_that_could_be_formulas_are_text_and_json_keeps_them(project):
    pilot = project / "pilots/ett-forsok.yml"
    text = pilot.read_text(encoding="utf-8")
    text = text.replace("titel: Ett försök", f"titel: '{FORMULAS[0]}'")
    text = text.replace("organisation: Kalmar kommun", f"organisation: '{FORMULAS[1]}'")
    text = text.replace("sammanfattning: Ett kort försök.", f"sammanfattning: '{FORMULAS[2]}'")
    pilot.write_text(text + f"taggar:\n  - '{FORMULAS[3]}'\n", encoding="utf-8")
    assert run_cli(project, "build").returncode == 0, "the values are valid record text"
    raw = (project / "site/data/forsok.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(raw), delimiter=";"))
    row = rows[0]
    assert row["titel"] == "'" + FORMULAS[0]
    assert row["organisation"] == "'" + FORMULAS[1]
    assert row["sammanfattning"] == "'" + FORMULAS[2]
    assert row["taggar"] == "'" + FORMULAS[3]
    for cell in (c for r in rows for c in r.values()):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    record = json.loads((project / "site/data/forsok/ett-forsok.json").read_text(encoding="utf-8"))
    assert record["post"]["titel"] == FORMULAS[0] and record["post"]["taggar"] == [FORMULAS[3]]


def test_later_builds_recover_from_what_killed_builds_left(project):
    assert run_cli(project, "build").returncode == 0
    site, old = project / "site", project / ".site-gammal"
    # killed between the two renames: the old site moved aside, no site/
    site.rename(old)
    (project / ".bygge-site-dodad").mkdir()
    (project / ".bygge-site-dodad" / "halv.html").write_text("halv", encoding="utf-8")
    result = run_cli(project, "build")
    assert result.returncode == 0, result.stderr
    assert (site / "index.html").is_file()
    assert not old.exists() and not list(project.glob(".bygge-*"))
    # site/ became a file, then a read-only folder: each next build replaces it
    for file in site.rglob("*"):
        if file.is_file():
            file.chmod(0o444)
    for folder in sorted((p for p in site.rglob("*") if p.is_dir()), reverse=True):
        folder.chmod(0o555)
    site.chmod(0o555)
    result = run_cli(project, "build")
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(site.stat().st_mode) & 0o200, "a new, writable site/"
    assert not old.exists()
    import shutil
    shutil.rmtree(site)
    site.write_text("inte en mapp", encoding="utf-8")  # not a build's: refused, kept
    result = run_cli(project, "build")
    assert result.returncode == 1 and "site finns och är ingen mapp" in result.stderr
    assert site.read_text(encoding="utf-8") == "inte en mapp"


def test_merge_conflict_markers_are_named_with_their_lines(checked):
    assert ("pilots/konflikt.yml:12:1: git har lämnat konfliktmarkeringar (<<<<<<<, =======, "
            ">>>>>>>) på rad 12, 14, 16") in checked


def test_text_saved_as_nfd_is_read_as_nfc_and_zero_width_spaces_are_named(checked):
    assert said_of(checked, "pilots/nfd.yml") == "", "NFD 'lärdomar' is the field 'lärdomar'"
    assert "pilots/nollbredd.yml:1:8: titel: innehåller tecknet ZERO WIDTH SPACE (U+200B)" in checked


def test_a_date_written_day_first_is_shown_in_the_right_form(checked):
    said = said_of(checked, "pilots/datum-0.yml")
    assert "period.start: ska vara ett datum som ÅÅÅÅ-MM-DD" in said
    assert "; skriv 2017-02-17" in said


MARKDOWN_CASES = {
    "[klicka](javascript:alert(1))": "bara https-, http- och mailto-länkar är tillåtna",
    "[data](data:text/html;base64,PHNjcmlwdD4=)": "bara https-, http- och mailto-länkar",
    "[värd](//example.com/x)": "bara https-, http- och mailto-länkar",
    "[sida](../forsok/)": "bara https-, http- och mailto-länkar",
    "[SOU 2019:43 Med tillit följer\n  bättre resultat](javascript:alert(1))": "bara https-, http-",
    "[a]: javascript:alert(1)\n\nSe [a].": "bara https-, http- och mailto-länkar",
    "![bild](https://example.com/a.png)": "bilder kan inte visas i texten",
    "Text &#x202E; baklänges": "RIGHT-TO-LEFT OVERRIDE (U+202E)",
    "Text &#8203; osynligt": "ZERO WIDTH SPACE (U+200B)",
    "[post](mailto:a@example.se?bcc=b@example.se)": "har tillägg efter ?",
}


@pytest.fixture(scope="module")
def text_hub(tmp_path_factory):
    """One record per Markdown trick, and other invisible or implausible text, checked at once."""
    from conftest import VALID_PILOT, small_project
    from tillitsnavet.records.catalog import load_catalog

    root = small_project(tmp_path_factory.mktemp("text") / "hub")
    for number, text in enumerate(MARKDOWN_CASES):
        block = "".join(f"  {line}\n" for line in text.splitlines())
        (root / "pilots" / f"md-{number}.yml").write_text(
            VALID_PILOT + f"beskrivning: |\n{block}", encoding="utf-8")
    (root / "pilots/ok.yml").write_text(VALID_PILOT + "beskrivning: |\n  Se [SOU](https://lagen.nu/"
                                        "sou/2018:38) och [mejl](mailto:a@example.se).\n",
                                        encoding="utf-8")
    (root / "pilots/osynlig-titel.yml").write_text(
        VALID_PILOT.replace("titel: Ett försök", "titel: \"\\u00a0\\u3000\""), encoding="utf-8")
    (root / "pilots/ar.yml").write_text(VALID_PILOT.replace("start: 2017-03", "start: 0217-03"),
                                        encoding="utf-8")
    (root / "pilots/kyrillisk.yml").write_text(VALID_PILOT + "l\u0430rdomar: Något.\n",
                                               encoding="utf-8")
    _, problems = load_catalog(root)
    return {p.path: str(p) for p in problems}


@pytest.mark.parametrize("number", range(len(MARKDOWN_CASES)))
def test_markdown_the_site_would_not_publish_is_a_problem_at_its_field(text_hub, number):
    expected = list(MARKDOWN_CASES.values())[number]
    line = text_hub.get(f"pilots/md-{number}.yml", "")
    assert line.startswith(f"pilots/md-{number}.yml:20:") and ": beskrivning: " in line, line
    assert expected in line, line


def test_plain_https_and_mailto_links_pass(text_hub):
    assert "pilots/ok.yml" not in text_hub


def test_invisible_titles_implausible_years_and_look_alike_letters_are_named(text_hub):
    assert "titel: innehåller bara blanksteg eller osynliga tecken" in text_hub["pilots/osynlig-titel.yml"]
    assert ("period.start: ska vara ett datum som ÅÅÅÅ-MM-DD (eller ÅÅÅÅ-MM, eller ÅÅÅÅ) med ett år "
            "mellan 1900 och 2099") in text_hub["pilots/ar.yml"]
    assert ("fältnamnet innehåller tecknet CYRILLIC SMALL LETTER A (U+0430) som tecken 2; skriv om "
            "namnet, menade du 'lärdomar'?") in text_hub["pilots/kyrillisk.yml"]


def test_escape_sequences_in_file_names_are_never_printed_raw(checked):
    assert "\x1b" not in checked and "pilots/a\\x1b[2Jb.yml" in checked


def test_a_file_system_error_is_said_in_swedish_without_a_traceback(project):
    import errno

    from tillitsnavet.records.problems import filesystem_error

    assert filesystem_error(OSError(errno.ENOSPC, "No space left", "site/x")) == \
        "disken är full (site/x)"
    build = run_cli(project, "build", "--site-dir", "/proc/sys/finns-inte/site")
    assert build.returncode == 1 and "Traceback" not in build.stderr
    assert "Det gick inte: filen eller mappen finns inte" in build.stderr


def test_tags_that_fold_to_one_slug_get_their_own_anchors(project):
    """'åsa' and 'asa', and tags in other scripts, each lead to their own heading."""
    import re

    pilot = project / "pilots/ett-forsok.yml"
    pilot.write_text(pilot.read_text(encoding="utf-8")
                     + "taggar:\n  - asa\n  - åsa\n  - доверие\n  - εμπιστοσύνη\n", encoding="utf-8")
    assert run_cli(project, "build").returncode == 0
    tags = (project / "site/taggar/index.html").read_text(encoding="utf-8")
    ids = re.findall(r'<h2 id="([^"]+)"', tags)
    assert len(ids) == len(set(ids)) == 4, ids
    page = (project / "site/forsok/ett-forsok/index.html").read_text(encoding="utf-8")
    linked = re.findall(r'href="\.\./\.\./taggar/#([^"]+)"', page)
    assert sorted(linked) == sorted(ids), "every tag links to its own heading"


def test_a_hand_written_page_at_an_old_address_is_a_problem(checked):
    assert ("pilots/gammal-adress.yml:21:5: tidigare_id[1]: den gamla adressen /forsok/gammalt-forsok/ "
            "har redan sidan content/forsok/gammalt-forsok.md") in checked


def test_a_reference_list_linked_from_outside_is_refused(project, tmp_path):
    outside = tmp_path / "principer.yml"
    outside.write_bytes((project / "data/principer.yml").read_bytes())
    (project / "data/principer.yml").unlink()
    (project / "data/principer.yml").symlink_to(outside)
    check = run_cli(project, "check")
    assert "data/principer.yml: filen är en symbolisk länk till något utanför projektet" in check.stderr


@pytest.mark.parametrize("number", range(len(CHOICES)), ids=list(CHOICES.values()))
def test_a_choice_with_an_invisible_or_look_alike_letter_names_it(checked, number):
    character = list(CHOICES.values())[number]
    line = next(line for line in checked.splitlines() if line.startswith(f"pilots/val-{number}.yml:12:9: status:"))
    assert f"innehåller tecknet {character} som tecken" in line, line


@pytest.mark.parametrize("number", range(len(DATES)), ids=DATES)
def test_dates_written_other_ways_are_shown_in_the_right_form(checked, number):
    assert "; skriv 2017-02-17" in said_of(checked, f"pilots/datum-{number}.yml")


def test_diff3_conflict_markers_are_named_too(checked):
    assert "på rad 12, 14, 16, 18" in said_of(checked, "pilots/diff3.yml")
