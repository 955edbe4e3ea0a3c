"""The DCAT-AP-SE 3.0.1 catalogue data/katalog.rdf that Sveriges dataportal harvests.

It describes what exports.py publishes: one dataset for all records (JSON) and one per
kind (CSV), each with its distribution and the JSON Schema it conforms to. Every
resource the profile forbids as a blank node has an address below the catalogue's own;
rdflib escapes every text. tests/test_dcat.py runs DIGG's SHACL shapes over it.

Left out because nobody has decided them (docs/oppna-data.md): the publisher's type, an
e-mail for the contact point while extra.kontakt.adress is empty, planned availability,
issue dates, and a period for the good practices.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from ..records.catalog import Catalog
from ..records.kinds import KINDS, Record
from ..render.contact import Contact
from .exports import ALL_FILE, DATA_DIR, ENVELOPE_SCHEMA, SCHEMA_BASE, SCHEMAS_DIR, absolute_url, \
    newest_review, in_order

CATALOGUE_FILE = f"{DATA_DIR}/katalog.rdf"

LANDING_PAGE = "oppna-data/"  # every dataset's landing page

#: As content/om-webbplatsen/tillganglighet.md and extra.kontakt.namn name the editors.
PUBLISHER_NAME = "Tillitsnavets redaktion"

#: The publisher's ADMS type (http://purl.org/adms/publishertype/…), mandatory in DCAT-AP-SE:
#: none is claimed until someone decides what the editors are; tests/test_dcat.py then requires it.
PUBLISHER_TYPE: str | None = None

#: CC0 1.0, as content/oppna-data/index.md states. DCAT-AP-SE wants the licence's
#: one canonical address: http, no language, a final slash.
LICENCE = URIRef("http://creativecommons.org/publicdomain/zero/1.0/")

EU = "http://publications.europa.eu/resource/authority/"
THEME = URIRef(EU + "data-theme/GOVE")  # Regering och offentlig sektor
THEME_TAXONOMY = URIRef(EU + "data-theme")
SWEDISH = URIRef(EU + "language/SWE")
SWEDEN = URIRef(EU + "country/SWE")
PUBLIC = URIRef(EU + "access-right/PUBLIC")
IANA = "http://www.iana.org/assignments/media-types/"
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")

#: file extension → (EU file type, IANA media type)
FORMATS = {"json": ("JSON", "application/json"), "csv": ("CSV", "text/csv")}

KEYWORDS = ("tillitsbaserad styrning", "tillitsbaserad ledning", "Tillitsdelegationen",
            "offentlig sektor")

#: What each kind's table holds, for its dataset's description.
_KIND_TEXT = {
    "forsok": "Tillitsdelegationens försöksverksamheter med tillitsbaserad styrning och ledning "
              "i kommuner, regioner och statliga myndigheter, och verksamheter som bara nämnts "
              "som exempel (programmet Nämnt som exempel; de är inte delegationens försök)",
    "forum": "Forum, konferenser och andra evenemang om tillitsbaserad styrning och ledning",
    "exempel": "Goda exempel på tillitsbaserad styrning och ledning i offentlig sektor",
}


class CatalogueError(ValueError):
    """Why no catalogue can be written, in Swedish."""


@dataclass(frozen=True)
class _Dataset:
    key: str  # …/katalog.rdf#<key>
    title: str
    description: str
    records: list[Record]
    file: str
    file_text: str  # the distribution's description
    schema: str
    keywords: tuple[str, ...]


class _OrderedGraph(Graph):
    """Subjects in the order first added: rdflib's store is a set, whose order changes with
    each process's hash salt, and every build must give the same bytes."""

    def __init__(self) -> None:
        super().__init__(bind_namespaces="core")  # xml:, rdf:, xsd:
        self._subjects: dict[Any, None] = {}
        for prefix, namespace in (("dcat", DCAT), ("dcterms", DCTERMS), ("foaf", FOAF),
                                  ("vcard", VCARD)):
            self.bind(prefix, namespace)

    def add(self, triple):  # type: ignore[no-untyped-def, override]
        self._subjects.setdefault(triple[0])
        return super().add(triple)

    def props(self, node, *pairs) -> None:  # type: ignore[no-untyped-def]
        for prop, value in pairs:
            self.add((node, prop, value))

    def subjects(self, predicate=None, object=None, unique=False):  # type: ignore[override]
        if predicate is None and object is None:  # every subject: what the serializer asks
            return iter(list(self._subjects))
        return super().subjects(predicate, object, unique)


