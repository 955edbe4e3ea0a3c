"""What sok.js loads only when a word finds nothing: the site's words and a thesaurus.

``pagefind/sokord.json`` (compounds are split against it, typos corrected to
it) and ``pagefind/tesaurus/<letter>.json``: Debian's Swedish thesaurus
(publish/sprak/, its origin and licence in docs/sok.md) narrowed at build
time to entries with a word on the site.
"""

from __future__ import annotations

import bisect
import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path

from .search_aids import SPRAK, Vocabulary, fold

THESAURUS = SPRAK / "th_sv_SE_v2.dat.gz"
_PLAIN = re.compile(r"[a-zåäöé]{3,}")
#: At most this many site words stand in for one reader's word.
THESAURUS_WORDS = 3
#: The endings of Swedish inflection, up to three letters: a site word that
#: is a thesaurus word and one of them is that word on the site.
INFLECTION = frozenset(("", "a", "e", "n", "r", "s", "t", "en", "et", "er", "ar", "or", "na",
                        "de", "te", "ns", "ts", "ad", "at", "ade", "ens", "ets", "ern", "arn",
                        "orn", "rna", "are", "ast"))


def thesaurus_entries(path: Path = THESAURUS) -> Iterator[list[str]]:
    """Each entry of a MyThes thesaurus: its word and its synonyms, one-word ones in lower case.

    The format: a line naming the encoding, then for each entry ``word|n``
    and n lines of synonyms, ``(part of speech)|synonym|synonym…``.
    """
    with gzip.open(path, "rt", encoding="latin-1") as lines:
        encoding = next(lines).strip()
        entry: list[str] = []
        for line in lines:
            if encoding.upper() not in ("ISO-8859-1", "ISO8859-1", "LATIN1"):
                line = line.encode("latin-1").decode(encoding)
            fields = line.rstrip("\n").split("|")
            if line.startswith(("|", "(")):
                entry += fields[1:]
                continue
            if entry:
                yield [w for w in dict.fromkeys(e.lower() for e in entry) if _PLAIN.fullmatch(w)]
            entry = [fields[0]]
        if entry:
            yield [w for w in dict.fromkeys(e.lower() for e in entry) if _PLAIN.fullmatch(w)]


def thesaurus_words(vocabulary: Vocabulary, path: Path = THESAURUS) -> dict[str, list[str]]:
    """Words the site lacks → words of the same thesaurus entry that the site has.

    Narrowed to the site: only entries with a word on the site, and only the
    words the site does not have as keys. A word is on the site as written or
    inflected (a site word that is it and an ending of INFLECTION:
    "förseningar" for "försening", not "flytta" for "flyt"). The site's words
    are given in the thesaurus' form, which Pagefind's stemming finds in every
    inflection.
    """
    site = sorted(vocabulary.counts)

    def pages(word: str) -> int:  # pages of the word or its inflections; 0 if not on the site
        at = bisect.bisect_left(site, word)
        found = 0
        while at < len(site) and site[at].startswith(word):
            if site[at][len(word):] in INFLECTION:
                found = max(found, vocabulary.counts[site[at]])
            at += 1
        return found

    known: dict[str, int] = {}
    meant: dict[str, dict[str, int]] = {}
    for entry in thesaurus_entries(path):
        for word in entry:
            if word not in known:
                known[word] = pages(word)
        present = {w: known[w] for w in entry if known[w]}
        if not present:
            continue
        for word in entry:
            if not known[word]:
                meant.setdefault(word, {}).update(present)
    return {word: sorted(found, key=lambda w: (-found[w], w))[:THESAURUS_WORDS]
            for word, found in sorted(meant.items())}


def vocabulary_files(vocabulary: Vocabulary,
                     thesaurus: Path | None = THESAURUS) -> dict[str, bytes]:
    """The site's words and the thesaurus narrowed to them, for sok.js when a word finds nothing.

    ``sokord.json`` maps each word of the site to the number of pages it is
    on (docs/sok.md says its size): the whole vocabulary, not the
    words of one first letter, since a compound's head begins with any letter
    ("tåg|information") and a typo may be in the first letter ("Vorlänge").
    ``tesaurus/<letter>.json`` maps a word the site lacks to words of the
    site that mean the same (thesaurus_words), by the word's folded first
    letter: the whole narrowed thesaurus is five times the vocabulary.
    """
    files = {"sokord.json": _json(dict(sorted(vocabulary.counts.items())))}
    by_letter: dict[str, dict[str, list[str]]] = {}
    for word, meant in (thesaurus_words(vocabulary, thesaurus) if thesaurus else {}).items():
        by_letter.setdefault(fold(word)[0], {})[word] = meant
    for letter, words in sorted(by_letter.items()):
        files[f"tesaurus/{letter}.json"] = _json(words)
    return files


def _json(content: dict) -> bytes:
    return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()
