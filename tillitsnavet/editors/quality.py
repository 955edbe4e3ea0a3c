"""Data quality for the editors: ``python build_hub.py rapport`` and the page /redaktion/kvalitet/.

The check (``build_hub.py check``) stops what is wrong; this report lists
what could be better. It starts with "Gör detta först" (`first_actions`):
at most five next steps in plain Swedish, one of each sort before a second
of any. Then the lists: pilots that no forum or good practice is linked to,
records not reviewed for a year, recommended fields left out, records that
nothing links to, and source addresses whose form is wrong. Drafts, the
editors' work in progress, are counted and checked too, marked as drafts.

The records that miss recommended fields come in the order an editor should
take them (`priority`): first those whose sources a reader cannot follow (no
source has an address), then by evidence (``underlag``: omnämnt, beskrivet,
forskningsuppföljt), and within each level those that do not say when or
where before the rest.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..records.build_date import build_date
from ..records.catalog import Catalog
from ..records.kinds import (EVIDENCE_LEVELS, KINDS, MENTIONED, REFERENCE_FIELDS, Kind, Record,
                             evidence_rank)
from ..records.problems import Problem
from ..records.yaml_loader import locate
from ..render.renderer import Renderer
from ..render.swedish import format_partial_date, sort_key

#: The editors' report page (macros/kvalitet.md.j2): not in the nav, not indexed.
REPORT_PAGE = "redaktion/kvalitet.md"

#: When and where, per kind: each group is missing when none of its fields is filled
#: in, and is named by its first field (a forum's place may be plats, kommun or län).
WHEN_AND_WHERE: dict[str, tuple[tuple[str, ...], ...]] = {
    "forsok": (("period",), ("län",)),
    "forum": (("period",), ("plats", "kommun", "län")),
    "exempel": (("län",),),
}

#: The other fields the schema does not require but a good record has, per kind.
RECOMMENDED: dict[str, tuple[str, ...]] = {
    "forsok": ("beskrivning", "resultat", "lärdomar", "principer", "taggar"),
    "forum": ("sektorer", "principer", "beskrivning", "taggar"),
    "exempel": ("organisationstyp", "sektorer", "varför", "försök", "taggar"),
}

#: The order of the records that miss recommended fields, as both reports say it.
MISSING_ORDER = ("Viktigast först: poster där ingen källa har webbadress, sedan efter underlag "
                 "(omnämnt, beskrivet, forskningsuppföljt), och inom varje underlag först de "
                 "som saknar period eller plats.")

#: A record counts as not reviewed when its review is older than this many months.
REVIEW_MONTHS = 12

_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


@dataclass
class Count:
    kind: Kind
    published: int
    drafts: int


@dataclass
class Report:
    today: dt.date
    counts: list[Count]
    not_reviewed: list[Record]
    missing: list[tuple[Record, list[str]]]
    unlinked: list[Record]
    bad_urls: list[Problem]
    problems: list[Problem] = field(default_factory=list)  # the check's, if any
    #: the delegation's pilots that no forum or good practice names
    alone: list[Record] = field(default_factory=list)
    #: "Gör detta först": the most useful next steps, in plain Swedish
    first: list[str] = field(default_factory=list)

    @property
    def review_limit(self) -> dt.date:
        return months_before(self.today, REVIEW_MONTHS)

    missing_order = MISSING_ORDER  # for the page's template


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier, or that month's last day (31 March → 28/29 February)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def url_problem(url: str) -> str | None:
    """What is wrong with the form of a source address, in Swedish, or None."""
    if url.startswith("mailto:"):
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return "börjar inte med https:// eller http://"
    host = parts.hostname or ""
    if not host:
        return "saknar värdnamn efter //"
    try:
        parts.port
    except ValueError:
        return "har ett ogiltigt portnummer"
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return f"värdnamnet '{host}' är inte giltigt"
    labels = ascii_host.split(".")
    if len(labels) < 2:
        return f"värdnamnet '{host}' saknar toppdomän (t.ex. .se)"
    if not all(_HOST_LABEL.match(label) for label in labels):
        return f"värdnamnet '{host}' innehåller otillåtna tecken"
    if not (labels[-1].isalpha() and len(labels[-1]) >= 2 or labels[-1].startswith("xn--")):
        return f"toppdomänen '{labels[-1]}' finns inte"
    if _BAD_PERCENT.search(url):
        return "har ett %-tecken som inte följs av två hexadecimala siffror"
    if url[-1] in ".,;:!?" or (url.endswith(")") and url.count("(") < url.count(")")):
        return f"slutar med '{url[-1]}', som troligen kom med när adressen kopierades"
    return None


def _links_in_pages(docs_dir: Path | None) -> set[tuple[str, str]]:
    """(kind, id) of every record page that a hand-written page links to."""
    if docs_dir is None or not docs_dir.is_dir():
        return set()
    prefixes = "|".join(re.escape(k.url_prefix) for k in KINDS.values())
    pattern = re.compile(rf"(?:^|[/(\"'])({prefixes})/([a-z0-9]+(?:-[a-z0-9]+)*)(?:\.md|/|\.html)")
    by_prefix = {k.url_prefix: k.key for k in KINDS.values()}
    found = set()
    for page in docs_dir.rglob("*.md"):
        for prefix, record_id in pattern.findall(page.read_text(encoding="utf-8")):
            found.add((by_prefix[prefix], record_id))
    return found


def quality_report(catalog: Catalog, today: dt.date | None = None, docs_dir: Path | None = None,
                   problems: list[Problem] | None = None) -> Report:
    today = today or build_date()
    records = sorted(catalog.all(), key=lambda r: r.path)
    counts = [Count(kind, sum(1 for r in catalog.of_kind(key) if not r.draft),
                    sum(1 for r in catalog.of_kind(key) if r.draft)) for key, kind in KINDS.items()]
    limit = months_before(today, REVIEW_MONTHS).isoformat()
    not_reviewed = sorted((r for r in records if r.get("senast_granskad", "") < limit),
                          key=lambda r: (r.get("senast_granskad", ""), r.path))
    missing = [(record, absent) for record in records if (absent := missing_fields(record))]
    missing.sort(key=lambda item: priority(*item))
    linked = _links_in_pages(docs_dir)
    for record in records:
        for field_name, value in record.data.items():
            if field_name in REFERENCE_FIELDS and isinstance(value, list) and not record.draft:
                linked.update((REFERENCE_FIELDS[field_name], target_id) for target_id in value)
    unlinked = [r for r in records if (r.kind.key, r.id) not in linked]
    bad_urls = []
    for record in records:
        for index, source in enumerate(record.get("källor", [])):
            url = source.get("url")
            reason = url_problem(url) if url else None
            if reason:
                bad_urls.append(Problem(record.path, *locate(record.data, ["källor", index, "url"]),
                                        f"källor[{index + 1}].url", f"'{url}' {reason}"))
    alone = sorted((r for r in records if r.kind.key == "forsok" and r.label != MENTIONED
                    and not catalog.linking_to(r, "forum", "försök")
                    and not catalog.linking_to(r, "exempel", "försök")),
                   key=lambda r: sort_key(r.title))
    report = Report(today, counts, not_reviewed, missing, unlinked, bad_urls, list(problems or []),
                    alone)
    report.first = first_actions(report)
    return report


def first_actions(report: Report, count: int = 5) -> list[str]:
    """The most useful next steps, in plain Swedish, most urgent sort first.

    Sorts of step, in order: problems that stop publishing, source addresses
    of the wrong form, records whose sources a reader cannot follow (no
    address at all), pilots with no forum or good practice, records nothing
    links to, records not reviewed for a year, and records that do not say
    what came of the work. One of each sort is taken before a second of any,
    so the five are five different things to do.
    """
    def name(record: Record) -> str:
        return f"»{record.title}« ({record.path})"

    sorts: list[list[str]] = [
        [f"Rätta de {len(report.problems)} fel som stoppar publiceringen: "
         "kör python build_hub.py check och gör som meddelandena säger."] if report.problems else [],
        [f"Rätta en källadress i {p.path} (rad {p.line}): {p.message}." for p in report.bad_urls],
        [f"Hitta en webbadress till någon av källorna för {name(r)}; i dag kan läsaren inte "
         "följa någon av dem." for r, _ in report.missing
         if not any(s.get("url") for s in r.get("källor", []))],
        [f"Ta reda på om försöket {name(r)} presenterades i ett forum eller gav ett gott "
         "exempel; ingen sådan post länkar till det." for r in report.alone],
        [f"Länka till {name(r)} från en annan post eller en sida; ingen gör det i dag."
         for r in sorted(report.unlinked, key=lambda r: sort_key(r.title))],
        [f"Gå igenom {name(r)} mot källorna; den granskades senast "
         f"{format_partial_date(r.get('senast_granskad', ''))}." for r in report.not_reviewed],
        [f"Skriv vad {name(r)} ledde till, om någon källa säger det; sidan säger nu att "
         "källorna är tysta." for r, absent in report.missing
         if ("resultat" in absent or "varför" in absent) and not r.draft],
    ]
    chosen: list[str] = []
    depth = 0
    while len(chosen) < count and any(len(s) > depth for s in sorts):
        chosen += [s[depth] for s in sorts if len(s) > depth][:count - len(chosen)]
        depth += 1
    return chosen


def missing_fields(record: Record) -> list[str]:
    """The recommended fields a record leaves out: when and where first, then sources' addresses."""
    absent = [group[0] for group in WHEN_AND_WHERE.get(record.kind.key, ())
              if not any(record.get(name) for name in group)]
    absent += [name for name in RECOMMENDED.get(record.kind.key, ()) if not record.get(name)]
    absent += [f"källor[{i + 1}].url" for i, source in enumerate(record.get("källor", []))
               if not source.get("url")]
    return absent


