"""Checks a schema cannot express: dates in order (dates.py), places that exist, links that resolve.

Each check returns problems located at the value's line; none raises.
"""

from __future__ import annotations

from typing import Any

from .kinds import KINDS, REFERENCE_FIELDS, Record, id_problem
from .problems import Problem, excerpt
from .reference import Reference
from .dates import check_dates
from .schema_check import suggestion
from .yaml_loader import locate

#: Every file's id, valid or not, per kind: a broken record does not make
#: every reference to it an error too.
FileIds = dict[str, set[str]]


def check_place(data: dict[str, Any], path: str, reference: Reference) -> list[Problem]:
    """The municipality and county exist, and the one lies in the other."""
    problems = []
    municipality, county = data.get("kommun"), data.get("län")
    if isinstance(county, str) and county not in reference.counties:
        problems.append(Problem(path, *locate(data, ["län"]), "län",
                                f"'{county}' är inget av Sveriges 21 län; skriv länets "
                                f"fullständiga namn, t.ex. 'Kalmar län'"
                                f"{suggestion(county, list(reference.counties))}"))
        county = None
    if isinstance(municipality, str):
        name = municipality.removesuffix(" kommun").removesuffix(" stad")
        actual = reference.county_of(name)
        if actual is None:
            problems.append(Problem(path, *locate(data, ["kommun"]), "kommun",
                                    f"'{municipality}' är ingen av Sveriges 290 kommuner"
                                    f"{suggestion(municipality, list(reference.municipalities))}"))
        elif name != municipality:
            problems.append(Problem(path, *locate(data, ["kommun"]), "kommun",
                                    f"skriv kommunens namn utan '{municipality[len(name):].strip()}'"
                                    f": '{name}'"))
        elif county is None and "län" not in data:
            problems.append(Problem(path, *locate(data, ["kommun"]), "län",
                                    f"fältet 'län' saknas; {name} ligger i {actual}, lägg till "
                                    f"'län: {actual}'"))
        elif county is not None and actual != county:
            problems.append(Problem(path, *locate(data, ["län"]), "län",
                                    f"{name} ligger i {actual}, inte i {county}; skriv "
                                    f"'län: {actual}' eller rätta kommunen"))
    return problems


def check_record(data: dict[str, Any], path: str, reference: Reference) -> list[Problem]:
    """Every check of one record that needs no other record."""
    return check_dates(data, path) + check_place(data, path, reference)


def check_references(records: list[Record], file_ids: FileIds) -> list[Problem]:
    """Every id a record names belongs to a record of the right kind; a published one names no draft.

    A published record that names a draft would publish the draft's id in
    its open data, so it is a problem naming both files.
    """
    drafts = {(r.kind.key, r.id): r.path for r in records if r.draft}
    problems = []
    for record in records:
        for field, target in REFERENCE_FIELDS.items():
            known = file_ids.get(target, set())
            for index, ref in enumerate(record.get(field, [])):
                where = locate(record.data, [field, index])
                if ref not in known:
                    problems.append(Problem(
                        record.path, *where, f"{field}[{index + 1}]",
                        f"det finns ingen post '{ref}' i {KINDS[target].folder}/"
                        f"{suggestion(ref, sorted(known))}"))
                elif (target, ref) in drafts and not record.draft:
                    problems.append(Problem(
                        record.path, *where, f"{field}[{index + 1}]",
                        f"'{ref}' är ett utkast ({drafts[target, ref]}, utkast: true) och "
                        "publiceras inte; ta bort raden tills utkastet publiceras, eller gör "
                        "även den här posten till ett utkast"))
    return problems


def check_previous_ids(records: list[Record], file_ids: FileIds) -> list[Problem]:
    """An earlier id (``tidigare_id``) is nobody's current id and belongs to one record only.

    The old address redirects to the renamed record, so reusing it for a new
    record, or claiming it from two records, would make a published link lead
    somewhere else.
    """
    problems = []
    for kind in KINDS.values():
        current = file_ids.get(kind.key, set())
        claimed: dict[str, str] = {}
        for record in sorted((r for r in records if r.kind is kind), key=lambda r: r.path):
            for index, old in enumerate(record.get("tidigare_id", [])):
                where = locate(record.data, ["tidigare_id", index])
                field = f"tidigare_id[{index + 1}]"
                why = id_problem(old) if isinstance(old, str) else None
                if why:
                    problems.append(Problem(record.path, *where, field, f"'{excerpt(old)}' kan "
                                            f"inte vara ett id: det {why}"))
                elif old == record.id:
                    problems.append(Problem(record.path, *where, field,
                                            f"'{old}' är postens nuvarande id; ta bort raden"))
                elif old in current:
                    problems.append(Problem(
                        record.path, *where, field,
                        f"'{old}' används redan av {kind.folder}/{old}.yml; ett tidigare id får "
                        f"aldrig återanvändas, eftersom den gamla adressen /{kind.url_prefix}/{old}/ "
                        f"leder hit. Ge den nya posten ett annat id (döp om filen)"))
                elif old in claimed:
                    problems.append(Problem(
                        record.path, *where, field,
                        f"'{old}' står redan som tidigare id i {claimed[old]}; en gammal adress "
                        f"kan bara leda till en post"))
                else:
                    claimed[old] = record.path
    return problems