def catalogue_rdf(catalog: Catalog, files: Mapping[str, str | bytes], site_url: str,
                  site_name: str, site_description: str, contact: Contact) -> bytes:
    """The catalogue as RDF/XML; ``files`` (exports.open_data_files) give sizes and schema titles."""
    if not site_url:
        raise CatalogueError("site_url saknas i mkdocs.yml: katalogen för Sveriges dataportal "
                             f"({CATALOGUE_FILE}) behöver webbplatsens adress, t.ex. "
                             "https://tillitsnavet.se/")
    base = absolute_url(site_url, CATALOGUE_FILE) + "#"
    graph = _OrderedGraph()
    records = in_order(catalog)
    catalogue, publisher, contact_point = (URIRef(base + name)
                                           for name in ("katalog", "utgivare", "kontakt"))
    homepage = URIRef(absolute_url(site_url, ""))
    graph.props(catalogue, (RDF.type, DCAT.Catalog), (DCTERMS.title, _sv(f"{site_name} – öppna data")),
                (DCTERMS.description, _sv(
                    f"{site_description} Katalogen beskriver navets öppna data: alla poster i en "
                    "JSON-fil, en CSV-fil per slag av poster och JSON-schemana som filerna följer."
                    .lstrip())),
                (DCTERMS.publisher, publisher), (DCTERMS.license, LICENCE),
                (DCTERMS.language, SWEDISH), (DCTERMS.spatial, SWEDEN),
                (FOAF.homepage, homepage), (DCAT.themeTaxonomy, THEME_TAXONOMY))
    _add_date(graph, catalogue, DCTERMS.modified, newest_review(records))

    graph.props(publisher, (RDF.type, FOAF.Agent), (FOAF.name, _sv(PUBLISHER_NAME)))
    if PUBLISHER_TYPE:
        graph.add((publisher, DCTERMS.type, URIRef(PUBLISHER_TYPE)))
    # a contact point never shares the publisher's address (DCAT-AP-SE); vcard:Kind is the
    # class DCAT-AP's shapes ask for, Organization the kind of contact it is
    graph.props(contact_point, (RDF.type, VCARD.Organization), (RDF.type, VCARD.Kind),
                (VCARD.fn, Literal(contact.name)))
    if contact.address:
        graph.add((contact_point, VCARD.hasEmail if contact.is_email else VCARD.hasURL,
                   URIRef(contact.href)))

    # Pages are foaf:Document, the class DCAT-AP gives a homepage and a landing page.
    landing_page = URIRef(absolute_url(site_url, LANDING_PAGE))
    for page in (homepage, landing_page):
        graph.add((page, RDF.type, FOAF.Document))

    for dataset in _datasets(records, site_name):
        node = URIRef(base + dataset.key)
        graph.add((catalogue, DCAT.dataset, node))
        graph.props(node, (RDF.type, DCAT.Dataset), (DCTERMS.title, _sv(dataset.title)),
                    (DCTERMS.description, _sv(dataset.description)), (DCTERMS.publisher, publisher),
                    (DCAT.contactPoint, contact_point), (DCAT.theme, THEME),
                    *((DCAT.keyword, _sv(word)) for word in dataset.keywords),
                    (DCAT.landingPage, landing_page), (DCTERMS.language, SWEDISH),
                    (DCTERMS.spatial, SWEDEN), (DCTERMS.accessRights, PUBLIC))
        _add_date(graph, node, DCTERMS.modified, newest_review(dataset.records))
        _add_period(graph, node, URIRef(f"{base}{dataset.key}-tidsperiod"), dataset.records)
        standard = _add_schema(graph, files, dataset.schema)
        graph.add((node, DCTERMS.conformsTo, standard))
        extension = dataset.file.rsplit(".", 1)[-1]
        distribution = URIRef(f"{base}{dataset.key}-{extension}")
        graph.add((node, DCAT.distribution, distribution))
        _add_distribution(graph, distribution, dataset, files[dataset.file], site_url)
        if extension == "json":
            graph.add((distribution, DCTERMS.conformsTo, standard))
    return graph.serialize(format="xml", encoding="utf-8")


