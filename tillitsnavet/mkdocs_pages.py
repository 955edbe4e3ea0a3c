"""Part of the MkDocs adapter: generated pages turned into HTML in the rendering worker.

MkDocs turns every page's Markdown into HTML itself, one page at a time, on
one core: at 10,000 records that is two thirds of a build. When the worker
that renders the record pages (ahead.py) is far enough ahead of MkDocs, it
has time to spare, and spends it on MkDocs' own conversion of the page it
just rendered (`Page.render`, with the build's configuration and files).
MkDocs then takes the converted page instead of converting it again, and
the two cores share MkDocs' slowest step (issue #7).

Nothing can differ from MkDocs converting the page itself: the conversion
is MkDocs' own code, and it is used only if the Markdown MkDocs has, after
every plugin, is the Markdown the worker converted, and MkDocs' files and
Markdown settings are still those the worker saw when it was forked. A
conversion that logged anything (a broken link, say) is not used: MkDocs
converts that page again here, so the warning is its own and counts in
strict mode. What the conversion set on the page goes over whole, with
references to files by name. test_bench.py builds a site with and without the worker and requires
every file to be the same to the byte.
"""

from __future__ import annotations

import io
import logging
import pickle
import weakref
from collections.abc import Hashable
from dataclasses import dataclass

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import meta

from tillitsnavet.cache import digest


#: The worker converts pages only when it is more than this share of its
#: jobs ahead of MkDocs: it must still have the lists and open data ready
#: when MkDocs gets to them, after the record pages. At 10,000 records MkDocs
#: then waited for the worker 1.3 to 2.1 s in all, in four builds.
CONVERT_LEAD_SHARE = 0.05


@dataclass(frozen=True)
class Converted:
    """A generated page as the worker's MkDocs converted it."""

    source: str  #: what MkDocs reads for the page (front matter and Markdown)
    markdown: str  #: digest of the Markdown after the plugins: what was converted
    state: bytes  #: what `Page.render` set on the page, pickled with files by name
    setting: str  #: digest of the files and Markdown settings the worker saw


def can_convert_ahead() -> bool:
    # With debug output on, MkDocs logs during every conversion and keeps
    # no links to anchors (pages.py): convert here, as MkDocs does.
    return logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG


def convert_ahead(config: MkDocsConfig, files: Files, key: Hashable, source: object) -> object:
    """In the worker: the page ``key`` converted by MkDocs, or ``source`` as it was."""
    if not (isinstance(key, tuple) and key[0] == "sida" and isinstance(source, str)):
        return source
    file = files.get_file_from_path(key[1])
    if file is None or not file.generated_by:
        return source
    said = _Listener()
    logger = logging.getLogger("mkdocs")
    handlers, propagate = logger.handlers, logger.propagate
    logger.handlers, logger.propagate = [said], False  # nothing printed twice, or from here
    own_page = file.page
    try:
        page = Page(None, file, config)  # the worker's copy of the file; MkDocs makes its own page
        page.markdown, page.meta = meta.get_data(source)  # as Page.read_source does
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config,
                                                        files=files)
        before = dict(vars(page))
        config._current_page = page  # as MkDocs sets it while it converts a page
        page.render(config, files)
    finally:
        config._current_page = None
        file.page = own_page  # the converted page goes over, not kept here
        logger.handlers, logger.propagate = handlers, propagate
    if said.heard:
        return source
    missing = object()
    state = {name: value for name, value in vars(page).items()
             if before.get(name, missing) is not value}
    buffer = io.BytesIO()
    _FilesByName(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(state)
    return Converted(source, _digest(page.markdown), buffer.getvalue(), setting(config, files))


def take_conversion(page: Page, converted: Converted) -> None:
    """Here: MkDocs' next ``page.render()`` takes the worker's conversion, if it still fits."""

    def render(config: MkDocsConfig, files: Files) -> None:
        del page.render  # the class's own method again
        fits = (_digest(page.markdown) == converted.markdown
                and setting(config, files) == converted.setting)
        if fits:
            try:
                state = _FilesFromName(io.BytesIO(converted.state), files).load()
            except (pickle.UnpicklingError, LookupError):
                state = None
            if state is not None:
                vars(page).update(state)
                return
        page.render(config, files)

    page.render = render  # on this page object only


def _digest(text: str) -> str:
    return digest(text.encode("utf-8", "surrogatepass"))


#: Digest of the settings a conversion depends on, per file list (once per build and process).
_settings: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def setting(config: MkDocsConfig, files: Files) -> str:
    """What a conversion depends on besides the Markdown: every file's place, the settings."""
    known = _settings.get(files)
    if known is None or known[0] != len(files):  # a file added since: digest again
        places = "\n".join(f"{file.src_uri}\0{file.url}\0{file.inclusion.name}" for file in files)
        settings = repr((config["markdown_extensions"], config["mdx_configs"],
                         config.use_directory_urls, config.validation))
        known = _settings[files] = (len(files), _digest(places + "\n" + settings))
    return known[1]


class _Listener(logging.Handler):
    def __init__(self):
        super().__init__()
        self.heard = False

    def emit(self, record: logging.LogRecord) -> None:
        self.heard = True


class _FilesByName(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, File):
            return obj.src_uri  # the build's own File object at the other end
        if isinstance(obj, Page):
            raise pickle.PicklingError("a page cannot go over")  # convert it there instead
        return None


class _FilesFromName(pickle.Unpickler):
    def __init__(self, data, files: Files):
        super().__init__(data)
        self._files = files

    def persistent_load(self, name):
        file = self._files.get_file_from_path(name)
        if file is None:
            raise LookupError(name)
        return file
