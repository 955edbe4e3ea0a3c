r"""Open data: the published records as JSON and CSV, and the schemas they follow.

Every build publishes, below the site root:

* ``data/tillitsnavet.json`` — every published record;
* ``data/<slag>/<id>.json`` — one file per record;
* ``data/<slag>.csv`` — one table per kind, for spreadsheets;
* ``schemas/*.schema.json`` — the JSON Schemas, at the addresses their ``$id`` names.

Each record is wrapped in a small envelope (``schemas/oppna-data.schema.json``):
``{"id", "slag", "etikett", "adress", "schema", "post"}``, where ``post`` holds the
record's fields exactly as written in its YAML file, so it validates against
the kind's own schema. Drafts are never exported.

The CSV is for a Swedish Excel: UTF-8 with a byte order mark (so å, ä, ö
show), semicolons between columns, CRLF line ends, one row per record; a
cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``,
tab, CR first) starts with an apostrophe (`defused`). Lists
are joined with `` | `` (a ``|`` or ``\`` inside an item escaped with ``\``,
so a cell splits back into its items) and objects flattened
(``period.start``); the JSON is the complete form.
"""

from __future__ import annotations

import urllib.parse

import csv
import io
import json
from pathlib import Path
from typing import Any

from ..records.catalog import Catalog
from ..records.fields import SCHEMA_DIR, schema_fields
from ..records.kinds import KINDS, Record

DATA_DIR = "data"
SCHEMAS_DIR = "schemas"
ALL_FILE = f"{DATA_DIR}/tillitsnavet.json"
ENVELOPE_SCHEMA = "oppna-data.schema.json"
SCHEMA_BASE = "https://tillitsnavet.se/schemas/"
LIST_SEPARATOR = " | "
LICENCE = "CC0 1.0 (https://creativecommons.org/publicdomain/zero/1.0/deed.sv)"


def in_order(catalog: Catalog) -> list[Record]:
    """The catalog's records in a stable order (kind, then id); a build's catalog has no drafts."""
    return [r for kind in KINDS for r in sorted(catalog.of_kind(kind), key=lambda r: r.id)]


def absolute_url(site_url: str, path: str) -> str:
    """The address of a site path, percent-encoded as sitemaps and feeds require (RFC 3986)."""
    path = urllib.parse.quote(path, safe="/:@!$&'()*+,;=-._~%#?")
    return (site_url.rstrip("/") + "/" + path) if site_url else "/" + path


def _plain(value: Any) -> Any:
    """The loader's line-aware dicts and lists as plain JSON values."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def envelope(record: Record, site_url: str) -> dict[str, Any]:
    """A record as published: who it is, where its page is, and its fields as written."""
    return {
        "id": record.id,
        "slag": record.kind.key,
        "etikett": record.label,  # a pilot record mentioned only as an example is not called a pilot
        "adress": absolute_url(site_url, record.url),
        "schema": SCHEMA_BASE + record.kind.schema,
        "post": _plain(record.data),
    }


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _dumps_compact(value: Any) -> str:
    # one line: json's C encoder only runs without indent (5–10 times faster),
    # and the file with every record is read by programs, not people
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


def all_records_json(catalog: Catalog, site_url: str) -> str:
    records = in_order(catalog)
    reviewed = max((r.get("senast_granskad", "") for r in records), default="")
    return _dumps_compact({
        "titel": "Tillitsnavet – öppna data",
        "källa": absolute_url(site_url, ""),
        "licens": LICENCE,
        "schema": SCHEMA_BASE + ENVELOPE_SCHEMA,
        "senast_granskad": reviewed,  # the newest review: the data's date, not the build's
        "antal": len(records),
        "poster": [envelope(r, site_url) for r in records],
    })


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        # "\" and "|" inside an item are escaped, so the cell splits back into its items
        return LIST_SEPARATOR.join(_item(v).replace("\\", "\\\\").replace("|", "\\|")
                                   for v in value)
    return str(value)


def _item(value: Any) -> str:
    """One object of a list (a source, a person) as one line of text."""
    if not isinstance(value, dict):
        return str(value)
    if "titel" in value:  # a source: "Titel, utgivare, datum <url>"
        text = ", ".join(str(value[k]) for k in ("titel", "utgivare", "datum") if value.get(k))
        return text + (f" <{value['url']}>" if value.get("url") else "")
    return ", ".join(str(v) for v in value.values() if v)  # a person: namn, organisation, roll


def csv_columns(kind_key: str) -> list[str]:
    """The CSV header of one kind: id and address, then the schema's fields in order."""
    columns = ["id", "adress"]
    for field in schema_fields(KINDS[kind_key].schema):
        if field.name == "utkast":
            continue
        if field.form == "objekt":
            columns += [f"{field.name}.{sub}" for sub in field.subfields]
        else:
            columns.append(field.name)
    return columns


def kind_csv(catalog: Catalog, kind_key: str, site_url: str) -> bytes:
    """One kind's records as a CSV that a Swedish Excel opens as it is."""
    columns = csv_columns(kind_key)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(columns)
    for record in (r for r in in_order(catalog) if r.kind.key == kind_key):
        row = []
        for column in columns:
            if column == "id":
                row.append(record.id)
            elif column == "adress":
                row.append(absolute_url(site_url, record.url))
            elif "." in column:
                name, sub = column.split(".", 1)
                row.append(_cell((record.get(name) or {}).get(sub)))
            else:
                row.append(_cell(record.get(column)))
        writer.writerow([defused(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


#: What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defused(cell: str) -> str:
    """A CSV cell a spreadsheet shows as text: one that could start a formula gets a leading '.

    As OWASP recommends; Excel and LibreOffice hide the apostrophe. The JSON
    keeps the exact text.
    """
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def record_files(record: Record, site_url: str) -> dict[str, str]:
    """The open-data file of one record: path → content."""
    return {record_file_path(record): record_json(record, site_url)}


def record_file_path(record: Record) -> str:
    return f"{DATA_DIR}/{record.kind.key}/{record.id}.json"


def record_json(record: Record, site_url: str) -> str:
    return _dumps(envelope(record, site_url))


def open_data_files(catalog: Catalog, site_url: str,
                    schema_dir: Path = SCHEMA_DIR) -> dict[str, str | bytes]:
    """Every open-data file of a build: site-relative path → content (UTF-8).

    Encoded as each is made: a build holds them all until the adapter has
    written them, and a Python string with one "—" in it takes two bytes a
    character.
    """
    files: dict[str, str | bytes] = {ALL_FILE: all_records_json(catalog, site_url).encode()}
    for record in in_order(catalog):
        files[record_file_path(record)] = record_json(record, site_url).encode()
    for kind_key in KINDS:
        files[f"{DATA_DIR}/{kind_key}.csv"] = kind_csv(catalog, kind_key, site_url)
    for schema in sorted(schema_dir.glob("*.schema.json")):
        files[f"{SCHEMAS_DIR}/{schema.name}"] = schema.read_bytes()
    return files
