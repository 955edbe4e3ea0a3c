"""Read one YAML record safely, remembering where every value stood.

YAML has traps for people who edit by hand: ``no`` becomes ``False``,
``0701234567`` becomes a number, ``2017-02`` a string but ``2017-02-17`` a
date, a repeated key silently wins, and aliases can blow a 400-byte file up
into gigabytes. This loader turns each trap into either plain text or a
Swedish problem with line and column:

* Every scalar stays text except ``true``/``false`` and an empty value.
  The schema then says what type a field needs, so nothing changes silently.
* Duplicate keys, aliases, tags and non-text keys are problems.
* Bytes that are not UTF-8, git's conflict markers and empty files are
  problems, reported before YAML is parsed; a forbidden character
  (characters.py) is a problem in the decoded key or value that holds it,
  so an escape such as ``"\u202E"`` cannot slip past.

Mappings and lists come back as `LineDict` and `LineList`, which behave as
dict and list but know the line and column of each key and item, so later
checks (schema, references) can point at the exact spot.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .characters import FORBIDDEN, forbidden
from .problems import Problem, field_name
from .yaml_problems import alias_problems, decode, syntax_problem

#: Larger files are refused before parsing: a record is a page, not a book.
MAX_FILE_BYTES = 256 * 1024
#: Deeper structures are refused; records are at most four levels deep.
MAX_DEPTH = 12

Mark = tuple[int, int]  # 1-based (line, column)


class LineDict(dict):
    """A mapping that remembers where it, its keys and its values start.

    ``marks[key]`` is (key line, key column, value line, value column): one
    tuple a key and no attribute dictionary (slots), so the thousands of
    mappings of a catalog cost the memory and garbage collection of one
    dict each besides their own.
    """

    __slots__ = ("mark", "marks")

    def __init__(self) -> None:
        super().__init__()
        self.mark: Mark = (0, 0)
        self.marks: dict[str, tuple[int, int, int, int]] = {}


class LineList(list):
    """A list that remembers where it and each of its items start."""

    __slots__ = ("mark", "item_marks")

    def __init__(self) -> None:
        super().__init__()
        self.mark: Mark = (0, 0)
        self.item_marks: list[Mark] = []


def _mark(node: yaml.Node) -> Mark:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


try:  # the C parser is several times faster; the pure one behaves the same
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


class _RecordLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader with text-only resolution and line-aware containers."""

    yaml_implicit_resolvers: dict = {}


_RecordLoader.add_implicit_resolver(
    # the three spellings YAML 1.2 and the editors' checker (yaml-language-server) read as booleans
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_RecordLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|)$"), ["~", "n", ""]
)


def _key_problem(path: str, key: Any, data: LineDict, line: int, column: int) -> Problem:
    """A key that is not a field name, or a field named twice in ``data``."""
    if not isinstance(key, str):
        return Problem(path, line, column, "", "en nyckel måste vara ett fältnamn (text), inte "
                       "en lista, en mappning eller ett tomt värde")
    return Problem(path, line, column, key, f"fältet står två gånger (rad {data.marks[key][0]} "
                   f"och rad {line}); ta bort det ena, annars försvinner ett av värdena")


#: A line with something besides blanks and comments.
_NOT_EMPTY = re.compile(r"^[ \t]*[^#\s]", re.MULTILINE)

_STR, _BOOL, _NULL = "tag:yaml.org,2002:str", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_BOOLS = {"true": True, "false": False}


class _Refused(Exception):
    """A node no record may hold (a tag, an alias, too deep): the whole file is refused.

    Its one argument is the list of problems to report.
    """


