"""Where each page comes from: one source per address, nothing from outside, named files.

* A page has one source: a hand-written page and a record (or a file the
  build writes) at the same address is an error naming both, never a silent
  choice (`add_generated`).
* What content/ holds is published only if it is a page or file of
  content/ itself: a symbolic link that resolves anywhere else (``.git``,
  a draft's YAML) stops the build, and so do a page that is not UTF-8 and
  a page whose front matter MkDocs cannot read, which it would publish as
  visible text (`refuse_unpublishable`). Records are read only from inside
  the project (records/catalog.py).
* A hand-written page or file at an address a later step writes (the
  sitemap, the search bundle) would be overwritten: the build stops
  (`refuse_unpublishable`).
* MkDocs' warnings about a record's page name the record's YAML file: MkDocs names the virtual page
  ('forsok/kalmar.md'), which the editor never sees. A standard logging
  filter on MkDocs' own loggers adds it; each build replaces the last one's
  (`add_generated`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import meta

from ..publish.search_index import BUNDLE
from ..publish.site_folder import OWN_SITE
from ..publish.sitemap import is_sitemap_file
from ..records.problems import filesystem_error
from ..render.renderer import GeneratedPage
from .preview import UnchangedFile

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


def refuse_unpublishable(files: Files, docs_dir: str, theme_dirs: list[str]) -> None:
    """Stop, naming every such file, if content/ holds something that must not be published."""
    content = Path(docs_dir).resolve()
    problems = []
    for file in files:
        if file.src_dir != docs_dir:
            continue
        where = f"content/{file.src_uri}"
        resolved = Path(file.abs_src_path).resolve()
        if not resolved.is_relative_to(content) or ".git" in resolved.parts:
            problems.append(f"{where}: en symbolisk länk till något utanför content/ publiceras "
                            "inte; lägg filen i content/ i stället")
            continue
        # a path the build writes after MkDocs copied content/
        if file.dest_uri == OWN_SITE or is_sitemap_file(file.dest_uri) or (
                file.dest_uri.split("/")[0] == BUNDLE):
            problems.append(f"{where}: bygget skriver själv /{file.dest_uri} och skulle skriva "
                            "över filen; döp om den")
        if file.is_documentation_page() or file.src_uri.endswith((".html", ".htm")):
            problems += _page_problems(Path(file.abs_src_path), where, theme_dirs)
    if problems:
        raise PluginError("\n".join(problems))


def _page_problems(page: Path, where: str, theme_dirs: list[str]) -> list[str]:
    """A hand-written page that is not UTF-8, whose front matter MkDocs cannot read, or
    that asks for a template the theme does not have."""
    try:
        text = page.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return [f"{where}: byte {error.start + 1} är inte UTF-8; spara om filen som UTF-8"]
    except OSError as error:
        return [f"{where}: sidan kan inte läsas ({filesystem_error(error)})"]
    # MkDocs' own reader: a front matter it cannot read it leaves on the page, as text
    body, data = meta.get_data(text)
    if meta.YAML_RE.match(text) and body == text:
        return [f"{where}: sidhuvudet mellan raderna --- kan inte läsas som YAML och skulle "
                "visas som text på sidan; rätta det (sätt text med kolon inom citattecken)"]
    template = data.get("template")
    if template is not None and not any((Path(d) / str(template)).is_file() for d in theme_dirs):
        return [f"{where}: mallen '{template}' (template: i sidhuvudet) finns varken i overrides/ "
                "eller i temat; rätta namnet eller ta bort raden"]
    return []


def add_generated(files: Files, config: MkDocsConfig, pages: Iterable[GeneratedPage],
                  others: dict[str, str | bytes], unchanged: set[str]) -> None:
    """Add the build's record pages and other pages and files; stop, naming both, where two
    would share an address.

    An address is shared when two files have the same source path or would be
    written to the same place of the site (``taggar.md`` and the generated
    ``taggar/index.md``). A generated record page is named by its YAML file,
    here and in MkDocs' warnings from now on. The paths in ``unchanged`` the
    preview's dirty rebuild leaves as they are.
    """
    records: dict[str, str] = {}  # record page → its YAML file

    def generated(path: str, content: str | bytes) -> File:
        inclusion = InclusionLevel.NOT_IN_NAV if path.endswith(".md") else InclusionLevel.UNDEFINED
        return (UnchangedFile if path in unchanged else File).generated(
            config, path, content=content, inclusion=inclusion)

    def record_page(page: GeneratedPage) -> File:
        file = generated(page.src_uri, page.markdown)
        file.edit_uri = records[page.src_uri] = page.edit_path  # "Redigera" opens the YAML file
        return file

    def name(file: File) -> str:
        return (file.edit_uri or "bygget") if file.generated_by else f"content/{file.src_uri}"

    by_source = {file.src_uri: file for file in files}
    by_place = {file.dest_uri: file for file in files}
    clashes = []
    for file in [*map(record_page, pages), *(generated(*item) for item in others.items())]:
        other = by_source.get(file.src_uri) or by_place.get(file.dest_uri)
        if other is not None:
            clashes.append(f"/{file.dest_uri}: {name(other)} och {name(file)} skriver samma "
                           "adress; döp om den ena")
            continue
        by_source[file.src_uri] = by_place[file.dest_uri] = file
        files.append(file)
    for logger in map(logging.getLogger, _LOGGERS):  # from now on, its warnings name the file
        for old in [f for f in logger.filters if isinstance(f, _NameTheRecord)]:
            logger.removeFilter(old)
        logger.addFilter(_NameTheRecord(records))
    if clashes:
        raise PluginError("\n".join(clashes))
