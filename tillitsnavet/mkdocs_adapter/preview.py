"""Everything only ``serve`` needs, on one object: `Preview`.

``mkdocs serve`` rebuilds the whole site after every save, which at a thousand
records keeps an editor waiting. The preview renders only the record pages a save
changed (render/changes.py decides which); MkDocs' dirty build skips the rest
(`UnchangedFile`). A save's own pages and open-data file come first; the lists
and maps (hand-written pages, tags, Utforska, the editors' report) follow in a
second rebuild the preview asks the server for at once.

What only machines read about the whole site (the search index, the sitemap,
the files made from all records: open data, DCAT, the feed, the redirects) is
made once, when the preview starts: remaking it after every save kept the
preview busy long after the edit was shown (docs/forhandsvisning.md). The
banner says so after the first save (STARTED_STATE); ``build`` makes it fresh.

Records are loaded the one way (`load_catalog`) with a `Memo`. Problems show in
a banner read from ``forhandsvisning.json``, so no page is rebuilt to show them.

MkDocs' live-reload server has no API to ask for a rebuild; the preview uses two
of its private attributes, PRIVATE_SERVER_ATTRIBUTES (tests fail if an upgrade
removes them; without them every save is one full rebuild, as in ``mkdocs serve``).
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from mkdocs.structure.files import File, Files

from ..publish.files import own_files_followed
from ..records.catalog import Memo
from ..records.kinds import page_file
from ..records.problems import Problem, format_problems
from ..render.changes import State, make_plan, removed_pages, shared_inputs_fingerprint
from ..render.renderer import GeneratedPage, Renderer

#: Private attributes of mkdocs.livereload.LiveReloadServer (MkDocs 1.6) the
#: preview touches, and why: its file watcher asks for a rebuild by setting
#: _want_rebuild under _rebuild_cond; the preview does the same to follow a
#: quick rebuild with the one that updates the lists.
PRIVATE_SERVER_ATTRIBUTES = {
    "_rebuild_cond": "the condition the server's build loop waits on",
    "_want_rebuild": "set under _rebuild_cond: the loop rebuilds once more",
}

#: Where the preview writes its current problems (JSON), below the site root.
PROBLEMS_FILE = "forhandsvisning.json"
#: Shown under the banner once something has changed since the preview started.
STARTED_STATE = ("Sökningen, webbkartan och filerna med alla poster (öppna data, katalogen och "
                 "flödet) visar posterna som de var när förhandsvisningen startade. Varje posts "
                 "egen sida och egen datafil är aktuella. Bygget (python build_hub.py build) gör "
                 "allt på nytt.")
_BANNER = """<div id="hub-forhandsvisning" role="alert" data-pagefind-ignore></div>
<p id="hub-forhandsvisning-obs" data-pagefind-ignore></p>
<script>
fetch("PROBLEM_URL", {cache: "no-store"}).then(r => r.ok ? r.json() : null).then(d => {
  if (d && d.obs) document.getElementById("hub-forhandsvisning-obs").textContent = d.obs;
  if (!d || !d.problem.length) return;
  const box = document.createElement("div"), title = document.createElement("p");
  box.className = "admonition failure";
  title.className = "admonition-title";
  title.textContent = "Förhandsvisning: " + d.sammanfattning;
  const list = document.createElement("ul");
  for (const line of d.problem) {
    const item = document.createElement("li"), code = document.createElement("code");
    code.textContent = line;
    item.append(code);
    list.append(item);
  }
  box.append(title, list);
  document.getElementById("hub-forhandsvisning").replaceChildren(box);
}).catch(() => {});
</script>
"""


class UnchangedFile(File):
    """A generated file the dirty build leaves as the last rebuild wrote it."""

    def is_modified(self) -> bool:
        return False


class Preview:
    """One ``serve`` process's preview: made in on_startup, used by the hooks."""

    def __init__(self, dirty: bool):
        self.dirty = dirty  # MkDocs rewrites only modified pages (build_hub.py serve asks for it)
        self.memo = Memo()
        #: Material's and our templates compiled once per process; Jinja
        #: compares each template's source checksum, so an edit recompiles it
        self.templates: jinja2.BytecodeCache = _MemoryBytecodeCache()
        self.server = None
        self.problems: list[str] = []
        self._state: State | None = None
        self._new: State | None = None
        #: the lists' cards of the last rebuild (Renderer.card), and what they were made with
        self._cards: dict = {}
        self._cards_made_with = ""
        if dirty:  # what the preview wants; MkDocs' English warning about it is noise
            logging.getLogger("mkdocs.commands.build").addFilter(lambda record: not (
                record.getMessage().startswith("A 'dirty' build is being performed")))

    def show_problems(self, problems: list[Problem]) -> None:
        """Keep the problems for the banner and print them; valid records are still shown."""
        if not problems:
            self.problems = []
            return
        lines = format_problems(problems).splitlines()
        lines[-1] = lines[-1].replace("Inget har publicerats.", "Poster med fel visas inte.")
        # printed, not logged: in strict mode a logged error aborts the build
        print("\n".join(lines), file=sys.stderr, flush=True)
        self.problems = lines

    def banner(self, site_url: str) -> str:
        """The element and script at the top of every page that show the current problems."""
        return _BANNER.replace("PROBLEM_URL", urlsplit(site_url or "/").path + PROBLEMS_FILE)

    def cards(self, root: Path) -> dict:
        """The cards the last rebuild made, for the next one's Renderer.

        A card is keyed by its record's digest, link and note (Renderer.card),
        so a saved record gets a new one; what else a card is made from (the
        templates, the reference data, the settings) is a shared input, and
        any change to those empties the memo. Cards of records that are gone
        or changed are dropped here, so the memo stays the size of the lists.
        """
        made_with = shared_inputs_fingerprint(root)
        if made_with != self._cards_made_with:
            self._cards, self._cards_made_with = {}, made_with
        elif self._new is not None:
            current = {(r.kind.key, r.id, r.digest) for r in self._new.records.values()}
            self._cards = {key: card for key, card in self._cards.items() if key[:3] in current}
        return self._cards

    def outputs(self, renderer: Renderer, root: Path, files: Files, site_url: str,
                make_lists: Callable[[], dict[str, str | bytes]],
                make_files: Callable[[], dict[str, str | bytes]]
                ) -> tuple[list[GeneratedPage], dict[str, str | bytes], set[str]]:
        """(record pages, other pages and files, paths the dirty build may skip) for this rebuild.

        ``make_lists`` gives the pages and files that list all records for
        readers, ``make_files`` the other files made from all records; the
        latter is called for the first rebuild only (see the module's doc).
        """
        state = self._state
        plan = make_plan(renderer, state, shared_inputs_fingerprint(root))
        new = plan.state
        pages = [renderer.record_page(record) if record.src_uri in plan.render
                 else GeneratedPage(record.src_uri, state.markdown[record.src_uri], record.path,
                                    record.draft)
                 for record in renderer.catalog.all()]
        new.markdown = {page.src_uri: page.markdown for page in pages}
        new.records = {record.src_uri: record for record in renderer.catalog.all()}
        self._new = new
        unchanged = {uri for uri in new.markdown if uri not in plan.render}
        if state is None or not self.dirty:  # the first build, or plain mkdocs serve: all again
            new.lists, new.files = make_lists(), make_files()
            _outdate(files)
            return pages, {**new.lists, **new.files}, unchanged
        gone = set(state.records) - set(new.records)
        new.files = own_files_followed(state.files, state.records, new.records,
                                       plan.changed | gone, site_url)
        can_ask = all(hasattr(self.server, name) for name in PRIVATE_SERVER_ATTRIBUTES)
        if not plan.full and plan.changed and can_ask:  # the record pages now; the lists next
            new.lists = state.lists
            new.lists_behind = True
        else:
            new.lists = make_lists()
            if plan.full or plan.changed or state.lists_behind:
                _outdate(files)
        previous = {**state.lists, **state.files}
        unchanged |= {path for path, content in {**new.lists, **new.files}.items()
                      if not plan.full and previous.get(path) == content}
        return pages, {**new.lists, **new.files}, unchanged

    def after_build(self, site_dir: Path, root: Path, directory_urls: bool) -> bool:
        """The problems for the banner and stale pages out; whether the index and sitemap are due.

        They are, the first time: search and the sitemap work when the preview opens.
        """
        new, previous = self._new, self._state
        # a build that is not dirty (plain mkdocs serve) empties the site and makes it all again
        from_start = previous is not None and self.dirty
        (site_dir / PROBLEMS_FILE).write_text(json.dumps(
            {"problem": self.problems[:-1], "sammanfattning": self.problems[-1] if self.problems
             else "", "obs": STARTED_STATE if from_start else ""},
            ensure_ascii=False), encoding="utf-8")
        for html_file in removed_pages(previous, set(new.markdown), root):
            Path(html_file).unlink(missing_ok=True)
        if previous is not None:  # files of records that are gone, lists that are no more
            for path in {*previous.lists, *previous.files} - {*new.lists, *new.files}:
                _output(site_dir, path, directory_urls).unlink(missing_ok=True)
        new.written = {uri: str(_output(site_dir, uri, directory_urls)) for uri in new.markdown}
        self._state = new
        if new.lists_behind:
            with self.server._rebuild_cond:
                self.server._want_rebuild = True
                self.server._rebuild_cond.notify_all()
        return not from_start


def _output(site_dir: Path, path: str, directory_urls: bool) -> Path:
    """The file MkDocs writes for a generated page or file."""
    return site_dir / (page_file(path, directory_urls) if path.endswith(".md") else path)


def _outdate(files: Files) -> None:
    """Make the dirty build rewrite the hand-written pages: their lists show every record.

    A dirty build rewrites a page whose output is older than its source;
    dating the output to 1970 is how MkDocs' own rule is met.
    """
    for file in (page for page in files.documentation_pages() if not page.generated_by):
        try:
            os.utime(file.abs_dest_path, (0, 0))
        except OSError:  # not written yet: it is built anyway
            pass


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the preview (docs/forhandsvisning.md)."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()
