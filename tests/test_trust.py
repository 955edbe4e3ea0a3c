"""Nothing lost, nothing wrong published: each rule holds where the thing is made (issue #29).

Through the real command line on real files: the site folder a build may
replace, what content/ may publish, links out of the project, characters
judged after YAML decoded them, the Markdown renderer's drops in records and
reference lists, the contact setting, drafts named by published records,
content that would go missing, one date for a build, and stray files.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import VALID_PILOT, VALID_PRACTICE, run_cli


def _digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".git" not in p.parts}


def test_a_build_replaces_only_a_folder_it_made_or_an_empty_one(project, tmp_path):
    (project / "docs").mkdir(exist_ok=True)
    (project / "docs" / "egen.md").write_text("ej incheckad", encoding="utf-8")
    (project / ".git").mkdir()
    (project / ".git" / "config").write_text("[core]", encoding="utf-8")
    before = _digests(project)
    home = tmp_path / "hem"
    home.mkdir()
    (home / "brev.txt").write_text("viktigt", encoding="utf-8")
    foreign = tmp_path / "annat"
    foreign.mkdir()
    (foreign / "index.html").write_text("någon annans", encoding="utf-8")
    for target, said in [("pilots", "ligger i projektets mapp pilots/"),
                         ("docs", "ligger i projektets mapp docs/"),
                         (".", "är projektmappen eller en mapp ovanför den"),
                         ("..", "är projektmappen eller en mapp ovanför den"),
                         (str(home), "är hemmappen"),
                         (str(foreign), "innehåller filer som inte kommer från ett bygge")]:
        result = subprocess.run([sys.executable, "build_hub.py", "build", "--site-dir", target],
                                cwd=project, capture_output=True, text=True, timeout=600,
                                env={**os.environ, "HOME": str(home)})
        assert result.returncode == 1, (target, result.stderr)
        assert said in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert _digests(project) == before
    assert (home / "brev.txt").read_text(encoding="utf-8") == "viktigt"
    assert (foreign / "index.html").read_text(encoding="utf-8") == "någon annans"
    # an empty folder, then the site the build made there, are replaced
    (tmp_path / "ut").mkdir()
    assert run_cli(project, "build", "--site-dir", str(tmp_path / "ut")).returncode == 0
    assert (tmp_path / "ut" / ".tillitsnavet-webbplats").is_file()
    again = run_cli(project, "build", "--site-dir", str(tmp_path / "ut"))
    assert again.returncode == 0, again.stderr
    assert not list(tmp_path.glob(".ut-gammal")) and not list(tmp_path.glob(".bygge-*"))


def test_content_publishes_only_what_resolves_inside_content(project):
    (project / ".git").mkdir()
    (project / ".git" / "config").write_text("token=hemlig", encoding="utf-8")
    (project / "pilots" / "utkast.yml").write_text(VALID_PILOT + "utkast: true\n", encoding="utf-8")
    (project / "content" / "config").symlink_to(project / ".git" / "config")
    (project / "content" / "utkast.yml").symlink_to(project / "pilots" / "utkast.yml")
    result = run_cli(project, "build")
    assert result.returncode == 1
    assert "content/config: en symbolisk länk till något utanför content/" in result.stderr
    assert "content/utkast.yml: en symbolisk länk till något utanför content/" in result.stderr
    assert not (project / "site").exists()


def test_nothing_that_writes_follows_a_link_out_of_the_project(project, tmp_path):
    outside = tmp_path / "utanfor"
    outside.mkdir()
    (project / ".site.lock").unlink(missing_ok=True)
    (project / ".site.lock").symlink_to(outside / "las")
    result = run_cli(project, "build")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert not (outside / "las").exists()
    (project / ".site.lock").unlink()
    (project / "pilots" / "ny.yml").symlink_to(outside / "ny.yml")  # a dangling link
    result = run_cli(project, "new", "forsok", "ny")
    assert result.returncode == 1 and "finns redan" in result.stderr
    assert not (outside / "ny.yml").exists()
    shutil.rmtree(project / "data" / "practices")
    (project / "data" / "practices").symlink_to(outside)
    result = run_cli(project, "new", "exempel", "nytt")
    assert result.returncode == 1 and "leder ut ur projektet" in result.stderr
    assert list(outside.iterdir()) == []


def test_new_refuses_an_address_that_is_taken(project):
    (project / "content" / "forsok").mkdir(exist_ok=True)
    (project / "content" / "forsok" / "sida.md").write_text("# Sida\n", encoding="utf-8")
    (project / "content" / "forsok" / "mapp").mkdir()  # MkDocs' README.md is a folder's page too
    (project / "content" / "forsok" / "mapp" / "README.md").write_text("# Mapp\n", encoding="utf-8")
    (project / "pilots" / "ett-forsok.yml").write_text(
        VALID_PILOT + "tidigare_id:\n  - gammalt\n", encoding="utf-8")
    for record_id, said in [("sida", "har redan sidan content/forsok/sida.md"),
                            ("mapp", "har redan sidan content/forsok/mapp/README.md"),
                            ("gammalt", "har haft id:t gammalt")]:
        result = run_cli(project, "new", "forsok", record_id)
        assert result.returncode == 1 and said in result.stderr, result.stderr
        assert not (project / "pilots" / f"{record_id}.yml").exists()


def test_every_problem_of_the_trust_issue_in_one_check(project):
    """Escapes, wrapped links, reference lists, drafts, subfolders: one run, each named."""
    pilots = project / "pilots"
    (pilots / "rlo.yml").write_text(VALID_PILOT.replace("titel: Ett försök",
                                                        'titel: "Ett \\u202E försök"'), encoding="utf-8")
    (pilots / "esc.yml").write_text(VALID_PILOT.replace("sammanfattning: Ett kort försök.",
                                                        'sammanfattning: "Ett \\x1b[2J"'),
                                    encoding="utf-8")
    (pilots / "fffe.yml").write_text(VALID_PILOT + 'taggar:\n  - "a\\uFFFE"\n', encoding="utf-8")
    (pilots / "mjuk.yml").write_text(VALID_PILOT + "taggar:\n  - till\u00adlit\n", encoding="utf-8")
    (pilots / "lankad.yml").write_text(VALID_PILOT + "beskrivning: >\n  Se [SOU 2019:43 Med tillit "
                                       "följer\n  bättre resultat](javascript:alert(1)).\n",
                                       encoding="utf-8")
    (pilots / "hardspace.yml").write_text(VALID_PILOT.replace("status: avslutad",
                                                              "status:\u00a0avslutad"),
                                          encoding="utf-8")
    (pilots / "utkastet.yml").write_text(VALID_PILOT + "utkast: true\n", encoding="utf-8")
    (project / "data" / "practices" / "ett-exempel.yml").write_text(
        VALID_PRACTICE.replace("  - ett-forsok", "  - utkastet"), encoding="utf-8")
    (pilots / "kalm\u0430r.yml").write_text(VALID_PILOT, encoding="utf-8")  # a Cyrillic a
    (pilots / "undermapp").mkdir()
    (pilots / "undermapp" / "gomd.yml").write_text(VALID_PILOT, encoding="utf-8")
    reports = project / "data" / "rapporter.yml"
    reports.write_text(reports.read_text(encoding="utf-8").replace(
        "rapporter:\n", "rapporter:\n  - titel: Test\n    typ: test\n    datum: 2018-01-01\n"
        "    sammanfattning: Skriv till [oss](mailto:a@example.se?bcc=b@example.se) ![x](https://a.se/b.png)\n", 1),
        encoding="utf-8")
    result = run_cli(project, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    out = result.stderr
    for line in ["pilots/rlo.yml:1:8: titel: innehåller tecknet RIGHT-TO-LEFT OVERRIDE (U+202E)",
                 "pilots/esc.yml:13:17: sammanfattning: innehåller tecknet U+001B (styrtecken)",
                 "pilots/fffe.yml:21:5: taggar[1]: innehåller tecknet U+FFFE (icke-tecken)",
                 "pilots/mjuk.yml:21:5: taggar[1]: innehåller tecknet SOFT HYPHEN (U+00AD)",
                 "pilots/lankad.yml:20:14: beskrivning: länken 'javascript:alert(1)' kan inte publiceras",
                 "pilots/hardspace.yml:12:8: YAML-fel: efter kolonet står NO-BREAK SPACE (U+00A0)",
                 "data/practices/ett-exempel.yml:",
                 "'utkastet' är ett utkast (pilots/utkastet.yml, utkast: true)",
                 "pilots/undermapp/: mappen läses inte: poster ligger direkt i pilots/",
                 "(tecknet CYRILLIC SMALL LETTER A (U+0430) är inte en bokstav a–z)",
                 "rapporter[1].sammanfattning: länken 'mailto:a@example.se?bcc=b@example.se' har tillägg",
                 "rapporter[1].sammanfattning: bilder kan inte visas i texten"]:
        assert line in out, f"{line}\n---\n{out}"


def test_content_that_would_go_missing_stops_the_build(project):
    content = project / "content"
    (content / "taggar.md").write_text("# Mina taggar\n", encoding="utf-8")
    (content / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    (content / "pagefind").mkdir()
    (content / "pagefind" / "pagefind.js").write_text("//", encoding="utf-8")
    (content / "trasig.md").write_text("---\ntitel: Ett: två\n---\n# Sida\n", encoding="utf-8")
    (content / "latin1.md").write_bytes("# Rättvisa\n".encode("latin-1"))
    (content / "gammal.html").write_bytes("<p>Rättvisa</p>\n".encode("latin-1"))
    (content / "mall.md").write_text("---\ntemplate: finns-inte.html\n---\n# Sida\n",
                                     encoding="utf-8")
    result = run_cli(project, "build")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    for said in ["content/sitemap.xml: bygget skriver själv /sitemap.xml",
                 "content/pagefind/pagefind.js: bygget skriver själv /pagefind/pagefind.js",
                 "content/trasig.md: sidhuvudet mellan raderna --- kan inte läsas som YAML",
                 "content/latin1.md: byte 4 är inte UTF-8; spara om filen",
                 "content/gammal.html: byte 5 är inte UTF-8",
                 "content/mall.md: mallen 'finns-inte.html' (template: i sidhuvudet) finns varken"]:
        assert said in result.stderr, result.stderr
    for said in ["/taggar/index.html: content/taggar.md och bygget skriver samma adress"]:
        (content / "sitemap.xml").unlink()
        shutil.rmtree(content / "pagefind")
        (content / "trasig.md").unlink()
        for name in ("latin1.md", "gammal.html", "mall.md"):
            (content / name).unlink()
        result = run_cli(project, "build")
        assert result.returncode == 1 and said in result.stderr, result.stderr


def test_the_last_scan_refuses_a_forbidden_character_from_a_hand_written_page(project):
    (project / "content" / "om" / "smygande.md").write_text(
        "# Sida\n\nText med &#x202E; i.\n", encoding="utf-8")
    result = run_cli(project, "build")
    assert result.returncode == 1
    assert "om/smygande/index.html skulle innehålla tecknet RIGHT-TO-LEFT OVERRIDE (U+202E)" \
        in result.stderr
    assert not (project / "site").exists()


@pytest.mark.parametrize("address, said", [
    ("red@example.se?bcc=spion@example.org", "utan ?-tillägg"),
    ("red@ex\u0430mple.se", "CYRILLIC SMALL LETTER A (U+0430)"),
    ("red@exam\u200bple.se", "ZERO WIDTH SPACE (U+200B)"),
    ("red@exam\u202eple.se", "RIGHT-TO-LEFT OVERRIDE (U+202E)")])
def test_the_contact_setting_refuses_hidden_recipients_and_odd_letters(address, said):
    from tillitsnavet.render.contact import contact_from_setting

    with pytest.raises(ValueError, match=r"extra\.kontakt\.adress") as error:
        contact_from_setting({"namn": "Redaktionen", "adress": address})
    assert said in str(error.value)
    typed = contact_from_setting({"namn": "Redaktionen", "adress": "mailto:red@example.se"})
    assert typed.href == "mailto:red@example.se"


def test_the_same_commit_and_date_give_the_same_site_on_another_day(project, small_site):
    """``small_site`` is ``project`` built today in another copy; this copy is built 400 days on."""
    if not shutil.which("faketime"):
        pytest.fail("Debian's faketime is needed (tests/setup.sh installs it)")
    before = _digests(small_site)
    later = subprocess.run(["faketime", "+400 days", sys.executable, "build_hub.py", "build"],
                           cwd=project, capture_output=True, text=True, timeout=600)
    assert later.returncode == 0, later.stderr
    assert _digests(project / "site") == before
    assert "skapad 7 december 2026" in (project / "site/redaktion/kvalitet/index.html").read_text(
        encoding="utf-8")


def test_sigterm_leaves_no_half_built_folder_and_the_old_site(project):
    assert run_cli(project, "build").returncode == 0
    before = _digests(project / "site")
    process = subprocess.Popen([sys.executable, "build_hub.py", "build"], cwd=project,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list(project.glob(".bygge-*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130 and "Avbrutet" in err and "Traceback" not in err
    assert not list(project.glob(".bygge-*")) and not list(project.glob(".site-gammal"))
    assert _digests(project / "site") == before


def test_a_build_waiting_for_the_lock_says_so(project):
    with open(project / ".site.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        process = subprocess.Popen([sys.executable, "build_hub.py", "build"], cwd=project,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = process.stderr.readline()
    process.communicate(timeout=600)
    assert "Väntar på ett annat bygge till samma mapp" in line
    assert process.returncode == 0


def test_a_failed_archive_leaves_no_partial_zip(tmp_path, monkeypatch):
    import zipfile

    from tillitsnavet.publish.archive import write_archive

    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("x", encoding="utf-8")

    def full_disk(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", full_disk)
    with pytest.raises(OSError):
        write_archive(tmp_path / "site", tmp_path / "arkiv.zip")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_csv_list_splits_back_into_its_items_and_sitemap_addresses_are_encoded(project):
    """One build of a project with list cells to split, a page at a non-ASCII address and a page
    at content/docs/ (a site whose pages share a source folder's name is still replaced: a
    second build over it succeeds)."""
    import csv
    import io
    import xml.etree.ElementTree as ET

    tags = ["a | b", "c\\", "d|e"]
    (project / "pilots" / "ett-forsok.yml").write_text(
        VALID_PILOT + "taggar:\n" + "".join(f"  - '{t}'\n" for t in tags), encoding="utf-8")
    (project / "content" / "om" / "årsrapport.md").write_text("# Årsrapport\n", encoding="utf-8")
    (project / "content" / "docs").mkdir()
    (project / "content" / "docs" / "index.md").write_text("# Dokument\n", encoding="utf-8")
    result = run_cli(project, "build")
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "docs" / "index.html").is_file()
    again = run_cli(project, "build")
    assert again.returncode == 0, again.stderr
    text = (project / "site/data/forsok.csv").read_text(encoding="utf-8-sig")
    row = next(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert _split(row["taggar"]) == tags
    locs = [e.text for e in ET.parse(project / "site/sitemap-sidor.xml").iter()
            if e.tag.endswith("loc")]
    assert any(loc.endswith("/om/%C3%A5rsrapport/") for loc in locs), locs
    assert all(loc.isascii() for loc in locs)


def _split(cell: str) -> list[str]:
    """A CSV list cell back into its items, as content/oppna-data/ tells readers."""
    items, item, at = [], "", 0
    while at < len(cell):
        if cell[at] == "\\":
            item, at = item + cell[at + 1], at + 2
        elif cell.startswith(" | ", at):
            items, item, at = items + [item], "", at + 3
        else:
            item, at = item + cell[at], at + 1
    return items + [item]
