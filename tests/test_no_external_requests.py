"""No built page requests anything from another host: fonts, scripts, styles, images, frames.

Two crawls of the whole shipped site: every HTML, CSS and SVG file read for
addresses that a browser would load (links to sources are fine: a reader
follows them, the page does not load them), and every page opened in
Chromium with every request outside the local server recorded and refused.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

#: rel values of <link> that make the browser fetch something.
FETCHING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "manifest", "preload",
                 "prefetch", "modulepreload", "preconnect", "dns-prefetch", "prerender", "mask-icon"}
#: (tag, attribute) pairs that load a resource.
LOADING = {("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"),
           ("source", "srcset"), ("iframe", "src"), ("frame", "src"), ("embed", "src"),
           ("object", "data"), ("video", "src"), ("video", "poster"), ("audio", "src"),
           ("track", "src"), ("input", "src"), ("image", "href"), ("image", "xlink:href"),
           ("use", "href"), ("use", "xlink:href"), ("feimage", "href")}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*([^'")\s]+)""", re.IGNORECASE)


def external(url: str) -> bool:
    url = url.strip()
    return url.startswith("//") or urlsplit(url).scheme in ("http", "https", "ftp", "ws", "wss")


class _Loads(HTMLParser):
    """Collects every address an HTML page would load by itself."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "link" and set(attrs.get("rel", "").lower().split()) & FETCHING_RELS:
            self.urls.append(attrs.get("href", ""))
        for name, value in attrs.items():
            if (tag, name) in LOADING:
                self.urls += [part.split()[0] for part in value.split(",") if part.strip()] \
                    if name == "srcset" else [value]
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            self.urls.append(attrs.get("content", "").partition("url=")[2])
        self.urls += CSS_URL.findall(attrs.get("style", ""))
        self._in_style = tag == "style"

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.urls += CSS_URL.findall(data)


def test_no_file_in_the_site_loads_from_another_host(shipped_site: Path):
    found = []
    pages = list(shipped_site.rglob("*.html"))
    for page in pages:
        parser = _Loads()
        parser.feed(page.read_text(encoding="utf-8"))
        found += [(page, url) for url in parser.urls if external(url)]
    for style in [*shipped_site.rglob("*.css"), *shipped_site.rglob("*.svg")]:
        found += [(style, url) for url in CSS_URL.findall(style.read_text(encoding="utf-8"))
                  if external(url)]
    assert len(pages) > 30
    assert found == []


def test_no_page_requests_another_host_in_chromium(shipped_site: Path, site_url: str, browser):
    origin = site_url.rstrip("/")
    context = browser.new_context(locale="sv-SE")
    elsewhere: list[str] = []

    def refuse(route):
        elsewhere.append(f"{route.request.frame.url} → {route.request.url}")
        route.abort()

    # Matched by Playwright itself, so local requests are not slowed by a round trip here
    context.route(re.compile(rf"^(?!{re.escape(origin)}/)(?!data:)(?!blob:)"), refuse)
    tabs = [context.new_page() for _ in range(6)]
    page = tabs[0]
    pages = sorted(p.relative_to(shipped_site).as_posix() for p in shipped_site.rglob("*.html")
                   if "pagefind" not in p.parts)
    for start in range(0, len(pages), len(tabs)):  # six tabs at a time
        batch = list(zip(tabs, pages[start:start + len(tabs)]))
        for tab, path in batch:
            tab.goto(site_url + path, wait_until="commit")
        for tab, path in batch:
            tab.wait_for_load_state("load")
    # the search loads Pagefind's scripts and index on typing: from here too
    page.goto(site_url)
    page.fill("#hub-sok-falt", "tillit")
    page.wait_for_function("document.querySelectorAll('#hub-sok-resultat li').length > 0",
                           timeout=15000)
    context.close()
    assert len(pages) > 30
    assert elsewhere == []
