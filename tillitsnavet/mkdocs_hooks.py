"""The MkDocs adapter, with mkdocs_pages.py: records in, virtual pages out.

Listed under ``hooks:`` in mkdocs.yml, so plain ``mkdocs build`` and
``mkdocs serve`` run the whole hub. MkDocs caches this module across
``serve`` rebuilds, so it keeps no state of its own: each build's catalog
lives on that build's config object.
"""

from __future__ import annotations

import gc
import json
import logging
import re
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel, set_exclusions
from mkdocs.structure.pages import Page

from tillitsnavet import mkdocs_pages, preview
from tillitsnavet.ahead import Ahead
from tillitsnavet.cache import CACHE_DIR
from tillitsnavet.catalog import load_catalog, take_checked
from tillitsnavet.exports import record_files
from tillitsnavet.extras import REPORT_PAGE, extra_file_makers
from tillitsnavet.problems import format_problems
from tillitsnavet.quality import quality_report
from tillitsnavet.render import COMPILED_TEMPLATES, TAG_PAGE, GeneratedPage, Renderer
from tillitsnavet.search_index import SearchIndexError, build_search_index, searchable
from tillitsnavet.sitemap import page_path, sitemap_entries, write_sitemap
from tillitsnavet.text import forget_rendered_fields, store_used_fields, use_stored_fields

log = get_plugin_logger("tillitsnavet")

_SHORTCODE = re.compile(r"^<!--\s*hub:(\w+)\s*([\w-]*)\s*-->\s*$", re.MULTILINE)


#: Set once per process by on_startup, and never changed during a process
#: (MkDocs' own recommendation for is_serve).
_serving = False
#: True when the preview rewrites only modified pages (build_hub.py serve does)
_dirty = False
#: The preview's last rebuild, per output folder (only in serve).
_previews: dict[str, preview.PreviewState] = {}
#: Re-indexes the preview's search after a rebuild, in the background.
_indexer = preview.BackgroundIndexer(build_search_index)


def on_startup(command: str, dirty: bool) -> None:
    global _serving, _dirty
    _serving = command == "serve"
    _dirty = dirty
    if _serving and dirty:
        # A dirty build is exactly what the preview wants (preview.py decides
        # what is modified); MkDocs' warning about it would count as a
        # failure under strict mode.
        logging.getLogger("mkdocs.commands.build").addFilter(_DropDirtyWarning())


class _DropDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


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
    # The preview keeps line-marked records in memory between rebuilds (cache.py);
    # a build parses the records its check passed the quick way, without marks.
    catalog = None if _serving else take_checked(root)  # build_hub.py build has read them
    if catalog is None:
        catalog, problems = load_catalog(root, marks=_serving)
    else:
        problems = []
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
    if _serving:
        pages, outputs = _preview_outputs(config, files)
    else:
        pages, outputs, jobs = _build_outputs(config, files)
    for page in pages:
        file = File.generated(
            config, page.src_uri, content=page.markdown,
            inclusion=InclusionLevel.DRAFT if page.draft else InclusionLevel.NOT_IN_NAV,
        )
        file.edit_uri = page.edit_path  # "Redigera" opens the YAML record
        if not page.modified:
            file.is_modified = _unmodified  # the preview's dirty build skips it
        files.append(file)
    for path, (content, modified) in outputs.items():
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"content/{path}: bygget skriver en fil med samma namn; byt namn på din")
        file = File.generated(config, path, content=content, inclusion=InclusionLevel.NOT_IN_NAV
                              if path.endswith(".md") else InclusionLevel.UNDEFINED)
        if not modified:
            file.is_modified = _unmodified
        files.append(file)
    if not _serving:
        # MkDocs reads the pages in this order, the order the worker renders them in
        files = Files([file for file in files if file.generated_by]
                      + [file for file in files if not file.generated_by])
        set_exclusions(files, config)  # what MkDocs does next: the worker sees the files as it will
        _render_ahead(config, files, jobs)
    return files


#: A build's record pages and lists, rendered beside MkDocs (ahead.py); only in build.
_ahead: Ahead | None = None


