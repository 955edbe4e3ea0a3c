"""The live preview rebuilds only what a saved record changes.

``mkdocs serve`` rebuilds the whole site after every save: at 1,000 records
that is half a minute before the editor sees the edit. The preview instead
keeps, between its rebuilds, each record page's Markdown together with a
*key*: a digest of everything that page shows (the record itself and the
records it lists: those it names, those naming it and its "Liknande
poster"). After a save only pages whose key changed are rendered again and
handed to MkDocs as modified; MkDocs' own dirty build skips the rest.

Everything that is not a record file (reference data, macros, schemas,
theme overrides, mkdocs.yml) can change every page, so any change there
makes the next rebuild a full one. Hand-written pages are always rebuilt:
they are few, and the lists and maps on them show every record.

Nothing here knows MkDocs; the hooks module asks and acts.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from .catalog import KINDS, Record
from .render import Renderer, bucket_keys

#: What every page can depend on besides the records (paths below the project root).
SHARED_INPUTS = ("data", "macros", "schemas", "overrides", "mkdocs.yml")
_RECORD_FOLDERS = {kind.folder for kind in KINDS.values()}


@dataclass
class PreviewState:
    """What one preview remembers from its last rebuild."""

    shared_inputs: str = ""
    digests: dict[str, str] = field(default_factory=dict)  # record page src_uri → its data's digest
    shown: dict[str, set[str]] = field(default_factory=dict)  # src_uri → src_uris its page shows
    buckets: dict[str, list[tuple]] = field(default_factory=dict)  # src_uri → its related-buckets
    keys: dict[str, str] = field(default_factory=dict)  # record page src_uri → page key
    markdown: dict[str, str] = field(default_factory=dict)  # record page src_uri → Markdown
    written: dict[str, str] = field(default_factory=dict)  # record page src_uri → its HTML file
    extras: dict[str, str | bytes] = field(default_factory=dict)  # open data etc. of the last full set
    #: the record pages are newer than the lists on hand-written pages
    lists_behind: bool = False


@dataclass
class Plan:
    """What this rebuild renders, and what it may take from the last one."""

    state: PreviewState  # the new state, without Markdown yet
    render: set[str]  # record pages (src_uri) to render now
    changed: set[str]  # records whose own data changed, or that are new or gone
    full: bool  # nothing can be taken from the last rebuild


def shared_inputs_fingerprint(root: Path) -> str:
    """Names, sizes and times of every file that is not a record but shapes pages."""
    entries = []
    for name in SHARED_INPUTS:
        top = root / name
        if top.is_file():
            entries.append(_stat_entry(top, root))
            continue
        for folder, dirs, files in os.walk(top):
            rel_folder = Path(folder).relative_to(root).as_posix()
            dirs[:] = sorted(d for d in dirs if f"{rel_folder}/{d}" not in _RECORD_FOLDERS)
            entries += [_stat_entry(Path(folder) / f, root) for f in sorted(files)]
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
    return renderer.catalog.named_with(record) + renderer.related(record)


def data_digest(record: Record) -> str:
    """A digest of a record's fields, remembered on the parsed data.

    The record cache hands an unchanged file's parsed data to every rebuild
    (cache.py), so unchanged records are hashed once per preview.
    """
    known = getattr(record.data, "_preview_digest", None)
    if known is None:
        # repr of the parsed fields: strings, booleans, lists and mappings
        # only (yaml_loader.py), so equal data give equal text
        known = hashlib.blake2b(repr(record.data).encode(), digest_size=16).hexdigest()
        try:
            record.data._preview_digest = known  # type: ignore[attr-defined]
        except AttributeError:
            pass  # a plain dict: hashed again next time
    return known


def page_key(record: Record, shown: list[Record]) -> str:
    """A digest of everything ``record``'s page is made from."""
    digest = hashlib.blake2b(digest_size=16)
    for each in [record, *shown]:
        digest.update(f"{each.src_uri}\0{data_digest(each)}\0".encode())
    return digest.hexdigest()


def plan(renderer: Renderer, state: PreviewState | None, shared_inputs: str) -> Plan:
    """Which record pages this rebuild must render.

    A page changes only if its record changed, or a record it shows did, or
    the set it shows did. That set (references both ways, and "Liknande
    poster" drawn from records in the same county and sector) can only
    change for records that refer to a changed record, are referred to by
    it, or share a county-and-sector bucket with its old or new version; so
    only those are looked at again, and the work per save stays small
    however many records there are.
    """
    records = {record.src_uri: record for record in renderer.catalog.all()}
    new = PreviewState(shared_inputs=shared_inputs,
                       digests={uri: data_digest(r) for uri, r in records.items()},
                       buckets={uri: bucket_keys(r) for uri, r in records.items()})
    if state is None or state.shared_inputs != shared_inputs:
        look_at = set(records)
        changed = set(records)
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
            new.keys[uri] = page_key(records[uri], shown)
    markdown = state.markdown if state and not full else {}
    render = {uri for uri in look_at & set(records)
              if full or new.keys[uri] != state.keys.get(uri) or uri not in markdown}
    return Plan(new, render, changed, full)


def _possibly_affected(renderer: Renderer, changed: set[str], state: PreviewState,
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


def removed_pages(state: PreviewState | None, current: set[str], root: Path) -> list[str]:
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


class BackgroundIndexer:
    """Runs the search index after a preview rebuild without making the editor wait.

    One run at a time; saves during a run ask for one more run after it.
    """

    def __init__(self, build_index):
        self._build_index = build_index
        self._lock = threading.Lock()
        self._running = False
        self._again: Path | None = None

    def request(self, site_dir: Path) -> None:
        with self._lock:
            if self._running:
                self._again = site_dir
                return
            self._running = True
        threading.Thread(target=self._run, args=(site_dir,), daemon=True,
                         name="tillitsnavet-sokindex").start()

    def _run(self, site_dir: Path) -> None:
        while True:
            try:
                self._build_index(site_dir)
            except Exception as error:  # noqa: BLE001 - a preview keeps running without a fresh index
                print(f"Sökindexet i förhandsvisningen kunde inte uppdateras: {error}", flush=True)
            with self._lock:
                if self._again is None:
                    self._running = False
                    return
                site_dir, self._again = self._again, None
