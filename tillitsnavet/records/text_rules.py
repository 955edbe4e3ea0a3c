"""What the text of a record may hold, checked before anything is rendered.

The Markdown fields (``beskrivning``, ``resultat``, … : those the schema
gives the form ``långtext``) are rendered by a restricted Markdown
(render/text.py) that drops what it does not allow. Dropping silently would
publish something other than what the editor wrote, so each such thing is a
problem here, at the field's line: a link to anything but http, https or
mailto (``javascript:``, ``data:``, ``//host``, a relative path), a
``mailto:`` with headers (``?bcc=``), an image, and an entity (``&#x202E;``)
that spells a character no record may hold. Plain-text fields must hold
something visible.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

from .problems import Problem, excerpt
from .yaml_loader import FORBIDDEN_CHARACTERS, locate

#: A link's target; an image when a "!" stands before the "[" (looked at by hand:
#: an optional first character kept the pattern from searching for the "[" fast).
_LINK = re.compile(r"\[[^\]\n]*\]\(\s*<?([^)\s>]*)")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]*:[^>\s]*)>")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_ALLOWED = re.compile(r"^(https?://[^/\s]|mailto:[^?\s]+$)", re.IGNORECASE)
#: Plain-text fields that a page shows as its title or lead.
PLAIN_FIELDS = ("titel", "sammanfattning")


def text_problems(data: dict[str, Any], path: str, markdown_fields: frozenset[str]) -> list[Problem]:
    """Every problem of the record's Markdown and plain-text fields."""
    problems = []
    for name in markdown_fields:
        value = data.get(name)
        if isinstance(value, str):
            problems += [Problem(path, *locate(data, [name]), name, message)
                         for message in markdown_problems(value)]
    for name in PLAIN_FIELDS:
        value = data.get(name)
        if isinstance(value, str) and value and not any(c.isalnum() for c in value):
            problems.append(Problem(path, *locate(data, [name]), name, "innehåller bara blanksteg "
                                    "eller osynliga tecken; skriv texten"))
    return problems


def markdown_problems(text: str) -> list[str]:
    """What in one Markdown text the restricted renderer would not publish, in Swedish."""
    found = []
    for link in _LINK.finditer(text):
        target = link.group(1)
        if text[link.start() - 1: link.start()] == "!":
            found.append(f"bilder kan inte visas i texten (![…]({excerpt(target)})); ta bort "
                         "bilden eller gör den till en länk")
        elif not _ALLOWED.match(target):
            found.append(_link_message(target))
    references = _REFERENCE.findall(text) if "]:" in text else []  # its pattern needs "]:"
    for target in _AUTOLINK.findall(text) + references:
        if not _ALLOWED.match(target):
            found.append(_link_message(target))
    for entity in _ENTITY.findall(text):
        char = html.unescape(entity)
        if len(char) == 1 and FORBIDDEN_CHARACTERS.match(char):
            found.append(f"{entity} blir det osynliga tecknet {unicodedata.name(char, '')} "
                         f"(U+{ord(char):04X}), som inte får finnas i en post; ta bort det")
    return found


def _link_message(target: str) -> str:
    if target.lower().startswith("mailto:"):
        return (f"länken '{excerpt(target)}' har tillägg efter ?; skriv bara adressen, "
                "t.ex. mailto:namn@example.se")
    return (f"länken '{excerpt(target)}' kan inte publiceras: bara https-, http- och "
            "mailto-länkar är tillåtna")
