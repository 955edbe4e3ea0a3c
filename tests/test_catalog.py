"""The one load path: a load with the preview's memo equals a fresh load, whatever changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import VALID_PILOT
from tillitsnavet.records import catalog as catalog_module
from tillitsnavet.records import reference as reference_module
from tillitsnavet.records.catalog import Memo, load_catalog


def _result(root: Path, memo: Memo | None = None):
    catalog, problems = load_catalog(root, memo)
    return ({r.path: (r.digest, r.data) for r in catalog.all()},
            sorted(str(p) for p in problems))


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS = {
    "a record": lambda root: _replace(root / "pilots/ett-forsok.yml", "status: avslutad",
                                      "status: klar"),
    "a schema made stricter": lambda root: _replace(
        root / "schemas/forsok.schema.json", '"required": [', '"required": ["beskrivning", '),
    "a county renamed in the reference data": lambda root: _replace(
        root / "data/lan.yml", "Kalmar län", "Kalmar läns"),
    "a principle removed": lambda root: _replace(root / "data/principer.yml", "namn: tillit",
                                                 "namn: tilliten"),
    "a new record": lambda root: (root / "pilots/nytt.yml").write_text(
        VALID_PILOT.replace("Kalmar", "Kalmarr"), encoding="utf-8"),
    "a record deleted": lambda root: (root / "data/practices/ett-exempel.yml").unlink(),
    "a reference list deleted": lambda root: (root / "data/principer.yml").unlink(),
    "the geodata linked out of the project": lambda root: (
        (root / "data/geo/swedish_municipalities.geojson").unlink(),
        (root / "data/geo/swedish_municipalities.geojson").symlink_to("/etc/hostname")),
}


@pytest.mark.parametrize("edit", EDITS, ids=list(EDITS))
def test_a_load_with_the_memo_equals_a_fresh_load(project, edit):
    memo = Memo()
    assert _result(project, memo) == _result(project)
    EDITS[edit](project)
    fresh = _result(project)
    assert _result(project, memo) == fresh
    assert fresh[1] or edit == "a record deleted", "the edit must change what check says"


def test_the_memo_spares_unchanged_files_only(project, monkeypatch):
    memo = Memo()
    load_catalog(project, memo)
    parsed: list[str] = []
    real = catalog_module.load_bytes
    for module in (catalog_module, reference_module):  # records, and the reference data
        monkeypatch.setattr(module, "load_bytes",
                            lambda raw, rel: parsed.append(rel) or real(raw, rel))
    _replace(project / "pilots/ett-forsok.yml", "Ett kort försök.", "Ett längre försök.")
    load_catalog(project, memo)
    assert parsed == ["pilots/ett-forsok.yml"]


def _variants(data: dict):
    """A record, and versions of it with each top-level field removed or of another shape."""
    yield data
    for name in list(data):
        yield {k: v for k, v in data.items() if k != name}
        for other in ("x" * 600, ["a", "a"], {"titel": 1}, [{"url": "ftp://x"}], None):
            yield {**data, name: other}
    yield {**data, "okänt": "x"}


def test_the_check_judges_and_words_as_pythons_jsonschema_on_the_plain_schemas():
    """schema_check hands jsonschema-rs the schemas with every $ref resolved; Python's
    jsonschema, given the schemas as written, finds the same problems, said the same way."""
    from jsonschema import Draft202012Validator

    from conftest import REPO
    from tillitsnavet.records.kinds import KINDS
    from tillitsnavet.records.schema_check import Schemas, _message
    from tillitsnavet.records.yaml_loader import load_bytes

    schemas = Schemas(REPO / "schemas")
    compared = failing = 0
    for kind in KINDS.values():
        plain = Draft202012Validator(schemas._schemas[kind.schema], registry=schemas._registry)
        checked = schemas.validator(kind.schema)
        assert "$ref" not in repr(checked.schema), "every $ref is resolved"
        for file in sorted((REPO / kind.folder).glob("*.yml")):
            data, _ = load_bytes(file.read_bytes(), file.name)
            for variant in _variants(data):
                def said(errors):
                    return sorted({(repr(path), message) for error in errors
                                   for path, message, _ in _message(error)})
                assert said(checked.iter_errors(variant)) == said(plain.iter_errors(variant)), (
                    file.name, variant)
                compared += 1
                failing += bool(said(plain.iter_errors(variant)))
    assert compared > 1000 and failing > 500
