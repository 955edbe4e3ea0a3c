"""Check a loaded record against its JSON Schema, in Swedish.

The schemas in ``schemas/`` are the single description of the fields: the
same files drive this check, the editor's live checking (VS Code's YAML
extension) and the contributor guide. jsonschema-rs (a JSON Schema 2020-12
validator written in Rust) finds the errors; this module only says them in
Swedish, at the right line, with what to write instead. Python's jsonschema
is the reference in the tests (tests/test_catalog.py: the same verdicts and
problems); jsonschema-rs is here because it keeps ``check`` at 3,000 records
under 5 s (Python's: about 9 s; docs/prestanda.md).
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections import namedtuple
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema_rs
from referencing import Registry, Resource

from .characters import FORBIDDEN
from .dates import date_hint, not_in_calendar
from .characters import name as character_name
from .problems import Problem, excerpt, field_name
from .yaml_loader import key_mark, locate


class Schemas:
    """The JSON Schemas of one project, read afresh for every load (``load_catalog``).

    Never kept in the module, so a schema edited while the preview runs
    applies at the next rebuild. The validator gets each schema with its
    ``$ref``s resolved by referencing (`_inline`): the references name their
    targets with å ("#/$defs/långtext"), which jsonschema-rs does not accept.
    """

    def __init__(self, schema_dir: Path):
        self._schemas: dict[str, dict] = {}
        #: schema files that cannot be read (an edit half done): nothing is checked against them
        self.problems: list[Problem] = []
        resources = []
        hashed = hashlib.sha256()
        for file in sorted(schema_dir.glob("*.schema.json")):
            rel = f"{schema_dir.name}/{file.name}"
            try:
                raw = file.read_bytes()
                hashed.update(file.name.encode() + b"\0" + raw + b"\0")
                schema = json.loads(raw.decode("utf-8"))
                resources.append((schema["$id"], Resource.from_contents(schema)))
            except (OSError, UnicodeError, ValueError, KeyError, TypeError) as error:
                line = getattr(error, "lineno", 0)
                self.problems.append(Problem(rel, line, 0, "", "schemat kan inte läsas som "
                                             "JSON med ett $id; rätta filen"))
                continue
            self._schemas[file.name] = schema
            resources.append((file.name, Resource.from_contents(schema)))
        self.digest = hashed.hexdigest()  # SHA-256 over every schema file's bytes, as read here
        self._registry = Registry().with_resources(resources)
        self._validators: dict[str, Validator | None] = {}
        self._markdown_fields: dict[str, frozenset[tuple[str, ...]]] = {}

    def markdown_fields(self, schema_name: str) -> frozenset[tuple[str, ...]]:
        """Where the schema's Markdown fields stand (``långtext`` in definitioner.schema.json).

        Each as a path of field names, "*" for any item of a list:
        ``("beskrivning",)``, ``("principer", "*", "beskrivning")``.
        """
        if schema_name in self._markdown_fields:
            return self._markdown_fields[schema_name]
        found = set()

        def walk(node: Any, where: tuple[str, ...]) -> None:
            if not isinstance(node, dict) or len(where) > 6:
                return
            if str(node.get("$ref", "")).endswith("/långtext"):
                found.add(where)
            for name, child in node.get("properties", {}).items():
                walk(child, where + (name,))
            walk(node.get("items"), where + ("*",))

        walk(self._schemas.get(schema_name, {}), ())
        return self._markdown_fields.setdefault(schema_name, frozenset(found))

    def validator(self, schema_name: str) -> Validator | None:
        """The validator of ``schemas/<schema_name>``; None if that schema cannot be used.

        A schema that is not valid JSON Schema, or whose ``$ref``s cannot be
        resolved (recursive, or to a schema that is not there), cannot check
        anything: its records are reported as not checkable.
        """
        if schema_name not in self._schemas:
            return None
        if schema_name not in self._validators:
            schema = self._schemas[schema_name]
            try:
                inlined = _inline(schema, self._registry.resolver(base_uri=schema["$id"]))
                self._validators[schema_name] = Validator(
                    inlined, jsonschema_rs.Draft202012Validator(inlined))
            except (RecursionError, LookupError, ValueError, TypeError,
                    jsonschema_rs.ValidationError):
                self._validators[schema_name] = None
        return self._validators[schema_name]


@dataclass(frozen=True)
class Validator:
    """A schema with its references resolved, and jsonschema-rs's validator of it."""

    schema: dict
    engine: Any

    def iter_errors(self, data: Any):
        """The errors in ``data``, named as Python's jsonschema names them (`_message` reads)."""
        for error in self.engine.iter_errors(data):
            *at, keyword = error.schema_path
            node: Any = self.schema
            for step in at:
                node = node[step]
            value = node.get(keyword) if isinstance(node, dict) else None
            if keyword == "required":  # one error per missing field, as the engine reports it
                value = [error.kind.property]
            yield SchemaError(keyword, value, list(error.instance_path), error.instance,
                              node if isinstance(node, dict) else {}, error.message)


