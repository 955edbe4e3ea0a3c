"""A problem found in a record, and how it is shown to the secretariat.

Every check in the hub reports `Problem`s instead of raising, so that one
run lists everything that is wrong in every file (the Pelican habit of not
short-circuiting validation).
"""

from __future__ import annotations

import errno
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing that is wrong, located as precisely as we can.

    Attributes:
        path: the file, relative to the project root, with forward slashes.
        line: 1-based line number, or 0 when the problem concerns the whole file.
        column: 1-based column, or 0 when unknown.
        field: the field path as the editor writes it (``källor[2].url``), or "".
        message: what is wrong and what to write instead, in Swedish.
    """

    path: str
    line: int = 0
    column: int = 0
    field: str = ""
    message: str = ""

    def __str__(self) -> str:
        where = visible(self.path)  # a file name may hold terminal escapes: never print them raw
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        prefix = f"{self.field}: " if self.field else ""
        return f"{where}: {prefix}{self.message}"


def field_name(path: list[str | int] | Any) -> str:
    """``['källor', 2, 'url']`` → ``källor[3].url`` (1-based, as editors count)."""
    out = ""
    for step in path:
        if isinstance(step, int):
            out += f"[{step + 1}]"
        else:
            out += f".{step}" if out else str(step)
    return out


_ERRNO_SV = {
    errno.ENOSPC: "disken är full", errno.EDQUOT: "diskkvoten är slut",
    errno.EACCES: "behörighet saknas", errno.EPERM: "åtgärden är inte tillåten",
    errno.EROFS: "filsystemet är skrivskyddat", errno.ENOENT: "filen eller mappen finns inte",
    errno.ENAMETOOLONG: "namnet är för långt", errno.EIO: "läs- eller skrivfel på disken",
    errno.ENOTDIR: "en del av sökvägen är ingen mapp", errno.EISDIR: "det är en mapp",
    errno.EADDRINUSE: "porten används redan (en annan förhandsvisning?); välj en annan, t.ex. "
                      "--adress 127.0.0.1:8001",
    errno.ELOOP: "en symbolisk länk står i vägen, och den följs inte",
}


def filesystem_error(error: OSError) -> str:
    """An operating-system error in Swedish: what went wrong, and where."""
    if error.errno is None:  # raised by a library, not the system: its own words
        return excerpt(str(error)) or type(error).__name__
    what = _ERRNO_SV.get(error.errno, f"fel nummer {error.errno}")
    where = f" ({excerpt(str(error.filename))})" if error.filename else ""
    return what + where


#: At most this many characters of a value are quoted in a message.
EXCERPT = 60


def visible(text: str) -> str:
    """``text`` with every character a terminal or editor would not show written as an escape."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" if ord(c) < 0x100
                   else f"\\u{ord(c):04x}" for c in text)


def excerpt(text: str) -> str:
    """A value as a message may quote it: one line, at most EXCERPT characters, escapes shown."""
    flat = visible(" ".join(str(text).split()))
    return flat if len(flat) <= EXCERPT else flat[:EXCERPT - 1] + "…"


def format_problems(problems: list[Problem]) -> str:
    """All problems, sorted by file and line, with a Swedish summary line."""
    unique = sorted(set(problems))
    files = len({p.path for p in unique})
    summary = f"{len(unique)} problem i {files} {'fil' if files == 1 else 'filer'}."
    return "\n".join([*map(str, unique), f"{summary} Inget har publicerats."])
