"""Swedish order and Swedish dates.

Å, Ä, Ö after Z, W its own letter (SS 03 62 21 since 2006), é, à, ü like e, a, y; ICU
would do it, but is a heavy native dependency for three letters. Babel gives the month
names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

from babel.dates import format_date, format_skeleton

_FOLD = str.maketrans({
    "å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}",  # the three code points after z
    "é": "e", "è": "e", "ê": "e", "ë": "e", "à": "a", "á": "a", "â": "a",
    "ü": "y", "í": "i", "ó": "o", "ú": "u", "ç": "c", "ñ": "n",
})


def sort_key(text: str) -> tuple[str, str]:
    """Key for Swedish alphabetical order, case-insensitive, ties broken by case."""
    return (str(text).casefold().translate(_FOLD), str(text))


def by_title(records: Iterable) -> list:
    """Records (anything with a ``title``) in Swedish order of their titles."""
    return sorted(records, key=lambda r: sort_key(r.title))


def format_partial_date(text: str) -> str:
    """'2017-02-17' → '17 februari 2017'; '2017-02' → 'februari 2017'; '2017' → '2017'."""
    return _format_partial_date(str(text))


@lru_cache(maxsize=16384)  # Babel is slow, and a site has a few thousand dates at most
def _format_partial_date(text: str) -> str:
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return format_date(dt.date(*parts), format="long", locale="sv")
    if len(parts) == 2:
        return format_skeleton("yMMMM", dt.date(parts[0], parts[1], 1), locale="sv")
    return str(parts[0])


def format_period(period: dict | None) -> str:
    """A period as Swedish text: '2017–2018', 'mars–december 2017', 'från 2019'."""
    if not period:
        return ""
    start, end = period.get("start"), period.get("slut")
    if start and end:
        if start == end:
            return format_partial_date(start)
        start_text, end_text = format_partial_date(start), format_partial_date(end)
        # "mars 2017–december 2017" reads better as "mars–december 2017"
        if start[:4] == end[:4] and len(start) == len(end) == 7:
            start_text = start_text.rsplit(" ", 1)[0]
        return f"{start_text}–{end_text}"
    if start:
        return f"från {format_partial_date(start)}"
    return f"till {format_partial_date(end)}"
