"""An Atom feed (RFC 4287) of the records, newest review first.

An entry's id is the record's address, which never changes, so an updated record stays
the same entry; its author is the hub's editors (extra.kontakt), who wrote it, not the
record's organisation. The feed's date is the newest review, not the build's.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..records.catalog import Catalog
from ..render.contact import Contact
from .exports import absolute_url, in_order

FEED_FILE = "atom.xml"
ATOM = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 50


def atom_feed(catalog: Catalog, site_url: str, site_name: str = "Tillitsnavet",
              editors: Contact | None = None) -> bytes:
    records = sorted(in_order(catalog), key=lambda r: (r.get("senast_granskad", ""), r.url),
                     reverse=True)[:MAX_ENTRIES]
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "sv"})
    sub(feed, "title", f"{site_name}: nya och granskade poster")
    sub(feed, "subtitle", "Försök, forum och goda exempel om tillitsbaserad styrning och ledning, "
                          "i den ordning de senast granskades.")
    sub(feed, "id", absolute_url(site_url, FEED_FILE))
    sub(feed, "link", rel="self", type="application/atom+xml", href=absolute_url(site_url, FEED_FILE))
    sub(feed, "link", rel="alternate", type="text/html", href=absolute_url(site_url, ""))
    newest = records[0].get("senast_granskad") if records else "2020-06-24"
    sub(feed, "updated", f"{newest}T00:00:00Z")

    def author(parent: ET.Element) -> None:
        person = sub(parent, "author")
        sub(person, "name", editors.name if editors else site_name)
        if editors and editors.address:
            sub(person, "email" if editors.is_email else "uri", editors.address)

    author(feed)
    sub(feed, "rights", "Uppgifterna får användas fritt (CC0 1.0). Ange gärna Tillitsnavet som källa.")
    for record in records:
        entry = sub(feed, "entry")
        url = absolute_url(site_url, record.url)
        sub(entry, "title", record.title)
        sub(entry, "id", url)
        sub(entry, "link", rel="alternate", type="text/html", href=url)
        sub(entry, "updated", f"{record.get('senast_granskad')}T00:00:00Z")
        author(entry)
        sub(entry, "category", term=record.kind.key, label=record.label)
        sub(entry, "summary", record.get("sammanfattning", ""))
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
