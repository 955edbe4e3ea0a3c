"""The live preview: saving a record shows the change without restarting."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.request

from conftest import VALID_PILOT, run_cli
from tillitsnavet.mkdocs_adapter.preview import STARTED_STATE


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(predicate, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    return None


def _open(page, url: str) -> None:
    """Open ``url``; the preview reloads open pages after each rebuild, which may cut a load short."""
    for attempt in range(5):
        try:
            # every preview page asks for the current problems once it has loaded
            with page.expect_response(lambda r: r.url.endswith("/forhandsvisning.json")):
                page.goto(url)
            page.wait_for_timeout(200)  # the banner is drawn right after the answer
            return
        except Exception:  # noqa: BLE001 - net::ERR_ABORTED by a live reload
            if attempt == 4:
                raise
            time.sleep(1)


def _start(project):
    port = _free_port()
    server = subprocess.Popen([sys.executable, "build_hub.py", "serve", "--adress", f"127.0.0.1:{port}"],
                              cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return f"http://127.0.0.1:{port}/", server


def _stop(server) -> str:
    server.terminate()
    return server.communicate(timeout=20)[0]


def test_editing_a_record_updates_the_preview(project, page):
    base, server = _start(project)
    url = f"{base}forsok/ett-forsok/"
    try:
        first = _wait_for(lambda: _get(url), 60)
        assert first and "Ett försök" in first
        index_at_start = _get(f"{base}pagefind/pagefind-entry.json")
        assert index_at_start, "search works when the preview opens"
        assert '"obs": ""' in _get(f"{base}forhandsvisning.json")
        (project / "pilots" / "ett-forsok.yml").write_text(
            VALID_PILOT.replace("titel: Ett försök", "titel: Ett ändrat försök"), encoding="utf-8")
        changed = _wait_for(lambda: (p := _get(url)) and "Ett ändrat försök" in p, 60)
        assert changed, "the preview did not pick up the edited record"
        # the pages that show the record follow: one that names it, and the list of pilots
        assert _wait_for(lambda: "Ett ändrat försök" in (_get(f"{base}forum/ett-forum/") or ""), 60)
        assert _wait_for(lambda: "Ett ändrat försök" in (_get(f"{base}forsok/") or ""), 60)
        assert _wait_for(lambda: "Ett ändrat försök" in (_get(f"{base}utforska/") or ""), 60)
        # so does the record's own open-data file; what only machines read about the
        # whole site stays as it was at the start, and every page says so
        assert "Ett ändrat försök" in _get(f"{base}data/forsok/ett-forsok.json")
        assert "Ett ändrat försök" not in _get(f"{base}data/tillitsnavet.json")
        assert _get(f"{base}pagefind/pagefind-entry.json") == index_at_start
        assert json.loads(_get(f"{base}forhandsvisning.json"))["obs"] == STARTED_STATE
        _open(page, url)
        # drawn from forhandsvisning.json; a live reload by the second rebuild may come between
        page.wait_for_function("() => document.querySelector('#hub-forhandsvisning-obs')"
                               ".innerText.length > 0", timeout=10_000)
        assert page.locator("#hub-forhandsvisning-obs").inner_text() == STARTED_STATE
        assert "som de var när förhandsvisningen startade" in STARTED_STATE

        # a broken edit keeps the last good preview running and says why, on every page
        (project / "pilots" / "ett-forsok.yml").write_text(
            VALID_PILOT.replace("status: avslutad", "status: klar"), encoding="utf-8")
        assert _wait_for(lambda: "pilots/ett-forsok.yml:12:9: status:" in (
            _get(f"{base}forhandsvisning.json") or ""), 60)
        for address in (f"{base}forsok/", url):  # a list, and the broken record's last good page
            _open(page, address)
            banner = page.locator("#hub-forhandsvisning")
            banner.locator(".admonition-title").wait_for(state="visible", timeout=10_000)
            assert "Förhandsvisning:" in banner.inner_text()
            assert "pilots/ett-forsok.yml:12:9: status:" in banner.inner_text()
            assert banner.get_attribute("role") == "alert"

        # fixed again: the banner goes away without any page being rebuilt for it
        (project / "pilots" / "ett-forsok.yml").write_text(VALID_PILOT, encoding="utf-8")
        assert _wait_for(lambda: '"problem": []' in (_get(f"{base}forhandsvisning.json") or ""), 60)
        _open(page, f"{base}om/")
        assert page.locator("#hub-forhandsvisning").inner_text() == ""
        assert page.locator("#hub-forhandsvisning-obs").inner_text() == STARTED_STATE
    finally:
        output = _stop(server)
    assert "pilots/ett-forsok.yml:12:9: status:" in output


def test_a_rebuild_that_fails_leaves_the_files_of_the_last_good_one(project):
    # A hand-written page with an unknown shortcode makes every rebuild fail
    # after the records' files are made; an edit undone meanwhile must not
    # leave the failed rebuild's open data behind once the page is fixed.
    base, server = _start(project)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(server.stdout), daemon=True).start()

    def failures() -> int:  # rebuilds that stopped at the unknown shortcode, as the server said
        return sum("okänd kortkod" in line for line in list(lines))

    om = project / "content" / "om" / "index.md"
    record = project / "pilots" / "ett-forsok.yml"
    data = f"{base}data/forsok/ett-forsok.json"
    try:
        assert _wait_for(lambda: _get(data), 60)
        written = om.read_text(encoding="utf-8")
        om.write_text(written + "\n<!-- hub:finnsinte -->\n", encoding="utf-8")
        assert _wait_for(lambda: failures() >= 1, 60)
        record.write_text(VALID_PILOT.replace("titel: Ett försök", "titel: Ett ändrat försök"),
                          encoding="utf-8")
        assert _wait_for(lambda: failures() >= 2, 60)
        record.write_text(VALID_PILOT, encoding="utf-8")
        assert _wait_for(lambda: failures() >= 3, 60)
        om.write_text(written + "\nRättad sida.\n", encoding="utf-8")
        assert _wait_for(lambda: "Rättad sida." in (_get(f"{base}om/") or ""), 60)
        assert "Ett försök" in _get(data) and "Ett ändrat försök" not in _get(data)
        assert "Ett ändrat försök" not in _get(f"{base}forsok/ett-forsok/")
    finally:
        _stop(server)


def test_a_deleted_record_leaves_the_preview(project):
    base, server = _start(project)
    try:
        assert _wait_for(lambda: _get(f"{base}exempel/ett-exempel/"), 60)
        (project / "data" / "practices" / "ett-exempel.yml").unlink()
        assert _wait_for(lambda: _get(f"{base}exempel/ett-exempel/") is None, 60), \
            "the deleted record's page is still served"
        assert _wait_for(lambda: (p := _get(f"{base}exempel/")) and "Ett arbetssätt" not in p, 60)
        assert _get(f"{base}data/exempel/ett-exempel.json") is None  # its open data too
        assert "Ett arbetssätt" not in (_get(f"{base}forsok/ett-forsok/") or "Ett arbetssätt")
    finally:
        _stop(server)


def test_a_schema_made_stricter_in_the_preview_shows_its_problem_and_check_fails(project):
    """Schemas are read for every load: nothing the preview remembers can hide a new rule."""
    base, server = _start(project)
    try:
        assert _wait_for(lambda: _get(f"{base}forsok/ett-forsok/"), 60)
        schema = project / "schemas" / "forsok.schema.json"
        text = schema.read_text(encoding="utf-8")
        assert '"required": [' in text
        schema.write_text(text.replace('"required": [', '"required": ["beskrivning", ', 1),
                          encoding="utf-8")
        assert _wait_for(lambda: "fältet 'beskrivning' saknas" in (
            _get(f"{base}forhandsvisning.json") or ""), 60), "the preview kept the old schema"
    finally:
        _stop(server)
    result = run_cli(project, "check")
    assert result.returncode == 1
    assert "pilots/ett-forsok.yml:1:1: fältet 'beskrivning' saknas" in result.stderr


def test_the_preview_starts_with_a_half_written_record_and_shows_its_problem(project):
    """An editor previews a skeleton while filling it in; check and build still refuse it."""
    (project / "pilots" / "halvfardig.yml").write_text(
        VALID_PILOT.replace("status: avslutad", "status: klar"), encoding="utf-8")
    base, server = _start(project)
    try:
        assert _wait_for(lambda: _get(f"{base}forsok/ett-forsok/"), 60), "the valid pages are shown"
        assert "pilots/halvfardig.yml:12:9: status:" in (_get(f"{base}forhandsvisning.json") or "")
    finally:
        said = _stop(server)
    assert "Förhandsvisningen startar ändå" in said
    assert run_cli(project, "check").returncode == 1


def test_the_private_server_attributes_the_preview_uses_exist(tmp_path):
    """A MkDocs upgrade that renames them must fail here, not slow every save silently."""
    from mkdocs.livereload import LiveReloadServer

    from tillitsnavet.mkdocs_adapter.preview import PRIVATE_SERVER_ATTRIBUTES

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        missing = [name for name in PRIVATE_SERVER_ATTRIBUTES if not hasattr(server, name)]
        assert not missing, f"mkdocs.livereload.LiveReloadServer lacks {missing}: see preview.py"
        assert hasattr(server._rebuild_cond, "notify_all")
    finally:
        server.server_close()


def test_a_draft_is_everywhere_in_the_preview_and_marked_utkast(project):
    (project / "pilots" / "ett-forsok.yml").write_text(VALID_PILOT + "utkast: true\n",
                                                        encoding="utf-8")
    base, server = _start(project)
    try:
        page = _wait_for(lambda: _get(f"{base}forsok/ett-forsok/"), 60)
        assert page and "Utkast" in page and "publiceras inte" in page
        assert "DRAFT" not in page, "MkDocs' English marker"
        for listing in ("forsok/", "utforska/", "forum/ett-forum/"):  # a list, and a record naming it
            text = _get(base + listing) or ""
            assert "Ett försök" in text and 'class="hub-utkast">Utkast<' in text, listing
    finally:
        _stop(server)
