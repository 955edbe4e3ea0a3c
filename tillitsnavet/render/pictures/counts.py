"""What the pictures count: published records per county, municipality and sector.

A value the record marks as not confirmed by its sources (``obekräftat``) is not counted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ...records.catalog import Catalog
from ...records.kinds import Record
from ..swedish import sort_key
from ..links import Links
from .svg import esc

#: Kinds whose records put a point on the map (a forum is an event, not a place of practice).
POINT_KINDS = ("forsok", "exempel")


def county_of(record: Record, catalog: Catalog) -> str | None:
    """The record's confirmed county, or the county of its confirmed municipality."""
    if record.confirmed_value("län"):
        return record.data["län"]
    if record.confirmed_value("kommun"):
        return catalog.reference.county_of(record.data["kommun"])
    return None


@dataclass
class Place:
    name: str
    county: str
    lat: float
    lon: float
    kinds: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.kinds.values())


def by_county(catalog: Catalog) -> dict[str, int]:
    """Every county in lan.yml with its number of published records (0 included)."""
    counts = {name: 0 for name in catalog.reference.counties}
    for record in catalog.all():
        county = county_of(record, catalog)
        if county in counts:
            counts[county] += 1
    return counts


def without_county(catalog: Catalog) -> int:
    return sum(1 for r in catalog.all() if county_of(r, catalog) is None)


def places(catalog: Catalog) -> list[Place]:
    """Municipalities with published pilots or practices, in Swedish order."""
    found: dict[str, Place] = {}
    for record in catalog.all():
        name = record.confirmed_value("kommun")
        municipality = catalog.reference.municipalities.get(name) if name else None
        if record.kind.key not in POINT_KINDS or municipality is None:
            continue
        county = county_of(record, catalog) or ""
        place = found.setdefault(name, Place(name, county, municipality.lat, municipality.lon))
        place.kinds[record.kind.key] += 1
    return sorted(found.values(), key=lambda p: sort_key(p.name))


def by_sector(catalog: Catalog) -> dict[str, int]:
    """Sectors in the order of data/sektorer.yml, with their number of records."""
    counts = {item["namn"]: 0 for item in catalog.reference.lists.get("sektorer", [])}
    for record in catalog.all():
        for sector in record.confirmed_value("sektorer") or []:
            counts[sector] = counts.get(sector, 0) + 1
    return counts


def describe_kinds(kinds: Counter) -> str:
    words = {"forsok": ("försök", "försök"), "exempel": ("gott exempel", "goda exempel"),
             "forum": ("forum", "forum")}
    parts = [f"{kinds[k]} {words[k][0] if kinds[k] == 1 else words[k][1]}"
             for k in ("forsok", "exempel", "forum") if kinds.get(k)]
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + " och " + parts[-1]
    return parts[0] if parts else ""


def short_names(records: list[Record]) -> dict[str, str]:
    """Record id → its organisation (what managers call a pilot), or its title where two share one."""
    orgs = Counter(r.get("organisation") for r in records)
    return {r.id: r.data["organisation"] if r.get("organisation") and orgs[r.get("organisation")] == 1
            else r.title for r in records}


def linked_names(records: list[Record], links: Links, most: int) -> str:
    """The first ``most`` records by short name, linked, and how many more there are."""
    names = short_names(records)
    text = ", ".join(f'<a href="{esc(links.to(r.src_uri))}" title="{esc(r.title)}">'
                     f'{esc(names[r.id])}</a>' for r in records[:most])
    return text + (f" och {len(records) - most} till" if len(records) > most else "")

