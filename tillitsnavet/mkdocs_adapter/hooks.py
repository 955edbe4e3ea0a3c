"""The MkDocs events of the hub: records in, pages and files out.

Listed under ``hooks:`` in mkdocs.yml, so plain ``mkdocs build`` and
``mkdocs serve`` run the whole hub. Only documented events and API:
``on_config`` loads the records (a problem stops a build with PluginError),
``on_files`` adds the pages and files made from them (``File.generated``;
a build writes the files into the site at once),
``on_page_markdown`` expands the shortcodes of hand-written pages and holds
the pages' final HTML out of Markdown's way (render/passthrough.py),
``on_page_content`` puts it back, marks what search indexes and keeps the
page's HTML as UTF-8 until ``on_post_page`` puts it into the written page,
``on_post_build`` writes the search index and the sitemap. What only ``serve``
needs is on the one `Preview` object (preview.py).
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from tillitsnavet.editors.quality import REPORT_PAGE, report_page
from tillitsnavet.mkdocs_adapter.preview import Preview, UnchangedFile
from tillitsnavet.mkdocs_adapter.sources import (name_records_in_warnings, refuse_links_out,
                                                 refuse_second_source)
from tillitsnavet.publish.dcat import CatalogueError
from tillitsnavet.publish.files import site_files
from tillitsnavet.publish.search_aids import SynonymGroup, synonym_groups
from tillitsnavet.publish.search_index import SearchIndexError, build_search_index, searchable
from tillitsnavet.publish.sitemap import sitemap_entries, write_sitemap
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
#: Each page's HTML waiting to be written, from on_page_content to
#: on_post_page: src_uri → (its placeholder in page.content, the HTML as UTF-8).
_WAITING = "_tillitsnavet_sidor"
#: What page.content holds meanwhile (on_page_content says why): a comment
#: with a token new each build, which no page or front matter can contain.
_TOKEN = "_tillitsnavet_sidmarke"
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
    config.extra[_HELD], config.extra[_WAITING] = {}, {}
    config.extra[_TOKEN] = secrets.token_hex(16)
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


def on_files(files: Files, config: MkDocsConfig) -> Files:
    refuse_links_out(files, config.docs_dir, _root(config))
    renderer = _renderer(config)
    if _preview is None:
        pages, unchanged = record_pages(renderer), set()
        others = {**_list_outputs(config), **_file_outputs(config)}
    else:
        pages, others, unchanged = _preview.outputs(renderer, _root(config), files,
                                                    config.site_url or "",
                                                    lambda: _list_outputs(config),
                                                    lambda: _file_outputs(config))
    for page in pages:
        refuse_second_source(files, page.src_uri, page.edit_path)
        kind = UnchangedFile if page.src_uri in unchanged else File
        file = kind.generated(config, page.src_uri, content=_utf8(page.markdown),
                              inclusion=InclusionLevel.NOT_IN_NAV)
        file.edit_uri = page.edit_path  # "Redigera" opens the YAML record
        files.append(file)
    for path, content in others.items():
        refuse_second_source(files, path, "bygget")
        if path.endswith(".md") or _preview is not None:
            # A page, which MkDocs converts. The preview hands MkDocs its files
            # too: its quick rebuilds keep a file as the last good rebuild wrote
            # it, and one written here by a rebuild that failed later would
            # outlive an edit undone meanwhile (tests/test_serve.py).
            kind = UnchangedFile if path in unchanged else File
            files.append(kind.generated(config, path, content=_utf8(content), inclusion=(
                InclusionLevel.NOT_IN_NAV if path.endswith(".md") else InclusionLevel.UNDEFINED)))
        else:  # a build: into the site now rather than held until MkDocs copies it
            files.append(File.generated(config, path, abs_src_path=_written(config, path, content)))
    return files


def _written(config: MkDocsConfig, path: str, content: str | bytes) -> str:
    """Write a file made from the records into the site now; its path, for File.generated.

    MkDocs would hold its bytes until it copies the static files, after
    converting every page (the open data is 16 MB at 1,000 records); a file
    whose source is its own place in the site MkDocs leaves as it is (its
    copy_file allows for plugins that write into site_dir). A build writes
    into a fresh folder that replaces site/ only when the build succeeded
    (build.py), so a failed build publishes none of it.
    """
    target = Path(config.site_dir) / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(_utf8(content))
    return str(target)


def _utf8(content: str | bytes) -> bytes:
    # What MkDocs holds until it writes a file: a str with one letter beyond
    # Latin-1 ("—") takes two bytes a character, its UTF-8 about one (the
    # record pages' Markdown is 12 million characters at 1,000 records).
    # MkDocs decodes it as UTF-8.
    return content.encode("utf-8") if isinstance(content, str) else content


def on_env(env, config: MkDocsConfig, files: Files):
    if _preview is not None:  # Material's templates compiled once per preview
        env.bytecode_cache = _preview.templates
    return env


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.generated_by:
        if _preview is None:  # the page holds its own copy; a build never reads the file again
            page.file.content_string = ""
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
    if _preview is None:
        page.markdown = ""  # converted: a build never reads it again (memory at 10,000 records)
    if page.meta.get("robots") != "noindex":  # the editors' report stays out of search
        html_text = searchable(html_text, _renderer(config).search_meta(page.file.src_uri))
    if _preview is not None:  # the problems, read by the page from a file each rebuild rewrites
        html_text = _preview.banner(config.site_url or "") + html_text
    # MkDocs keeps every page's HTML from here until it writes the pages, all
    # of them at once; held as UTF-8 it takes half (a str with one "–" in it
    # takes two bytes a character). page.content holds a placeholder that
    # on_post_page replaces. The one thing the theme asks of page.content
    # (Material's partials/content.html) is whether it has an <h1>: the
    # placeholder answers as the page would.
    placeholder = f"<!--hub-sidan {config.extra[_TOKEN]}{' <h1' if '<h1' in html_text else ''}-->"
    config.extra[_WAITING][page.file.src_uri] = (placeholder, html_text.encode("utf-8"))
    return placeholder


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    placeholder, waiting = config.extra[_WAITING].pop(page.file.src_uri)
    held = waiting.decode("utf-8")
    # a build never reads a page's HTML again once it is written (memory, as above)
    page.content = held if _preview is not None else None
    return output.replace(placeholder, held, 1)


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
