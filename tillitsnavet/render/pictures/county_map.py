"""The map of Sweden's counties as SVG, shaded by records, with points for municipalities.

Computed at build time from ``data/geo/swedish_regions.geojson`` (no tiles, no map
library, no request from the reader's browser); the projected shapes are cached per
geodata file and size, so thousands of record pages project the counties once.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ...records.catalog import Catalog
from ..swedish import sort_key
from . import counts
from .geometry import Box, Ring, area, box_around, fitting_place, label_point, path_data, simplify
from ..links import Links
from .projection import Albers, Fit, Point
from .svg import esc, link, num, open_svg, plural

GEODATA = Path("data") / "geo" / "swedish_regions.geojson"


@dataclass(frozen=True)
class Shape:
    d: str
    outline: tuple  # the largest ring, where a label can go


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    shapes: dict[str, Shape]
    fit: Fit
    #: small maps already drawn with this layout (location_map), by what makes them differ
    drawn: dict[tuple, str] = field(default_factory=dict, compare=False, hash=False)

    def project(self, lon: float, lat: float) -> Point:
        return self.fit(_ALBERS(lon, lat))


_ALBERS = Albers()


def layout(root: Path, width: float, tolerance: float, min_area: float) -> Layout:
    file = root / GEODATA
    return _layout(str(file), file.stat().st_mtime_ns, width, tolerance, min_area)


@lru_cache(maxsize=8)
def _layout(file: str, _mtime: int, width: float, tolerance: float, min_area: float) -> Layout:
    features = json.loads(Path(file).read_text(encoding="utf-8"))["features"]
    projected: dict[str, list[list[Ring]]] = {}
    for feature in features:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        projected[feature["properties"]["name"]] = [
            [[_ALBERS(lon, lat) for lon, lat in ring] for ring in polygon] for polygon in polygons]
    everything = [p for polygons in projected.values() for polygon in polygons for ring in polygon for p in ring]
    fit = Fit.to_width(everything, width, margin=width / 50)
    shapes = {}
    for name, polygons in projected.items():
        rings: list[Ring] = []
        outer: list[Ring] = []
        for polygon in polygons:
            fitted = [simplify([fit(p) for p in ring], tolerance) for ring in polygon]
            # Islands and lakes smaller than a few pixels are noise at this size.
            fitted = [ring for ring in fitted if len(ring) >= 4 and area(ring) >= min_area]
            if fitted:
                outer.append(fitted[0])
                rings += fitted
        largest = max(outer, key=area)
        shapes[name] = Shape(path_data(rings), tuple(largest))
    return Layout(width, fit.height, shapes, fit)


#: County names on the big map, in viewBox units (the map is 300 wide): at
#: least 10 CSS px wherever the map is drawn (tests/test_pictures.py), and
#: the width a name is given, per character, to decide whether it fits.
NAME_SIZE = 12.5
COUNT_SIZE = 13.0
CHAR_WIDTH = 0.6
LINE = 1.25
#: A municipality dot's tap target, in viewBox units: 24 CSS px across (WCAG 2.2,
#: 2.5.8) where the map is drawn smallest, 0.815 px a unit on a 360 × 740 phone
#: (its height is capped at 75 % of the screen); larger elsewhere.
HIT_RADIUS = 15


def short_name(county: str) -> str:
    """'Kalmar län' → 'Kalmar', 'Dalarnas län' → 'Dalarna'."""
    name = county.removesuffix(" län")
    return name[:-1] if name.endswith("s") else name


def _map_labels(county: str, shape: Shape, count: int, dots: tuple,
                placed: list[Box]) -> tuple[str, tuple[float, float] | None]:
    """The county's name above its count, as SVG text; where the name does not fit, the
    count alone and the point a name outside should point at (``_outside_names``)."""
    start = label_point(shape.outline, dots)
    name = short_name(county)
    width = max(len(name) * CHAR_WIDTH * NAME_SIZE, len(str(count)) * CHAR_WIDTH * COUNT_SIZE)
    # a line is 1.25 of its font size, as the text's own box (ascent and descent)
    height = LINE * NAME_SIZE + (LINE * COUNT_SIZE if count else 0)
    where = fitting_place(shape.outline, start, width, height, dots, tuple(placed))
    if where is None:
        if not count:
            return "", start
        x, y = start
        placed.append(box_around(start, len(str(count)) * CHAR_WIDTH * COUNT_SIZE, LINE * COUNT_SIZE))
        return f'<text class="hub-kartantal" x="{num(x)}" y="{num(y)}">{count}</text>', start
    x, y = where
    placed.append(box_around(where, width, height))
    top = y - height / 2
    text = f'<text class="hub-kartnamn" x="{num(x)}" y="{num(top + LINE * NAME_SIZE / 2)}">{esc(name)}</text>'
    if count:
        text += (f'<text class="hub-kartantal" x="{num(x)}" '
                 f'y="{num(top + LINE * NAME_SIZE + LINE * COUNT_SIZE / 2)}">{count}</text>')
    return text, None


#: Names that fit nowhere inside their county stand in the sea east of the
#: southern half (below this share of the map's height), with a line to it.
OUTSIDE_FROM = 0.4


def _outside_names(lay: Layout, wanting: list[tuple[str, tuple[float, float]]]) -> tuple[str, float]:
    """Names of southern counties that did not fit, in a column in the Baltic with a line
    each to its county (north to south, so no lines cross); and the width the map needs."""
    top = lay.height * OUTSIDE_FROM
    south = sorted(((name, p) for name, p in wanting if p[1] >= top), key=lambda item: item[1][1])
    if not south:
        return "", lay.width
    edge = [(x, y) for shape in lay.shapes.values() for x, y in shape.outline if y >= top - 30]
    step = LINE * NAME_SIZE + 1
    slots: list[float] = []
    for _, (_, y) in south:
        slots.append(max(y, slots[-1] + step) if slots else max(y, top))
    bottom = lay.height - step / 2
    for i in range(len(slots) - 1, -1, -1):          # run off the bottom: move up, keeping the order
        limit = bottom if i == len(slots) - 1 else slots[i + 1] - step
        slots[i] = min(slots[i], limit)
    parts, right = [], lay.width
    for (name, (x, y)), slot in zip(south, slots):
        # just off the coast at that height (the land's east edge, Gotland included)
        column = max(px for px, py in edge if abs(py - slot) <= 2 * step) + 8
        parts.append(f'<g class="hub-kartnamn-utanfor"><line x1="{num(column - 2)}" y1="{num(slot)}" '
                     f'x2="{num(x)}" y2="{num(y)}"/><text class="hub-kartnamn" x="{num(column)}" '
                     f'y="{num(slot)}">{esc(name)}</text></g>')
        right = max(right, column + len(name) * CHAR_WIDTH * NAME_SIZE + 2)
    return "".join(parts), right


# --- shading --------------------------------------------------------------

def levels(maximum: int) -> list[tuple[int, int]]:
    """One shade per count up to 4, else four equal ranges."""
    if maximum <= 4:
        return [(n, n) for n in range(1, max(maximum, 1) + 1)]
    step = math.ceil(maximum / 4)
    return [(low, min(low + step - 1, maximum)) for low in range(1, maximum + 1, step)]


def level_of(count: int, ranges: list[tuple[int, int]]) -> int:
    return next((i + 1 for i, (low, high) in enumerate(ranges) if low <= count <= high), 0)


def opacity(level: int, total: int) -> float:
    return 0.0 if level == 0 else round(0.25 + 0.75 * (level - 1) / max(total - 1, 1), 2)


def range_text(low: int, high: int) -> str:
    return plural(low, "post", "poster") if low == high else f"{low}–{high} poster"


# --- the large map ----------------------------------------------------------

def county_map(catalog: Catalog, root: Path, links: Links) -> str:
    lay = layout(root, width=300, tolerance=0.5, min_area=0.6)
    by_county = counts.by_county(catalog)
    places = counts.places(catalog)
    ranges = levels(max(by_county.values(), default=0))
    map_names = catalog.reference.county_map_names

    dots = [(p, lay.project(p.lon, p.lat)) for p in places]
    shapes, labels = [], []
    placed: list[Box] = []
    for county in sorted(by_county, key=sort_key):
        shape = lay.shapes.get(map_names.get(county, ""))
        if shape is None:
            continue
        count = by_county[county]
        level = level_of(count, ranges)
        title = f"{county}: {plural(count, 'post', 'poster')}"
        if not count:
            # Nothing to see in the explorer, so no link (and no tab stop): just the shape.
            shapes.append(f'<path d="{shape.d}" class="hub-niva-0" fill-rule="evenodd">'
                          f'<title>{esc(title)}</title></path>')
            continue
        body = (f'<path d="{shape.d}" class="hub-niva-{level}" fill-rule="evenodd" '
                f'fill-opacity="{opacity(level, len(ranges))}"/>')
        shapes.append(link(links.explorer(lan=county), title, body, "hub-lan"))
    # Labels: counties with records first, so their names and counts get the room.
    wanting = []
    for county in sorted(by_county, key=lambda c: (not by_county[c], sort_key(c))):
        shape = lay.shapes.get(map_names.get(county, ""))
        if shape is not None:
            text, unnamed = _map_labels(county, shape, by_county[county],
                                        tuple(xy for p, xy in dots if p.county == county), placed)
            labels.append(text)
            if unnamed is not None:
                wanting.append((short_name(county), unnamed))
    outside, width = _outside_names(lay, wanting)
    labels.insert(0, outside)   # under the other labels, so their halos cover the lines
    points = []
    for place, (x, y) in dots:
        # the transparent circle under the dot is its tap target (HIT_RADIUS); a
        # municipality's link names its county too, so it never shows the whole country
        points.append(link(links.explorer(lan=place.county, kommun=place.name),
                           f"{place.name}: {counts.describe_kinds(place.kinds)}",
                           f'<circle class="hub-traffyta" cx="{num(x)}" cy="{num(y)}" r="{HIT_RADIUS}"/>'
                           f'<circle cx="{num(x)}" cy="{num(y)}" r="4"/>', "hub-ort"))

    ranked = sorted(((n, c) for c, n in by_county.items() if n), key=lambda t: (-t[0], sort_key(t[1])))
    most = ", ".join(f"{c} ({n})" for n, c in ranked[:5])
    missing = counts.without_county(catalog)
    desc = (f"Karta över Sveriges {len(by_county)} län. Ju mörkare ett län är, desto fler poster "
            f"finns där; siffran i länet är antalet, och länets namn står där det får plats. Punkterna är kommuner med försök eller goda "
            f"exempel ({len(places)} stycken). "
            + (f"Flest poster: {most}. " if most else "Inga poster har län ännu. ")
            + (f"{plural(missing, 'post', 'poster')} har inget län, till exempel statliga "
               f"myndigheter. " if missing else "")
            + "Samma uppgifter finns i tabellen under kartan.")
    svg = (open_svg("hub-karta", width, lay.height, "Karta: poster per län", desc, css_class="hub-karta")
           + f'<g class="hub-lanen">{"".join(shapes)}</g>'
           + f'<g class="hub-kartetiketter" aria-hidden="true">{"".join(labels)}</g>'
           + f'<g class="hub-orter">{"".join(points)}</g></svg>')
    legend = _legend(ranges, bool(places))
    caption = (f'{legend}<p>Välj ett län eller en kommun för att se posterna där i Utforska.'
               + (f' {plural(missing, "post", "poster")} har inget län och syns inte på kartan.'
                  if missing else "") + "</p>")
    # Legend, text and table sit beside the map on a wide screen and below it on a phone.
    return (f'<figure class="hub-bild hub-karta-figur">{svg}'
            f'<figcaption>{caption}{_table(by_county, places, links)}</figcaption></figure>')


def _swatch(opacity_value: float, css_class: str) -> str:
    return (f'<svg class="hub-ruta" viewBox="0 0 14 14" width="14" height="14" aria-hidden="true">'
            f'<rect class="{css_class}" x="0.5" y="0.5" width="13" height="13" '
            f'fill-opacity="{opacity_value or 1}"/></svg>')


def _legend(ranges: list[tuple[int, int]], with_points: bool) -> str:
    items = [f'<li>{_swatch(0, "hub-niva-0")} 0 poster</li>']
    for i, (low, high) in enumerate(ranges, start=1):
        items.append(f'<li>{_swatch(opacity(i, len(ranges)), f"hub-niva-{i}")} {range_text(low, high)}</li>')
    if with_points:
        items.append('<li><svg class="hub-ruta" viewBox="0 0 14 14" width="14" height="14" '
                     'aria-hidden="true"><circle class="hub-ortpunkt" cx="7" cy="7" r="4"/></svg> '
                     'kommun med försök eller goda exempel</li>')
    return f'<ul class="hub-teckenforklaring" aria-label="Teckenförklaring">{"".join(items)}</ul>'


def _table(by_county: dict[str, int], places: list[counts.Place], links: Links) -> str:
    rows = []
    for county in sorted(by_county, key=sort_key):
        in_county = [p for p in places if p.county == county]
        towns = ", ".join(f'<a href="{esc(links.explorer(lan=county, kommun=p.name))}">{esc(p.name)}</a> '
                          f'({p.total})' for p in in_county)
        name = (f'<a href="{esc(links.explorer(lan=county))}">{esc(county)}</a>'
                if by_county[county] else esc(county))
        rows.append(f'<tr><th scope="row">{name}</th><td>{by_county[county]}</td>'
                    f'<td>{towns}</td></tr>')
    return ('<details class="hub-karttabell"><summary>Kartan som tabell</summary>'
            '<table><caption>Poster per län, med kommuner som har försök eller goda exempel'
            '</caption><thead><tr><th scope="col">Län</th><th scope="col">Poster</th>'
            '<th scope="col">Kommuner (försök och goda exempel)</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></details>')
