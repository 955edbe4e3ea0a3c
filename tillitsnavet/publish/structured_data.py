"""What other places read from a page's head: share previews (OpenGraph) and schema.org JSON-LD.

A forum with a date is an ``Event`` (with its place and organisers), a
pilot or good practice a ``CreativeWork`` about its organisation, and the
page "Öppna data" a ``Dataset`` with each download. Only values the sources
confirm are given (`Record.confirmed_value`). The JSON is written so that
nothing in it can end the script element: ``<``, ``>`` and ``&`` are JSON
escapes.
"""

from __future__ import annotations

import json
from typing import Any

from ..records.kinds import KINDS, Record
from ..render.text import attribute_text
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
    """OpenGraph properties of a page (og:… → content), escaped for the theme to print.

    The image needs an absolute address (OpenGraph), so it is given when the site has a
    ``site_url``; overrides/main.html adds ``twitter:card`` when there is an image.
    """
    og = {"site_name": site_name, "locale": "sv_SE", "type": "website" if homepage else "article",
          "title": site_name if homepage or not title else title,
          "description": description or site_description}
    if url:
        og["url"] = url
    if site_url:
        og.update({"image": absolute_url(site_url, SHARE_IMAGE), "image:type": "image/png",
                   "image:width": str(SHARE_IMAGE_SIZE[0]), "image:height": str(SHARE_IMAGE_SIZE[1]),
                   "image:alt": SHARE_IMAGE_ALT})
    return {name: attribute_text(value) for name, value in og.items()}


def record_json_ld(record: Record, site_url: str) -> str:
    """The JSON-LD of one record's page."""
    data: dict[str, Any] = {"@context": "https://schema.org", "name": record.title,
                            "description": record.get("sammanfattning", ""),
                            "url": absolute_url(site_url, record.url), "inLanguage": "sv",
                            "dateModified": record.get("senast_granskad", "")}
    period = record.confirmed_value("period") or {}
    if record.kind.key == "forum" and period.get("start"):
        data["@type"] = "Event"
        data["startDate"] = period["start"]
        if period.get("slut"):
            data["endDate"] = period["slut"]
        place = record.confirmed_value("plats") or record.confirmed_value("kommun")
        if place:
            data["location"] = {"@type": "Place", "name": place}
        data["organizer"] = [{"@type": "Organization", "name": name}
                             for name in record.confirmed_value("arrangörer", [])]
    else:
        data["@type"] = "CreativeWork"
        organisation = record.confirmed_value("organisation")
        if organisation:
            data["about"] = {"@type": "Organization", "name": organisation}
    return _script_safe(data)


def open_data_json_ld(site_url: str, site_name: str) -> str:
    """The JSON-LD of the page "Öppna data": the records as a Dataset with its downloads."""
    downloads = [("application/json", ALL_FILE)] + [("text/csv", f"{DATA_DIR}/{kind}.csv")
                                                    for kind in KINDS]
    return _script_safe({
        "@context": "https://schema.org", "@type": "Dataset", "inLanguage": "sv",
        "name": f"{site_name} – öppna data",
        "description": "Försöksverksamheter, forum och goda exempel om tillitsbaserad styrning "
                       "och ledning, med källor, som JSON och CSV.",
        "url": absolute_url(site_url, OPEN_DATA_PAGE.removesuffix("index.md")),
        "license": LICENCE_URL,
        "distribution": [{"@type": "DataDownload", "encodingFormat": media,
                          "contentUrl": absolute_url(site_url, path)} for media, path in downloads],
    })


def _script_safe(data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
