"""Our own markup is valid HTML, by the Nu Html Checker (vnu) nobody here wrote.

One run of vnu (one JVM, every file in one call) over the built site: every
page that is not a record page, so each hand-written page, list, the
explorer, the tag page, the quality page and 404, plus the first record page
of each kind, a moved record's redirect page, and a canary. Material's own
known errors, from its theme templates that we do not own, are allowed by
MATERIAL_KNOWN below, each matched by its exact message and the exact element
vnu points at; the same list is in docs/kvalitet.md ("Valid HTML").

vnu comes from npm (package.json pins vnu-jar) and runs on Debian's Java
(default-jre-headless); `sh tests/setup.sh` installs both.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest

from conftest import REPO
from tillitsnavet.publish.redirects import redirect_pages
from tillitsnavet.records.catalog import Catalog, load_catalog
from tillitsnavet.records.kinds import KINDS

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
KVALITET = REPO / "docs" / "kvalitet.md"
#: A short run starts faster without the optimising compiler (about 3 s
#: instead of 6 for the whole call, same messages); the schema's deep
#: recursion then needs a larger thread stack than vnu's minimum of 512k.
JVM = ["-Xss8m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]


@dataclasses.dataclass(frozen=True)
class Known:
    """An error Material's templates make: the exact message, on exactly this element."""

    message: str
    #: must match the whole of the source vnu highlights (the start tag it points at)
    element: str
    template: str


#: Material for MkDocs 9.8.1's own errors. Each is on every page (or every
#: page outside the navigation) and comes from a template of the theme that
#: Tillitsnavet does not override. An entry matches one message on one kind
#: of element only, so the same mistake in our markup is still reported. When
#: Material stops making one, the test says so: remove it here and in
#: docs/kvalitet.md.
MATERIAL_KNOWN = (
    # base.html: the drawer and search toggles are checkboxes that carry
    # autocomplete="off" (so Firefox does not restore them checked on reload).
    Known("Attribute “autocomplete” is only allowed when the input type is “color”, “date”, "
          "“datetime-local”, “email”, “hidden”, “month”, “number”, “password”, “range”, "
          "“search”, “tel”, “text”, “time”, “url”, or “week”.",
          r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" '
          r'id="__(drawer|search)" autocomplete="off">',
          "base.html, the drawer and search toggles"),
    # partials/nav-item.html: with navigation.sections a section's label gets
    # tabindex="{{ tabindex }}" where tabindex is only set outside sections.
    Known("Bad value “” for attribute “tabindex” on element “label”: The empty string is not a "
          "valid integer.",
          r'<label class="md-nav__link (md-nav__link--active)?" for="__nav_\d+(_\d+)*" '
          r'id="__nav_\d+(_\d+)*_label" tabindex="">',
          "partials/nav-item.html, a section's label in the navigation"),
    # partials/toc.html: the page's table of contents labels the checkbox
    # __toc, which nav-item.html writes only for a page in the navigation;
    # record pages, the tag page, the quality page and 404 are not in it.
    Known("The value of the “for” attribute of the “label” element must be the ID of a non-hidden "
          "form control.",
          r'<label class="md-nav__title" for="__toc">',
          "partials/toc.html, the table of contents' title"),
)

#: Our markup with vnu errors, added to the call as a canary page: each must
#: be reported, so a checker that did not run, or an allowlist that swallows
#: our markup, fails the test. The last three repeat Material's messages on
#: elements of ours.
CANARY = """
<label class="md-header__button md-icon" for="__search" aria-label="Sök" role="button">Sök</label>
<input class="md-toggle" type="checkbox" id="hub-prov" autocomplete="off">
<label class="md-nav__link" for="__search" tabindex="">Prov</label>
<label class="md-nav__title" for="hub-saknas">Prov</label>
"""
CANARY_ERRORS = [
    "The “role” attribute must not be used on any “label” element",
    "The “aria-label” attribute must not be used on any “label” element",
    MATERIAL_KNOWN[0].message,
    MATERIAL_KNOWN[1].message,
    MATERIAL_KNOWN[2].message,
]


def is_problem(message: dict) -> bool:
    """An error, a fatal error, a file vnu could not read, or a warning; not plain info."""
    return message["type"] != "info" or message.get("subType") == "warning"


def highlighted(message: dict) -> str:
    """The source vnu points at: for an attribute or element error, the element's start tag."""
    extract = message.get("extract", "")
    start = message.get("hiliteStart", 0)
    return extract[start:start + message.get("hiliteLength", len(extract))]


def known(message: dict) -> Known | None:
    for entry in MATERIAL_KNOWN:
        if message["message"] == entry.message and re.fullmatch(entry.element,
                                                                  highlighted(message)):
            return entry
    return None


def pages_to_check(site: Path, catalog: Catalog) -> list[Path]:
    """Every HTML page except the record pages, and the first record page of each kind."""
    records = {f"{r.kind.url_prefix}/{r.id}/index.html": r for r in catalog.published().all()}
    first = {kind: min(r.id for r in catalog.published().of_kind(kind)) for kind in KINDS}
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith("pagefind/"):
            continue
        if rel in records and records[rel].id != first[records[rel].kind.key]:
            continue
        pages.append(path)
    return pages


