"""Open data in real builds: JSON and CSV against the published schemas, the Atom feed, the sitemap."""

from __future__ import annotations

import csv
import gzip
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from conftest import REPO
from test_build import article
from tillitsnavet.records.catalog import load_catalog
from tillitsnavet.records.kinds import KINDS
from tillitsnavet.publish.exports import csv_columns

SITE_URL = "https://tillitsnavet.se/"


def published_records():
    catalog, problems = load_catalog(REPO)
    assert problems == []
    return [r for r in catalog.all() if not r.draft]


def site_validator(site: Path, name: str, pointer: str = "") -> Draft202012Validator:
    """A validator built only from the schemas the site publishes, resolved by their $id."""
    schemas = {p.name: json.loads(p.read_text(encoding="utf-8"))
               for p in (site / "schemas").glob("*.schema.json")}
    registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas.values())
    schema = schemas[name]
    if pointer:
        schema = {"$ref": schema["$id"] + "#" + pointer}
    return Draft202012Validator(schema, registry=registry)


def test_published_schemas_are_the_repository_schemas_at_their_id(shipped_site: Path):
    for schema in sorted((REPO / "schemas").glob("*.schema.json")):
        published = shipped_site / "schemas" / schema.name
        assert published.read_bytes() == schema.read_bytes()
        assert json.loads(schema.read_text(encoding="utf-8"))["$id"] == SITE_URL + "schemas/" + schema.name


def test_all_records_json_follows_its_schema(shipped_site: Path):
    data = json.loads((shipped_site / "data/tillitsnavet.json").read_text(encoding="utf-8"))
    errors = list(site_validator(shipped_site, "oppna-data.schema.json").iter_errors(data))
    assert errors == []
    records = published_records()
    assert data["antal"] == len(records) == len(data["poster"])
    assert {(p["slag"], p["id"]) for p in data["poster"]} == {(r.kind.key, r.id) for r in records}
    assert data["senast_granskad"] == max(r.get("senast_granskad") for r in records)
    by_key = {(r.kind.key, r.id): r for r in records}
    for entry in data["poster"]:
        record = by_key[(entry["slag"], entry["id"])]
        # the inner record is the YAML file's fields, valid against the kind's own schema
        assert entry["post"] == json.loads(json.dumps(record.data))
        kind_schema = site_validator(shipped_site, record.kind.schema)
        assert list(kind_schema.iter_errors(entry["post"])) == []
        assert entry["adress"] == SITE_URL + record.url
        assert (shipped_site / record.url / "index.html").is_file()


def test_one_json_file_per_record_follows_the_schema(shipped_site: Path):
    validator = site_validator(shipped_site, "oppna-data.schema.json", "/$defs/post")
    everything = json.loads((shipped_site / "data/tillitsnavet.json").read_text(encoding="utf-8"))
    for entry in everything["poster"]:
        path = shipped_site / "data" / entry["slag"] / f"{entry['id']}.json"
        single = json.loads(path.read_text(encoding="utf-8"))
        assert list(validator.iter_errors(single)) == [], path
        assert single == entry
    files = list((shipped_site / "data").glob("*/*.json"))
    assert len(files) == len(everything["poster"])


def test_the_schema_rejects_a_record_that_breaks_it(shipped_site: Path):
    validator = site_validator(shipped_site, "oppna-data.schema.json", "/$defs/post")
    entry = json.loads(next((shipped_site / "data/forsok").glob("*.json")).read_text(encoding="utf-8"))
    entry["post"]["status"] = "okänd"
    assert any(e.validator == "enum" for e in validator.iter_errors(entry))


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, for Excel"
    text = raw.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


