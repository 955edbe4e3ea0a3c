"""The pages and files the hub generates for a small hub equal the reviewed snapshots.

tests/golden/ holds the Markdown of every page and the content of every
generated file of a three-record hub, as MkDocs receives them. A change
that alters what is published fails here until the snapshots are
regenerated (``python tests/snapshots.py golden``) and the diff reviewed.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from snapshots import GOLDEN, golden_tree, tree_files


def test_generated_pages_and_files_equal_the_snapshots(tmp_path: Path):
    built, golden = tree_files(golden_tree(tmp_path)), tree_files(GOLDEN)
    assert sorted(built) == sorted(golden), "pages or files came or went"
    for name, content in golden.items():
        if built[name] != content:
            diff = "".join(difflib.unified_diff(
                content.decode(errors="replace").splitlines(True),
                built[name].decode(errors="replace").splitlines(True), name, name, n=2))
            raise AssertionError(f"{name} differs from tests/golden/ "
                                 f"(python tests/snapshots.py golden):\n{diff[:4000]}")
