"""The preview's plan: after a save, every record page whose content changed is rendered again.

The property that matters: a page the plan leaves out must be exactly the
page a full render would give. Each case edits a small hub in one way,
renders every page before and after, and compares that with the plan.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import VALID_PILOT, small_project
from tillitsnavet.records.catalog import load_catalog
from tillitsnavet.publish.files import own_files_followed
from tillitsnavet.render.changes import make_plan as plan
from tillitsnavet.publish.exports import record_files
from tillitsnavet.render.renderer import Renderer

#: Same county and sector as "ett-forsok" (so "Liknande poster" can pick it), and one that
#: shares nothing with it (place, sector, program, principle: renderer.TRAITS).
NEIGHBOUR = VALID_PILOT.replace("titel: Ett försök", "titel: Ett grannförsök")
FAR_AWAY = (VALID_PILOT.replace("titel: Ett försök", "titel: Ett norrländskt försök")
            .replace("kommun: Kalmar", "kommun: Kiruna").replace("län: Kalmar län", "län: Norrbottens län")
            .replace("organisation: Kalmar kommun", "organisation: Kiruna kommun")
            .replace("  - omsorg", "  - skola").replace("program: Försök Tillit", "program: Tillitsnätverket")
            .replace("principer: [tillit]", "principer: [kunskap]"))


def _hub(tmp_path: Path) -> Path:
    root = small_project(tmp_path / "hub")
    (root / "pilots" / "grannforsok.yml").write_text(NEIGHBOUR, encoding="utf-8")
    (root / "pilots" / "fjarran-forsok.yml").write_text(FAR_AWAY, encoding="utf-8")
    return root


def _render_all(root: Path) -> tuple[Renderer, dict[str, str]]:
    catalog, problems = load_catalog(root)
    assert not problems, problems
    renderer = Renderer(root / "macros", catalog)
    return renderer, {record.src_uri: renderer.record_page(record).markdown
                      for record in catalog.all()}


def _edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


EDITS = {
    "title of a pilot others name": lambda root: _edit(
        root, "pilots/ett-forsok.yml", "titel: Ett försök", "titel: Ett omdöpt försök"),
    "county of a pilot (it leaves its bucket)": lambda root: _edit(
        root, "pilots/grannforsok.yml", "kommun: Kalmar\nlän: Kalmar län",
        "kommun: Kiruna\nlän: Norrbottens län"),
    "a forum stops naming the pilot": lambda root: _edit(
        root, "data/forums/ett-forum.yml", "försök:\n  - ett-forsok\n", ""),
    "a new pilot in the same bucket": lambda root: (root / "pilots" / "nytt-forsok.yml").write_text(
        VALID_PILOT.replace("titel: Ett försök", "titel: Aaa nytt försök"), encoding="utf-8"),
    "a pilot deleted": lambda root: (root / "pilots" / "grannforsok.yml").unlink(),
    "body text only": lambda root: _edit(
        root, "pilots/fjarran-forsok.yml", "sammanfattning: Ett kort försök.",
        "sammanfattning: Ett längre försök."),
}


@pytest.mark.parametrize("edit", EDITS, ids=list(EDITS))
def test_pages_left_out_of_a_rebuild_are_unchanged(tmp_path, edit):
    root = _hub(tmp_path)
    before_renderer, before = _render_all(root)
    state = plan(before_renderer, None, "inputs").state
    state.markdown = before

    EDITS[edit](root)
    after_renderer, after = _render_all(root)
    rebuild = plan(after_renderer, state, "inputs")

    changed_pages = {uri for uri in after if before.get(uri) != after[uri]}
    assert changed_pages <= rebuild.render, f"stale in the preview: {changed_pages - rebuild.render}"
    assert rebuild.render <= set(after)


def test_an_edit_does_not_rerender_unrelated_pages(tmp_path):
    root = _hub(tmp_path)
    before_renderer, before = _render_all(root)
    state = plan(before_renderer, None, "inputs").state
    state.markdown = before
    EDITS["title of a pilot others name"](root)
    after_renderer, _ = _render_all(root)
    rebuild = plan(after_renderer, state, "inputs")
    assert "forsok/ett-forsok.md" in rebuild.render
    assert {"forum/ett-forum.md", "exempel/ett-exempel.md"} <= rebuild.render  # they name it
    assert "forsok/fjarran-forsok.md" not in rebuild.render  # shares nothing with it
    assert not rebuild.full


def test_nothing_changed_renders_nothing_and_shared_inputs_render_all(tmp_path):
    root = _hub(tmp_path)
    renderer, pages = _render_all(root)
    state = plan(renderer, None, "inputs").state
    state.markdown = pages
    again, _ = _render_all(root)
    assert plan(again, state, "inputs").render == set()
    everything = plan(again, state, "macros were edited")
    assert everything.full and everything.render == set(pages)


def test_a_changed_record_s_own_file_follows_and_the_files_of_all_records_stay(tmp_path):
    root = _hub(tmp_path)
    before, _ = _render_all(root)
    records = {record.src_uri: record for record in before.catalog.all()}
    files = {**record_files_of(records.values()), "data/tillitsnavet.json": "as at the start"}
    EDITS["body text only"](root)
    EDITS["a pilot deleted"](root)
    after, _ = _render_all(root)
    now = {record.src_uri: record for record in after.catalog.all()}
    changed = {"forsok/fjarran-forsok.md", "forsok/grannforsok.md"}

    followed = own_files_followed(files, records, now, changed, "")

    assert "Ett längre försök" in followed["data/forsok/fjarran-forsok.json"]
    assert "data/forsok/grannforsok.json" not in followed
    assert followed["data/tillitsnavet.json"] == "as at the start"
    unrelated = "data/forsok/ett-forsok.json"
    assert followed[unrelated] is files[unrelated]  # left as it was, so not written again


def record_files_of(records) -> dict[str, str]:
    return {path: content for record in records
            for path, content in record_files(record, "").items()}


def test_cards_kept_between_rebuilds_follow_each_record_and_each_template(tmp_path):
    """The preview's card memo (Preview.cards) never shows an old version of a record."""
    from tillitsnavet.mkdocs_adapter.preview import Preview

    root = _hub(tmp_path)
    preview = Preview(dirty=True)

    def forsok_list() -> str:
        catalog, problems = load_catalog(root, preview.memo)
        assert not problems
        renderer = Renderer(root / "macros", catalog, cards=preview.cards(root))
        return renderer.shortcode("lista", "forsok", "forsok/index.md")

    assert "Ett grannförsök" in forsok_list()
    assert preview._cards, "the cards are kept"
    _edit(root, "pilots/grannforsok.yml", "titel: Ett grannförsök", "titel: Ett nytt namn")
    listed = forsok_list()
    assert "Ett nytt namn" in listed and "Ett grannförsök" not in listed
    komponenter = root / "macros" / "komponenter.j2"
    komponenter.write_text(komponenter.read_text(encoding="utf-8").replace(
        "<li data-pagefind-ignore=\"index\"><strong>", "<li data-pagefind-ignore=\"index\" "
        "class=\"ny\"><strong>", 1), encoding="utf-8")
    assert forsok_list().count('class="ny"') == 3, "a template edit makes every card again"
