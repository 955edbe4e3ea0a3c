"""The records of the hub: what kinds there are, and loading them all.

``load_catalog`` is the whole load → validate → resolve step. It never
raises for bad content: it returns the catalog of valid records together
with every problem found in every file, so one run shows them all.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cache import NotInCache, RecordCache, digest
from .problems import Problem
from .reference import Reference, load_reference
from .schema_check import SCHEMA_DIR, schema_problems
from .semantic import check_previous_ids, check_record, check_references
from .yaml_loader import MAX_FILE_BYTES, load_bytes, load_file

#: At most this many records of one kind; a sanity limit, far above real use.
MAX_RECORDS_PER_KIND = 50_000


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


def _record_files(root: Path, kind: Kind) -> tuple[list[Path], list[Problem]]:
    folder = root / kind.folder
    if not folder.is_dir():
        return [], []
    files, problems = [], []
    for file in sorted(folder.iterdir()):
        if file.is_dir() or file.name.startswith("."):
            continue
        if file.suffix == ".yml":
            files.append(file)
        elif file.suffix.lower() in (".yaml", ".yml", ".txt", ".md"):
            rel = file.relative_to(root).as_posix()
            problems.append(Problem(rel, 0, 0, "", f"filen läses inte; döp om den till "
                                    f"{suggest_id(file.stem)}.yml"))
    return files, problems


def load_catalog(root: Path, full: bool = True,
                 exact: frozenset[str] = frozenset()) -> tuple[Catalog, list[Problem]]:
    """Load, check and resolve every record below ``root``.

    Records that passed their checks before are not checked again (cache.py).
    With ``full=False`` (``check``) an unchanged record is not even parsed: its
    data comes from the cache, only the fields the checks across records read
    and without line marks, so a problem found across records at such a
    record makes it be read again (``exact``) to say the line.
    """
    reference, problems = load_reference(root)
    catalog = Catalog(reference)
    cache = RecordCache(root, SCHEMA_DIR)
    light: set[str] = set()  # records whose data came from the cache without line marks
    for kind in KINDS.values():
        files, found = _record_files(root, kind)
        problems += found
        if len(files) > MAX_RECORDS_PER_KIND:
            problems.append(Problem(kind.folder, 0, 0, "", f"{len(files)} poster; högst "
                                    f"{MAX_RECORDS_PER_KIND} av ett slag stöds"))
            files = files[:MAX_RECORDS_PER_KIND]
        catalog.file_ids[kind.key] = {file.stem for file in files}
        valid = []
        for file in files:
            record, found, marked = _load_record(
                file, root, kind, reference, cache,
                full or bool(exact) and file.relative_to(root).as_posix() in exact)
            problems += found
            if record is not None:
                valid.append(record)
                if not marked:
                    light.add(record.path)
        catalog.records[kind.key] = valid
    try:
        problems += check_references(catalog)
        problems += check_previous_ids(catalog)
    except NotInCache:  # a check across records read a field the cache does not keep
        cache.save()
        return load_catalog(root)
    cache.save()
    if any(p.path in light for p in problems):
        return load_catalog(root, full, exact | {p.path for p in problems if p.path in light})
    return catalog, problems


def _load_record(file: Path, root: Path, kind: Kind, reference: Reference, cache: RecordCache,
                 full: bool) -> tuple[Record | None, list[Problem], bool]:
    """(record or None, its problems, whether its data has line marks)."""
    rel = file.relative_to(root).as_posix()
    try:
        with open(file, "rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError:
        raw = None
    if raw is not None and len(raw) > MAX_FILE_BYTES:
        raw = None
    if raw is None:  # too large or unreadable: load_file says which
        record, problems = _check_record_file(file, root, kind, reference, None)
        return record, problems, True
    key = digest(raw)
    data = cache.parsed(rel, key)
    if data is not None:
        return Record(kind, file.stem, rel, data), [], True
    if not full:
        data = cache.slim(rel, key)
        if data is not None:
            return Record(kind, file.stem, rel, data), [], False
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
