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
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from .characters import FORBIDDEN, forbidden, name
from .problems import Problem, field_name

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

    def key_mark(self, key: str) -> Mark:
        line, column, _, _ = self.marks[key]
        return line, column

    def value_mark(self, key: str) -> Mark:
        _, _, line, column = self.marks[key]
        return line, column


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


#: The lines git writes into a file it could not merge.
_CONFLICT = re.compile(r"^(<{7}|\|{7}|={7}|>{7})(?: |$)", re.MULTILINE)


def _decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(path, 1, 1, "", "filen är sparad som UTF-16; "
                              "spara om den som UTF-8 (utan BOM)")]
    if raw.startswith(b"\xef\xbb\xbf"):  # a leading UTF-8 BOM is harmless
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        byte = raw[error.start]
        hint = ("troligen sparad som Latin-1/Windows-1252"
                if 0x80 <= byte <= 0xFF and b"\x00" not in raw else "inte en textfil")
        return None, [Problem(path, line, column, "",
                              f"byten 0x{byte:02X} är inte UTF-8 (filen är {hint}); "
                              "spara om filen som UTF-8 så att å, ä och ö blir rätt")]
    # One form for every letter: an editor on macOS may save 'ä' as 'a' and a
    # combining diaeresis (NFD), which looks the same and compares unequal.
    text = unicodedata.normalize("NFC", text)
    conflict = [text[: m.start()].count("\n") + 1 for m in _CONFLICT.finditer(text)] if any(
        marker in text for marker in ("<<<<<<<", "|||||||", "=======", ">>>>>>>")) else []
    if conflict:
        lines = ", ".join(str(n) for n in conflict[:6]) + (" …" if len(conflict) > 6 else "")
        return None, [Problem(path, conflict[0], 1, "", "git har lämnat konfliktmarkeringar "
                              f"(<<<<<<<, =======, >>>>>>>) på rad {lines}; välj den version som "
                              "ska gälla, ta bort markeringarna och spara")]
    return text, []


# PyYAML's English syntax errors, said in Swedish with what to do instead.
_SYNTAX_HINTS = [
    ("found character '\\t'", "tabbtecken kan inte användas för indrag; använd mellanslag"),
    ("mapping values are not allowed", "ett kolon på fel ställe; sätt texten inom "
     "citattecken om den innehåller ': ', eller rätta indraget"),
    ("could not find expected ':'", "ett fält saknar kolon efter namnet, eller så är "
     "indraget fel"),
    ("found unexpected end of stream", "citattecken som aldrig stängs; avsluta texten med "
     "samma citattecken som den började med"),
    ("found unknown escape character", "okänd teckensekvens med \\ inom dubbla citattecken; "
     "använd enkla citattecken eller skriv \\\\"),
    ("expected <block end>, but found '-'", "ett listelement har fel indrag; ställ alla "
     "'- ' i samma lista rakt under varandra"),
    ("expected <block end>", "indraget stämmer inte med raderna ovanför; rätta mellanslagen"),
    ("did not find expected key", "indraget stämmer inte med raderna ovanför; rätta "
     "mellanslagen"),
    ("did not find expected '-' indicator", "ett listelement har fel indrag; ställ alla '- ' "
     "i samma lista rakt under varandra"),
    ("did not find expected ',' or ']'", "en lista inom [ ] stängs inte; avsluta med ]"),
    ("did not find expected ',' or '}'", "en mappning inom { } stängs inte; avsluta med }"),
    ("found undefined alias", "alias (*namn) stöds inte; skriv ut värdet"),
    ("found duplicate anchor", "ankare (&namn) stöds inte; skriv ut värdet"),
    ("found character '@' that cannot start", "ett värde kan inte börja med @; sätt det "
     "inom citattecken"),
    ("found character '`' that cannot start", "ett värde kan inte börja med `; sätt det "
     "inom citattecken"),
    ("found character '%' that cannot start", "ett värde kan inte börja med %; sätt det "
     "inom citattecken"),
    ("could not determine a constructor", "YAML-taggar (!något) stöds inte; ta bort taggen"),
    ("but found another document", "filen innehåller flera dokument (---); en post per fil"),
]


