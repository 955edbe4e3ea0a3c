"""Which characters no published text may hold, and how a message names a character.

The one rule, applied to decoded values: every key and value of every
record and reference list after YAML has decoded its escapes
(yaml_loader.py), the characters a Markdown entity spells (markdown_field.py),
the contact setting (render/contact.py), and, last, every text file a build
writes (publish/site_scan.py).

Forbidden are C0 and C1 control characters other than tab, line feed and carriage return
(ESC can rewrite a terminal; most make XML not well-formed), the bidi
controls that make text read differently from what it is ("Trojan
Source"), zero-width characters and the soft hyphen (two equal-looking tags
or names that differ), the byte-order mark, the line and paragraph
separators, noncharacters (U+FFFE makes the Atom feed not well-formed) and
lone surrogates.
"""

from __future__ import annotations

import re
import unicodedata

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_INVISIBLE = "\u00ad\u200b-\u200d\u2060\u2061-\u2064\ufeff\u2028\u2029"
_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff"
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + _BIDI + _INVISIBLE + _NONCHARACTERS
                       + "\ud800-\udfff]")


def name(char: str) -> str:
    """A character as messages name it: 'RIGHT-TO-LEFT OVERRIDE (U+202E)', 'U+001B (styrtecken)'."""
    found = unicodedata.name(char, "")
    if found:
        return f"{found} (U+{ord(char):04X})"
    kind = {"Cc": "styrtecken", "Cs": "halv surrogat", "Cn": "icke-tecken"}.get(
        unicodedata.category(char), "tecken utan namn")
    return f"U+{ord(char):04X} ({kind})"


def forbidden(text: str) -> str:
    """What is wrong with ``text``'s first forbidden character, in Swedish; "" when none."""
    found = FORBIDDEN.search(text)
    if found is None:
        return ""
    return (f"innehåller tecknet {name(found.group())}, ett osynligt tecken eller styrtecken "
            "som inte får publiceras; ta bort det")
