"""The quick path of ``check`` (issue #7): much faster, never different.

``check`` reads a new or changed record quickly first (libyaml's events
without line marks, a compiled yes/no schema check, on every core when there
are many files) and reads it the precise way, which finds and words every
problem, only when anything at all is wrong with it. These tests hold the
quick path to that promise: it never accepts what the precise path rejects,
it gives the same data, and ``check`` says exactly the same, line and column
included, with or without it, in one process or several.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO, VALID_FORUM, VALID_PILOT, VALID_PRACTICE

from tillitsnavet import cache as cache_module
from tillitsnavet import catalog as catalog_module
from tillitsnavet import forking
from tillitsnavet.cache import CACHE_DIR
from tillitsnavet.catalog import KINDS, load_catalog
from tillitsnavet.forking import run_everywhere
from tillitsnavet.reference import REFERENCE_FILES
from tillitsnavet.schema_check import quick_valid, quick_validator, validator_for
from tillitsnavet.yaml_loader import _decode, _quick_decode, load_bytes, quick_load

sys.path.insert(0, str(REPO / "bench"))
from generate import generate  # noqa: E402

CORPUS = Path(__file__).parent / "broken"
SCHEMAS = {kind.folder: kind.schema for kind in KINDS.values()}


def _typed(value):
    """Data with its types and key order spelled out, so equal means identical."""
    if isinstance(value, dict):
        return ("dict", [(k, _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    return (type(value).__name__, value)


def _record_files() -> list[Path]:
    return sorted(file for kind in KINDS.values() for file in (REPO / kind.folder).glob("*.yml"))


def _shipped_files() -> list[Path]:
    """Every YAML file the hub ships (records, reference lists) and the broken corpus."""
    return sorted([*(REPO / "data").glob("*.yml"), *_record_files(),
                   *(f for f in CORPUS.glob("**/*") if f.is_file())])


BASES = [VALID_PILOT, VALID_FORUM, VALID_PRACTICE] + [
    file.read_text(encoding="utf-8") for kind in KINDS.values()
    for file in sorted((REPO / kind.folder).glob("*.yml"))[:3]]


def _assert_quick_load_agrees(raw: bytes) -> None:
    quick = quick_load(raw)
    if quick is None:
        return  # declined: the precise path judges, as before
    data, problems = load_bytes(raw, "pilots/x.yml")
    assert problems == [], "the quick reader accepted a file the precise one rejects"
    assert _typed(quick) == _typed(data), "the quick reader read other data"


def _assert_quick_valid_agrees(data, schema: str) -> None:
    if quick_valid(data, schema):
        errors = [e.message for e in validator_for(schema).iter_errors(data)]
        assert errors == [], f"quick_valid passed what jsonschema rejects: {errors}"


# --- the quick reader ------------------------------------------------------

def test_quick_load_reads_every_known_file_as_load_bytes_does():
    for file in _shipped_files():
        _assert_quick_load_agrees(file.read_bytes())
    # every shipped record is valid and plain: the quick path must take them all,
    # or check quietly becomes slow again
    assert [f.name for f in _record_files() if quick_load(f.read_bytes()) is None] == []


@pytest.mark.parametrize("text", [
    "titel: &a Ett\n", "titel: *a\n", "titel: !!str 12\n", "titel: !!bool yes\n",
    "titel: !egen x\n", "? [a]\n: b\n", "titel: a\ntitel: b\n", "true: x\n", ": x\n",
    "- a\n", "text\n", "", "# bara\n", "---\na: b\n---\nc: d\n", "a: b\n...\n",
    "titel: [a, *b]\n", "a:\n" + "".join(" " * i + "- \n" for i in range(1, 14)),
    "a: {b: {c: {d: {e: {f: {g: {h: {i: {j: {k: {l: x}}}}}}}}}}}\n",
    "a: {b: {c: {d: {e: {f: {g: {h: {i: {j: {k: {l: {m: x}}}}}}}}}}}}\n",
    "titel: ja\nutkast: no\nx: ~\ny: null\nz:\nw: 'true'\nv: True\n",
    "titel: \"\\u202e\"\n", "titel: '\ufeff'\n", "\ufefftitel: x\n",
])
def test_quick_load_declines_or_agrees_on_tricky_yaml(text):
    _assert_quick_load_agrees(text.encode("utf-8"))


@pytest.mark.parametrize("text, line", [("sektorer: !!bool yes\n  - omsorg\n", 1),
                                        ("titel: !!int x\n", 1),
                                        ("period:\n  start: !!timestamp x\n", 2)])
def test_a_standard_tag_on_a_value_it_cannot_take_is_a_problem_not_a_crash(text, line):
    data, problems = load_bytes(text.encode(), "pilots/x.yml")
    assert data is None and [(p.line, p.message) for p in problems] == [
        (line, "YAML-fel: YAML-taggar (!något) stöds inte; ta bort taggen")]
    assert quick_load(text.encode()) is None


def test_quick_load_leaves_anchors_and_tags_to_the_precise_reader():
    # valid for load_bytes, but the quick reader does not judge them itself
    for text in ("titel: &a Ett\n", "titel: !!str Ett\n", "sektorer: &s [omsorg]\n"):
        assert quick_load(text.encode()) is None
        data, problems = load_bytes(text.encode(), "x.yml")
        assert problems == [] and isinstance(data, dict)


def test_the_byte_scan_finds_every_forbidden_character():
    """_quick_decode says "clean" only for text in which _decode finds nothing."""
    code_points = [*range(0x3000), *range(0xFE00, 0x10000), 0x10FFFF, 0x1F600]
    for point in code_points:
        if 0xD800 <= point <= 0xDFFF:
            continue
        raw = f"titel: a{chr(point)}b\n".encode()
        assert (_quick_decode(raw) is None) == bool(_decode(raw, "x.yml")[1]), hex(point)
    for raw in (b"\xff\xfetitel", b"\xfe\xfftitel", b"titel: \xf6\n", b"\xef\xbb\xbftitel: x\n"):
        text, problems = _decode(raw, "x.yml")
        assert (_quick_decode(raw) is None) == (text is None or bool(problems))


_TRICKY_VALUES = ["no", "yes", "true", "false", "True", "~", "null", "", "0701234567",
                  "2017-02-17", "2017-02-30", "2099-01-01", "'citerad'", '"dubbel \\u00e5"',
                  "&a x", "*a", "!!str x", "!tagg x", "!!bool yes", "|\n  block\n", ">-\n  veckad",
                  "[a, b]", "{a: b}", "- x", "a: b", "x #kommentar", "@x", "`x", "%x", "\t x",
                  "ö" * 301, "https://x.se", "mailto:a@b.se", "javascript:x", "Kalmarr",
                  "omsorg", "sjukvård", "[omsorg, omsorg]", "[tillit]", "\"\\x07\"", "a\u202eb"]
_INSERTED = ["\t", "\x07", "\u202e", "\ufeff", "\x85", ":", "-", "#", " ", "\n", '"', "'", "&",
             "*", "!", "|", ">", "[", "{", "x", "å", "- ", ": ", "\n  ", "\n- "]


@st.composite
def _mutated_records(draw) -> bytes:
    lines = draw(st.sampled_from(BASES)).split("\n")
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        line = lines[index]
        how = draw(st.sampled_from(["value", "insert", "duplicate", "delete", "indent", "dedent"]))
        if how == "value" and ":" in line:
            lines[index] = line.split(":", 1)[0] + ": " + draw(
                st.sampled_from(_TRICKY_VALUES) | st.text(max_size=12))
        elif how == "insert":
            at = draw(st.integers(0, len(line)))
            lines[index] = line[:at] + draw(st.sampled_from(_INSERTED)) + line[at:]
        elif how == "duplicate":
            lines.insert(index, line)
        elif how == "delete":
            del lines[index]
        elif how == "indent":
            lines[index] = " " * draw(st.integers(1, 3)) + line
        elif how == "dedent":
            lines[index] = line.lstrip(" ")
    return "\n".join(lines).encode("utf-8", "surrogatepass")


@settings(max_examples=1500, deadline=None)
@given(_mutated_records())
def test_mutated_records_are_read_the_same_or_declined(raw):
    _assert_quick_load_agrees(raw)
    data, problems = load_bytes(raw, "pilots/x.yml")
    if not problems and isinstance(data, dict):
        for schema in SCHEMAS.values():
            _assert_quick_valid_agrees(data, schema)


# --- the quick schema check ------------------------------------------------

def test_every_record_schema_has_a_quick_validator():
    # without one, check would be as slow as before (correct, but 40 s at 10,000)
    for schema in SCHEMAS.values():
        assert quick_validator(schema) is not None, schema


def test_quick_valid_agrees_with_jsonschema_on_every_known_file():
    for file in _shipped_files():
        data, problems = load_bytes(file.read_bytes(), file.name)
        if data is None:
            continue
        for schema in SCHEMAS.values():
            _assert_quick_valid_agrees(data, schema)
    for file in _record_files():  # valid records must pass quickly, or check is slow again
        schema = next(s for folder, s in SCHEMAS.items() if file.parent == REPO / folder)
        assert quick_valid(quick_load(file.read_bytes()), schema), file.name


_general = st.recursive(
    st.none() | st.booleans() | st.sampled_from(_TRICKY_VALUES) | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(["titel", "url", "namn", "datum", "x"]), inner, max_size=3),
    max_leaves=6)
# Values at the edges of the schemas: lengths, patterns (a final newline passes
# re.search's $, for jsonschema too), enums, duplicates.
EDGES = [
    "2017", "2017-02", "2017-02-17", "2017-2-17", "17-02-17", "2017-02-17x", " 2017", "2017\n",
    "https://a.se", "http://a.se", "https://a b", "ftp://a.se", "mailto:a@b.se", "mailto:ab.se",
    "https://a.se\n", "ett-id", "Ett-id", "ett--id", "ett-", "ett-id\n", "a" * 60, "a" * 61,
    "a" * 300, "a" * 301, "a" * 500, "a" * 501, "", " ", "omsorg", "tillit", "kommun", "avslutad",
    "konferens", "Försök Tillit", ["omsorg", "omsorg"], ["omsorg", "skola"], ["tillit", "tillit"],
    ["a", "a"], ["a", "b"], [], [{"titel": "a"}, {"titel": "a"}], [True, True], [None],
]
_edges = st.sampled_from(EDGES)
_PLACES = [["period", "start"], ["period", "slut"], ["källor", 0, "url"], ["källor", 0, "datum"],
           ["källor", 0, "titel"], ["källor", 0, "x"], ["källor", 1], ["forskare", 0, "namn"],
           ["kontakt", 0, "roll"], ["taggar", 0], ["taggar", 1], ["sektorer", 0], ["sektorer", 1],
           ["principer", 1], ["försök", 0], ["försök", 1], ["arrangörer", 0], ["tidigare_id", 0]]


def _put(record: dict, place: list, value) -> None:
    """Set ``record[place]``, making the lists and mappings on the way."""
    here = record
    for step, following in zip(place, place[1:]):
        empty = [] if isinstance(following, int) else {}
        if isinstance(step, int):
            while len(here) <= step:
                here.append(empty)
            if not isinstance(here[step], type(empty)):
                here[step] = empty
        elif not isinstance(here.get(step), type(empty)):
            here[step] = empty
        here = here[step]
    last = place[-1]
    if isinstance(last, int):
        while len(here) <= last:
            here.append(None)
    here[last] = value


BASE_OF = {"pilots": VALID_PILOT, "data/forums": VALID_FORUM, "data/practices": VALID_PRACTICE}


def _places(schema: str) -> list[list]:
    return [[name] for name in validator_for(schema).schema["properties"]] + [["okänt"]] + _PLACES


def _paths(value, here=()) -> list[list]:
    """The places in ``value``: each key, a new key, a list's first item and one past its end."""
    found = [list(here)]
    if isinstance(value, dict):
        found.append([*here, "okänt"])
        for key, item in value.items():
            found += _paths(item, (*here, key))
    elif isinstance(value, list):
        found.append([*here, len(value)])
        if value:  # the other items have the same schema
            found += _paths(value[0], (*here, 0))
    return found


