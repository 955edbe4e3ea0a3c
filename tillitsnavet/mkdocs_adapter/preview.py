"""Everything only ``serve`` needs, on one object: `Preview`.

``mkdocs serve`` rebuilds the whole site after every save, which at a
thousand records keeps an editor waiting. The preview instead
keeps, between its rebuilds, each record page's Markdown together with a
*key*: a digest of everything that page shows (the record itself and the
records it lists: those it names, those naming it and its "Liknande
poster"). After a save only pages whose key changed are rendered again;
MkDocs' own dirty build skips the rest (`UnchangedFile`).

Two rebuilds follow a saved record. The first shows the record's own pages
and open-data file; the lists and maps
(the hand-written pages, the tag page, Utforska, the editors' report)
follow in a second rebuild that the preview asks the server for at once.
Everything that is not a record file (reference data, macros, schemas,
theme overrides, mkdocs.yml) can change every page, so a change there
rebuilds every page.

What only machines read about the whole site is made once, when the
preview starts: the search index, the sitemap, and the files made from all
records together (open data for all records, the DCAT catalogue, the
feed, the redirect pages). Remaking them after every save kept the preview
busy long after the edit was shown (docs/forhandsvisning.md).
After the first save the banner says so (STARTED_STATE), and ``build``
always makes them fresh.

Records are loaded the one way (`load_catalog`), with a `Memo` so that
files whose bytes, schemas and reference data are unchanged are not
checked again. Problems show in a banner on every page, read from
``forhandsvisning.json``, so no page has to be rebuilt to show or clear them.

MkDocs' live-reload server has no API to ask for a rebuild; the preview uses
two of its private attributes, listed in PRIVATE_SERVER_ATTRIBUTES (the
tests fail if a MkDocs upgrade removes them; without them every save is
one full rebuild, as in plain ``mkdocs serve``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from mkdocs.structure.files import File, Files

from ..publish.exports import record_files
from ..publish.search_index import build_search_index
from ..publish.sitemap import page_path
from ..records.catalog import Memo
from ..records.kinds import KINDS, Record
from ..records.problems import Problem, format_problems
from ..render.renderer import GeneratedPage, Renderer, bucket_keys

#: What every page can depend on besides the records (paths below the project root).
SHARED_INPUTS = ("data", "macros", "schemas", "overrides", "mkdocs.yml")
_RECORD_FOLDERS = {kind.folder for kind in KINDS.values()}

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


class _DropDirtyWarning(logging.Filter):
    """A dirty build is what the preview wants; MkDocs' English warning about it is noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


@dataclass
class _State:
    """What the preview remembers from its last rebuild."""

    shared_inputs: str = ""
    digests: dict[str, str] = field(default_factory=dict)  # record page → its record's digest
    shown: dict[str, set[str]] = field(default_factory=dict)  # record page → pages it shows
    buckets: dict[str, list[tuple]] = field(default_factory=dict)  # record page → its buckets
    keys: dict[str, str] = field(default_factory=dict)  # record page → page key
    markdown: dict[str, str] = field(default_factory=dict)  # record page → Markdown
    written: dict[str, str] = field(default_factory=dict)  # record page → its HTML file
    records: dict[str, Record] = field(default_factory=dict)  # record page → its record
    lists: dict[str, str | bytes] = field(default_factory=dict)  # the lists: path → content
    files: dict[str, str | bytes] = field(default_factory=dict)  # the other files: path → content
    #: the record pages are newer than the lists
    lists_behind: bool = False