#: One error, with the names Python's jsonschema gives them: the keyword that failed, its
#: value in the schema, where, what was found.
SchemaError = namedtuple("SchemaError", "validator validator_value absolute_path instance schema "
                         "message")


#: Keywords whose values are data, not schemas: copied as they are.
_DATA_KEYWORDS = frozenset({"enum", "const", "required", "examples", "default", "pattern", "type",
                            "patternErrorMessage", "description", "title", "$comment", "$schema"})
#: Keywords whose values map names to schemas.
_SCHEMA_MAPS = frozenset({"properties", "$defs", "patternProperties", "dependentSchemas"})
#: Keywords that only describe, for people and editors: JSON Schema gives them
#: no say in validity, and neither jsonschema nor `_message` reads them. Left
#: out, a ``$ref`` beside a description becomes the schema it names, without
#: an ``allOf`` around it: a quarter of the validation time (docs/prestanda.md).
_ANNOTATIONS = frozenset({"description", "title", "markdownDescription", "enumDescriptions",
                          "examples", "default", "deprecated", "$comment"})


def _inline(node: Any, resolver: Any, depth: int = 0, top: bool = True) -> Any:
    """``node`` with every ``$ref`` replaced by the schema it names (as `allOf` beside siblings).

    In JSON Schema 2020-12 a ``$ref`` applies the named schema at its place,
    together with the keywords beside it: exactly what ``allOf: [named]``
    does, so jsonschema finds the same errors at the same places. The
    annotations (_ANNOTATIONS) are left out.
    """
    if depth > 30:
        raise RecursionError("$ref")
    if isinstance(node, list):
        return [_inline(item, resolver, depth, False) for item in node]
    if not isinstance(node, dict):
        return node
    if "$id" in node and not top:
        raise LookupError("a nested $id changes the base of its references: not inlined")
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _ANNOTATIONS:
            continue
        if key == "$ref" or key in _DATA_KEYWORDS:
            out[key] = value
        elif key in _SCHEMA_MAPS and isinstance(value, dict):
            out[key] = {name: _inline(sub, resolver, depth, False) for name, sub in value.items()}
        else:
            out[key] = _inline(value, resolver, depth, False)
    if "$ref" in out:
        resolved = resolver.lookup(out.pop("$ref"))
        named = _inline(resolved.contents, resolved.resolver, depth + 1)
        if not out:
            return named
        out["allOf"] = [*out.get("allOf", []), named]
    return out


def _describe(value: Any) -> str:
    for kind, said in ((type(None), "inget värde"), (bool, "true/false"), (list, "en lista"),
                       (dict, "en mappning med fält")):
        if isinstance(value, kind):
            return said
    return f"texten '{excerpt(value)}'"


_TYPE_HINTS = {
    "string": "ska vara text",
    "array": "ska vara en lista; skriv varje värde på en egen rad som börjar med '- '",
    "object": "ska vara en mappning med fält (namn: värde) på indragna rader",
    "boolean": "ska vara true eller false",
}


#: The letters field names are written in.
_NAME_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzåäöé_0-9")


def _odd_character(name: str) -> str:
    """'tecknet CYRILLIC SMALL LETTER A (U+0430) som tecken 3': the first letter no name has."""
    for place, char in enumerate(name, 1):
        if char not in _NAME_LETTERS and not char.isdigit():
            return f"tecknet {character_name(char)} som tecken {place}"
    return ""


