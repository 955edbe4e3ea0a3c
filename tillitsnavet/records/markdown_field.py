"""The restricted Markdown of record fields: the one renderer, which says what it drops.

A Markdown field (``beskrivning``, ``resultat``, …: the schema gives them
the form ``långtext``) may hold paragraphs, lists, emphasis, headings and
http, https and mailto links. Raw HTML is shown as typed. Everything else
the renderer leaves out of the page, and it says so in Swedish:

* a link to anything but http, https or mailto (``javascript:``,
  ``data:``, a relative path): the words stay, the link goes;
* a ``mailto:`` with headers (``?bcc=``, ``?subject=``), which can hide
  recipients;
* an image;
* an entity (``&#x202E;``) that spells a character no published text may
  hold (records/characters.py).

`check` reports what `render` dropped as problems at the field, so what is
published is what the editor wrote, and there is no second parser that
could disagree with this one (a link whose text wraps onto the next line is
one link to both). render/text.py wraps the HTML for the page.
"""

from __future__ import annotations

import functools
import html
import re
import xml.etree.ElementTree as etree
from typing import NamedTuple

import markdown
from markdown.inlinepatterns import ENTITY_RE, HtmlInlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

from .characters import FORBIDDEN, name
from .problems import excerpt

_SAFE = re.compile(r"^(https?://[^/\s]|mailto:[^?\s]+$)", re.IGNORECASE)


class Rendered(NamedTuple):
    html: str  # the field's HTML, safe to publish as it is
    dropped: tuple[str, ...]  # what the renderer left out, each said in Swedish


class _SafeTree(Treeprocessor):
    """Drop unsafe links and images (noting each), move headings below the page's h2."""

    def __init__(self, md: markdown.Markdown, drops: list[str]):
        super().__init__(md)
        self.drops = drops

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for index, element in enumerate(list(parent)):
                if element.tag == "img":
                    self.drops.append(f"bilder kan inte visas i texten "
                                      f"({excerpt(element.get('src', ''))}); ta bort bilden "
                                      "eller gör den till en länk")
                    _replace(parent, index, element, element.get("alt", ""))
                elif element.tag == "a":
                    # an e-mail autolink's address arrives spelled as entities
                    href = html.unescape(element.get("href", "").replace(AMP_SUBSTITUTE, "&"))
                    if _SAFE.match(href.strip()):
                        element.set("rel", "noopener")
                        continue
                    self.drops.append(_link_message(href))
                    _replace(parent, index, element, element.text)  # the words stay
                elif re.fullmatch(r"h[1-6]", element.tag):
                    element.tag = f"h{min(6, int(element.tag[1]) + 2)}"


def _replace(parent: etree.Element, index: int, element: etree.Element, text: str | None) -> None:
    """Put a plain span with ``text`` (and ``element``'s children) where ``element`` stood."""
    span = etree.Element("span")
    span.text, span.tail = text, element.tail
    span.extend(list(element))
    parent.remove(element)
    parent.insert(index, span)


class _CheckedEntity(HtmlInlineProcessor):
    """An entity is published as the character it spells, unless that character is forbidden."""

    def __init__(self, pattern: str, md: markdown.Markdown, drops: list[str]):
        super().__init__(pattern, md)
        self.drops = drops

    def handleMatch(self, m: re.Match, data: str):  # noqa: N802 - API name
        char = html.unescape(m.group(0))
        if FORBIDDEN.search(char):
            self.drops.append(f"{m.group(0)} blir tecknet {name(char)}, som inte får publiceras; "
                              "ta bort det")
            return "", m.start(0), m.end(0)
        return super().handleMatch(m, data)


class _Restricted(markdown.Extension):
    def __init__(self, drops: list[str]):
        super().__init__()
        self.drops = drops

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - API name
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.inlinePatterns.register(_CheckedEntity(ENTITY_RE, md, self.drops), "entity", 80)
        md.treeprocessors.register(_SafeTree(md, self.drops), "hub_safe", 0)


def _link_message(href: str) -> str:
    if href.lower().startswith("mailto:"):
        return (f"länken '{excerpt(href)}' har tillägg efter ?, som kan dölja mottagare; skriv "
                "bara adressen, t.ex. mailto:namn@example.se")
    return (f"länken '{excerpt(href)}' kan inte publiceras: bara https-, http- och "
            "mailto-länkar är tillåtna")


_drops: list[str] = []  # what one conversion dropped; emptied before each (render)
_md = markdown.Markdown(extensions=[_Restricted(_drops), "sane_lists"], output_format="html")


@functools.lru_cache(maxsize=16384)
def render(text: str) -> Rendered:
    """One Markdown field as HTML, and what was left out of it.

    Kept per text (a pure function of it): `check` renders every field to
    learn what would be dropped, and a build then publishes the same HTML
    without converting the text again.
    """
    _md.reset()
    _drops.clear()
    body = _md.convert(text)
    return Rendered(body, tuple(dict.fromkeys(_drops)))