@dataclass
class Plan:
    """What this rebuild renders, and what it may take from the last one."""

    state: _State  # the new state, without Markdown yet
    render: set[str]  # record pages (src_uri) to render now
    changed: set[str]  # records whose own file changed, or that are new or gone
    full: bool  # nothing can be taken from the last rebuild


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
        self._state: _State | None = None
        self._new: _State | None = None
        #: data/synonymer.yml's groups for the search index, set by on_post_build each rebuild
        self.synonyms: list = []
        #: the lists' cards of the last rebuild (Renderer.card), and the shared inputs they were made with
        self._cards: dict = {}
        self._cards_made_with = ""
        if dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(_DropDirtyWarning())

    # --- on_config -----------------------------------------------------

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

    # --- on_files ------------------------------------------------------

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
        unchanged = {uri for uri in new.markdown if uri not in plan.render}
        if state is None or not self.dirty:  # the first build, or plain mkdocs serve: all again
            new.lists, new.files = make_lists(), make_files()
            _mark_modified(p for p in files.documentation_pages() if not p.generated_by)
            return self._outputs(new, pages, unchanged)
        gone = set(state.records) - set(new.records)
        new.files = own_files_followed(state.files, state.records, new.records,
                                       plan.changed | gone, site_url)
        quick = not plan.full and bool(plan.changed) and self.can_rebuild_again()
        if quick:  # the record pages now; the lists next
            new.lists = state.lists
            new.lists_behind = True
        else:
            new.lists = make_lists()
            if plan.full or plan.changed or state.lists_behind:
                _mark_modified(p for p in files.documentation_pages() if not p.generated_by)
        previous = {**state.lists, **state.files}
        unchanged |= {path for path, content in {**new.lists, **new.files}.items()
                      if not plan.full and previous.get(path) == content}
        return self._outputs(new, pages, unchanged)

    def _outputs(self, new: _State, pages: list[GeneratedPage], unchanged: set[str]
                 ) -> tuple[list[GeneratedPage], dict[str, str | bytes], set[str]]:
        self._new = new
        return pages, {**new.lists, **new.files}, unchanged

    def can_rebuild_again(self) -> bool:
        return all(hasattr(self.server, name) for name in PRIVATE_SERVER_ATTRIBUTES)

    # --- on_post_build -------------------------------------------------

    def after_build(self, site_dir: Path, root: Path, directory_urls: bool,
                    write_sitemap: Callable[[], None]) -> None:
        """The problems for the banner and stale pages out; the index and sitemap the first time."""
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
        if not from_start:  # search and the sitemap work when the preview opens
            write_sitemap()
            build_search_index(site_dir, self.synonyms)
        if new.lists_behind:
            self._rebuild_again()

    def _rebuild_again(self) -> None:
        with self.server._rebuild_cond:
            self.server._want_rebuild = True
            self.server._rebuild_cond.notify_all()


def own_files_followed(files: dict[str, str | bytes], before: dict[str, Record],
                       now: dict[str, Record], changed: set[str], site_url: str
                       ) -> dict[str, str | bytes]:
    """The last rebuild's files with each changed record's own open-data file made again.

    A record that is gone loses its file; the files made from all records
    stay as they were (see the module's doc).
    """
    files = dict(files)
    for uri in changed:
        if uri in before:
            for path in record_files(before[uri], site_url):
                files.pop(path, None)
        if uri in now:
            files.update(record_files(now[uri], site_url))
    return files


def _output(site_dir: Path, path: str, directory_urls: bool) -> Path:
    """The file MkDocs writes for a generated page or file."""
    return site_dir / (page_path(path, directory_urls)[1] if path.endswith(".md") else path)


def _mark_modified(pages) -> None:
    """Make the dirty build rewrite these hand-written pages: their lists show every record.

    A dirty build rewrites a page whose output is older than its source;
    dating the output to 1970 is how MkDocs' own rule is met.
    """
    for file in pages:
        try:
            os.utime(file.abs_dest_path, (0, 0))
        except OSError:  # not written yet: it is built anyway
            pass


def shared_inputs_fingerprint(root: Path) -> str:
    """Names, sizes and times of every file that is not a record but shapes pages."""
    entries = []
    for name in SHARED_INPUTS:
        top = root / name
        if top.is_file():
            entries.append(_stat_entry(top, root))
            continue
        for folder, dirs, names in os.walk(top):
            rel_folder = Path(folder).relative_to(root).as_posix()
            dirs[:] = sorted(d for d in dirs if f"{rel_folder}/{d}" not in _RECORD_FOLDERS)
            entries += [_stat_entry(Path(folder) / f, root) for f in sorted(names)]
    return hashlib.blake2b("\n".join(entries).encode(), digest_size=16).hexdigest()


def _stat_entry(path: Path, root: Path) -> str:
    try:
        stat = path.stat()
    except OSError:
        return f"{path.relative_to(root).as_posix()} -"
    return f"{path.relative_to(root).as_posix()} {stat.st_size} {stat.st_mtime_ns}"


