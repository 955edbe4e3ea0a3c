"""The small map of one record's place: its county and municipality over a shared map.

Every record page with a place carries one, so the country is one file of
the site (SHARED_MAP) and the page draws only its own county and
municipality, with the other records of the same place named beneath.
"""

from __future__ import annotations

from pathlib import Path

from ...records.catalog import Catalog
from ...records.kinds import Record
from ..links import Links
from ..swedish import by_title
from . import counts
from .county_map import Layout, Shape, layout
from .svg import esc, link, num, open_svg

#: A municipality dot's tap target, as county_map.HIT_RADIUS, on the small map
#: (100 units wide, drawn 1.2 px a unit).
SMALL_HIT_RADIUS = 10

#: The country under every small map: a file of the site, so a record page carries only
#: an <image> of it and its own county and municipality.
SHARED_MAP = "assets/sverige.svg"


def _small_layout(root: Path) -> Layout:
    return layout(root, width=100, tolerance=1.0, min_area=1.2)


def shared_map(root: Path) -> str:
    """SHARED_MAP in half-transparent greys: an image, which the theme's colours cannot
    reach, that reads on light and dark pages."""
    lay = _small_layout(root)
    shapes = "".join(f'<path d="{s.d}"/>' for _, s in sorted(lay.shapes.items()))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {num(lay.width)} '
            f'{num(lay.height)}" width="{num(lay.width)}" height="{num(lay.height)}">'
            '<title>Sveriges län</title>'
            '<g fill="#808080" fill-opacity=".18" stroke="#808080" stroke-opacity=".7" '
            f'stroke-width=".3" fill-rule="evenodd">{shapes}</g></svg>\n')


def location_map(record: Record, catalog: Catalog, root: Path, links: Links, places: dict) -> str:
    """The record's county (a link) and municipality (a point) over SHARED_MAP; empty
    without a place (most state agencies)."""
    county = counts.county_of(record, catalog)
    if county is None or county not in catalog.reference.county_map_names:
        return ""
    lay = _small_layout(root)
    own = lay.shapes.get(catalog.reference.county_map_names[county])
    if own is None:
        return ""
    municipality = catalog.reference.municipalities.get(record.get("kommun") or "")
    # records in the same place, linking alike, draw the same map
    key = (county, municipality.name if municipality else None, links.explorer(lan=county))
    if key not in lay.drawn:
        lay.drawn[key] = _draw_location(lay, own, county, municipality, links)
    where = f"{municipality.name} i {county}" if municipality else county
    more = _more_here(record, county, municipality.name if municipality else None, places, links)
    return (f'<figure class="hub-bild hub-plats-figur">{lay.drawn[key]}<figcaption>'
            f'{esc(where)}<br>{"<br>".join(more)}</figcaption></figure>')


MORE_HERE = 3


def records_by_place(catalog: Catalog) -> dict[tuple[str, str], list[Record]]:
    """('län', name) and ('kommun', name) → the records confirmed there, in title order."""
    places: dict[tuple[str, str], list[Record]] = {}
    for record in by_title(catalog.all()):
        county = counts.county_of(record, catalog)
        if county:
            places.setdefault(("län", county), []).append(record)
        if record.confirmed_value("kommun"):
            places.setdefault(("kommun", record.data["kommun"]), []).append(record)
    return places


def place_mates(record: Record, county: str, municipality: str | None,
                places: dict[tuple[str, str], list[Record]]) -> list[tuple[str, int, list[Record], int]]:
    """(place, records there, the others named, others not named): municipality, then
    county; no record named twice, the page's own never."""
    found, named = [], {record.src_uri}
    for kind, name in ([("kommun", municipality)] if municipality else []) + [("län", county)]:
        here = places.get((kind, name), [])
        others = [r for r in here if r.src_uri not in named]
        shown = others[:MORE_HERE]
        named |= {r.src_uri for r in shown}
        found.append((name, len(here), shown, len(others) - len(shown)))
    return found


def _more_here(record: Record, county: str, municipality: str | None,
               places: dict[tuple[str, str], list[Record]], links: Links) -> list[str]:
    lines = []
    for name, total, shown, rest in place_mates(record, county, municipality, places):
        if shown:
            lines.append(f"Fler poster i {esc(name)}: " + ", ".join(
                f'<a href="{esc(links.to(r.src_uri))}">{esc(r.title)}</a>' for r in shown)
                + (f" och {rest} till" if rest else ""))
        elif total <= 1:
            lines.append(f"Inga andra poster i {esc(name)}.")
    total = len(places.get(("län", county), []))
    if total > 1:
        lines.append(f'<a href="{esc(links.explorer(lan=county))}">Alla {total} poster i '
                     f'{esc(county)} i Utforska</a>')
    return lines


def _draw_location(lay: Layout, own: Shape, county: str, municipality, links: Links) -> str:
    where = f"{municipality.name} i {county}" if municipality else county
    parts = [f'<image href="{esc(links.file(SHARED_MAP))}" width="{num(lay.width)}" '
             f'height="{num(lay.height)}" aria-hidden="true"/>',
             link(links.explorer(lan=county), f"{county}: alla poster i länet",
                  f'<path class="hub-eget" d="{own.d}" fill-rule="evenodd"/>', "hub-lan")]
    if municipality:
        x, y = lay.project(municipality.lon, municipality.lat)
        parts.append(link(links.explorer(lan=county, kommun=municipality.name),
                          f"{municipality.name}: alla poster i kommunen",
                          f'<circle class="hub-traffyta" cx="{num(x)}" cy="{num(y)}" r="{SMALL_HIT_RADIUS}"/>'
                          f'<circle cx="{num(x)}" cy="{num(y)}" r="2.6"/>', "hub-ort"))
    desc = (f"Sverigekarta där {county} är markerat"
            + (f" och {municipality.name} är en punkt." if municipality else "."))
    return (open_svg("hub-plats", lay.width, lay.height, f"Karta: {where}", desc, css_class="hub-liten-karta")
            + "".join(parts) + "</svg>")
