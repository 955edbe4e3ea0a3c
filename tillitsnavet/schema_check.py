"""Check a loaded record against its JSON Schema, in Swedish.

The schemas in ``schemas/`` are the single description of the fields: the
same files drive this check, the editor's live checking (VS Code's YAML
extension) and the contributor guide. jsonschema finds the errors; this
module only says them in Swedish, at the right line, with what to write
instead.
"""

from __future__ import annotations

import difflib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

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
    problems = []
    for error in validator_for(schema_name).iter_errors(data):
        for field_path, message, at_key in _message(error):
            line, column = key_mark(data, field_path) if at_key else locate(data, field_path)
            problems.append(Problem(path, line, column, field_name(field_path), message))
    return problems
