#!/usr/bin/env python3
"""The redesign's safety net: what the hub publishes, written down so a change can be compared.

    python tests/snapshots.py golden            # regenerate tests/golden/ (review the git diff)
    python tests/snapshots.py manifest OUT      # SHA-256 of every published file, three builds
    python tests/snapshots.py texts OUT         # `check` on the broken corpus, and `rapport`

* ``golden``: the Markdown of every page and the content of every file the
  hub generates for a small test hub (three records), as MkDocs receives
  them after the hub's hooks ran. tests/test_golden.py fails when a build
  differs; regenerate with this command and let the reviewer read the diff.
* ``manifest``: one line per file of ``site/`` ("sha256  path") for the
  shipped records, a generated 300-record hub and the archive build (its
  zip's members). Made before and after a structural change; ``diff`` the
  two files.
* ``texts``: what an editor reads: `check` over every file of tests/broken/
  at once, and `rapport` of the shipped records (timings removed).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
GOLDEN = TESTS / "golden"
sys.path.insert(0, str(TESTS))
sys.path.insert(0, str(REPO / "bench"))

from conftest import copy_project, run_cli, small_project  # noqa: E402

#: MkDocs hook that writes what MkDocs receives from the hub: listed after the hub's own.
_HOOK = '''
import os
from pathlib import Path

from tillitsnavet.render.passthrough import release

OUT = Path(os.environ["TILLITSNAVET_GOLDEN"])


def on_page_markdown(markdown, page, config, files):
    # with the HTML blocks the hub's hook held out of Markdown's way put back
    # (render/passthrough.py), so a reviewer reads the whole page
    held = config["extra"]["_tillitsnavet"].held.get(page.file.src_uri, [])
    target = OUT / "sidor" / page.file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(release(markdown, held), encoding="utf-8")
    return markdown


def on_post_build(config):
    site = Path(config.site_dir)
    for file in config["extra"]["_golden_files"]:
        target = OUT / "filer" / file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((site / file).read_bytes())


def on_files(files, config):
    config["extra"]["_golden_files"] = sorted(
        f.dest_uri for f in files if f.generated_by and not f.src_uri.endswith(".md"))
    return files
'''


def golden_tree(work: Path) -> Path:
    """Build the small test hub with the capturing hook; the folder of captured pages and files."""
    root = small_project(work / "hub")
    (root / "golden_hook.py").write_text(_HOOK, encoding="utf-8")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(hooks:\n(?:  - .*\n)+)", r"\1  - golden_hook.py\n", config)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    out = work / "golden"
    result = subprocess.run([sys.executable, "build_hub.py", "build"], cwd=root, text=True,
                            capture_output=True, env={**os.environ, "TILLITSNAVET_GOLDEN": str(out)})
    if result.returncode:
        raise SystemExit(f"the golden build failed:\n{result.stdout}{result.stderr}")
    return out


def tree_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def write_golden() -> None:
    with tempfile.TemporaryDirectory() as work:
        out = golden_tree(Path(work))
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(out, GOLDEN)
    print(f"{len(tree_files(GOLDEN))} files in {GOLDEN.relative_to(REPO)}/; review: git diff")


def _sums(files: dict[str, bytes], label: str) -> list[str]:
    return [f"{hashlib.sha256(data).hexdigest()}  {label}/{name}" for name, data in files.items()]


def write_manifest(out: Path) -> None:
    import generate  # bench/generate.py: the same records for the same size and seed

    lines: list[str] = []
    with tempfile.TemporaryDirectory() as work:
        shipped = copy_project(Path(work) / "shipped")
        generated = Path(work) / "hub-300"
        generate.generate(generated, 300)
        for label, root in (("shipped", shipped), ("hub-300", generated)):
            result = run_cli(root, "build")
            if result.returncode:
                raise SystemExit(f"{label}: build failed\n{result.stderr}")
            lines += _sums(tree_files(root / "site"), label)
        result = run_cli(shipped, "archive", "--fil", str(Path(work) / "arkiv.zip"))
        if result.returncode:
            raise SystemExit(f"archive failed\n{result.stderr}")
        with zipfile.ZipFile(Path(work) / "arkiv.zip") as archive:
            lines += _sums({name: archive.read(name) for name in sorted(archive.namelist())},
                           "archive")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} files in {out}")


def _untimed(text: str) -> str:
    return re.sub(r"\d+\.\d+ s\b", "N s", text)


def write_texts(out: Path) -> None:
    with tempfile.TemporaryDirectory() as work:
        root = small_project(Path(work) / "hub")
        for file in (TESTS / "broken").rglob("*"):
            if file.is_file():
                target = root / ("pilots" if file.parent.name == "pilots" else "data/forums") / file.name
                shutil.copyfile(file, target)
        check = run_cli(root, "check")
        shipped = copy_project(Path(work) / "shipped")
        report = run_cli(shipped, "rapport")
    out.mkdir(parents=True, exist_ok=True)
    (out / "check.txt").write_text(f"exit {check.returncode}\n{_untimed(check.stdout)}"
                                   f"{_untimed(check.stderr)}", encoding="utf-8")
    (out / "rapport.txt").write_text(f"exit {report.returncode}\n{_untimed(report.stdout)}"
                                     f"{_untimed(report.stderr)}", encoding="utf-8")
    print(f"check and rapport in {out}/")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=["golden", "manifest", "texts"])
    parser.add_argument("out", nargs="?", type=Path)
    args = parser.parse_args()
    if args.what == "golden":
        write_golden()
    elif args.out is None:
        parser.error(f"{args.what} needs OUT")
    elif args.what == "manifest":
        write_manifest(args.out)
    else:
        write_texts(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
