"""Shared fixtures: real project copies, real builds, real command-line runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

#: The day every test runs on, for this process and the commands it starts:
#: 7 December 2026 (records/build_date.py), the day tests/golden/ was last made.
#: A test about another day sets the variable itself.
PINNED_DATE = "1796601600"
os.environ["SOURCE_DATE_EPOCH"] = PINNED_DATE
#: Never copied: built output, caches, and the local virtual environment and npm
#: packages (copying a .venv cost 12–24 s per test).
_SKIP = shutil.ignore_patterns("site", ".site-*", ".site.lock", ".bygge-*", ".git", "__pycache__", ".venv", "venv",
                               ".pytest_cache", ".hypothesis", "node_modules", "bench", "tests",
                               ".tillitsnavet-cache", "*.zip")


#: The record folders, left empty in a copy without records.
RECORD_FOLDERS = ("pilots", "data/forums", "data/practices")


def copy_project(target: Path, with_records: bool = True) -> Path:
    """A full copy of the project in ``target``; without records if asked.

    The files' contents only (``copyfile``: no times or modes copied, half the CPU of
    ``copy2``; a copy is made for most tests); the record files of a copy without records are
    never copied."""
    records = {REPO / folder for folder in RECORD_FOLDERS} if not with_records else set()

    def skip(folder: str, names: list[str]) -> set[str]:
        return set(names) if Path(folder) in records else _SKIP(folder, names)

    shutil.copytree(REPO, target, ignore=skip, copy_function=shutil.copyfile)
    for folder in RECORD_FOLDERS:
        (target / folder).mkdir(parents=True, exist_ok=True)
    return target


def run_cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    """Run ``python build_hub.py …`` in ``project`` as an editor would."""
    return subprocess.run([sys.executable, "build_hub.py", *args], cwd=project,
                          capture_output=True, text=True, timeout=600)


#: A valid pilot of exactly 19 lines. Tests name its lines (status on 12, the
#: source's url on 18, a field appended on 20), so ``principer`` is written on
#: one line to leave room for ``underlag``.
VALID_PILOT = """\
titel: Ett försök
program: Försök Tillit
organisation: Kalmar kommun
organisationstyp: kommun
kommun: Kalmar
län: Kalmar län
sektorer:
  - omsorg
period:
  start: 2017-03
  slut: 2017-12
status: avslutad
sammanfattning: Ett kort försök.
principer: [tillit]
underlag: beskrivet
källor:
  - titel: SOU 2018:38
    url: https://lagen.nu/sou/2018:38
senast_granskad: 2026-11-01
"""

VALID_FORUM = """\
titel: Ett forum
typ: konferens
arrangörer:
  - Tillitsdelegationen
försök:
  - ett-forsok
sammanfattning: Ett möte.
källor:
  - titel: En källa
underlag: beskrivet
senast_granskad: 2026-11-01
"""

VALID_PRACTICE = """\
titel: Ett arbetssätt
organisation: Kalmar kommun
sammanfattning: Så här gjorde de.
vad: Något gjordes.
principer:
  - tillit
försök:
  - ett-forsok
forum:
  - ett-forum
källor:
  - titel: En källa
underlag: beskrivet
senast_granskad: 2026-11-01
"""


def built_site(root: Path) -> Path:
    """Build ``root`` through the CLI, as an editor would; its site folder."""
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stderr
    return root / "site"


def small_project(target: Path, pilot: str = VALID_PILOT) -> Path:
    """A copy of the project with three small valid records (pilot, forum, practice) only."""
    root = copy_project(target, with_records=False)
    (root / "pilots" / "ett-forsok.yml").write_text(pilot, encoding="utf-8")
    (root / "data" / "forums" / "ett-forum.yml").write_text(VALID_FORUM, encoding="utf-8")
    (root / "data" / "practices" / "ett-exempel.yml").write_text(VALID_PRACTICE, encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project with three small valid records and nothing else."""
    return small_project(tmp_path / "hub")


