"""The explorer page ("Utforska"): facets, one row per record, and the files its script reads.

The page holds the facets with their counts and the first ``PAGE_ROWS`` rows, so it stays
one size at any number of records and lists without JavaScript. Beside it
(``utforska/data/``), for assets/utforska.js: ``index.js`` (every record's facet values,
so counts stay exact), ``rader-N.js`` (what rows show) and ``ord-N.js`` (folded words,
fetched only for a text filter). They are scripts calling ``hubUtforskaData(version,
name, data)``, not JSON, because browsers refuse ``fetch()`` from disk (the archive);
``version`` digests their content, so a page never mixes two builds.

A value not confirmed by the sources (``obekräftat``) is in no facet; the text filter
still finds it.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from ..records.catalog import Catalog
from ..records.kinds import KINDS, MENTIONED, MENTIONED_SLUG, Record, suggest_id
from .swedish import by_title, format_period, sort_key
from .text import script_json

PAGE_ROWS = 50
ROW_CHUNK = 50  # about 20 KB a file: small, so a rare value loads little
TEXT_CHUNK = 500
EXPLORER_PAGE = "utforska/index.md"
DATA_DIR = "utforska/data"

#: One character per facet value in index.js: the value's position in its facet,
#: as a character of this alphabet, or code point 256 + position beyond it
#: (assets/utforska.js decodes the same way).
_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"


@dataclass
class Facet:
    key: str
    legend: str
    values: list[tuple[str, str]] = field(default_factory=list)  # (slug, label)


@dataclass
class Row:
    record: Record
    values: dict[str, list[str]]  # facet key → slugs
    text: str  # folded words for the text filter


@dataclass(frozen=True)
class Shown:

    href: str
    title: str
    level: str  # underlag, e.g. "beskrivet"
    meta: list[tuple[str, bool]]  # kind, organisation, county, period: (text, not confirmed)
    summary: str
    draft: bool

    def as_data(self) -> list:
        data = [self.href, self.title, self.level,
                [[text, 1] if unsure else [text] for text, unsure in self.meta], self.summary]
        return data + [1] if self.draft else data


def unaccented(text: str) -> str:
    """Lower case without diacritics, so 'atgarder' finds 'åtgärder' (the script does the same)."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in plain if not unicodedata.combining(c))


def _years(record: Record) -> list[str]:
    period = record.confirmed_value("period") or {}
    start, end = period.get("start"), period.get("slut")
    if not start:
        return []
    first = int(start[:4])
    last = int(end[:4]) if end else first
    return [str(y) for y in range(first, min(last, first + 30) + 1)]


def _facet_pairs(record: Record, principles: dict) -> dict[str, list[tuple[str, str]]]:
    """Facet key → (slug, label) of each of the record's values in it."""
    def pairs(values, label=str) -> list[tuple[str, str]]:
        return [(suggest_id(v), label(v)) for v in values if v]

    fact = record.confirmed_value
    return {
        "typ": [(MENTIONED_SLUG, MENTIONED) if record.label == MENTIONED
                else (record.kind.key, record.kind.plural)],
        "underlag": pairs([record.get("underlag")]),
        "sektor": pairs(fact("sektorer", [])),
        "lan": pairs([fact("län")]),
        "kommun": pairs([fact("kommun")]),
        "organisationstyp": pairs([fact("organisationstyp")]),
        "princip": pairs(fact("principer", []), lambda p: principles.get(p, {}).get("rubrik", p)),
        "ar": [(year, year) for year in _years(record)],
        "status": pairs([fact("status")]),
    }