def _build_outputs(config: MkDocsConfig, files: Files):
    """Build: the pages and files made from records, registered empty, and the jobs that make them.

    In the order MkDocs asks for them (`on_files` puts the generated pages
    first): the record pages, the pages made from all records, the lists of
    the hand-written pages (the explorer's is the slowest job, and is ready
    long before MkDocs gets there); the other files (open data, feed,
    redirects) are written last. `on_page_read_source`, `on_page_markdown`
    and `on_env` take the real content when MkDocs gets there. Drafts are
    not built, so not rendered.
    """
    renderer = _renderer(config)
    jobs = [(("sida", record.src_uri), partial(_record_markdown, renderer, record))
            for record in renderer.catalog.all() if not record.draft]
    makers = _catalog_makers(config)
    jobs += [(("sida", path), make) for path, make in makers.items() if path.endswith(".md")]
    for file in files.documentation_pages():
        if file.generated_by is None and file.src_uri.endswith(".md"):
            try:
                source = file.content_string
            except (OSError, UnicodeError):
                continue  # MkDocs says what is wrong with it when it reads the page
            for name, argument in _SHORTCODE.findall(source):
                jobs.append((("kortkod", name, argument, file.src_uri),
                             partial(renderer.shortcode, name, argument, file.src_uri)))
    jobs += [(("fil", path), make) for path, make in makers.items() if not path.endswith(".md")]
    pages = [GeneratedPage(record.src_uri, "", record.path, record.draft)
             for record in renderer.catalog.all()]
    return pages, {path: ("", True) for path in makers}, jobs


def _render_ahead(config: MkDocsConfig, files: Files, jobs) -> None:
    """Build: start rendering in a second process, with every file MkDocs will know."""
    global _ahead
    _stop_rendering()
    # The catalog and the templates stay until the build ends: out of the
    # garbage collector's sight, its full collections during MkDocs' build do
    # not walk them again and again (≈ 3 s at 10,000 records), and the fork
    # shares their memory instead of copying it to count references.
    gc.freeze()
    try:
        # Markdown fields the last build rendered come from its store, in
        # the process that renders; what this build used is kept for the next.
        store = Path(config.config_file_path).parent / CACHE_DIR
        _ahead = Ahead(jobs, folder=str(Path(config.site_dir).parent),
                       before=partial(use_stored_fields, store),
                       after=partial(store_used_fields, store),
                       spare=partial(mkdocs_pages.convert_ahead, config, files)
                       if mkdocs_pages.can_convert_ahead() else None,
                       lead=round(mkdocs_pages.CONVERT_LEAD_SHARE * len(jobs)))
    except BaseException:
        gc.unfreeze()
        raise


def _record_markdown(renderer: Renderer, record) -> str:
    return renderer.record_page(record).markdown


def _stop_rendering() -> None:
    global _ahead
    if _ahead is not None:
        _ahead.close()
        _ahead = None
        gc.unfreeze()  # a later build in this process frees this one's catalog
    forget_rendered_fields()  # the memo is for the preview; here each field was rendered once


def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    key = ("sida", page.file.src_uri)
    if _ahead is not None and page.file.generated_by and key in _ahead:
        result = _ahead.take(key)
        if isinstance(result, mkdocs_pages.Converted):  # the worker had time to convert it too
            mkdocs_pages.take_conversion(page, result)
            return result.source
        return result
    return None  # MkDocs reads the file's own content


def on_build_error(error: Exception) -> None:
    _stop_rendering()


def on_shutdown() -> None:
    _stop_rendering()


def _catalog_outputs(config: MkDocsConfig) -> dict[str, str | bytes]:
    """Pages and files made from all records together: site path → content."""
    return {path: make() for path, make in _catalog_makers(config).items()}


def _catalog_makers(config: MkDocsConfig) -> dict[str, Callable[[], str | bytes]]:
    """Pages and files made from all records together: site path → what makes it.

    The tag index, open data, the Atom feed, redirects at old addresses
    (tillitsnavet/extras.py) and the editors' quality report.
    """
    renderer = _renderer(config)
    makers: dict[str, Callable[[], str | bytes]] = {TAG_PAGE: renderer.tag_page}
    makers.update(extra_file_makers(renderer.catalog, config.site_url or "",
                                    config.use_directory_urls, config.site_name))
    makers[REPORT_PAGE] = partial(_quality_page, config)
    return makers


