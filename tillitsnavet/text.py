"""Turning record text into page text that can never become markup.

Two kinds of text come from records:

* Plain text (titles, names, places): shown exactly as typed. `inline`
  HTML-escapes it and also writes every ASCII punctuation character as a
  numeric entity, so that neither Markdown nor any extension (attribute
  lists, snippets, tables, links) sees syntax in it. Entities are decoded
  by the browser and by the search indexer, so readers and search see the
  characters typed.
* Markdown fields (beskrivning, resultat, …): rendered here by a restricted
  Markdown instance with raw HTML and images switched off, links limited to
  http, https and mailto, and headings moved down below the page's own. The
  result is an HTML block the site's Markdown passes through untouched.
"""

from __future__ import annotations

import hashlib
import html
import re
import string
import sys
import xml.etree.ElementTree as etree
from functools import lru_cache
from pathlib import Path

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from .cache import read_store, write_store

_PUNCTUATION = {ord(c): f"&#{ord(c)};" for c in string.punctuation}
_SAFE_SCHEMES = re.compile(r"^(https?:|mailto:)", re.IGNORECASE)


def inline(text: str) -> Markup:
    """Plain text for a Markdown or HTML context: every special character neutralised."""
    flat = " ".join(str(text).split())  # a newline could start a new Markdown block
    return Markup(flat.translate(_PUNCTUATION))


def attribute(text: str) -> str:
    """Plain text for front matter that themes print unescaped (title, description)."""
    return html.escape(" ".join(str(text).split()), quote=True)


class _SafeTree(Treeprocessor):
    """Drop links to unsafe schemes and move headings below the page's h2."""

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for index, element in enumerate(list(parent)):
                if element.tag == "a":
                    href = element.get("href", "")
                    if not _SAFE_SCHEMES.match(href.strip()):
                        # keep the words, lose the link
                        span = etree.Element("span")
                        span.text, span.tail = element.text, element.tail
                        span.extend(list(element))
                        parent.remove(element)
                        parent.insert(index, span)
                    else:
                        element.set("rel", "noopener")
                elif re.fullmatch(r"h[1-6]", element.tag):
                    element.tag = f"h{min(6, int(element.tag[1]) + 2)}"


class _SafeMarkdown(markdown.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - API name
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.inlinePatterns.deregister("image_link")
        md.inlinePatterns.deregister("image_reference")
        md.inlinePatterns.deregister("short_image_ref")
        md.treeprocessors.register(_SafeTree(md), "hub_safe", 0)


def _new_markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=[_SafeMarkdown(), "sane_lists"], output_format="html")


_md = _new_markdown()


def block(text: str, css_class: str = "hub-text") -> Markup:
    """A Markdown field as a self-contained, safe HTML block."""
    return _block(str(text), css_class)


def forget_rendered_fields() -> None:
    """Empty the memo of rendered fields (memory; a build does not need it after rendering)."""
    global _stored
    _block.cache_clear()
    _stored = None
    _used.clear()


# A build keeps the HTML of every Markdown field it rendered, by the digest of
# the field's text, in the record cache's folder; the next build converts only
# new and changed text (Python-Markdown is about half of rendering a record
# page). The HTML depends on nothing but the text, this module, Python-Markdown
# and Python: the fingerprint.
_STORE = "falt.marshal"
_stored: dict[bytes, str] | None = None  # digest → HTML, from the last build, not yet used
_used: dict[bytes, str] = {}  # what this build rendered or took: the next build's store
_converted = False  # whether this build converted any field itself


@lru_cache(maxsize=1)  # this module as it was loaded, even if the file changes meanwhile
def _fingerprint() -> str | None:
    try:
        source = Path(__file__).read_bytes()
    except OSError:  # installed without its source: no store
        return None
    return hashlib.blake2b(repr((sys.version, markdown.__version__)).encode() + source,
                           digest_size=16).hexdigest()


def use_stored_fields(folder: Path) -> int:
    """Take rendered fields from the last build's store in ``folder``; how many there are."""
    global _stored, _converted
    _stored = read_store(folder / _STORE, _fingerprint()) or {}  # none: convert every field
    _used.clear()
    _converted = False
    return len(_stored)


def store_used_fields(folder: Path) -> int:
    """Keep the fields this build used for the next one (never fails); how many."""
    fingerprint = _fingerprint()
    if _stored is None or not _used or fingerprint is None:
        return 0  # not a build that took from the store, or nothing rendered here
    if _converted or _stored:  # new fields, or stored ones no longer used: not the same store
        write_store(folder / _STORE, fingerprint, _used)
    return len(_used)


def _markdown(text: str) -> str:
    _md.reset()
    return _md.convert(text)


def _convert(text: str) -> str:
    global _converted
    if _stored is None:
        return _markdown(text)
    key = hashlib.blake2b(text.encode(), digest_size=16).digest()
    body = _used.get(key)
    if body is None:
        body = _stored.pop(key, None)  # each held once: in _used once taken
    if body is None:
        body = _markdown(text)
        _converted = True
    _used[key] = body
    return body


@lru_cache(maxsize=65536)  # the preview renders changed records again after each save
def _block(text: str, css_class: str) -> Markup:
    body = _convert(str(text))
    # A line inside the block starting with the snippet marker or similar is
    # harmless here (the block is stashed whole), but keep it on one line per
    # element anyway so no outer Markdown rule can see a fresh line start.
    return Markup(f'<div class="{css_class}">\n{body}\n</div>')