def _datasets(records: list[Record], site_name: str) -> list[_Dataset]:
    """All records as JSON, and each kind as CSV."""
    datasets = [_Dataset(
        "poster", f"{site_name}: alla poster",
        f"Alla publicerade poster i {site_name}: försöksverksamheter, forum och goda exempel om "
        "tillitsbaserad styrning och ledning i offentlig sektor, med källor och "
        "granskningsdatum. Varje post har sina fält precis som redaktionen skrivit dem.",
        records, ALL_FILE,
        "Alla poster i en JSON-fil, var och en i ett kuvert med postens id, slag, etikett och adress.",
        ENVELOPE_SCHEMA, KEYWORDS)]
    for key, kind in KINDS.items():
        datasets.append(_Dataset(
            key, f"{site_name}: {kind.plural.lower()}",
            f"{_KIND_TEXT.get(key, kind.plural)}, med källor och granskningsdatum. "
            "En rad per post.",
            [r for r in records if r.kind.key == key], f"{DATA_DIR}/{key}.csv",
            "CSV för kalkylblad: UTF-8 med byteordningsmärke och semikolon mellan kolumnerna; "
            "i en lista står ' | ' mellan värdena.", kind.schema,
            KEYWORDS + (kind.plural.lower(),)))
    return datasets


def _add_distribution(graph: _OrderedGraph, node: URIRef, dataset: _Dataset, content: str | bytes,
                      site_url: str) -> None:
    file_type, media_type = FORMATS[dataset.file.rsplit(".", 1)[-1]]
    address = URIRef(absolute_url(site_url, dataset.file))
    media = URIRef(IANA + media_type)
    graph.props(node, (RDF.type, DCAT.Distribution), (DCTERMS.title, _sv(dataset.file.rsplit("/", 1)[-1])),
                (DCTERMS.description, _sv(dataset.file_text)), (DCAT.accessURL, address),
                (DCAT.downloadURL, address), (DCTERMS.format, URIRef(EU + "file-type/" + file_type)),
                (DCAT.mediaType, media))
    graph.add((media, RDF.type, DCTERMS.MediaType))  # DCAT-AP: a media type is a dct:MediaType
    size = len(content if isinstance(content, bytes) else content.encode("utf-8"))
    graph.props(node, (DCTERMS.license, LICENCE),
                (DCAT.byteSize, Literal(size, datatype=XSD.nonNegativeInteger)))


def _sv(text: str) -> Literal:
    return Literal(text, lang="sv")


def _add_date(graph: Graph, node: URIRef, prop: URIRef, value: str) -> None:
    """A record's date (ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM or ÅÅÅÅ) as a typed literal."""
    datatype = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}.get(len(str(value)))
    if value and datatype:
        graph.add((node, prop, Literal(str(value), datatype=datatype)))


def _add_period(graph: Graph, node: URIRef, period: URIRef, records: list[Record]) -> None:
    """The time the records cover: the earliest and latest confirmed date of their periods."""
    dates = sorted(str(value) for record in records
                   for value in (record.confirmed_value("period") or {}).values() if value)
    if not dates:
        return
    graph.add((node, DCTERMS.temporal, period))
    graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
    _add_date(graph, period, DCAT.startDate, dates[0])
    # the latest: "2019" can mean a day after "2019-12-30", so a shorter form sorts last
    _add_date(graph, period, DCAT.endDate, max(dates, key=lambda date: date.ljust(10, "~")))


def _add_schema(graph: Graph, files: Mapping[str, Any], schema: str) -> URIRef:
    """A JSON Schema as a dcterms:Standard, titled as the schema titles itself."""
    node = URIRef(SCHEMA_BASE + schema)
    if (node, RDF.type, DCTERMS.Standard) not in graph:
        own = json.loads(files[f"{SCHEMAS_DIR}/{schema}"])
        graph.add((node, RDF.type, DCTERMS.Standard))
        graph.add((node, DCTERMS.title, _sv(f"JSON-schema: {own['title']}")))
        if own.get("description"):
            graph.add((node, DCTERMS.description, _sv(own["description"])))
    return node