def _edge_bases() -> list:
    """(schema, YAML text): the small valid records, the fullest shipped record of each
    kind, and the reference lists, whose schemas the quick check serves too."""
    bases = [pytest.param(SCHEMAS[folder], text, id=f"liten {folder}")
             for folder, text in BASE_OF.items()]
    for folder, schema in SCHEMAS.items():
        texts = [f.read_text(encoding="utf-8") for f in sorted((REPO / folder).glob("*.yml"))]
        fullest = max(texts, key=lambda t: len(quick_load(t.encode())))
        bases.append(pytest.param(schema, fullest, id=f"full {folder}"))
    bases += [pytest.param(schema, (REPO / "data" / f"{name}.yml").read_text(encoding="utf-8"),
                           id=f"data/{name}.yml")
              for name, (schema, _key) in REFERENCE_FILES.items()]
    return bases


@pytest.mark.parametrize("schema, text", _edge_bases())
def test_every_edge_value_in_every_place_passes_quickly_only_if_jsonschema_agrees(schema, text):
    assert quick_validator(schema) is not None
    base = quick_load(text.encode())
    assert quick_valid(base, schema)
    places = [p for p in _paths(base) if p] + [[name] for name in
                                                validator_for(schema).schema["properties"]]
    for place in places:
        for value in EDGES:
            record = json.loads(json.dumps(base))
            _put(record, place, json.loads(json.dumps(value)))
            _assert_quick_valid_agrees(record, schema)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(SCHEMAS.items())), st.data())
