"""Real sites built through MkDocs: pages, links, drafts, and builds that fail safely."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from conftest import VALID_PILOT, run_cli


class _Page(HTMLParser):
    """Collects the elements, attributes and text of the article of a built page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_article = 0
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.in_article += 1
        if self.in_article:
            self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == "article":
            self.in_article -= 1

    def handle_data(self, data):
        if self.in_article:
            self.text.append(data)


def article(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for file in sorted(folder.rglob("*")):
        if file.is_file():
            digest.update(file.relative_to(folder).as_posix().encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def test_every_record_has_its_page_at_its_url(small_site):
    site = small_site
    for url in ("forsok/ett-forsok", "forum/ett-forum", "exempel/ett-exempel"):
        page = article(site / url / "index.html")
        assert "".join(page.text).strip(), url
    pilot = "".join(article(site / "forsok/ett-forsok/index.html").text)
    assert "Ett försök" in pilot and "mars–december 2017" in pilot
    assert "Senast granskad 1 november 2026" in pilot


def test_links_go_both_ways(small_site):
    site = small_site
    pilot = article(site / "forsok/ett-forsok/index.html")
    hrefs = [a.get("href") for tag, a in pilot.tags if tag == "a"]
    # the pilot names nothing, but the forum and the practice name it
    assert "../../forum/ett-forum/" in hrefs
    assert "../../exempel/ett-exempel/" in hrefs
    practice = article(site / "exempel/ett-exempel/index.html")
    hrefs = [a.get("href") for tag, a in practice.tags if tag == "a"]
    assert "../../forsok/ett-forsok/" in hrefs and "../../forum/ett-forum/" in hrefs
    section = article(site / "forsok/index.html")
    assert "../forsok/ett-forsok/" in [a.get("href") for t, a in section.tags if t == "a"] or \
        "ett-forsok/" in [a.get("href") for t, a in section.tags if t == "a"]


def test_failed_build_leaves_published_site_byte_for_byte(project):
    assert run_cli(project, "build").returncode == 0
    before = tree_digest(project / "site")
    (project / "pilots" / "ett-forsok.yml").write_text(
        VALID_PILOT.replace("status: avslutad", "status: klar"), encoding="utf-8")
    result = run_cli(project, "build")
    assert result.returncode == 1
    assert "pilots/ett-forsok.yml:12:9: status:" in result.stderr
    assert "orörd" in result.stderr
    assert tree_digest(project / "site") == before
    assert not list(project.glob(".bygge-*")), "the half-built folder must be cleaned up"


def test_draft_is_previewed_but_not_published(draft_project):
    assert (draft_project / "pilots" / "utkastet.yml").is_file()
    assert not (draft_project / "site" / "forsok" / "utkastet" / "index.html").exists()
    assert "utkastet" not in (draft_project / "site" / "forsok" / "index.html").read_text(encoding="utf-8")


def test_plain_mkdocs_build_runs_the_hub_and_reports_bad_records(project):
    """The hooks make `mkdocs build` itself a full hub build, with the Swedish errors."""
    ok = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "ut"],
                        cwd=project, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert (project / "ut" / "forsok" / "ett-forsok" / "index.html").exists()
    (project / "pilots" / "ett-forsok.yml").write_text(VALID_PILOT.replace("  - omsorg", "  - vård"),
                                                       encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "ut2"],
                         cwd=project, capture_output=True, text=True)
    assert bad.returncode == 1
    assert "pilots/ett-forsok.yml:8:5: sektorer[1]:" in bad.stderr
    assert "Traceback" not in bad.stderr


PAYLOADS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "x](javascript:alert(1)) [",
    "{ onclick=alert(1) }",
    "--8<-- \"mkdocs.yml\"",
    "{{ config.site_name }} {% raw %}",
    "a | b | c",
    "rad ett\n\n<iframe src=https://example.com>",
    "*kursiv* och [länk](https://example.com)",
]


