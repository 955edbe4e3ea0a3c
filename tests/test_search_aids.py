"""The index-only words (tillitsnavet/publish/search_aids.py): what the index reads besides a page."""

from __future__ import annotations

from collections import Counter

from tillitsnavet.publish.search_aids import (INSERTED, SLOT, START, SynonymGroup, Vocabulary,
                                              acronym_mark, index_html, mark, page_aids, word_aids)
from tillitsnavet.publish.search_index import searchable, searchable_spans, searchable_text


def test_a_word_with_a_ring_or_dots_gets_a_form_only_such_words_match():
    assert mark("Vården") == "vqarden"
    assert mark("Förskola") == "fqorskola"
    assert mark("Kärnkraft") == "kqernkraft"
    assert mark("vardag") is None


def test_only_words_in_capitals_are_acronyms():
    assert acronym_mark("SKR") == "qzskrqz"
    assert acronym_mark("SÄPO") == "qzsapoqz"
    assert acronym_mark("Skr") is None and acronym_mark("SKRIVANDEN") is None


def test_a_compound_adds_its_head_against_the_site_vocabulary():
    vocabulary = Vocabulary(Counter({"styr": 2, "modell": 5, "grupper": 3, "förbättring": 2}))
    assert vocabulary.parts("styrmodell") == ("styr", "modell")
    assert vocabulary.parts("förbättringsgrupper") == ("förbättring", "grupper")
    assert vocabulary.parts("modellering") == ()
    assert word_aids("Styrmodell", vocabulary) == ["modell"]


def test_a_synonym_is_named_by_its_inflections_but_a_short_one_only_as_itself():
    landsting = SynonymGroup(("landsting", "region"))
    assert landsting.named_by("Landstinget") and landsting.named_by("regionerna")
    assert not landsting.named_by("landstingsdirektörer")
    af = SynonymGroup(("Arbetsförmedlingen", "Af"))
    assert af.named_by("Af") and not af.named_by("affär")
    vocabulary = Vocabulary(Counter())
    assert "af" in word_aids("Arbetsförmedlingen", vocabulary, [af])
    assert "arbetsförmedlingen" in word_aids("Af", vocabulary, [af])


def test_a_word_gets_the_synonyms_of_the_group_that_names_it_and_no_other():
    groups = [SynonymGroup(("Sveriges Kommuner och Landsting", "SKL")),
              SynonymGroup(("landsting", "region")), SynonymGroup(("Säpo", "Säkerhetspolisen"))]
    vocabulary = Vocabulary(Counter())
    assert word_aids("Regionen", vocabulary, groups) == ["landsting", "region"]
    assert word_aids("Säpo", vocabulary, groups) == [
        "sqepo", "säpo", "sqepo", "säkerhetspolisen", "sqekerhetspolisen"]
    assert word_aids("SKL", vocabulary, groups) == [
        "qzsklqz", "sveriges", "kommuner", "landsting", "skl", "qzsklqz"]
    # a phrase names no single word (page_aids adds its group), nor does an unrelated word
    assert word_aids("Sveriges", vocabulary, groups) == []
    assert word_aids("Kommunen", vocabulary, groups) == []


def test_a_phrase_synonym_adds_its_group_at_the_end():
    skl = SynonymGroup(("Sveriges Kommuner och Landsting", "SKL"))
    aids = page_aids("Mötet med Sveriges  Kommuner och\nLandsting i maj.", [skl])
    assert aids.startswith(START) and "skl" in aids.split() and "qzsklqz" in aids.split()
    assert page_aids("Inget om förbundet.", [skl]) == ""


def test_the_index_copy_adds_words_after_the_body_only_and_never_to_ignored_text():
    page = ("<html><head><title>Vård</title></head><body><nav>Förskola</nav>"
            + searchable("<h1>Vården</h1><ul data-pagefind-ignore><li>Säpo</li></ul>"
                         "<pre>Köket</pre><script>var x = 'Å';</script>", {"typ": "Sida"})
            + "</body></html>")
    text = searchable_text(page)
    assert "Vården" in text and "Säpo" not in text and "Köket" not in text and "Å" not in text
    indexed = index_html(page, text, Vocabulary(Counter()), [], searchable_spans(page))
    assert f"<h1>Vården {INSERTED}vqarden</h1>" in indexed
    assert "<title>Vård</title>" in indexed and "<nav>Förskola</nav>" in indexed
    assert SLOT not in indexed


def test_the_index_copy_leaves_the_published_page_alone(shipped_site):
    page = (shipped_site / "forsok" / "borlange-kommun" / "index.html").read_text(encoding="utf-8")
    assert INSERTED not in page and START not in page and "qz" not in page


