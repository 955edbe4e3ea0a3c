"""Stable links: a renamed record's old ids redirect to it, and an old id can never be reused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import VALID_PILOT, built_site, run_cli, serve_folder, small_project
from test_open_data import sitemap_pages

RENAMED = VALID_PILOT + "tidigare_id:\n  - gammalt-forsok\n  - annu-aldre-forsok\n"


def _project(root: Path, pilot: str = RENAMED) -> Path:
    return small_project(root, pilot)


@pytest.fixture(scope="module")
def renamed_site(tmp_path_factory) -> Path:
    return built_site(_project(tmp_path_factory.mktemp("renamed") / "hub"))


def test_old_addresses_get_a_redirect_page(renamed_site: Path):
    for old in ("gammalt-forsok", "annu-aldre-forsok"):
        html = (renamed_site / "forsok" / old / "index.html").read_text(encoding="utf-8")
        assert '<meta http-equiv="refresh" content="0; url=../ett-forsok/">' in html
        assert '<link rel="canonical" href="https://tillitsnavet.se/forsok/ett-forsok/">' in html
        assert '<a href="../ett-forsok/">https://tillitsnavet.se/forsok/ett-forsok/</a>' in html
        assert 'lang="sv"' in html and "Sidan har flyttat" in html and "noindex" in html
    sitemap = sitemap_pages(renamed_site)
    assert "https://tillitsnavet.se/forsok/ett-forsok/" in sitemap
    assert not any("gammalt-forsok" in url for url in sitemap)


def test_redirect_works_in_a_browser(renamed_site: Path, browser):
    url, server = serve_folder(renamed_site)
    try:
        page = browser.new_page()
        page.goto(url + "forsok/gammalt-forsok/")
        page.wait_for_url(url + "forsok/ett-forsok/")
        assert page.text_content("article h1").startswith("Ett försök")
        page.close()
    finally:
        server.shutdown()


def test_redirect_without_directory_urls_points_at_the_html_file(tmp_path):
    from tillitsnavet.records.catalog import load_catalog
    from tillitsnavet.publish.redirects import redirect_pages

    root = _project(tmp_path / "hub")
    catalog, problems = load_catalog(root)
    assert problems == []
    pages = redirect_pages(catalog, "https://tillitsnavet.se/", directory_urls=False)
    assert sorted(pages) == ["forsok/annu-aldre-forsok.html", "forsok/gammalt-forsok.html"]
    assert 'url=ett-forsok.html"' in pages["forsok/gammalt-forsok.html"]


@pytest.mark.parametrize("case, expected", [
    # a new record takes an id that an older record used to have
    ("reused", r"pilots/ett-forsok\.yml:\d+:\d+: tidigare_id\[1\]: 'gammalt-forsok' används redan av "
               r"pilots/gammalt-forsok\.yml; ett tidigare id får aldrig återanvändas"),
    # two records claim the same old address
    ("twice", r"pilots/tva-forsok\.yml:\d+:\d+: tidigare_id\[1\]: 'gammalt-forsok' står redan som "
              r"tidigare id i pilots/ett-forsok\.yml"),
    # the record's own id
    ("own", r"pilots/ett-forsok\.yml:\d+:\d+: tidigare_id\[3\]: 'ett-forsok' är postens nuvarande id"),
    # the same old id twice in one record: the schema's uniqueItems
    ("duplicate", r"pilots/ett-forsok\.yml:\d+:\d+: tidigare_id"),
])
def test_check_fails_when_an_old_id_is_reused(tmp_path, case, expected):
    pilot = RENAMED
    root = _project(tmp_path / "hub", pilot)
    if case == "reused":
        (root / "pilots/gammalt-forsok.yml").write_text(VALID_PILOT, encoding="utf-8")
    elif case == "twice":
        (root / "pilots/tva-forsok.yml").write_text(
            VALID_PILOT + "tidigare_id:\n  - gammalt-forsok\n", encoding="utf-8")
    elif case == "own":
        (root / "pilots/ett-forsok.yml").write_text(RENAMED + "  - ett-forsok\n", encoding="utf-8")
    else:
        (root / "pilots/ett-forsok.yml").write_text(RENAMED + "  - gammalt-forsok\n", encoding="utf-8")
    result = run_cli(root, "check")
    assert result.returncode == 1
    assert re.search(expected, result.stderr), result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("directory_urls", [True, False])
def test_the_hubs_url_rule_is_mkdocs_own(directory_urls):
    """records.kinds.page_url/page_file, the one copy of MkDocs' rule in the hub, against
    MkDocs' own File.url and File.dest_uri, for the forms of source path there are."""
    from mkdocs.structure.files import File

    from tillitsnavet.records.kinds import page_file, page_url

    for src_uri in ("index.md", "README.md", "forsok/index.md", "forsok/README.md",
                    "forsok/kalmar.md", "om/rapporter/index.md", "om/tillit-2020.md",
                    "a/b/c/d.md", "taggar/index.md", "utforska.md"):
        file = File(src_uri, "/docs", "/site", directory_urls)
        # MkDocs writes the root page's URL "./"; the hub's site-relative form is ""
        assert page_url(src_uri, directory_urls) == file.url.removeprefix("./"), src_uri
        assert page_file(src_uri, directory_urls) == file.dest_uri, src_uri
