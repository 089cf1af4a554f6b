"""Email editions: one per language, MJML-rendered, labelled, within the size budget."""

from __future__ import annotations

import dataclasses
import email
import re
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.policy import SMTP

import pytest
import yaml

from lumbung.config import load_site
from lumbung.newsletter.issuefile import week_bounds
from lumbung.newsletter.message import build, encoded_size
from lumbung.newsletter.model import Issue, Item
from lumbung.newsletter.render import BUDGET, EMAIL_STRINGS, render_edition
from lumbung.site import strings
from tests.conftest import ROOT

SITE = load_site(ROOT / "mkdocs.yml")
KHMER = ("អង្គការដៃគូបានរៀបចំវគ្គបណ្តុះបណ្តាលស្តីពីសុវត្ថិភាពឌីជីថល "
         "សម្រាប់បុគ្គលិកដែលធ្វើការជាមួយកុមារ និងគ្រួសាររបស់ពួកគេ។ ")


def item(n: int, lang: str, summary: str = "", title: str = "") -> Item:
    return Item(id=f"i{n}", title=title or f"Item {n}", url=f"https://partner.example.org/{n}",
                summary_html=f"<p>{summary or 'A short summary.'}</p>",
                summary_text=summary or "A short summary.",
                published=datetime(2026, 11, 17, 9, tzinfo=UTC), language=lang,
                partner="Partner Example", partner_site="https://partner.example.org",
                country="KH", topics=("education",))


def issue(items: tuple[Item, ...]) -> Issue:
    start, end = week_bounds("2026-W47")
    return Issue("2026-W47", start, end, items, {"en": "This **week** in brief.",
                                                 "km": "សប្តាហ៍នេះ **ដោយសង្ខេប**។"})


@pytest.mark.parametrize("lang", SITE.codes[1:])
def test_email_strings_exist_in_every_language(lang: str) -> None:
    assert strings.missing(lang, directory=EMAIL_STRINGS) == []


@pytest.mark.parametrize("lang", SITE.codes)
def test_each_edition_is_a_real_email_in_its_language(lang: str) -> None:
    first = "km" if lang != "km" else "my"
    second = "en" if lang != "en" else "th"
    items = (item(1, first, KHMER), item(2, second), item(3, lang, title="Own language item"))
    edition = render_edition(issue(items), lang, SITE)
    html = edition.html
    assert re.search(rf'<div[^>]* lang="{lang}" dir="ltr"', html), "wrapper lang/dir"
    assert "googleapis" not in html and "fonts.g" not in html
    tables = re.findall(r"<table[^>]*>", html)
    assert tables and all('role="presentation"' in t for t in tables)
    assert html.index("Own language item") < html.index("Item 2"), "own language first"
    other = [i for i in items if i.language != lang]
    for foreign in other:  # items of another language are marked with their language
        assert re.search(rf"<div class=\"lb-item\" lang=\"{foreign.language}\"[^>]*><h2[^>]*>"
                         rf"<a href=\"{foreign.url}\"", html)
    t = strings.Translator(lang, EMAIL_STRINGS)
    assert t("unsubscribe") in html and t("unsubscribe") in edition.text
    assert "https://lumbung.example.org/" in edition.text  # archive link in the text part
    assert edition.subject and edition.dropped == 0
    message = email.message_from_bytes(build(edition, "n@example.org", "s@example.org")
                                       .as_bytes(), policy=policy.default)
    assert message.get_content_type() == "multipart/alternative"
    parts = [p.get_content_type() for p in message.iter_parts()]
    assert parts == ["text/plain", "text/html"]
    assert message["Subject"] == edition.subject


def test_titles_from_feeds_are_escaped() -> None:
    hostile = item(1, "en", title='<script>alert(1)</script><img src=x onerror="alert(2)">')
    edition = render_edition(issue((hostile,)), "en", SITE)
    assert "<script>alert" not in edition.html and "<img src=x" not in edition.html
    assert "&lt;script&gt;" in edition.html


def test_an_oversized_edition_drops_items_and_says_so() -> None:
    items = tuple(item(n, "km", KHMER * 4) for n in range(40))
    assert encoded_size(render_edition(issue(items[:2]), "km", SITE)) < BUDGET
    edition = render_edition(issue(items), "km", SITE)
    assert encoded_size(edition) <= BUDGET
    assert 0 < edition.dropped < 40 and len(edition.items) + edition.dropped == 40
    said = strings.Translator("km", EMAIL_STRINGS)("dropped", count=edition.dropped)
    assert said in edition.html and said in edition.text
    # the lowest-priority items go first: the kept ones are the first in edition order
    assert [i.id for i in edition.items] == [f"i{n}" for n in range(len(edition.items))]


def test_each_part_uses_the_smaller_transfer_encoding() -> None:
    edition = render_edition(issue(tuple(item(n, "km", KHMER) for n in range(5))), "km", SITE)
    message = build(edition, "n@example.org", "s@example.org")
    text, html = message.iter_parts()
    assert text["Content-Transfer-Encoding"] == "base64"  # Khmer text: QP would triple it
    for part in (text, html):
        chosen = len(part.as_bytes())
        other = "quoted-printable" if part["Content-Transfer-Encoding"] == "base64" else "base64"
        alternative = EmailMessage(policy=SMTP)
        alternative.set_content(part.get_content(), subtype=part.get_content_subtype(),
                                charset="utf-8", cte=other)
        assert chosen <= len(alternative.as_bytes()) + 200, part.get_content_type()
    english = render_edition(issue((item(1, "en"),)), "en", SITE)
    raw = build(english, "n@example.org", "s@example.org").as_bytes()
    assert raw.count(b"Content-Transfer-Encoding: quoted-printable") == 2


def test_a_long_issue_is_capped_and_says_so() -> None:
    from lumbung.newsletter.render import MAX_ITEMS

    items = tuple(item(n, "en") for n in range(MAX_ITEMS + 15))
    edition = render_edition(issue(items), "en", SITE)
    assert len(edition.items) <= MAX_ITEMS
    assert edition.dropped == len(items) - len(edition.items) >= 15
    assert strings.Translator("en", EMAIL_STRINGS)("dropped", count=edition.dropped) in \
        edition.text



@pytest.mark.parametrize("lang", SITE.codes)
def test_the_footer_says_what_the_unsubscribe_link_does(lang: str) -> None:
    """With a list service the link opens a page with a button; without, it writes an email."""
    words = yaml.safe_load((EMAIL_STRINGS / f"{lang}.yml").read_text(encoding="utf-8"))
    said = {key: words[key].format(site=SITE.site_name) for key in ("why", "why_mailto")}
    assert said["why"] != said["why_mailto"]
    for url, key, other in (("https://lumbung.example.org/lists", "why", "why_mailto"),
                            ("", "why_mailto", "why")):
        site = dataclasses.replace(SITE, extra={"newsletter": {**SITE.extra["newsletter"],
                                                              "list_url": url}})
        html = " ".join(render_edition(issue((item(1, lang),)), lang, site).html.split())
        assert said[key] in html, (lang, key)
        assert said[other] not in html, (lang, key)
