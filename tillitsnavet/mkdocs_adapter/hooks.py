"""The MkDocs events of the hub: records in, pages and files out, by documented API only.

Listed under ``hooks:`` in mkdocs.yml, so plain ``mkdocs build`` and ``serve`` run the
whole hub. Each event hands over to the rooms below; a build's state is one `Hub` on
the config, what only ``serve`` needs one `Preview` (preview.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from tillitsnavet.mkdocs_adapter.preview import Preview
from tillitsnavet.mkdocs_adapter.sources import add_generated, refuse_unpublishable
from tillitsnavet.publish.dcat import CatalogueError
from tillitsnavet.publish.files import list_pages, site_files
from tillitsnavet.publish.search_aids import synonym_groups
from tillitsnavet.publish.search_index import SearchIndexError, build_search_index, searchable
from tillitsnavet.publish.sitemap import sitemap_entries, write_sitemap
from tillitsnavet.publish.structured_data import page_head, share_preview
from tillitsnavet.records.catalog import Catalog, load_catalog
from tillitsnavet.records.problems import format_problems
from tillitsnavet.render.contact import Contact, contact_from_setting
from tillitsnavet.render.passthrough import hold, release
from tillitsnavet.render.renderer import Renderer
from tillitsnavet.render.site import record_pages

#: The one key of config.extra the hooks use; the templates in overrides/ read it too.
HUB = "_tillitsnavet"


@dataclass
class Hub:
    """One build's state between MkDocs' events: config.extra[HUB], completed in on_config."""

    catalog: Catalog | None = None  # build.py hands in the one its check loaded
    renderer: Renderer | None = None
    contact: Contact | None = None  # extra.kontakt, checked (overrides/partials/copyright.html)
    site_share: dict[str, str] | None = None  # a Page-less page's, 404.html (overrides/main.html)
    held: dict[str, list[str]] = field(default_factory=dict)  # src_uri → HTML kept from Markdown


#: The preview of a ``serve`` process, or None in a build: MkDocs keeps this module across
#: serve's rebuilds, so the one state it forces on us is set once per process, in on_startup.
_preview: Preview | None = None


def on_startup(command: str, dirty: bool) -> None:
    global _preview
    _preview = Preview(dirty) if command == "serve" else None


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    hub = config.extra[HUB] = config.extra.get(HUB) or Hub()
    if hub.catalog is None:
        hub.catalog, problems = load_catalog(_root(config), _preview.memo if _preview else None)
        if _preview is not None:
            _preview.show_problems(problems)  # the valid records are shown, the problems on top
        elif problems:
            raise PluginError("Posterna har fel:\n" + format_problems(problems))
    hub.catalog = hub.catalog if _preview else hub.catalog.published()  # drafts: preview only
    try:
        hub.contact = contact_from_setting(config.extra.get("kontakt"))
    except ValueError as error:
        raise PluginError(str(error)) from None
    hub.renderer = Renderer(
        _root(config) / "macros", hub.catalog, directory_urls=config.use_directory_urls,
        site_url=config.site_url or "", bytecode_cache=_preview.templates if _preview else None,
        contact=hub.contact, cards=_preview.cards(_root(config)) if _preview else None)
    hub.site_share = share_preview(None, None, True, None, config.site_name,
                                   config.site_description or "", config.site_url or "")
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    refuse_unpublishable(files, config.docs_dir, config.theme.dirs)
    hub = config.extra[HUB]
    lists = lambda: list_pages(hub.renderer, Path(config.docs_dir))  # noqa: E731
    site_wide = lambda: site_files(hub.catalog, config.site_url or "", hub.contact,  # noqa: E731
                                   config.use_directory_urls, config.site_name,
                                   config.site_description or "")
    try:
        if _preview is None:
            pages, others, unchanged = record_pages(hub.renderer), {**lists(), **site_wide()}, set()
        else:
            pages, others, unchanged = _preview.outputs(hub.renderer, _root(config), files,
                                                        config.site_url or "", lists, site_wide)
    except CatalogueError as error:
        raise PluginError(str(error)) from None
    add_generated(files, config, pages, others, unchanged)
    return files


def on_env(env, config: MkDocsConfig, files: Files):
    if _preview is not None:  # Material's templates compiled once per preview
        env.bytecode_cache = _preview.templates
    return env


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    hub, here = config.extra[HUB], page.file.src_uri
    try:
        if not page.file.generated_by:
            markdown = hub.renderer.shortcodes(markdown, here)
    except KeyError as name:
        raise PluginError(f"content/{here}: okänd kortkod 'hub:{name.args[0]}'") from None
    markdown, hub.held[here] = hold(markdown)
    return markdown


def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    hub = config.extra[HUB]
    html_text = release(html_text, hub.held.pop(page.file.src_uri, []))
    page.meta.update(page_head(
        page.file.src_uri, hub.renderer.record_at(page.file.src_uri), page.title,
        page.meta.get("description"), page.is_homepage, page.canonical_url,
        config.site_url or "", config.site_name, config.site_description or ""))
    if page.meta.get("robots") != "noindex":  # the editors' report stays out of search
        html_text = searchable(html_text, hub.renderer.search_meta(page.file.src_uri))
    if _preview is not None:  # the problems, read by the page from a file each rebuild rewrites
        html_text = _preview.banner(config.site_url or "") + html_text
    return html_text


def on_post_build(config: MkDocsConfig) -> None:
    site_dir, catalog = Path(config.site_dir), config.extra[HUB].catalog
    if _preview and not _preview.after_build(site_dir, _root(config), config.use_directory_urls):
        return  # the search index and the sitemap stay as the preview made them at its start
    try:
        build_search_index(site_dir, synonym_groups(catalog.reference.lists.get("synonymer", [])))
    except SearchIndexError as error:
        raise PluginError(str(error)) from None
    # MkDocs' own sitemap dates every page with the build; use the records' review dates
    write_sitemap(site_dir, config.site_url or "", sitemap_entries(
        catalog, _root(config), Path(config.docs_dir), site_dir, config.use_directory_urls))


def on_serve(server, config: MkDocsConfig, builder):
    if _preview is not None:
        _preview.server = server
    return server
