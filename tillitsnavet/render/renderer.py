"""Records → Markdown pages, through the Jinja macros in ``macros/``.

Autoescape, and StrictUndefined so a typo in a template stops the build instead of
printing ``{{ x }}`` on a public page. Record text reaches a page only through the
filters ``inline`` and ``block`` (text.py) or autoescaped HTML.
"""

from __future__ import annotations

import heapq
import posixpath
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from ..records.catalog import Catalog
from ..records.fields import schema_fields
from ..records.kinds import KINDS, MENTIONED, Record, evidence_rank, suggest_id
from . import links
from .contact import Contact
from .explorer import EXPLORER_PAGE, Explorer
from .links import relative
from .passthrough import mark
from .pictures import Pictures
from .swedish import by_title, format_partial_date, format_period, sort_key
from .text import attribute, block, inline


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str
    markdown: str
    edit_path: str
    draft: bool


def front_matter(title: str, description: str = "", **extra: Any) -> Markup:
    """YAML front matter, escaped for themes that print it raw; Markup, so the template's
    autoescape leaves the YAML quoting alone."""
    meta = {"title": attribute(title)}
    if description:
        meta["description"] = attribute(description)
    meta.update(extra)
    # libyaml's emitter when there is one: the same text, six times faster
    dumped = yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False)
    return Markup("---\n" + dumped + "---\n\n")


