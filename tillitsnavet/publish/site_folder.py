"""The folder a build publishes into: which one it may replace, and the swap.

Replacing a folder deletes it, so a build replaces only an absent or empty folder or one
a build made (it holds ``OWN_SITE``), and never the project, anything above it, the home
folder or the project's own folders. The swap is one atomic exchange where Linux has
``renameat2``, so a kill leaves the old site or the new; elsewhere two renames, and the
next build puts back a site a kill left aside (`tidy`).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import sys
from pathlib import Path

from ..records.problems import filesystem_error

OWN_SITE = ".tillitsnavet-webbplats"
_OWN_SITE_TEXT = ("Den här mappen är byggd av Tillitsnavet (python build_hub.py build). "
              "Nästa bygge ersätter den helt.\n")
_PROJECT_FOLDERS = (".git", "pilots", "content", "data", "schemas", "docs", "macros", "overrides",
                    "tillitsnavet", "tests", "bench", "ci", ".ci", ".venv")
#: What a project (or a content repository) holds and a site never does.
_SOURCES = (".git", "mkdocs.yml", "pilots", "content", "docs", "data/forums", "data/practices",
            "macros", "build_hub.py")
#: Of those, what no site ever holds, whatever its pages are called.
_NEVER_IN_A_SITE = (".git", "mkdocs.yml", "build_hub.py")
#: A site built before OWN_SITE existed holds this file.
_EARLIER_SITE = "data/tillitsnavet.json"


def refusal(root: Path, site_dir: Path) -> str | None:
    """Why a build may not replace ``site_dir`` (in Swedish), or None when it may."""
    shown = str(site_dir)
    target = site_dir.resolve()
    project = root.resolve()
    if target == project or target in project.parents:
        return f"{shown} är projektmappen eller en mapp ovanför den"
    if target == Path.home().resolve():
        return f"{shown} är hemmappen"
    for folder in _PROJECT_FOLDERS:
        if target.is_relative_to(project / folder):
            return f"{shown} ligger i projektets mapp {folder}/"
    if not os.path.lexists(site_dir):
        return None
    if os.path.islink(site_dir):
        return f"{shown} är en symbolisk länk, och bygget följer den inte"
    if not site_dir.is_dir():
        return f"{shown} finns och är ingen mapp"
    held = [source for source in _SOURCES if (site_dir / source).exists()]
    # a built site's own folders may share a source's name (content/docs/ → docs/)
    built = (site_dir / OWN_SITE).is_file() or (site_dir / _EARLIER_SITE).is_file()
    if held and (not built or any(source in held for source in _NEVER_IN_A_SITE)):
        return f"{shown} innehåller {', '.join(held)}, som ett bygge aldrig skriver"
    if built:
        return None
    if any(entry.suffix in (".yml", ".yaml") for entry in site_dir.iterdir()):
        return f"{shown} innehåller YAML-filer (poster?)"
    if next(site_dir.iterdir(), None) is not None:
        return f"{shown} finns och innehåller filer som inte kommer från ett bygge av Tillitsnavet"
    return None


def claim(work: Path) -> None:
    """Claim a finished build as the hub's, so that the next build may replace it."""
    (work / OWN_SITE).write_text(_OWN_SITE_TEXT, encoding="utf-8")


def swap(work: Path, site_dir: Path, old: Path) -> None:
    """Put ``work`` in ``site_dir``'s place; the old site is left at ``old`` to remove."""
    if os.path.lexists(site_dir) and _exchange(work, site_dir):
        os.replace(work, old)  # now holds the old site
        return
    if os.path.lexists(site_dir):
        os.replace(site_dir, old)
    os.replace(work, site_dir)


def _exchange(first: Path, second: Path) -> bool:
    """Linux' renameat2 RENAME_EXCHANGE; False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second),
                     rename_exchange) == 0


def tidy(site_dir: Path, old: Path) -> None:
    """Undo what a killed build left: a site moved aside, and half-built folders."""
    if os.path.lexists(old) and not os.path.lexists(site_dir):
        os.replace(old, site_dir)  # killed between the two renames: the last site comes back
    remove(old)
    for pattern in (f".bygge-{site_dir.name}-*", ".sokindex-*"):  # search_index.py's work folder
        for leftover in site_dir.parent.glob(pattern):
            remove(leftover)


def remove(path: Path) -> None:
    """Remove a file or folder, read-only ones too; what cannot go is said, not raised."""
    def writable_and_again(function, name, _):
        os.chmod(os.path.dirname(name), 0o700)
        if os.path.isdir(name) and not os.path.islink(name):
            os.chmod(name, 0o700)
        function(name)

    try:
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, onerror=writable_and_again)
        elif os.path.lexists(path):
            os.chmod(path.parent, os.stat(path.parent).st_mode | 0o200)
            os.unlink(path)
    except OSError as error:
        print(f"Obs: {path} kunde inte tas bort ({filesystem_error(error)}); ta bort den för hand.",
              file=sys.stderr)