def redirect_page(folder: Path, catalog: Catalog) -> Path:
    """The page a build writes at a renamed record's old address."""
    record = catalog.of_kind("forsok")[0]
    moved = dataclasses.replace(record, data={**record.data, "tidigare_id": ["gammalt-namn"]})
    pages = redirect_pages(Catalog(reference=catalog.reference, records={"forsok": [moved]}),
                           "https://tillitsnavet.example/")
    (text,) = pages.values()
    target = folder / "flyttad.html"
    target.write_text(text, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def vnu_run(shipped_site: Path, tmp_path_factory) -> dict:
    java = shutil.which("java")
    if java is None:
        pytest.skip("Java is missing: `sh tests/setup.sh` installs Debian's default-jre-headless")
    if not VNU.is_file():
        pytest.skip(f"vnu is missing ({VNU.relative_to(REPO)}): run `sh tests/setup.sh` (npm ci)")
    catalog, problems = load_catalog(REPO)
    assert not problems
    extra = tmp_path_factory.mktemp("vnu")
    canary = extra / "kanariefagel.html"
    start = (shipped_site / "index.html").read_text(encoding="utf-8")
    canary.write_text(start.replace("</body>", CANARY + "</body>", 1), encoding="utf-8")
    pages = pages_to_check(shipped_site, catalog) + [redirect_page(extra, catalog), canary]
    result = subprocess.run(
        [java, *JVM, "-jar", str(VNU), "--format", "json", "--stdout", "--exit-zero-always",
         "--skip-non-html", *map(str, pages)],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    messages = json.loads(result.stdout)["messages"]
    by_file: dict[str, list[dict]] = {}
    for message in messages:
        name = unquote(message.get("url", "").removeprefix("file:"))
        by_file.setdefault(name, []).append(message)
    return {"site": shipped_site, "pages": pages, "canary": canary, "by_file": by_file}


def where(path: str, site: Path) -> str:
    """A page's path in the site, or an extra file's name."""
    if path.startswith(str(site)):
        return Path(path).relative_to(site).as_posix()
    return Path(path).name


def test_the_pages_checked_cover_every_page_template(vnu_run):
    site = vnu_run["site"]
    checked = {where(str(path), site) for path in vnu_run["pages"]}
    for required in ("index.html", "404.html", "utforska/index.html", "taggar/index.html",
                     "principer/index.html", "redaktion/kvalitet/index.html", "bidra/index.html",
                     "om-webbplatsen/index.html", "forsok/index.html", "forum/index.html",
                     "exempel/index.html", "oppna-data/index.html", "om/index.html"):
        assert required in checked
    for kind in KINDS.values():
        pattern = rf"{kind.url_prefix}/[^/]+/index\.html"
        records = [page for page in checked if re.fullmatch(pattern, page)]
        assert len(records) == 1, (kind.key, records)


def test_our_markup_has_no_errors(vnu_run):
    site, canary = vnu_run["site"], str(vnu_run["canary"])
    ours = [f"{where(path, site)}:{m.get('lastLine', '?')}: {m['type']}: {m['message']} "
            f"{highlighted(m)!r}"
            for path, found in sorted(vnu_run["by_file"].items()) if path != canary
            for m in found if is_problem(m) and not known(m)]
    assert not ours, "\n".join(ours)


def test_the_canary_shows_the_checker_reports_errors_in_our_markup(vnu_run):
    found = vnu_run["by_file"].get(str(vnu_run["canary"]), [])
    reported = [m["message"] for m in found if is_problem(m) and not known(m)]
    missing = [text for text in CANARY_ERRORS if not any(m.startswith(text) for m in reported)]
    assert not missing, ("vnu did not report, or the allowlist swallowed, errors in our markup",
                         missing, reported)


def test_every_allowed_material_error_still_occurs(vnu_run):
    """A stale entry could hide a real error one day: drop it when Material fixes its markup."""
    canary = str(vnu_run["canary"])
    seen = {known(m) for path, found in vnu_run["by_file"].items() if path != canary for m in found}
    stale = [entry.template for entry in MATERIAL_KNOWN if entry not in seen]
    assert not stale, ("Material no longer makes these errors; remove them here and in "
                       f"docs/kvalitet.md: {stale}")


def test_the_allowlist_is_the_one_in_the_docs():
    docs = KVALITET.read_text(encoding="utf-8")
    missing = [entry.message for entry in MATERIAL_KNOWN if entry.message not in docs]
    assert not missing, f"docs/kvalitet.md (Valid HTML) lacks {missing}"
    section = docs.split("\n## Valid HTML", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines()
            if line.startswith("| ") and not line.startswith(("| Message", "| ---"))]
    assert len(rows) == len(MATERIAL_KNOWN), "one row per allowed error in docs/kvalitet.md"
