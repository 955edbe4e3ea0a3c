"""The YAML loader's resolver, git's conflict markers, and the Markdown renderer's drops.

* A plain scalar's tag is found by a lookup (`_RecordLoader.resolve`); it
  must equal PyYAML's resolver with the two patterns the hub keeps.
* What the restricted Markdown renderer leaves out of a page is what
  `check` reports (records/markdown_field.py): whenever Python-Markdown in
  its stock configuration would make a link or an image that the page does
  not get, the renderer says so.
"""

from __future__ import annotations

import random
import re

import markdown
import pytest
import yaml

from tillitsnavet.records import yaml_loader as Y
from tillitsnavet.records import yaml_problems
from tillitsnavet.records.markdown_field import render


@pytest.mark.parametrize("value", ["", "~", "null", "Null", "NULL", "true", "True", "TRUE", "tRue",
                                   "false", "False", "FALSE", "yes", "no", "on", "1", "0x10", "1e3",
                                   "2017-02-17", "<<", "=", "x", "true x", " true"])
def test_the_resolver_gives_the_patterns_tags(value):
    loader = Y._RecordLoader("")
    try:
        for implicit in ((True, False), (False, True), (False, False)):
            assert loader.resolve(yaml.ScalarNode, value, implicit) == \
                yaml.resolver.BaseResolver.resolve(loader, yaml.ScalarNode, value, implicit)
        for kind in (yaml.SequenceNode, yaml.MappingNode):
            assert loader.resolve(kind, None, (True, False)) == \
                yaml.resolver.BaseResolver.resolve(loader, kind, None, (True, False))
    finally:
        loader.dispose()


_ELEMENT = re.compile(r"<(a|img)\b[^>]*>")


def test_whatever_the_page_leaves_out_is_reported():
    pieces = ["![", "[", "]", "(", ")", "!", "x", " ", "\n", "  ", "<", ">", "https://a.se", "#",
              "*", "- ", "1. ", "`", "\\", ":",
              "ftp://b", "javascript:c", "mailto:d@e.se?bcc=f", "mailto:g@h.se", "]:", "   [r]: ",
              "&#x202E;", "&amp;", "*", "[r]", "data:x", "<i@j.se>", "<https://k.se>"]
    rnd = random.Random(2021)
    texts = ["[SOU 2019:43 Med tillit följer\n  bättre resultat](javascript:x)", "![a](https://b.se)",
             "[r]: ftp://z\n\n[x][r]", "[a](mailto:a@b.se?bcc=c@d.se)", "a &#x202E; b"]
    texts += ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 30))) for _ in range(3000)]
    stock = markdown.Markdown()
    for text in texts:
        stock.reset()
        made = len(_ELEMENT.findall(stock.convert(text)))
        shown = render(text)
        kept = len(_ELEMENT.findall(shown.html))
        assert (made > kept) <= bool(shown.dropped), repr(text)
        if not re.search(r"[\[<&]", text):  # what check may skip (text_rules._COULD_DROP)
            assert made == 0 and not shown.dropped, repr(text)
        assert all(re.match(r'<a href="(https?://|&#109;&#97;|mailto:[^?"]+")', link)
                   for link in re.findall(r"<a [^>]*>", shown.html)), repr(text)
    forbidden = render("a &#x202E; b")
    assert "\u202e" not in forbidden.html.lower() and "202e" not in forbidden.html.lower()
    assert "RIGHT-TO-LEFT OVERRIDE (U+202E)" in forbidden.dropped[0]


def test_conflict_markers_are_named_at_their_first_line():
    lines = ["<<<<<<< HEAD", "=======", ">>>>>>> other", "||||||| base", "<<<<<<<", "a: b",
             "=======x", " =======", "titel: <<<<<<<"]
    rnd = random.Random(17)
    for _ in range(3000):
        text = "\n".join(rnd.choice(lines) for _ in range(rnd.randint(1, 6))) + "\n"
        expected = [text[: m.start()].count("\n") + 1 for m in yaml_problems._CONFLICT.finditer(text)]
        _, problems = yaml_problems.decode(text.encode(), "p.yml")
        found = problems[0].line if expected else None
        assert (found == expected[0]) if expected else not any(
            "konfliktmarkeringar" in p.message for p in problems), repr(text)
