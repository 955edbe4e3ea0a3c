"""Pictures drawn at build time as SVG or HTML, for the templates' ``bilder``.

Every method returns raw HTML that Markdown passes through untouched; the site needs no
map or chart library and makes no request at run time.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from markupsafe import Markup

from ...records.catalog import Catalog
from ...records.kinds import Record
from ..passthrough import mark
from . import charts, counts, county_map, matrix, place_map, timeline
from ..links import Links


def _block(html: str) -> Markup:
    return mark(Markup(html))  # passed on by the site's Markdown unparsed (passthrough.py)


class Pictures:
    def __init__(self, catalog: Catalog, root: Path, directory_urls: bool = True):
        self.catalog = catalog
        self.root = root
        # False in the offline archive, where pages are files (forsok/x.html), not folders.
        self.directory_urls = directory_urls

    def _links(self, here: str) -> Links:
        return Links(here, self.directory_urls)

    def karta(self, here: str) -> Markup:
        return _block(county_map.county_map(self.catalog, self.root, self._links(here)))

    def files(self) -> dict[str, str]:
        return {place_map.SHARED_MAP: place_map.shared_map(self.root)}

    def liten_karta(self, record: Record, here: str) -> Markup:
        return _block(place_map.location_map(record, self.catalog, self.root, self._links(here),
                                              self._places))

    @cached_property
    def _places(self) -> dict:
        return place_map.records_by_place(self.catalog)  # once per build

    def place_mates(self, record: Record) -> tuple[list[Record], str, list[tuple[str, str]]]:
        """For the preview's plan: the records a small map names, a text that changes with its
        counts, and the places it is in."""
        county = counts.county_of(record, self.catalog)
        if county is None:
            return [], "", []
        # as location_map draws it: the municipality when the reference knows it
        name = record.get("kommun") or ""
        municipality = name if name in self.catalog.reference.municipalities else None
        mates = place_map.place_mates(record, county, municipality, self._places)
        shown = [r for _, _, records, _ in mates for r in records]
        totals = " ".join(f"{name}:{total}:{rest}" for name, total, _, rest in mates)
        return shown, totals, [("län", county)] + ([("kommun", municipality)] if municipality else [])

    def diagram(self, which: str, here: str) -> Markup:
        """'sektor', 'lan' or '' for both charts side by side."""
        drawers = {"sektor": charts.by_sector, "lan": charts.by_county, "": charts.both}
        if which not in drawers:
            raise KeyError(f"diagram {which}")
        return _block(drawers[which](self.catalog, self._links(here)))

    def tidslinje(self, here: str) -> Markup:
        return _block(timeline.delegation(self.catalog.reference.lists.get("tidslinje", [])))

    def perioder(self, here: str) -> Markup:
        return _block(timeline.periods(self.catalog, self._links(here)))

    def principmatris(self, here: str) -> Markup:
        return _block(matrix.principle_matrix(self.catalog, self._links(here)))
