"""Room 1, LOAD → VALIDATE: the records as the secretariat wrote them, and every problem.

In pipeline order: kinds (the kinds of record, ids, one valid `Record`),
yaml_loader (safe YAML with line marks), yaml_problems (what keeps YAML
from reading a file, in Swedish), schema_check (jsonschema → Swedish
problems), dates (the calendar, periods), semantic (places, references, old
ids), reference (the reference lists and geodata), problems, fields (a schema's fields, for the
open data) and catalog: ``load_catalog(root)``, the one load path of
``check``, ``build``, ``serve`` and ``rapport``.

Nothing here imports MkDocs, Jinja or the rooms after this one.
"""
