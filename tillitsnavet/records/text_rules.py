"""What the text of a record or reference list may hold, checked before anything is rendered.

Markdown fields (those the schema gives the form ``långtext``, at any depth)
are asked of the renderer that publishes them (markdown_field.py): what it
would leave out is a problem at the field's line, so what is published is
what the editor wrote. Plain-text fields that a page shows as its title or
lead must hold something visible.
"""

from __future__ import annotations

import re
from typing import Any

from .markdown_field import render
from .problems import Problem, field_name
from .yaml_loader import locate

#: What the renderer drops is an element made of a "[" (a link, an image, a
#: reference), a "<" (an autolink) or an entity ("&"); a text without them
#: has nothing it could drop (tests/test_yaml_and_markdown.py).
_COULD_DROP = re.compile(r"[\[<&]")
#: Plain-text fields that a page shows as its title or lead.
PLAIN_FIELDS = ("titel", "sammanfattning")


def text_problems(data: dict[str, Any], path: str,
                  markdown_fields: frozenset[tuple[str, ...]]) -> list[Problem]:
    """Every problem of the Markdown and plain-text fields of one file's data."""
    problems = []
    for where in markdown_fields:
        for field_path, value in _values(data, where, []):
            if not _COULD_DROP.search(value):
                continue  # no link, image or entity can come of it: nothing to drop
            problems += [Problem(path, *locate(data, field_path), field_name(field_path), message)
                         for message in render(value).dropped]
    for name in PLAIN_FIELDS:
        value = data.get(name)
        if isinstance(value, str) and value and not any(c.isalnum() for c in value):
            problems.append(Problem(path, *locate(data, [name]), name, "innehåller bara blanksteg "
                                    "eller osynliga tecken; skriv texten"))
    return problems


def _values(node: Any, where: tuple[str, ...], field_path: list) -> list[tuple[list, str]]:
    """The text values at ``where`` ("*" any list item) below ``node``, with their field paths."""
    if not where:
        return [(field_path, node)] if isinstance(node, str) else []
    step, rest = where[0], where[1:]
    if step == "*":
        items = node if isinstance(node, list) else []
        return [found for index, item in enumerate(items)
                for found in _values(item, rest, field_path + [index])]
    if isinstance(node, dict) and step in node:
        return _values(node[step], rest, field_path + [step])
    return []
