"""The principle matrix: pilots × principles, as an HTML table.

A table rather than SVG: screen readers announce each cell's row and column, a phone
scrolls it sideways, and the marks are text, so it reads without colour.
"""

from __future__ import annotations

from ...records.catalog import Catalog
from ...records.kinds import suggest_id
from ..swedish import by_title, sort_key
from .counts import linked_names, short_names
from ..links import Links
from .svg import esc

#: Rows drawn at most, so a bulk import of thousands does not make a page of megabytes;
#: the column counts still cover all.
MAX_ROWS = 100


def principle_matrix(catalog: Catalog, links: Links) -> str:
    principles = catalog.reference.lists.get("principer", [])
    pilots = catalog.of_kind("forsok")
    # principles the record marks as not confirmed are neither a row's marks nor counted
    rows = [r for r in pilots if r.confirmed_value("principer")]
    without = by_title(r for r in pilots if not r.confirmed_value("principer"))
    names = short_names(rows)
    rows.sort(key=lambda r: sort_key(names[r.id]))
    totals = {p["namn"]: sum(p["namn"] in r.data["principer"] for r in rows) for p in principles}
    most = max(totals.values(), default=0) or 1
    principles_page = links.to("principer/index.md")

    # the ids the principles page gives its principles (listor.md.j2: namn | slug)
    head = "".join(
        f'<th scope="col"><a href="{esc(principles_page)}#{esc(suggest_id(p["namn"]))}">'
        f'<span>{esc(p["rubrik"])}</span></a></th>' for p in principles)
    body = []
    for record in rows[:MAX_ROWS]:
        cells = []
        for p in principles:
            if p["namn"] in record.data["principer"]:
                cells.append(f'<td class="hub-ja"><a href="{esc(links.to(record.src_uri))}" '
                             f'title="{esc(names[record.id])}: {esc(p["rubrik"])}">'
                             f'<span aria-hidden="true">●</span><span class="hub-dold">'
                             f'{esc(names[record.id])} arbetade med {esc(p["rubrik"].lower())}'
                             f'</span></a></td>')
            else:
                cells.append('<td><span class="hub-dold">nej</span></td>')
        body.append(f'<tr><th scope="row"><a href="{esc(links.to(record.src_uri))}" '
                    f'title="{esc(record.title)}">{esc(names[record.id])}</a></th>'
                    f'{"".join(cells)}</tr>')
    foot = "".join(_total(p, totals[p["namn"]], most, links) for p in principles)
    note = ""
    if len(rows) > MAX_ROWS:
        note += (f'<p class="hub-meta">Matrisen visar {MAX_ROWS} av {len(rows)} försök; siffrorna '
                 f'längst ned gäller alla. Alla försök finns i <a href="{esc(links.to("utforska/index.md"))}">'
                 f'Utforska</a>.</p>')
    if without:
        note += (f'<p class="hub-meta">Försök där källorna inte anger några principer: '
                 f'{linked_names(without, links, MAX_ROWS)}.</p>')
    return ('<div class="hub-matris"><div class="hub-rullbar" tabindex="0" role="region" '
            'aria-labelledby="hub-matris-rubrik"><table>'
            '<caption id="hub-matris-rubrik">Principmatris: försöken och principerna de arbetade '
            'med (● = ja)</caption>'
            f'<thead><tr><th scope="col">Försök</th>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody>'
            f'<tfoot><tr><th scope="row">Antal försök</th>{foot}</tr></tfoot>'
            f'</table></div>{note}</div>')


def _total(principle: dict, count: int, most: int, links: Links) -> str:
    """A column's count with a bar above it (so the bars' feet line up); linked when not 0."""
    bar = (f'<span class="hub-matrisstapel" aria-hidden="true" '
           f'style="height:{round(2.2 * count / most, 2)}em"></span>')
    if not count:
        return f"<td>{bar}0</td>"
    return (f'<td>{bar}<a href="{esc(links.explorer(princip=principle["namn"], typ="forsok"))}" '
            f'title="{esc(principle["rubrik"])}: {count} försök. Visa dem i Utforska.">{count}</a></td>')
