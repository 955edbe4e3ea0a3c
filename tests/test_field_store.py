"""The store of rendered Markdown fields (text.py): a later build takes them, never stale ones."""

from __future__ import annotations

import pytest

from tillitsnavet import text


@pytest.fixture(autouse=True)
def fresh_state():
    text.forget_rendered_fields()
    yield
    text.forget_rendered_fields()


def _rendered(source: str) -> str:
    return str(text.block(source))


def test_a_stored_field_is_taken_and_a_changed_one_rendered(tmp_path, monkeypatch):
    assert text.use_stored_fields(tmp_path) == 0  # the first build: nothing stored yet
    first = _rendered("Ett *viktigt* stycke.\n\n- punkt ett\n- punkt två")
    assert text.store_used_fields(tmp_path) == 1
    text.forget_rendered_fields()

    assert text.use_stored_fields(tmp_path) == 1
    converted = []
    convert = text._md.convert
    monkeypatch.setattr(text._md, "convert", lambda s: converted.append(s) or convert(s))
    assert _rendered("Ett *viktigt* stycke.\n\n- punkt ett\n- punkt två") == first
    assert converted == []
    assert "<em>ändrat</em>" in _rendered("Ett *ändrat* stycke.")
    assert converted == ["Ett *ändrat* stycke."]
    # what the next build finds: only the fields this build used
    assert text.store_used_fields(tmp_path) == 2


def test_a_store_from_other_code_or_damaged_is_not_used(tmp_path, monkeypatch):
    text.use_stored_fields(tmp_path)
    _rendered("Stycke")
    text.store_used_fields(tmp_path)
    text.forget_rendered_fields()
    monkeypatch.setattr(text, "_fingerprint", lambda: "annan kod")
    assert text.use_stored_fields(tmp_path) == 0
    monkeypatch.undo()
    store = tmp_path / "falt.marshal"
    store.write_bytes(store.read_bytes()[:20])
    assert text.use_stored_fields(tmp_path) == 0
    assert _rendered("Stycke") == '<div class="hub-text">\n<p>Stycke</p>\n</div>'


def test_outside_a_build_nothing_is_stored(tmp_path):
    _rendered("Förhandsvisning")  # serve and tests render without a store
    assert text.store_used_fields(tmp_path) == 0
    assert not (tmp_path / "falt.marshal").exists()


def test_fields_no_longer_used_leave_the_store(tmp_path, monkeypatch):
    text.use_stored_fields(tmp_path)
    _rendered("Kvar")
    _rendered("Borttagen")
    assert text.store_used_fields(tmp_path) == 2
    text.forget_rendered_fields()
    text.use_stored_fields(tmp_path)
    _rendered("Kvar")  # the record with "Borttagen" was deleted
    assert text.store_used_fields(tmp_path) == 1
    text.forget_rendered_fields()
    assert text.use_stored_fields(tmp_path) == 1


def test_the_fingerprint_follows_python_markdown(monkeypatch):
    text._fingerprint.cache_clear()
    before = text._fingerprint()
    monkeypatch.setattr(text.markdown, "__version__", "0.0-annan")
    text._fingerprint.cache_clear()
    try:
        assert text._fingerprint() not in (before, None)
    finally:
        monkeypatch.undo()
        text._fingerprint.cache_clear()
