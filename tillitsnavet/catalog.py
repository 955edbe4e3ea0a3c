"""The records of the hub: what kinds there are, and loading them all.

``load_catalog`` is the whole load → validate → resolve step. It never
raises for bad content: it returns the catalog of valid records together
with every problem found in every file, so one run shows them all.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any

from .forking import run_everywhere
from .cache import NotInCache, RecordCache, digest, slim_fields
from .problems import Problem
from .reference import Reference, load_reference
from .schema_check import SCHEMA_DIR, quick_valid, schema_problems
from .semantic import check_previous_ids, check_record, check_references
from .yaml_loader import MAX_FILE_BYTES, load_bytes, load_file, quick_load

#: At most this many records of one kind; a sanity limit, far above real use.
MAX_RECORDS_PER_KIND = 50_000
#: From this many files new to the cache on, `check` shares the files among
#: processes; below it, starting the workers would cost more than it saves.
PARALLEL_FROM = 200


@dataclass(frozen=True)
class Kind:
    """One kind of record: where its files live and how its pages look."""

    key: str
    folder: str
    schema: str
    url_prefix: str
    singular: str
    plural: str
    template: str


KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in (
        Kind("forsok", "pilots", "forsok.schema.json", "forsok",
             "Försöksverksamhet", "Försöksverksamheter", "forsok.md.j2"),
        Kind("forum", "data/forums", "forum.schema.json", "forum",
             "Forum", "Forum och evenemang", "forum.md.j2"),
        Kind("exempel", "data/practices", "exempel.schema.json", "exempel",
             "Gott exempel", "Goda exempel", "exempel.md.j2"),
    )
}

#: A record id: its file name and the last part of its address.
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass
class Record:
    """A valid record: its kind, id (the file name) and its fields as written."""

    kind: Kind
    id: str
    path: str
    data: dict[str, Any]

    @property
    def title(self) -> str:
        return self.data["titel"]

    @property
    def url(self) -> str:
        """Site-relative URL, e.g. ``forsok/kalmar/``."""
        return f"{self.kind.url_prefix}/{self.id}/"

    @property
    def src_uri(self) -> str:
        """The virtual Markdown file the page is built from."""
        return f"{self.kind.url_prefix}/{self.id}.md"

    @property
    def draft(self) -> bool:
        return self.data.get("utkast") is True

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)


@dataclass
class Catalog:
    """All valid records and the reference data, with links resolved both ways."""

    reference: Reference
    records: dict[str, list[Record]] = field(default_factory=dict)
    #: ids of every file of each kind, valid or not, so that a broken record
    #: does not also make every reference to it an error
    file_ids: dict[str, set[str]] = field(default_factory=dict)

    def of_kind(self, kind: str) -> list[Record]:
        return self.records.get(kind, [])

    def find(self, kind: str, record_id: str) -> Record | None:
        return self._index().get((kind, record_id))

    def all(self) -> list[Record]:
        return [r for kind in KINDS for r in self.of_kind(kind)]

    def _index(self) -> dict[tuple[str, str], Record]:
        if not hasattr(self, "_by_key"):
            self._by_key = {(r.kind.key, r.id): r for r in self.all()}
        return self._by_key

    def linked(self, record: Record, field_name: str, kind: str) -> list[Record]:
        """Records that ``record`` names in ``field_name`` (ids of ``kind``)."""
        found = (self.find(kind, i) for i in record.get(field_name, []))
        return [r for r in found if r is not None]

    def linking_to(self, record: Record, kind: str, field_name: str) -> list[Record]:
        """Records of ``kind`` whose ``field_name`` names ``record`` (from an index built once)."""
        return self._backlinks().get((kind, field_name, record.id), [])

    def named_with(self, record: Record) -> list[Record]:
        """The records a record's page lists in its own sections: those it names, those naming it."""
        return (self.linked(record, "försök", "forsok")
                + self.linked(record, "forum", "forum")
                + self.linking_to(record, "exempel", "försök")
                + self.linking_to(record, "forum", "försök")
                + self.linking_to(record, "exempel", "forum"))

    def _backlinks(self) -> dict[tuple[str, str, str], list[Record]]:
        # Built on first use: one pass over all references instead of one pass
        # per page, so pages stay linear in the number of records.
        if not hasattr(self, "_backlink_index"):
            index: dict[tuple[str, str, str], list[Record]] = {}
            for source in self.all():
                for field_name, value in source.data.items():
                    if field_name in ("försök", "forum") and isinstance(value, list):
                        for target_id in value:
                            index.setdefault((source.kind.key, field_name, target_id), []).append(source)
            self._backlink_index = index
        return self._backlink_index


