#!/usr/bin/env python3
"""Realistic synthetic records for the benchmark: a copy of the hub with N records.

    python bench/generate.py 1000 bench/out/hub-1000

The copy has everything the hub needs (configuration, content, macros,
schemas, reference data, code) and, instead of the shipped records, ``N``
generated ones: about 60 % pilots, 15 % forums and 25 % good practices.
Every optional field is filled (``obekräftat`` in one record in ten, so that
what counts skips a value), the text is Swedish (å, ä, ö) with
Markdown paragraphs, lists, emphasis and links, municipalities and counties
are the real 290 and 21 and match each other, and forums and good practices
refer to pilots and forums. The same size and seed always give the same
files, so runs compare.

Every generated project passes ``python build_hub.py check`` with zero
problems; ``run.py`` verifies that before it measures anything.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import unicodedata
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent

#: Folders and files of the work tree that a generated project does not need.
_SKIP = shutil.ignore_patterns(
    "site", ".site-gammal", ".site-*", ".bygge-*", ".git", "__pycache__", ".pytest_cache", ".venv",
    ".hypothesis", "node_modules", "bench", "tests", ".benchmarks", ".ci", "*.egg-info",
)
RECORD_FOLDERS = {"forsok": "pilots", "forum": "data/forums", "exempel": "data/practices"}
SCHEMA_HEADER = {
    "forsok": "# yaml-language-server: $schema=../schemas/forsok.schema.json\n",
    "forum": "# yaml-language-server: $schema=../../schemas/forum.schema.json\n",
    "exempel": "# yaml-language-server: $schema=../../schemas/exempel.schema.json\n",
}

# --- vocabulary ----------------------------------------------------------

SECTORS = ["hälso- och sjukvård", "omsorg", "socialtjänst", "skola", "högre utbildning",
           "kommunövergripande", "statsförvaltning", "tillsyn", "arbetsmarknad",
           "socialförsäkring", "transporter", "rättsväsende"]
PRINCIPLES = ["tillit", "medborgarfokus", "helhetssyn", "handlingsutrymme", "stöd", "kunskap",
              "öppenhet", "långsiktighet"]
PROGRAMS = ["Försök Tillit", "Tillitsverkstaden", "Tillitsnätverket", "Nämnt som exempel"]
FORUM_TYPES = ["mötesserie", "konferens", "dialogmöte", "seminarium", "mässa", "studiebesök"]
EVIDENCE = ["forskningsuppföljt", "beskrivet", "omnämnt"]
COUNTY_SEATS = {
    "01": "Stockholm", "03": "Uppsala", "04": "Nyköping", "05": "Linköping", "06": "Jönköping",
    "07": "Växjö", "08": "Kalmar", "09": "Gotland", "10": "Karlskrona", "12": "Malmö",
    "13": "Halmstad", "14": "Göteborg", "17": "Karlstad", "18": "Örebro", "19": "Västerås",
    "20": "Falun", "21": "Gävle", "22": "Härnösand", "23": "Östersund", "24": "Umeå", "25": "Luleå",
}
AGENCIES = [  # (name, seat)
    ("Försäkringskassan", "Stockholm"), ("Skatteverket", "Solna"),
    ("Arbetsförmedlingen", "Stockholm"), ("Trafikverket", "Borlänge"),
    ("Socialstyrelsen", "Stockholm"), ("Skolverket", "Stockholm"),
    ("Statens skolinspektion", "Stockholm"), ("Migrationsverket", "Norrköping"),
    ("Kriminalvården", "Norrköping"), ("Polismyndigheten", "Stockholm"),
    ("Lantmäteriet", "Gävle"), ("Statens servicecenter", "Gävle"),
    ("Kronofogdemyndigheten", "Sundbyberg"), ("Transportstyrelsen", "Norrköping"),
    ("Boverket", "Karlskrona"), ("Naturvårdsverket", "Stockholm"),
    ("Folkhälsomyndigheten", "Solna"), ("Inspektionen för vård och omsorg", "Stockholm"),
    ("Pensionsmyndigheten", "Stockholm"), ("Tullverket", "Stockholm"),
    ("E-hälsomyndigheten", "Stockholm"), ("Riksarkivet", "Stockholm"),
    ("Statskontoret", "Stockholm"), ("Arbetsmiljöverket", "Stockholm"),
    ("Ekonomistyrningsverket", "Stockholm"), ("Domstolsverket", "Jönköping"),
    ("Åklagarmyndigheten", "Stockholm"), ("Myndigheten för vård- och omsorgsanalys", "Stockholm"),
    ("Sveriges lantbruksuniversitet", "Uppsala"), ("Lunds universitet", "Lund"),
    ("Umeå universitet", "Umeå"), ("Mälardalens universitet", "Västerås"),
    ("Göteborgs universitet", "Göteborg"), ("Linköpings universitet", "Linköping"),
    ("Statens institutionsstyrelse", "Solna"), ("Myndigheten för samhällsskydd och beredskap",
                                                "Karlstad"),
    ("Läkemedelsverket", "Uppsala"), ("Centrala studiestödsnämnden", "Sundsvall"),
    ("Bolagsverket", "Sundsvall"), ("Sjöfartsverket", "Norrköping"),
]
THEMES = ["Tillitsbaserad hemtjänst", "Lärande uppföljning", "Medarbetardriven utveckling",
          "Färre detaljmål", "Coachande ledarskap", "Samordnad individuell plan",
          "Förenklad dokumentation", "Tillit i skolans styrning", "Lärande tillsyn",
          "Ersättningsmodell utan detaljstyrning", "Självstyrande team i äldreomsorgen",
          "Brukarnas röst i socialtjänsten", "Ledning nära verksamheten",
          "Ökat handlingsutrymme för sjuksköterskor", "Gemensam värdegrund",
          "Styrning med förtroende", "Dialog i stället för rapporter",
          "Förbättringsgrupper på vårdcentralen", "Tvärprofessionella möten",
          "Förenklade mål- och resultatkrav", "Öppna jämförelser som lärande",
          "Tillitsbaserad budgetprocess", "Återkoppling från medborgarna",
          "Kompetensutveckling för första linjens chefer", "Kortare beslutsvägar",
          "Färre kontrollpunkter i handläggningen", "Lärande nätverk för rektorer"]
SUBJECTS = ["medarbetarna", "första linjens chefer", "förvaltningsledningen", "politikerna i nämnden",
            "brukarna och deras anhöriga", "enhetscheferna", "lärarna och rektorerna",
            "sjuksköterskorna och undersköterskorna", "handläggarna", "socialsekreterarna",
            "kvalitetsstrategerna", "de förtroendevalda", "forskarna som följde arbetet"]
VERBS = ["prövade", "utvecklade", "förenklade", "följde upp", "diskuterade", "ifrågasatte",
         "omprövade", "beskrev", "förändrade", "förstärkte", "minskade", "byggde upp"]
OBJECTS = ["styrningen av verksamheten", "de detaljerade rapporteringskraven",
           "dokumentationen i vardagen", "mötet med brukaren", "uppföljningen av målen",
           "samverkan mellan förvaltningarna", "det gemensamma ansvaret för kvaliteten",
           "relationen mellan chef och medarbetare", "ersättningsmodellen",
           "tillsynens fokus på lärande", "beslutsvägarna i organisationen",
           "tidsstyrningen i hemtjänsten", "arbetet med förbättringar i små steg",
           "förtroendet mellan politik och förvaltning", "kunskapen om vad som fungerar"]
ENDINGS = ["för att frigöra tid till kärnuppdraget", "så att beslut kan fattas närmare medborgaren",
           "med stöd av följeforskning", "under en period av två år",
           "i nära dialog med de fackliga organisationerna", "trots en ansträngd ekonomi",
           "med tydliga mandat och resurser", "utifrån invånarnas behov",
           "utan att ge upp kraven på uppföljning", "som en del av ett större förändringsarbete",
           "med särskilt fokus på äldreomsorgen", "i samarbete med en högskola i länet"]
OPENERS = ["Under försöket", "Enligt utvärderingen", "I början", "Efter det första året",
           "Till skillnad från tidigare", "Vid en uppföljning", "Med tiden", "Sammantaget",
           "På flera enheter", "I socialtjänsten", "I skolan", "Inom vården"]
TAGS = ["ledarskap", "styrmodell", "hemtjänst", "äldreomsorg", "förbättringsarbete", "delaktighet",
        "dokumentation", "uppföljning", "tillsyn", "ersättningsmodeller", "värdegrund", "dialog",
        "kunskapsutbyte", "brukarinflytande", "medarbetarskap", "samverkan", "lärande",
        "kvalitetsutveckling", "förenkling", "digitalisering", "skolutveckling", "socialtjänst",
        "primärvård", "budget", "målstyrning", "coachning", "självorganisering", "öppenhet"]
FIRST = ["Åsa", "Björn", "Märta", "Göran", "Ingrid", "Jöns", "Karin", "Lars", "Maja", "Örjan",
         "Sofia", "Anders", "Ebba", "Håkan", "Linnéa", "Mikael", "Ulla", "Per", "Sara", "Tove",
         "Ångela", "Östen", "Elin", "Nils", "Annika", "Jonas", "Lena", "Oskar", "Hanna", "Erik"]
LAST = ["Lindström", "Öberg", "Åkesson", "Bergström", "Sjöberg", "Hägg", "Nyström", "Ekström",
        "Söderberg", "Karlsson", "Andersson", "Björk", "Forsgren", "Holmqvist", "Lundgren",
        "Wikström", "Östlund", "Ångström", "Dahlén", "Mårtensson", "Jönsson", "Håkansson"]
ROLES = ["verksamhetsutvecklare", "enhetschef", "projektledare", "kvalitetsstrateg",
         "förvaltningschef", "HR-strateg", "utvecklingsledare", "rektor", "avdelningschef"]
RESEARCH = ["Lunds universitet", "Göteborgs universitet", "Stockholms universitet, SCORE",
            "Karlstads universitet", "Högskolan i Borås", "Linnéuniversitetet",
            "Örebro universitet", "Mittuniversitetet", "Södertörns högskola", "Umeå universitet"]
PUBLISHERS = ["Tillitsdelegationen", "Regeringskansliet", "Sveriges Kommuner och Regioner",
              "Dagens Samhälle", "Altinget", "Statskontoret", "Vårdanalys", "Kommunen",
              "Regionen", "Publikt", "Läkartidningen", "Vision"]
PLACES = ["Folkets hus", "Stadshuset", "Kulturhuset", "Länsstyrelsens konferenssal",
          "Mässhallen", "Stadsbiblioteket", "Regionens hus", "Kommunhuset", "Universitetsaulan"]


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Multi-line text as readable block literals, as the secretariat writes it."""


