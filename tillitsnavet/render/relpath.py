"""Relative links between the site's own pages, fast.

``posixpath.relpath`` makes both paths absolute against the working
directory first, a real part of the time spent rendering record pages with
a dozen links each. The site's paths are already
clean (relative, no ``.`` or ``..`` parts), so the common folders can
simply be counted off. tests/test_properties.py checks it against
``posixpath.relpath`` on generated paths. Not memoised: a memo saved
next to nothing and held every pair of paths.
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
