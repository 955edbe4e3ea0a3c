"""Loading every record: ``load_catalog(root)``, the one load path.

``check``, ``build``, ``serve`` and ``rapport`` all call `load_catalog`. It
never raises for bad content: it returns the catalog of valid records
together with every problem found in every file, so one run shows them all.
Each file is read, parsed with line marks (yaml_loader), checked against its
schema (schema_check) and on its own (semantic); then the references between
records are checked.

A process that loads again and again (the preview, after every save) may
pass a `Memo`: a file whose bytes, schemas, reference data and day are
those of the last load is not parsed and checked again. Nothing else is
remembered anywhere.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .build_date import build_date
from .characters import name as character_name
from .kinds import (FOLDER_PAGES, ID_PATTERN, KINDS, MAX_ID_LENGTH, REFERENCE_FIELDS, Kind, Record,
                    id_problem, suggest_id)
from .problems import Problem, filesystem_error
from .reference import Reference, ReferenceMemo, inside, load_reference
from .schema_check import Schemas, schema_problems
from .semantic import FileIds, check_previous_ids, check_record, check_references
from .text_rules import text_problems
from .yaml_loader import MAX_FILE_BYTES, load_bytes, locate

#: At most this many records of one kind; a sanity limit, far above real use.
MAX_RECORDS_PER_KIND = 50_000


@dataclass
class Catalog:
    """All valid records and the reference data, with links resolved both ways."""

    reference: Reference
    records: dict[str, list[Record]] = field(default_factory=dict)
    #: ids of every file of each kind, valid or not, so that a broken record
    #: does not also make every reference to it an error
    file_ids: FileIds = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._by_key: dict[tuple[str, str], Record] | None = None
        self._backlink_index: dict[tuple[str, str, str], list[Record]] | None = None

    def of_kind(self, kind: str) -> list[Record]:
        return self.records.get(kind, [])

    def find(self, kind: str, record_id: str) -> Record | None:
        if self._by_key is None:
            self._by_key = {(r.kind.key, r.id): r for r in self.all()}
        return self._by_key.get((kind, record_id))

    def all(self) -> list[Record]:
        return [r for kind in KINDS for r in self.of_kind(kind)]

    def linked(self, record: Record, field_name: str, kind: str) -> list[Record]:
        """Records that ``record`` names in ``field_name`` (ids of ``kind``)."""
        found = (self.find(kind, i) for i in record.get(field_name, []))
        return [r for r in found if r is not None]

    def linking_to(self, record: Record, kind: str, field_name: str) -> list[Record]:
        """Records of ``kind`` whose ``field_name`` names ``record``."""
        if self._backlink_index is None:
            # one pass over all references instead of one per page: pages stay
            # linear in the number of records
            index: dict[tuple[str, str, str], list[Record]] = {}
            for source in self.all():
                for name in REFERENCE_FIELDS:
                    for target_id in source.get(name, []):
                        index.setdefault((source.kind.key, name, target_id), []).append(source)
            self._backlink_index = index
        return self._backlink_index.get((kind, field_name, record.id), [])

    def published(self) -> Catalog:
        """The same catalog without drafts: what a build publishes.

        A draft (``utkast: true``) is how an editor takes a record down, so a
        build renders from this catalog and no page, list, count, feed or
        file can name one; the preview renders every record.
        """
        return Catalog(self.reference, {kind: [r for r in records if not r.draft]
                                        for kind, records in self.records.items()},
                       self.file_ids)

    def named_with(self, record: Record) -> list[Record]:
        """The records a record's page lists in its own sections: those it names, those naming it."""
        return (self.linked(record, "försök", "forsok")
                + self.linked(record, "forum", "forum")
                + self.linking_to(record, "exempel", "försök")
                + self.linking_to(record, "forum", "försök")
                + self.linking_to(record, "exempel", "forum"))


class Memo:
    """What checking each file on its own gave at the last load, for the next load.

    An entry is keyed by the file's path and the SHA-256 of its bytes, and
    the whole memo by everything else a file's check reads: the schemas'
    and the reference data's bytes and today's date (a review date may not
    lie ahead). A load with any other context empties it first, and each
    load keeps only the files it saw. The code cannot change during a
    process, so it is not part of the key.
    """

    def __init__(self) -> None:
        self.context = ""
        self.results: dict[tuple[str, str], tuple[Record | None, list[Problem]]] = {}
        self.reference = ReferenceMemo()  # keyed by the reference files' and schemas' bytes