_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class Renderer:
    def __init__(self, macros_dir: Path, catalog: Catalog, directory_urls: bool = True,
                 site_url: str = "", bytecode_cache: jinja2.BytecodeCache | None = None,
                 contact: Contact = Contact("Tillitsnavets redaktion"),
                 cards: dict | None = None):
        self.catalog = catalog
        #: the cards made so far (`card`); the preview hands in those of its last
        #: rebuild, emptied whenever a template or another shared input changed
        self.cards: dict[tuple[str, str, str, str, str, str], Markup] = {} if cards is None else cards
        self.directory_urls = directory_urls
        self.site_url = site_url  # for addresses that must be absolute ("Citera")
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(macros_dir)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=bytecode_cache,  # the preview's: templates compiled once per process
        )
        self.env.filters.update(
            inline=inline,
            block=block,
            html=mark,  # final HTML the site's Markdown passes on unparsed (passthrough.py)
            datum=format_partial_date,
            period=format_period,
            svensk_ordning=lambda items, attr=None: sorted(
                items, key=lambda i: sort_key(_attr(i, attr))),
            slug=suggest_id,
        )
        self.env.globals.update(hub=self, kinds=KINDS, front_matter=front_matter, kontakt=contact)
        self.env.globals["underlagsgrad"] = evidence_rank  # 1 strongest … 3 (the badge's rank)
        self.env.globals["falt"] = schema_fields  # the fields of a schema, for "Öppna data"
        #: the map, charts and timelines (the templates' `bilder`)
        self.pictures = Pictures(catalog, macros_dir.parent, directory_urls)
        self.env.globals["bilder"] = self.pictures

    def href(self, target: Record | str, here: str) -> str:
        """Relative Markdown link from page ``here`` to a record or a page path."""
        path = target.src_uri if isinstance(target, Record) else target
        return relative(path, posixpath.dirname(here) or ".")

    def linked(self, record: Record, field: str, kind: str) -> list[Record]:
        return by_title(self.catalog.linked(record, field, kind))

    def linking_to(self, record: Record, kind: str, field: str) -> list[Record]:
        return by_title(self.catalog.linking_to(record, kind, field))

    def records(self, kind: str) -> list[Record]:
        return by_title(self.catalog.of_kind(kind))

    def with_principle(self, name: str) -> list[Record]:
        return by_title(r for r in self.catalog.all() if name in r.get("principer", []))

    def reference(self, name: str) -> list[dict[str, Any]]:
        return self.catalog.reference.lists.get(name, [])

    def principle(self, name: str) -> dict[str, Any]:
        return self.catalog.reference.by_name("principer")[name]

    def recently_reviewed(self, count: int = 6) -> list[Record]:
        return sorted(self.catalog.all(), key=lambda r: (r.get("senast_granskad", ""), sort_key(r.title)),
                      reverse=True)[:count]

    def permalink(self, record: Record) -> str:
        return (self.site_url.rstrip("/") + "/" if self.site_url else "/") + record.url

    def page_url(self, record: Record, here: str) -> str:
        """For raw HTML, which MkDocs does not rewrite."""
        return links.href(record.src_uri, here, self.directory_urls)

    def card(self, record: Record, here: str, note: str = "", why: str = "") -> Markup:
        """A record in a list (macro `kort` in komponenter.j2), rendered once per build for each
        (version of the record, link, note, why): a record is listed on many pages."""
        key = (record.kind.key, record.id, record.digest, self.page_url(record, here), str(note), why)
        if key not in self.cards:
            self.cards[key] = self._kort(record, here, note, why)
        return self.cards[key]

    @cached_property
    def _kort(self):  # type: ignore[no-untyped-def]
        return self.env.get_template("komponenter.j2").module.kort  # type: ignore[attr-defined]

    def page_link(self, page: str, here: str) -> str:
        return links.href(page, here, self.directory_urls)

    def related(self, record: Record, count: int = 3) -> list[tuple[Record, str]]:
        """A few records like this one, each with why: [(record, "Samma sektor: omsorg · …")].

        Never one the page already lists. Candidates come from an index by trait with
        capped entries, so the work per page stays small however many records there are.
        """
        index, rank = self._related_index
        named = {(r.kind.key, r.id) for r in self.catalog.named_with(record)}
        mine = shared_traits(record)
        found: dict[tuple[str, str], tuple[Record, list[tuple[str, str, int]]]] = {}
        for trait in mine:
            for other in index.get(trait[:2], []):
                key = (other.kind.key, other.id)
                if other is record or key == (record.kind.key, record.id) or key in named:
                    continue
                found.setdefault(key, (other, []))[1].append(trait)

        def score(item: tuple[Record, list]) -> tuple:
            other, traits = item
            return (-sum(weight for _, _, weight in traits), rank[id(other)])

        chosen = heapq.nsmallest(count, found.values(), key=score)
        # a principle is said by its heading ("Medborgarfokus"), as on the page Principer
        return [(other, reasons([(label, self.principle(value)["rubrik"] if label == "Samma princip"
                                  else value, weight) for label, value, weight in traits]))
                for other, traits in chosen]

    @cached_property
    def _related_index(self) -> tuple[dict[tuple[str, str], list[Record]], dict[int, int]]:
        """Records by trait, and each record's place in Swedish title order."""
        index: dict[tuple[str, str], list[Record]] = {}
        ordered = by_title(self.catalog.all())
        for other in ordered:
            for label, value, _ in shared_traits(other):
                bucket = index.setdefault((label, value), [])
                if len(bucket) < 60:  # enough to choose three from
                    bucket.append(other)
        return index, {id(other): place for place, other in enumerate(ordered)}

    def tags(self) -> list[tuple[str, list[Record]]]:
        found: dict[str, list[Record]] = {}
        for record in self.catalog.all():
            for tag in record.get("taggar", []):
                found.setdefault(tag, []).append(record)
        return [(tag, by_title(found[tag])) for tag in sorted(found, key=sort_key)]

    def tag_anchor(self, tag: str) -> str:
        """The tag's heading id on the tag page: 'åsa' and 'asa' slug alike, as do all tags in
        another script, so the second of two (in Swedish order) gets '-2', and so on."""
        return self._tag_anchors.get(tag, suggest_id(tag))

    @cached_property
    def _tag_anchors(self) -> dict[str, str]:
        anchors: dict[str, str] = {}
        taken: set[str] = set()
        for name, _ in self.tags():
            base = suggest_id(name) if any(c.isascii() and c.isalnum() for c in
                                           unicodedata.normalize("NFKD", name)) else "amnesord"
            anchor, number = base, 1
            while anchor in taken:
                number += 1
                anchor = f"{base}-{number}"
            taken.add(anchor)
            anchors[name] = anchor
        return anchors

    def tag_page(self) -> str:
        module = self.env.get_template("taggar.md.j2").module
        return str(module.sida(TAG_PAGE)).lstrip()  # type: ignore[attr-defined]

    def explorer(self) -> Explorer:
        if not hasattr(self, "_explorer"):
            self._explorer = Explorer(self.catalog, lambda r: self.page_url(r, EXPLORER_PAGE))
        return self._explorer

    def data_href(self, folder: str, here: str) -> str:
        """Relative URL from page ``here`` to a folder of files (``utforska/data/``), for raw HTML."""
        return links.file_href(folder.rstrip("/"), here, self.directory_urls) + "/"

    def search_meta(self, src_uri: str) -> dict[str, str]:
        record = self._by_src_uri.get(src_uri)
        if record is None:
            kind = "Rapport" if src_uri.startswith("om/rapporter") else "Sida"
            return {"typ": kind}
        return {"typ": record.label, "organisation": record.get("organisation", ""),
                "län": record.get("län", "")}

    def record_at(self, src_uri: str) -> Record | None:
        return self._by_src_uri.get(src_uri)

    @cached_property
    def _by_src_uri(self) -> dict[str, Record]:
        return {r.src_uri: r for r in self.catalog.all()}

    def record_page(self, record: Record) -> GeneratedPage:
        module = self.env.get_template(record.kind.template).module
        markdown = module.sida(record, record.src_uri)  # type: ignore[attr-defined]
        return GeneratedPage(record.src_uri, str(markdown).lstrip(), record.path, record.draft)

    def shortcodes(self, markdown: str, here: str) -> str:
        """A hand-written page's Markdown with each ``<!-- hub:name argument -->`` expanded.

        Raises:
            KeyError: the name of a shortcode that does not exist.
        """
        return SHORTCODE.sub(lambda m: self.shortcode(m.group(1), m.group(2), here), markdown)

    def shortcode(self, name: str, argument: str, here: str) -> str:
        """Expand ``<!-- hub:name argument -->`` in a hand-written page."""
        macro = getattr(self.env.get_template("listor.md.j2").module, name, None)
        if macro is None:
            # A shortcode of its own: macros/kortkoder/<name>.md.j2 with macro visa(argument, here)
            try:
                template = self.env.get_template(f"kortkoder/{name}.md.j2")
            except jinja2.TemplateNotFound:
                raise KeyError(name) from None
            return str(template.module.visa(argument, here))  # type: ignore[attr-defined]
        return str(macro(argument, here)) if argument else str(macro(here))


