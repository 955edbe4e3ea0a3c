"""What keeps YAML from reading a record file, said in Swedish at its line and column.

Bytes that are not UTF-8 (and a file saved as UTF-16), git's conflict
markers, PyYAML's English syntax errors with what to do instead, and where
aliases stand. The loader (yaml_loader.py) asks; nothing here builds data.
"""

from __future__ import annotations

import re
import unicodedata

import yaml

from .characters import FORBIDDEN, forbidden, name
from .problems import Problem

#: The lines git writes into a file it could not merge.
_CONFLICT = re.compile(r"^(<{7}|\|{7}|={7}|>{7})(?: |$)", re.MULTILINE)


def decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
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


def syntax_problem(error: yaml.YAMLError, text: str, path: str) -> Problem:
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


def alias_problems(text: str, path: str, loader: type) -> list[Problem]:
    """Where the aliases stand, from the event stream (only read when one exists)."""
    problems = []
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent):
            problems.append(Problem(path, event.start_mark.line + 1, event.start_mark.column + 1,
                                    "", f"alias (*{event.anchor}) stöds inte; skriv ut "
                                    "värdet på varje ställe där det behövs"))
            if len(problems) == 3:
                break
    return problems