def load_catalog(root: Path, memo: Memo | None = None) -> tuple[Catalog, list[Problem]]:
    """Load, check and resolve every record below ``root``; (catalog, every problem)."""
    schemas = Schemas(root / "schemas")
    reference, problems = load_reference(root, schemas, memo.reference if memo else None)
    problems += schemas.problems
    catalog = Catalog(reference)
    seen: dict[tuple[str, str], tuple[Record | None, list[Problem]]] = {}
    if memo is not None:
        context = f"{schemas.digest} {reference.digest} {build_date()}"
        if memo.context != context:
            memo.context, memo.results = context, {}
    for kind in KINDS.values():
        names, found = _record_files(root, kind)
        problems += found
        if len(names) > MAX_RECORDS_PER_KIND:
            problems.append(Problem(kind.folder, 0, 0, "", f"{len(names)} poster; högst "
                                    f"{MAX_RECORDS_PER_KIND} av ett slag stöds"))
            names = names[:MAX_RECORDS_PER_KIND]
        catalog.file_ids[kind.key] = {name[:-4] for name in names}
        catalog.records[kind.key] = []
        problems += _address_problems(root, kind, names)
        for name in names:
            record, found = load_record(root, kind, name, schemas, reference,
                                        memo.results if memo else {}, seen)
            problems += found
            if record is not None:
                catalog.records[kind.key].append(record)
    if memo is not None:
        memo.results = seen
    problems += _old_address_problems(root, catalog.all())
    problems += check_references(catalog.all(), catalog.file_ids)
    problems += check_previous_ids(catalog.all(), catalog.file_ids)
    return catalog, problems


def load_record(root: Path, kind: Kind, name: str, schemas: Schemas, reference: Reference,
                known: dict, seen: dict) -> tuple[Record | None, list[Problem]]:
    """Read one record file (``name`` in the kind's folder) and check it on its own.

    ``known`` holds results of the same context by (path, digest); what this
    file gave is added to ``seen``.
    """
    rel = f"{kind.folder}/{name}"
    named = _id_problems(rel, root)  # outside the memo: the advice looks at the folder
    raw, found = _read(root / rel, rel)
    if raw is None:
        return None, named + found
    key = (rel, hashlib.sha256(raw).hexdigest())
    result = known.get(key) or _check_bytes(kind, rel, raw, key[1], schemas, reference)
    seen[key] = result
    return (None, named + result[1]) if named else result


def _check_bytes(kind: Kind, rel: str, raw: bytes, digest: str, schemas: Schemas,
                 reference: Reference) -> tuple[Record | None, list[Problem]]:
    data, problems = load_bytes(raw, rel)
    if data is None:
        return None, problems
    problems += schema_problems(data, schemas, kind.schema, rel)
    if not isinstance(data, dict):
        return None, problems
    problems += check_record(data, rel, reference)
    problems += text_problems(data, rel, schemas.markdown_fields(kind.schema))
    if problems:
        return None, problems
    return Record(kind, rel.rsplit("/", 1)[1][:-4], rel, data, digest), []


def _new_name(folder: Path, name: str) -> str:
    """Advice for a badly named record file: a free name to rename it to, never a taken one."""
    stem = name
    while PurePosixPath(stem).suffix.lower() in (".yml", ".yaml", ".txt", ".md"):
        stem = PurePosixPath(stem).stem  # 'x.yml.txt' → 'x'
    suggested = f"{suggest_id(stem)[:MAX_ID_LENGTH]}.yml"
    taken = {entry.lower() for entry in os.listdir(folder)} if folder.is_dir() else set()
    if suggested.lower() in taken and suggested != name:
        return (f"{suggested} finns redan, så slå ihop posterna eller välj ett annat id "
                "(små bokstäver a–z, siffror och bindestreck)")
    return f"döp om filen till {suggested}"


def _id_problems(rel: str, root: Path) -> list[Problem]:
    stem = rel.rsplit("/", 1)[1][:-4]
    if not ID_PATTERN.match(stem):
        folder = root / rel.rsplit("/", 1)[0]
        odd = next((c for c in stem if not c.isascii()
                    and unicodedata.normalize("NFKD", c).encode("ascii", "ignore") == b""), "")
        named = f" (tecknet {character_name(odd)} är inte en bokstav a–z)" if odd else ""
        return [Problem(rel, 0, 0, "", "filnamnet blir sidans adress och får bara innehålla små "
                        f"bokstäver a–z, siffror och bindestreck{named}; "
                        f"{_new_name(folder, stem + '.yml')}")]
    why = id_problem(stem)
    return [Problem(rel, 0, 0, "", f"filnamnet (postens id) {why}")] if why else []