def test_hostile_text_is_shown_as_typed_and_never_becomes_markup(project):
    import json

    for index, payload in enumerate(PAYLOADS):
        record = VALID_PILOT.replace("titel: Ett försök", f"titel: {json.dumps(payload)}")
        record = record.replace("sammanfattning: Ett kort försök.", f"sammanfattning: {json.dumps(payload)}")
        record += f"beskrivning: {json.dumps(payload)}\nlärdomar: {json.dumps(payload)}\n"
        record = record.replace("organisation: Kalmar kommun", f"organisation: {json.dumps(payload)}")
        (project / "pilots" / f"payload-{index}.yml").write_text(record, encoding="utf-8")
    result = run_cli(project, "build")
    assert result.returncode == 0, result.stderr
    for index, payload in enumerate(PAYLOADS):
        html_file = project / "site" / "forsok" / f"payload-{index}" / "index.html"
        page = article(html_file)
        for tag, attrs in page.tags:
            assert tag not in ("script", "img", "iframe"), (payload, tag)
            assert not any(name.startswith("on") for name in attrs), (payload, attrs)
            assert not (attrs.get("href") or "").lower().startswith("javascript"), (payload, attrs)
        text = " ".join("".join(page.text).split())
        flat = " ".join(payload.split())
        assert flat in text, (payload, text[:300])
        assert "site_name:" not in text  # a snippet of mkdocs.yml was not included
        whole = _Document()
        whole.feed(html_file.read_text(encoding="utf-8"))
        assert not whole.bad, (payload, whole.bad)


class _Document(HTMLParser):
    """Anything in the whole document (head, header, nav) that a payload could have made."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bad: list = []
        self._in_script = self._data_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if any(name.startswith("on") for name in attrs) or tag in ("iframe", "img"):
            self.bad.append((tag, attrs))
        if (attrs.get("href") or "").lower().startswith("javascript"):
            self.bad.append((tag, attrs))
        self._in_script = tag == "script"
        self._data_script = attrs.get("type") == "application/ld+json"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = self._data_script = False

    def handle_data(self, data):
        if self._in_script and self._data_script:
            # data, never run; a payload that ended the element would leave broken JSON
            try:
                json.loads(data)
            except ValueError:
                self.bad.append(("json-ld", data[:80]))
        elif self._in_script and "alert(" in data:
            self.bad.append(("script", data[:80]))


def test_broken_internal_link_fails_the_build_and_names_the_yaml_file(project):
    """A template that links to a page that does not exist: strict mode stops, naming the record."""
    template = project / "macros" / "forsok.md.j2"
    template.write_text(template.read_text(encoding="utf-8").replace(
        "## Fakta", "[trasig länk](../finns-inte.md)\n\n## Fakta"), encoding="utf-8")
    result = run_cli(project, "build")
    assert result.returncode == 1
    assert "pilots/ett-forsok.yml: Doc file 'forsok/ett-forsok.md' contains a link" in result.stderr
    assert not (project / "site").exists()


def test_record_limit_per_kind_is_a_clear_problem(project, monkeypatch):
    import tillitsnavet.records.catalog as catalog

    monkeypatch.setattr(catalog, "MAX_RECORDS_PER_KIND", 0)
    _, problems = catalog.load_catalog(project)
    assert any(p.path == "pilots" and "högst 0 av ett slag" in p.message for p in problems)


def test_record_page_lists_like_records_and_links_its_tags(project):
    (project / "pilots" / "granne.yml").write_text(
        VALID_PILOT.replace("titel: Ett försök", "titel: Ett grannförsök"), encoding="utf-8")
    (project / "pilots" / "annat.yml").write_text(
        VALID_PILOT.replace("titel: Ett försök", "titel: Långt bort").replace("kommun: Kalmar", "kommun: Kiruna")
        .replace("län: Kalmar län", "län: Norrbottens län").replace("  - omsorg", "  - skola")
        .replace("principer: [tillit]", "principer: [kunskap]").replace("organisation: Kalmar kommun", "organisation: Kiruna kommun")
        .replace("program: Försök Tillit", "program: Tillitsnätverket") + "taggar:\n  - hemtjänst\n",
        encoding="utf-8")
    assert run_cli(project, "build").returncode == 0
    site = project / "site"
    pilot = (site / "forsok/ett-forsok/index.html").read_text(encoding="utf-8")
    related = pilot.split('id="liknande-poster"', 1)[1].split("</ul>", 1)[0]
    assert "../granne/" in related          # same county, sector and principle
    assert "Samma kommun: Kalmar" in related  # and says so (issue 30)
    assert "annat" not in related           # nothing in common
    assert "ett-exempel" not in related     # already listed as its good practice
    other = (site / "forsok/annat/index.html").read_text(encoding="utf-8")
    assert 'href="../../taggar/#hemtjanst">hemtjänst</a>' in other
    tags = article(site / "taggar/index.html")
    assert ("h2", {"id": "hemtjanst"}) in tags.tags
    assert "../forsok/annat/" in [a.get("href") for t, a in tags.tags if t == "a"]
