"""Remembering valid records, so an unchanged record is read and checked only once.

Parsing a record with line marks and checking it costs a millisecond or more;
at 10,000 records that adds up on every ``check`` and every ``build``. This
module remembers which files passed every check of their own (YAML, schema,
dates, places), by the digest of their bytes:

* On disk, in ``.tillitsnavet-cache/poster.json`` (git-ignored; deleting it
  is always safe): path → digest, and the few fields that the checks across
  records read (``ACROSS_RECORDS``). A ``check`` takes an unchanged record
  from there without parsing it. Such a record's data holds only those
  fields; reading any other field of it raises `NotInCache`, and the check
  then reads the files instead, so a new check across records can be slow
  but never wrong (and tests/test_cache.py says which field to add).
* In memory, for the life of one process: the parsed record with its line
  marks, from loads with marks (``build`` inside MkDocs, ``rapport``,
  ``serve``). ``serve`` reloads the records after every save and so parses
  only the files that changed. ``check`` keeps no marks: it reads new and
  changed records quickly without them (catalog.py), so ``build`` parses
  each record once with marks inside MkDocs, but validates none again.

* On disk, in ``.tillitsnavet-cache/data.marshal``, for ``build`` only: the
  whole data (no line marks) of every record the last build read the quick
  way, so the next build takes an unchanged record from there instead of
  parsing its YAML again (loading 10,000 records: 3.8 s → 1.5 s). It is in Python's
  own `marshal` format, the fastest to read back; it is only ever read by
  the same Python version (the fingerprint). Like the rest of the folder it
  is trusted: what it holds is used without checking again, so it must be
  made here, by this project's own builds; a CI cache of it must not be
  shared with branches whose changes are not yet reviewed (ci/). Beside it, text.py
  keeps the HTML of the Markdown fields the last build rendered
  (``falt.marshal``), with `read_store` and `write_store`.

An entry is used only when the file's bytes and path are the same and so is
everything its checks depend on: the hub's code, the schemas, the reference
data (counties, municipalities) and the versions of Python, PyYAML and
jsonschema (the fingerprint). Files with problems are never remembered, so
their problems are always found afresh; a record that was valid stays valid
as time passes (the only date rule is "not in the future").
"""

from __future__ import annotations

import gc
import hashlib
import json
import marshal
import os
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

CACHE_DIR = ".tillitsnavet-cache"
_FILE = "poster.json"
_DATA_FILE = "data.marshal"
_VERSION = 1
_PACKAGE = Path(__file__).resolve().parent

#: The fields that the checks across records (semantic.check_references,
#: semantic.check_previous_ids) read, and the title. Add a field here when a
#: new check across records reads it.
ACROSS_RECORDS = frozenset({"titel", "försök", "forum", "tidigare_id"})

#: (fingerprint, path, digest) → parsed data with line marks, for this process
_memory: dict[tuple[str, str, str], Any] = {}


class NotInCache(LookupError):
    """A check read a field that the cache does not keep (see ACROSS_RECORDS)."""


