"""The hub's one contact channel, set once in mkdocs.yml (``extra.kontakt``).

The footer, Bidra, the accessibility statement (whose feedback route the
law on accessible digital public services requires) and the DCAT-AP-SE
catalogue's contact point all show this one setting, so a new address is
changed in one place. The address is either an e-mail address or a web
address; until the secretariat has one it is left empty, and the pages say
so instead of linking to an address nobody reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_EMAIL = re.compile(r"[^@\s<>\"']+@[^@\s<>\"']+\.[a-z]{2,}", re.IGNORECASE)
_WEB = re.compile(r"https://[^\s<>\"']+")

SETTING = "extra.kontakt"


@dataclass(frozen=True)
class Contact:
    name: str
    address: str = ""  # "" until the secretariat has an address

    @property
    def href(self) -> str:
        """The link to the address: mailto: for e-mail, the address itself for the web."""
        if not self.address:
            return ""
        return self.address if self.address.startswith("https://") else "mailto:" + self.address

    @property
    def is_email(self) -> bool:
        return bool(self.address) and not self.address.startswith("https://")

    def as_setting(self) -> dict[str, str]:
        """The values the theme's templates read from config.extra.kontakt."""
        return {"namn": self.name, "adress": self.address, "href": self.href}


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
    address = address.strip()
    if address and not (_EMAIL.fullmatch(address) or _WEB.fullmatch(address)):
        raise ValueError(f"{SETTING}.adress i mkdocs.yml: '{address}' är varken en "
                         "e-postadress (namn@exempel.se) eller en webbadress som börjar "
                         "med https://")
    return Contact(setting["namn"].strip(), address)
