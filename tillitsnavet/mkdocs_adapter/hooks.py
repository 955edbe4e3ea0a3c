"""The MkDocs events of the hub: records in, pages and files out.

Listed under ``hooks:`` in mkdocs.yml, so plain ``mkdocs build`` and
``mkdocs serve`` run the whole hub. Only documented events and API:
``on_config`` loads the records (a problem stops a build with PluginError),
``on_files`` adds the pages and files made from them (``File.generated``),
``on_page_markdown`` expands the shortcodes of hand-written pages and holds
the pages' final HTML out of Markdown's way (render/passthrough.py),
``on_page_content`` puts it back and marks what search indexes,
``on_post_build`` writes the search index and the sitemap. What only ``serve``
needs is on the one `Preview` object (preview.py).
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from tillitsnavet.editors.quality import REPORT_PAGE, report_page
from tillitsnavet.mkdocs_adapter.preview import Preview, UnchangedFile
from tillitsnavet.mkdocs_adapter.sources import (add_generated, name_records_in_warnings,
                                                 refuse_unpublishable)
from tillitsnavet.publish.site_folder import MARK
from tillitsnavet.publish.dcat import CatalogueError
from tillitsnavet.publish.files import site_files
from tillitsnavet.publish.search_aids import SynonymGroup, synonym_groups
from tillitsnavet.publish.search_index import (BUNDLE, SearchIndexError, build_search_index,
                                               searchable)
from tillitsnavet.publish.sitemap import is_sitemap_file, sitemap_entries, write_sitemap
from tillitsnavet.publish.structured_data import page_head, share_preview
from tillitsnavet.records.catalog import load_catalog
from tillitsnavet.records.problems import format_problems
from tillitsnavet.render.contact import contact_from_setting
from tillitsnavet.render.passthrough import hold, release
from tillitsnavet.render.renderer import Renderer
from tillitsnavet.render.site import catalog_pages, record_pages

#: Where build.py puts the catalog its check loaded, so that on_config need not load it again.
CHECKED_CATALOG = "_tillitsnavet_katalog"
_RENDERER = "_tillitsnavet"
#: The HTML blocks held out of each page's Markdown (on_page_markdown) until
#: it is converted (on_page_content): src_uri → blocks.
_HELD = "_tillitsnavet_html"
_SHORTCODE = re.compile(r"^<!--\s*hub:(\w+)\s*([\w-]*)\s*-->\s*$", re.MULTILINE)

#: The preview of a ``serve`` process, or None in a build. MkDocs calls hooks
#: as module functions and keeps this module across serve's rebuilds: this is
#: the one state it forces on us, set once per process in on_startup.
_preview: Preview | None = None


def on_startup(command: str, dirty: bool) -> None:
    global _preview
    _preview = Preview(dirty) if command == "serve" else None


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent


def _renderer(config: MkDocsConfig) -> Renderer:
    return config.extra[_RENDERER]


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    catalog = config.extra.pop(CHECKED_CATALOG, None)
    if catalog is None:
        catalog, problems = load_catalog(_root(config), _preview.memo if _preview else None)
        if _preview is not None:
            _preview.show_problems(problems)  # the valid records are shown, the problems on top
        elif problems:
            raise PluginError("Posterna har fel:\n" + format_problems(problems))
    if _preview is None:
        catalog = catalog.published()  # drafts are shown in the preview only, marked "Utkast"
    name_records_in_warnings({record.src_uri: record.path for record in catalog.all()})
    try:
        contact = contact_from_setting(config.extra.get("kontakt"))
    except ValueError as error:
        raise PluginError(str(error)) from None
    config.extra["kontakt"] = contact.as_setting()  # the footer's (overrides/partials/copyright.html)
    config.extra[_RENDERER] = Renderer(
        _root(config) / "macros", catalog, directory_urls=config.use_directory_urls,
        site_url=config.site_url or "", bytecode_cache=_preview.templates if _preview else None,
        contact=contact, cards=_preview.cards(_root(config)) if _preview else None)
    config.extra[_HELD] = {}
    # The share preview of a page MkDocs renders without a Page (404.html): the site's own.
    config.extra["hub_og_webbplats"] = share_preview(None, None, True, None, config.site_name,
                                                     config.site_description or "",
                                                     config.site_url or "")
    return config


def _list_outputs(config: MkDocsConfig) -> dict[str, str | bytes]:
    """Pages and files that list all records for readers: site path → content."""
    renderer = _renderer(config)
    outputs: dict[str, str | bytes] = dict(catalog_pages(renderer))
    outputs[REPORT_PAGE] = report_page(renderer, Path(config.docs_dir))
    return outputs


def _file_outputs(config: MkDocsConfig) -> dict[str, str | bytes]:
    """The files made from all records that are not pages (open data, feed, ...)."""
    contact = contact_from_setting(config.extra["kontakt"])  # on_config checked it
    try:
        return site_files(_renderer(config).catalog, config.site_url or "", contact,
                          config.use_directory_urls, config.site_name,
                          config.site_description or "")
    except CatalogueError as error:
        raise PluginError(str(error)) from None


def _written_later(path: str) -> bool:
    """Whether a build writes ``path`` of the site after MkDocs copied content/."""
    return path == MARK or is_sitemap_file(path) or path.split("/")[0] == BUNDLE


def on_files(files: Files, config: MkDocsConfig) -> Files:
    refuse_unpublishable(files, config.docs_dir, _written_later, config.theme.dirs)
    renderer = _renderer(config)
    if _preview is None:
        pages, unchanged = record_pages(renderer), set()
        others = {**_list_outputs(config), **_file_outputs(config)}
    else:
        pages, others, unchanged = _preview.outputs(renderer, _root(config), files,
                                                    config.site_url or "",
                                                    lambda: _list_outputs(config),
                                                    lambda: _file_outputs(config))
    generated = []
    for page in pages:
        kind = UnchangedFile if page.src_uri in unchanged else File
        file = kind.generated(config, page.src_uri, content=page.markdown,
                              inclusion=InclusionLevel.NOT_IN_NAV)
        file.edit_uri = page.edit_path  # "Redigera" opens the YAML record
        generated.append(file)
    for path, content in others.items():
        kind = UnchangedFile if path in unchanged else File
        generated.append(kind.generated(config, path, content=content, inclusion=(
            InclusionLevel.NOT_IN_NAV if path.endswith(".md") else InclusionLevel.UNDEFINED)))
    add_generated(files, generated)
    return files


def on_env(env, config: MkDocsConfig, files: Files):
    if _preview is not None:  # Material's templates compiled once per preview
        env.bytecode_cache = _preview.templates
    return env


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.generated_by:
        return _hold(markdown, page, config)
    renderer = _renderer(config)

    def expand(match: re.Match) -> str:
        try:
            return renderer.shortcode(match.group(1), match.group(2), page.file.src_uri)
        except KeyError:
            raise PluginError(f"content/{page.file.src_uri}: okänd kortkod "
                              f"'hub:{match.group(1)}'") from None

    return _hold(_SHORTCODE.sub(expand, markdown), page, config)


def _hold(markdown: str, page: Page, config: MkDocsConfig) -> str:
    markdown, blocks = hold(markdown)
    config.extra[_HELD][page.file.src_uri] = blocks
    return markdown


def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    html_text = release(html_text, config.extra[_HELD].pop(page.file.src_uri, []))
    page.meta.update(page_head(
        page.file.src_uri, _renderer(config).record_at(page.file.src_uri), page.title,
        page.meta.get("description"), page.is_homepage, page.canonical_url,
        config.site_url or "", config.site_name, config.site_description or ""))
    if page.meta.get("robots") != "noindex":  # the editors' report stays out of search
        html_text = searchable(html_text, _renderer(config).search_meta(page.file.src_uri))
    if _preview is not None:  # the problems, read by the page from a file each rebuild rewrites
        html_text = _preview.banner(config.site_url or "") + html_text
    return html_text


def _synonyms(config: MkDocsConfig) -> list[SynonymGroup]:
    return synonym_groups(_renderer(config).catalog.reference.lists.get("synonymer", []))


def on_post_build(config: MkDocsConfig) -> None:
    site_dir = Path(config.site_dir)

    def sitemap() -> None:
        # MkDocs' own sitemap dates every page with the build; use the records' review dates
        write_sitemap(site_dir, config.site_url or "", sitemap_entries(
            _renderer(config).catalog, _root(config), Path(config.docs_dir), site_dir,
            config.use_directory_urls))

    try:
        if _preview is not None:
            _preview.synonyms = _synonyms(config)
            _preview.after_build(site_dir, _root(config), config.use_directory_urls, sitemap)
            return
        build_search_index(site_dir, _synonyms(config))
        sitemap()
    except SearchIndexError as error:
        raise PluginError(str(error)) from None


def on_serve(server, config: MkDocsConfig, builder):
    if _preview is not None:
        _preview.server = server
    return server
