"""What other places read from a page's head: share previews (OpenGraph) and schema.org JSON-LD.

Only values the sources confirm are given (`Record.confirmed_value`); ``<``, ``>`` and
``&`` are JSON escapes, so nothing can end the script element.
"""

from __future__ import annotations

import re
from typing import Any

from ..records.kinds import KINDS, Record
from ..render.text import attribute_text, script_json
from .exports import ALL_FILE, DATA_DIR, absolute_url

#: The hand-written page that describes the open data.
OPEN_DATA_PAGE = "oppna-data/index.md"
LICENCE_URL = "https://creativecommons.org/publicdomain/zero/1.0/"

#: The hub's share image, one for every page (content/assets; its source is
#: docs/img/delningsbild.html), its size in pixels and its alt text: the words it shows.
SHARE_IMAGE = "assets/delningsbild.png"
SHARE_IMAGE_SIZE = (1200, 630)
SHARE_IMAGE_ALT = ("Tillitsnavet. Kunskapsnav om tillitsbaserad styrning och ledning i offentlig "
                   "sektor. Det Tillitsdelegationen (2016–2020) lärde sig · tillitsnavet.se")


def page_head(src_uri: str, record: Record | None, title: str | None, description: str | None,
              homepage: bool, url: str | None, site_url: str, site_name: str,
              site_description: str) -> dict[str, Any]:
    """What a page's head carries (overrides/main.html): its share preview, and JSON-LD if any."""
    head: dict[str, Any] = {"hub_og": share_preview(title, description, homepage, url, site_name,
                                                    site_description, site_url)}
    if record is not None:
        head["hub_jsonld"] = record_json_ld(record, site_url)
    elif src_uri == OPEN_DATA_PAGE:
        head["hub_jsonld"] = open_data_json_ld(site_url, site_name)
    return head


def share_preview(title: str | None, description: str | None, homepage: bool, url: str | None,
                  site_name: str, site_description: str, site_url: str = "") -> dict[str, str]:
    """og:… → content, escaped for the theme; the image only with a site_url (it must be absolute)."""
    og = {"site_name": site_name, "locale": "sv_SE", "type": "website" if homepage else "article",
          "title": site_name if homepage or not title else title,
          "description": description or site_description}
    if url:
        og["url"] = url
    if site_url:
        width, height = SHARE_IMAGE_SIZE
        og.update({"image": absolute_url(site_url, SHARE_IMAGE), "image:type": "image/png",
                   "image:width": str(width), "image:height": str(height),
                   "image:alt": SHARE_IMAGE_ALT})
    return {name: attribute_text(value) for name, value in og.items()}


_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: A role written after a name in a list of organisers: "Enköpings kommun (värd)".
_ROLE = re.compile(r"\s*\([^()]*\)$")


def record_json_ld(record: Record, site_url: str) -> str:
    """A WebPage (dated by the last review, a fact about the page) and what it is about.

    A forum is an ``Event`` only with what Google requires (a whole start day, a location
    with an address); anything else is a ``CreativeWork``.
    """
    url = absolute_url(site_url, record.url)
    thing: dict[str, Any] = {"@id": url + "#sak", "name": record.title,
                             "description": record.get("sammanfattning", ""), "url": url,
                             "inLanguage": "sv"}
    event = _event(record) if record.kind.key == "forum" else None
    if event:
        thing.update(event)
    else:
        thing["@type"] = "CreativeWork"
        organisation = record.confirmed_value("organisation")
        if organisation:
            thing["about"] = {"@type": "Organization", "name": organisation}
    page = {"@type": "WebPage", "@id": url, "url": url, "name": record.title, "inLanguage": "sv",
            "dateModified": record.get("senast_granskad", ""), "mainEntity": {"@id": thing["@id"]}}
    return script_json({"@context": "https://schema.org", "@graph": [page, thing]})


def _event(record: Record) -> dict[str, Any] | None:
    period = record.confirmed_value("period") or {}
    start, end = period.get("start", ""), period.get("slut", "")
    location = _location(record)
    if not _FULL_DATE.fullmatch(start) or location is None:
        return None
    event: dict[str, Any] = {"@type": "Event", "startDate": start, "location": location,
                             "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode"}
    if _FULL_DATE.fullmatch(end):
        event["endDate"] = end
    organisers = [_ROLE.sub("", name) for name in record.confirmed_value("arrangörer") or []]
    if organisers:
        event["organizer"] = [{"@type": "Organization", "name": name} for name in organisers]
    return event


def _location(record: Record) -> dict[str, Any] | None:
    place, municipality, county = (record.confirmed_value(field)
                                   for field in ("plats", "kommun", "län"))
    if not (place or municipality or county):
        return None
    address: dict[str, Any] = {"@type": "PostalAddress"}
    if municipality:
        address["addressLocality"] = municipality
    if county:
        address["addressRegion"] = county
    address["addressCountry"] = "SE"
    return {"@type": "Place", "name": place or municipality or county, "address": address}


def open_data_json_ld(site_url: str, site_name: str) -> str:
    """The page "Öppna data" as a Dataset with its downloads."""
    downloads = [("application/json", ALL_FILE)] + [("text/csv", f"{DATA_DIR}/{kind}.csv")
                                                    for kind in KINDS]
    return script_json({
        "@context": "https://schema.org", "@type": "Dataset", "inLanguage": "sv",
        "name": f"{site_name} – öppna data",
        "description": "Försöksverksamheter, forum och goda exempel om tillitsbaserad styrning "
                       "och ledning, med källor, som JSON och CSV.",
        "url": absolute_url(site_url, OPEN_DATA_PAGE.removesuffix("index.md")),
        "license": LICENCE_URL,
        "distribution": [{"@type": "DataDownload", "encodingFormat": media,
                          "contentUrl": absolute_url(site_url, path)} for media, path in downloads],
    })

