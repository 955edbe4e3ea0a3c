"""The fields of each kind of record, read from its JSON Schema.

The schemas are the one description of the fields. This module follows
their ``$ref``s so that the open-data exports (CSV columns), the page
"Öppna data" and the tests all read the same list, in the schema's order.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def _load(name: str, schema_dir: Path) -> dict[str, Any]:
    return json.loads((schema_dir / name).read_text(encoding="utf-8"))


def _resolve(node: dict[str, Any], schema_dir: Path) -> dict[str, Any]:
    """Follow ``$ref`` (possibly several) and merge the referring node's own keywords."""
    seen = 0
    merged = dict(node)
    while "$ref" in merged and seen < 10:
        seen += 1
        file, _, pointer = merged.pop("$ref").partition("#")
        target = _load(file or "definitioner.schema.json", schema_dir)
        for part in [p for p in pointer.split("/") if p]:
            target = target[part]
        merged = {**target, **merged}
    return merged


def _form(node: dict[str, Any], schema_dir: Path) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    if "enum" in node:
        return "val", (), tuple(node["enum"])
    kind = node.get("type")
    if kind == "object":
        return "objekt", tuple(node.get("properties", {})), ()
    if kind == "array":
        items = _resolve(node.get("items", {}), schema_dir)
        if items.get("type") == "object":
            return "objektlista", tuple(items.get("properties", {})), ()
        return "lista", (), tuple(items.get("enum", ()))
    if kind == "boolean":
        return "sant/falskt", (), ()
    return "text", (), ()


def schema_fields(schema_name: str, schema_dir: Path = SCHEMA_DIR) -> list[Field]:
    """Every top-level field of ``schemas/<schema_name>``, in the schema's order."""
    schema = _load(schema_name, schema_dir)
    required = set(schema.get("required", []))
    fields = []
    for name, node in schema.get("properties", {}).items():
        resolved = _resolve(node, schema_dir)
        form, subfields, choices = _form(resolved, schema_dir)
        fields.append(Field(name, resolved.get("description", ""), name in required, form,
                            subfields, choices))
    return fields
