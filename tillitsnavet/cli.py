"""``python build_hub.py``: check, build, serve and create records, in Swedish.

The commands are thin: `check` is `load_catalog`; `build` checks the same
way and hands the records to MkDocs (mkdocs_adapter/build.py), which builds
into a fresh folder and only replaces ``site/`` when that build succeeded,
so a broken record never takes the published site down. MkDocs is imported
only by the commands that run it.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

from .editors.report_formats import FORMATS, outputs
from .editors.skeleton import skeleton
from .records.catalog import Catalog, address_taken, load_catalog
from .records.kinds import KINDS, id_problem
from .records.problems import excerpt, filesystem_error
from .records.reference import inside

ROOT = Path(__file__).resolve().parent.parent


class _SwedishParser(argparse.ArgumentParser):
    """argparse with Swedish headings and errors."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "argument"
        self._optionals.title = "flaggor"
        self.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "användning:")

    def format_help(self) -> str:
        return super().format_help().replace("usage:", "användning:")

    def error(self, message: str):
        translated = (message.replace("the following arguments are required", "dessa argument saknas")
                      .replace("invalid choice", "ogiltigt val").replace("choose from", "välj bland")
                      .replace("unrecognized arguments", "okända argument"))
        self.exit(2, f"{self.format_usage()}fel: {translated}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _SwedishParser(
        prog="python build_hub.py",
        description="Tillitsnavet: kontrollera posterna och bygg webbplatsen.",
    )
    commands = parser.add_subparsers(dest="command", metavar="kommando", parser_class=_SwedishParser)
    commands.required = True
    check = commands.add_parser(
        "check", help="kontrollera alla poster (för CI och före commit)",
        description="Kontrollerar alla poster och listar varje fel med fil och rad.")
    check.add_argument("--format", choices=FORMATS, default="text",
                       help="text (standard), github (anteckningar i GitHub Actions), gitlab "
                       "(GitLabs kodkvalitetsrapport, JSON) eller json")
    build = commands.add_parser("build", help="bygg webbplatsen i site/",
                                description="Bygger webbplatsen. site/ byts bara ut om bygget lyckas.")
    build.add_argument("--site-dir", default="site", help="mapp att bygga till (standard: site)")
    serve = commands.add_parser("serve", help="förhandsvisa med automatisk omladdning",
                                description="Startar en förhandsvisning som laddas om när en post ändras.")
    serve.add_argument("--adress", default="127.0.0.1:8000", help="värd:port (standard: 127.0.0.1:8000)")
    archive = commands.add_parser("archive", help="skriv ett zip-arkiv som fungerar från disk",
                                  description="Bygger webbplatsen som ett zip-arkiv som fungerar när det "
                                  "packas upp och öppnas från disken, utan server och utan internet.")
    archive.add_argument("--fil", default="tillitsnavet-arkiv.zip",
                         help="arkivets namn (standard: tillitsnavet-arkiv.zip)")
    commands.add_parser("rapport", help="datakvalitet för redaktionen",
                        description="Poster som inte granskats på 12 månader, saknade rekommenderade "
                        "fält, poster som inget länkar till, källadresser med fel form, antal per slag.")
    new = commands.add_parser("new", help="skapa en ny post från en mall",
                              description="Skapar en ny post (som utkast) som redan är giltig.")
    new.add_argument("slag", choices=list(KINDS), help="forsok, forum eller exempel")
    new.add_argument("id", help="postens id = filnamn och adress, t.ex. kalmar-lan")
    return parser


def _check(root: Path, fmt: str = "text") -> tuple[Catalog | None, int]:
    """Check every record, print what `check` prints; (the catalog if all is well, exit code)."""
    started = time.perf_counter()
    catalog, problems = load_catalog(root)
    counts = ", ".join(f"{len(catalog.of_kind(k))} {KINDS[k].plural.lower()}" for k in KINDS)
    out, err = outputs(problems, fmt, f"Alla poster stämmer ({counts}); kontrollen tog "
                                      f"{time.perf_counter() - started:.2f} s.")
    if out:
        print(out)
    if err:
        print(err, file=sys.stderr)
    return (None, 1) if problems else (catalog, 0)


def build_site(root: Path, site_dir: Path, **settings) -> int:
    """Check, then build into a temporary folder and swap it in. Returns an exit code."""
    catalog, code = _check(root)
    if catalog is None:
        print("Bygget avbröts; den publicerade webbplatsen är orörd.", file=sys.stderr)
        return code
    from .mkdocs_adapter.build import build_site as build_checked

    return build_checked(root, site_dir, catalog, **settings)


