"""What reading the records' YAML costs, and what the first `check` costs without it.

    python bench/yaml_readers.py bench/out/hub-10000

For a generated hub (bench/generate.py) this times, in one process, every
way of turning the record files' text into data that is installed, checks
whether each gives the same data as the record loader (yaml_loader.load_bytes),
and then runs the first `check` (fresh cache) twice: as it is, and with each
file's data handed in from memory, so the YAML read costs nothing. It
prints a table; the floor is libyaml parsing alone, with no Python objects.

Parsers that are not dependencies of the hub are measured only if they are
importable; to include them, install them in a scratch environment:
``pip install rapidyaml==0.15.2 ryaml==0.5.1 yaml_rs==0.1.6``.
The figures and what they mean are in docs/prestanda.md ("The first `check`
at 10,000 records").
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from yaml._yaml import CParser

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tillitsnavet import catalog  # noqa: E402
from tillitsnavet.yaml_loader import load_bytes, quick_load  # noqa: E402


def record_files(project: Path) -> list[tuple[str, bytes]]:
    found = []
    for kind in catalog.KINDS.values():
        folder = project / kind.folder
        for name in sorted(os.listdir(folder)):
            if name.endswith(".yml"):
                found.append((f"{kind.folder}/{name}", (folder / name).read_bytes()))
    return found


def _events(text: str) -> None:
    parser = CParser(text)
    while parser.get_event() is not None and parser.check_event():
        pass


def _rapidyaml(raw: bytes) -> Any:
    ryml = importlib.import_module("ryml")
    tree = ryml.parse_in_arena(raw)

    def walk(node: int) -> Any:
        if tree.is_map(node) or tree.is_seq(node):
            children, child = [], tree.first_child(node)
            while child != ryml.NONE:
                children.append(child)
                child = tree.next_sibling(child)
            if tree.is_seq(node):
                return [walk(c) for c in children]
            return {bytes(tree.key(c)).decode(): walk(c) for c in children}
        return bytes(tree.val(node)).decode()

    return walk(tree.root_id())


#: Readers that leave every value as text (`false` stays "false"): their data
#: cannot equal the loader's, which makes true/false bools and empty values None.
ALL_TEXT = "– (every value stays text)"


def readers() -> list[tuple[str, str, Callable[[bytes, str], Any]]]:
    """(name, module it needs or '', read(raw, text) -> data, or None if none to compare)."""
    return [
        ("libyaml alone, no Python objects (CParser.raw_parse)", "",
         lambda raw, text: CParser(text).raw_parse() and None),
        ("libyaml's events as Python objects, nothing done with them", "",
         lambda raw, text: _events(text)),
        ("the quick reader (yaml_loader.quick_load)", "", lambda raw, text: quick_load(raw)),
        ("PyYAML's CBaseLoader", "",
         lambda raw, text: yaml.load(text, Loader=yaml.CBaseLoader)),
        ("rapidyaml (C++), walked into dicts from Python", "ryml",
         lambda raw, text: _rapidyaml(raw)),
        ("rapidyaml (C++), parsing only", "ryml",
         lambda raw, text: importlib.import_module("ryml").parse_in_arena(raw) and None),
        ("ryaml (Rust, serde_yaml)", "ryaml",
         lambda raw, text: importlib.import_module("ryaml").loads(text)),
        ("yaml_rs (Rust)", "yaml_rs",
         lambda raw, text: importlib.import_module("yaml_rs").loads(text)),
    ]


def available(module: str) -> bool:
    if not module:
        return True
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


def time_readers(files: list[tuple[str, bytes]], repeat: int) -> list[tuple[str, float, str]]:
    """(reader, CPU seconds as the best of ``repeat``, same data as load_bytes?) per reader.

    The readers take turns, round after round, so that a slow spell of this
    shared machine does not fall on one reader alone.
    """
    texts = [raw.decode("utf-8-sig") for _, raw in files]
    # the loader's LineDict and LineList compare equal to plain dicts and lists
    expected = [load_bytes(raw, rel)[0] for rel, raw in files]
    installed = [reader for reader in readers() if available(reader[1])]
    best: dict[str, float] = {}
    results: dict[str, list] = {}
    for _ in range(repeat):
        for name, _module, read in installed:
            gc.collect()
            start = time.process_time()
            results[name] = [read(raw, text) for (_, raw), text in zip(files, texts)]
            best[name] = min(best.get(name, float("inf")), time.process_time() - start)
    rows = []
    for name, module, _read in readers():
        if name not in best:
            rows.append((name, float("nan"), f"not installed ({module})"))
            continue
        compared = [(got, want) for got, want in zip(results[name], expected) if got is not None]
        if name.startswith(("PyYAML's CBaseLoader", "rapidyaml (C++), walked")):
            same = ALL_TEXT
        elif not compared:
            same = "–"
        else:
            differ = sum(1 for got, want in compared if got != want)
            same = "yes" if not differ else f"no: {differ} of {len(compared)} records differ"
        rows.append((name, best[name], same))
    return rows


def time_check(project: Path, files: list[tuple[str, bytes]], without_yaml: bool) -> float:
    """Wall seconds of the first `check`'s loading (fresh cache), here and in its workers."""
    known = {raw: quick_load(raw) for _, raw in files} if without_yaml else None
    original = catalog.quick_load
    if known is not None:  # each file's data from memory: the YAML read costs nothing
        catalog.quick_load = known.__getitem__
    try:
        shutil.rmtree(project / ".tillitsnavet-cache", ignore_errors=True)
        start = time.perf_counter()
        _, problems = catalog.load_catalog(project, full=False)
        seconds = time.perf_counter() - start
    finally:
        catalog.quick_load = original
        shutil.rmtree(project / ".tillitsnavet-cache", ignore_errors=True)
    if problems:
        raise SystemExit(f"{project}: `check` finds {len(problems)} problems; generate it again")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path, help="a hub made by bench/generate.py")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each reader and of each check (the best counts)")
    args = parser.parse_args(argv)
    project = args.project.resolve()
    files = record_files(project)
    megabytes = sum(len(raw) for _, raw in files) / 1e6
    print(f"{len(files)} records, {megabytes:.1f} MB of YAML, in {project}\n")
    rows = time_readers(files, args.repeat)
    floor = rows[0][1]
    print("| Reading the files' text into data | CPU | × libyaml alone "
          "| Same data as load_bytes |")
    print("|---|---|---|---|")
    for name, seconds, same in rows:
        if seconds != seconds:  # nan: not installed
            print(f"| {name} | – | – | {same} |")
        else:
            print(f"| {name} | {seconds:.2f} s | {seconds / floor:.1f} | {same} |")
    with_yaml = min(time_check(project, files, False) for _ in range(args.repeat))
    without = min(time_check(project, files, True) for _ in range(args.repeat))
    print(f"\nFirst `check`, loading only (wall, {args.repeat} runs, best): {with_yaml:.2f} s as "
          f"it is; {without:.2f} s with the YAML read costing nothing "
          f"({without / with_yaml:.0%}). Python's start and imports come on top.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