def test_changed_fields_pass_the_quick_check_only_if_jsonschema_agrees(folder_schema, data):
    folder, schema = folder_schema
    record = quick_load(BASE_OF[folder].encode())
    for _ in range(data.draw(st.integers(1, 3))):
        place = data.draw(st.sampled_from(_places(schema)))
        if data.draw(st.integers(0, 5)) == 0 and place[0] in record:
            del record[place[0]]
        else:
            _put(record, place, data.draw(_edges | _general))
    _assert_quick_valid_agrees(record, schema)


# --- check as a whole --------------------------------------------------------

@pytest.fixture(scope="module")
def busy_project(tmp_path_factory) -> Path:
    """160 generated records and every broken file: over PARALLEL_FROM, all new."""
    root = tmp_path_factory.mktemp("quick") / "hub"
    generate(root, 160)
    for file in CORPUS.glob("**/*"):
        if file.is_file():
            folder = "data/forums" if file.parent.name == "forums" else "pilots"
            shutil.copyfile(file, root / folder / file.name)
    # a cross-record problem at a record the quick path read (no line marks)
    forum = next(f for f in sorted((root / "data" / "forums").glob("*.yml"))
                 if "försök:\n- " in f.read_text(encoding="utf-8"))
    forum.write_text(forum.read_text(encoding="utf-8").replace("försök:\n- ", "försök:\n- borta-"),
                     encoding="utf-8")
    return root


