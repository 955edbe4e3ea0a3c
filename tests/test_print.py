"""A page printed for a meeting (issue #20), in Chromium's print media."""

from __future__ import annotations


def test_a_printed_record_page_has_its_address_first_a_dark_title_and_no_map(page, site_url):
    page.goto(site_url + "forsok/landstinget-i-kalmar-lan/")
    assert page.locator(".hub-plats-figur").count() == 1, "the map is on the screen"
    page.emulate_media(media="print")
    address = page.locator(".hub-utskriftsadress")
    assert address.is_visible()
    assert address.inner_text() == "https://tillitsnavet.se/forsok/landstinget-i-kalmar-lan/"
    first = page.evaluate("() => document.querySelector('article').firstElementChild.className")
    assert first == "hub-utskriftsadress", "the address comes before the title"
    assert page.evaluate("() => getComputedStyle(document.querySelector('article h1')).color") \
        == "rgb(0, 0, 0)"
    assert not page.locator(".hub-plats-figur").is_visible(), "no map on paper"
    assert page.evaluate("() => getComputedStyle(document.querySelector('article h2')).breakAfter") \
        == "avoid"
    after = page.evaluate("() => getComputedStyle(document.querySelector('.hub-kallor a'), "
                          "'::after').content")
    assert after.startswith('" (') and "http" in page.locator(".hub-kallor a").first.get_attribute("href")


def test_on_the_screen_the_address_line_is_hidden(page, site_url):
    page.goto(site_url + "forsok/landstinget-i-kalmar-lan/")
    assert not page.locator(".hub-utskriftsadress").is_visible()
