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

from .problems import Problem
from .schema_check import Schemas, schema_problems
from .yaml_loader import load_bytes

#: data file → (schema, top-level list key)
REFERENCE_FILES = {
    "principer": ("principer.schema.json", "principer"),
    "sektorer": ("sektorer.schema.json", "sektorer"),
    "rapporter": ("rapporter.schema.json", "rapporter"),
    "tidslinje": ("tidslinje.schema.json", "händelser"),
    "synonymer": ("synonymer.schema.json", "synonymer"),  # for search (publish/search_aids.py)
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
    sources: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
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


def load_reference(root: Path, schemas: Schemas) -> tuple[Reference, list[Problem]]:
    """Load and check ``data/*.yml`` reference lists and the geodata."""
    reference = Reference()
    problems: list[Problem] = []
    hashed = hashlib.sha256()

    def read(rel: str) -> bytes | None:
        if (root / rel).exists() and not inside(root, root / rel):
            problems.append(Problem(rel, 0, 0, "", "filen är en symbolisk länk till något utanför "
                                    "projektet och läses inte; återställ den från git"))
            hashed.update(rel.encode() + b"\0-\0")
            return None
        try:
            raw = (root / rel).read_bytes()
        except OSError:
            hashed.update(rel.encode() + b"\0-\0")
            return None
        hashed.update(rel.encode() + b"\0" + raw + b"\0")
        return raw

    for name, (schema, key) in REFERENCE_FILES.items():
        rel = f"data/{name}.yml"
        raw = read(rel)
        if raw is None:
            if not (root / rel).exists():
                problems.append(Problem(rel, 0, 0, "", "referensfilen saknas"))
            continue
        data, found = load_bytes(raw, rel)
        if data is not None:
            found += schema_problems(data, schemas, schema, rel)
        problems += found
        if not found:
            reference.lists[name] = list(data[key])
            reference.sources[name] = list(data.get("källor") or [])

    raw = read("data/lan.yml")
    counties, found = load_bytes(raw, "data/lan.yml") if raw is not None else (None, [
        Problem("data/lan.yml", 0, 0, "", "referensfilen saknas")])
    problems += found
    for county in (counties or {}).get("län", []):
        reference.counties[county["namn"]] = county["kod"]
        reference.county_map_names[county["namn"]] = county["kartnamn"]

    geo = read("data/geo/swedish_municipalities.geojson")
    if geo is None:
        problems.append(Problem("data/geo/swedish_municipalities.geojson", 0, 0, "",
                                "kommunernas geodata saknas; återställ filen från git"))
    for feature in json.loads(geo or b'{"features": []}')["features"]:
        props = feature["properties"]
        lat, lon = props["geo_point_2d"]
        reference.municipalities[props["kom_namn"]] = Municipality(
            props["id"], props["kom_namn"], props["lan_code"], lat, lon
        )
    reference.digest = hashed.hexdigest()
    return reference, problems
