"""The kinds of record, what an id may look like, and one valid record.

Every other room reads records through these names: `Kind` says where a
kind's files live and how its pages are addressed, `Record` is one record
that passed every check, `page_url` and `page_file` where MkDocs puts the
page of a source path (the one copy of its rule).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any


#: The Markdown files MkDocs makes a folder's own page from (``forsok/index.md``).
FOLDER_PAGES = ("index", "README")


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """Site-relative URL of the page made from ``src_uri``: 'forsok/x.md' → 'forsok/x/'."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    parent, _, name = stem.rpartition("/")
    if name in FOLDER_PAGES:
        folder = f"{parent}/" if parent else ""
        return folder if directory_urls else f"{folder}index.html"
    return f"{stem}/" if directory_urls else f"{stem}.html"


def page_file(src_uri: str, directory_urls: bool = True) -> str:
    """The HTML file MkDocs writes for ``src_uri``: 'forsok/x.md' → 'forsok/x/index.html'."""
    url = page_url(src_uri, directory_urls)
    return f"{url}index.html" if not url or url.endswith("/") else url


@dataclass(frozen=True)
class Kind:
    """One kind of record: where its files live and how its pages look."""

    key: str
    folder: str
    schema: str
    url_prefix: str
    singular: str
    plural: str
    template: str


KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in (
        Kind("forsok", "pilots", "forsok.schema.json", "forsok",
             "Försöksverksamhet", "Försöksverksamheter", "forsok.md.j2"),
        Kind("forum", "data/forums", "forum.schema.json", "forum",
             "Forum", "Forum och evenemang", "forum.md.j2"),
        Kind("exempel", "data/practices", "exempel.schema.json", "exempel",
             "Gott exempel", "Goda exempel", "exempel.md.j2"),
    )
}

#: The fields by which a record names others, and the kind each names (the
#: schemas say which kinds have which: a forum names pilots, a good practice
#: pilots and forums).
REFERENCE_FIELDS: dict[str, str] = {"försök": "forsok", "forum": "forum"}

#: The program of a pilot record that is not one of the delegation's pilots,
#: and its label everywhere (Record.label).
MENTIONED = "Nämnt som exempel"
#: Its value in the explorer's facet "Slag av post", beside the kinds' keys.
MENTIONED_SLUG = "namnt-som-exempel"

#: The evidence levels (`underlag`), strongest first: a badge says "Underlag 1 av 3:
#: forskningsuppföljt" (macros/komponenter.j2, the explorer's rows, assets/utforska.js).
EVIDENCE_LEVELS = ("forskningsuppföljt", "beskrivet", "omnämnt")


def evidence_rank(level: str) -> int:
    """1 for the strongest level, 3 for the weakest; 0 for an unknown one."""
    return EVIDENCE_LEVELS.index(level) + 1 if level in EVIDENCE_LEVELS else 0

#: A record id: its file name and the last part of its address.
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
#: Longer ids make file names some systems and archives cannot hold.
MAX_ID_LENGTH = 100
#: Ids that would take a section's own page (``index`` is /forsok/ itself) or
#: that Windows cannot have as a file name.
RESERVED_IDS = frozenset({"index", "con", "prn", "aux", "nul"} | {f"com{n}" for n in range(10)}
                         | {f"lpt{n}" for n in range(10)})


def id_problem(record_id: str) -> str | None:
    """Why ``record_id`` cannot be an id (in Swedish), or None."""
    if not ID_PATTERN.match(record_id):
        return ("får bara innehålla små bokstäver a–z, siffror och bindestreck; "
                f"t.ex. '{suggest_id(record_id)}'")
    if len(record_id) > MAX_ID_LENGTH:
        return f"är {len(record_id)} tecken; högst {MAX_ID_LENGTH} får plats i ett filnamn"
    if record_id in RESERVED_IDS:
        return (f"'{record_id}' är reserverat (sektionens egen sida eller ett filnamn som "
                "Windows inte tillåter); välj ett annat")
    return None


def suggest_id(file_stem: str) -> str:
    """A valid id close to a bad file name: 'Kalmar Län' → 'kalmar-lan'."""
    plain = unicodedata.normalize("NFKD", file_stem).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "ny-post"


@dataclass(frozen=True)
class Record:
    """A valid record: its kind, id (the file name) and its fields as written."""

    kind: Kind
    id: str
    path: str
    data: dict[str, Any]
    #: SHA-256 of the file's bytes: which version of the record this is
    digest: str = ""

    @property
    def title(self) -> str:
        return self.data["titel"]

    @property
    def url(self) -> str:  # site-relative: forsok/kalmar/
        return page_url(self.src_uri)

    @property
    def src_uri(self) -> str:  # the virtual Markdown file the page is built from
        return f"{self.kind.url_prefix}/{self.id}.md"

    @property
    def draft(self) -> bool:
        return self.data.get("utkast") is True

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)

    @property
    def label(self) -> str:
        """What lists, search results, the explorer, the feed and open data call the record.

        Its kind's name, except a pilot record whose program is
        'Nämnt som exempel': that is not one of the delegation's pilots, and
        nothing may call it one (its page says so too).
        """
        if self.kind.key == "forsok" and self.data.get("program") == MENTIONED:
            return MENTIONED
        return self.kind.singular

    # --- what the sources confirm ----------------------------------------
    # A record may list fields in ``obekräftat`` whose value no source
    # confirms (often a required field the editors had to fill in). Pages show
    # such a value with a mark; everything that counts, groups or filters
    # records (lists by program, the map, the charts, the explorer's facets,
    # the principle matrix, the pilots' timeline) reads fields through
    # `confirmed_value` or `confirmed_data`, so the value is never counted.
    # Open data publishes the list as written, so users can filter too.

    @property
    def unconfirmed(self) -> tuple[str, ...]:
        """The fields the record marks as not confirmed by its sources."""
        return tuple(self.data.get("obekräftat", ()))

    def confirmed(self, name: str) -> bool:
        """Whether the sources confirm field ``name`` (true unless ``obekräftat`` lists it)."""
        return name not in self.data.get("obekräftat", ())

    def confirmed_value(self, name: str, default: Any = None) -> Any:
        """The field's value when the sources confirm it, else ``default``: what counts use."""
        return self.data.get(name, default) if self.confirmed(name) else default

    @property
    def confirmed_data(self) -> dict[str, Any]:
        """The fields with every unconfirmed one as None, for templates' filters.

        ``selectattr('confirmed_data.program', 'equalto', …)`` then skips an
        unconfirmed program, and ``selectattr('confirmed_data.program', 'none')``
        finds it (None rather than a missing key: StrictUndefined fails on that).
        """
        unconfirmed = self.unconfirmed
        return {**self.data, **dict.fromkeys(unconfirmed)} if unconfirmed else self.data
