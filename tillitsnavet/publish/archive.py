"""A zip of the site, built with links that end in ``.html``, that works opened from disk.

Pagefind's search needs a server, so from disk the search box sends the words to the
explorer, which filters in the page.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..records.build_date import build_date

TOP = "tillitsnavet"

README = """\
Tillitsnavet – arkivkopia
=========================

Öppna filen index.html i den här mappen i en webbläsare. Allt fungerar
direkt från disken: menyer, länkar, sidorna om försök, forum och goda
exempel, och Utforska med sina filter. Ingenting hämtas från internet.

Sökrutan behöver en webbserver för fritextsökning; från disken skickar den
orden till Utforska, som filtrerar listan. Med en webbserver fungerar
sökningen som på webbplatsen, till exempel:

    python3 -m http.server -d .

och öppna sedan http://127.0.0.1:8000/index.html.

Uppgifterna finns också som öppna data i mappen data/ (JSON och CSV) och
beskrivs av JSON-schemana i mappen schemas/. Se sidan oppna-data/index.html.
"""


def write_archive(site_dir: Path, target: Path) -> tuple[int, int]:
    """Zip ``site_dir`` into ``target`` below TOP, every member dated by the build's date;
    returns (files, bytes). A zip that fails half-way is removed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".delvis")
    stamp = build_date().timetuple()[:6]
    members = [(f"{TOP}/LASMIG.txt", README.encode("utf-8"))]
    members += ((f"{TOP}/{file.relative_to(site_dir).as_posix()}", file)
                for file in sorted(site_dir.rglob("*")) if file.is_file())
    partial.unlink(missing_ok=True)  # a killed run's; "x" below never writes through a link
    try:
        with open(partial, "xb") as stream, zipfile.ZipFile(
                stream, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            for count, (name, content) in enumerate(members, 1):
                info = zipfile.ZipInfo(name, stamp)
                info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
                zf.writestr(info, content if isinstance(content, bytes) else content.read_bytes(),
                            compresslevel=9)
        partial.replace(target)  # a half-written zip never takes the name
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return count, target.stat().st_size
