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

from mkdocs.commands.build import build
from mkdocs.commands.serve import serve
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from ..records.catalog import Catalog
from .hooks import CHECKED_CATALOG


def _quiet_mkdocs() -> None:
    # MkDocs speaks English at INFO level; keep warnings and errors only.
    logging.basicConfig(format="%(levelname)s: %(message)s")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)


def build_site(root: Path, site_dir: Path, catalog: Catalog, **settings) -> int:
    """Build ``catalog`` into a temporary folder, then swap it in. Returns an exit code.

    ``settings`` override mkdocs.yml (the archive sets ``use_directory_urls=False``).
    """
    _quiet_mkdocs()
    site_dir = site_dir if site_dir.is_absolute() else root / site_dir
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".bygge-", dir=site_dir.parent))
    started = time.perf_counter()
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(work), strict=True, **settings)
        config.extra[CHECKED_CATALOG] = catalog
        config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (Abort, ConfigurationError) as error:
        shutil.rmtree(work, ignore_errors=True)
        print(f"Bygget misslyckades: {error}\nDen publicerade webbplatsen i {site_dir.name}/ är "
              "orörd.", file=sys.stderr)
        return 1
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    old = site_dir.with_name(f".{site_dir.name}-gammal")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        os.replace(site_dir, old)
    os.replace(work, site_dir)
    shutil.rmtree(old, ignore_errors=True)
    pattern = "index.html" if settings.get("use_directory_urls", True) else "*.html"
    pages = sum(1 for page in site_dir.rglob(pattern) if page.name != "404.html")
    shown = site_dir.relative_to(root) if site_dir.is_relative_to(root) else site_dir
    print(f"Webbplatsen är byggd i {shown}/ ({pages} sidor, {time.perf_counter() - started:.1f} s).")
    return 0


def serve_site(root: Path, address: str) -> None:
    """MkDocs' live preview with the hub's fast rebuilds (preview.py)."""
    logging.basicConfig(format="%(levelname)s: %(message)s")
    # dirty: after the first build MkDocs rewrites only the pages the hooks
    # mark as modified, the ones a save changed (mkdocs_adapter/preview.py)
    serve(str(root / "mkdocs.yml"), dev_addr=address, livereload=True, build_type="dirty")