def pages_at(root: Path, prefix: str, page_id: str) -> list[str]:
    """The hand-written pages of content/ at the address /prefix/page_id/."""
    # os.path.exists: a name too long for the file system is simply not there
    candidates = [f"{prefix}/{page_id}.md"] + [f"{prefix}/{page_id}/{name}.md"
                                               for name in FOLDER_PAGES]
    return [page for page in candidates if os.path.exists(root / "content" / page)]


def address_taken(root: Path, kind: Kind, record_id: str) -> str:
    """Why a new record ``record_id`` of ``kind`` would take an address in use, or ""."""
    pages = pages_at(root, kind.url_prefix, record_id)
    if pages:
        return f"adressen /{kind.url_prefix}/{record_id}/ har redan sidan content/{pages[0]}"
    catalog, _ = load_catalog(root)
    for record in catalog.of_kind(kind.key):
        if record_id in record.get("tidigare_id", []):
            return f"{record.path} har haft id:t {record_id} (tidigare_id)"
    return ""


def _old_address_problems(root: Path, records: list[Record]) -> list[Problem]:
    """A hand-written page at an old address (``tidigare_id``), where a redirect page goes."""
    problems = []
    for record in records:
        prefix = record.kind.url_prefix
        for index, old in enumerate(record.get("tidigare_id", [])):
            for page in pages_at(root, prefix, old):
                problems.append(Problem(record.path, *locate(record.data, ["tidigare_id", index]),
                                        f"tidigare_id[{index + 1}]", f"den gamla adressen "
                                        f"/{prefix}/{old}/ har redan sidan content/{page}; "
                                        "döp om sidan eller ta bort det tidigare id:t"))
    return problems


def _address_problems(root: Path, kind: Kind, names: list[str]) -> list[Problem]:
    """A hand-written page at a record's address: two sources of one page."""
    problems = []
    for name in names:
        for page in pages_at(root, kind.url_prefix, name[:-4]):
            problems.append(Problem(f"{kind.folder}/{name}", 0, 0, "", f"adressen "
                                    f"/{kind.url_prefix}/{name[:-4]}/ har redan sidan "
                                    f"content/{page}; döp om posten eller sidan"))
    return problems


def _read(file: Path, rel: str) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes; or None and why not (too large, unreadable, outside the project)."""
    root = file.parents[rel.count("/")]
    # The kind's folder is inside the project (_record_files), so a file that
    # is no symbolic link is too; resolving only links spares two resolve()s a file.
    if os.path.islink(file) and not inside(root, file):
        return None, [Problem(rel, 0, 0, "", "filen är en symbolisk länk till något utanför "
                              "projektet och läses inte; lägg posten i projektet i stället")]
    try:
        with open(file, "rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return None, [Problem(rel, 0, 0, "", f"filen kan inte läsas ({filesystem_error(error)})")]
    if len(raw) > MAX_FILE_BYTES:
        size = os.path.getsize(file)
        return None, [Problem(rel, 0, 0, "", f"filen är {size // 1024} KiB; en post får "
                              f"vara högst {MAX_FILE_BYTES // 1024} KiB")]
    return raw, []


def _record_files(root: Path, kind: Kind) -> tuple[list[str], list[Problem]]:
    """The names of a kind's record files, sorted; and problems for files named wrongly."""
    folder = root / kind.folder
    if not inside(root, folder):
        return [], [Problem(kind.folder, 0, 0, "", "mappen är en symbolisk länk till något "
                            "utanför projektet och läses inte")]
    try:
        with os.scandir(folder) as found:
            entries = [(e.name, e.is_dir()) for e in found]
    except OSError as error:  # gone, renamed or unreadable: never an empty section
        why = "finns inte" if isinstance(error, FileNotFoundError) else (
            "är ingen mapp" if isinstance(error, NotADirectoryError) else "kan inte läsas")
        return [], [Problem(kind.folder + "/", 0, 0, "", f"mappen för {kind.plural.lower()} "
                            f"{why}; återställ den (git checkout -- {kind.folder}) eller skapa "
                            "den tom om det inte ska finnas några")]
    entries.sort(key=lambda entry: os.path.normcase(entry[0]))  # as sorting Paths does
    names, problems = [], []
    for name, is_dir in entries:
        if name.startswith("."):
            continue
        if is_dir:
            problems.append(Problem(f"{kind.folder}/{name}/", 0, 0, "", "mappen läses inte: "
                                    f"poster ligger direkt i {kind.folder}/; flytta filerna dit"))
            continue
        suffix = PurePosixPath(name).suffix
        if suffix == ".yml":
            names.append(name)
        elif suffix.lower() in (".yaml", ".yml", ".txt", ".md"):
            problems.append(Problem(f"{kind.folder}/{name}", 0, 0, "", "filen läses inte; "
                                    f"{_new_name(folder, name)}"))
    return names, problems
