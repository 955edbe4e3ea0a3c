"""The secretariat's main interface: every broken record gives a precise Swedish error.

All broken files are fed to the real command line in one run, which also
proves that one run reports every problem of every file, sorted, with
exit code 1 and no traceback.
"""

from __future__ import annotations

import re

import pytest

from conftest import VALID_PILOT, run_cli

# file name → (content, the line the CLI must print)
BROKEN = {
    "pilots/fel-sektor.yml": (
        VALID_PILOT.replace("  - omsorg", "  - sjukvård"),
        "pilots/fel-sektor.yml:8:5: sektorer[1]: texten 'sjukvård' är inte ett giltigt värde; "
        "giltiga är: hälso- och sjukvård, omsorg",
    ),
    "pilots/saknar-titel.yml": (
        VALID_PILOT.replace("titel: Ett försök\n", ""),
        "pilots/saknar-titel.yml:1:1: fältet 'titel' saknas; lägg till 'titel: …'",
    ),
    "pilots/okant-falt.yml": (
        VALID_PILOT + "sammanfatning: dubbel\n",
        "pilots/okant-falt.yml:20:1: sammanfatning: okänt fält; menade du 'sammanfattning'?",
    ),
    "pilots/fel-typ.yml": (
        VALID_PILOT.replace("sektorer:\n  - omsorg", "sektorer: omsorg"),
        "pilots/fel-typ.yml:7:11: sektorer: ska vara en lista; skriv varje värde på en egen rad "
        "som börjar med '- ', men är texten 'omsorg'",
    ),
    "pilots/dubbel-nyckel.yml": (
        VALID_PILOT + "titel: En annan titel\n",
        "pilots/dubbel-nyckel.yml:20:1: titel: fältet står två gånger (rad 1 och rad 20)",
    ),
    "pilots/tabb.yml": (
        VALID_PILOT.replace("  - omsorg", "\t- omsorg"),
        "pilots/tabb.yml:8:1: YAML-fel: tabbtecken kan inte användas för indrag",
    ),
    "pilots/ostangt-citat.yml": (
        VALID_PILOT.replace("sammanfattning: Ett kort försök.", 'sammanfattning: "Ett kort försök.'),
        "pilots/ostangt-citat.yml:",  # the line where YAML notices; message checked below
    ),
    "pilots/no-blir-text.yml": (
        VALID_PILOT.replace("status: avslutad", "status: no"),
        "pilots/no-blir-text.yml:12:9: status: texten 'no' är inte ett giltigt värde; giltiga är: "
        "planerad, pågående, avslutad",
    ),
    "pilots/alias.yml": (
        VALID_PILOT.replace("principer:\n  - tillit", "principer: &p\n  - tillit\nextra: *p"),
        "pilots/alias.yml:16:8: alias (*p) stöds inte",
    ),
    "pilots/tom.yml": ("# bara en kommentar\n", "pilots/tom.yml:1: filen är tom"),
    "pilots/lista.yml": ("- titel: x\n", "pilots/lista.yml:1:1: posten måste vara en mappning"),
    "pilots/latin1.yml": (
        None,  # written as Latin-1 bytes below
        "pilots/latin1.yml:1:10: byten 0xF6 är inte UTF-8 (filen är troligen sparad som "
        "Latin-1/Windows-1252)",
    ),
    "pilots/omojligt-datum.yml": (
        VALID_PILOT.replace("senast_granskad: 2026-11-01", "senast_granskad: 2026-02-30"),
        "pilots/omojligt-datum.yml:19:18: senast_granskad: '2026-02-30' finns inte i kalendern",
    ),
    "pilots/fel-ordning.yml": (
        VALID_PILOT.replace("slut: 2017-12", "slut: 2016-12"),
        "pilots/fel-ordning.yml:11:9: period.slut: slutar (2016-12) före starten (2017-03)",
    ),
    "pilots/fel-lan.yml": (
        VALID_PILOT.replace("län: Kalmar län", "län: Skåne län"),
        "pilots/fel-lan.yml:6:6: län: Kalmar ligger i Kalmar län, inte i Skåne län",
    ),
    "pilots/okand-kommun.yml": (
        VALID_PILOT.replace("kommun: Kalmar", "kommun: Kalmr"),
        "pilots/okand-kommun.yml:5:9: kommun: 'Kalmr' är ingen av Sveriges 290 kommuner; "
        "menade du 'Kalmar'?",
    ),
    "pilots/farlig-url.yml": (
        VALID_PILOT.replace("url: https://lagen.nu/sou/2018:38", "url: javascript:alert(1)"),
        "pilots/farlig-url.yml:18:10: källor[1].url: ska vara en adress som börjar med https://",
    ),
    "pilots/Stort Namn.yml": (
        VALID_PILOT,
        "pilots/Stort Namn.yml: filnamnet blir sidans adress och får bara innehålla små "
        "bokstäver a–z, siffror och bindestreck; döp om filen till stort-namn.yml",
    ),
    "data/forums/fel-ref.yml": (
        "titel: F\ntyp: konferens\narrangörer: [X]\nförsök:\n  - fel-sektr\n"
        "sammanfattning: S\nkällor:\n  - titel: K\nsenast_granskad: 2026-11-01\n",
        "data/forums/fel-ref.yml:5:5: försök[1]: det finns ingen post 'fel-sektr' i pilots/; "
        "menade du 'fel-sektor'?",
    ),
}


@pytest.fixture
def broken_project(project):
    for name, (content, _) in BROKEN.items():
        path = project / name
        if content is None:
            path.write_bytes("titel: Smörgås\n".encode("latin-1"))
        else:
            path.write_text(content, encoding="utf-8")
    return project


def test_every_problem_of_every_file_in_one_run(broken_project):
    result = run_cli(broken_project, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.splitlines()
    for name, (_, expected) in BROKEN.items():
        assert any(line.startswith(expected) for line in lines), f"{name}: {expected!r} not in\n{result.stderr}"
    # sorted by file, then line
    problem_lines = [l for l in lines if re.match(r"^[\w/ .-]+\.yml:", l)]
    keys = [(l.split(":")[0], int(l.split(":")[1]) if l.split(":")[1].isdigit() else 0) for l in problem_lines]
    assert keys == sorted(keys)
    assert lines[-1].startswith(f"{len(problem_lines)} problem i ")


def test_unclosed_quote_names_the_quote(broken_project):
    result = run_cli(broken_project, "check")
    line = next(l for l in result.stderr.splitlines() if l.startswith("pilots/ostangt-citat.yml"))
    assert "citattecken" in line


def test_phone_number_and_no_stay_text(project):
    """YAML 1.1 would read 0701234567 as a number and 'no' as false; we keep the text."""
    path = project / "pilots" / "ett-forsok.yml"
    path.write_text(VALID_PILOT + "kontakt:\n  - namn: no\n    roll: 0701234567\n", encoding="utf-8")
    result = run_cli(project, "check")
    assert result.returncode == 0, result.stderr


def test_billion_laughs_is_refused_fast(project):
    import time

    lol = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    assert len(lol.encode()) < 500
    (project / "pilots" / "lol.yml").write_text(lol, encoding="utf-8")
    from tillitsnavet.yaml_loader import load_file

    started = time.perf_counter()
    data, problems = load_file(project / "pilots" / "lol.yml", project)
    assert time.perf_counter() - started < 0.5
    assert data is None and "alias" in problems[0].message


def test_valid_project_passes(project):
    result = run_cli(project, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Alla poster stämmer (1 försöksverksamheter")
