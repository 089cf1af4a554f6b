"""newsletters/feeds.yml: the partner list is checked with the words of front-matter checks
(lumbung.content.schema), every problem at once, each an errors.Problem with file, field, line."""

from __future__ import annotations

from pathlib import Path

import pytest

from lumbung.config import load_site
from lumbung.content.vocabulary import load_topics
from lumbung.errors import Problem
from lumbung.newsletter.feeds import FeedListError, load_partners, local_path
from lumbung.newsletter.model import NewsletterError
from tests.helpers.feeds import ROOT

SITE = load_site(ROOT / "mkdocs.yml")
TOPICS = load_topics(SITE.docs_dir, SITE.codes)
GOOD = """- name: Good Partner
  url: https://good.example.org/feed.xml
  site: https://good.example.org/
  languages: [en, th]
  country: TH
  topics: [education]
"""
WHERE = "feeds.yml: partner 1 (Good Partner): "
FIELDS = "name, url, site, languages, country, topics"
LANGUAGES = "en, km, th, vi, my, lo, ms, id"
COUNTRY = "expected a two-letter ISO 3166-1 code such as KH, TH, VN, MM, LA, MY, ID"
URL = "expected an http(s) address or a path inside this file's folder like " \
    "sample-feeds/partner.xml, got"


def load(tmp_path: Path, text: str):
    path = tmp_path / "feeds.yml"
    path.write_text(text, encoding="utf-8")
    return load_partners(path, SITE.codes, TOPICS, "feeds.yml")


def caught(tmp_path: Path, text: str) -> tuple[Problem, ...]:
    with pytest.raises(FeedListError) as error:
        load(tmp_path, text)
    assert isinstance(error.value, NewsletterError)
    assert str(error.value).splitlines() == [str(p) for p in error.value.problems]
    return error.value.problems


def problems(tmp_path: Path, text: str) -> list[str]:
    return [str(p) for p in caught(tmp_path, text)]


def test_the_repository_feeds_file_is_valid() -> None:
    path = ROOT / "newsletters" / "feeds.yml"
    partners = load_partners(path, SITE.codes, TOPICS)
    assert len(partners) >= 5
    for partner in partners:
        assert local_path(partner.url, path.parent).is_file(), partner.url
        assert ".example.org" in partner.site


def test_a_good_partner_loads(tmp_path: Path) -> None:
    (partner,) = load(tmp_path, GOOD)
    assert partner.languages == ("en", "th") and partner.topics == ("education",)


@pytest.mark.parametrize(("change", "expected"), [
    (("  country: TH\n", "  country: XX\n"),
     f"{WHERE}country: unknown country code 'XX'; {COUNTRY}"),
    (("languages: [en, th]", "languages: [en, fr]"),
     f"{WHERE}languages: item 2: expected one of {LANGUAGES}; got 'fr'"),
    (("topics: [education]", "topics: [educaton]"),
     f"{WHERE}topics: item 1: unknown topic 'educaton'; did you mean 'education'? topics are "
     "listed in docs/topics.yml"),
    (("topics: [education]", "topics: [cooking]"),
     f"{WHERE}topics: item 1: unknown topic 'cooking'; topics are listed in docs/topics.yml"),
    (("  country: TH\n", "  country: TH\n  colour: blue\n"),
     f"{WHERE}colour: unknown field; did you mean 'country'? expected one of: {FIELDS}"),
    (("  url: https://good.example.org/feed.xml\n", ""), f"{WHERE}url: is required but missing"),
    (("https://good.example.org/feed.xml", "file:///etc/passwd"),
     f"{WHERE}url: {URL} 'file:///etc/passwd'"),
    (("https://good.example.org/feed.xml", "../../secret.xml"),
     f"{WHERE}url: {URL} '../../secret.xml'"),
    (("https://good.example.org/feed.xml", "ftp://good.example.org/feed.xml"),
     f"{WHERE}url: {URL} 'ftp://good.example.org/feed.xml'"),
    (("site: https://good.example.org/", "site: good.example.org"),
     f"{WHERE}site: expected the partner's http(s) address like https://partner.example.org/, "
     "got 'good.example.org'"),
    (("languages: [en, th]", "languages: {en: yes}"),
     f"{WHERE}languages: expected a list like [a, b], got {{'en': True}}"),
    (("languages: [en, th]", "languages: []"), f"{WHERE}languages: expected at least one entry"),
    (("name: Good Partner", "name: 5"), "feeds.yml: partner 1: name: expected text, got 5"),
])
def test_each_problem_is_one_line_naming_the_entry_and_field(tmp_path: Path, change, expected):
    old, new = change
    assert old in GOOD
    assert problems(tmp_path, GOOD.replace(old, new)) == [expected]


