"""Reading without JavaScript, and printing a page for sharing."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.build, pytest.mark.browser]


@pytest.mark.parametrize("lang", ["en", "km", "my"])
def test_reading_works_without_javascript(served_site, browser, lang: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    prefix = "" if lang == "en" else f"{lang}/"
    page.goto(served_site.url(prefix))
    assert page.locator("main h1").is_visible()
    # catalog links
    page.locator(".lb-nav a").first.click()
    page.wait_for_load_state()
    assert page.url == served_site.url(f"{prefix}library/")
    first = page.locator(".lb-list h2 a").first
    title = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert page.locator("main h1").inner_text() == title
    assert page.locator("main p").first.is_visible()
    # language links: the switcher is a <details>, which opens without JavaScript
    page.locator(".lb-langs summary").click()
    other = "th" if lang != "th" else "vi"
    page.locator(f'.lb-langs a[hreflang="{other}"]').click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == other
    # the newsletter archive
    page.goto(served_site.url(f"{prefix}newsletters/"))
    assert page.locator("main h1").is_visible()
    # the search box without JavaScript leads to the list of every title (lumbung/search/titles.py)
    page.goto(served_site.url(prefix))
    page.locator("#lb-q").fill("education")
    page.locator("#lb-q").press("Enter")
    page.wait_for_load_state()
    assert "/search/?q=education" in page.url and page.locator("main h1").is_visible()
    context.close()


def test_printed_page_keeps_text_and_link_addresses(served_site, browser) -> None:
    page = browser.new_page()
    page.goto(served_site.url("guide/"))
    page.emulate_media(media="print")
    assert page.locator(".lb-header").is_hidden()
    assert page.locator("main h1").is_visible()
    link = page.locator("main a[href^='http']").first
    if link.count() == 0:  # the guide has only relative links: add an external one to check
        page.evaluate("""() => { const a = document.createElement('a');
            a.href = 'https://example.org/report.pdf'; a.textContent = 'report';
            document.querySelector('main p').append(a); }""")
        link = page.locator("main a[href^='http']").first
    after = link.evaluate("el => getComputedStyle(el, '::after').content")
    assert "https://example.org/report.pdf" in after or link.get_attribute("href") in after
    page.close()
