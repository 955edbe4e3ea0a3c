"""Small horizontal bar charts: records by sector and by county.

Each label sits on its own line above its bar, so long Swedish names are never cut; the
number follows every bar and the description lists all numbers, so nothing depends on
reading lengths or colours.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...records.catalog import Catalog
from ..swedish import sort_key
from . import counts
from ..links import Links
from .svg import esc, link, num, open_svg, plural

WIDTH = 320
ROW = 38          # label line + bar + gap
BAR = 13
NUMBER_ROOM = 44  # room right of the longest bar for its number


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    url: str
    link_title: str


def bar_chart(ident: str, title: str, desc: str, bars: list[Bar]) -> str:
    height = max(len(bars), 1) * ROW + 4
    top = max((b.count for b in bars), default=0) or 1
    rows = []
    for i, bar in enumerate(bars):
        y = i * ROW
        length = max((WIDTH - NUMBER_ROOM) * bar.count / top, 2)
        body = (f'<rect class="hub-traff" x="0" y="{y}" width="{WIDTH}" height="{ROW - 4}"/>'
                f'<text class="hub-etikett" x="0" y="{y + 12}">{esc(bar.label)}</text>'
                f'<rect class="hub-stapel" x="0" y="{y + 17}" width="{num(length)}" height="{BAR}"/>'
                f'<text class="hub-tal" x="{num(length + 5)}" y="{y + 28}">{bar.count}</text>')
        rows.append(link(bar.url, bar.link_title, body, "hub-rad"))
    if not bars:
        rows.append('<text class="hub-etikett" x="0" y="14">Inga poster ännu.</text>')
    return open_svg(ident, WIDTH, height, title, desc, css_class="hub-diagram") + "".join(rows) + "</svg>"


def _bars(found: dict[str, int], link_to) -> tuple[list[Bar], str]:
    """Bars of the values that have records, most first, and their numbers in words."""
    used = sorted(((n, v) for v, n in found.items() if n), key=lambda t: (-t[0], sort_key(t[1])))
    bars = [Bar(v, n, link_to(v), f"{v}: {plural(n, 'post', 'poster')}. Visa dem i Utforska.")
            for n, v in used]
    return bars, "; ".join(f"{b.label}: {b.count}" for b in bars)


def by_sector(catalog: Catalog, links: Links) -> str:
    found = counts.by_sector(catalog)
    bars, numbers = _bars(found, lambda s: links.explorer(sektor=s))
    unused = [s for s, n in found.items() if not n]
    desc = (f"Stapeldiagram, antal poster per sektor. {numbers}."
            + (f" Inga poster ännu: {', '.join(unused)}." if unused else ""))
    svg = bar_chart("hub-diagram-sektor", "Poster per sektor", desc, bars)
    return f'<figure class="hub-bild hub-diagram-figur">{svg}<figcaption>Poster per sektor. ' \
           f'En post kan höra till flera sektorer.</figcaption></figure>'


def by_county(catalog: Catalog, links: Links) -> str:
    found = counts.by_county(catalog)
    bars, numbers = _bars(found, lambda c: links.explorer(lan=c))
    missing = counts.without_county(catalog)
    empty = len(found) - len(bars)
    desc = (f"Stapeldiagram, antal poster per län. {numbers}. "
            f"{plural(empty, 'län', 'län')} har inga poster. "
            f"{plural(missing, 'post', 'poster')} har inget län.")
    svg = bar_chart("hub-diagram-lan", "Poster per län", desc, bars)
    return (f'<figure class="hub-bild hub-diagram-figur">{svg}<figcaption>Poster per län. '
            f'{esc(plural(empty, "län", "län"))} utan poster visas inte; '
            f'{esc(plural(missing, "post", "poster"))} har inget län.</figcaption></figure>')


def both(catalog: Catalog, links: Links) -> str:
    return f'<div class="hub-diagrampar">{by_sector(catalog, links)}{by_county(catalog, links)}</div>'
