"""The broken-record corpus: every file in tests/broken/, all in one hub, checked at once.

Each must give the Swedish message below (path, line, column and field where
there is one), all in one run; the real CLI over the same hub keeps the exit
code, the output and its format honest (no traceback, the summary line).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import run_cli, small_project
from tillitsnavet.records.catalog import load_catalog
from tillitsnavet.records.problems import format_problems

CORPUS = Path(__file__).parent / "broken"

EXPECTED = {
    "pilots/tabb-indrag.yml": "pilots/tabb-indrag.yml:8:1: YAML-fel: tabbtecken kan inte användas för indrag",
    "pilots/ostangt-dubbelcitat.yml": "pilots/ostangt-dubbelcitat.yml:20:1: YAML-fel: citattecken som aldrig stängs",
    "pilots/ostangt-enkelcitat.yml": "pilots/ostangt-enkelcitat.yml:20:1: YAML-fel: citattecken som aldrig stängs",
    "pilots/kolon-i-text.yml": "pilots/kolon-i-text.yml:13:20: YAML-fel: ett kolon på fel ställe; sätt texten inom citattecken",
    "pilots/fel-indrag-lista.yml": "pilots/fel-indrag-lista.yml:9:2: YAML-fel: indraget stämmer inte",
    "pilots/ostangd-lista.yml": "pilots/ostangd-lista.yml:8:7: YAML-fel: en lista inom [ ] stängs inte",
    "pilots/ostangd-mappning.yml": "pilots/ostangd-mappning.yml:10:7: YAML-fel: en mappning inom { } stängs inte",
    "pilots/snabel-a.yml": "pilots/snabel-a.yml:1:8: YAML-fel: ett värde kan inte börja med @",
    "pilots/backtick.yml": "pilots/backtick.yml:1:8: YAML-fel: ett värde kan inte börja med `",
    "pilots/flera-dokument.yml": "pilots/flera-dokument.yml:20:1: YAML-fel: filen innehåller flera dokument",
    "pilots/okand-escape.yml": "pilots/okand-escape.yml:1:13: YAML-fel: okänd teckensekvens med \\",
    "pilots/python-tagg.yml": "pilots/python-tagg.yml:1:8: YAML-fel: YAML-taggar (!något) stöds inte",
    "pilots/egen-tagg.yml": "pilots/egen-tagg.yml:1:8: YAML-fel: YAML-taggar (!något) stöds inte",
    "pilots/odefinierat-alias.yml": "pilots/odefinierat-alias.yml:1:8: YAML-fel: alias (*namn) stöds inte",
    "pilots/ankare-och-alias.yml": "pilots/ankare-och-alias.yml:16:9: alias (*p) stöds inte",
    "pilots/billion-laughs.yml": "pilots/billion-laughs.yml:2:8: alias (*a) stöds inte",
    "pilots/dubbel-nyckel.yml": "pilots/dubbel-nyckel.yml:20:1: status: fältet står två gånger (rad 12 och rad 20)",
    "pilots/dubbel-nyckel-i-kalla.yml": "pilots/dubbel-nyckel-i-kalla.yml:19:5: titel: fältet står två gånger (rad 17 och rad 19)",
    "pilots/tom.yml": "pilots/tom.yml:1: filen är tom",
    "pilots/bara-kommentarer.yml": "pilots/bara-kommentarer.yml:1: filen är tom",
    "pilots/bara-blanksteg.yml": "pilots/bara-blanksteg.yml:1: filen är tom",
    "pilots/lista-overst.yml": "pilots/lista-overst.yml:1:1: posten måste vara en mappning med fält",
    "pilots/text-overst.yml": "pilots/text-overst.yml:1:1: posten måste vara en mappning med fält (titel: …, källor: …), inte texten 'Ett försök i Kalmar'",
    "pilots/latin1.yml": "pilots/latin1.yml:1:13: byten 0xF6 är inte UTF-8 (filen är troligen sparad som Latin-1/Windows-1252)",
    "pilots/utf16.yml": "pilots/utf16.yml:1:1: filen är sparad som UTF-16; spara om den som UTF-8",
    "pilots/bom-mitt-i.yml": "pilots/bom-mitt-i.yml:13:17: sammanfattning: innehåller tecknet ZERO WIDTH NO-BREAK SPACE (U+FEFF)",
    "pilots/styrtecken.yml": "pilots/styrtecken.yml:13:25: innehåller tecknet U+0007 (styrtecken)",
    "pilots/nollbyte.yml": "pilots/nollbyte.yml:13:25: innehåller tecknet U+0000 (styrtecken)",
    "pilots/bidi-override.yml": "pilots/bidi-override.yml:1:8: titel: innehåller tecknet RIGHT-TO-LEFT OVERRIDE (U+202E)",
    "pilots/djup-nastling.yml": "pilots/djup-nastling.yml:20:",
    "pilots/okant-falt.yml": "pilots/okant-falt.yml:20:1: hemsida: okänt fält; giltiga fält är: beskrivning,",
    "pilots/saknar-kallor.yml": "pilots/saknar-kallor.yml:1:1: fältet 'källor' saknas; lägg till 'källor: …'",
    "pilots/sektorer-som-text.yml": "pilots/sektorer-som-text.yml:7:11: sektorer: ska vara en lista",
    "pilots/kallor-som-mappning.yml": "pilots/kallor-som-mappning.yml:17:3: källor: ska vara en lista",
    "pilots/titel-som-lista.yml": "pilots/titel-som-lista.yml:2:3: titel: ska vara text, men är en lista",
    "pilots/utkast-ja.yml": "pilots/utkast-ja.yml:20:9: utkast: ska vara true eller false, men är texten 'ja'",
    "pilots/omojligt-datum.yml": "pilots/omojligt-datum.yml:10:10: period.start: '2017-02-30' finns inte i kalendern",
    "pilots/datum-fel-form.yml": "pilots/datum-fel-form.yml:10:10: period.start: ska vara ett datum som ÅÅÅÅ-MM-DD",
    "pilots/period-baklanges.yml": "pilots/period-baklanges.yml:11:9: period.slut: slutar (2016-12) före starten (2017-03)",
    "pilots/granskad-i-framtiden.yml": "pilots/granskad-i-framtiden.yml:19:18: senast_granskad: '2099-01-01' ligger i framtiden",
    "pilots/okand-sektor.yml": "pilots/okand-sektor.yml:8:5: sektorer[1]: texten 'sjukvård' är inte ett giltigt värde; giltiga är: hälso- och sjukvård",
    "pilots/okand-princip.yml": "pilots/okand-princip.yml:15:5: principer[1]: texten 'förtroende' är inte ett giltigt värde",
    "pilots/okand-kommun.yml": "pilots/okand-kommun.yml:5:9: kommun: 'Kalmarr' är ingen av Sveriges 290 kommuner; menade du 'Kalmar'?",
    "pilots/kommun-i-fel-lan.yml": "pilots/kommun-i-fel-lan.yml:6:6: län: Borlänge ligger i Dalarnas län, inte i Kalmar län",
    "pilots/okant-lan.yml": "pilots/okant-lan.yml:6:6: län: 'Kalmar' är inget av Sveriges 21 län",
    "pilots/javascript-url.yml": "pilots/javascript-url.yml:18:10: källor[1].url: ska vara en adress som börjar med https://",
    "pilots/ftp-url.yml": "pilots/ftp-url.yml:18:10: källor[1].url: ska vara en adress som börjar med https://",
    "pilots/tom-titel.yml": "pilots/tom-titel.yml:1:8: titel: får inte vara tomt",
    "pilots/titel-utan-varde.yml": "pilots/titel-utan-varde.yml:1:7: titel: ska vara text, men är inget värde",
    "pilots/for-lang-sammanfattning.yml": "pilots/for-lang-sammanfattning.yml:13:17: sammanfattning: är 600 tecken; högst 500",
    "pilots/Versaler Och Mellanslag.yml": "pilots/Versaler Och Mellanslag.yml: filnamnet blir sidans adress",
    "pilots/fel-andelse.yaml": "pilots/fel-andelse.yaml: filen läses inte; döp om filen till fel-andelse.yml",
    "pilots/sammansatt-nyckel.yml": "pilots/sammansatt-nyckel.yml:20:3: en nyckel måste vara ett fältnamn",
    "pilots/dubblett-i-lista.yml": "pilots/dubblett-i-lista.yml:8:3: sektorer: samma värde står flera gånger",
    "pilots/flera-fel.yml": "pilots/flera-fel.yml:12:9: status: texten 'klar' är inte ett giltigt värde",
    "pilots/for-stor.yml": "pilots/for-stor.yml: filen är 289 KiB; en post får vara högst 256 KiB",
    "data/forums/okand-referens.yml": "data/forums/okand-referens.yml:6:5: försök[1]: det finns ingen post 'ett-forsk' i pilots/; menade du 'ett-forsok'?",
    "data/forums/referens-till-fel-slag.yml": "data/forums/referens-till-fel-slag.yml:6:5: försök[1]: det finns ingen post 'ett-forum' i pilots/",
}


def _corpus_file(name: str) -> Path:
    folder, file = name.rsplit("/", 1)
    return CORPUS / ("forums" if folder == "data/forums" else "pilots") / file


def test_corpus_and_expectations_match():
    on_disk = {f"pilots/{f.name}" for f in (CORPUS / "pilots").iterdir()} | \
              {f"data/forums/{f.name}" for f in (CORPUS / "forums").iterdir()}
    assert on_disk == set(EXPECTED)
    assert len(EXPECTED) >= 40


@pytest.fixture(scope="module")
def corpus_hub(tmp_path_factory) -> Path:
    """A small valid hub with every file of the corpus added."""
    root = small_project(tmp_path_factory.mktemp("corpus") / "hub")
    for name in EXPECTED:
        shutil.copyfile(_corpus_file(name), root / name)
    return root


@pytest.fixture(scope="module")
def problem_lines(corpus_hub) -> list[str]:
    _, problems = load_catalog(corpus_hub)
    return format_problems(problems).splitlines()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_record_gives_a_swedish_error_with_its_place(problem_lines, name):
    assert any(line.startswith(EXPECTED[name]) for line in problem_lines), \
        "\n".join(line for line in problem_lines if line.startswith(name))


def test_several_problems_in_one_file_are_all_reported(problem_lines):
    assert any(line.startswith("pilots/flera-fel.yml:8:5: sektorer[1]: texten 'vård'")
               for line in problem_lines)
    assert any(line.startswith("pilots/flera-fel.yml:12:9: status: texten 'klar'")
               for line in problem_lines)


def test_the_valid_records_beside_the_corpus_have_no_problems(problem_lines):
    assert not [line for line in problem_lines if line.startswith(("pilots/ett-forsok.yml",
                                                                   "data/forums/ett-forum.yml"))]


def test_check_prints_every_problem_exits_1_and_never_a_traceback(corpus_hub, problem_lines):
    result = run_cli(corpus_hub, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.splitlines() == problem_lines
    assert problem_lines[-1] == (f"{len(problem_lines) - 1} problem i {len(EXPECTED)} filer. "
                                 "Inget har publicerats.")


def test_billion_laughs_is_refused_without_expanding_it():
    """The node graph is walked once (a visited set), so nine levels of aliases cost nothing."""
    from tillitsnavet.records.yaml_loader import load_bytes

    raw = _corpus_file("pilots/billion-laughs.yml").read_bytes()
    assert len(raw) < 500
    data, problems = load_bytes(raw, "pilots/billion-laughs.yml")
    assert data is None and problems[0].message.startswith("alias (*a) stöds inte")
