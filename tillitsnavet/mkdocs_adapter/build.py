"""Running MkDocs for the command line: a safe build, and the preview.

`build_site` builds into a fresh folder beside ``site/`` and only swaps it
in when MkDocs succeeded, so a broken record or a failed build never takes
the published site down. The catalog the command's check loaded is handed
to the hooks on the config object (hooks.Hub), so the records are read once
per build.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

try:
    import fcntl  # POSIX: one build at a time per site folder
except ImportError:  # pragma: no cover - Windows: no lock, builds must not overlap
    fcntl = None

from mkdocs.commands.build import build
from mkdocs.commands.serve import serve
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from ..publish import site_folder
from ..publish.site_scan import forbidden_in_site
from ..records.catalog import Catalog
from ..records.problems import filesystem_error
from .hooks import HUB, Hub


def build_site(root: Path, site_dir: Path, catalog: Catalog, **settings) -> int:
    """Build ``catalog`` into a temporary folder, then swap it in. Returns an exit code.

    ``settings`` override mkdocs.yml (the archive sets ``use_directory_urls=False``).
    Only a folder publish/site_folder.py allows is replaced. One build at a
    time per site folder (a lock beside it), so a build may tidy what killed
    builds left: their half-built folders, and a site moved aside.
    """
    logging.basicConfig(format="%(levelname)s: %(message)s")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)  # MkDocs speaks English at INFO level
    site_dir = site_dir if site_dir.is_absolute() else root / site_dir
    why = site_folder.refusal(root, site_dir)
    if why:
        print(f"Bygget avbröts: {why}. Bygget ersätter hela mappen, så det bygger bara i en ny "
              "eller tom mapp eller i en webbplats som ett tidigare bygge gjort; välj en annan "
              "mapp med --site-dir.", file=sys.stderr)
        return 1
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    old = site_dir.with_name(f".{site_dir.name}-gammal")
    with _lock(site_dir.with_name(f".{site_dir.name}.lock")):
        site_folder.tidy(site_dir, old)
        work = Path(tempfile.mkdtemp(prefix=f".bygge-{site_dir.name}-", dir=site_dir.parent))
        started = time.perf_counter()
        try:
            config = load_config(str(root / "mkdocs.yml"), site_dir=str(work), strict=True,
                                 **settings)
            config.extra[HUB] = Hub(catalog)
            config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
            forbidden = forbidden_in_site(work)
            if forbidden:
                raise Abort("det färdiga bygget innehåller tecken som inte får publiceras:\n  "
                            + "\n  ".join(forbidden) + "\nRätta posten eller sidan som texten "
                            "kommer från")
            site_folder.claim(work)
        except (Abort, ConfigurationError, OSError) as error:
            site_folder.remove(work)
            reason = filesystem_error(error) if isinstance(error, OSError) else (
                "se felet ovan" if str(error).startswith("Aborted with") else error)
            print(f"Bygget misslyckades: {reason}\nDen publicerade webbplatsen i {site_dir.name}/ "
                  "är orörd.", file=sys.stderr)
            return 1
        except BaseException:  # Ctrl+C, SIGTERM (cli.py), a bug: nothing half-built stays
            site_folder.remove(work)
            raise
        # mkdtemp made the folder for its owner alone; a web server running as
        # another user must read the site, as after plain `mkdocs build`
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(work, 0o777 & ~umask)
        try:
            site_folder.swap(work, site_dir, old)
        except OSError as error:
            site_folder.remove(work)
            print(f"Bygget lyckades men kunde inte ersätta {site_dir.name}/ ({filesystem_error(error)}); "
                  f"kontrollera behörigheterna för {site_dir.parent}. Den publicerade webbplatsen "
                  "är orörd.", file=sys.stderr)
            return 1
        site_folder.remove(old)
    pattern = "index.html" if settings.get("use_directory_urls", True) else "*.html"
    pages = sum(1 for page in site_dir.rglob(pattern) if page.name != "404.html")
    shown = site_dir.relative_to(root) if site_dir.is_relative_to(root) else site_dir
    print(f"Webbplatsen är byggd i {shown}/ ({pages} sidor, {time.perf_counter() - started:.1f} s).")
    return 0


@contextlib.contextmanager
def _lock(path: Path):
    """Hold the lock file ``path`` (never through a symbolic link); say so while waiting."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    try:
        if fcntl is not None:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                print(f"Väntar på ett annat bygge till samma mapp (låset {path.name}) …",
                      file=sys.stderr, flush=True)
                fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def serve_site(root: Path, address: str) -> None:
    """MkDocs' live preview with the hub's fast rebuilds (preview.py)."""
    logging.basicConfig(format="%(levelname)s: %(message)s")
    # dirty: after the first build MkDocs rewrites only the pages the hooks
    # mark as modified, the ones a save changed (mkdocs_adapter/preview.py)
    serve(str(root / "mkdocs.yml"), dev_addr=address, livereload=True, build_type="dirty")