def _document(root: yaml.Node, text: str, path: str) -> tuple[Any, list[Problem]]:
    """The record of the node graph: text, true/false, empty values, mappings and lists.

    Mappings and lists come back as LineDict and LineList with the marks of
    every key and item. A forbidden character in a decoded key or value, a
    non-text key and a field written twice are problems beside the data; a
    tag, an alias (a node reached twice: a 'billion laughs' file is refused
    before it grows) or a structure deeper than MAX_DEPTH refuse the file.
    """
    problems: list[Problem] = []
    seen: set[int] = set()
    scalar, mapping = yaml.ScalarNode, yaml.MappingNode

    # A decoded value holds only the text's own characters, line breaks and
    # spaces, and what a backslash escape spells: without either in the text,
    # no value can hold a forbidden character.
    suspect = "\\" in text or FORBIDDEN.search(text) is not None

    def characters_of(value: str, node: yaml.Node, where: list) -> None:
        message = forbidden(value) if suspect else ""
        if message:
            problems.append(Problem(path, *_mark(node), field_name(where), message))

    def build(node: yaml.Node, depth: int, where: list) -> Any:
        if id(node) in seen:
            raise _Refused(alias_problems(text, path, _BaseLoader))
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise _Refused([Problem(path, *_mark(node), "", f"strukturen är djupare än "
                                    f"{MAX_DEPTH} nivåer; en post behöver högst fyra")])
        tag, kind = node.tag, type(node)
        if kind is scalar:
            if tag == _STR:
                characters_of(node.value, node, where)
                return node.value
            if tag == _NULL:
                return None
            if tag == _BOOL and node.value.lower() in _BOOLS:
                return _BOOLS[node.value.lower()]
        elif kind is mapping and tag == _MAP:
            data = LineDict()
            data.mark = _mark(node)
            for key_node, value_node in node.value:
                key = build(key_node, depth + 1, where)
                if not isinstance(key, str) or key in data:
                    problems.append(_key_problem(path, key, data, *_mark(key_node)))
                    continue
                data[key] = build(value_node, depth + 1, where + [key])
                data.marks[key] = (*_mark(key_node), *_mark(value_node))
            return data
        elif kind is yaml.SequenceNode and tag == _SEQ:
            items = LineList()
            items.mark = _mark(node)
            for index, item in enumerate(node.value):
                items.append(build(item, depth + 1, where + [index]))
                items.item_marks.append(_mark(item))
            return items
        raise _Refused([Problem(path, *_mark(node), "", "YAML-fel: YAML-taggar (!något) stöds "
                                "inte; ta bort taggen")])

    try:
        return build(root, 1, []), problems
    except _Refused as refused:
        return None, refused.args[0]


def load_text(text: str, path: str) -> tuple[Any, list[Problem]]:
    """Parse YAML text already decoded; return (data, problems)."""
    if not _NOT_EMPTY.search(text):
        return None, [Problem(path, 1, 0, "", "filen är tom; skriv posten eller ta bort filen "
                              "(en mall fås med: python build_hub.py new)")]
    loader = _RecordLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [Problem(path, 1, 0, "", "filen är tom")]
        return _document(node, text, path)
    except yaml.YAMLError as error:
        return None, [syntax_problem(error, text, path)]
    except RecursionError:
        return None, [Problem(path, 0, 0, "", "strukturen är för djupt nästlad")]
    finally:
        loader.dispose()


def load_bytes(raw: bytes, path: str) -> tuple[Any, list[Problem]]:
    """Decode and parse the bytes of a record already read (at most MAX_FILE_BYTES)."""
    text, problems = decode(raw, path)
    if text is None or problems:
        return None, problems
    return load_text(text, path)


def locate(data: Any, field_path: list[str | int]) -> Mark:
    """Line and column of the value at ``field_path``, or of its nearest parent.

    For a missing key the parent's key line is returned, which is where the
    editor has to add it.
    """
    where: Mark = getattr(data, "mark", (1, 1))
    node = data
    for step in field_path:
        if isinstance(node, LineDict) and isinstance(step, str) and step in node:
            where = node.marks[step][2:] if step in node.marks else where
            node = node[step]
        elif isinstance(node, LineList) and isinstance(step, int) and step < len(node):
            where = node.item_marks[step]
            node = node[step]
        else:
            break
    return where


def key_mark(data: Any, field_path: list[str | int]) -> Mark:
    """Line and column of the *key* that names ``field_path`` (for unknown fields)."""
    parent = data
    for step in field_path[:-1]:
        try:
            parent = parent[step]
        except (KeyError, IndexError, TypeError):
            return locate(data, field_path)
    if isinstance(parent, LineDict) and field_path and field_path[-1] in parent.marks:
        return parent.marks[field_path[-1]][:2]
    return locate(data, field_path)