def shown_records(renderer: Renderer, record: Record) -> list[Record]:
    """Every other record whose fields appear on ``record``'s page.

    Must list what the templates in macros/ (forsok, forum, exempel) show;
    tests/test_preview.py edits a hub and compares every page with the plan.
    Symmetric: if A's page shows B because of a reference, B's shows A.
    """
    return (renderer.catalog.named_with(record) + [r for r, _ in renderer.related(record)]
            + renderer.pictures.place_mates(record)[0])


def page_key(record: Record, shown: list[Record], extra: str = "") -> str:
    """A digest of everything ``record``'s page is made from (``extra``: the counts under its map)."""
    digest = hashlib.blake2b(digest_size=16)
    for each in [record, *shown]:
        digest.update(f"{each.src_uri}\0{each.digest}\0".encode())
    digest.update(extra.encode())
    return digest.hexdigest()


def plan_buckets(renderer: Renderer, record: Record) -> list[tuple]:
    """The groups whose members' pages may change with this record: "Liknande poster" and the map's places."""
    return [*bucket_keys(record), *renderer.pictures.place_mates(record)[2]]


def make_plan(renderer: Renderer, state: _State | None, shared_inputs: str) -> Plan:
    """Which record pages this rebuild must render.

    A page changes only if its record changed, or a record it shows did, or
    the set it shows did. That set (references both ways, and "Liknande
    poster" drawn from records sharing a place, program, sector, subject
    word or principle: renderer.bucket_keys) can only change for records
    that refer to a changed record, are referred to by it, or share such a
    bucket with its old or new version; so
    only those are looked at again, and the work per save stays small
    however many records there are.
    """
    records = {record.src_uri: record for record in renderer.catalog.all()}
    new = _State(shared_inputs=shared_inputs,
                 digests={uri: r.digest for uri, r in records.items()},
                 buckets={uri: plan_buckets(renderer, r) for uri, r in records.items()})
    if state is None or state.shared_inputs != shared_inputs:
        look_at = changed = set(records)
        full = True
    else:
        changed = {uri for uri, value in new.digests.items() if state.digests.get(uri) != value}
        changed |= set(state.digests) - set(records)
        look_at = _possibly_affected(renderer, changed, state, new.buckets, records)
        new.shown = {uri: shown for uri, shown in state.shown.items() if uri in records}
        new.keys = {uri: key for uri, key in state.keys.items() if uri in records}
        full = False
    for uri in look_at:
        if uri in records:
            shown = shown_records(renderer, records[uri])
            new.shown[uri] = {r.src_uri for r in shown}
            new.keys[uri] = page_key(records[uri], shown, renderer.pictures.place_mates(records[uri])[1])
    markdown = state.markdown if state and not full else {}
    render = {uri for uri in look_at & set(records)
              if full or new.keys[uri] != state.keys.get(uri) or uri not in markdown}
    return Plan(new, render, changed, full)


def _possibly_affected(renderer: Renderer, changed: set[str], state: _State,
                       buckets_now: dict[str, list[tuple]], records: dict[str, Record]) -> set[str]:
    members: dict[tuple, set[str]] = {}
    for uri, keys in buckets_now.items():
        for key in keys:
            members.setdefault(key, set()).add(uri)
    affected = set(changed)
    for uri in changed:
        affected |= state.shown.get(uri, set())  # what its old version showed, and so showed it
        for key in [*state.buckets.get(uri, []), *buckets_now.get(uri, [])]:
            affected |= members.get(key, set())
        if uri in records:  # what its new version shows, and so shows it
            affected |= {r.src_uri for r in shown_records(renderer, records[uri])}
    return affected


def removed_pages(state: _State | None, current: set[str], root: Path) -> list[str]:
    """HTML files of record pages whose record file is gone since the last rebuild.

    A record that now has problems keeps its last good page (the preview's
    banner says what is wrong); only a deleted or renamed file loses it.
    """
    if state is None:
        return []
    gone = []
    for src_uri, html_file in state.written.items():
        if src_uri in current:
            continue
        prefix, _, name = src_uri.rpartition("/")
        folder = next(k.folder for k in KINDS.values() if k.url_prefix == prefix)
        if not (root / folder / f"{name[:-3]}.yml").exists():
            gone.append(html_file)
    return gone


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the preview (docs/forhandsvisning.md)."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()