def suggest_id(file_stem: str) -> str:
    """A valid id close to a bad file name: 'Kalmar Län' → 'kalmar-lan'."""
    plain = unicodedata.normalize("NFKD", file_stem).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "ny-post"


def _record_files(root: Path, kind: Kind) -> tuple[list[str], list[Problem]]:
    """The names of a kind's record files, sorted; and problems for files named wrongly."""
    try:  # names and d_type only: a Path and a stat() per file add up at 10,000 files
        with os.scandir(root / kind.folder) as found:
            entries = [(e.name, e.is_dir()) for e in found]
    except OSError:  # no such folder (or not one)
        return [], []
    entries.sort(key=lambda entry: os.path.normcase(entry[0]))  # as sorting Paths does
    names, problems = [], []
    for name, is_dir in entries:
        if is_dir or name.startswith("."):
            continue
        suffix = PurePosixPath(name).suffix
        if suffix == ".yml":
            names.append(name)
        elif suffix.lower() in (".yaml", ".yml", ".txt", ".md"):
            problems.append(Problem(f"{kind.folder}/{name}", 0, 0, "", f"filen läses inte; döp "
                                    f"om den till {suggest_id(PurePosixPath(name).stem)}.yml"))
    return names, problems


def load_catalog(root: Path, full: bool = True, exact: frozenset[str] = frozenset(),
                 marks: bool = True) -> tuple[Catalog, list[Problem]]:
    """Load, check and resolve every record below ``root``.

    With ``marks=False`` (``build``) a record that the last build read, and
    that is unchanged since, comes from the cache's copy of its data; any
    other that passed every check before is parsed the quick way, without
    line marks, on every core when there are many; a problem found across
    records at one makes it be read again with them, as for ``check``.

    Records that passed their checks before are not checked again (cache.py).
    With ``full=False`` (``check``) no record's data gets line marks: an
    unchanged record is not even parsed (its data comes from the cache, only
    the fields the checks across records read), and a new or changed one is
    checked quickly first (`_look_at`), on every core when there are many
    files. A problem found across records at such a record makes it be read
    again (``exact``) to say the line.
    """
    reference, problems = load_reference(root)
    catalog = Catalog(reference)
    cache = RecordCache(root, SCHEMA_DIR)
    listed: list[tuple[Kind, str]] = []  # (kind, path relative to root) of every record file
    for kind in KINDS.values():
        names, found = _record_files(root, kind)
        problems += found
        if len(names) > MAX_RECORDS_PER_KIND:
            problems.append(Problem(kind.folder, 0, 0, "", f"{len(names)} poster; högst "
                                    f"{MAX_RECORDS_PER_KIND} av ett slag stöds"))
            names = names[:MAX_RECORDS_PER_KIND]
        catalog.file_ids[kind.key] = {name[:-4] for name in names}
        catalog.records[kind.key] = []
        listed += [(kind, f"{kind.folder}/{name}") for name in names]
    quick = [] if full else [item for item in listed if item[1] not in exact]
    # Share the files among processes only when many are new to the cache: the
    # ones it knows are read in a moment, and the workers would cost more.
    new = sum(1 for _, rel in quick if not cache.knows(rel))
    looks = dict(zip((rel for _, rel in quick),
                     run_everywhere(partial(_look_at, root, reference, cache), quick,
                                    parallel=new >= PARALLEL_FROM)))
    # A build reads every record the quick way, on every core when there are
    # many; only those in doubt go the precise way, one by one.
    fast = [] if marks or not full else [item for item in listed if item[1] not in exact]
    parsed = _from_last_build(root, cache, fast)  # unchanged since the last build: not parsed
    fast = [item for item in fast if item[1] not in parsed]
    parsed.update(zip((rel for _, rel in fast),
                      run_everywhere(partial(_parse_quickly, root, reference, cache), fast,
                                     parallel=len(fast) >= PARALLEL_FROM)))
    light: set[str] = set()  # records whose data has no line marks
    # Every listed file is still there: keep what the cache knows of it, even
    # when a worker process looked it up (the workers' notes stay with them).
    cache.still_there(rel for _, rel in listed)
    for kind, rel in listed:
        if rel in looks:
            record, found, marked = _outcome(root, kind, rel, reference, cache, *looks[rel])
        elif parsed.get(rel) is not None:
            key, data, checked = parsed[rel]
            if checked:  # valid, the quick way: the next check need not read it
                cache.remember_slim(rel, key, *slim_fields(data))
            cache.keep_build_data(rel, key, data)
            record, found, marked = Record(kind, rel.rsplit("/", 1)[-1][:-4], rel, data), [], False
        else:
            record, found, marked = _load_record(root / rel, root, kind, reference, cache)
        problems += found
        if record is not None:
            catalog.records[kind.key].append(record)
            if not marked:
                light.add(record.path)
    try:
        problems += check_references(catalog)
        problems += check_previous_ids(catalog)
    except NotInCache:  # a check across records read a field the cache does not keep
        cache.save()
        return load_catalog(root, marks=marks)
    cache.save()
    if any(p.path in light for p in problems):
        return load_catalog(root, full, exact | {p.path for p in problems if p.path in light}, marks)
    return catalog, problems