def _quality_page(config: MkDocsConfig) -> str:
    renderer = _renderer(config)
    report = quality_report(renderer.catalog, docs_dir=Path(config.docs_dir),
                            root=Path(config.config_file_path).parent)
    return str(renderer.env.get_template("kvalitet.md.j2").module.sida(report, REPORT_PAGE)).lstrip()


def _preview_outputs(config: MkDocsConfig, files: Files):
    """Serve: the record pages a save changed, and what else must be made again.

    A saved record is shown fast: this rebuild renders only the record pages
    whose content changed (preview.py) and that record's open data, and
    takes the rest from the last rebuild. The lists on hand-written pages
    and the files made from all records then follow in a second rebuild,
    asked for right after this one.
    """
    renderer = _renderer(config)
    state = _previews.get(config.site_dir)
    plan = preview.plan(renderer, state,
                        preview.shared_inputs_fingerprint(Path(config.config_file_path).parent))
    new = plan.state
    pages = []
    for record in renderer.catalog.all():
        if record.src_uri in plan.render:  # every page on a first or full rebuild
            pages.append(renderer.record_page(record))
        else:
            pages.append(GeneratedPage(record.src_uri, state.markdown[record.src_uri],
                                       record.path, record.draft, modified=False))
    new.markdown = {page.src_uri: page.markdown for page in pages}
    quick = state is not None and not plan.full and bool(plan.changed) and _dirty \
        and _can_rebuild_again()
    if quick:
        outputs = {path: (content, False) for path, content in state.extras.items()}
        for record in renderer.catalog.all():
            if record.src_uri in plan.changed:
                outputs.update((path, (content, True)) for path, content in
                               record_files(record, config.site_url or "").items())
        new.extras = {path: content for path, (content, _) in outputs.items()}
        new.lists_behind = True
    else:
        if state is None or plan.full or plan.changed or state.lists_behind:
            for file in files.documentation_pages():
                file.is_modified = _modified  # hand-written pages: their lists show every record
        new.extras = _catalog_outputs(config)
        before = {} if state is None or plan.full else state.extras
        # a file whose content is what the last rebuild wrote is not written again
        outputs = {path: (content, before.get(path) != content)
                   for path, content in new.extras.items()}
    config["extra"]["_tillitsnavet_preview"] = new
    return pages, outputs


def _modified() -> bool:
    return True


def _unmodified() -> bool:
    return False


def on_env(env, config: MkDocsConfig, files: Files):
    if _ahead is not None:  # every page is read; the files made from records are written next
        for file in files:
            if file.generated_by and ("fil", file.src_uri) in _ahead:
                content = _ahead.take(("fil", file.src_uri))
                if isinstance(content, bytes):
                    file.content_bytes = content
                else:
                    file.content_string = content
    if _serving:  # Material's templates compiled once per preview, not once per rebuild
        env.bytecode_cache = COMPILED_TEMPLATES
    return env


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.generated_by:
        if not _serving:
            # MkDocs has its own copy now; at 10,000 records the generated
            # Markdown held twice is a few hundred MB of the build's peak
            page.file.content_string = ""
        return markdown
    renderer = _renderer(config)

    def expand(match: re.Match) -> str:
        key = ("kortkod", match.group(1), match.group(2), page.file.src_uri)
        try:
            if _ahead is not None and key in _ahead:
                return _ahead.take(key)
            return renderer.shortcode(match.group(1), match.group(2), page.file.src_uri)
        except KeyError:
            raise PluginError(f"content/{page.file.src_uri}: okänd kortkod "
                              f"'hub:{match.group(1)}'") from None

    return _SHORTCODE.sub(expand, markdown)


def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not _serving:
        page.markdown = ""  # turned into HTML; nothing reads it again in a build
    if page.meta.get("robots") != "noindex":  # the editors' report stays out of search
        html_text = searchable(html_text, _renderer(config).search_meta(page.file.src_uri))
    if not _serving:
        return html_text
    # The preview's problems are read by the page from a file each rebuild
    # rewrites, so a pages built before a save still shows the latest ones.
    return _PREVIEW_BANNER.replace("PROBLEM_URL", urlsplit(config.site_url or "/").path
                                   + PREVIEW_PROBLEMS) + html_text


