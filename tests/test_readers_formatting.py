"""One date, number and calendar convention per language, from CLDR through ICU.

The expected strings were read from ICU's output and checked by hand: British English day-month
order; the Thai Buddhist era (2018 + 543 = 2561) with its label พ.ศ.; Latin digits where CLDR's
default numbering system is Latin (km, lo, th), Myanmar digits for Burmese (CLDR default mymr);
each language's month names and grouping/decimal separators.
"""

from __future__ import annotations

from datetime import date

import pytest

from lumbung.config import load_site
from lumbung.content.model import PartialDate
from lumbung.newsletter import archive, issuefile
from lumbung.newsletter.message import encoded_size
from lumbung.newsletter.render import render_edition
from lumbung.site.formatting import format_date, format_list, format_number, format_size
from tests.conftest import ROOT

SITE = load_site(ROOT / "mkdocs.yml")

# As CLDR 47 (ICU 77, bundled by pyicu-wheels) writes them: CLDR changes between releases (Khmer
# separators and the Burmese date pattern did, from ICU 72), so these move with the ICU pin.
EXPECTED = {  # lang: (29 July 2021, August 2018, 2018, 1234.5, 1,234,567 bytes)
    "en": ("29 July 2021", "August 2018", "2018", "1,234.5", "1.2 MB"),
    "th": ("29 กรกฎาคม พ.ศ. 2564", "สิงหาคม พ.ศ. 2561", "พ.ศ. 2561", "1,234.5", "1.2 MB"),
    "km": ("29 កក្កដា 2021", "សីហា 2018", "2018", "1,234.5", "1.2 MB"),
    "lo": ("29 ກໍລະກົດ 2021", "ສິງຫາ 2018", "2018", "1.234,5", "1,2 MB"),
    "my": ("၂၀၂၁ ဇူလိုင် ၂၉", "၂၀၁၈ ဩဂုတ်", "၂၀၁၈", "၁,၂၃၄.၅", "၁.၂ MB"),
    "vi": ("29 tháng 7, 2021", "tháng 8 năm 2018", "2018", "1.234,5", "1,2 MB"),
    "ms": ("29 Julai 2021", "Ogos 2018", "2018", "1,234.5", "1.2 MB"),
    "id": ("29 Juli 2021", "Agustus 2018", "2018", "1.234,5", "1,2 MB"),
}

WEEK_OF = {  # the issue of the week starting Monday 16 November 2026
    "en": "Week of 16 November 2026",
    "th": "สัปดาห์ที่เริ่มวันที่ 16 พฤศจิกายน พ.ศ. 2569",
    "km": "សប្ដាហ៍ចាប់ពីថ្ងៃទី 16 វិច្ឆិកា 2026",
    "lo": "ອາທິດທີ່ເລີ່ມວັນທີ 16 ພະຈິກ 2026",
    "my": "၂၀၂၆ နိုဝင်ဘာ ၁၆ မှ စသော အပတ်",
    "vi": "Tuần bắt đầu ngày 16 tháng 11, 2026",
    "ms": "Minggu bermula 16 November 2026",
    "id": "Pekan mulai 16 November 2026",
}

SUBJECTS = {
    "en": "Lumbung weekly: week of 16 November 2026",
    "th": "Lumbung ประจำสัปดาห์: สัปดาห์ที่เริ่มวันที่ 16 พฤศจิกายน พ.ศ. 2569",
    "my": "Lumbung အပတ်စဉ်: ၂၀၂၆ နိုဝင်ဘာ ၁၆ မှ စသော အပတ်",
}


def test_every_site_language_has_a_convention() -> None:
    assert set(EXPECTED) == set(SITE.codes) == set(WEEK_OF)


@pytest.mark.parametrize("lang", sorted(EXPECTED))
def test_dates_and_numbers(lang: str) -> None:
    day, month, year, number, size = EXPECTED[lang]
    assert format_date(date(2021, 7, 29), lang) == day
    assert format_date(PartialDate.of(2018, 8), lang) == month
    assert format_date(PartialDate.of(2018), lang) == year
    assert format_number(1234.5, lang) == number
    assert format_size(1_234_567, lang) == size


def test_digits_follow_cldr_defaults() -> None:
    """Latin digits for km, lo, th (their CLDR default); Myanmar digits for my, everywhere."""
    for lang in ("km", "lo", "th"):
        text = format_date(date(2021, 7, 29), lang) + format_number(42, lang)
        assert "42" in text and "29" in text
    assert format_number(42, "my") == "၄၂"


def test_language_lists_are_joined_as_the_language_joins_them() -> None:
    assert format_list(["English", "Khmer", "Thai"], "en") == "English, Khmer and Thai"
    assert format_list(["A", "B", "C"], "km") == "A, B និង C"


@pytest.mark.parametrize("lang", sorted(WEEK_OF))
def test_issue_titles_name_the_week(lang: str) -> None:
    issue = issuefile.load(ROOT / "newsletters" / "issues" / "2026" / "2026-W47.yml")
    assert issue.start == date(2026, 11, 16)
    assert archive.issue_title(issue, lang) == WEEK_OF[lang]
    pages = {path: title for path, _, title in archive.generated_pages(SITE, (issue,), lang)}
    prefix = "" if lang == SITE.default else f"{lang}/"
    assert pages[f"{prefix}newsletters/2026-W47/index.md"] == WEEK_OF[lang]


@pytest.mark.parametrize("lang", sorted(SUBJECTS))
def test_email_subjects_name_the_week(lang: str) -> None:
    issue = issuefile.load(ROOT / "newsletters" / "issues" / "2026" / "2026-W47.yml")
    assert render_edition(issue, lang, SITE).subject == SUBJECTS[lang]


def test_email_counts_use_the_language_digits() -> None:
    issue = issuefile.load(ROOT / "newsletters" / "issues" / "2026" / "2026-W47.yml")
    full = render_edition(issue, "my", SITE)
    # a budget just under the full edition's size: some items are left for the website
    edition = render_edition(issue, "my", SITE, budget=encoded_size(full) - 1)
    assert edition.dropped > 0
    count = format_number(edition.dropped, "my")
    assert count.isdigit() and not count.isascii()  # Myanmar digits
    assert f"{count}" in edition.text
