"""MkDocs' warnings about a record's page name the record's YAML file.

MkDocs names the virtual page ('forsok/kalmar.md'), which the editor never
sees; the record's file is what has to be fixed. A standard logging filter
on MkDocs' own loggers adds it; each build replaces the last build's filter,
so serve's rebuilds name the records of that rebuild.
"""

from __future__ import annotations

import logging

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
