"""Words added to each page's search index, never to the page a reader sees.

Pagefind folds å/ä/ö to a/a/o, matches every word as a prefix and knows no
compounds or synonyms. Rather than a second engine, the index is built from
a copy of each page with a few index-only words at the end (search_index.py):

* **Marks for å/ä/ö.** "vården" is also indexed as "vqarden" (å → qa,
  ä → qe, ö → qo). sok.js searches "vård" as "vqard", which prefix-matches
  only words written with å, so a typed å is honoured while "vard" still
  finds both.
* **Acronyms** written in capitals (IVO, SKR, SOU) are also indexed as
  "qzskrqz"; sok.js searches a query word in capitals that way, so SKR no
  longer finds "skrivs".
* **Compound heads** against the site's own vocabulary: "styrmodell" adds
  "modell", so "modell" finds the page.
* **Synonyms** from data/synonymer.yml, and English terms from
  sprak/engelska.yml: a page that names one word of a group is also found
  by the others (Säpo, Säkerhetspolisen; Polismyndigheten, police).

The copy also gives Pagefind the page's <h1> as written as the result's
title (``title_meta``), so no added word shows in a title.

Beside the index, for sok.js when a word finds nothing: the site's words
(compounds are split against them, typos corrected to them) and the
Swedish thesaurus of sprak/ narrowed to them (word_lists.py).

sok.js applies the same two encodings to the query (``mark`` and
``acronym_mark`` here, ``mark`` and ``acronym`` there). No test runs the two
side by side: the reader-query suite (tests/search/, typed in Chromium) is
what fails if they part, as its words typed with å/ä/ö and its acronyms
then find nothing.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: Where the index-only words go: searchable() leaves this comment at the end
#: of each page's searchable part, and the index copy replaces it.
SLOT = "<!--hub-sokhjalp-->"
#: The first index-only word, so sok.js can tell page words from added ones.
START = "qqsokhjalpqq"

_WORD = re.compile(r"[^\W\d_]+")
#: Put before each index-only word written inside the text (see index_html).
INSERTED = "\u2063"
_ACRONYM = re.compile(r"[A-ZÅÄÖ]{2,6}")
_MARKS = str.maketrans({"å": "qa", "ä": "qe", "ö": "qo"})
_FOLD = str.maketrans("åäöéèüáà", "aaoeeuaa")
#: The shortest part a compound is split into ("styr" in "styrmodell").
SHORTEST_PART = 4
#: Language resources (sprak/README.md: what each is, where it comes from, its licence).
SPRAK = Path(__file__).with_name("sprak")


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def fold(word: str) -> str:
    """The word as Pagefind matches it: lower case, å/ä/ö as a/a/o."""
    return word.lower().translate(_FOLD)


def mark(word: str) -> str | None:
    """The index-only form of a word with å/ä/ö; None for a word without."""
    lower = word.lower()
    marked = lower.translate(_MARKS)
    return marked if marked != lower else None


def acronym_mark(word: str) -> str | None:
    """The index-only form of a word in capitals (an acronym); None otherwise."""
    return f"qz{fold(word)}qz" if _ACRONYM.fullmatch(word) else None


@dataclass(frozen=True)
class SynonymGroup:
    terms: tuple[str, ...]

    def named_in(self, lowered_text: str, tokens: set[str]) -> bool:
        return any(_names(term, lowered_text, tokens) for term in self.terms)

    def named_by(self, word: str) -> bool:
        """Whether one word of a text is a one-word term of the group (or its inflection)."""
        return any(" " not in term and _names(term, "", {word.lower()}) for term in self.terms)

    def words(self) -> list[str]:
        """The words of all terms, without the small ones a phrase is joined by."""
        return [w for term in self.terms for w in words(term)
                if len(w) >= 2 and w.lower() not in {"och", "för", "med", "i", "på"}]


def _names(term: str, lowered_text: str, tokens: set[str]) -> bool:
    term = term.lower()
    if " " in term:
        return re.search(r"(?<!\w)" + re.escape(term) + r"(?!\w)", lowered_text) is not None
    # An inflected form counts ("landstinget"), a longer compound does not; a
    # short term (an acronym: "Af") only as itself, or "affär" would name it.
    room = 4 if len(term) > 3 else 0
    return any(token.startswith(term) and len(token) - len(term) <= room for token in tokens)


def synonym_groups(entries: Iterable[dict]) -> list[SynonymGroup]:
    """The groups of data/synonymer.yml (checked by its schema at load)."""
    return [SynonymGroup(tuple(entry["ord"])) for entry in entries]


def english_groups() -> list[SynonymGroup]:
    """sprak/engelska.yml: English words for the site's Swedish terms, added like synonyms."""
    import yaml

    entries = yaml.safe_load((SPRAK / "engelska.yml").read_text(encoding="utf-8"))
    return synonym_groups(entries["engelska"])


class Vocabulary:
    """The words of the whole site, lower case: compounds are split against them."""

    def __init__(self, counts: Counter):
        self.counts = counts
        self._parts: dict[str, tuple[str, ...]] = {}
        #: word as written → the word with its aids, for index_html (one synonym list per build)
        self.written: dict[str, str] = {}

    @classmethod
    def of(cls, texts: Iterable[str]) -> Vocabulary:
        counts: Counter = Counter()
        for text in texts:
            counts.update({w.lower() for w in words(text) if len(w) >= 3})
        return cls(counts)

    def parts(self, word: str) -> tuple[str, ...]:
        """A compound's two parts, the longest known head first tried; () if none."""
        word = word.lower()
        if word not in self._parts:
            self._parts[word] = self._split(word)
        return self._parts[word]

    def _split(self, word: str) -> tuple[str, ...]:
        for cut in range(SHORTEST_PART - 1, len(word) - SHORTEST_PART + 1):
            head, modifier = word[cut:], word[:cut]
            if head not in self.counts or len(modifier) < 3:
                continue
            for stem in (modifier, modifier[:-1] if modifier[-1] in "se" else None,
                         modifier + "a"):
                if stem and len(stem) >= 3 and stem in self.counts:
                    return (stem, head)
        return ()


