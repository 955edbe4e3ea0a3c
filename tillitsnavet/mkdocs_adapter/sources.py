"""Where each page comes from: one source per address, nothing from outside, named files.

* A page has one source: a hand-written page and a record (or a file the
  build writes) at the same address is an error naming both, never a silent
  choice (`refuse_second_source`).
* Nothing outside the project is published: a symbolic link in content/
  that leads out of it stops the build (`refuse_links_out`); records are
  read only from inside it (records/catalog.py).
* MkDocs' warnings about a record's page name the record's YAML file
  (`name_records_in_warnings`): MkDocs names the virtual page
  ('forsok/kalmar.md'), which the editor never sees. A standard logging
  filter on MkDocs' own loggers adds it; each build replaces the last one's.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

_LOGGERS = ("mkdocs.structure.pages", "mkdocs.structure.files", "mkdocs.structure.nav")


class _NameTheRecord(logging.Filter):
    def __init__(self, sources: dict[str, str]):
        super().__init__()
        self.sources = sources  # page src_uri → record file

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        for src_uri, path in self.sources.items():
            if f"'{src_uri}'" in message:
                record.msg, record.args = f"{path}: {message} (sidan byggs från {path})", ()
                break
        return True


def name_records_in_warnings(sources: dict[str, str]) -> None:
    """From now on, a warning that names one of ``sources``' pages also names its file."""
    for name in _LOGGERS:
        logger = logging.getLogger(name)
        for old in [f for f in logger.filters if isinstance(f, _NameTheRecord)]:
            logger.removeFilter(old)
        logger.addFilter(_NameTheRecord(sources))


def refuse_second_source(files: Files, path: str, source: str) -> None:
    """Stop if ``path`` already has a page or file from content/."""
    if files.get_file_from_path(path) is not None:
        raise PluginError(f"content/{path}: {source} skriver samma adress; döp om den ena")


def refuse_links_out(files: Files, docs_dir: str, root: Path) -> None:
    """Stop if a file of content/ is a symbolic link to something outside the project."""
    inside = root.resolve()
    for file in files:
        if file.src_dir == docs_dir and not Path(file.abs_src_path).resolve().is_relative_to(inside):
            raise PluginError(f"content/{file.src_uri}: en symbolisk länk till något utanför "
                              "projektet publiceras inte; lägg filen i projektet i stället")
