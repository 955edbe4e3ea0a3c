"""What a reader downloads: the start page, then a first search, in headless Chromium.

The built site is served from a thread by a small ``http.server`` handler
that compresses text (HTML, CSS, JavaScript, JSON, SVG) with gzip when the
browser asks for it, as every static host does, and counts every byte it
sends. Counting on the server side sees everything the page fetches,
including what web workers and dynamic imports load.

The search box is found by a list of CSS selectors (the hub's own box, then
Material's, then any search input), so the measurement works for whatever
search the site has; ``--search-input`` and ``--search-results`` override them.
"""

from __future__ import annotations

import gzip
import http.server
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SEARCH_INPUTS = "#hub-sok-falt, input.md-search__input, input[type=search]"
SEARCH_RESULTS = ("#hub-sok-resultat li, .md-search-result__item, .pagefind-ui__result, "
                  "[role=listbox] [role=option]")
_COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".map"}


@dataclass
class Sent:
    path: str
    sent: int  # bytes on the wire (body, after gzip if used)
    raw: int  # bytes of the file
    at: float


@dataclass
class Log:
    entries: list[Sent] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, entry: Sent) -> None:
        with self.lock:
            self.entries.append(entry)

    def since(self, mark: int) -> list[Sent]:
        with self.lock:
            return list(self.entries[mark:])

    def mark(self) -> int:
        with self.lock:
            return len(self.entries)

    def last_at(self) -> float:
        with self.lock:
            return self.entries[-1].at if self.entries else 0.0


def _handler(root: Path, log: Log):
    class Handler(http.server.SimpleHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, *args):  # quiet
            pass

        def do_GET(self):  # noqa: N802 - http.server's name
            path = self.translate_path(self.path)
            if os.path.isdir(path):
                if not self.path.split("?", 1)[0].endswith("/"):
                    self.send_response(301)
                    self.send_header("Location", self.path.split("?", 1)[0] + "/")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                path = os.path.join(path, "index.html")
            try:
                body = Path(path).read_bytes()
            except OSError:
                self.send_error(404)
                return
            raw = len(body)
            gzipped = ("gzip" in self.headers.get("Accept-Encoding", "")
                       and os.path.splitext(path)[1] in _COMPRESSIBLE)
            if gzipped:
                body = gzip.compress(body, compresslevel=6, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Length", str(len(body)))
            if gzipped:
                self.send_header("Content-Encoding", "gzip")
            self.end_headers()
            self.wfile.write(body)
            log.add(Sent(self.path, len(body), raw, time.monotonic()))

    return Handler


def serve(root: Path) -> tuple[str, http.server.ThreadingHTTPServer, Log]:
    log = Log()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(root, log))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server, log


def _quiet(log: Log, seconds: float = 1.0, limit: float = 60.0) -> None:
    """Wait until the server has sent nothing for ``seconds``."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if time.monotonic() - max(log.last_at(), 0) >= seconds:
            return
        time.sleep(0.1)


def _summary(entries: list[Sent]) -> dict:
    top = sorted(entries, key=lambda e: e.sent, reverse=True)[:5]
    return {"requests": len(entries), "sent": sum(e.sent for e in entries),
            "raw": sum(e.raw for e in entries),
            "largest": [(e.path, e.sent) for e in top]}


def measure(site: Path, query: str = "styrning", search_input: str = SEARCH_INPUTS,
            search_results: str = SEARCH_RESULTS) -> dict:
    """Bytes for the start page and for a first search typed into the header box."""
    from playwright.sync_api import sync_playwright

    url, server, log = serve(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            try:
                context = browser.new_context(viewport={"width": 1280, "height": 900},
                                              locale="sv-SE")
                page = context.new_page()
                page.goto(url, wait_until="load")
                page.wait_for_load_state("networkidle")
                _quiet(log)
                start = log.since(0)
                mark = log.mark()
                started = time.monotonic()
                page.keyboard.press("/")  # opens the search box on Material and on the hub
                box = page.locator(search_input).first
                box.focus()
                box.press_sequentially(query, delay=80)
                page.wait_for_selector(search_results, state="attached", timeout=60_000)
                shown = time.monotonic() - started
                page.wait_for_load_state("networkidle")
                _quiet(log)
                search = log.since(mark)
                hits = page.locator(search_results).count()
                context.close()
            finally:
                browser.close()
    finally:
        server.shutdown()
    return {"start": _summary(start), "search": _summary(search), "search_seconds": shown,
            "results_shown": hits, "query": query}