class SlimData(dict):
    """A cached record's data for ``check``: the fields in ACROSS_RECORDS only.

    Reading a field the record has but the cache does not keep, or going
    through all fields, raises `NotInCache` instead of answering wrongly.
    """

    def __init__(self, kept: dict, others: list[str]):
        super().__init__(kept)
        self.others = frozenset(others)

    def _guard(self, key: Any) -> None:
        if key in self.others:
            raise NotInCache(key)

    def __getitem__(self, key):
        self._guard(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._guard(key)
        return super().get(key, default)

    def __contains__(self, key) -> bool:
        return key in self.others or super().__contains__(key)

    def _whole(self, *args):
        raise NotInCache("*")

    keys = values = items = __iter__ = __len__ = _whole  # type: ignore[assignment]


def digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def fingerprint(root: Path, schema_dir: Path) -> str:
    """Everything besides a record's own bytes that decides whether it is valid."""
    import yaml  # noqa: PLC0415

    h = hashlib.blake2b(digest_size=16)
    h.update(repr((_VERSION, sys.version, yaml.__version__, _libyaml_version(),
                   _version("jsonschema"), _version("referencing"))).encode())
    sources = [
        (_PACKAGE, sorted(_PACKAGE.rglob("*.py"))),
        (schema_dir, sorted(schema_dir.glob("*.json"))),
        (root, sorted((root / "data").glob("*.yml")) + sorted((root / "data" / "geo").glob("*"))),
    ]
    for base, paths in sources:
        for path in paths:
            name = path.relative_to(base).as_posix().encode()
            try:
                h.update(name + b"\0" + path.read_bytes() + b"\0")
            except OSError:
                h.update(name + b"\0?\0")
    return h.hexdigest()


def _libyaml_version() -> str:
    """libyaml's own version: it parses the records whose data the build keeps."""
    try:
        from yaml import _yaml  # noqa: PLC0415

        return _yaml.get_version_string()
    except (ImportError, AttributeError):
        return ""


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return ""


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def slim_fields(data: dict) -> tuple[dict, list[str]]:
    """What the cache keeps of a valid record: the ACROSS_RECORDS fields, the other names."""
    kept = {k: _plain(v) for k, v in data.items() if k in ACROSS_RECORDS}
    return kept, [k for k in data if k not in kept]


class RecordCache:
    """The valid records of one project, on disk and in memory."""

    def __init__(self, root: Path, schema_dir: Path):
        self.folder = root / CACHE_DIR
        self.fingerprint = fingerprint(root, schema_dir)
        self.entries: dict[str, list] = {}  # path → [digest, kept fields, other field names]
        self.seen: set[str] = set()
        self.changed = False
        try:
            stored = json.loads((self.folder / _FILE).read_text(encoding="utf-8"))
            if stored.get("fingerprint") == self.fingerprint:
                self.entries = stored["poster"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass  # no cache yet, or one from other code: start afresh
        self._build_data: dict[str, tuple[str, dict]] | None = None  # read when first asked
        self.build_data_changed = False

    def _read_build_data(self) -> dict[str, tuple[str, dict]]:
        if self._build_data is None:
            # none yet, or from other code: the build parses the records
            self._build_data = read_store(self.folder / _DATA_FILE, self.fingerprint) or {}
        return self._build_data

    def has_build_data(self) -> bool:
        return bool(self._read_build_data())

    def last_build_data(self, path: str, file_digest: str) -> dict | None:
        """The data the last build read from this version of ``path``, if it was valid."""
        if not self.is_valid(path, file_digest):
            return None
        entry = self._read_build_data().get(path)
        return entry[1] if entry is not None and entry[0] == file_digest else None

    def keep_build_data(self, path: str, file_digest: str, data: dict) -> None:
        """``data`` (plain, as quick_load reads it) of a valid record, for the next build."""
        store = self._read_build_data()
        entry = store.get(path)
        if entry is None or entry[0] != file_digest:
            store[path] = (file_digest, data)
            self.build_data_changed = True

    def parsed(self, path: str, file_digest: str) -> Any | None:
        """The record as parsed earlier in this process, with its line marks."""
        self.seen.add(path)
        return _memory.get((self.fingerprint, path, file_digest))

    def knows(self, path: str) -> bool:
        """Whether a version of ``path`` passed its checks before (maybe not this one)."""
        return path in self.entries

    def is_valid(self, path: str, file_digest: str) -> bool:
        entry = self.entries.get(path)
        return entry is not None and entry[0] == file_digest

    def slim(self, path: str, file_digest: str) -> SlimData | None:
        """The fields in ACROSS_RECORDS of a record that passed its checks before."""
        entry = self.entries.get(path)
        if entry is None or entry[0] != file_digest:
            return None
        return SlimData(entry[1], entry[2])

    def still_there(self, paths) -> None:
        """These files exist: `save` keeps what is known of them."""
        self.seen.update(paths)

    def remember(self, path: str, file_digest: str, data: dict) -> None:
        """``data`` (with its line marks) passed every check of its own."""
        _memory[(self.fingerprint, path, file_digest)] = data
        if not self.is_valid(path, file_digest):
            self.remember_slim(path, file_digest, *slim_fields(data))

    def remember_slim(self, path: str, file_digest: str, kept: dict, others: list[str]) -> SlimData:
        """A record that passed every check of its own, known only by `slim_fields`."""
        self.seen.add(path)
        self.entries[path] = [file_digest, kept, others]
        self.changed = True
        return SlimData(kept, others)

    def save(self) -> None:
        """Forget files that are gone; write the index if it changed (never fails)."""
        for path in [p for p in self.entries if p not in self.seen]:
            del self.entries[path]
            self.changed = True
        for key in [k for k in _memory if k[0] != self.fingerprint or k[1] not in self.seen]:
            del _memory[key]
        if self._build_data is not None:
            for path in [p for p in self._build_data if p not in self.seen]:
                del self._build_data[path]
                self.build_data_changed = True
            if self.build_data_changed:
                write_store(self.folder / _DATA_FILE, self.fingerprint, self._build_data)
                self.build_data_changed = False
        if not self.changed:
            return
        # dumps, not dump: only the one-shot encoder is the C one (5× faster)
        _write(self.folder / _FILE, json.dumps(
            {"fingerprint": self.fingerprint, "poster": self.entries},
            ensure_ascii=False, separators=(",", ":")).encode())
        self.changed = False


def read_store(file: Path, expected_fingerprint: str | None) -> dict | None:
    """The dict `write_store` kept in ``file``; None if missing, damaged or from other code."""
    if expected_fingerprint is None:
        return None
    try:
        raw = file.read_bytes()
        # up to a million small objects at 10,000 records: no collection while they arrive
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            stored = marshal.loads(raw)
        finally:
            if was_enabled:
                gc.enable()
        if type(stored) is dict and stored.get("fingerprint") == expected_fingerprint:
            content = stored.get("innehåll")
            return content if type(content) is dict else None
        return None
    except (OSError, ValueError, EOFError, TypeError):
        return None


def write_store(file: Path, file_fingerprint: str, content: dict) -> None:
    """Keep plain ``content`` (dicts, lists, text) for `read_store`, in marshal (fastest to read)."""
    _write(file, marshal.dumps({"fingerprint": file_fingerprint, "innehåll": content}))


def _write(file: Path, content: bytes) -> None:
    """Replace one file of the cache whole, or not at all (never fails)."""
    try:
        file.parent.mkdir(exist_ok=True)
        ignore = file.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n", encoding="utf-8")
        # what an interrupted write left (the build stopped, the disk full) goes now
        for left in file.parent.glob(f".{file.name}-*.tmp"):
            left.unlink(missing_ok=True)
        fd, temp = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}-", suffix=".tmp")
    except OSError:
        return  # a read-only checkout works, only slower
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
        os.replace(temp, file)
    except BaseException as error:  # also Ctrl+C, or the worker stopped mid-write
        try:
            os.unlink(temp)
        except OSError:
            pass
        if not isinstance(error, OSError):
            raise
