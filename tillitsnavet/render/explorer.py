"""The data behind the explorer page ("Utforska"): facets and one row per record.

Everything is computed at build time; the page's script only shows and
hides rows, so the full list is there without JavaScript and the filters
need no server. Facet values are slugs (ASCII, stable) in the URL and
Swedish labels on the page. A value the record marks as not confirmed by its
sources (``obekräftat``) is in no facet: choosing "Kalmar län" never shows a
record whose county no source confirms. The text filter still finds it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from ..records.catalog import Catalog
from ..records.kinds import KINDS, Record, suggest_id
from .swedish import sort_key


@dataclass
class Facet:
    """One filter group: its URL key, its Swedish legend, and its values in display order."""

    key: str
    legend: str
    values: list[tuple[str, str]] = field(default_factory=list)  # (slug, label)


@dataclass
class Row:
    record: Record
    values: dict[str, list[str]]  # facet key → slugs
    text: str  # folded words for the text filter


def fold(text: str) -> str:
    """Lower case without diacritics, so 'atgarder' finds 'åtgärder' (the script does the same)."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in plain if not unicodedata.combining(c))


def _years(record: Record) -> list[str]:
    period = record.confirmed_value("period") or {}
    start, end = period.get("start"), period.get("slut")
    if not start:
        return []
    first = int(start[:4])
    last = int(end[:4]) if end else first
    return [str(y) for y in range(first, min(last, first + 30) + 1)]


def _facet_values(record: Record) -> dict[str, list[str]]:
    def slugs(values) -> list[str]:
        return [suggest_id(v) for v in values if v]

    fact = record.confirmed_value
    return {
        "typ": [record.kind.key],
        "underlag": slugs([record.get("underlag")]),
        "sektor": slugs(fact("sektorer", [])),
        "lan": slugs([fact("län")]),
        "kommun": slugs([fact("kommun")]),
        "organisationstyp": slugs([fact("organisationstyp")]),
        "princip": slugs(fact("principer", [])),
        "ar": _years(record),
        "status": slugs([fact("status")]),
    }


def explorer_data(catalog: Catalog) -> tuple[list[Facet], list[Row]]:
    """Facets with the values that occur, and the rows in Swedish alphabetical order."""
    records = sorted(catalog.all(), key=lambda r: sort_key(r.title))
    rows = []
    for record in records:
        words = [record.title, record.get("sammanfattning", ""), record.get("organisation", ""),
                 record.get("kommun", ""), record.get("län", ""), " ".join(record.get("taggar", [])),
                 " ".join(record.get("sektorer", []))]
        rows.append(Row(record, _facet_values(record), fold(" ".join(w for w in words if w))))

    used: dict[str, dict[str, str]] = {}
    for row in rows:
        fact = row.record.confirmed_value
        labels = {
            "typ": [row.record.kind.plural],
            "underlag": [row.record.get("underlag")],
            "sektor": fact("sektorer", []),
            "lan": [fact("län")],
            "kommun": [fact("kommun")],
            "organisationstyp": [fact("organisationstyp")],
            "princip": [catalog.reference.by_name("principer").get(p, {}).get("rubrik", p)
                        for p in fact("principer", [])],
            "ar": row.values["ar"],
            "status": [fact("status")],
        }
        for key, slugs in row.values.items():
            for slug, label in zip(slugs, [l for l in labels[key] if l]):
                used.setdefault(key, {})[slug] = str(label)

    def ordered(key: str, order=None) -> list[tuple[str, str]]:
        values = used.get(key, {})
        if order is not None:
            return [(s, values[s]) for s in order if s in values]
        return sorted(values.items(), key=lambda item: sort_key(item[1]))

    facets = [
        Facet("typ", "Slag av post", ordered("typ", list(KINDS))),
        # strongest first, as on the page "Om webbplatsen"
        Facet("underlag", "Underlag", ordered("underlag", ["forskningsuppfoljt", "beskrivet", "omnamnt"])),
        Facet("sektor", "Sektor", ordered("sektor")),
        Facet("lan", "Län", ordered("lan")),
        Facet("kommun", "Kommun", ordered("kommun")),
        Facet("organisationstyp", "Organisationstyp", ordered("organisationstyp")),
        Facet("princip", "Princip", ordered("princip", [suggest_id(p["namn"]) for p in
                                                      catalog.reference.lists.get("principer", [])])),
        Facet("ar", "År", ordered("ar", sorted(used.get("ar", {})))),
        Facet("status", "Status", ordered("status", ["planerad", "pagaende", "avslutad"])),
    ]
    return [f for f in facets if f.values], rows