#: A shortcode on a line of its own in a hand-written page: ``<!-- hub:lista forsok -->``.
SHORTCODE = re.compile(r"^<!--\s*hub:(\w+)\s*([\w-]*)\s*-->\s*$", re.MULTILINE)
#: The generated page that lists every tag (ämnesord) and its records.
TAG_PAGE = "taggar/index.md"


#: What two records may share (confirmed by the sources), how it is said, and its weight:
#: the same organisation says more than a principle the editors chose.
TRAITS = (
    ("organisation", "Samma organisation", 5),
    ("kommun", "Samma kommun", 3),
    ("län", "Samma län", 2),
    ("program", "Samma program", 3),
    ("sektorer", "Samma sektor", 2),
    ("taggar", "Samma ämnesord", 2),
    ("principer", "Samma princip", 1),
)


def shared_traits(record: Record) -> list[tuple[str, str, int]]:
    traits = []
    for field, label, weight in TRAITS:
        value = record.confirmed_value(field)
        if field == "program" and value == MENTIONED:
            continue  # not a program: records mentioned as examples share nothing by it
        for item in value if isinstance(value, list) else [value]:
            if item:
                traits.append((label, str(item), weight))
    return traits


def bucket_keys(record: Record) -> list[tuple[str, str]]:
    """The index entries a record is in for "Liknande poster" (the preview watches them)."""
    return [(label, value) for label, value, _ in shared_traits(record)]


def reasons(traits: list[tuple[str, str, int]]) -> str:
    """'Samma sektor: omsorg, socialtjänst · Samma län: Kalmar län', strongest first."""
    said: dict[str, list[str]] = {}
    for label, value, _ in sorted(traits, key=lambda t: -t[2]):
        said.setdefault(label, []).append(value)
    return " · ".join(f"{label}: {', '.join(values)}" for label, values in said.items())


def _attr(item: Any, attr: str | None) -> Any:
    if attr is None:
        return item
    return getattr(item, attr) if hasattr(item, attr) else item[attr]
