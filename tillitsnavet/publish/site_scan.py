"""The last look at a finished build: no published text holds a forbidden character.

Record values are checked when read (records/characters.py), but pages, feed, open data
and sitemap are made by many hands (templates, MkDocs, Material, rdflib); this scan of
what was written keeps a future output from slipping past the rule. In markup, a numeric
character reference (``&#x202E;``) counts as the character it spells.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from ..records.characters import FORBIDDEN, name

#: Files that carry text from records and pages (scripts, styles and the compressed
#: search index carry none).
_TEXT = {".html", ".xml", ".json", ".csv", ".rdf", ".txt", ".svg", ".md", ".webmanifest"}
_MARKUP = {".html", ".xml", ".rdf", ".svg"}
_REFERENCE = re.compile(r"&#(?:[0-9]{1,7}|[xX][0-9a-fA-F]{1,6});")


def forbidden_in_site(site_dir: Path) -> list[str]:
    """Each text file of ``site_dir`` that holds a forbidden character, said in Swedish."""
    found = []
    for file in sorted(site_dir.rglob("*")):
        if file.suffix not in _TEXT or not file.is_file():
            continue
        # a leading byte-order mark is the CSV's note to Excel that it is UTF-8
        text = file.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
        match = FORBIDDEN.search(text)
        char = match.group() if match else ""
        if not char and file.suffix in _MARKUP and "&#" in text:
            char = next((c for ref in _REFERENCE.findall(text)
                         if FORBIDDEN.search(c := html.unescape(ref))), "")
        if char:
            found.append(f"{file.relative_to(site_dir).as_posix()} skulle innehålla tecknet "
                         f"{name(char)}")
    return found