@lru_cache(maxsize=4)
def _one_word_terms(synonyms: tuple[SynonymGroup, ...]) -> tuple[str, ...]:
    return tuple(term.lower() for group in synonyms for term in group.terms if " " not in term)


def word_aids(word: str, vocabulary: Vocabulary, synonyms: list[SynonymGroup] = ()) -> list[str]:
    """The index-only words written right after ``word``, so they share its weight and place."""
    found = [mark(word), acronym_mark(word)]
    # A group names a word only if one of its one-word terms begins it: asked
    # of all terms at once first, most words are spared every group's question.
    if synonyms and word.lower().startswith(_one_word_terms(tuple(synonyms))):
        for group in synonyms:
            if group.named_by(word):
                for other in group.words():
                    found += [other.lower(), mark(other), acronym_mark(other)]
    if len(word) >= 2 * SHORTEST_PART - 1:
        # Only the head ("modell" of "styrmodell"): the first part is found by
        # Pagefind's prefix match already, and adding it again would rank every
        # "Tillitsnätverket" above the page about "tillit" itself.
        for part in vocabulary.parts(word)[1:]:
            found += [part, mark(part)]
    return [f for f in found if f]


def page_aids(text: str, synonyms: list[SynonymGroup]) -> str:
    """The index-only words at the end of a page: the words of the synonym groups
    that only a phrase of the page names (one-word terms are added in place)."""
    flat = " ".join(text.lower().split())
    # A phrase can only stand in the text if each of its words does: most
    # pages have none of a phrase's words, and are spared its search.
    present = set(words(flat))
    added: dict[str, None] = {}
    for group in synonyms:
        phrases = [t for t in group.terms if " " in t and set(words(t.lower())) <= present]
        if phrases and SynonymGroup(tuple(phrases)).named_in(flat, set()):
            # a phrase ("Sveriges Kommuner och Landsting")
            for word in group.words():
                for form in (word.lower(), mark(word), acronym_mark(word)):
                    if form:
                        added[form] = None
    return " ".join([START, *added]) if added else ""


def index_html(page_html: str, text: str, vocabulary: Vocabulary,
               synonyms: list[SynonymGroup], spans: list[tuple[int, int]],
               guide: bool = False) -> str:
    """The page as the index reads it: aids after its words, synonyms at the end.

    Added words begin with INSERTED (an invisible separator, which Pagefind
    drops from the word but keeps in the result text), so sok.js leaves them
    out of the excerpt a reader sees. Only the text in ``spans``
    (search_index.searchable_spans: what Pagefind indexes) is touched; the
    result metadata and what Pagefind skips stay as written.
    """
    body = page_html.find("data-pagefind-body")
    end = page_html.find(SLOT)
    if body < 0 or end < body:
        return page_html
    known = vocabulary.written  # a word's aids are the same on every page

    # A word's aids follow its first place on the page only, where Pagefind's
    # excerpt shows it: after every place they were a third of the words
    # indexed, for no query found more. Acronyms keep theirs everywhere:
    # "SOU 2019:43" ranks the report's page by how often it names SOU.
    aided: set[str] = set()

    def one(word: re.Match) -> str:
        found = word[0]
        with_aids = known.get(found)
        if with_aids is None:
            with_aids = known[found] = found + "".join(
                f" {INSERTED}{aid}" for aid in word_aids(found, vocabulary, synonyms))
        if len(with_aids) == len(found) or found in aided:  # most words: no aids
            return found
        if not _ACRONYM.fullmatch(found):
            aided.add(found)
        return with_aids

    pieces, last = [], body
    for start, stop in spans:
        pieces += [page_html[last:start], _WORD.sub(one, page_html[start:stop])]
        last = stop
    aids = page_aids(text, synonyms)
    return (page_html[:body] + "".join(pieces) + page_html[last:end]
            + title_meta(page_html, spans, guide)
            + (f"<p>{aids}</p>" if aids else "") + page_html[end + len(SLOT):])


_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.DOTALL | re.IGNORECASE)


def title_meta(page_html: str, spans: list[tuple[int, int]], guide: bool = False) -> str:
    """What the index copy tells Pagefind besides the words: the result's title, the page's kind.

    Pagefind takes a result's title from the first <h1> it indexes, and the
    index copy's <h1> carries the aids (they share its weight). An explicit
    ``title`` metadata wins over the <h1>; it is the page's first <h1> as a
    reader sees it before any word is added: only the text in ``spans`` (what
    Pagefind reads: the permalink's pilcrow is not), whitespace collapsed.
    A ``guide`` (search_index.GUIDES: the start page, lists, how-to and tag
    pages) gets the filter ``slag: sida``: sok.js asks for those pages once
    and ranks them after the other pages that have the same words.
    """
    found = ""
    h1 = _H1.search(page_html, max(page_html.find("data-pagefind-body"), 0))
    if h1 is not None:
        a, b = h1.span(1)
        inside = " ".join(page_html[max(a, start):min(b, stop)]
                          for start, stop in spans if start < b and stop > a)
        title = " ".join(html.unescape(inside).split())
        if title:
            found = f'<span data-pagefind-meta="title">{html.escape(title, quote=False)}</span>'
    if guide:
        found += '<span data-pagefind-filter="slag">sida</span>'
    return f"<div hidden data-pagefind-ignore>{found}</div>" if found else ""
