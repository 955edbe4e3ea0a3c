"""Timelines: the delegation's events (data/tidslinje.yml) and the pilots' periods.

On a real time scale with every date in words beside its mark, so they read without
colour. The delegation's runs downwards (a phone is taller than wide); the pilots' share
one horizontal axis so their overlap shows.
"""

from __future__ import annotations

import calendar
import datetime as dt
import textwrap

from ...records.catalog import Catalog
from ...records.kinds import Record
from ..swedish import by_title, format_partial_date, format_period, sort_key
from .counts import linked_names, short_names
from ..links import Links
from .svg import esc, link, num, open_svg, plural

WIDTH = 320


def year_fraction(text: str, end: bool = False) -> float:
    """'2017-03' → 2017.16…; with ``end`` the last day of the month or year is meant."""
    parts = [int(p) for p in str(text).split("-")]
    year = parts[0]
    if len(parts) == 1:
        day = dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
    elif len(parts) == 2:
        last = calendar.monthrange(year, parts[1])[1]
        day = dt.date(year, parts[1], last if end else 1)
    else:
        day = dt.date(*parts)
    days = 366 if calendar.isleap(year) else 365
    return year + (day.timetuple().tm_yday - (0 if end else 1)) / days


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` characters (an SVG text never wraps by itself)."""
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]


def _text(x: float, y: float, lines: list[str], css_class: str, step: float) -> str:
    spans = "".join(f'<tspan x="{num(x)}" dy="{0 if i == 0 else num(step)}">{esc(line)}</tspan>'
                    for i, line in enumerate(lines))
    return f'<text class="{css_class}" x="{num(x)}" y="{num(y)}">{spans}</text>'


# --- the delegation's timeline ---------------------------------------------

AXIS_X, LABEL_X = 58, 78
MIN_PER_YEAR = 120      # units per year at least; more when the labels need it
WRAP = 34               # characters per line at 13 units
DATE_STEP, LINE_STEP, GAP = 15, 16, 12


def spread(wanted: list[float], heights: list[float], top: float) -> list[float]:
    """Label positions near ``wanted`` that never overlap: overlapping labels merge into a
    block centred on where they want to be (least squares), so a cluster of events spreads
    around its dates instead of pushing every later label down."""
    blocks: list[list[int]] = []          # runs of label indexes placed back to back
    tops: list[float] = []
    for i in range(len(wanted)):
        blocks.append([i])
        tops.append(max(wanted[i], top))
        while len(blocks) > 1 and tops[-2] + sum(heights[j] for j in blocks[-2]) > tops[-1]:
            merged = blocks[-2] + blocks[-1]
            offsets = [sum(heights[k] for k in merged[:n]) for n in range(len(merged))]
            best = sum(wanted[j] - o for j, o in zip(merged, offsets)) / len(merged)
            blocks[-2:], tops[-2:] = [merged], [max(best, top)]
    placed = []
    for block, y in zip(blocks, tops):
        for j in block:
            placed.append(y)
            y += heights[j]
    return placed


def delegation(events: list[dict]) -> str:
    events = sorted(events, key=lambda e: e["datum"])
    if not events:
        return ""
    times = [year_fraction(e["datum"]) for e in events]
    lines = [wrap(e["rubrik"], WRAP) for e in events]
    heights = [DATE_STEP + LINE_STEP * len(ls) + GAP for ls in lines]
    start, finish, top = times[0] - 0.15, times[-1] + 0.15, 24.0
    per_year = max(MIN_PER_YEAR, 1.1 * sum(heights) / (finish - start))
    scale = lambda t: top + (t - start) * per_year  # noqa: E731 - a one-line mapping
    # A label's first line should sit level with its dot: aim its top a little above.
    placed = spread([scale(t) - 8 for t in times], heights, top - 8)

    marks, labels = [], []
    for event, t, y, ls in zip(events, times, placed, lines):
        y_true = scale(t)
        # The leader line bends from the true date on the axis to the label it belongs to.
        marks.append(f'<path class="hub-ledare" d="M{AXIS_X} {num(y_true)}H{AXIS_X + 8}'
                     f'L{LABEL_X - 4} {num(y + 8)}"/>'
                     f'<circle class="hub-punkt" cx="{AXIS_X}" cy="{num(y_true)}" r="4"/>')
        labels.append(_text(LABEL_X, y + 12, [format_partial_date(event["datum"])], "hub-datum", 0)
                      + _text(LABEL_X, y + 12 + DATE_STEP, ls, "hub-rubrik", LINE_STEP))
    end = max(scale(finish), placed[-1] + heights[-1])
    ticks = []
    for year in range(int(start) + 1, int(finish) + 1):
        y = scale(year)
        ticks.append(f'<path class="hub-rutnat" d="M{AXIS_X - 6} {num(y)}H{AXIS_X + 6}"/>'
                     f'<text class="hub-ar" x="{AXIS_X - 10}" y="{num(y + 4)}">{year}</text>')
    axis = f'<path class="hub-axel" d="M{AXIS_X} {num(top - 8)}V{num(end)}"/>'
    years = f"{events[0]['datum'][:4]}–{events[-1]['datum'][:4]}"
    desc = (f"Tidslinje {years} med {len(events)} händelser, från {events[0]['rubrik']} "
            f"({format_partial_date(events[0]['datum'])}) till {events[-1]['rubrik']} "
            f"({format_partial_date(events[-1]['datum'])}). Alla händelser står med källor i "
            f"listan under bilden.")
    svg = (open_svg("hub-tidslinje", WIDTH, end + 8, f"Tillitsdelegationens tidslinje {years}", desc,
                    role="img", css_class="hub-tidslinjebild")
           + axis + "".join(ticks) + "".join(marks) + "".join(labels) + "</svg>")
    return (f'<figure class="hub-bild hub-tidslinje-figur">{svg}<figcaption>Händelserna i tidsordning. '
            f'Punkterna på linjen står där händelsen inträffade; varje punkt har ett streck till '
            f'sin text.</figcaption></figure>')


# --- the pilots' periods ------------------------------------------------------

PAD, BAR_HEIGHT, HEAD = 8, 12, 26
#: Bars drawn at most (see matrix.MAX_ROWS); the text under the picture says when more exist.
MAX_BARS = 100


def periods(catalog: Catalog, links: Links) -> str:
    pilots = catalog.of_kind("forsok")
    # a period the record marks as not confirmed draws no bar: it is listed with the undated
    dated = sorted((r for r in pilots if r.confirmed_value("period")),
                   key=lambda r: (_start(r) or "", sort_key(r.title)))
    undated = by_title(r for r in pilots if not r.confirmed_value("period"))
    events = sorted(e["datum"] for e in catalog.reference.lists.get("tidslinje", []))

    bounds = [year_fraction(d) for d in events]
    for r in dated:
        bounds += [year_fraction(x, end=i == 1) for i, x in enumerate((_start(r), _end(r))) if x]
    if not bounds:
        return ""
    first_year, last_year = int(min(bounds)), int(max(bounds)) + 1
    span = last_year - first_year
    x_of = lambda t: PAD + (t - first_year) * (WIDTH - 2 * PAD) / span  # noqa: E731

    names = short_names(dated)
    dated.sort(key=lambda r: (_start(r) or "", sort_key(names[r.id])))
    rows: list[str] = []
    y = HEAD
    if events:
        label = f"Tillitsdelegationen, {format_period({'start': events[0][:7], 'slut': events[-1][:7]})}"
        x0, x1 = x_of(year_fraction(events[0])), x_of(year_fraction(events[-1], end=True))
        rows.append(f'<g class="hub-delegationen">{_text(PAD, y + 11, [label], "hub-etikett", 0)}'
                    f'<rect class="hub-stapel-randig" x="{num(x0)}" y="{y + 16}" width="{num(x1 - x0)}" '
                    f'height="{BAR_HEIGHT}"/></g>')
        y += 16 + BAR_HEIGHT + 12
    for record in dated[:MAX_BARS]:
        lines = wrap(f"{names[record.id]} – {format_period(record.data['period'])}", 46)
        start, end = _start(record), _end(record)
        x0 = x_of(year_fraction(start)) if start else PAD
        x1 = x_of(year_fraction(end, end=True)) if end else WIDTH - PAD
        label_height = 15 * len(lines)
        open_end = "" if start and end else " hub-oppen"
        body = (f'<rect class="hub-traff" x="0" y="{y - 2}" width="{WIDTH}" '
                f'height="{label_height + BAR_HEIGHT + 8}"/>'
                + _text(PAD, y + 11, lines, "hub-etikett", 15)
                + f'<rect class="hub-stapel{open_end}" x="{num(x0)}" y="{y + label_height + 2}" '
                  f'width="{num(max(x1 - x0, 3))}" height="{BAR_HEIGHT}"/>')
        rows.append(link(links.to(record.src_uri), f"{names[record.id]}: {record.title}, "
                         f"{format_period(record.data['period'])}", body, "hub-rad"))
        y += label_height + BAR_HEIGHT + 14
    height = y + 4
    grid = []
    for year in range(first_year, last_year + 1):
        x = x_of(year)
        grid.append(f'<path class="hub-rutnat" d="M{num(x)} 16V{num(height - 4)}"/>')
        if year < last_year:
            grid.append(f'<text class="hub-ar" x="{num(x_of(year + 0.5))}" y="12">{year}</text>')
    desc = ("Tidsaxel " + f"{first_year}–{last_year - 1}" + " med försökens perioder. "
            + "; ".join(f"{names[r.id]}: {format_period(r.data['period'])}" for r in dated[:MAX_BARS])
            + (". " if dated else "Inga försök har en känd period. ")
            + (f"{plural(len(undated), 'försök saknar', 'försök saknar')} period i källorna."
               if undated else ""))
    svg = (open_svg("hub-perioder", WIDTH, height, "Försökens perioder på en gemensam tidsaxel", desc,
                    css_class="hub-perioderbild")
           + f'<g class="hub-rutnat-grupp" aria-hidden="true">{"".join(grid)}</g>'
           + "".join(rows) + "</svg>")
    other = short_names(undated)
    undated.sort(key=lambda r: sort_key(other[r.id]))
    missing = linked_names(undated, links, MAX_BARS)
    caption = ("Den streckade ramen överst är delegationens egen tid. "
               + (f"Bilden visar de {MAX_BARS} första av {len(dated)} försök med känd period; "
                  f"alla finns i <a href=\"{esc(links.to('utforska/index.md'))}\">Utforska</a>. "
                  if len(dated) > MAX_BARS else "")
               + (f"Period saknas i källorna för: {missing}." if undated else ""))
    return f'<figure class="hub-bild hub-perioder-figur">{svg}<figcaption>{caption}</figcaption></figure>'


def _start(record: Record) -> str | None:
    return (record.get("period") or {}).get("start")


def _end(record: Record) -> str | None:
    return (record.get("period") or {}).get("slut")