@pytest.mark.parametrize("kind", list(KINDS))
def test_csv_per_kind_opens_in_a_swedish_excel(shipped_site: Path, kind: str):
    rows = read_csv(shipped_site / "data" / f"{kind}.csv")
    header, body = rows[0], rows[1:]
    assert header == csv_columns(kind)
    assert header[:3] == ["id", "adress", "titel"] and "utkast" not in header
    records = sorted((r for r in published_records() if r.kind.key == kind), key=lambda r: r.id)
    assert [row[0] for row in body] == [r.id for r in records]
    for row, record in zip(body, records):
        assert len(row) == len(header)
        values = dict(zip(header, row))
        assert values["titel"] == record.title  # å, ä, ö and punctuation as written
        assert values["adress"] == SITE_URL + record.url
        assert values["senast_granskad"] == record.get("senast_granskad")
        if record.get("taggar"):
            assert values["taggar"].split(" | ") == record.get("taggar")
        if record.get("period"):
            assert values["period.start"] == record.get("period").get("start", "")
        assert values["källor"].count(" | ") == len(record.get("källor")) - 1


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_csv_recipe_in_the_docs_reads_one_row_per_record(shipped_site: Path, kind: str):
    """docs/oppna-data.md says how to read the CSVs (csv.Sniffer guesses them wrong); its code works."""
    import re

    docs = (REPO / "docs" / "oppna-data.md").read_text(encoding="utf-8")
    section = docs[docs.index("## Reading the CSV files with a program"):]
    code = re.search(r"```python\n(.*?)```", section, re.S)[1]
    names = {"URL": (shipped_site / "data" / f"{kind}.csv").as_uri()}
    exec(compile(code, "docs/oppna-data.md", "exec"), names)  # noqa: S102 - our own docs
    records = sorted(r.id for r in published_records() if r.kind.key == kind)
    assert names["header"] == csv_columns(kind)
    assert sorted(row[0] for row in names["records"]) == records
    assert all(len(row) == len(names["header"]) for row in names["records"])


def test_open_data_page_links_every_file_and_says_licence_and_citation(shipped_site: Path):
    page = shipped_site / "oppna-data/index.html"
    links = {attrs.get("href") for tag, attrs in article(page).tags if tag == "a"}
    for target in ("../data/tillitsnavet.json", "../data/forsok.csv", "../data/forum.csv",
                   "../data/exempel.csv", "../atom.xml", "../schemas/oppna-data.schema.json",
                   "../schemas/forsok.schema.json"):
        assert target in links, target
        assert (page.parent / target).resolve().is_file()
    text = "".join(article(page).text)
    assert "CC0" in text and "Citera" in text and "semikolon" in text
    for kind in KINDS.values():  # the field tables come from the schemas
        for field in json.loads((REPO / "schemas" / kind.schema).read_text(encoding="utf-8"))["properties"]:
            assert field in text, (kind.key, field)


def test_record_page_has_a_citation_block(shipped_site: Path):
    for record in published_records()[:: 5]:
        page = article(shipped_site / record.url / "index.html")
        text = " ".join("".join(page.text).split())
        assert "Citera" in text
        citation = text[text.rindex("Citera"):]
        organisation = record.get("organisation") or ", ".join(record.get("arrangörer"))
        assert record.title in citation and organisation in citation
        assert SITE_URL + record.url in citation
        assert "senast granskad" in citation
        assert ("a", {"href": SITE_URL + record.url}) in page.tags


# --- the feed -----------------------------------------------------------------


