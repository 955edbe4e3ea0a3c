"""The only module that knows MkDocs: records in, virtual pages out.

Listed under ``hooks:`` in mkdocs.yml, so plain ``mkdocs build`` and
``mkdocs serve`` run the whole hub. MkDocs caches this module across
``serve`` rebuilds, so it keeps no state of its own: each build's catalog
lives on that build's config object.
"""

from __future__ import annotations

import html
import logging
import os
import re
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from tillitsnavet.catalog import load_catalog
from tillitsnavet.extras import REPORT_PAGE, extra_files
from tillitsnavet.problems import format_problems
from tillitsnavet.quality import quality_report
from tillitsnavet.render import Renderer
from tillitsnavet.search_index import SearchIndexError, build_search_index, searchable
from tillitsnavet.sitemap import sitemap_entries, write_sitemap

log = get_plugin_logger("tillitsnavet")

_SHORTCODE = re.compile(r"^<!--\s*hub:(\w+)\s*([\w-]*)\s*-->\s*$", re.MULTILINE)


#: Set once per process by on_startup; the only module-level state, and it
#: never changes during a process (MkDocs' own recommendation for is_serve).
_serving = False


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


class _PointToRecord(logging.Filter):
    """Adds the YAML file to MkDocs' warnings about a generated page.

    MkDocs names the virtual page ('forsok/kalmar.md'), which the editor
    never sees; the record's file is what has to be fixed.
    """

    def __init__(self, sources: dict[str, str]):
        super().__init__()
        self.sources = sources

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        for src_uri, path in self.sources.items():
            if f"'{src_uri}'" in message:
                record.msg, record.args = f"{path}: {message} (sidan byggs från {path})", ()
                break
        return True


def _point_warnings_to_records(sources: dict[str, str]) -> None:
    for name in ("mkdocs.structure.pages", "mkdocs.structure.files", "mkdocs.structure.nav"):
        logger = logging.getLogger(name)
        for old in [f for f in logger.filters if isinstance(f, _PointToRecord)]:
            logger.removeFilter(old)  # serve rebuilds: one filter, with this build's records
        logger.addFilter(_PointToRecord(sources))


def _renderer(config: MkDocsConfig) -> Renderer:
    return config["extra"]["_tillitsnavet"]


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).parent
    catalog, problems = load_catalog(root)
    config["extra"]["_tillitsnavet_problem"] = []
    if problems:
        report = format_problems(problems)
        if not _serving:
            raise PluginError("Posterna har fel:\n" + report)
        # In the preview a failed build would leave the browser hanging; show
        # the valid records instead, with the problems on top of every page.
        # Printed, not logged: in strict mode a logged error aborts the build.
        lines = report.splitlines()
        lines[-1] = lines[-1].replace("Inget har publicerats.", "Poster med fel visas inte.")
        print("\n".join(lines), file=sys.stderr, flush=True)
        config["extra"]["_tillitsnavet_problem"] = lines
    _point_warnings_to_records({r.src_uri: r.path for r in catalog.all()})
    config["extra"]["_tillitsnavet"] = Renderer(root / "macros", catalog,
                                                directory_urls=config.use_directory_urls,
                                                site_url=config.site_url or "")
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    # two or more cores render the record pages in parallel (never in serve: it has threads)
    processes = 1 if _serving else min(4, len(os.sched_getaffinity(0)))
    for page in _renderer(config).record_pages(processes):
        file = File.generated(
            config, page.src_uri, content=page.markdown,
            inclusion=InclusionLevel.DRAFT if page.draft else InclusionLevel.NOT_IN_NAV,
        )
        file.edit_uri = page.edit_path  # "Redigera" opens the YAML record
        files.append(file)
    for page in _renderer(config).extra_pages():  # the tag index
        files.append(File.generated(config, page.src_uri, content=page.markdown,
                                    inclusion=InclusionLevel.NOT_IN_NAV))
    # Open data, the Atom feed and redirects at old addresses (see tillitsnavet/extras.py)
    renderer = _renderer(config)
    for path, content in extra_files(renderer.catalog, config.site_url or "",
                                     config.use_directory_urls, config.site_name).items():
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"content/{path}: bygget skriver en fil med samma namn; byt namn på din")
        files.append(File.generated(config, path, content=content))
    report = quality_report(renderer.catalog, docs_dir=Path(config.docs_dir))
    page = renderer.env.get_template("kvalitet.md.j2").module.sida(report, REPORT_PAGE)
    files.append(File.generated(config, REPORT_PAGE, content=str(page).lstrip(),
                                inclusion=InclusionLevel.NOT_IN_NAV))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.generated_by:
        return markdown
    renderer = _renderer(config)

    def expand(match: re.Match) -> str:
        try:
            return renderer.shortcode(match.group(1), match.group(2), page.file.src_uri)
        except KeyError:
            raise PluginError(f"content/{page.file.src_uri}: okänd kortkod "
                              f"'hub:{match.group(1)}'") from None

    return _SHORTCODE.sub(expand, markdown)


def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.meta.get("robots") != "noindex":  # the editors' report stays out of search
        html_text = searchable(html_text, _renderer(config).search_meta(page.file.src_uri))
    problems = config["extra"].get("_tillitsnavet_problem")
    if not problems:
        return html_text
    items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in problems[:-1])
    banner = (f'<div class="admonition failure" role="alert"><p class="admonition-title">'
              f"Förhandsvisning: {html.escape(problems[-1])}</p><ul>{items}</ul></div>")
    return banner + html_text


def on_post_build(config: MkDocsConfig) -> None:
    try:
        build_search_index(Path(config.site_dir))
    except SearchIndexError as error:
        raise PluginError(str(error)) from None
    # MkDocs' own sitemap dates every page with the build; use the records' review dates
    write_sitemap(Path(config.site_dir), config.site_url or "", sitemap_entries(
        _renderer(config).catalog, Path(config.config_file_path).parent, Path(config.docs_dir),
        Path(config.site_dir), config.use_directory_urls))
