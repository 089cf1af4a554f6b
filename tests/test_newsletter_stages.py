"""The newsletter's stages one at a time: dates, URLs, titles, cutting text, encodings, cleaning."""

from __future__ import annotations

import gzip
import io
import socket
import time
import unicodedata
from datetime import UTC, date, datetime
from pathlib import Path

import feedparser
import icu
import pytest

from lumbung.newsletter import charset
from lumbung.newsletter.clean import clean_entry, clean_html, plain_text
from lumbung.newsletter.dates import NEWSLETTER_TZ, parse_date, week_window
from lumbung.newsletter.fetch import Limits, fetch_feeds
from lumbung.newsletter.model import Entry, Fetched, Partner
from lumbung.newsletter.parse import declares_entities, parse_feed
from lumbung.newsletter.select import canonical_url, clean_url, same_story, title_key
from lumbung.newsletter.shorten import shorten
from tests.helpers.feeds import FeedServer, Route, redirect_to, rss2

PARTNER = Partner("Partner", "https://partner.example.org/feed", "https://partner.example.org/",
                  ("en",), "TH", ("education",))
CODES = ("en", "km", "th", "vi", "my", "lo", "ms", "id")


@pytest.mark.parametrize(("raw", "expected"), [
    ("Wed, 18 Nov 2026 09:00:00 ICT", datetime(2026, 11, 18, 2, 0, tzinfo=UTC)),
    ("Wed, 18 Nov 2026 09:00:00 WIB", datetime(2026, 11, 18, 2, 0, tzinfo=UTC)),
    ("Wed, 18 Nov 2026 09:00:00 WITA", datetime(2026, 11, 18, 1, 0, tzinfo=UTC)),
    ("Wed, 18 Nov 2026 09:00:00 WIT", datetime(2026, 11, 18, 0, 0, tzinfo=UTC)),
    ("Wed, 18 Nov 2026 09:00:00 MYT", datetime(2026, 11, 18, 1, 0, tzinfo=UTC)),
    ("Wed, 18 Nov 2026 09:00:00 SGT", datetime(2026, 11, 18, 1, 0, tzinfo=UTC)),
    ("Wed, 18 Nov 2026 09:00:00 PHT", datetime(2026, 11, 18, 1, 0, tzinfo=UTC)),
    ("Wed, 18 Nov 2026 09:00:00 HKT", datetime(2026, 11, 18, 1, 0, tzinfo=UTC)),
    ("Wed, 18 Nov 2026 09:00:00 MMT", datetime(2026, 11, 18, 2, 30, tzinfo=UTC)),
    ("18 Nov 2026 09:00 ict", datetime(2026, 11, 18, 2, 0, tzinfo=UTC)),
    ("Wed, 18 Nov 2026 09:00:00 GMT+7", datetime(2026, 11, 18, 2, 0, tzinfo=UTC)),
    ("Wed, 18 Nov 2026 09:00:00 UTC+06:30", datetime(2026, 11, 18, 2, 30, tzinfo=UTC)),
    ("Wed, 18 Nov 2026 09:00:00 +0700", datetime(2026, 11, 18, 2, 0, tzinfo=UTC)),
    ("Wed, 18 Nov 2026 09:00:00 -0500", datetime(2026, 11, 18, 14, 0, tzinfo=UTC)),
    ("Wed, 18 Nov 2026 09:00:00 GMT", datetime(2026, 11, 18, 9, 0, tzinfo=UTC)),
    ("Wed, 18 Nov 2026 09:00:00 EST", datetime(2026, 11, 18, 14, 0, tzinfo=UTC)),
    ("2026-11-18T09:00:00+07:00", datetime(2026, 11, 18, 2, 0, tzinfo=UTC)),
    ("2026-11-18T09:00:00Z", datetime(2026, 11, 18, 9, 0, tzinfo=UTC)),
    ("2026-11-18 09:00:00 ICT", datetime(2026, 11, 18, 2, 0, tzinfo=UTC)),
    ("2026-11-18", datetime(2026, 11, 18, 0, 0, tzinfo=UTC)),
])
def test_dates_are_read_with_their_zone(raw: str, expected: datetime) -> None:
    assert parse_date(raw) == expected


