"""Write tests/shacl/vocabularies.ttl: the EU authority-table concepts the catalogue names.

DIGG's validator (diggsweden/DCAT-AP-SE-Processor, RDFVocabularyBuilder.java) adds the EU
Publications Office authority tables to the data before it runs the shapes, so that a
language, a file type or a theme is a concept of its table. The tables are large (the
languages alone 3.3 MB); this keeps, from DIGG's copies, every statement about the schemes
and about the concepts whose address is in CONCEPTS (their type, scheme, notation
and English and Swedish labels), and adds DIGG's hand-written ADMS publisher types.
The tables are CC0 1.0 (DIGG's REUSE.toml). Run it again, with the folder of DIGG's
``src/main/resources/shapes/vocabularies`` and the concept added, when the catalogue
names one more:

    python tests/shacl/make_vocabularies.py PATH/TO/vocabularies
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

EU = "http://publications.europa.eu/resource/authority/"
FILES = ["language.rdf", "file-type.rdf", "frequency.rdf", "data-theme-skos.rdf",
         "access-right-skos.rdf", "distribution-status-skos.rdf"]
SCHEMES = ["language", "file-type", "data-theme", "access-right"]
CONCEPTS = ["language/SWE", "file-type/JSON", "file-type/CSV", "data-theme/GOVE",
            "access-right/PUBLIC"]
#: What the shapes and the test read of a concept or a scheme (labels in English and Swedish).
WHAT = {RDF.type, SKOS.inScheme, SKOS.prefLabel, SKOS.notation}
ADMS = ["Academia-ScientificOrganisation", "Company", "IndustryConsortium", "LocalAuthority",
        "NationalAuthority", "NonGovernmentalOrganisation", "NonProfitOrganisation",
        "PrivateIndividual", "RegionalAuthority", "StandardisationBody", "SupraNationalAuthority"]


def main(folder: Path, out: Path) -> None:
    tables = Graph()
    for name in FILES:
        tables.parse(folder / name, format="xml")
    keep = {URIRef(EU + name) for name in SCHEMES + CONCEPTS}
    subset = Graph()
    subset.bind("skos", SKOS)
    for subject, predicate, value in tables:
        if subject in keep and predicate in WHAT and (
                not isinstance(value, Literal) or value.language in (None, "en", "sv")):
            subset.add((subject, predicate, value))
    for name in ADMS:
        concept = URIRef("http://purl.org/adms/publishertype/" + name)
        subset.add((concept, RDF.type, SKOS.Concept))
        subset.add((concept, SKOS.prefLabel, Literal(name, lang="en")))
    header = ("# The EU authority-table concepts tests/test_dcat.py needs, from DIGG's copies\n"
              "# (diggsweden/DCAT-AP-SE-Processor, feature/61-rdf-validator, d387fc3), CC0 1.0.\n"
              "# Made by tests/shacl/make_vocabularies.py; do not edit by hand.\n")
    out.write_text(header + subset.serialize(format="turtle"), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(__file__).with_name("vocabularies.ttl"))
