"""The fields of each kind of record, read from its JSON Schema.

The schemas are the one description of the fields. This module follows
their ``$ref``s (with referencing, as schema_check does) so that the
open-data exports (CSV columns), the page "Öppna data" and the tests all
read the same list, in the schema's order.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from referencing import Registry, Resource

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"


@dataclass(frozen=True)
class Field:
    """One top-level field of a record."""

    name: str
    description: str
    required: bool
    form: str  # "text", "lista", "objekt", "objektlista", "sant/falskt", "val"
    subfields: tuple[str, ...] = ()  # the keys of an object, or of a list's objects
    choices: tuple[str, ...] = ()


def _resolve(node: dict[str, Any], resolver: Any) -> tuple[dict[str, Any], Any]:
    """Follow ``$ref`` (possibly several) and merge the referring node's own keywords.

    Returns the merged node and the resolver its own ``$ref``s are resolved with.
    """
    merged = dict(node)
    for _ in range(10):  # a $ref that names itself, however far round, ends here
        if "$ref" not in merged:
            break
        resolved = resolver.lookup(merged.pop("$ref"))
        merged, resolver = {**resolved.contents, **merged}, resolved.resolver
    return merged, resolver


def _form(node: dict[str, Any], resolver: Any) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    if "enum" in node:
        return "val", (), tuple(node["enum"])
    kind = node.get("type")
    if kind == "object":
        return "objekt", tuple(node.get("properties", {})), ()
    if kind == "array":
        items, _ = _resolve(node.get("items", {}), resolver)
        if items.get("type") == "object":
            return "objektlista", tuple(items.get("properties", {})), ()
        return "lista", (), tuple(items.get("enum", ()))
    if kind == "boolean":
        return "sant/falskt", (), ()
    return "text", (), ()


def schema_fields(schema_name: str, schema_dir: Path = SCHEMA_DIR) -> list[Field]:
    """Every top-level field of ``schemas/<schema_name>``, in the schema's order."""
    schema = json.loads((schema_dir / schema_name).read_text(encoding="utf-8"))
    every = {file.name: json.loads(file.read_text(encoding="utf-8"))
             for file in sorted(schema_dir.glob("*.schema.json"))}
    # what $refs are resolved against; a schema without $id (check reports it) by its name
    registry = Registry().with_resources((each.get("$id", name), Resource.from_contents(each))
                                         for name, each in every.items())
    resolver = registry.resolver(base_uri=schema.get("$id", schema_name))
    required = set(schema.get("required", []))
    fields = []
    for name, node in schema.get("properties", {}).items():
        resolved, inner = _resolve(node, resolver)
        form, subfields, choices = _form(resolved, inner)
        fields.append(Field(name, resolved.get("description", ""), name in required, form,
                            subfields, choices))
    return fields