def test_feedparser_alone_reads_ict_as_utc_which_is_why_dates_are_read_here() -> None:
    feed = rss2([{"title": "t", "link": "https://x.example.org/1",
                  "date": "Wed, 18 Nov 2026 09:00:00 ICT"}])
    parsed = feedparser.parse(io.BytesIO(feed.encode())).entries[0].published_parsed
    assert parsed.tm_hour == 9  # feedparser: 09:00 UTC, wrong by seven hours
    assert parse_date("Wed, 18 Nov 2026 09:00:00 ICT", parsed).hour == 2


def test_unknown_formats_fall_back_to_feedparser_and_garbage_gives_none() -> None:
    parsed = time.struct_time((2026, 11, 18, 9, 0, 0, 2, 322, 0))
    assert parse_date("18/11/2026 nine o'clock", parsed) == datetime(2026, 11, 18, 9,
                                                                      tzinfo=UTC)
    assert parse_date("not a date") is None
    assert parse_date("") is None and parse_date(None) is None


def test_the_week_runs_monday_to_sunday_midnight_in_bangkok() -> None:
    begin, end = week_window(date(2026, 11, 16))
    assert begin == datetime(2026, 11, 15, 17, 0, tzinfo=UTC)
    assert end == datetime(2026, 11, 22, 17, 0, tzinfo=UTC)
    assert begin.tzinfo is NEWSLETTER_TZ


@pytest.mark.parametrize("variant", [
    "https://partner.example.org/news/story",
    "https://partner.example.org/news/story/",
    "HTTPS://Partner.Example.ORG:443/news/story#section",
    "https://partner.example.org/news/story/?utm_source=x&utm_medium=rss&utm_campaign=w47",
    "https://partner.example.org/news/story?fbclid=abc&gclid=def&mc_cid=1&mc_eid=2",
    "https://partner.example.org/news/story?_hsenc=a&msclkid=b&igshid=c&UTM_Term=d",
])
def test_tracking_variants_share_one_canonical_url(variant: str) -> None:
    assert canonical_url(variant) == "https://partner.example.org/news/story"


def test_canonical_urls_keep_what_matters() -> None:
    assert canonical_url("https://a.example.org/p?b=2&a=1") == "https://a.example.org/p?a=1&b=2"
    assert canonical_url("http://a.example.org:8080/p") == "http://a.example.org:8080/p"
    assert canonical_url("http://a.example.org:80/") == "http://a.example.org/"
    assert canonical_url("https://a.example.org/p?id=7") != canonical_url("https://a.example.org/p")
    # Items link to the path as published (a trailing slash may matter to the server).
    assert clean_url("https://a.example.org/p/?utm_source=x") == "https://a.example.org/p/"


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Blue Dragon maps new trafficking routes", "BLUE DRAGON MAPS NEW TRAFFICKING ROUTES!", True),
    ("Blue Dragon maps new trafficking routes", "Blue Dragon maps new trafficking route", True),
    ("Blue Dragon maps new trafficking routes", "Free To Shine opens a new learning centre", False),
    ("Weekly update 12", "Weekly update 13", False),  # different numbers
    ("Update", "Update", False),  # too short to call it the same story
    ("การค้ามนุษย์ในภาคเหนือของประเทศไทย", "การค้ามนุษย์ ในภาคเหนือของประเทศไทย.", True),
])
def test_near_identical_titles(a: str, b: str, same: bool) -> None:
    assert same_story(title_key(a), title_key(b)) is same


