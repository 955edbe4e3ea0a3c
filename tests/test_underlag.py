"""The evidence level (`underlag`) and values no source confirms (`obekräftat`), in a real build.

A small hub gets a research-followed pilot and a pilot whose program,
place and status no source confirms; the built site must show the badge,
filter on it, export it, and never count the unconfirmed values.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from conftest import REPO, VALID_PILOT, built_site, run_cli, small_project
from test_build import article

RESEARCHED = VALID_PILOT.replace("underlag: beskrivet", "underlag: forskningsuppföljt")

#: A pilot that claims Försök Tillit, Kiruna and a status, none of it confirmed.
UNSURE = (VALID_PILOT.replace("titel: Ett försök", "titel: Ett osäkert försök")
          .replace("kommun: Kalmar", "kommun: Kiruna").replace("län: Kalmar län", "län: Norrbottens län")
          .replace("  - omsorg", "  - skola")
          .replace("underlag: beskrivet", "underlag: omnämnt\nobekräftat:\n  - program\n  - kommun\n"
                                          "  - län\n  - status"))

UNCONFIRMED = "(inte bekräftat av källorna)"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = small_project(tmp_path_factory.mktemp("underlag") / "hub", pilot=RESEARCHED)
    (root / "pilots" / "osakert-forsok.yml").write_text(UNSURE, encoding="utf-8")
    return built_site(root)


def _text(path: Path) -> str:
    return "".join(article(path).text)


def _level_descriptions() -> dict[str, str]:
    levels = json.loads((REPO / "schemas" / "definitioner.schema.json").read_text(encoding="utf-8"))
    underlag = levels["$defs"]["underlag"]
    return dict(zip(underlag["enum"], underlag["enumDescriptions"]))


# --- the badge ----------------------------------------------------------------

def test_record_page_shows_the_level_as_a_badge_that_links_its_explanation(site: Path):
    page = article(site / "forsok" / "ett-forsok" / "index.html")
    badges = [a for tag, a in page.tags if tag == "a" and "hub-underlag" in a.get("class", "")]
    assert len(badges) == 1
    assert badges[0]["href"] == "../../om-webbplatsen/#underlag"
    # the title says the schema's own description of the level
    assert badges[0]["title"].startswith(_level_descriptions()["forskningsuppföljt"])
    assert "Underlag 1 av 3: forskningsuppföljt" in "".join(page.text)
    # the explanation is there, with what each level means and what it does not mean
    about = (site / "om-webbplatsen" / "index.html").read_text(encoding="utf-8")
    assert 'id="underlag"' in about and 'id="obekraftat"' in about
    about_text = _text(site / "om-webbplatsen" / "index.html")
    for words in ("Forskningsuppföljt", "Beskrivet", "Omnämnt", "Vad märkningen inte betyder"):
        assert words in about_text


def test_lists_show_the_level_beside_each_record(site: Path):
    section = (site / "forsok" / "index.html").read_text(encoding="utf-8")
    item = re.search(r'<li[^>]*><strong><a href="ett-forsok/">.*?</li>', section, re.S).group(0)
    assert 'class="hub-underlag hub-underlag--forskningsuppfoljt"' in item
    assert "Underlag 1 av 3: forskningsuppföljt" in item
    forum = (site / "forum" / "ett-forum" / "index.html").read_text(encoding="utf-8")
    assert "Underlag 2 av 3: beskrivet" in forum.split('id="forsok-som-presenterades"', 1)[1]


# --- the facet ----------------------------------------------------------------

def test_explorer_has_an_underlag_facet_and_each_row_its_level(site: Path):
    html = (site / "utforska" / "index.html").read_text(encoding="utf-8")
    facet = html.split('data-facett="underlag"', 1)[1].split("</fieldset>", 1)[0]
    assert '<legend class="hub-dold">Underlag</legend>' in facet
    # only the levels in use, strongest first
    assert re.findall(r'name="underlag" value="([a-z]+)"', facet) == [
        "forskningsuppfoljt", "beskrivet", "omnamnt"]
    row = re.search(r'<li><a href="[^"]*ett-forsok/">[^<]*</a> '
                    r'<span class="hub-underlag hub-underlag--forskningsuppfoljt">', html)
    assert row, "the research-followed pilot's row carries its level"
    assert "hub-underlag--omnamnt" in html


# --- open data ----------------------------------------------------------------

def test_csv_has_the_columns_and_json_the_fields_as_written(site: Path):
    raw = (site / "data" / "forsok.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(raw), delimiter=";"))
    by_id = {row["id"]: row for row in rows}
    assert by_id["ett-forsok"]["underlag"] == "forskningsuppföljt"
    assert by_id["ett-forsok"]["obekräftat"] == ""
    assert by_id["osakert-forsok"]["underlag"] == "omnämnt"
    assert by_id["osakert-forsok"]["obekräftat"] == "program | kommun | län | status"
    for kind in ("forum", "exempel"):
        header = (site / "data" / f"{kind}.csv").read_bytes().decode("utf-8-sig").splitlines()[0]
        assert "underlag" in header.split(";") and "obekräftat" in header.split(";")
    unsure = json.loads((site / "data" / "forsok" / "osakert-forsok.json").read_text(encoding="utf-8"))
    assert unsure["post"]["underlag"] == "omnämnt"
    assert unsure["post"]["obekräftat"] == ["program", "kommun", "län", "status"]
    assert unsure["post"]["program"] == "Försök Tillit"  # the value itself stays as written
    everything = json.loads((site / "data" / "tillitsnavet.json").read_text(encoding="utf-8"))
    assert {p["post"]["underlag"] for p in everything["poster"]} == {"forskningsuppföljt", "beskrivet",
                                                                      "omnämnt"}


# --- the check ----------------------------------------------------------------

def test_a_missing_or_wrong_level_or_unknown_field_is_a_swedish_problem_at_its_line(project: Path):
    pilot = project / "pilots" / "ett-forsok.yml"
    pilot.write_text(VALID_PILOT.replace("underlag: beskrivet\n", ""), encoding="utf-8")
    (project / "pilots" / "fel-niva.yml").write_text(
        VALID_PILOT.replace("underlag: beskrivet", "underlag: forskat"), encoding="utf-8")
    (project / "pilots" / "fel-falt.yml").write_text(
        VALID_PILOT + "obekräftat:\n  - statu\n  - beskrivning\n", encoding="utf-8")
    result = run_cli(project, "check")
    assert result.returncode == 1
    problems = result.stderr
    assert "pilots/ett-forsok.yml:1:1: fältet 'underlag' saknas; lägg till 'underlag: …'" in problems
    assert ("pilots/fel-niva.yml:15:11: underlag: texten 'forskat' är inte ett giltigt värde; "
            "giltiga är: forskningsuppföljt, beskrivet, omnämnt") in problems
    assert ("pilots/fel-falt.yml:21:5: obekräftat[1]: texten 'statu' är inte ett giltigt värde; "
            "giltiga är: program, organisation,") in problems
    assert "menade du 'status'?" in problems
    assert "pilots/fel-falt.yml:22:5: obekräftat[2]: texten 'beskrivning' är inte ett giltigt värde" \
        in problems


# --- not confirmed: shown, never counted ----------------------------------------

def test_an_unconfirmed_value_is_shown_as_such_on_its_page(site: Path):
    html = (site / "forsok" / "osakert-forsok" / "index.html").read_text(encoding="utf-8")
    facts = html.split('id="fakta"', 1)[1].split("</dl>", 1)[0]
    marked = re.findall(r"<dt>([^<]+)</dt>\s*<dd>(.*?)</dd>", facts, re.S)
    marks = {label: UNCONFIRMED in value for label, value in marked}
    assert marks == {"Organisation": False, "Program": True, "Plats": True, "Sektorer": False,
                     "Period": False, "Status": True, "Principer": False}
    assert "Försök Tillit" in dict(marked)["Program"]  # shown, with its mark
    confirmed = (site / "forsok" / "ett-forsok" / "index.html").read_text(encoding="utf-8")
    # its own facts carry no mark (a card of another record, in "Liknande poster", may)
    assert UNCONFIRMED not in confirmed.split('id="fakta"', 1)[1].split('id="liknande-poster"', 1)[0]


def _group(html: str, heading_id: str) -> str:
    return html.split(f'id="{heading_id}"', 1)[1].split("</ul>", 1)[0]


def test_an_unconfirmed_program_is_not_counted_in_its_group(site: Path):
    html = (site / "forsok" / "index.html").read_text(encoding="utf-8")
    # "Försök Tillit" counts only the pilot whose program is confirmed
    tillit = _group(html, "forsok-tillit-1")
    assert 'href="ett-forsok/"' in tillit and "osakert-forsok" not in tillit
    unsure = _group(html, "program-inte-bekraftat-av-kallorna-1")
    assert 'href="osakert-forsok/"' in unsure and "Program inte bekräftat av källorna (1)" in html


def _explorer_data(site: Path, name: str):
    """The data of utforska/data/<name>.js: hubUtforskaData("version","name",data);"""
    text = (site / "utforska" / "data" / f"{name}.js").read_text(encoding="utf-8")
    return json.loads(text[text.index(",", text.index(",") + 1) + 1:text.rindex(")")])


def test_an_unconfirmed_place_is_not_on_the_map_the_charts_or_the_facets(site: Path):
    home = (site / "index.html").read_text(encoding="utf-8")
    explorer = (site / "utforska" / "index.html").read_text(encoding="utf-8")
    # the pilot says Norrbottens län and Kiruna, but no source confirms them
    assert "<title>Norrbottens län: 0 poster</title>" in explorer   # the map's county, unshaded
    county_map = explorer.split('id="hub-karta"', 1)[1].split("</figure>", 1)[0]
    assert "Kiruna" not in county_map                                # no point, not in its table
    assert "3 poster har inget län" in county_map                   # the forum, the practice, it
    assert ("Stapeldiagram, antal poster per län. Kalmar län: 1. 20 län har inga poster. "
            "3 poster har inget län.") in home
    for facet, value in (("lan", "norrbottens-lan"), ("kommun", "kiruna"), ("status", "avslutad")):
        boxes = re.findall(rf'name="{facet}" value="([a-z-]+)"', explorer)
        assert (value in boxes) == (facet == "status"), (facet, boxes)  # the other pilot is avslutad
    # the explorer's data: no county, municipality or status for the row, but its words
    at = next(i for i, row in enumerate(_explorer_data(site, "rader-0"))
              if row[0].endswith("osakert-forsok/"))
    index = _explorer_data(site, "index")["f"]
    assert [index[key].split(" ")[at] for key in ("lan", "kommun", "status")] == ["", "", ""]
    assert "kiruna" in _explorer_data(site, "ord-0")[at]  # the text filter still finds it


def test_record_confirmed_reads_obekraftat():
    from tillitsnavet.records.kinds import KINDS, Record

    record = Record(KINDS["forsok"], "x", "pilots/x.yml",
                    {"status": "pågående", "län": "Kalmar län", "obekräftat": ["status"]})
    assert not record.confirmed("status") and record.confirmed("län")
    assert record.confirmed_value("status") is None and record.confirmed_value("län") == "Kalmar län"
    assert record.get("status") == "pågående"  # the value as written is kept
    assert record.confirmed_data["status"] is None and record.unconfirmed == ("status",)
