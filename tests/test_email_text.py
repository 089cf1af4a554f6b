"""Every edition of the demo issue speaks its own language, and its plain text fits 78 columns.

The demo issue (newsletters/issues/2026/2026-W47.yml) is rendered in every language. Outside the
items' own content (their titles, summaries, partners and links, which stay in the language
they were written in), no English interface string may appear in a non-English edition: neither
in the HTML (text, aria-label, title) nor in the plain text.
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser

import pytest
import yaml

from lumbung.config import load_site
from lumbung.newsletter.clean import VIDEO_CLASS, plain_text
from lumbung.newsletter.issuefile import load
from lumbung.newsletter.render import EMAIL_STRINGS, TEXT_WIDTH, Edition, render_edition
from lumbung.newsletter.shorten import wrap
from tests.conftest import ROOT

SITE = load_site(ROOT / "mkdocs.yml")
ISSUE = load(ROOT / "newsletters" / "issues" / "2026" / "2026-W47.yml")
OTHERS = [code for code in SITE.codes if code != "en"]
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
_URL = re.compile(r"https?://\S+")


def strings(lang: str) -> dict[str, str]:
    text = (EMAIL_STRINGS / f"{lang}.yml").read_text(encoding="utf-8")
    return {str(k): str(v) for k, v in yaml.safe_load(text).items()}


def english_fragments(lang: str) -> set[str]:
    """The literal parts of every English string (placeholders cut out) with 4 letters or more,
    unless the language's own string has the same words (Malay and Indonesian say "Webinar")."""
    english, own = strings("en"), strings(lang)
    found = set()
    for key, value in english.items():
        for part in _PLACEHOLDER.split(value):
            part = part.strip(" :.,·")
            if sum(ch.isalpha() for ch in part) >= 4 and part not in own.get(key, ""):
                found.add(part)
    return found


class _Visible(HTMLParser):
    """Text nodes and the attributes people hear or see (aria-label, title, alt)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1
        self.parts += [v for k, v in attrs if k in ("aria-label", "title", "alt") and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return "\n".join(parser.parts)


def squeeze(text: str) -> str:
    """Without whitespace: wrapped lines and reflowed HTML compare equal."""
    return "".join(text.split())


def without_items(text: str, edition: Edition) -> str:
    """``text`` with the items' own content cut out (whitespace squeezed out)."""
    text = squeeze(text)
    video = re.compile(rf'<a class="{VIDEO_CLASS}"[^>]*>.*?</a>')
    for item in edition.items:
        summary = plain_text(video.sub(" ", item.summary_html))
        for own in sorted((item.title, item.summary_text, summary, item.partner, item.url),
                          key=len, reverse=True):
            if own:
                text = text.replace(squeeze(own), "\x00")
    return text


@cache
def edition(lang: str) -> Edition:
    return render_edition(ISSUE, lang, SITE)


def test_the_demo_issue_has_what_the_check_needs() -> None:
    english = edition("en")
    assert any(VIDEO_CLASS in i.summary_html for i in ISSUE.items), "no video link to check"
    assert "Watch the video" in visible(english.html)
    assert {i.language for i in english.items} - {"en"}, "no item in another language"


@pytest.mark.parametrize("lang", OTHERS)
def test_no_english_interface_string_in_other_editions(lang: str) -> None:
    current = edition(lang)
    html = without_items(visible(current.html), current)
    text = without_items(current.text, current)
    for fragment in sorted(english_fragments(lang)):
        assert squeeze(fragment) not in html, f"{lang} HTML: {fragment!r}"
        assert squeeze(fragment) not in text, f"{lang} text: {fragment!r}"


@pytest.mark.parametrize("lang", OTHERS)
def test_aria_labels_are_readable(lang: str) -> None:
    labels = re.findall(r'aria-label="([^"]*)"', edition(lang).html)
    assert labels
    for label in labels:
        assert "\\u" not in label, label
        assert edition(lang).subject in label.replace("&amp;", "&")


@pytest.mark.parametrize("lang", SITE.codes)
def test_plain_text_lines_fit_78_columns_and_urls_stay_whole(lang: str) -> None:
    text = edition(lang).text
    urls = _URL.findall(text)
    for line in text.splitlines():
        if len(line) > TEXT_WIDTH:
            assert _URL.fullmatch(line.strip()), f"{lang}: {len(line)} columns: {line!r}"
    for item in edition(lang).items:
        assert item.url in urls, f"{lang}: {item.url} broken or missing"


def test_wrap_breaks_khmer_between_words_and_keeps_urls_whole() -> None:
    khmer = "ការការពារការជួញដូរមនុស្សនៅកម្ពុជា" * 6
    url = "https://partner.example.org/" + "very-long-path/" * 8
    wrapped = wrap(f"  {khmer} {url} end", "km", 40)
    lines = wrapped.splitlines()
    assert f"  {url}" in lines
    assert all(len(line) <= 40 for line in lines if line.strip() != url)
    assert "".join(line.strip() for line in lines if line.strip() != url) == khmer + "end"
