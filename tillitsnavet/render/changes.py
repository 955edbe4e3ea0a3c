"""What a save changed: which record pages the preview renders again.

A record page shows its record and other records: those it names, those
naming it, its "Liknande poster" and its place's neighbours. The preview
keeps, between its rebuilds, each page's Markdown with a *key*, a digest of
everything the page shows; after a save only pages whose key changed are
rendered again (`make_plan`). Everything that is not a record file
(reference data, macros, schemas, theme overrides, mkdocs.yml) can change
every page, so a change there renders every page (`SHARED_INPUTS`).
Engine-neutral: the MkDocs adapter's preview (mkdocs_adapter/preview.py)
tells MkDocs what to skip.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..records.kinds import KINDS, Record
from .renderer import Renderer, bucket_keys

#: What every page can depend on besides the records (paths below the project root).
SHARED_INPUTS = ("data", "macros", "schemas", "overrides", "mkdocs.yml")
_RECORD_FOLDERS = {kind.folder for kind in KINDS.values()}


@dataclass
class State:
    """What the preview remembers from its last rebuild."""

    shared_inputs: str = ""
    digests: dict[str, str] = field(default_factory=dict)  # record page → its record's digest
    shown: dict[str, set[str]] = field(default_factory=dict)  # record page → pages it shows
    #: record page → its buckets: the groups whose members' pages may change with it
    #: ("Liknande poster", places)
    buckets: dict[str, list[tuple]] = field(default_factory=dict)
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

    state: State  # the new state, without Markdown yet
    render: set[str]  # record pages (src_uri) to render now
    changed: set[str]  # records whose own file changed, or that are new or gone
    full: bool  # nothing can be taken from the last rebuild


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


def make_plan(renderer: Renderer, state: State | None, shared_inputs: str) -> Plan:
    """Which record pages this rebuild must render.

    A page changes only if its record changed, or a record it shows did, or
    the set it shows did. That set (references both ways, and "Liknande
    poster" drawn from records sharing a place, program, sector, subject
    word or principle: renderer.bucket_keys) can only change for records
    that refer to a changed record, are referred to by it, or share such a
    bucket with its old or new version; so only those are looked at again, and the
    work per save stays small however many records there are.
    """
    records = {record.src_uri: record for record in renderer.catalog.all()}
    new = State(shared_inputs=shared_inputs,
                 digests={uri: r.digest for uri, r in records.items()},
                 buckets={uri: [*bucket_keys(r), *renderer.pictures.place_mates(r)[2]]
                          for uri, r in records.items()})
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
    for uri in look_at & set(records):
        shown = shown_records(renderer, records[uri])
        new.shown[uri] = {r.src_uri for r in shown}
        key = hashlib.blake2b(digest_size=16)  # everything the page is made from
        for each in [records[uri], *shown]:
            key.update(f"{each.src_uri}\0{each.digest}\0".encode())
        key.update(renderer.pictures.place_mates(records[uri])[1].encode())  # counts under its map
        new.keys[uri] = key.hexdigest()
    markdown = state.markdown if state and not full else {}
    render = {uri for uri in look_at & set(records)
              if full or new.keys[uri] != state.keys.get(uri) or uri not in markdown}
    return Plan(new, render, changed, full)


def _possibly_affected(renderer: Renderer, changed: set[str], state: State,
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


def removed_pages(state: State | None, current: set[str], root: Path) -> list[str]:
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