def explorer_data(catalog: Catalog) -> tuple[list[Facet], list[Row]]:
    principles = catalog.reference.by_name("principer")
    rows = []
    used: dict[str, dict[str, str]] = {}
    for record in by_title(catalog.all()):
        words = [record.title, record.get("sammanfattning", ""), record.get("organisation", ""),
                 record.get("kommun", ""), record.get("län", ""), " ".join(record.get("taggar", [])),
                 " ".join(record.get("sektorer", []))]
        pairs = _facet_pairs(record, principles)
        rows.append(Row(record, {key: [slug for slug, _ in values] for key, values in pairs.items()},
                        unaccented(" ".join(w for w in words if w))))
        for key, values in pairs.items():
            for slug, label in values:
                used.setdefault(key, {})[slug] = str(label)

    def ordered(key: str, order=None) -> list[tuple[str, str]]:
        values = used.get(key, {})
        if order is not None:
            return [(s, values[s]) for s in order if s in values]
        return sorted(values.items(), key=lambda item: sort_key(item[1]))

    facets = [
        # a pilot record that is not one of the delegation's pilots is its own value
        Facet("typ", "Slag av post", ordered("typ", list(KINDS) + [MENTIONED_SLUG])),
        # strongest first, as on the page "Om webbplatsen"
        Facet("underlag", "Underlag", ordered("underlag", ["forskningsuppfoljt", "beskrivet", "omnamnt"])),
        Facet("sektor", "Sektor", ordered("sektor")),
        Facet("lan", "Län", ordered("lan")),
        Facet("kommun", "Kommun", ordered("kommun")),
        Facet("organisationstyp", "Organisationstyp", ordered("organisationstyp")),
        Facet("princip", "Princip", ordered("princip", [suggest_id(p["namn"]) for p in
                                                      catalog.reference.lists.get("principer", [])])),
        Facet("ar", "År", ordered("ar", sorted(used.get("ar", {})))),
        Facet("status", "Status", ordered("status", ["planerad", "pagaende", "avslutad"])),
    ]
    return [f for f in facets if f.values], rows


class Explorer:
    """The explorer of one build; ``href`` is a record's link from the explorer's page."""

    page_rows = PAGE_ROWS
    row_chunk = ROW_CHUNK
    text_chunk = TEXT_CHUNK

    def __init__(self, catalog: Catalog, href: Callable[[Record], str]):
        self.facets, self.rows = explorer_data(catalog)
        self.href = href

    @cached_property
    def counts(self) -> dict[str, dict[str, int]]:
        """Records per facet value with nothing chosen."""
        counts: dict[str, dict[str, int]] = {f.key: {} for f in self.facets}
        for row in self.rows:
            for key, found in counts.items():
                for slug in row.values[key]:
                    found[slug] = found.get(slug, 0) + 1
        return counts

    @property
    def first_rows(self) -> list[Shown]:
        return [self.shown(row) for row in self.rows[:PAGE_ROWS]]

    def shown(self, row: Row) -> Shown:
        r = row.record
        meta = [(r.label, False)]
        for name, text in (("organisation", r.get("organisation")), ("län", r.get("län")),
                           ("period", format_period(r.get("period")))):
            if text:
                meta.append((str(text), not r.confirmed(name)))
        return Shown(self.href(r), r.title, str(r.get("underlag", "")), meta,
                     str(r.get("sammanfattning", "")), r.draft)

    def facet(self, key: str) -> Facet | None:
        return next((f for f in self.facets if f.key == key), None)

    def by_kind(self) -> list[tuple[str, int]]:
        """(kind key, records) by folder, as the lists show them (forsok/ holds the mentioned too)."""
        found: dict[str, int] = {}
        for row in self.rows:
            found[row.record.kind.key] = found.get(row.record.kind.key, 0) + 1
        return [(key, found[key]) for key in KINDS if key in found]

    @cached_property
    def _payloads(self) -> dict[str, object]:
        index = {"n": len(self.rows), "f": {f.key: self._column(f) for f in self.facets}}
        payloads: dict[str, object] = {"index": index}
        for start in range(0, len(self.rows), ROW_CHUNK):
            payloads[f"rader-{start // ROW_CHUNK}"] = [
                self.shown(row).as_data() for row in self.rows[start:start + ROW_CHUNK]]
        for start in range(0, len(self.rows), TEXT_CHUNK):
            payloads[f"ord-{start // TEXT_CHUNK}"] = [
                row.text for row in self.rows[start:start + TEXT_CHUNK]]
        return {name: script_json(data) for name, data in payloads.items()}

    def _column(self, facet: Facet) -> str:
        position = {slug: i for i, (slug, _) in enumerate(facet.values)}
        return " ".join("".join(_code(position[s]) for s in row.values[facet.key] if s in position)
                        for row in self.rows)

    @cached_property
    def version(self) -> str:
        digest = hashlib.sha256()
        for name, text in sorted(self._payloads.items()):
            digest.update(name.encode() + b"\0" + text.encode() + b"\0")
        return digest.hexdigest()[:12]

    def files(self) -> dict[str, str]:
        return {f"{DATA_DIR}/{name}.js": f'hubUtforskaData("{self.version}","{name}",{text});\n'
                for name, text in self._payloads.items()}


def _code(position: int) -> str:
    return _ALPHABET[position] if position < len(_ALPHABET) else chr(256 + position)

