"""Check a loaded record against its JSON Schema, in Swedish.

The schemas in ``schemas/`` are the single description of the fields: the
same files drive this check, the editor's live checking (VS Code's YAML
extension) and the contributor guide. jsonschema finds the errors; this
module only says them in Swedish, at the right line, with what to write
instead.

Most records are valid, so a compiled yes/no check (`quick_valid`) runs
first, about a hundred times faster than jsonschema; only a record it does
not pass goes to jsonschema, which then finds and words every error. The
quick check says "valid" only when jsonschema would (tests/test_quick_check.py).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from .problems import Problem
from .yaml_loader import key_mark, locate

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"


@lru_cache(maxsize=None)
def _registry(schema_dir: Path) -> Registry:
    resources = []
    for file in sorted(schema_dir.glob("*.schema.json")):
        schema = json.loads(file.read_text(encoding="utf-8"))
        resources.append((schema["$id"], Resource.from_contents(schema)))
        resources.append((file.name, Resource.from_contents(schema)))
    return Registry().with_resources(resources)


@lru_cache(maxsize=None)
def validator_for(schema_name: str, schema_dir: Path = SCHEMA_DIR) -> Draft202012Validator:
    """A compiled validator for ``schemas/<schema_name>`` (cached per build process)."""
    schema = json.loads((schema_dir / schema_name).read_text(encoding="utf-8"))
    return Draft202012Validator(schema, registry=_registry(schema_dir))


# A quick yes/no validator, compiled once per schema: jsonschema resolves each
# $ref for every record (more than half its time). Compiled closures answer
# "valid" only when jsonschema would; anything they do not know, they answer
# "not sure" (False) for, and schema_problems then asks jsonschema itself.

class _Unsupported(Exception):
    """A keyword the quick validator does not implement: use jsonschema only."""


#: Keywords that never make an instance invalid (annotations, our own message).
_ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "$comment", "title", "description",
                          "felmeddelande", "default", "examples", "deprecated"})
_TYPES = {"string": str, "array": list, "object": dict, "boolean": bool, "null": type(None)}
_KNOWN = _ANNOTATIONS | {"$ref", "type", "enum", "properties", "required", "additionalProperties",
                         "items", "minItems", "maxItems", "uniqueItems", "minLength", "maxLength",
                         "pattern"}
Check = Callable[[Any], bool]


def _always(value: Any) -> bool:
    return True


def _every(checks: list[Check]) -> Check:
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]

    def check(value: Any) -> bool:
        for one in checks:
            if not one(value):
                return False
        return True
    return check


def _types(types: Any) -> tuple[type, ...]:
    names = types if isinstance(types, list) else [types]
    if not all(isinstance(name, str) and name in _TYPES for name in names):
        raise _Unsupported(types)  # integer/number: bool is not a number there
    return tuple(_TYPES[name] for name in names)


def _enum_check(choices: Any) -> Check:
    if not isinstance(choices, list) or not all(type(c) is str for c in choices):
        raise _Unsupported("enum")  # jsonschema's equal() is subtler for other values
    allowed = frozenset(choices)
    return lambda value: isinstance(value, str) and value in allowed


# The bodies below assume the value already has their type (as jsonschema's
# keywords only look at values of their type) and say whether it passes.

def _string_body(schema: dict) -> Check | None:
    low, high = schema.get("minLength", 0), schema.get("maxLength", float("inf"))
    if not isinstance(low, int) or not isinstance(high, (int, float)):
        raise _Unsupported("minLength/maxLength")
    if "pattern" in schema:
        search = re.compile(schema["pattern"]).search  # jsonschema: re.search(pattern, value)
        return lambda value: low <= len(value) <= high and search(value) is not None
    if low == 0 and high == float("inf"):
        return None
    return lambda value: low <= len(value) <= high


def _array_body(schema: dict, items: Check | None) -> Check | None:
    low, high = schema.get("minItems", 0), schema.get("maxItems", float("inf"))
    unique = schema.get("uniqueItems", False)
    if not (isinstance(low, int) and isinstance(high, (int, float)) and unique in (True, False)):
        raise _Unsupported("minItems/maxItems/uniqueItems")
    if low == 0 and high == float("inf") and not unique and items is None:
        return None

    def body(value: list) -> bool:
        if not low <= len(value) <= high:
            return False
        if unique and not (all(type(v) is str for v in value) and len(set(value)) == len(value)):
            return False  # duplicates, or items only jsonschema compares rightly
        if items is not None:
            for item in value:
                if not items(item):
                    return False
        return True
    return body


def _object_body(schema: dict, properties: dict[str, Check]) -> Check | None:
    required = schema.get("required", [])
    others_allowed = schema.get("additionalProperties", True)
    if others_allowed not in (True, False) or not isinstance(required, list):
        raise _Unsupported("additionalProperties")  # a schema for the other fields
    if not required and others_allowed and not properties:
        return None

    def body(value: dict) -> bool:
        for name in required:
            if name not in value:
                return False
        for name, field in value.items():
            one = properties.get(name)
            if one is None:
                if not others_allowed:
                    return False
            elif not one(field):
                return False
        return True
    return body


def _typed(kind: type, body: Check | None) -> Check:
    """Values of ``kind`` that pass ``body``: the schema's only type and its keywords."""
    if body is None:
        return lambda value: isinstance(value, kind)
    return lambda value: isinstance(value, kind) and body(value)


def _if_typed(kind: type, body: Check) -> Check:
    """Values not of ``kind`` pass; the others must pass ``body`` (no "type" keyword)."""
    return lambda value: not isinstance(value, kind) or body(value)


