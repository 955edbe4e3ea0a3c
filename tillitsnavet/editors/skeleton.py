"""A new record that already validates: every required field filled in, as a draft.

The skeleton is marked ``utkast: true`` so its placeholder text can never be
published by mistake; the editor replaces the text and removes that line.
Its ``underlag`` is the weakest level, ``omnämnt``: a record claims more only
when an editor has read the sources and raised it.
"""

from __future__ import annotations

import datetime as dt

from ..records.build_date import build_date

#: What every skeleton ends with: its sources, how much they say, and the draft mark.
_TAIL = """\
källor:
  - titel: Skriv källans titel
    url: https://www.example.se/
# Hur mycket källorna säger: forskningsuppföljt (forskarnas resultat återges),
# beskrivet (en källa beskriver vad som gjordes) eller omnämnt (bara nämnt).
underlag: omnämnt
# Fält som måste ha ett värde men som källorna inte bekräftar, t.ex.:
# obekräftat:
#   - {example}
senast_granskad: {today}
utkast: true
"""
#: The field each kind's skeleton names as an example of an unconfirmed one.
_UNCONFIRMED_EXAMPLE = {"forsok": "status", "forum": "arrangörer", "exempel": "organisation"}

SKELETONS = {
    "forsok": """\
# yaml-language-server: $schema={schemas}/forsok.schema.json
# Ny försöksverksamhet. Fyll i, ta bort fält som inte är kända, och ta bort
# raden "utkast: true" när posten är klar att publiceras.
titel: Skriv försökets namn
# Försök Tillit, Tillitsverkstaden, Tillitsnätverket eller Nämnt som exempel
program: Försök Tillit
organisation: Skriv organisationens namn
# kommun, region, statlig myndighet eller annan
organisationstyp: kommun
# kommun: Kalmar
# län: Kalmar län
sektorer:
  - omsorg
period:
  start: "{year}"  # ett år inom citattecken: utan dem läser redigeraren det som ett tal
status: pågående
sammanfattning: En eller två meningar om vad försöket gick ut på.
beskrivning: |
  Vad försöket gick ut på, med egna ord.
principer:
  - tillit
{tail}""",
    "forum": """\
# yaml-language-server: $schema={schemas}/forum.schema.json
# Nytt forum eller evenemang. Ta bort raden "utkast: true" när posten är klar.
titel: Skriv forumets namn
# mötesserie, konferens, dialogmöte, seminarium, mässa eller studiebesök
typ: konferens
period:
  start: "{year}"  # ett år inom citattecken: utan dem läser redigeraren det som ett tal
arrangörer:
  - Skriv arrangörens namn
sammanfattning: En eller två meningar om forumet.
# försök:
#   - id-for-ett-forsok
{tail}""",
    "exempel": """\
# yaml-language-server: $schema={schemas}/exempel.schema.json
# Nytt gott exempel. Ta bort raden "utkast: true" när posten är klar.
titel: Skriv arbetssättets namn
organisation: Skriv organisationens namn
sammanfattning: En eller två meningar om arbetssättet.
vad: |
  Vad som gjordes.
varför: |
  Varför det fungerar, enligt källorna.
principer:
  - tillit
# försök:
#   - id-for-ett-forsok
{tail}""",
}


def skeleton(kind: str, schemas_path: str, today: dt.date | None = None) -> str:
    """The text of a new record of ``kind``, referring to the schemas at ``schemas_path``."""
    today = today or build_date()
    tail = _TAIL.format(example=_UNCONFIRMED_EXAMPLE[kind], today=today.isoformat())
    return SKELETONS[kind].format(schemas=schemas_path, year=today.year, tail=tail)