#: Where the preview writes its current problems (JSON), below the site root.
PREVIEW_PROBLEMS = "forhandsvisning.json"
_PREVIEW_BANNER = """<div id="hub-forhandsvisning" role="alert" data-pagefind-ignore></div>
<script>
fetch("PROBLEM_URL", {cache: "no-store"}).then(r => r.ok ? r.json() : null).then(d => {
  if (!d || !d.problem.length) return;
  const box = document.createElement("div"), title = document.createElement("p");
  box.className = "admonition failure";
  title.className = "admonition-title";
  title.textContent = "Förhandsvisning: " + d.sammanfattning;
  const list = document.createElement("ul");
  for (const line of d.problem) {
    const item = document.createElement("li"), code = document.createElement("code");
    code.textContent = line;
    item.append(code);
    list.append(item);
  }
  box.append(title, list);
  document.getElementById("hub-forhandsvisning").replaceChildren(box);
}).catch(() => {});
</script>
"""


def on_post_build(config: MkDocsConfig) -> None:
    site_dir = Path(config.site_dir)
    if _serving:
        _finish_preview(config)
        if config["extra"]["_tillitsnavet_preview"].lists_behind:
            return  # the second rebuild writes the sitemap
    else:
        if _ahead is not None:
            _ahead.finish()  # the field store is written by now, or wait until it is
        _stop_rendering()  # every page has been read
        _build_index(site_dir)
    # MkDocs' own sitemap dates every page with the build; use the records' review dates
    write_sitemap(site_dir, config.site_url or "", sitemap_entries(
        _renderer(config).catalog, Path(config.config_file_path).parent, Path(config.docs_dir),
        site_dir, config.use_directory_urls))


def _build_index(site_dir: Path) -> None:
    try:
        build_search_index(site_dir)
    except SearchIndexError as error:
        raise PluginError(str(error)) from None


def _finish_preview(config: MkDocsConfig) -> None:
    """Serve: the problems for the banner, stale pages out, the index in the background."""
    site_dir = Path(config.site_dir)
    root = Path(config.config_file_path).parent
    lines = config["extra"]["_tillitsnavet_problem"]
    (site_dir / PREVIEW_PROBLEMS).write_text(json.dumps(
        {"problem": lines[:-1], "sammanfattning": lines[-1] if lines else ""},
        ensure_ascii=False), encoding="utf-8")
    state: preview.PreviewState = config["extra"]["_tillitsnavet_preview"]
    previous = _previews.get(config.site_dir)
    for html_file in preview.removed_pages(previous, set(state.markdown), root):
        Path(html_file).unlink(missing_ok=True)
    if previous is not None and not state.lists_behind:  # files of records that are gone
        for path in set(previous.extras) - set(state.extras):
            (site_dir / page_path(path, config.use_directory_urls)[1]
             if path.endswith(".md") else site_dir / path).unlink(missing_ok=True)
    state.written = {uri: str(site_dir / page_path(uri, config.use_directory_urls)[1])
                     for uri in state.markdown}
    _previews[config.site_dir] = state
    if state.lists_behind:
        _rebuild_again()  # the lists and the files made from all records, next
    elif previous is None:
        _build_index(site_dir)  # the first build: search works when the preview opens
    else:
        _indexer.request(site_dir)


#: The preview's server (only in serve), to ask it for a second rebuild.
_live_server = None


def on_serve(server, config: MkDocsConfig, builder):
    global _live_server
    _live_server = server
    return server


def _can_rebuild_again() -> bool:
    # MkDocs 1.6's LiveReloadServer rebuilds when _want_rebuild is set under
    # _rebuild_cond (what its file watcher does); without those, one full
    # rebuild per save, as before.
    return hasattr(_live_server, "_rebuild_cond") and hasattr(_live_server, "_want_rebuild")


def _rebuild_again() -> None:
    with _live_server._rebuild_cond:
        _live_server._want_rebuild = True
        _live_server._rebuild_cond.notify_all()