def _compile(schema: Any, resolver: Any, depth: int = 0) -> Check:
    """A yes/no check of ``schema`` with every $ref resolved now, as jsonschema would."""
    if schema is True:
        return _always
    if not isinstance(schema, dict) or depth > 40 or not schema.keys() <= _KNOWN:
        raise _Unsupported(schema)
    # as jsonschema's descend(): a subschema with its own $id becomes the base
    resolver = resolver.in_subresource(DRAFT202012.create_resource(schema))
    checks = []
    if "$ref" in schema:
        resolved = resolver.lookup(schema["$ref"])
        checks.append(_compile(resolved.contents, resolved.resolver, depth + 1))
    if "enum" in schema:
        checks.append(_enum_check(schema["enum"]))
    items = _compile(schema["items"], resolver, depth + 1) if "items" in schema else None
    properties = {name: _compile(sub, resolver, depth + 1)
                  for name, sub in schema.get("properties", {}).items()}
    bodies = {str: _string_body(schema), list: _array_body(schema, items),
              dict: _object_body(schema, properties)}
    types = _types(schema["type"]) if "type" in schema else None
    if types is not None and len(types) == 1:
        # one type: the keywords of the other types can never apply
        checks.append(_typed(types[0], bodies.get(types[0])))
    else:
        if types is not None:
            checks.append(lambda value: isinstance(value, types))
        checks += [_if_typed(kind, body) for kind, body in bodies.items() if body is not None]
    return _every(checks)


@lru_cache(maxsize=None)
def quick_validator(schema_name: str, schema_dir: Path = SCHEMA_DIR) -> Check | None:
    """A fast check that says True only for records jsonschema finds valid; None if unsupported."""
    validator = validator_for(schema_name, schema_dir)
    root = _registry(schema_dir).resolver(base_uri=validator.schema.get("$id", ""))
    try:
        return _compile(validator.schema, root)
    except Exception:  # noqa: BLE001 - unsupported or odd: jsonschema alone decides
        return None


def quick_valid(data: Any, schema_name: str) -> bool:
    """True if ``data`` certainly passes ``schema_name``; False if it fails or we are unsure."""
    check = quick_validator(schema_name)
    return check is not None and check(data)


def field_name(path: list[str | int] | Any) -> str:
    """``['källor', 2, 'url']`` → ``källor[3].url`` (1-based, as editors count)."""
    out = ""
    for step in path:
        if isinstance(step, int):
            out += f"[{step + 1}]"
        else:
            out += f".{step}" if out else str(step)
    return out


def _describe(value: Any) -> str:
    if value is None:
        return "inget värde"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, list):
        return "en lista"
    if isinstance(value, dict):
        return "en mappning med fält"
    return f"texten '{value}'"


_TYPE_HINTS = {
    "string": "ska vara text",
    "array": "ska vara en lista; skriv varje värde på en egen rad som börjar med '- '",
    "object": "ska vara en mappning med fält (namn: värde) på indragna rader",
    "boolean": "ska vara true eller false",
}


def suggestion(value: Any, choices: list[str]) -> str:
    """' (menade du 'x'?)' for the closest choice, or ''."""
    if not isinstance(value, str):
        return ""
    lowered = {c.lower(): c for c in choices}
    close = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=0.6)
    if not close:
        close = [c for c in lowered if value.lower() in c or c in value.lower()][:1]
    return f"; menade du '{lowered[close[0]]}'?" if close else ""


def _message(error: ValidationError) -> list[tuple[list, str, bool]]:
    """(field path, Swedish message, point at key?) for one jsonschema error."""
    path = list(error.absolute_path)
    kind = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    if kind == "type":
        expected = error.validator_value
        hint = _TYPE_HINTS.get(expected, f"ska vara av typen {expected}")
        if not path:
            return [(path, "posten måste vara en mappning med fält (titel: …, källor: …), "
                     f"inte {_describe(error.instance)}", False)]
        return [(path, f"{hint}, men är {_describe(error.instance)}", False)]
    if kind == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        return [(path, f"fältet '{name}' saknas; lägg till '{name}: …'"
                 + (" här" if path else ""), False) for name in missing]
    if kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        out = []
        for name in error.instance:
            if name not in allowed:
                out.append((path + [name], f"okänt fält{suggestion(name, allowed)}"
                            f"{'' if suggestion(name, allowed) else '; giltiga fält är: ' + ', '.join(allowed)}",
                            True))
        return out
    if kind == "enum":
        choices = [str(c) for c in error.validator_value]
        return [(path, f"{_describe(error.instance)} är inte ett giltigt värde; giltiga är: "
                 f"{', '.join(choices)}{suggestion(error.instance, choices)}", False)]
    if kind == "pattern":
        return [(path, schema.get("felmeddelande", "har fel form"), False)]
    if kind == "minLength":
        return [(path, "får inte vara tomt; skriv en text eller ta bort fältet", False)]
    if kind == "maxLength":
        return [(path, f"är {len(error.instance)} tecken; högst {error.validator_value} "
                 "tecken får plats", False)]
    if kind == "minItems":
        return [(path, f"behöver minst {error.validator_value} värde i listan", False)]
    if kind == "maxItems":
        return [(path, f"får ha högst {error.validator_value} värden", False)]
    if kind == "uniqueItems":
        return [(path, "samma värde står flera gånger i listan; ta bort dubbletten", False)]
    return [(path, f"ogiltigt värde ({error.message})", False)]


def schema_problems(data: Any, schema_name: str, path: str) -> list[Problem]:
    """Every schema problem of one record, located at its line and column."""
    if quick_valid(data, schema_name):
        return []
    problems = []
    for error in validator_for(schema_name).iter_errors(data):
        for field_path, message, at_key in _message(error):
            line, column = key_mark(data, field_path) if at_key else locate(data, field_path)
            problems.append(Problem(path, line, column, field_name(field_path), message))
    return problems
