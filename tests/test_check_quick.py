"""The check's quick paths give what the plain ones give (issue #21).

`yaml_loader` builds a record in one walk (`_quick_document`) and resolves a
plain scalar's tag by a lookup (`_RecordLoader.resolve`); both must equal the
standard constructor and resolver on every shipped, broken and generated
record and on odd documents: the same data, the same line marks, the same
problems in the same order. `text_rules` finds links with a pattern that
searches fast; it must find what the pattern with the optional "!" found.
"""

from __future__ import annotations

import html
import random
import re
import sys
import unicodedata

import pytest
import yaml

from conftest import REPO
from tillitsnavet.records import text_rules
from tillitsnavet.records import yaml_loader as Y

sys.path.insert(0, str(REPO / "bench"))

ODD = [
    "a: 1\na: 2\n", "? [x]\n: 1\n", "? {a: b}\n: c\n", "~: 1\n", "true: x\n", "a: !!int 5\n",
    "a: !!bool yes\n", "a: !!bool true\n", "a: !!null x\n", "a: !!str\n  b: c\n", "a: !!map x\n",
    "a: !foo x\n", "- a\n- !!seq x\n", "plain\n", "- 1\n- - 2\n  - 3\n", "a: [1, {b: c}, [d]]\n",
    "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 14)) + "  " * 14 + "v\n",
    "a: &x 1\nb: *x\n", "a: 'Q&A'\n", "a: TRUE\nb: False\nc: null\nd: ~\ne:\nf: Null\ng: NULL\n",
    "a: yes\nb: no\nc: on\n", "<<: {a: b}\n", "a: 2017-02-17\nb: 0701\nc: 1e3\n",
    "{a: 1, a: 2, ? x}\n", "a: !!binary aGk=\n", "- !!timestamp 2001-12-14\n", "[a, b]: c\n",
    "a: 1\n? a\n", "a:\n  - b: 1\n    b: 2\n", "a: \"true\"\nb: 'null'\nc: |\n  true\n",
]


def _standard(text: str, path: str):
    """load_text with the quick construction switched off."""
    def refuse(*_args):
        raise Y._Unusual

    real, Y._quick_document = Y._quick_document, refuse
    try:
        return Y.load_text(text, path)
    finally:
        Y._quick_document = real


def _plain(value):
    """Data and every mark, as plain values that compare."""
    if isinstance(value, Y.LineDict):
        return ("map", value.mark, [(k, value.marks.get(k), _plain(v)) for k, v in value.items()])
    if isinstance(value, Y.LineList):
        return ("seq", value.mark, list(value.item_marks), [_plain(v) for v in value])
    return (type(value).__name__, value)


def _documents():
    for pattern in ("pilots/*.yml", "data/**/*.yml", "tests/broken/**/*.yml"):
        for file in sorted(REPO.glob(pattern)):
            yield file.name, file.read_bytes().decode("utf-8", "replace")
    yield from ((f"odd-{i}", text) for i, text in enumerate(ODD))
    rnd = random.Random(21)
    atoms = ["x", "'q'", "true", "~", "", "!!str s", "!!int 3", "[a, b]", "{k: v, k: w}", "k",
             "Null", "FALSE"]
    for i in range(1500):
        lines = [f"{rnd.choice(['a', 'b', 'a', 'true', '~', '[x]', 'c'])}: {rnd.choice(atoms)}"
                 for _ in range(rnd.randint(1, 5))]
        yield f"random-{i}", "\n".join(lines) + "\n"


def test_quick_construction_equals_pyyaml_constructor(tmp_path):
    from generate import generate

    project = tmp_path / "hub"
    generate(project, 60)
    generated = [(f.name, f.read_text(encoding="utf-8"))
                 for f in sorted(project.glob("**/*.yml")) if "pilots" in f.parts or "data" in f.parts]
    compared = 0
    for name, text in [*_documents(), *generated]:
        quick, standard = Y.load_text(text, name), _standard(text, name)
        assert _plain(quick[0]) == _plain(standard[0]) and quick[1] == standard[1], name
        compared += 1
    assert compared > 1600


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


_OLD_LINK = re.compile(r"(!?)\[[^\]\n]*\]\(\s*<?([^)\s>]*)")


def _old_markdown_problems(text: str) -> list[str]:
    """markdown_problems as written before: every link through the pattern with (!?)."""
    found = []
    for image, target in _OLD_LINK.findall(text):
        if image:
            found.append(f"bilder kan inte visas i texten (![…]({text_rules.excerpt(target)})); "
                         "ta bort bilden eller gör den till en länk")
        elif not text_rules._ALLOWED.match(target):
            found.append(text_rules._link_message(target))
    for target in text_rules._AUTOLINK.findall(text) + text_rules._REFERENCE.findall(text):
        if not text_rules._ALLOWED.match(target):
            found.append(text_rules._link_message(target))
    for entity in text_rules._ENTITY.findall(text):
        char = html.unescape(entity)
        if len(char) == 1 and Y.FORBIDDEN_CHARACTERS.match(char):
            found.append(f"{entity} blir det osynliga tecknet {unicodedata.name(char, '')} "
                         f"(U+{ord(char):04X}), som inte får finnas i en post; ta bort det")
    return found


def test_links_and_images_are_found_as_before():
    pieces = ["![", "[", "]", "(", ")", "!", "x", " ", "\n", "<", ">", "https://a.se", "ftp://b",
              "javascript:c", "mailto:d@e.se?bcc=f", "]:", "   [r]: ", "&#x202E;", "&amp;", "*"]
    rnd = random.Random(2021)
    texts = ["![a](b)", "!![a](b)", "[a](b)![c](d)", "[a](x![c](d)", "x![a](ftp://y)", "[r]: ftp://z",
             "  [r]: https://ok.se\n[s]: javascript:x", "<ftp://q> [a](<ftp://w>)"]
    texts += ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 30))) for _ in range(20_000)]
    for text in texts:
        assert text_rules.markdown_problems(text) == _old_markdown_problems(text), repr(text)


def test_conflict_markers_are_found_as_before():
    lines = ["<<<<<<< HEAD", "=======", ">>>>>>> other", "||||||| base", "<<<<<<<", "a: b",
             "=======x", " =======", "titel: <<<<<<<"]
    rnd = random.Random(17)
    for _ in range(3000):
        text = "\n".join(rnd.choice(lines) for _ in range(rnd.randint(1, 6))) + "\n"
        expected = [text[: m.start()].count("\n") + 1 for m in Y._CONFLICT.finditer(text)]
        _, problems = Y._decode(text.encode(), "p.yml")
        found = problems[0].line if expected else None
        assert (found == expected[0]) if expected else not any(
            "konfliktmarkeringar" in p.message for p in problems), repr(text)