def _check(root: Path) -> tuple[list, dict]:
    """A first ``check`` (no cache): its problems and the records it found."""
    shutil.rmtree(root / CACHE_DIR, ignore_errors=True)
    cache_module._memory.clear()
    catalog, problems = load_catalog(root, full=False)
    ids = {kind: [r.id for r in catalog.of_kind(kind)] for kind in KINDS}
    return sorted(problems), ids


def _precise_only(monkeypatch) -> None:
    monkeypatch.setattr(catalog_module, "quick_load", lambda raw: None)
    monkeypatch.setattr(catalog_module, "quick_valid", lambda data, schema: False)


def test_check_says_exactly_the_same_without_the_quick_path(busy_project, monkeypatch):
    quick = _check(busy_project)
    assert len(quick[0]) > 55 and len(quick[1]["forsok"]) >= 96
    assert any("borta-" in p.message and p.line > 1 for p in quick[0]), "located exactly"
    _precise_only(monkeypatch)
    assert _check(busy_project) == quick


# Run in a fresh process: this one may have threads left by other tests, and
# check never forks while threads run (forking.can_fork).
_SEVERAL_PROCESSES = """
import os, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from tillitsnavet import cache, catalog

root = Path(sys.argv[2])
pids, real = set(), catalog.run_everywhere

def spy(function, items, parallel=True):  # which processes did the work
    results = real(lambda item: (os.getpid(), function(item)), items, parallel=parallel)
    pids.update(pid for pid, _ in results)
    return [result for _, result in results]

def check():
    pids.clear()
    cache._memory.clear()
    (root / cache.CACHE_DIR / "poster.json").unlink(missing_ok=True)
    found, problems = catalog.load_catalog(root, full=False)
    return sorted(problems), {k: [r.id for r in found.of_kind(k)] for k in catalog.KINDS}

catalog.run_everywhere = spy
several = check()
assert pids - {os.getpid()}, "the files were shared among processes"
catalog.PARALLEL_FROM = 10**9
one = check()
assert pids == {os.getpid()}
assert one == several, "one process and several must say the same"
print("samma", len(several[0]))
"""