def priority(record: Record, absent: list[str]) -> tuple[bool, int, bool, str]:
    """Where a record with missing fields stands in the report, smallest first (MISSING_ORDER)."""
    followable = any(source.get("url") for source in record.get("källor", []))
    when_or_where = {group[0] for group in WHEN_AND_WHERE.get(record.kind.key, ())}
    return (followable, len(EVIDENCE_LEVELS) - evidence_rank(record.get("underlag", "")),
            not when_or_where.intersection(absent), record.path)


def report_page(renderer: Renderer, docs_dir: Path) -> str:
    """The report as the Markdown of the page REPORT_PAGE."""
    report = quality_report(renderer.catalog, docs_dir=docs_dir)
    module = renderer.env.get_template("kvalitet.md.j2").module
    return str(module.sida(report, REPORT_PAGE)).lstrip()  # type: ignore[attr-defined]


def _name(record: Record) -> str:
    return f"{record.path}{' (utkast)' if record.draft else ''}: {record.title}"


def as_text(report: Report) -> str:
    """The report for the terminal, in Swedish."""
    lines = ["Gör detta först"]
    lines += [f"  {n}. {step}" for n, step in enumerate(report.first, 1)] or ["  Inget just nu."]
    lines += ["", f"Datakvalitet i Tillitsnavet, {format_partial_date(report.today.isoformat())}", ""]
    if report.problems:
        files = len({p.path for p in report.problems})
        lines += [f"OBS: {len(report.problems)} problem i {files} filer stoppar publiceringen; "
                  "de posterna räknas inte nedan. Kör: python build_hub.py check", ""]
    lines.append("Poster per slag")
    for count in report.counts:
        lines.append(f"  {count.kind.plural:<26}{count.published:>4} publicerade, "
                     f"{count.drafts} utkast")
    limit = report.review_limit.isoformat()
    sections = [
        ("Försök som inget forum eller gott exempel länkar till", "",
         [_name(r) for r in report.alone]),
        (f"Inte granskade på {REVIEW_MONTHS} månader (senast granskad före {limit})", "",
         [f"{_name(r)} (granskad {r.get('senast_granskad')})" for r in report.not_reviewed]),
        ("Saknar rekommenderade fält", report.missing_order,
         [f"{_name(r)} ({r.get('underlag', 'inget underlag')}): {', '.join(names)}"
          for r, names in report.missing]),
        ("Ingen annan post eller sida länkar hit", "",
         [_name(r) for r in sorted(report.unlinked, key=lambda r: sort_key(r.title))]),
        ("Källadresser med fel form", "", [str(p) for p in report.bad_urls]),
    ]
    for title, order, items in sections:
        lines += ["", f"{title}: {len(items)}"]
        if order and items:
            lines.append(order)  # not indented: it is not one of the items
        lines += [f"  {item}" for item in items] or ["  inga"]
    return "\n".join(lines)