SAMPLES = {
    "km": "ក្រុមមន្ត្រីអប់រំរបស់យើងចុះសួរសុខទុក្ខក្មេងស្រី និងគ្រួសាររបស់ពួកគេជារៀងរាល់ខែ "
          "ដើម្បីស្វែងយល់ពីស្ថានភាពបច្ចុប្បន្ន ដូចជាភាពក្រីក្រ ជំងឺ ការធ្វើចំណាកស្រុក និងបំណុល។ ",
    "th": "ในโครงการสิทธิมนุษยชนของเรา นักเรียนได้เรียนรู้ว่าการค้ามนุษย์คืออะไรและจะปกป้อง"
          "ตนเองได้อย่างไร หัวข้อที่เรียนครอบคลุมถึงความปลอดภัยออนไลน์ ",
    "lo": "ຂ່າວສານປະຈຳອາທິດນີ້ຈາກອົງກອນຄູ່ຮ່ວມງານຂອງພວກເຮົາທົ່ວອາຊີຕາເວັນອອກສຽງໃຕ້ ",
    "my": "ရွှေ့ပြောင်းအလုပ်သမားများသည် နိုင်ငံကူးလက်မှတ် သိမ်းဆည်းခံရခြင်း၊ "
          "အနည်းဆုံးလုပ်ခလစာထက် နည်းသော လစာရရှိခြင်းနှင့် လစာဖြတ်တောက်ခံရခြင်း ",
    "vi": "Từ năm 2018, Blue Dragon hợp tác với Học viện Cảnh sát Nhân dân để xây dựng ",
    "en": "Poverty and a lack of education put young people at high risk of exploitation. ",
}


def graphemes(text: str, lang: str) -> set[int]:
    iterator = icu.BreakIterator.createCharacterInstance(icu.Locale(lang))
    iterator.setText(text)
    return {0, *iterator}


@pytest.mark.parametrize("lang", sorted(SAMPLES))
@pytest.mark.parametrize("limit", [37, 64, 100, 151, 300])
def test_summaries_are_cut_on_boundaries_with_an_ellipsis(lang: str, limit: int) -> None:
    text = unicodedata.normalize("NFC", SAMPLES[lang] * 8).strip()
    cut = shorten(text, lang, limit)
    assert cut.endswith("…")
    head = cut[:-1]
    assert 0 < len(head) <= limit and text.startswith(head)
    assert len(head) in graphemes(text, lang), "never inside a grapheme"
    assert not unicodedata.category(text[len(head)]).startswith("M")
    if lang == "en":
        assert text[len(head)] in " .,"  # on a word boundary
    assert shorten(SAMPLES[lang], lang, 300) == SAMPLES[lang].strip()  # short text stays whole


def test_thai_in_tis620_is_told_from_windows_1252() -> None:
    thai = "ข่าวการป้องกันการค้ามนุษย์ในภาคเหนือของประเทศไทย".encode("cp874")
    western = "Café “quoted” – naïve résumé, déjà vu".encode("cp1252")
    assert charset.looks_thai(thai)
    assert not charset.looks_thai(western)
    assert not charset.looks_thai("ข่าว".encode())  # valid UTF-8 is UTF-8
    assert charset.decode(thai) == ("ข่าวการป้องกันการค้ามนุษย์ในภาคเหนือของประเทศไทย",
                                    "windows-874")
    assert charset.decode(western)[1] == "windows-1252"


@pytest.mark.parametrize(("body", "content_type"), [
    ("utf-8", "text/xml; charset=windows-1252"),  # the server's charset is wrong
    ("utf-8", "text/xml"),  # text/* without a charset means ASCII to feedparser
    ("cp874", "application/rss+xml; charset=iso-8859-1"),
    ("cp874", "application/rss+xml; charset=utf-8"),
])
def test_thai_survives_a_wrong_http_charset(body: str, content_type: str) -> None:
    title = "ชั้นเรียนสิทธิมนุษยชนสำหรับนักเรียน"
    feed = rss2([{"title": title, "link": "https://x.example.org/1"}], declaration="")
    fetched = Fetched(PARTNER, "ok", body=feed.encode(body),
                      headers={"content-type": content_type})
    (parsed,) = parse_feed(fetched, CODES).entries
    assert parsed.title == title and parsed.language == "th"


def test_entity_declarations_are_found_in_utf16_too() -> None:
    doc = '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE r [<!ENTITY a "b">]><r/>'
    assert declares_entities(doc.encode("utf-16"))
    assert declares_entities(doc.encode("utf-8"))
    assert not declares_entities(rss2([]).encode())
    fetched = Fetched(PARTNER, "ok", body=doc.encode("utf-16"))
    assert parse_feed(fetched, CODES).status == "refused"