def _represent_str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


class Generator:
    """Deterministic synthetic records (one seed, one output)."""

    def __init__(self, root: Path, seed: int = 2016):
        self.rnd = random.Random(seed)
        geo = json.loads((root / "data/geo/swedish_municipalities.geojson").read_text("utf-8"))
        counties = yaml.safe_load((root / "data/lan.yml").read_text("utf-8"))["län"]
        self.county_name = {c["kod"]: c["namn"] for c in counties}
        self.map_name = {c["kod"]: c["kartnamn"] for c in counties}
        self.municipalities = sorted((f["properties"]["kom_namn"], f["properties"]["lan_code"])
                                     for f in geo["features"])
        self.county_of = dict(self.municipalities)
        self.by_county: dict[str, list[str]] = {}
        for name, code in self.municipalities:
            self.by_county.setdefault(code, []).append(name)

    # --- text -----------------------------------------------------------

    def sentence(self, org: str) -> str:
        r = self.rnd
        if r.random() < 0.25:
            return (f"{r.choice(OPENERS)} {r.choice(VERBS)} {org} {r.choice(OBJECTS)} "
                    f"{r.choice(ENDINGS)}.")
        text = f"{r.choice(OPENERS)} {r.choice(VERBS)} {r.choice(SUBJECTS)} {r.choice(OBJECTS)}"
        if r.random() < 0.6:
            text += f" {r.choice(ENDINGS)}"
        if r.random() < 0.15:
            text += f", vilket gav *{r.choice(['mer tid', 'färre avvikelser', 'nöjdare brukare', 'bättre styrning', 'ökad tillit'])}*"
        return text + "."

    def paragraph(self, org: str, sentences: tuple[int, int] = (3, 6)) -> str:
        words = " ".join(self.sentence(org) for _ in range(self.rnd.randint(*sentences)))
        # wrap at ~78 columns, as hand-written records are
        lines, line = [], ""
        for word in words.split():
            if line and len(line) + 1 + len(word) > 78:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        return "\n".join(lines + [line])

    def markdown(self, org: str, paragraphs: tuple[int, int] = (2, 4), bullets: bool = False,
                 link: bool = False) -> str:
        parts = [self.paragraph(org) for _ in range(self.rnd.randint(*paragraphs))]
        if bullets:
            parts.append("\n".join(f"- {self.sentence(org)}" for _ in range(self.rnd.randint(3, 5))))
        if link:
            sou = f"{self.rnd.randint(2017, 2020)}:{self.rnd.randint(10, 60)}"
            parts.append(f"Läs mer i [SOU {sou} om tillitsbaserad "
                         f"styrning](https://lagen.nu/sou/{sou}) och i "
                         f"**{org}s** egen redovisning.")
        return "\n\n".join(parts) + "\n"

    def summary(self, org: str) -> str:
        text = f"{org} {self.rnd.choice(VERBS)} {self.rnd.choice(OBJECTS)} {self.rnd.choice(ENDINGS)}."
        text += f" Arbetet gällde främst {self.rnd.choice(OBJECTS)} och tillitsbaserad styrning."
        return text[:300]

    def person(self, organisation: str | None = None, role: bool = False) -> dict:
        p = {"namn": f"{self.rnd.choice(FIRST)} {self.rnd.choice(LAST)}",
             "organisation": organisation or self.rnd.choice(RESEARCH)}
        if role:
            p["roll"] = self.rnd.choice(ROLES)
        return p

    def date(self, year_from: int = 2016, year_to: int = 2024) -> str:
        y, m, d = self.rnd.randint(year_from, year_to), self.rnd.randint(1, 12), self.rnd.randint(1, 28)
        return f"{y}-{m:02d}-{d:02d}"

    def sources(self, org: str) -> list[dict]:
        out = []
        for i in range(self.rnd.randint(2, 6)):
            publisher = self.rnd.choice(PUBLISHERS)
            out.append({
                "titel": f"{self.rnd.choice(THEMES)}: {org.lower() if i % 3 == 0 else org} och styrningen",
                "url": f"https://www.{slug(publisher)}.se/artiklar/{slug(org)}-{self.rnd.randint(100, 99999)}/",
                "utgivare": publisher,
                "datum": self.date(2016, 2023)[: self.rnd.choice([4, 7, 10])],
                "kommentar": f"Beskriver hur {self.rnd.choice(SUBJECTS)} {self.rnd.choice(VERBS)} "
                             f"{self.rnd.choice(OBJECTS)}.",
            })
        return out

    def period(self) -> dict:
        start = self.date(2016, 2022)
        end_year = int(start[:4]) + self.rnd.randint(0, 3)
        end = f"{end_year}-{self.rnd.randint(int(start[5:7]) if end_year == int(start[:4]) else 1, 12):02d}"
        return {"start": start[:7], "slut": end}

    def place(self) -> tuple[str, str, str, str]:
        """(organisation, organisationstyp, kommun, län) for one record."""
        r = self.rnd.random()
        if r < 0.55:
            kommun, code = self.rnd.choice(self.municipalities)
            suffix = "stad" if kommun in ("Stockholm", "Göteborg", "Malmö") else "kommun"
            return f"{kommun} {suffix}", "kommun", kommun, self.county_name[code]
        if r < 0.75:
            code = self.rnd.choice(sorted(self.county_name))
            return (f"Region {self.map_name[code]}", "region", COUNTY_SEATS[code],
                    self.county_name[code])
        if r < 0.95:
            name, seat = self.rnd.choice(AGENCIES)
            return name, "statlig myndighet", seat, self.county_name[self.county_of[seat]]
        kommun, code = self.rnd.choice(self.municipalities)
        return f"Stiftelsen {kommun}hemmet", "annan", kommun, self.county_name[code]

    def tags(self) -> list[str]:
        return self.rnd.sample(TAGS, self.rnd.randint(2, 6))

    # --- records --------------------------------------------------------

    def pilot(self, index: int) -> tuple[str, dict]:
        org, org_type, kommun, county = self.place()
        title = f"{self.rnd.choice(THEMES)} – {org}"
        period = self.period()
        return f"{slug(title)}-{index}", {
            "titel": title,
            "program": self.rnd.choice(PROGRAMS),
            "organisation": org,
            "organisationstyp": org_type,
            "kommun": kommun,
            "län": county,
            "sektorer": self.rnd.sample(SECTORS, self.rnd.randint(1, 3)),
            "period": period,
            "status": "avslutad" if int(period["slut"][:4]) < 2025 else "pågående",
            "sammanfattning": self.summary(org),
            "beskrivning": self.markdown(org, (3, 4), link=True),
            "resultat": self.markdown(org, (1, 2)),
            "lärdomar": self.markdown(org, (0, 1), bullets=True),
            "principer": self.rnd.sample(PRINCIPLES, self.rnd.randint(1, 4)),
            "forskare": [self.person() for _ in range(self.rnd.randint(1, 3))],
            "utvärdering": self.markdown(org, (1, 1), link=True),
            "kontakt": [self.person(org, role=True) for _ in range(self.rnd.randint(1, 2))],
            "källor": self.sources(org),
            **self.evidence(index, "status"),
            "taggar": self.tags(),
            "senast_granskad": self.date(2024, 2025),
            "utkast": False,
        }

    def evidence(self, index: int, unsure: str) -> dict:
        """``underlag`` in turn, and one record in ten with a field marked ``obekräftat``.

        Chosen from the index, not drawn: the random stream, and so every
        other generated field, stays what it was before these fields existed.
        """
        fields = {"underlag": EVIDENCE[index % len(EVIDENCE)]}
        if index % 10 == 0:
            fields["obekräftat"] = [unsure]
        return fields

    def forum(self, index: int, pilots: list[str]) -> tuple[str, dict]:
        _, _, kommun, county = self.place()
        kind = self.rnd.choice(FORUM_TYPES)
        title = f"{self.rnd.choice(THEMES)} – {kind} i {kommun}"
        start = self.date(2016, 2023)
        return f"{slug(title)}-{index}", {
            "titel": title,
            "typ": kind,
            "period": {"start": start, "slut": start},
            "plats": f"{self.rnd.choice(PLACES)}, {kommun}",
            "kommun": kommun,
            "län": county,
            "teman": self.rnd.sample(THEMES, self.rnd.randint(3, 8)),
            "arrangörer": ["Tillitsdelegationen"] + self.rnd.sample(PUBLISHERS[2:], self.rnd.randint(0, 3)),
            "målgrupp": f"Chefer och medarbetare i {self.rnd.choice(SECTORS)}",
            "sektorer": self.rnd.sample(SECTORS, self.rnd.randint(1, 4)),
            "principer": self.rnd.sample(PRINCIPLES, self.rnd.randint(1, 4)),
            "försök": self.rnd.sample(pilots, min(len(pilots), self.rnd.randint(1, 5))),
            "sammanfattning": self.summary(f"Forumet i {kommun}"),
            "beskrivning": self.markdown(f"forumet i {kommun}", (2, 3)),
            "program": self.markdown(f"forumet i {kommun}", (0, 1), bullets=True),
            "källor": self.sources(f"Forum i {kommun}"),
            **self.evidence(index, "arrangörer"),
            "taggar": self.tags(),
            "senast_granskad": self.date(2024, 2025),
            "utkast": False,
        }

    def practice(self, index: int, pilots: list[str], forums: list[str]) -> tuple[str, dict]:
        org, org_type, kommun, county = self.place()
        title = f"{self.rnd.choice(THEMES)} hos {org}"
        return f"{slug(title)}-{index}", {
            "titel": title,
            "organisation": org,
            "organisationstyp": org_type,
            "kommun": kommun,
            "län": county,
            "sektorer": self.rnd.sample(SECTORS, self.rnd.randint(1, 3)),
            "sammanfattning": self.summary(org),
            "vad": self.markdown(org, (2, 3)),
            "varför": self.markdown(org, (1, 2), bullets=True),
            "försök": self.rnd.sample(pilots, min(len(pilots), self.rnd.randint(1, 3))),
            "forum": self.rnd.sample(forums, min(len(forums), self.rnd.randint(1, 2))),
            "principer": self.rnd.sample(PRINCIPLES, self.rnd.randint(1, 4)),
            "källor": self.sources(org),
            **self.evidence(index, "sektorer"),
            "taggar": self.tags(),
            "senast_granskad": self.date(2024, 2025),
            "utkast": False,
        }