def _odd_in_value(value: Any, choices: list[str]) -> str:
    """The first character of ``value`` no choice has, if it is invisible or from another script."""
    if not isinstance(value, str):
        return ""
    known = set("".join(choices))
    for place, char in enumerate(value, 1):
        if char in known or char.isascii() or char in "åäöÅÄÖéÉ":
            continue
        return f"tecknet {character_name(char)} som tecken {place}"
    return ""


def suggestion(value: Any, choices: list[str]) -> str:
    """' (menade du 'x'?)' for the closest choice, or ''."""
    if not isinstance(value, str):
        return ""
    lowered = {c.lower(): c for c in choices}
    close = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=0.6)
    if not close:
        close = [c for c in lowered if value.lower() in c or c in value.lower()][:1]
    return f"; menade du '{lowered[close[0]]}'?" if close else ""


def _message(error: SchemaError) -> list[tuple[list, str, bool]]:
    """(field path, Swedish message, point at key?) for one error."""
    path, kind = list(error.absolute_path), error.validator
    value, found = error.validator_value, error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    if kind == "required":
        here = " här" if path else ""
        return [(path, f"fältet '{name}' saknas; lägg till '{name}: …'{here}", False)
                for name in value if name not in found]
    if kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        out = []
        for name in (name for name in found if name not in allowed):
            odd, close = _odd_character(name), suggestion(name, allowed)
            if odd:  # looks like a valid name but is not: say which character differs
                said = (f"fältnamnet innehåller {odd}; skriv om namnet"
                        + close.replace("; menade", ", menade"))
            else:
                said = f"okänt fält{close or '; giltiga fält är: ' + ', '.join(allowed)}"
            out.append((path + [name], said, True))
        return out
    if kind == "type" and not path:
        said = ("posten måste vara en mappning med fält (titel: …, källor: …), "
                f"inte {_describe(found)}")
    elif kind == "type":
        said = f"{_TYPE_HINTS.get(value, f'ska vara av typen {value}')}, men är {_describe(found)}"
    elif kind == "enum":
        choices = [str(c) for c in value]
        odd, close = _odd_in_value(found, choices), suggestion(found, choices)
        if odd:  # it looks like a valid value; say which character is not what it seems
            said = (f"{_describe(found)} innehåller {odd}, som inget giltigt värde har; "
                    f"skriv om det{close}")
        else:
            said = (f"{_describe(found)} är inte ett giltigt värde; giltiga är: "
                    f"{', '.join(choices)}{close}")
    elif kind == "pattern":
        if isinstance(found, str) and FORBIDDEN.search(found):
            return []  # the loader has named the character (characters.py)
        odd = _odd_in_value(found, [])
        said = schema.get("patternErrorMessage", "har fel form")
        if not_in_calendar(found):  # the date patterns know the calendar
            said = f"'{found}' finns inte i kalendern; kontrollera månad och dag"
        elif odd:  # a look-alike letter or a pasted quotation mark: say which
            said += f"; texten innehåller {odd}"
        else:
            said += date_hint(found)
    elif kind == "minLength":
        said = "får inte vara tomt; skriv en text eller ta bort fältet"
    elif kind == "maxLength":
        said = f"är {len(found)} tecken; högst {value} tecken får plats"
    elif kind == "minItems":
        said = f"behöver minst {value} värde i listan"
    elif kind == "maxItems":
        said = f"får ha högst {value} värden"
    elif kind == "uniqueItems":
        said = "samma värde står flera gånger i listan; ta bort dubbletten"
    elif kind == "const":
        said = f"ska vara {_describe(value)}, men är {_describe(found)}"
    else:
        said = f"ogiltigt värde ({error.message})"
    return [(path, said, False)]


def schema_problems(data: Any, schemas: Schemas, schema_name: str, path: str) -> list[Problem]:
    """Every schema problem of one record, located at its line and column."""
    validator = schemas.validator(schema_name)
    if validator is None:
        return [Problem(path, 0, 0, "", f"kan inte kontrolleras: schemas/{schema_name} saknas, "
                        "kan inte läsas eller är inte ett giltigt JSON Schema")]
    problems = []
    for error in validator.iter_errors(data):
        for field_path, message, at_key in _message(error):
            line, column = key_mark(data, field_path) if at_key else locate(data, field_path)
            problems.append(Problem(path, line, column, field_name(field_path), message))
    return problems
