"""Locale-aware formatting (dates, numbers, sizes, lists) through ICU, for templates and emails.

One convention per language, taken from CLDR and applied everywhere the site or the newsletter
writes a date or a number (page metadata, generated text, catalogs, archive titles, subjects):

- the locale below (LOCALES): British English for ``en``; Thai dates in the Buddhist era, always
  labelled (พ.ศ.), so a year like 2561 cannot be mistaken for a Gregorian one;
- digits: the locale's default numbering system in CLDR, used by dates and numbers alike: Latin
  digits for Khmer, Lao and Thai (CLDR's default for km, lo and th; their native digits are only
  CLDR's "native" alternative), Myanmar digits for Burmese (CLDR's default for my).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from lumbung.content.model import Precision

if TYPE_CHECKING:
    import icu  # imported where used: the merge step of a parallel build needs no ICU (11 MiB)

LOCALES = {  # site language -> ICU locale for its dates and numbers
    "en": "en_GB",
    "th": "th_TH@calendar=buddhist",
    "km": "km_KH",
    "lo": "lo_LA",
    "my": "my_MM",
    "vi": "vi_VN",
    "ms": "ms_MY",
    "id": "id_ID",
}
# Date skeletons by precision; Thai adds the era (G) so the Buddhist year carries its label.
SKELETONS = {Precision.DAY: "yMMMMd", Precision.MONTH: "yMMMM", Precision.YEAR: "y"}
ERA_LABELLED = {"th"}


def locale_id(lang: str) -> str:
    """The ICU locale of a site language (the language code itself if none is set)."""
    return LOCALES.get(lang, lang)


@cache
def _date_format(lang: str, precision: Precision) -> icu.SimpleDateFormat:
    import icu
    locale = icu.Locale(locale_id(lang))
    skeleton = ("G" if lang in ERA_LABELLED else "") + SKELETONS[precision]
    pattern = icu.DateTimePatternGenerator.createInstance(locale).getBestPattern(skeleton)
    fmt = icu.SimpleDateFormat(pattern, locale)
    fmt.setTimeZone(icu.TimeZone.getGMT())
    return fmt


def format_date(value: date | None, lang: str) -> str:
    """A date as a reader of ``lang`` writes it: '15 March 2020', '15 มีนาคม พ.ศ. 2563',
    'March 2020' (a date with month precision)."""
    if value is None:
        return ""
    seconds = (value - date(1970, 1, 1)).days * 86_400.0  # PyICU takes UDate in seconds
    precision = Precision(getattr(value, "precision", Precision.DAY))
    return str(_date_format(lang, precision).format(seconds))


@cache
def _number_format(lang: str) -> icu.NumberFormat:
    import icu
    return icu.NumberFormat.createInstance(icu.Locale(locale_id(lang)))


def format_number(value: float, lang: str) -> str:
    return str(_number_format(lang).format(value))


def format_size(size: int, lang: str) -> str:
    """File sizes in the reader's digits: '1.2 MB', '340 KB'."""
    for unit, scale in (("MB", 1_000_000), ("KB", 1_000)):
        if size >= scale:
            amount = round(size / scale, 1 if size < 10 * scale else 0)
            return f"{format_number(amount, lang)} {unit}"
    return f"{format_number(size, lang)} B"


@cache
def _list_format(lang: str) -> icu.ListFormatter:
    import icu
    return icu.ListFormatter.createInstance(icu.Locale(locale_id(lang)))


def format_list(values: Iterable[str], lang: str) -> str:
    """'English, Khmer and Thai', joined as CLDR joins lists in ``lang``."""
    return str(_list_format(lang).format(list(values)))