def split(count: int) -> dict[str, int]:
    """How many records of each kind: 60 % pilots, 15 % forums, the rest good practices."""
    pilots = max(1, round(count * 0.60))
    forums = max(1, round(count * 0.15))
    return {"forsok": pilots, "forum": forums, "exempel": max(0, count - pilots - forums)}


def _write(folder: Path, kind: str, record_id: str, data: dict) -> int:
    text = SCHEMA_HEADER[kind] + yaml.dump(data, Dumper=_Dumper, allow_unicode=True,
                                           sort_keys=False, width=100)
    raw = text.encode("utf-8")
    (folder / f"{record_id}.yml").write_bytes(raw)
    return len(raw)


def generate(target: Path, count: int, seed: int = 2016) -> dict:
    """Make ``target`` a copy of the hub with ``count`` generated records; return a summary."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(REPO, target, ignore=_SKIP)
    for folder in RECORD_FOLDERS.values():
        shutil.rmtree(target / folder, ignore_errors=True)
        (target / folder).mkdir(parents=True)
    gen = Generator(target, seed)
    sizes = split(count)
    written = 0
    pilots = []
    for i in range(sizes["forsok"]):
        record_id, data = gen.pilot(i + 1)
        written += _write(target / RECORD_FOLDERS["forsok"], "forsok", record_id, data)
        pilots.append(record_id)
    forums = []
    for i in range(sizes["forum"]):
        record_id, data = gen.forum(i + 1, pilots)
        written += _write(target / RECORD_FOLDERS["forum"], "forum", record_id, data)
        forums.append(record_id)
    for i in range(sizes["exempel"]):
        record_id, data = gen.practice(i + 1, pilots, forums)
        written += _write(target / RECORD_FOLDERS["exempel"], "exempel", record_id, data)
    return {"records": count, **sizes, "yaml_bytes": written}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int, help="number of records, e.g. 1000")
    parser.add_argument("target", type=Path, help="folder for the generated project (replaced)")
    parser.add_argument("--seed", type=int, default=2016)
    args = parser.parse_args(argv)
    summary = generate(args.target, args.count, args.seed)
    print(f"{args.target}: {summary['records']} records ({summary['forsok']} pilots, "
          f"{summary['forum']} forums, {summary['exempel']} good practices), "
          f"{summary['yaml_bytes'] / 1e6:.1f} MB YAML")
    return 0


if __name__ == "__main__":
    sys.exit(main())