def test_check_says_exactly_the_same_in_one_process_and_in_several(busy_project, monkeypatch):
    files = sum(1 for k in KINDS.values() for _ in (busy_project / k.folder).glob("*.yml"))
    assert files >= catalog_module.PARALLEL_FROM  # all new to the cache: shared
    if "fork" not in __import__("multiprocessing").get_all_start_methods() or \
            forking.cores() < 2:
        pytest.skip("needs fork and two cores")
    result = subprocess.run([sys.executable, "-c", _SEVERAL_PROCESSES, str(REPO),
                             str(busy_project)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0 and "samma" in result.stdout, result.stderr
    # and without fork at all (Windows; threads running): the same again
    several = _check(busy_project)
    monkeypatch.setattr(forking, "can_fork", lambda: False)
    assert _check(busy_project) == several


def test_the_cache_written_by_the_quick_path_is_the_precise_one(busy_project, monkeypatch):
    _check(busy_project)
    quick = json.loads((busy_project / CACHE_DIR / "poster.json").read_text(encoding="utf-8"))
    _precise_only(monkeypatch)
    _check(busy_project)
    precise = json.loads((busy_project / CACHE_DIR / "poster.json").read_text(encoding="utf-8"))
    assert quick == precise
    # and the second check, from the cache, still says the same
    monkeypatch.undo()
    first = _check(busy_project)
    assert sorted(load_catalog(busy_project, full=False)[1]) == first[0]


def _pid(_item) -> int:
    return os.getpid()


def test_work_shared_among_processes_keeps_its_order(may_fork):
    assert run_everywhere(lambda n: n * n, range(1000)) == [n * n for n in range(1000)]
    assert run_everywhere(_pid, range(300), parallel=False) == [os.getpid()] * 300
    assert set(run_everywhere(_pid, range(1000))) - {os.getpid()}, "ran in workers"


def test_a_worker_that_dies_leaves_the_work_to_this_process(may_fork, tmp_path):
    parent = os.getpid()

    def fragile(n):
        if os.getpid() != parent:
            (tmp_path / "en-arbetare-startade").touch()
            os._exit(3)  # a worker killed mid-run (say, out of memory)
        return n + 1

    assert run_everywhere(fragile, range(500)) == list(range(1, 501))
    assert (tmp_path / "en-arbetare-startade").exists(), "a worker must have started and died"


def test_a_build_keeps_the_cache_of_records_read_in_other_processes(busy_project, may_fork):
    _check(busy_project)
    index = busy_project / CACHE_DIR / "poster.json"
    known = json.loads(index.read_text(encoding="utf-8"))["poster"]
    assert len(known) >= catalog_module.PARALLEL_FROM - 60
    pids = set()
    real = catalog_module.run_everywhere

    def spy(function, items, parallel=True):
        results = real(lambda item: (os.getpid(), function(item)), items, parallel=parallel)
        pids.update(pid for pid, _ in results)
        return [result for _, result in results]

    catalog_module.run_everywhere = spy
    try:
        load_catalog(busy_project, marks=False)  # as build_hub.py build reads them
    finally:
        catalog_module.run_everywhere = real
    assert pids - {os.getpid()}, "the records were read in other processes"
    # so the next check is as quick as before the build
    assert json.loads(index.read_text(encoding="utf-8"))["poster"] == known
