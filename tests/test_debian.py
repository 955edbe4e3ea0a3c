"""The pins install on a stock Debian 12, whose python3 is 3.11.2 (README's two commands).

A pin that needs a newer Python (pymdown-extensions 13 wants 3.11.5) makes
`sh install.sh` fail there with "No matching distribution", although it
installs on the newer Python of a developer's machine. Found by running the
README's commands in a debootstrap chroot of Debian 12 (docs/kvalitet.md).
"""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

from packaging.specifiers import SpecifierSet
from packaging.version import Version

REPO = Path(__file__).resolve().parent.parent
DEBIAN_12_PYTHON = Version("3.11.2")


def pins(path: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line.startswith("-r "):
            found.update(pins(path.parent / line[3:].strip()))
        elif "==" in line:
            name, version = line.split("==")
            found[name.strip()] = version.strip()
    return found


def test_every_pinned_package_accepts_debian_12s_python():
    too_new = []
    for name, version in pins(REPO / "requirements-test.txt").items():
        dist = metadata.distribution(name)
        assert dist.version == version, f"{name}: .venv has {dist.version}, the pin says {version}"
        wanted = dist.metadata.get("Requires-Python")
        if wanted and DEBIAN_12_PYTHON not in SpecifierSet(wanted):
            too_new.append(f"{name}=={version} needs Python {wanted}")
    assert not too_new, too_new


def test_the_install_script_makes_its_own_environment_and_never_needs_python():
    script = (REPO / "install.sh").read_text(encoding="utf-8")
    assert re.search(r"python3 -m venv \.venv", script)
    assert "python3-venv" in script
    assert not re.search(r"(^|\s)python\s", script), "a stock Debian 12 has no `python` command"
