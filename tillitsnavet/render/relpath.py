"""Relative links between the site's own pages, fast.

``posixpath.relpath`` makes both paths absolute against the working
directory first; for 10,000 record pages with a dozen links each that was
a tenth of the time spent rendering them. The site's paths are already
clean (relative, no ``.`` or ``..`` parts), so the common folders can
simply be counted off. tests/test_properties.py checks it against
``posixpath.relpath`` on generated paths. Not memoised: a memo was hit for
half of the 29,000 links of a 1,000-record build, saved 0.004 s and held
15,000 pairs of paths (4.5 MB; 13 MB at 3,000 records).
"""

from __future__ import annotations


def relative(path: str, start: str = ".") -> str:
    """``posixpath.relpath(path, start)`` for clean site-relative paths."""
    to = [part for part in path.split("/") if part and part != "."]
    base = [part for part in start.split("/") if part and part != "."]
    common = 0
    for a, b in zip(to, base):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(base) - common) + to[common:]
    return "/".join(parts) or "."
