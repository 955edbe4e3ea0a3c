"""Reference data the records are checked against and rendered with.

Principles, sectors, reports and the timeline are YAML in ``data/``, checked
by their own schemas. Counties and municipalities come from the GeoJSON in
``data/geo`` (Sweden's 21 counties and 290 municipalities), so a record's
``kommun`` and ``län`` can be checked against each other.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .problems import Problem, excerpt
from .schema_check import Schemas, schema_problems
from .text_rules import text_problems
from .yaml_loader import load_bytes

#: data file → (schema, top-level list key)
REFERENCE_FILES = {
    "principer": ("principer.schema.json", "principer"),
    "sektorer": ("sektorer.schema.json", "sektorer"),
    "rapporter": ("rapporter.schema.json", "rapporter"),
    "tidslinje": ("tidslinje.schema.json", "händelser"),
    "synonymer": ("synonymer.schema.json", "synonymer"),  # for search (publish/search_aids.py)
    "lan": ("lan.schema.json", "län"),  # the counties, with the names the map uses
}


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    county_code: str
    lat: float
    lon: float


@dataclass
class Reference:
    """Everything records refer to by name, loaded once per build."""

    lists: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    counties: dict[str, str] = field(default_factory=dict)  # name → code
    county_map_names: dict[str, str] = field(default_factory=dict)  # name → GeoJSON name
    municipalities: dict[str, Municipality] = field(default_factory=dict)  # name → data
    #: SHA-256 over the bytes of every file read for it
    digest: str = ""

    def county_of(self, municipality: str) -> str | None:
        """The county name a municipality lies in, or None if unknown."""
        found = self.municipalities.get(municipality)
        if not found:
            return None
        return next((n for n, c in self.counties.items() if c == found.county_code), None)

    def by_name(self, list_name: str) -> dict[str, dict[str, Any]]:
        return {item["namn"]: item for item in self.lists.get(list_name, [])}


def inside(root: Path, path: Path) -> bool:
    """Whether ``path``, its symbolic links followed, lies within the project ``root``."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except OSError:
        return False


#: The file read for the reference data besides REFERENCE_FILES' lists.
_MUNICIPALITIES = "data/geo/swedish_municipalities.geojson"


def load_reference(root: Path, schemas: Schemas,
                   memo: ReferenceMemo | None = None) -> tuple[Reference, list[Problem]]:
    """Load and check ``data/*.yml`` reference lists and the geodata.

    With a ``memo`` (the preview's), files whose bytes and schemas are those
    of the last load are not parsed and checked again: the result is made
    from nothing else (a file's absence, unreadability or link out of the
    project is part of the key), so it is the same either way.
    """
    read_problems: list[Problem] = []
    contents: dict[str, bytes | None] = {}
    hashed = hashlib.sha256()
    for rel in [f"data/{name}.yml" for name in REFERENCE_FILES] + [_MUNICIPALITIES]:
        contents[rel] = None
        if (root / rel).exists() and not inside(root, root / rel):
            read_problems.append(Problem(rel, 0, 0, "", "filen är en symbolisk länk till något "
                                         "utanför projektet och läses inte; återställ den från git"))
            read = b"-utanfor"
        else:
            try:
                read = contents[rel] = (root / rel).read_bytes()
            except OSError:
                read = b"-olasbar" if (root / rel).exists() else b"-saknas"
        hashed.update(rel.encode() + b"\0" + read + b"\0")
    key = f"{schemas.digest} {hashed.hexdigest()}"
    if memo is not None and memo.key == key:
        return memo.reference, list(memo.problems)
    reference, problems = _parse_reference(root, schemas, contents)
    reference.digest = hashed.hexdigest()
    problems = read_problems + problems
    if memo is not None:
        memo.key, memo.reference, memo.problems = key, reference, list(problems)
    return reference, problems


@dataclass
class ReferenceMemo:
    """The reference data of the last load and what it was made from (``load_reference``)."""

    key: str = ""
    reference: Reference = field(default_factory=lambda: Reference())
    problems: list[Problem] = field(default_factory=list)


def _parse_reference(root: Path, schemas: Schemas,
                     contents: dict[str, bytes | None]) -> tuple[Reference, list[Problem]]:
    reference = Reference()
    problems: list[Problem] = []
    for name, (schema, key) in REFERENCE_FILES.items():
        rel = f"data/{name}.yml"
        raw = contents[rel]
        if raw is None:
            if not (root / rel).exists():
                problems.append(Problem(rel, 0, 0, "", "referensfilen saknas"))
            continue
        data, found = load_bytes(raw, rel)
        if data is not None:
            found += schema_problems(data, schemas, schema, rel)
        if data is not None and not found:
            found += text_problems(data, rel, schemas.markdown_fields(schema))
        problems += found
        if not found:
            reference.lists[name] = list(data[key])

    for county in reference.lists.get("lan", []):
        reference.counties[county["namn"]] = county["kod"]
        reference.county_map_names[county["namn"]] = county["kartnamn"]

    geo = contents[_MUNICIPALITIES]
    if geo is None:
        problems.append(Problem(_MUNICIPALITIES, 0, 0, "",
                                "kommunernas geodata saknas; återställ filen från git"))
    try:
        for feature in json.loads(geo or b'{"features": []}')["features"]:
            props = feature["properties"]
            lat, lon = props["geo_point_2d"]
            reference.municipalities[props["kom_namn"]] = Municipality(
                props["id"], props["kom_namn"], props["lan_code"], lat, lon)
    except (ValueError, KeyError, TypeError) as error:
        problems.append(Problem(_MUNICIPALITIES, 0, 0, "", "kommunernas geodata kan inte läsas "
                                f"({type(error).__name__}: {excerpt(str(error))}); återställ "
                                "filen från git"))
    return reference, problems