def test_feedparser_never_opens_a_file_named_by_the_body(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(rss2([{"title": "Local file", "link": "https://x.example.org/1"}]),
                    encoding="utf-8")
    fetched = Fetched(PARTNER, "ok", body=str(feed).encode())
    assert parse_feed(fetched, CODES).status == "not a feed"


def entry(title: str, summary: str, lang: str = "en") -> Entry:
    return Entry(PARTNER, title, "https://partner.example.org/news/1?utm_source=feed", summary,
                 datetime(2026, 11, 18, tzinfo=UTC), lang, "g1")


def test_zawgyi_burmese_is_converted_to_unicode() -> None:
    unicode_text = "ကလေးသူငယ်များကို လူကုန်ကူးမှုမှ ကာကွယ်ရန် ကျောင်းပညာရေး အစီအစဉ်အသစ်"
    zawgyi = icu.Transliterator.createInstance("my-Zawgyi").transliterate(unicode_text)
    assert zawgyi != unicode_text
    cleaned = clean_entry(entry(zawgyi, f"<p>{zawgyi}</p>", "my"),
                          datetime(2026, 11, 18, tzinfo=UTC))
    assert cleaned.item is not None and cleaned.note == "converted from Zawgyi"
    assert cleaned.item.title == unicode_text
    assert cleaned.item.summary_text == unicode_text


def test_cleaning_keeps_only_the_allowlist() -> None:
    html = ('<p class="x" style="color:red">A <strong>b</strong> <em>c</em> <b>d</b> '
            '<a href="https://a.example.org/" target="_blank" onclick="x()">e</a></p>'
            "<ul><li>f</li></ul><blockquote>g</blockquote><h2>h</h2><table><tr><td>i</td></tr>"
            "</table><br>")
    assert clean_html(html, "https://partner.example.org/") == (
        '<p>A <strong>b</strong> <em>c</em> d <a href="https://a.example.org/">e</a></p>'
        "<ul><li>f</li></ul><blockquote>g</blockquote>hi<br>")


def test_titles_become_plain_text_and_long_html_becomes_the_short_text() -> None:
    long_text = "word " * 400
    cleaned = clean_entry(entry("<b>Bold</b> &amp; <i>italic</i>", f"<p>{long_text}</p>"),
                          datetime(2026, 11, 18, tzinfo=UTC)).item
    assert cleaned is not None
    assert cleaned.title == "Bold & italic"
    assert cleaned.url == "https://partner.example.org/news/1"
    assert len(cleaned.summary_text) <= 301 and cleaned.summary_text.endswith("…")
    assert cleaned.summary_html == f"<p>{cleaned.summary_text}</p>"
    assert plain_text("<p>a</p><p>b</p>") == "a b"


def test_fetch_follows_a_few_redirects_and_reads_gzip() -> None:
    body = rss2([{"title": "Zipped", "link": "https://z.example.org/1"}]).encode()
    zipped = Route(gzip.compress(body), headers={"Content-Encoding": "gzip"})
    with FeedServer({"/old": redirect_to("/new"), "/new": zipped}) as srv:
        partner = Partner("Z", srv.url("/old"), "https://z.example.org/", ("en",), "TH", ())
        (result,) = fetch_feeds([partner], {}, limits=Limits(deadline=2), feeds_dir=Path("."))
    assert result.status == "ok" and result.body == body
    assert result.final_url == srv.url("/new")


def test_a_refused_connection_is_that_feeds_error_only() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with FeedServer({"/ok.xml": Route(rss2([]))}) as srv:
        partners = [Partner("Closed", f"http://127.0.0.1:{port}/feed", "https://c.example.org/",
                            ("en",), "TH", ()),
                    Partner("Open", srv.url("/ok.xml"), "https://o.example.org/", ("en",), "TH",
                            ())]
        closed, open_ = fetch_feeds(partners, {}, limits=Limits(deadline=2),
                                    feeds_dir=Path("."))
    assert closed.status == "error" and "could not connect" in closed.detail
    assert open_.status == "ok"


def test_offline_fetches_nothing() -> None:
    with FeedServer({"/ok.xml": Route(rss2([]))}) as srv:
        partner = Partner("P", srv.url("/ok.xml"), "https://p.example.org/", ("en",), "TH", ())
        (result,) = fetch_feeds([partner], {}, limits=Limits(), feeds_dir=Path("."),
                                offline=True)
        assert not srv.requests
    assert result.status == "not modified" and "--offline" in result.detail
