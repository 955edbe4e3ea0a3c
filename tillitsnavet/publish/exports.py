"""Open data: the published records as JSON and CSV, and the schemas they follow.

Each record is wrapped in an envelope (``schemas/oppna-data.schema.json``) whose ``post``
holds its fields exactly as written, so it validates against the kind's own schema.
The CSV is for a Swedish Excel: UTF-8 with a byte order mark, semicolons, CRLF; lists
joined with `` | `` (``|`` and ``\\`` escaped, so a cell splits back), objects flattened
(``period.start``); the JSON is the complete form.
"""

from __future__ import annotations

import csv
import io
import json
import urllib.parse
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


def newest_review(records: list[Record]) -> str:
    """The data's date (not the build's): the newest ``senast_granskad``."""
    return max((r.get("senast_granskad", "") for r in records), default="")


def all_records_json(catalog: Catalog, site_url: str) -> str:
    records = in_order(catalog)
    # one line: json's C encoder only runs without indent (5–10 times faster),
    # and the file with every record is read by programs, not people
    return json.dumps({
        "titel": "Tillitsnavet – öppna data",
        "källa": absolute_url(site_url, ""),
        "licens": LICENCE,
        "schema": SCHEMA_BASE + ENVELOPE_SCHEMA,
        "senast_granskad": newest_review(records),
        "antal": len(records),
        "poster": [envelope(r, site_url) for r in records],
    }, ensure_ascii=False, separators=(",", ":")) + "\n"


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
    """A leading ' on a cell that could start a formula (OWASP); spreadsheets hide it."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def record_files(record: Record, site_url: str) -> dict[str, str]:
    """The open-data file of one record: path → content."""
    return {f"{DATA_DIR}/{record.kind.key}/{record.id}.json":
            json.dumps(envelope(record, site_url), ensure_ascii=False, indent=2) + "\n"}


def open_data_files(catalog: Catalog, site_url: str,
                    schema_dir: Path = SCHEMA_DIR) -> dict[str, str | bytes]:
    """Every open-data file of a build: site path → UTF-8 bytes.

    Encoded as each is made: the build holds them all, and a str with one "—" in it
    takes two bytes a character.
    """
    files: dict[str, str | bytes] = {ALL_FILE: all_records_json(catalog, site_url).encode()}
    for record in in_order(catalog):
        files.update((path, text.encode()) for path, text in record_files(record, site_url).items())
    for kind_key in KINDS:
        files[f"{DATA_DIR}/{kind_key}.csv"] = kind_csv(catalog, kind_key, site_url)
    for schema in sorted(schema_dir.glob("*.schema.json")):
        files[f"{SCHEMAS_DIR}/{schema.name}"] = schema.read_bytes()
    return files