@pytest.fixture(scope="session")
def small_site(tmp_path_factory) -> Path:
    """The ``project`` hub (three small valid records) built once through the CLI, shared by the
    tests that only read what a build of it wrote. A test that edits files builds its own."""
    return built_site(small_project(tmp_path_factory.mktemp("small") / "hub"))


#: The title of drafts that must appear nowhere in a published site.
DRAFT_TITLE = "Hemligt utkastexempel"


@pytest.fixture(scope="session")
def draft_project(tmp_path_factory) -> Path:
    """The small hub with four drafts, built once (``site/``), for the tests that read what a
    build or ``rapport`` makes of drafts: a practice linked to the pilot and tagged, and three
    pilots. Three records are published, as in ``project``."""
    root = small_project(tmp_path_factory.mktemp("drafts") / "hub")
    (root / "data/practices/hemligt.yml").write_text(
        VALID_PRACTICE.replace("titel: Ett arbetssätt", f"titel: {DRAFT_TITLE}")
        + "taggar:\n  - hemlig\nutkast: true\n", encoding="utf-8")
    (root / "pilots/utkast.yml").write_text(
        VALID_PILOT.replace("titel: Ett försök", f"titel: {DRAFT_TITLE}") + "utkast: true\n",
        encoding="utf-8")
    (root / "pilots/utkastet.yml").write_text(VALID_PILOT + "utkast: true\n", encoding="utf-8")
    (root / "pilots/hemligt-utkast.yml").write_text(
        VALID_PILOT.replace("Ett försök", "Hemligt utkast") + "utkast: true\n", encoding="utf-8")
    built_site(root)
    return root


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory) -> Path:
    """The real project, with its shipped records, built once through the CLI."""
    return built_site(copy_project(tmp_path_factory.mktemp("shipped") / "hub"))


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def serve_folder(folder: Path):
    """Serve ``folder`` on a free localhost port in a thread; returns (base URL, server)."""
    import functools
    import http.server
    import threading

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="session")
def site_url(shipped_site: Path):
    """The shipped site served over HTTP on localhost."""
    url, server = serve_folder(shipped_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


PAGE_CONTEXT = {"viewport": {"width": 1280, "height": 900}, "locale": "sv-SE"}


@pytest.fixture(scope="session")
def _tabs(browser):
    """The one browser context the ``page`` fixture's tabs share: a new context is a fresh
    profile (its caches cold, the site's scripts compiled again) and cost half a second of CPU
    per test."""
    context = browser.new_context(**PAGE_CONTEXT)
    yield context
    context.close()


@pytest.fixture
def page(_tabs):
    """A new tab at 1280 × 900 in Swedish. What a test leaves is cleared before the next: the
    site's stored values (localStorage, sessionStorage), cookies and permissions; the HTTP
    cache stays warm, so a test that counts what is downloaded takes ``fresh_page``."""
    tab = _tabs.new_page()
    yield tab
    try:
        tab.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
    except Exception:  # noqa: BLE001 - a page of no origin (about:blank) has no storage
        pass
    tab.close()
    _tabs.clear_cookies()
    _tabs.clear_permissions()


@pytest.fixture(scope="session")
def _search_tab(_tabs):
    tab = _tabs.new_page()
    yield tab
    tab.close()


@pytest.fixture
def search_page(_search_tab, site_url):
    """The shipped site's start page in one tab kept open from test to test, as a reader
    searches one word after another: Pagefind starts once (in a new tab it cost 1.5 s of CPU).
    For tests that only type into the header box (``type_query`` empties it first) and read
    what it shows; one that leaves the start page gets it back."""
    if _search_tab.url != site_url:
        _search_tab.goto(site_url)
    return _search_tab


@pytest.fixture
def fresh_page(browser):
    """A tab in a context of its own, caches cold: for what a first visit downloads."""
    context = browser.new_context(**PAGE_CONTEXT)
    tab = context.new_page()
    yield tab
    context.close()
