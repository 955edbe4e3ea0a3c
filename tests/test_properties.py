"""Property-based tests (Hypothesis): no input can crash the loader or escape the escaping."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import markdown
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO
from tillitsnavet.records.problems import Problem
from tillitsnavet.records.reference import load_reference
from tillitsnavet.records.schema_check import Schemas, schema_problems
from tillitsnavet.records.semantic import check_record
from tillitsnavet.render.text import block, inline
from tillitsnavet.records.characters import FORBIDDEN as _FORBIDDEN
from tillitsnavet.records.yaml_loader import load_bytes, load_text

SCHEMAS = Schemas(REPO / "schemas")
REFERENCE, _ = load_reference(REPO, SCHEMAS)
# The Markdown extensions the site itself uses (mkdocs.yml), so the round trip
# goes through the same parser as a real page.
SITE_MARKDOWN = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8").split("nav:")[0]
                               .replace("!!python", ""))["markdown_extensions"]


def _site_markdown() -> markdown.Markdown:
    names, configs = [], {}
    for entry in SITE_MARKDOWN:
        if isinstance(entry, dict):
            (name, config), = entry.items()
            names.append(name)
            configs[name] = config or {}
        else:
            names.append(entry)
    return markdown.Markdown(extensions=names, extension_configs=configs)


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text += data


def _check_all(data, path="pilots/x.yml") -> list[Problem]:
    problems = schema_problems(data, SCHEMAS, "forsok.schema.json", path)
    if isinstance(data, dict):
        problems += check_record(data, path, REFERENCE)
    return problems


def _assert_swedish_problems(problems):
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.path and problem.message
        assert "Traceback" not in problem.message


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_random_bytes_never_crash_the_loader(raw: bytes):
    data, problems = load_bytes(raw, "pilots/slump.yml")
    _assert_swedish_problems(problems)
    if data is not None:
        _assert_swedish_problems(_check_all(data))


_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                     st.text(max_size=30), st.dates().map(str))
_structures = st.recursive(
    _scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(["titel", "sektorer", "period", "start", "slut", "källor",
                                         "url", "kommun", "län", "principer", "x"]) | st.text(max_size=8),
                        children, max_size=5)),
    max_leaves=25)


@settings(max_examples=300, deadline=None)
@given(_structures)
def test_random_structures_give_problems_not_exceptions(value):
    text = yaml.safe_dump(value, allow_unicode=True)
    data, problems = load_text(text, "pilots/slump.yml")
    _assert_swedish_problems(problems)
    if data is not None:
        _assert_swedish_problems(_check_all(data))


# Text a record can hold: the loader already refuses control and bidi characters.
_record_text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=80) \
    .filter(lambda s: s.strip() and not _FORBIDDEN.search(s))


@settings(max_examples=400, deadline=None)
@given(_record_text)
def test_any_plain_text_renders_as_exactly_that_text(value):
    """inline() → the site's Markdown → HTML shows the characters typed and no element."""
    html = _site_markdown().convert(f"{inline(value)}")
    parsed = _Elements()
    parsed.feed(html)
    parsed.close()
    assert [t for t, _ in parsed.tags if t != "p"] == []
    assert parsed.text.strip() == " ".join(value.split())


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_markdown_fields_never_yield_script_handlers_or_unsafe_links(value):
    parsed = _Elements()
    parsed.feed(str(block(value)))
    parsed.close()
    for tag, attrs in parsed.tags:
        assert tag in {"div", "p", "em", "strong", "a", "span", "ul", "ol", "li", "h3", "h4", "h5",
                       "h6", "code", "pre", "blockquote", "hr", "br"}, tag
        assert not any(name.startswith("on") for name in attrs)
        if tag == "a":
            assert attrs["href"].lower().startswith(("http:", "https:", "mailto:")), attrs


_segment = st.sampled_from(["forsok", "forum", "utforska", "index.md", "kalmar", "a", "å-ä", "x.html"])


@given(st.lists(_segment, max_size=5), st.lists(_segment, max_size=5))
def test_fast_relative_links_equal_posixpath_relpath(to, start):
    import posixpath

    from tillitsnavet.render.links import relative

    path, base = "/".join(to) or ".", "/".join(start) or "."
    assert relative(path, base) == posixpath.relpath(path, base)