def test_the_result_metadata_is_indexed_as_written():
    page = searchable("<h1>Kalmar län</h1>", {"län": "Kalmar län"})
    indexed = index_html(page, searchable_text(page), Vocabulary(Counter()), [],
                         searchable_spans(page))
    assert '<span data-pagefind-meta="län">Kalmar län</span>' in indexed
    assert f"<h1>Kalmar län {INSERTED}lqen</h1>" in indexed


def test_a_word_s_aids_follow_its_first_place_on_a_page_and_an_acronym_s_every_place():
    page = searchable("<h1>Vården i SKR</h1><p>Vården och SKR igen.</p>", {})
    indexed = index_html(page, searchable_text(page), Vocabulary(Counter()), [],
                         searchable_spans(page))
    assert indexed.count(f"{INSERTED}vqarden") == 1
    assert f"<h1>Vården {INSERTED}vqarden" in indexed
    assert indexed.count(f"{INSERTED}qzskrqz") == 2


def test_the_result_title_is_the_h1_as_written_never_with_its_aids():
    """Pagefind's result title is the title metadata when there is one, else the first <h1>."""
    page = searchable('<h1 id="a">Öppna  data &amp; SKR<a class="headerlink" href="#a">¶</a></h1>'
                      "<p>Text.</p>", {"typ": "Sida"})
    indexed = index_html(page, searchable_text(page), Vocabulary(Counter()), [],
                         searchable_spans(page))
    assert f"Öppna {INSERTED}qoppna" in indexed  # the aids stay in the <h1>, for its weight
    assert '<span data-pagefind-meta="title">Öppna data &amp; SKR</span>' in indexed
    assert '<span data-pagefind-meta="title">' not in index_html(
        searchable("<p>Ingen rubrik.</p>", {}), "Ingen rubrik.", Vocabulary(Counter()), [],
        searchable_spans(searchable("<p>Ingen rubrik.</p>", {})))


def test_lists_how_to_and_tag_pages_are_marked_for_ranking_after_the_others():
    from pathlib import Path

    from tillitsnavet.publish.search_index import is_guide

    assert all(is_guide(Path(p)) for p in ("index.html", "forsok/index.html", "bidra/index.html",
                                           "taggar/styrning/index.html", "om-webbplatsen/index.html"))
    assert not any(is_guide(Path(p)) for p in ("forsok/borlange-kommun/index.html",
                                               "principer/index.html", "om/tidslinje/index.html",
                                               "efter-delegationen/index.html"))
    page = searchable("<h1>Bidra</h1>", {"typ": "Sida"})
    spans = searchable_spans(page)
    filter_ = '<span data-pagefind-filter="slag">sida</span>'
    assert filter_ in index_html(page, "Bidra", Vocabulary(Counter()), [], spans, guide=True)
    assert filter_ not in index_html(page, "Bidra", Vocabulary(Counter()), [], spans)


def test_the_thesaurus_is_narrowed_to_the_words_of_the_site(tmp_path):
    import gzip

    from tillitsnavet.publish.word_lists import THESAURUS, thesaurus_entries, thesaurus_words

    path = tmp_path / "th.dat.gz"
    path.write_bytes(gzip.compress("ISO-8859-1\nförsening|1\n|fördröjning|dröjsmål|lagen väktare\n"
                                   "kärnkraft|1\n|atomkraft\n".encode("latin-1")))
    assert list(thesaurus_entries(path)) == [["försening", "fördröjning", "dröjsmål"],
                                             ["kärnkraft", "atomkraft"]]
    site = Vocabulary(Counter({"fördröjningen": 2, "styrning": 9, "atomkraftverk": 1}))
    # the site says "fördröjningen": a reader's "försening" and "dröjsmål" find it; nothing
    # on the site is about kärnkraft ("atomkraftverk" is not "atomkraft" inflected), so
    # neither of its words is kept
    assert thesaurus_words(site, path) == {"dröjsmål": ["fördröjning"], "försening": ["fördröjning"]}
    assert sum(1 for _ in thesaurus_entries(THESAURUS)) > 15000  # the shipped one reads whole


def test_the_english_terms_are_groups_each_with_a_swedish_term_and_a_source():
    import yaml

    from tillitsnavet.publish.search_aids import SPRAK, english_groups

    entries = yaml.safe_load((SPRAK / "engelska.yml").read_text("utf-8"))["engelska"]
    assert all(entry.get("källa") for entry in entries)
    groups = english_groups()
    assert len(groups) == len(entries) <= 30
    polis = next(g for g in groups if "police" in g.terms)
    assert polis.named_by("Polismyndigheten") and "police" in word_aids(
        "Polismyndigheten", Vocabulary(Counter()), groups)
