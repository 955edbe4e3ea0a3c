"""`python build_hub.py rapport` and the unlisted page /redaktion/kvalitet/."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from conftest import VALID_PILOT, built_site, run_cli
from test_build import article
from test_open_data import sitemap_pages
from tillitsnavet.editors.quality import months_before, url_problem


def test_report_lists_what_the_editors_should_look_at(project: Path):
    (project / "pilots/gammal.yml").write_text(
        VALID_PILOT.replace("Ett försök", "Ett gammalt försök")
        .replace("url: https://lagen.nu/sou/2018:38", "url: https://lagen.nu/sou/2018:38).")
        .replace("senast_granskad: 2026-11-01", "senast_granskad: 2020-01-31"), encoding="utf-8")
    result = run_cli(project, "rapport")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Datakvalitet i Tillitsnavet" in out
    assert re.search(r"Försöksverksamheter +2 publicerade, 0 utkast", out)
    stale = out.split("Inte granskade på 12 månader")[1].split("\n\n")[0]
    assert "pilots/gammal.yml: Ett gammalt försök (granskad 2020-01-31)" in stale
    assert "ett-forsok" not in stale
    missing = out.split("Saknar rekommenderade fält")[1].split("\n\n")[0]
    assert "pilots/ett-forsok.yml: Ett försök (beskrivet): beskrivning, resultat, lärdomar, " \
           "taggar" in missing
    assert "data/forums/ett-forum.yml: Ett forum (beskrivet): period, plats, sektorer, " \
           "principer, beskrivning, taggar, källor[1].url" in missing
    unlinked = out.split("Ingen annan post eller sida länkar hit")[1].split("\n\n")[0]
    assert "pilots/gammal.yml" in unlinked and "data/practices/ett-exempel.yml" in unlinked
    assert "pilots/ett-forsok.yml" not in unlinked  # the forum and the practice name it
    assert "data/forums/ett-forum.yml" not in unlinked
    urls = out.split("Källadresser med fel form")[1]
    assert "pilots/gammal.yml:18:10: källor[1].url: 'https://lagen.nu/sou/2018:38).' slutar med '.'" in urls


def test_records_missing_fields_come_in_the_order_to_take_them(project: Path):
    """No source to follow first, then by evidence, then those that do not say when or where."""
    no_period = VALID_PILOT.replace("period:\n  start: 2017-03\n  slut: 2017-12\n", "")
    pilots = {
        "a-omnamnt-komplett": VALID_PILOT.replace("underlag: beskrivet", "underlag: omnämnt"),
        "z-omnamnt-utan-period": no_period.replace("underlag: beskrivet", "underlag: omnämnt"),
        "b-beskrivet-utan-period": no_period,
        "aa-forskningsuppfoljt": no_period.replace("underlag: beskrivet",
                                                   "underlag: forskningsuppföljt"),
    }
    for name, text in pilots.items():
        (project / "pilots" / f"{name}.yml").write_text(text, encoding="utf-8")
    expected = [  # the forum and the practice have no source with an address
        "data/forums/ett-forum.yml", "data/practices/ett-exempel.yml",
        "pilots/z-omnamnt-utan-period.yml", "pilots/a-omnamnt-komplett.yml",
        "pilots/b-beskrivet-utan-period.yml", "pilots/ett-forsok.yml",
        "pilots/aa-forskningsuppfoljt.yml",
    ]
    out = run_cli(project, "rapport").stdout
    section = out.split("Saknar rekommenderade fält: 7\n")[1].split("\n\n")[0].splitlines()
    assert section[0].startswith("Viktigast först: poster där ingen källa har webbadress, sedan "
                                 "efter underlag (omnämnt, beskrivet, forskningsuppföljt)")
    assert [line.split(":")[0].strip() for line in section[1:]] == expected
    assert "pilots/z-omnamnt-utan-period.yml: Ett försök (omnämnt): period, beskrivning" in out

    page = "".join(article(built_site(project) / "redaktion/kvalitet/index.html").text)
    listed = page.split("Saknar rekommenderade fält")[1].split("Ingen annan post")[0]
    assert "Viktigast först: poster där ingen källa har webbadress" in listed
    assert sorted(expected, key=listed.index) == expected


def test_report_page_is_built_unlisted_and_unindexed(small_site: Path):
    site = small_site
    page = site / "redaktion/kvalitet/index.html"
    html = page.read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in html
    assert "data-pagefind-body" not in html  # Pagefind indexes only pages that have it
    text = "".join(article(page).text)
    assert "Datakvalitet" in text and "Saknar rekommenderade fält" in text
    assert sitemap_pages(site) and not any("redaktion" in url for url in sitemap_pages(site))
    assert 'href="redaktion/' not in (site / "index.html").read_text(encoding="utf-8")  # not in the nav


def test_report_page_says_the_line_of_a_doubtful_address(project: Path):
    # the build parses records without line marks; the report must still say where
    pilot = project / "pilots" / "ett-forsok.yml"
    pilot.write_text(pilot.read_text(encoding="utf-8").replace(
        "url: https://lagen.nu/sou/2018:38", "url: https://localhost/sou"), encoding="utf-8")
    text = "".join(article(built_site(project) / "redaktion/kvalitet/index.html").text)
    assert re.search(r"pilots/ett-forsok\.yml:18\b", text), text


@pytest.mark.parametrize("url, wrong", [
    ("https://lagen.nu/sou/2018:38", None),
    ("https://www.regeringen.se/a_(b)/", None),
    ("http://exempel.se", None),
    ("https://räksmörgås.se/", None),
    ("https://localhost/x", "toppdomän"),
    ("https://exempel..se/", "inte giltigt"),
    ("https://exem_pel.se/", "otillåtna"),
    ("https://exempel.se:99999/", "portnummer"),
    ("https://exempel.s1/", "toppdomänen"),
    ("https://exempel.se/a%2", "%-tecken"),
    ("https://exempel.se/sida,", "slutar med ','"),
    ("https:/exempel.se", "värdnamn"),
])
def test_source_address_forms(url, wrong):
    problem = url_problem(url)
    assert (problem is None) if wrong is None else (wrong in problem), (url, problem)


def test_twelve_months_back_handles_month_ends():
    assert months_before(dt.date(2026, 11, 27), 12) == dt.date(2025, 11, 27)
    assert months_before(dt.date(2024, 2, 29), 12) == dt.date(2023, 2, 28)
    assert months_before(dt.date(2026, 1, 15), 12) == dt.date(2025, 1, 15)


def test_report_starts_with_what_to_do_first(project: Path):
    """Issue 30: five next steps in plain Swedish, each of another sort, then the lists;
    a pilot that no forum or good practice names is listed, and so is no mentioned example."""
    (project / "pilots/ensamt.yml").write_text(
        VALID_PILOT.replace("Ett försök", "Ett ensamt försök")
        .replace("url: https://lagen.nu/sou/2018:38", "url: https://lagen.nu/sou/2018:38).")
        .replace("senast_granskad: 2026-11-01", "senast_granskad: 2020-01-31"), encoding="utf-8")
    (project / "pilots/namnt.yml").write_text(
        VALID_PILOT.replace("Ett försök", "Ett nämnt exempel")
        .replace("program: Försök Tillit", "program: Nämnt som exempel"), encoding="utf-8")
    out = run_cli(project, "rapport").stdout
    lines = out.splitlines()
    assert lines[0] == "Gör detta först"
    steps = lines[1:6]
    assert [s.split(".")[0].strip() for s in steps] == ["1", "2", "3", "4", "5"]
    assert lines[6] == ""
    first = "\n".join(steps)
    assert "källadress i pilots/ensamt.yml" in first            # an address of the wrong form
    assert "webbadress till någon av källorna för »Ett forum«" in first  # no source to follow
    assert "försöket »Ett ensamt försök«" in first                # no forum or practice
    assert "Länka till" in first and "Gå igenom" in first
    assert "[" not in first and ".url" not in first               # plain Swedish, no field paths
    alone = out.split("Försök som inget forum eller gott exempel länkar till: 1\n")[1].split("\n\n")[0]
    assert alone.strip() == "pilots/ensamt.yml: Ett ensamt försök"  # not ett-forsok, nor the example
    page = article(built_site(project) / "redaktion/kvalitet/index.html")
    text = "".join(page.text)
    assert text.index("Gör detta först") < text.index("Poster per slag")
    assert "Försök som inget forum eller gott exempel länkar till (1)" in text