#: A space that looks like one after a field's colon, which YAML does not take as one.
_ODD_SPACE_AFTER_COLON = re.compile(":[\u00a0\u2007\u202f\u3000]")


def _syntax_problem(error: yaml.YAMLError, text: str, path: str) -> Problem:
    """A YAML error in Swedish, at its place, with what to do."""
    # YAML refuses some characters (ESC, NUL, U+FFFE) and reads others as
    # line breaks (NEL): a forbidden character in the text is the likely cause
    found = FORBIDDEN.search(text)
    if found:
        before = text[: found.start()]
        return Problem(path, before.count("\n") + 1, found.start() - before.rfind("\n"), "",
                       forbidden(found.group()))
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem, context = getattr(error, "problem", None), getattr(error, "context", None)
    if problem == "could not find expected ':'" and error.context_mark:
        mark = error.context_mark  # the line that lacks the colon, not the one after it
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    english = f"{context or ''} {problem or ''}"
    row = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
    # libyaml does not name the character it stopped at; look it up
    if "cannot start any token" in english and line:
        char = row[column - 1] if 0 < column <= len(row) else ""
        if "\t" in row[: max(column, 1)] or char == "\t":
            english = "found character '\\t'"
        elif char in "@`%":
            english = f"found character '{char}' that cannot start"
    odd_space = _ODD_SPACE_AFTER_COLON.search(text)
    if odd_space:
        before = text[: odd_space.start()]
        return Problem(path, before.count("\n") + 1, odd_space.start() - before.rfind("\n") + 1,
                       "", f"YAML-fel: efter kolonet står {name(odd_space.group()[1])}, inte ett "
                       "vanligt mellanslag; skriv ett vanligt mellanslag")
    if "invalid Unicode character escape code" in english:
        return Problem(path, line, column, "", "YAML-fel: \\u-koden står för ett tecken som inte "
                       "finns (en halv surrogat); skriv tecknet självt")
    for needle, swedish in _SYNTAX_HINTS:
        if needle in english:
            return Problem(path, line, column, "", f"YAML-fel: {swedish}")
    return Problem(path, line, column, "", f"YAML-fel: {problem or context or error}")


def _alias_problems(text: str, path: str) -> list[Problem]:
    """Where the aliases stand, from the event stream (only read when one exists)."""
    problems = []
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.AliasEvent):
            problems.append(Problem(path, event.start_mark.line + 1, event.start_mark.column + 1,
                                    "", f"alias (*{event.anchor}) stöds inte; skriv ut "
                                    "värdet på varje ställe där det behövs"))
            if len(problems) == 3:
                break
    return problems


#: A line with something besides blanks and comments.
_NOT_EMPTY = re.compile(r"^[ \t]*[^#\s]", re.MULTILINE)

_STR, _BOOL, _NULL = "tag:yaml.org,2002:str", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_BOOLS = {"true": True, "false": False}


class _Refused(Exception):
    """A node no record may hold (a tag, an alias, too deep): the whole file is refused."""

    def __init__(self, problems: list[Problem]):
        super().__init__()
        self.problems = problems


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
            raise _Refused(_alias_problems(text, path))
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
        return None, refused.problems


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
        return None, [_syntax_problem(error, text, path)]
    except RecursionError:
        return None, [Problem(path, 0, 0, "", "strukturen är för djupt nästlad")]
    finally:
        loader.dispose()


def load_bytes(raw: bytes, path: str) -> tuple[Any, list[Problem]]:
    """Decode and parse the bytes of a record already read (at most MAX_FILE_BYTES)."""
    text, problems = _decode(raw, path)
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
            where = node.value_mark(step) if step in node.marks else where
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
        return parent.key_mark(field_path[-1])
    return locate(data, field_path)
