#!/usr/bin/env python3
"""The benchmark's floor: the same records as ordinary hand-written Markdown pages.

    python bench/floor.py PROJECT OUT

What a user would build instead of the hub: plain MkDocs and Material, one
Markdown page per record, written as a person would write it by hand: the
title, the summary, a table of facts, the text fields as they stand in the
record, the researchers and contacts as lists, links to the related records
(both ways, as the hub shows them), the sources as a numbered list, and one
list page per kind. The records are read from ``PROJECT`` with plain PyYAML,
so nothing of the hub's code is involved.

``OUT`` gets ``docs/`` and a ``mkdocs.yml`` with the hub's theme settings
(Material, Swedish, the same features and palette) and the same Markdown
extensions, no hooks, and Material's own search plugin: the search a user
of plain Material gets without asking (docs/prestanda.md says why this is
the floor's search index). ``mkdocs build -f OUT/mkdocs.yml`` builds it;
``OUT/mkdocs-pagefind.yml`` is the same without Material's search, for a
floor that Pagefind indexes as it indexes the hub.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: kind → (folder of its records, folder of its pages, the list page's title)
KINDS = {
    "forsok": ("pilots", "forsok", "Försök"),
    "forum": ("data/forums", "forum", "Forum"),
    "exempel": ("data/practices", "exempel", "Goda exempel"),
}

#: The facts table of each kind: (label, field or fields).
FACTS = {
    "forsok": [("Organisation", ("organisation", "organisationstyp")), ("Program", "program"),
               ("Plats", ("kommun", "län")), ("Sektorer", "sektorer"), ("Period", "period"),
               ("Status", "status"), ("Principer", "principer"), ("Underlag", "underlag"),
               ("Ämnesord", "taggar")],
    "forum": [("Typ", "typ"), ("Tid", "period"), ("Plats", "plats"),
              ("Kommun och län", ("kommun", "län")), ("Arrangör", "arrangörer"),
              ("Målgrupp", "målgrupp"), ("Sektorer", "sektorer"), ("Principer", "principer"),
              ("Underlag", "underlag"), ("Ämnesord", "taggar")],
    "exempel": [("Organisation", ("organisation", "organisationstyp")),
                ("Plats", ("kommun", "län")), ("Sektorer", "sektorer"),
                ("Principer", "principer"), ("Underlag", "underlag"), ("Ämnesord", "taggar")],
}

#: The sections of each kind, in page order: (heading, field, how).
#: how: "text" a Markdown field, "people" a list of persons, "items" a list of
#: strings, "links:KIND" the records of KIND this field names.
SECTIONS = {
    "forsok": [("Beskrivning", "beskrivning", "text"), ("Resultat", "resultat", "text"),
               ("Lärdomar", "lärdomar", "text"),
               ("Forskare som följde försöket", "forskare", "people"),
               ("Utvärdering", "utvärdering", "text"), ("Kontakt", "kontakt", "people")],
    "forum": [("Teman", "teman", "items"), ("Beskrivning", "beskrivning", "text"),
              ("Program", "program", "text"),
              ("Försök som presenterades", "försök", "links:forsok")],
    "exempel": [("Vad som gjordes", "vad", "text"), ("Varför det fungerar", "varför", "text"),
                ("Från försöket", "försök", "links:forsok"),
                ("Presenterat i forum", "forum", "links:forum")],
}

#: Links the other way: on a page of KIND, the records of another kind that name it.
BACKLINKS = {
    "forsok": [("Goda exempel från försöket", "exempel", "försök"),
               ("Presenterat i forum", "forum", "försök")],
    "forum": [("Goda exempel som presenterades här", "exempel", "forum")],
    "exempel": [],
}


def cell(value: object) -> str:
    """A value as table-cell text."""
    if isinstance(value, dict):  # a period
        # plain PyYAML reads 2017-02-08 as a date: written as the record writes it
        start, end = str(value.get("start") or ""), str(value.get("slut") or "")
        text = start if not end or end == start else f"{start} – {end}"
    elif isinstance(value, list):
        text = ", ".join(str(v) for v in value)
    else:
        text = str(value)
    return " ".join(text.split()).replace("|", "\\|")


def fact(record: dict, fields: str | tuple[str, ...]) -> str:
    if isinstance(fields, str):
        return cell(record[fields]) if record.get(fields) not in (None, "", []) else ""
    first, second = (record.get(f) for f in fields)
    if fields[0] == "organisation" and first:
        return cell(first) + (f" ({cell(second)})" if second else "")
    return ", ".join(cell(v) for v in (first, second) if v)


def person(p: dict) -> str:
    text = p["namn"] + (f", {p['roll']}" if p.get("roll") else "")
    return text + (f" ({p['organisation']})" if p.get("organisation") else "")


def source(s: dict) -> str:
    title = f"[{s['titel']}]({s['url']})" if s.get("url") else s["titel"]
    parts = [title] + [str(s[k]) for k in ("utgivare", "datum") if s.get(k)]
    return ", ".join(parts) + "." + (f" {s['kommentar']}" if s.get("kommentar") else "")


def page(kind: str, record_id: str, record: dict, records: dict, backlinks: dict) -> str:
    title = " ".join(record["titel"].split())
    lines = ["---", yaml.safe_dump({"title": title, "description": " ".join(
        record["sammanfattning"].split())}, allow_unicode=True, sort_keys=False, width=10_000).strip(), "---", "",
             f"# {title}", "", " ".join(record["sammanfattning"].split()), "", "## Fakta", "",
             "| Uppgift | |", "| --- | --- |"]
    for label, fields in FACTS[kind]:
        value = fact(record, fields)
        if value:
            lines.append(f"| {label} | {value} |")
    lines.append("")

    def links(heading: str, targets: list[tuple[str, str]]) -> None:
        if targets:
            lines.extend([f"## {heading}", ""])
            lines.extend(f"- [{records[k][i]['titel']}](../{KINDS[k][1]}/{i}.md)"
                         for k, i in sorted(targets, key=lambda t: records[t[0]][t[1]]["titel"]))
            lines.append("")

    for heading, field, how in SECTIONS[kind]:
        value = record.get(field)
        if not value:
            continue
        if how == "text":
            lines.extend([f"## {heading}", "", value.strip(), ""])
        elif how == "people":
            lines.extend([f"## {heading}", "", *(f"- {person(p)}" for p in value), ""])
        elif how == "items":
            lines.extend([f"## {heading}", "", *(f"- {v}" for v in value), ""])
        else:
            target = how.split(":", 1)[1]
            links(heading, [(target, i) for i in value if i in records[target]])
    for heading, other, field in BACKLINKS[kind]:
        links(heading, backlinks.get((other, field, record_id), []))
    lines.extend(["## Källor", ""])
    lines.extend(f"{n}. {source(s)}" for n, s in enumerate(record["källor"], start=1))
    lines.extend(["", f"Senast granskad {record['senast_granskad']}.", ""])
    return "\n".join(lines)


def read_records(project: Path) -> dict[str, dict[str, dict]]:
    records: dict[str, dict[str, dict]] = {}
    for kind, (folder, _, _) in KINDS.items():
        records[kind] = {}
        for file in sorted((project / folder).glob("*.yml")):
            data = yaml.load(file.read_bytes(), Loader=_Loader)
            if isinstance(data, dict) and not data.get("utkast"):
                records[kind][file.stem] = data
    return records


def config(project: Path, search: bool = True) -> str:
    """The hub's theme and Markdown settings, without hooks, overrides or extra assets.

    ``search=False`` leaves Material's search plugin out, for the floor that
    Pagefind indexes instead (``mkdocs-pagefind.yml``).
    """
    hub = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    theme = {k: v for k, v in hub["theme"].items() if k != "custom_dir"}
    plain = {
        "site_name": hub["site_name"], "site_url": hub.get("site_url", ""),
        "docs_dir": "docs", "use_directory_urls": True,
        "theme": theme, "extra": hub.get("extra", {}),
        "plugins": ["search"] if search else [],  # Material's own search, as plain Material has it
        "markdown_extensions": hub["markdown_extensions"],
        "nav": [{"Start": "index.md"}] + [{title: f"{folder}/index.md"}
                                          for _, folder, title in KINDS.values()],
    }
    return yaml.safe_dump(plain, allow_unicode=True, sort_keys=False)


def write_floor(project: Path, out: Path) -> dict[str, int]:
    """Write the floor project for ``project``'s records to ``out``; return pages per kind."""
    records = read_records(project)
    backlinks: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
    for kind, by_id in records.items():
        for record_id, record in by_id.items():
            for field in ("försök", "forum"):
                for target in record.get(field) or []:
                    backlinks.setdefault((kind, field, target), []).append((kind, record_id))
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    counts = {}
    for kind, (_, folder, title) in KINDS.items():
        (docs / folder).mkdir(parents=True)
        by_id = records[kind]
        for record_id, record in by_id.items():
            (docs / folder / f"{record_id}.md").write_text(
                page(kind, record_id, record, records, backlinks), encoding="utf-8")
        listing = sorted(by_id.items(), key=lambda item: item[1]["titel"])
        (docs / folder / "index.md").write_text(
            f"# {title}\n\n" + "".join(f"- [{r['titel']}]({i}.md)\n" for i, r in listing),
            encoding="utf-8")
        counts[kind] = len(by_id)
    (docs / "index.md").write_text(
        "# Tillitsnavet\n\n" + "".join(f"- [{title}]({folder}/index.md)\n"
                                      for _, folder, title in KINDS.values()), encoding="utf-8")
    (out / "mkdocs.yml").write_text(config(project), encoding="utf-8")
    (out / "mkdocs-pagefind.yml").write_text(config(project, search=False), encoding="utf-8")
    return counts


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    counts = write_floor(Path(args[0]).resolve(), Path(args[1]).resolve())
    print(f"{args[1]}: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
