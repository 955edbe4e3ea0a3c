"""Reference data the records are checked against and rendered with.

Principles, sectors, reports and the timeline are YAML in ``data/``, checked
by their own schemas. Counties and municipalities come from the GeoJSON in
``data/geo`` (Sweden's 21 counties and 290 municipalities), so a record's
``kommun`` and ``län`` can be checked against each other.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .problems import Problem
from .schema_check import schema_problems
from .yaml_loader import load_file

#: data file → (schema, top-level list key)
REFERENCE_FILES = {
    "principer": ("principer.schema.json", "principer"),
    "sektorer": ("sektorer.schema.json", "sektorer"),
    "rapporter": ("rapporter.schema.json", "rapporter"),
    "tidslinje": ("tidslinje.schema.json", "händelser"),
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

    def county_of(self, municipality: str) -> str | None:
        """The county name a municipality lies in, or None if unknown."""
        found = self.municipalities.get(municipality)
        if not found:
            return None
        return next((n for n, c in self.counties.items() if c == found.county_code), None)

    def by_name(self, list_name: str) -> dict[str, dict[str, Any]]:
        return {item["namn"]: item for item in self.lists.get(list_name, [])}


def load_reference(root: Path) -> tuple[Reference, list[Problem]]:
    """Load and check ``data/*.yml`` reference lists and the geodata."""
    reference = Reference()
    problems: list[Problem] = []
    for name, (schema, key) in REFERENCE_FILES.items():
        file = root / "data" / f"{name}.yml"
        if not file.exists():
            problems.append(Problem(f"data/{name}.yml", 0, 0, "", "referensfilen saknas"))
            continue
        data, found = load_file(file, root)
        if data is not None:
            found += schema_problems(data, schema, f"data/{name}.yml")
        problems += found
        if not found:
            reference.lists[name] = list(data[key])
            reference.sources[name] = list(data.get("källor") or [])

    counties, found = load_file(root / "data" / "lan.yml", root)
    problems += found
    for county in (counties or {}).get("län", []):
        reference.counties[county["namn"]] = county["kod"]
        reference.county_map_names[county["namn"]] = county["kartnamn"]

    geo = root / "data" / "geo" / "swedish_municipalities.geojson"
    for feature in json.loads(geo.read_text(encoding="utf-8"))["features"]:
        props = feature["properties"]
        lat, lon = props["geo_point_2d"]
        reference.municipalities[props["kom_namn"]] = Municipality(
            props["id"], props["kom_namn"], props["lan_code"], lat, lon
        )
    return reference, problems
