"""newsletters/feeds.yml: the partner list is validated with one clear line per problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from lumbung.config import load_site
from lumbung.content.vocabulary import country_codes, load_topics
from lumbung.newsletter.feeds import load_partners, local_path
from lumbung.newsletter.model import NewsletterError
from tests.helpers.feeds import ROOT

SITE = load_site(ROOT / "mkdocs.yml")
TOPICS = load_topics(SITE.docs_dir, SITE.codes).topics
GOOD = """- name: Good Partner
  url: https://good.example.org/feed.xml
  site: https://good.example.org/
  languages: [en, th]
  country: TH
  topics: [education]
"""


def load(tmp_path: Path, text: str):
    path = tmp_path / "feeds.yml"
    path.write_text(text, encoding="utf-8")
    return load_partners(path, SITE.codes, TOPICS, country_codes(), "feeds.yml")


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(NewsletterError) as caught:
        load(tmp_path, text)
    return str(caught.value).splitlines()


def test_the_repository_feeds_file_is_valid() -> None:
    path = ROOT / "newsletters" / "feeds.yml"
    partners = load_partners(path, SITE.codes, TOPICS, country_codes())
    assert len(partners) >= 5
    for partner in partners:
        assert local_path(partner.url, path.parent).is_file(), partner.url
        assert ".example.org" in partner.site


def test_a_good_partner_loads(tmp_path: Path) -> None:
    (partner,) = load(tmp_path, GOOD)
    assert partner.languages == ("en", "th") and partner.topics == ("education",)


@pytest.mark.parametrize(("change", "expected"), [
    (("  country: TH\n", "  country: XX\n"),
     "feeds.yml: partner 1 (Good Partner): country: expected an ISO 3166-1 alpha-2 code like "
     "TH, got 'XX'"),
    (("  country: TH\n", "  country: th\n"), "country: expected an ISO 3166-1 alpha-2 code"),
    (("languages: [en, th]", "languages: [en, fr]"),
     "feeds.yml: partner 1 (Good Partner): languages: unknown language 'fr'; the site's "
     "languages are en, km, th, vi, my, lo, ms, id"),
    (("topics: [education]", "topics: [cooking]"),
     "feeds.yml: partner 1 (Good Partner): topics: unknown topic 'cooking'"),
    (("  country: TH\n", "  country: TH\n  colour: blue\n"),
     "feeds.yml: partner 1 (Good Partner): colour: unknown field; the fields are name, url, "
     "site, languages, country, topics"),
    (("  url: https://good.example.org/feed.xml\n", ""),
     "feeds.yml: partner 1 (Good Partner): url: is required"),
    (("https://good.example.org/feed.xml", "file:///etc/passwd"),
     "url: expected an http(s) URL or a path like sample-feeds/partner.xml, got "
     "'file:///etc/passwd'"),
    (("https://good.example.org/feed.xml", "../../secret.xml"),
     "url: '../../secret.xml' is neither an http(s) URL nor a plain path"),
    (("https://good.example.org/feed.xml", "ftp://good.example.org/feed.xml"),
     "url: expected an http(s) URL"),
    (("site: https://good.example.org/", "site: good.example.org"),
     "site: expected the partner's http(s) website, got 'good.example.org'"),
    (("languages: [en, th]", "languages: {en: yes}"),
     "languages: expected a list of language codes like [en, th]"),
])
def test_each_problem_is_one_line_naming_the_entry_and_field(tmp_path: Path, change, expected):
    old, new = change
    assert old in GOOD
    lines = problems(tmp_path, GOOD.replace(old, new))
    assert len(lines) == 1, lines
    assert expected in lines[0]
    assert lines[0].startswith("feeds.yml: partner 1 (Good Partner): ")


def test_every_problem_of_every_entry_is_listed(tmp_path: Path) -> None:
    second = GOOD.replace("Good Partner", "Other").replace("[education]", "[nope]") \
        .replace("TH", "ZZ")
    third = "- just a string\n"
    duplicate = GOOD.replace("feed.xml", "other.xml")
    lines = problems(tmp_path, GOOD + second + third + duplicate)
    assert lines == [
        "feeds.yml: partner 2 (Other): country: expected an ISO 3166-1 alpha-2 code like TH, "
        "got 'ZZ'",
        "feeds.yml: partner 2 (Other): topics: unknown topic 'nope'; the topics are the ids in "
        "docs/topics.yml",
        "feeds.yml: partner 3: expected fields name, url, site, languages, country, topics",
        "feeds.yml: partner 4 (Good Partner): name: the same as partner 1's",
    ]


@pytest.mark.parametrize(("text", "expected"), [
    ("name: not a list\n",
     "feeds.yml: expected a list of partners, each starting with '- name: ...'"),
    ("- name: [unclosed\n", "feeds.yml: line 2: not valid YAML"),
])
def test_a_broken_file_is_one_line_too(tmp_path: Path, text: str, expected: str) -> None:
    assert problems(tmp_path, text) == [expected]


def test_a_missing_file_says_what_it_is_for(tmp_path: Path) -> None:
    with pytest.raises(NewsletterError, match="no such file; it lists the partners' feeds"):
        load_partners(tmp_path / "nope.yml", SITE.codes, TOPICS, country_codes())
