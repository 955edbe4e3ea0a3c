"""The record cache (tillitsnavet/cache.py): faster, never different."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import copy_project, run_cli

from tillitsnavet import cache as cache_module
from tillitsnavet import catalog as catalog_module
from tillitsnavet.cache import CACHE_DIR, NotInCache, SlimData, read_store, write_store
from tillitsnavet.catalog import load_catalog


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "hub")


def test_a_second_check_reads_the_cache_and_says_the_same(shipped):
    first = run_cli(shipped, "check")
    assert first.returncode == 0, first.stderr
    assert (shipped / CACHE_DIR / "poster.json").exists()
    again = run_cli(shipped, "check")
    assert again.returncode == 0
    assert again.stdout.split(";")[0] == first.stdout.split(";")[0]


def test_checks_across_records_need_only_the_cached_fields(shipped, monkeypatch):
    load_catalog(shipped, full=False)  # fills the cache
    calls = []
    real = catalog_module.load_catalog
    monkeypatch.setattr(catalog_module, "load_catalog",
                        lambda *a, **k: calls.append(a) or real(*a, **k))
    catalog, problems = real(shipped, full=False)
    assert problems == []
    assert all(isinstance(r.data, SlimData) for r in catalog.all()), "records came from the cache"
    # A check across records that reads another field makes check read the files
    # (slower, never wrong): add that field to cache.ACROSS_RECORDS.
    assert calls == [], "a check across records read a field not in cache.ACROSS_RECORDS"


def test_slim_data_refuses_what_it_does_not_hold():
    data = SlimData({"titel": "Ett försök"}, ["beskrivning"])
    assert data["titel"] == "Ett försök"
    assert "beskrivning" in data and data.get("forum", []) == []
    with pytest.raises(NotInCache):
        data.get("beskrivning")
    with pytest.raises(NotInCache):
        list(data.items())


def test_a_reference_broken_by_deleting_a_cached_record_is_located_exactly(project):
    assert run_cli(project, "check").returncode == 0  # every record now in the cache
    (project / "pilots" / "ett-forsok.yml").unlink()
    cached = run_cli(project, "check")
    assert cached.returncode == 1
    # the same report as without any cache, lines and columns included
    shutil.rmtree(project / CACHE_DIR)
    fresh = run_cli(project, "check")
    assert cached.stderr == fresh.stderr
    assert "data/forums/ett-forum.yml:6:5: försök[1]: det finns ingen post 'ett-forsok'" in cached.stderr


def test_an_edited_record_is_checked_again(project):
    assert run_cli(project, "check").returncode == 0
    pilot = project / "pilots" / "ett-forsok.yml"
    pilot.write_text(pilot.read_text(encoding="utf-8").replace("status: avslutad", "status: klar"),
                     encoding="utf-8")
    result = run_cli(project, "check")
    assert result.returncode == 1
    assert "pilots/ett-forsok.yml:12:9: status:" in result.stderr
    # and a build after a check loads the same records (from memory, within one process)
    pilot.write_text(pilot.read_text(encoding="utf-8").replace("status: klar", "status: avslutad"),
                     encoding="utf-8")
    assert run_cli(project, "build").returncode == 0
    assert "Ett försök" in (project / "site" / "forsok" / "ett-forsok" / "index.html").read_text(
        encoding="utf-8")


def _build_load(root: Path) -> dict:
    """What a build reads (``marks=False``), as a fresh process would: path → data."""
    cache_module._memory.clear()
    catalog, problems = load_catalog(root, marks=False)
    assert problems == []
    return {record.path: record.data for record in catalog.all()}


def test_a_build_takes_unchanged_records_from_the_last_build_and_reads_the_rest(shipped,
                                                                               monkeypatch):
    first = _build_load(shipped)
    store = shipped / CACHE_DIR / "data.marshal"
    assert store.exists()
    pilot = shipped / "pilots" / "trafikverket.yml"
    pilot.write_text(pilot.read_text(encoding="utf-8").replace("titel: ", "titel: Ändrad – ", 1),
                     encoding="utf-8")
    (shipped / "data" / "forums" / "kommek.yml").unlink()
    parsed = []
    real = catalog_module.quick_load
    monkeypatch.setattr(catalog_module, "quick_load", lambda raw: parsed.append(raw) or real(raw))
    second = _build_load(shipped)
    assert len(parsed) == 1 and "Ändrad" in parsed[0].decode(), "only the edited record is parsed"
    assert second["pilots/trafikverket.yml"]["titel"].startswith("Ändrad – ")
    assert "data/forums/kommek.yml" not in second
    del first["data/forums/kommek.yml"], first["pilots/trafikverket.yml"]
    assert {path: data for path, data in second.items() if path in first} == first
    # the next build finds the edit in the store, and nothing of the deleted record
    parsed.clear()
    assert _build_load(shipped) == second and parsed == []
    # a damaged store only costs time
    store.write_bytes(store.read_bytes()[:1000])
    assert _build_load(shipped) == second and len(parsed) == len(second)


def test_the_build_store_holds_exactly_what_parsing_gives(shipped, monkeypatch):
    parsed = _build_load(shipped)  # the first build parses every record
    calls = []
    real = catalog_module.quick_load
    monkeypatch.setattr(catalog_module, "quick_load", lambda raw: calls.append(raw) or real(raw))
    stored = _build_load(shipped)
    assert calls == [], "every record came from the store"
    assert stored == parsed
    assert [list(data) for data in stored.values()] == [list(data) for data in parsed.values()]
    assert all(type(data) is dict for data in stored.values())


def test_a_store_is_replaced_whole_and_an_interrupted_write_leaves_nothing(tmp_path, monkeypatch):
    folder = tmp_path / CACHE_DIR
    folder.mkdir()
    (folder / ".data.marshal-x1.tmp").write_bytes(b"\0" * 1000)  # left by a stopped build
    write_store(folder / "data.marshal", "fp", {"a": [1, "två"]})
    assert read_store(folder / "data.marshal", "fp") == {"a": [1, "två"]}
    assert read_store(folder / "data.marshal", "other code") is None
    assert sorted(p.name for p in folder.iterdir()) == [".gitignore", "data.marshal"]

    def disk_full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache_module.os, "replace", disk_full)
    write_store(folder / "data.marshal", "fp", {"a": "ny"})  # never fails
    assert read_store(folder / "data.marshal", "fp") == {"a": [1, "två"]}
    assert sorted(p.name for p in folder.iterdir()) == [".gitignore", "data.marshal"]