#: Catalogs that ``build_hub.py build`` loaded and checked for the MkDocs build
#: it runs next in the same process (cli.build_site): the hooks take it
#: instead of reading every record again.
_checked: dict[str, Catalog] = {}


def hand_over(root: Path, catalog: Catalog | None) -> None:
    """Keep ``catalog`` for the next `take_checked` of ``root`` (None: forget it)."""
    _checked.pop(str(root.resolve()), None)
    if catalog is not None:
        _checked[str(root.resolve())] = catalog


def take_checked(root: Path) -> Catalog | None:
    return _checked.pop(str(root.resolve()), None)


def _read(file: Path | str) -> bytes | None:
    """The file's bytes, or None if it is too large or unreadable (load_file says which)."""
    try:
        with open(file, "rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError:
        return None
    return raw if len(raw) <= MAX_FILE_BYTES else None


Verdict = tuple[tuple[dict, list[str]] | None, list[Problem]]


def _look_at(root: Path, reference: Reference, cache: RecordCache,
             item: tuple[Kind, str]) -> tuple[str | None, Verdict | None]:
    """For ``check``, in a worker: (digest or None if unreadable, verdict or None if cached).

    Only the verdict travels back to the main process: the cache's fields of
    a valid record (`slim_fields`), or the problems of an invalid one.
    """
    kind, rel = item
    raw = _read(os.path.join(root, rel))
    if raw is None:
        return None, None
    key = digest(raw)
    if cache.parsed(rel, key) is not None or cache.is_valid(rel, key):
        return key, None
    return key, _verdict(root, reference, kind, rel, raw)


def _from_last_build(root: Path, cache: RecordCache,
                     items: list[tuple[Kind, str]]) -> dict[str, tuple[str, dict, bool]]:
    """For ``build``: (digest, data, False) of each record the last build read as it is now."""
    found: dict[str, tuple[str, dict, bool]] = {}
    if not items or not cache.has_build_data():  # the first build: nothing to read twice
        return found
    for _, rel in items:
        raw = _read(os.path.join(root, rel))
        if raw is not None:
            key = digest(raw)
            data = cache.last_build_data(rel, key)
            if data is not None:
                found[rel] = (key, data, False)
    return found


def _parse_quickly(root: Path, reference: Reference, cache: RecordCache,
                   item: tuple[Kind, str]) -> tuple[str, dict, bool] | None:
    """For ``build``, maybe in a worker: (digest, data, newly checked) of a valid record.

    A record that passed before is only parsed; a new or changed one is also
    checked the quick way (`_quickly_valid`). None (unreadable, in any doubt,
    or with a problem) sends the file the usual way (`_load_record`), which
    finds and words its problems.
    """
    kind, rel = item
    raw = _read(os.path.join(root, rel))
    if raw is None:
        return None
    key = digest(raw)
    if cache.parsed(rel, key) is not None:  # in this process's memory, with line marks
        return None
    if cache.is_valid(rel, key):
        data = quick_load(raw)
        return (key, data, False) if isinstance(data, dict) else None
    data = _quickly_valid(reference, kind, rel, raw)
    return (key, data, True) if data is not None else None


def _quickly_valid(reference: Reference, kind: Kind, rel: str, raw: bytes) -> dict | None:
    """The record's data if the quick way finds it valid; None means "not sure"."""
    stem = rel.rsplit("/", 1)[-1][:-4]
    data = quick_load(raw) if ID_PATTERN.match(stem) else None
    if data is not None and quick_valid(data, kind.schema) and not check_record(data, rel,
                                                                                reference):
        return data
    return None


def _verdict(root: Path, reference: Reference, kind: Kind, rel: str, raw: bytes) -> Verdict:
    """Check a file quickly; only if anything at all is wrong, the precise way.

    The quick way (`quick_load`, `quick_valid`, the checks of its own) only
    ever says "valid" or "not sure"; the precise way finds and locates every
    problem, exactly as it always has.
    """
    data = _quickly_valid(reference, kind, rel, raw)
    if data is not None:
        return slim_fields(data), []
    record, problems = _check_record_file(root / rel, root, kind, reference, raw)
    return (slim_fields(record.data), []) if record is not None else (None, problems)


def _outcome(root: Path, kind: Kind, rel: str, reference: Reference, cache: RecordCache,
             key: str | None, verdict: Verdict | None) -> tuple[Record | None, list[Problem], bool]:
    """(record or None, its problems, whether its data has line marks) from `_look_at`."""
    stem = rel.rsplit("/", 1)[-1][:-4]
    if key is None:  # too large or unreadable: load_file says which
        return _load_record(root / rel, root, kind, reference, cache)
    if verdict is None:  # the cache knew it
        data = cache.parsed(rel, key)
        if data is not None:
            return Record(kind, stem, rel, data), [], True
        return Record(kind, stem, rel, cache.slim(rel, key)), [], False
    fields, problems = verdict
    if fields is None:
        return None, problems, False
    return Record(kind, stem, rel, cache.remember_slim(rel, key, *fields)), [], False


def _load_record(file: Path, root: Path, kind: Kind, reference: Reference,
                 cache: RecordCache) -> tuple[Record | None, list[Problem], bool]:
    """(record or None, its problems, whether its data has line marks)."""
    rel = file.relative_to(root).as_posix()
    raw = _read(file)
    if raw is None:  # too large or unreadable: load_file says which
        record, problems = _check_record_file(file, root, kind, reference, None)
        return record, problems, True
    key = digest(raw)
    data = cache.parsed(rel, key)
    if data is not None:
        return Record(kind, file.stem, rel, data), [], True
    if cache.is_valid(rel, key):  # passed every check before: only parse it
        data, found = load_bytes(raw, rel)
        if not found and isinstance(data, dict):
            cache.remember(rel, key, data)
            return Record(kind, file.stem, rel, data), [], True
    record, problems = _check_record_file(file, root, kind, reference, raw)
    if record is not None:
        cache.remember(rel, key, record.data)
    return record, problems, True


def _check_record_file(file: Path, root: Path, kind: Kind, reference: Reference,
                       raw: bytes | None) -> tuple[Record | None, list[Problem]]:
    """Parse and check one record file from scratch."""
    rel = file.relative_to(root).as_posix()
    problems = []
    if not ID_PATTERN.match(file.stem):
        problems.append(Problem(rel, 0, 0, "", f"filnamnet blir sidans adress och får bara "
                                "innehålla små bokstäver a–z, siffror och bindestreck; döp om "
                                f"filen till {suggest_id(file.stem)}.yml"))
    data, found = load_file(file, root) if raw is None else load_bytes(raw, rel)
    problems += found
    if data is None:
        return None, problems
    problems += schema_problems(data, kind.schema, rel)
    if not isinstance(data, dict):
        return None, problems
    problems += check_record(data, rel, reference)
    if problems:
        return None, problems
    return Record(kind, file.stem, rel, data), []