def test_problems_are_records_with_the_line_of_their_field(tmp_path: Path) -> None:
    text = GOOD.replace("country: TH", "country: XX").replace("[en, th]", "[en, fr]")
    assert caught(tmp_path, text) == (
        Problem("feeds.yml", "partner 1 (Good Partner): languages",
                f"item 2: expected one of {LANGUAGES}; got 'fr'", 4, "feeds"),
        Problem("feeds.yml", "partner 1 (Good Partner): country",
                f"unknown country code 'XX'; {COUNTRY}", 5, "feeds"),
    )


def test_a_single_language_or_topic_and_a_lower_case_country_are_read(tmp_path: Path) -> None:
    text = GOOD.replace("[en, th]", "th").replace("[education]", "education") \
        .replace("country: TH", "country: th")
    (partner,) = load(tmp_path, text)
    assert (partner.languages, partner.topics, partner.country) == (("th",), ("education",), "TH")


def test_every_problem_of_every_entry_is_listed(tmp_path: Path) -> None:
    second = GOOD.replace("Good Partner", "Other").replace("[education]", "[nope]") \
        .replace("TH", "ZZ")
    third = "- just a string\n"
    duplicate = GOOD.replace("feed.xml", "other.xml")
    found = caught(tmp_path, GOOD + second + third + duplicate)
    assert [str(p) for p in found] == [
        f"feeds.yml: partner 2 (Other): country: unknown country code 'ZZ'; {COUNTRY}",
        "feeds.yml: partner 2 (Other): topics: item 1: unknown topic 'nope'; topics are listed "
        "in docs/topics.yml",
        f"feeds.yml: partner 3: expected fields {FIELDS}, got 'just a string'",
        "feeds.yml: partner 4 (Good Partner): name: is already used by partner 1; list each "
        "partner once",
    ]
    assert [p.line for p in found] == [11, 12, 13, 14]


@pytest.mark.parametrize(("text", "expected"), [
    ("name: not a list\n",
     "feeds.yml: expected a list of partners, each starting with '- name: ...'"),
    ("- name: ok\n- name: [unclosed\n",
     "feeds.yml: line 2 is not valid YAML (expected ',' or ']', but got '<stream end>'); "
     "check quotes, colons and indentation"),
])
def test_a_broken_file_is_one_line_too(tmp_path: Path, text: str, expected: str) -> None:
    assert problems(tmp_path, text) == [expected]


def test_a_file_that_is_not_utf8_names_the_byte_and_line(tmp_path: Path) -> None:
    path = tmp_path / "feeds.yml"
    path.write_bytes(GOOD.encode("utf-8") + b"- name: Caf\xe9\n")
    with pytest.raises(FeedListError) as error:
        load_partners(path, SITE.codes, TOPICS, "feeds.yml")
    assert error.value.problems == (
        Problem("feeds.yml", "", "is not valid UTF-8 (byte 0xE9 on line 7); save the file with "
                "UTF-8 encoding", 7, "feeds"),)


def test_a_missing_file_says_what_it_is_for(tmp_path: Path) -> None:
    with pytest.raises(FeedListError) as error:
        load_partners(tmp_path / "nope.yml", SITE.codes, TOPICS)
    assert str(error.value) == f"{tmp_path / 'nope.yml'}: is missing; it lists the partners' feeds"
