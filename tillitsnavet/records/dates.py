"""Dates in records: the forms the schemas ask for, the calendar, and what a period may say.

The schemas' date patterns are the rule for the form and the calendar (so
the editor marks 2026-02-30 too); this module reads dates for the checks
that a pattern cannot make, and for the advice when a date is written
another way.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .build_date import build_date
from .problems import Problem, field_name
from .yaml_loader import locate

_DAY_MONTH_YEAR = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\- ]\s*(\d{4})\s*$")
_YEAR_MONTH_DAY = re.compile(r"^\s*(\d{4})[/. ](\d{1,2})[/. ](\d{1,2})\s*$")
_DAY_MONTH_NAME_YEAR = re.compile(r"^\s*(\d{1,2})\s+([a-zåäö]+)\.?\s+(\d{4})\s*$", re.IGNORECASE)
_MONTHS = {name: number for number, names in enumerate(
    [("januari", "jan"), ("februari", "feb"), ("mars", "mar"), ("april", "apr"), ("maj",),
     ("juni", "jun"), ("juli", "jul"), ("augusti", "aug"), ("september", "sep", "sept"),
     ("oktober", "okt"), ("november", "nov"), ("december", "dec")], 1) for name in names}


def date_hint(value: Any) -> str:
    """'; skriv 2017-02-17' for a date written another way (17/2 2017, 2017/2/17, 17 februari 2017)."""
    if not isinstance(value, str):
        return ""
    if match := _DAY_MONTH_YEAR.match(value):
        day, month, year = (int(part) for part in match.groups())
    elif match := _YEAR_MONTH_DAY.match(value):
        year, month, day = (int(part) for part in match.groups())
    elif (match := _DAY_MONTH_NAME_YEAR.match(value)) and match[2].lower() in _MONTHS:
        day, month, year = int(match[1]), _MONTHS[match[2].lower()], int(match[3])
    else:
        return ""
    return f"; skriv {year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else ""


#: A date of the form the schemas ask for (ÅÅÅÅ, ÅÅÅÅ-MM or ÅÅÅÅ-MM-DD, a year
#: 1900–2099), whether or not the calendar has that month and day.
DATE_FORM = re.compile(r"(19|20)[0-9]{2}(-[0-9]{2}(-[0-9]{2})?)?")


def parse_partial_date(text: str) -> tuple[int, ...] | None:
    """'2017-02-17' → (2017, 2, 17), '2017-02' → (2017, 2); None if no such date."""
    try:
        parts = tuple(map(int, text.split("-")))
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None
    return parts


def not_in_calendar(value: Any) -> bool:
    """A date of the right form that the calendar does not have (2026-02-30, 2017-13)."""
    return isinstance(value, str) and DATE_FORM.fullmatch(value) is not None and \
        parse_partial_date(value) is None


def _date_fields(data: dict[str, Any]) -> list[tuple[list, str]]:
    found = []
    period = data.get("period")
    if isinstance(period, dict):
        found += [(["period", k], period[k]) for k in ("start", "slut") if isinstance(period.get(k), str)]
    if isinstance(data.get("senast_granskad"), str):
        found.append((["senast_granskad"], data["senast_granskad"]))
    sources = data.get("källor")
    for index, source in enumerate(sources if isinstance(sources, list) else []):
        if isinstance(source, dict) and isinstance(source.get("datum"), str):
            found.append((["källor", index, "datum"], source["datum"]))
    return found


def check_dates(data: dict[str, Any], path: str, today: dt.date | None = None) -> list[Problem]:
    """Periods end after they start, reviews are not ahead (the schemas' patterns know the calendar)."""
    today = today or build_date()
    problems = []
    parsed: dict[str, tuple[int, ...]] = {}
    for field_path, text in _date_fields(data):
        value = parse_partial_date(text)
        if value is None:
            continue  # wrong form, or a day the calendar lacks: the schema said so
        if field_path[0] == "period":
            parsed[field_name(field_path)] = value
        if field_path == ["senast_granskad"] and len(value) == 3 and dt.date(*value) > today:
            problems.append(Problem(path, *locate(data, field_path), "senast_granskad",
                                    f"'{text}' ligger i framtiden; skriv dagen då posten granskades"))
    start, end = parsed.get("period.start"), parsed.get("period.slut")
    if start and end and end[: len(start)] < start[: len(end)]:
        problems.append(Problem(path, *locate(data, ["period", "slut"]), "period.slut",
                                f"slutar ({data['period']['slut']}) före starten "
                                f"({data['period']['start']}); byt plats på datumen"))
    return problems
