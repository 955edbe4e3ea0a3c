"""The hub's one contact channel (``extra.kontakt`` in mkdocs.yml): an e-mail or web address.

The footer, Bidra, the accessibility statement (whose feedback route the law requires)
and the DCAT catalogue all show this one setting. Until the secretariat has an address
it is empty, and the pages say so instead of linking to an address nobody reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..records.characters import forbidden
from ..records.characters import name as character_name
from ..records.problems import excerpt

#: ASCII only: a look-alike letter from another script in a domain leads elsewhere
#: (a domain with å, ä or ö is written in its xn-- form); no "?", which could add
#: hidden recipients (?bcc=) to every reader's message.
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_WEB = re.compile(r"https://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(/[A-Za-z0-9._~%!$&'()*+,;=:@/?#-]*)?")

SETTING = "extra.kontakt"


@dataclass(frozen=True)
class Contact:
    name: str
    address: str = ""  # "" until the secretariat has an address

    @property
    def href(self) -> str:
        if not self.address:
            return ""
        return self.address if self.address.startswith("https://") else "mailto:" + self.address

    @property
    def is_email(self) -> bool:
        return bool(self.address) and not self.address.startswith("https://")


def contact_from_setting(setting: Any) -> Contact:
    """The contact channel from mkdocs.yml; a ValueError in Swedish says what to write."""
    if setting is None:
        raise ValueError(f"{SETTING} saknas i mkdocs.yml: skriv namn (t.ex. "
                         "'Tillitsnavets redaktion') och adress (en e-postadress eller "
                         "en webbadress som börjar med https://, eller tomt tills den finns)")
    if not isinstance(setting, dict) or not isinstance(setting.get("namn"), str) \
            or not setting["namn"].strip():
        raise ValueError(f"{SETTING}.namn i mkdocs.yml: skriv vem läsarna kontaktar, "
                         "t.ex. 'Tillitsnavets redaktion'")
    address = setting.get("adress") or ""
    if not isinstance(address, str):
        raise ValueError(f"{SETTING}.adress i mkdocs.yml: skriv en e-postadress eller "
                         "en webbadress som text")
    name = setting["namn"].strip()
    address = address.strip()
    if address.lower().startswith("mailto:"):  # the link is made here; the setting is the address
        address = address[len("mailto:"):]
    for field, value in (("namn", name), ("adress", address)):
        message = forbidden(value)
        if message:
            raise ValueError(f"{SETTING}.{field} i mkdocs.yml {message}")
    if address and not (_EMAIL.fullmatch(address) or _WEB.fullmatch(address)):
        odd = next((c for c in address if not c.isascii() or c.isspace()), "")
        why = (f" (den innehåller {character_name(odd)}; skriv adressen med vanliga tecken, "
               "en domän med å, ä eller ö i sin xn---form)") if odd else (
            " (utan ?-tillägg som ?bcc=)" if "?" in address and "@" in address else "")
        raise ValueError(f"{SETTING}.adress i mkdocs.yml: '{excerpt(address)}' är varken en "
                         "e-postadress (namn@exempel.se) eller en webbadress som börjar "
                         f"med https://{why}")
    return Contact(name, address)
