"""Running MkDocs for the command line: a safe build, and the preview.

`build_site` builds into a fresh folder beside ``site/`` and only swaps it
in when MkDocs succeeded, so a broken record or a failed build never takes
the published site down. The catalog the command's check loaded is handed
to the hooks on the config object (hooks.CHECKED_CATALOG), so the records
are read once per build.
"""

from __future__ import annotations

import logging
import os
import shutil
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

from ..records.catalog import Catalog
from ..records.problems import filesystem_error
from .hooks import CHECKED_CATALOG


def _quiet_mkdocs() -> None:
    # MkDocs speaks English at INFO level; keep warnings and errors only.
    logging.basicConfig(format="%(levelname)s: %(message)s")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)


def build_site(root: Path, site_dir: Path, catalog: Catalog, **settings) -> int:
    """Build ``catalog`` into a temporary folder, then swap it in. Returns an exit code.

    ``settings`` override mkdocs.yml (the archive sets ``use_directory_urls=False``).
    One build at a time per site folder (a lock beside it), so a build may
    tidy what killed builds left: their half-built folders, and a site
    moved aside but never replaced.
    """
    _quiet_mkdocs()
    site_dir = site_dir if site_dir.is_absolute() else root / site_dir
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    old = site_dir.with_name(f".{site_dir.name}-gammal")
    with open(site_dir.with_name(f".{site_dir.name}.lock"), "a") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        _tidy(site_dir, old)
        work = Path(tempfile.mkdtemp(prefix=f".bygge-{site_dir.name}-", dir=site_dir.parent))
        started = time.perf_counter()
        try:
            config = load_config(str(root / "mkdocs.yml"), site_dir=str(work), strict=True,
                                 **settings)
            config.extra[CHECKED_CATALOG] = catalog
            config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
        except (Abort, ConfigurationError, OSError) as error:
            _remove(work)
            reason = filesystem_error(error) if isinstance(error, OSError) else error
            print(f"Bygget misslyckades: {reason}\nDen publicerade webbplatsen i {site_dir.name}/ "
                  "är orörd.", file=sys.stderr)
            return 1
        except BaseException:
            _remove(work)
            raise
        # mkdtemp made the folder for its owner alone; a web server running as
        # another user must read the site, as after plain `mkdocs build`
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(work, 0o777 & ~umask)
        try:
            if os.path.lexists(site_dir):
                os.replace(site_dir, old)
            os.replace(work, site_dir)
        except OSError as error:
            _remove(work)
            print(f"Bygget lyckades men kunde inte ersätta {site_dir.name}/ ({filesystem_error(error)}); "
                  f"kontrollera behörigheterna för {site_dir.parent}. Den publicerade webbplatsen "
                  "är orörd.", file=sys.stderr)
            return 1
        _remove(old)
    pattern = "index.html" if settings.get("use_directory_urls", True) else "*.html"
    pages = sum(1 for page in site_dir.rglob(pattern) if page.name != "404.html")
    shown = site_dir.relative_to(root) if site_dir.is_relative_to(root) else site_dir
    print(f"Webbplatsen är byggd i {shown}/ ({pages} sidor, {time.perf_counter() - started:.1f} s).")
    return 0


def _tidy(site_dir: Path, old: Path) -> None:
    """Undo what a killed build left: a site moved aside, and half-built folders."""
    if os.path.lexists(old) and not os.path.lexists(site_dir):
        os.replace(old, site_dir)  # killed between the two renames: the last site comes back
    _remove(old)
    for leftover in site_dir.parent.glob(f".bygge-{site_dir.name}-*"):
        _remove(leftover)


def _remove(path: Path) -> None:
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


def serve_site(root: Path, address: str) -> None:
    """MkDocs' live preview with the hub's fast rebuilds (preview.py)."""
    logging.basicConfig(format="%(levelname)s: %(message)s")
    # dirty: after the first build MkDocs rewrites only the pages the hooks
    # mark as modified, the ones a save changed (mkdocs_adapter/preview.py)
    serve(str(root / "mkdocs.yml"), dev_addr=address, livereload=True, build_type="dirty")
