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
import multiprocessing
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml._yaml import CParser

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tillitsnavet import catalog  # noqa: E402
from tillitsnavet.yaml_loader import load_bytes, quick_load  # noqa: E402


def record_files(project: Path) -> list[tuple[str, bytes]]:
    """(path relative to the project, bytes) of every record file."""
    return [(file.relative_to(project).as_posix(), file.read_bytes())
            for kind in catalog.KINDS.values()
            for file in sorted((project / kind.folder).glob("*.yml"))]


def _parse_only(text: str) -> None:
    CParser(text).raw_parse()


def _events(text: str) -> None:
    parser = CParser(text)
    while parser.get_event() is not None and parser.check_event():
        pass


def _rapidyaml_parse_only(raw: bytes) -> None:
    importlib.import_module("ryml").parse_in_arena(raw)


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


@dataclass(frozen=True)
class Reader:
    name: str
    read: Callable[[bytes, str], Any]  #: (bytes, text) -> data, or None: nothing to compare
    module: str = ""  #: a module it needs that is not a dependency of the hub
    #: every value stays text (`false` stays "false"), so its data cannot equal
    #: the loader's, which makes true/false bools and empty values None
    all_text: bool = False


def readers() -> list[Reader]:
    return [
        Reader("libyaml alone, no Python objects (CParser.raw_parse)",
               lambda raw, text: _parse_only(text)),
        Reader("libyaml's events as Python objects, nothing done with them",
               lambda raw, text: _events(text)),
        Reader("the quick reader (yaml_loader.quick_load)", lambda raw, text: quick_load(raw)),
        Reader("PyYAML's CBaseLoader", lambda raw, text: yaml.load(text, Loader=yaml.CBaseLoader),
               all_text=True),
        Reader("rapidyaml (C++), walked into dicts from Python", lambda raw, text: _rapidyaml(raw),
               "ryml", all_text=True),
        Reader("rapidyaml (C++), parsing only", lambda raw, text: _rapidyaml_parse_only(raw),
               "ryml"),
        Reader("ryaml (Rust, serde_yaml)",
               lambda raw, text: importlib.import_module("ryaml").loads(text), "ryaml"),
        Reader("yaml_rs (Rust)",
               lambda raw, text: importlib.import_module("yaml_rs").loads(text), "yaml_rs"),
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
    installed = [reader for reader in readers() if available(reader.module)]
    best: dict[str, float] = {}
    results: dict[str, list] = {}
    for _ in range(repeat):
        for reader in installed:
            gc.collect()
            start = time.process_time()
            results[reader.name] = [reader.read(raw, text) for (_, raw), text in zip(files, texts)]
            best[reader.name] = min(best.get(reader.name, float("inf")),
                                    time.process_time() - start)
    rows = []
    for reader in readers():
        name = reader.name
        if name not in best:
            rows.append((name, float("nan"), f"not installed ({reader.module})"))
            continue
        compared = [(got, want) for got, want in zip(results[name], expected) if got is not None]
        if reader.all_text:
            same = "– (every value stays text)"
        elif not compared:
            same = "–"
        else:
            differ = sum(1 for got, want in compared if got != want)
            same = "yes" if not differ else f"no: {differ} of {len(compared)} records differ"
        rows.append((name, best[name], same))
    return rows


def time_check(project: Path, known: dict[bytes, dict | None] | None = None) -> float:
    """Wall seconds of the first `check`'s loading (fresh cache), here and in its workers.

    With ``known`` (each file's bytes → what quick_load makes of them) the
    data comes from memory: the YAML read costs nothing.
    """
    # counted in shared memory, so that the check's forked workers count too
    looked_up = multiprocessing.RawValue("l", 0)

    def from_memory(raw: bytes) -> dict | None:
        looked_up.value += 1
        return known[raw]

    original = catalog.quick_load
    if known is not None:
        catalog.quick_load = from_memory
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
    if known is not None and not looked_up.value:  # the check no longer reads through quick_load
        raise SystemExit("the check read no record through catalog.quick_load: "
                         "the figure without the YAML read would be the same check again")
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
    known = {raw: quick_load(raw) for _, raw in files}
    with_yaml = without = float("inf")
    for _ in range(args.repeat):  # taking turns, as the readers do
        with_yaml = min(with_yaml, time_check(project))
        without = min(without, time_check(project, known))
    print(f"\nFirst `check`, loading only (wall, {args.repeat} runs, best): {with_yaml:.2f} s as "
          f"it is; {without:.2f} s with the YAML read costing nothing "
          f"({without / with_yaml:.0%}). Python's start and imports come on top.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
