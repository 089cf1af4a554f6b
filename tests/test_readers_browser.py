"""Readers on phones, in Chromium: the language menu stays on screen and looks like a menu,
line heights follow each text's own language, printing keeps a recording's address.

One build of a copy of the site, with a webinar that has a recording, serves every test here.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bench.webserver import CompressingServer
from lumbung.config import load_site
from lumbung.content.library import build_library
from lumbung.content.model import DocumentKind
from tests.conftest import ROOT, copy_site, run_build

pytestmark = [pytest.mark.build, pytest.mark.browser]

SITE = load_site(ROOT / "mkdocs.yml")
LIBRARY = build_library(SITE.docs_dir, SITE.codes, SITE.default)
WIDTHS = (320, 360, 768, 1280)
RECORDING = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
WEBINAR = f"""---
title: Test webinar with a recording
summary: A webinar used by the tests, with a recording hosted on another site.
date: 2021-06-01
recording:
  url: {RECORDING}
topics: [covid-19]
countries: [KH]
---
What was discussed.
"""


def prefix(lang: str) -> str:
    return "" if lang == SITE.default else f"{lang}/"


def untranslated(lang: str) -> str:
    """A resource with no translation into ``lang`` (its page shows the English original); in
    English, the resource with the fewest translations (the most "not yet translated" labels in
    its language menu)."""
    resources = LIBRARY.originals(DocumentKind.RESOURCE)
    if lang == SITE.default:
        return min(resources, key=lambda d: len(LIBRARY.versions(d))).slug
    return next(d for d in resources if lang not in LIBRARY.versions(d)).slug


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CompressingServer]:
    root = copy_site(tmp_path_factory.mktemp("readers") / "site-copy")
    (root / "docs" / "webinars" / "test-recording.md").write_text(WEBINAR, encoding="utf-8")
    build = run_build(root)
    assert build.ok, build.output
    with CompressingServer(build.site) as served:
        yield served


MENU_BOXES = """() => {
  const menu = document.querySelector('.lb-langs ul');
  const boxes = [menu, ...menu.querySelectorAll('a')].map(el => el.getBoundingClientRect());
  return {boxes: boxes.map(b => [b.left, b.right, b.width]),
          viewport: document.documentElement.clientWidth,
          scroll: document.documentElement.scrollWidth};
}"""
CHEVRON = """() => {
  const s = getComputedStyle(document.querySelector('.lb-langs summary'), '::after');
  return {content: s.content, width: parseFloat(s.width), right: parseFloat(s.borderRightWidth),
          bottom: parseFloat(s.borderBottomWidth), transform: s.transform};
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_language_menu_stays_on_screen_with_a_visible_arrow(server, browser, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 740},
                                  java_script_enabled=False)
    page = context.new_page()
    for lang in SITE.codes:
        for path in (prefix(lang), f"{prefix(lang)}resources/{untranslated(lang)}/"):
            page.goto(server.url(path))
            closed = page.evaluate(CHEVRON)
            assert closed["content"] not in ("none", "normal") and closed["width"] > 0
            assert closed["right"] >= 1 and closed["bottom"] >= 1, closed
            page.locator(".lb-langs summary").click()
            assert page.locator(".lb-langs ul").is_visible()
            opened = page.evaluate(CHEVRON)
            assert opened["transform"] != closed["transform"]  # the arrow turns when open
            found = page.evaluate(MENU_BOXES)
            for left, right, box_width in found["boxes"]:
                assert box_width > 0
                assert left >= 0 and right <= found["viewport"], (width, path, found)
            assert found["scroll"] <= found["viewport"], (width, path)
    context.close()


LINE_HEIGHT = """(selector) => {
  const el = document.querySelector(selector);
  const s = getComputedStyle(el);
  return parseFloat(s.lineHeight) / parseFloat(s.fontSize);
}"""


@pytest.mark.parametrize("lang", ["km", "th", "my", "lo"])
def test_line_height_follows_the_text_own_language(server, browser, lang: str) -> None:
    page = browser.new_page()
    page.goto(server.url(f"{prefix(lang)}resources/{untranslated(lang)}/"))
    assert page.locator("html").get_attribute("lang") == lang
    ratio = lambda selector: round(page.evaluate(LINE_HEIGHT, selector), 2)  # noqa: E731
    assert ratio(".lb-notice") == 1.9  # the page's language
    assert ratio(".lb-meta dt") == 1.9
    assert ratio('main div[lang="en"] h1') == 1.3  # the English original shown
    assert ratio('main div[lang="en"] .lb-summary') == 1.6
    assert ratio('main div[lang="en"] .lb-meta[lang] dd') == 1.9  # labels in the page language
    page.goto(server.url(f"{prefix(lang)}library/"))
    assert ratio("main h1") == 1.9
    english = page.locator('.lb-list > li[lang="en"] h2')
    if english.count():
        assert ratio('.lb-list > li[lang="en"] h2') == 1.3
        assert ratio('.lb-list > li[lang="en"] > p:last-child') == 1.6
    page.close()


def test_printing_a_webinar_shows_the_recording_link(server, browser) -> None:
    page = browser.new_page()
    page.goto(server.url("km/webinars/test-recording/"))
    assert page.locator(".lb-video").is_visible()
    assert page.locator(".lb-print").is_hidden()
    page.emulate_media(media="print")
    assert page.locator(".lb-video").is_hidden()  # no black box on paper
    link = page.locator(".lb-print a")
    assert link.is_visible() and link.get_attribute("href") == RECORDING
    assert link.inner_text() == RECORDING
    after = link.evaluate("el => getComputedStyle(el, '::after').content")
    assert after in ("none", "normal")  # the address is not printed twice
    page.close()