def _archive(root: Path, target: Path) -> int:
    from .publish.archive import TOP, write_archive

    target = target if target.is_absolute() else root / target
    with tempfile.TemporaryDirectory(prefix="tillitsnavet-arkiv-") as work:
        code = build_site(root, Path(work) / "site", use_directory_urls=False)
        if code:
            return code
        files, size = write_archive(Path(work) / "site", target)
    print(f"Arkivet är skrivet: {target} ({files} filer, {size / 1e6:.1f} MB). Packa upp det och öppna "
          f"{TOP}/index.html i en webbläsare; det fungerar utan server och utan internet.")
    return 0


def _report(root: Path) -> int:
    from .editors.quality import as_text, quality_report

    catalog, problems = load_catalog(root)
    print(as_text(quality_report(catalog, docs_dir=root / "content", problems=problems)))
    print("\nRapporten finns också på sidan redaktion/kvalitet/ i den byggda webbplatsen "
          "(inte i menyn eller sökningen).")
    return 0


def _serve(root: Path, address: str) -> int:
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        print(f"fel: --adress '{excerpt(address)}' ska vara värd:port, t.ex. 127.0.0.1:8000",
              file=sys.stderr)
        return 1
    if _check(root)[1]:  # a record being written: shown as far as it goes, its problems on top
        print("Förhandsvisningen startar ändå: posterna som stämmer visas, och problemen ovan "
              "står överst på varje sida tills de är rättade. check och build vägrar så länge.",
              file=sys.stderr)
    from .mkdocs_adapter.build import serve_site

    print(f"Förhandsvisning på http://{address}/ (avsluta med Ctrl+C). Sidan laddas om när "
          "en post sparas; rättar du Python-koden behöver du starta om.")
    serve_site(root, address)
    return 0


def _new(root: Path, kind: str, record_id: str) -> int:
    why = id_problem(record_id)
    if why:
        print(f"fel: '{excerpt(record_id)}' kan inte vara ett id: det {why}", file=sys.stderr)
        return 1
    folder = root / KINDS[kind].folder
    target = folder / f"{record_id}.yml"
    if not inside(root, folder):
        print(f"fel: {KINDS[kind].folder}/ leder ut ur projektet (en symbolisk länk); ingen post "
              "skrevs", file=sys.stderr)
        return 1
    taken = address_taken(root, KINDS[kind], record_id)
    if os.path.lexists(target) or taken:
        print(f"fel: {taken or f'{target.relative_to(root)} finns redan'}; välj ett annat id "
              "eller redigera den befintliga posten", file=sys.stderr)
        return 1
    folder.mkdir(parents=True, exist_ok=True)
    schemas = os.path.relpath(root / "schemas", folder).replace(os.sep, "/")
    # O_EXCL: never through a link, never over a file that appeared meanwhile
    with os.fdopen(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644), "w",
                   encoding="utf-8") as stream:
        stream.write(skeleton(kind, schemas))
    print(f"Skapade {target.relative_to(root)} (ett utkast). Fyll i den och kontrollera med: "
          "python build_hub.py check")
    return 0


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    # Material 9.8 prints an English end-of-life banner on every run; the docs cover it.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    args = _parser().parse_args(argv)
    # SIGTERM (how CI cancels a job) unwinds like Ctrl+C, so half-built folders are removed
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        return {"check": lambda: _check(root, args.format)[1],
                "build": lambda: build_site(root, Path(args.site_dir)),
                "archive": lambda: _archive(root, Path(args.fil)),
                "rapport": lambda: _report(root),
                "serve": lambda: _serve(root, args.adress),
                "new": lambda: _new(root, args.slag, args.id)}[args.command]()
    except KeyboardInterrupt:
        print("Avbrutet. Ingenting nytt har publicerats; det som redan var publicerat är orört.",
              file=sys.stderr)
        return 130
    except OSError as error:  # a full disk, a folder we may not write to: said, not traced
        print(f"Det gick inte: {filesystem_error(error)}. Ingenting har publicerats.",
              file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - the last line of defence: no tracebacks
        print(f"Ett oväntat fel inträffade ({type(error).__name__}: {error}). Ingenting har "
              "publicerats. Kör gärna igen med PYTHONDEVMODE=1 och rapportera felet.", file=sys.stderr)
        if os.environ.get("PYTHONDEVMODE"):
            raise
        return 2
