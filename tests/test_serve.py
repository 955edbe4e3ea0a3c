"""The live preview: saving a record shows the change without restarting."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

from conftest import VALID_PILOT


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


def test_editing_a_record_updates_the_preview(project):
    port = _free_port()
    server = subprocess.Popen([sys.executable, "build_hub.py", "serve", "--adress", f"127.0.0.1:{port}"],
                              cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/forsok/ett-forsok/"
    try:
        first = _wait_for(lambda: _get(url), 60)
        assert first and "Ett försök" in first
        (project / "pilots" / "ett-forsok.yml").write_text(
            VALID_PILOT.replace("titel: Ett försök", "titel: Ett ändrat försök"), encoding="utf-8")
        changed = _wait_for(lambda: (p := _get(url)) and "Ett ändrat försök" in p, 60)
        assert changed, "the preview did not pick up the edited record"
        # a broken edit keeps the last good preview running and says why
        (project / "pilots" / "ett-forsok.yml").write_text(
            VALID_PILOT.replace("status: avslutad", "status: klar"), encoding="utf-8")
        section = f"http://127.0.0.1:{port}/forsok/"
        banner = _wait_for(lambda: (p := _get(section)) and "Förhandsvisning:" in p and p, 60)
        assert banner and "pilots/ett-forsok.yml:12:9: status:" in banner
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert "pilots/ett-forsok.yml:12:9: status:" in output