def test_atom_feed_parses_and_lists_records_by_review_date(shipped_site: Path):
    feed = feedparser.parse((shipped_site / "atom.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.language == "sv"
    records = published_records()
    assert len(feed.entries) == min(50, len(records))
    dates = [entry.updated[:10] for entry in feed.entries]
    assert dates == sorted(dates, reverse=True)
    by_url = {SITE_URL + r.url: r for r in records}
    for entry in feed.entries:
        record = by_url[entry.link]
        assert entry.id == entry.link
        assert entry.title == record.title
        assert " ".join(entry.summary.split()) == " ".join(record.get("sammanfattning").split())
        assert entry.updated.startswith(record.get("senast_granskad"))
        assert entry.tags[0].term == record.kind.key


def test_every_page_links_the_feed(shipped_site: Path):
    pages = list(shipped_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in html:
            continue  # a redirect page
        marker = 'type="application/atom+xml"'
        assert marker in html, page
        href = html.split(marker, 1)[1].split('href="', 1)[1].split('"', 1)[0]
        if page.name == "404.html":  # served at any depth, so its links start at the root
            assert href == "/atom.xml"
            continue
        assert (page.parent / href).resolve() == (shipped_site / "atom.xml").resolve(), page


# --- the sitemap ------------------------------------------------------------------

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_files(site: Path) -> list[Path]:
    """The page lists that /sitemap.xml, a sitemap index, points to."""
    index = ET.fromstring((site / "sitemap.xml").read_bytes())
    assert index.tag == "{%s}sitemapindex" % SITEMAP_NS["s"]
    locs = [s.findtext("s:loc", namespaces=SITEMAP_NS) for s in index.findall("s:sitemap", SITEMAP_NS)]
    assert locs and all(loc.startswith(SITE_URL) for loc in locs), locs
    return [site / loc.removeprefix(SITE_URL) for loc in locs]


def sitemap_pages(site: Path) -> dict[str, str]:
    """Every page address in the sitemap, with its date ("" without one)."""
    urls = {}
    for path in sitemap_files(site):
        root = ET.fromstring(path.read_bytes())
        assert root.tag == "{%s}urlset" % SITEMAP_NS["s"], path
        urls.update({u.findtext("s:loc", namespaces=SITEMAP_NS): u.findtext("s:lastmod", "", SITEMAP_NS)
                     for u in root.findall("s:url", SITEMAP_NS)})
    return urls


def test_sitemap_is_an_index_of_the_page_list(shipped_site: Path):
    data = (shipped_site / "sitemap.xml").read_bytes()
    assert gzip.decompress((shipped_site / "sitemap.xml.gz").read_bytes()) == data
    assert len(data) < 1000, "the index stays small: Material fetches it on every page load"
    assert sitemap_files(shipped_site) == [shipped_site / "sitemap-sidor.xml"]
    index = ET.fromstring(data)
    newest = max(r.get("senast_granskad") for r in published_records())
    assert index.findtext("s:sitemap/s:lastmod", namespaces=SITEMAP_NS) == newest


def test_sitemap_dates_are_review_dates_and_lists_only_real_pages(shipped_site: Path):
    urls = sitemap_pages(shipped_site)
    for record in published_records():
        assert urls[SITE_URL + record.url] == record.get("senast_granskad")
    for loc in urls:
        path = loc.removeprefix(SITE_URL)
        assert (shipped_site / path / "index.html").is_file(), loc
    assert SITE_URL in urls and SITE_URL + "oppna-data/" in urls
    assert not any("redaktion" in u or "404" in u or "sitemap" in u for u in urls)


def test_sitemap_splits_at_the_protocols_limit(tmp_path: Path, monkeypatch):
    from tillitsnavet.publish import sitemap

    monkeypatch.setattr(sitemap, "MAX_URLS", 2)
    entries = [("", "2024-01-01"), ("a/", "2025-05-05"), ("b/", ""), ("c/", "2023-03-03"), ("d/", "")]
    sitemap.write_sitemap(tmp_path, SITE_URL, entries)
    assert [p.name for p in sitemap_files(tmp_path)] == [
        "sitemap-sidor.xml", "sitemap-sidor-2.xml", "sitemap-sidor-3.xml"]
    assert sitemap_pages(tmp_path) == {SITE_URL + url: day for url, day in entries}
    index = ET.fromstring((tmp_path / "sitemap.xml").read_bytes())
    dates = [s.findtext("s:lastmod", namespaces=SITEMAP_NS) for s in index.findall("s:sitemap", SITEMAP_NS)]
    assert dates == ["2025-05-05", "2023-03-03", None]  # a file whose pages have no date has none


def test_a_page_load_does_not_download_the_page_list(shipped_site: Path, site_url: str, fresh_page):
    """Material fetches /sitemap.xml on every page load; the reader must not get every address."""
    page = fresh_page
    errors: list[str] = []
    responses: list = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda response: responses.append(response))
    for path in ("", published_records()[0].url):
        responses.clear()
        page.goto(site_url + path, wait_until="networkidle")
        assert any(r.url.endswith(".js") for r in responses), "Material's JavaScript ran"
        for response in responses:
            if response.request.method != "GET" or response.status != 200:
                continue
            body = response.body()  # read before the next navigation
            assert b"<urlset" not in body and "sitemap-sidor" not in response.url, response.url
            if "sitemap" in response.url:
                assert len(body) < 1000, (response.url, len(body))
    assert errors == []


# --- drafts and a small project -------------------------------------------------------


@pytest.fixture(scope="module")
def site_with_draft(draft_project) -> Path:
    assert (draft_project / "pilots/hemligt-utkast.yml").is_file()
    return draft_project / "site"


def test_drafts_are_in_no_export_feed_or_sitemap(site_with_draft: Path):
    for path in ("data/tillitsnavet.json", "data/forsok.csv", "atom.xml", "sitemap-sidor.xml"):
        text = (site_with_draft / path).read_bytes().decode("utf-8-sig")
        assert "Ett försök" in text or "ett-forsok" in text, path
        assert "hemligt-utkast" not in text and "Hemligt utkast" not in text, path
    assert not (site_with_draft / "data/forsok/hemligt-utkast.json").exists()
    assert (site_with_draft / "data/forsok/ett-forsok.json").exists()
