"""Locale-aware formatting (dates, numbers, sizes) through ICU, for templates and emails."""

from __future__ import annotations

from datetime import date
from functools import cache

import icu

from lumbung.content.model import Precision

SKELETONS = {Precision.YEAR: "y", Precision.MONTH: "yMMMM"}


@cache
def _date_format(lang: str, precision: Precision) -> icu.DateFormat:
    locale = icu.Locale(lang)
    if precision in SKELETONS:
        pattern = icu.DateTimePatternGenerator.createInstance(locale).getBestPattern(
            SKELETONS[precision])
        fmt = icu.SimpleDateFormat(pattern, locale)
    else:
        fmt = icu.DateFormat.createDateInstance(icu.DateFormat.LONG, locale)
    fmt.setTimeZone(icu.TimeZone.getGMT())
    return fmt


def format_date(value: date | None, lang: str) -> str:
    """A date as a reader of ``lang`` writes it: '15 March 2020', '15 มีนาคม 2563', 'March 2020'."""
    if value is None:
        return ""
    seconds = (value - date(1970, 1, 1)).days * 86_400.0  # PyICU takes UDate in seconds
    precision = getattr(value, "precision", Precision.DAY)
    return str(_date_format(lang, precision).format(seconds))


@cache
def _number_format(lang: str) -> icu.NumberFormat:
    return icu.NumberFormat.createInstance(icu.Locale(lang))


def format_number(value: float, lang: str) -> str:
    return str(_number_format(lang).format(value))


def format_size(size: int, lang: str) -> str:
    """File sizes in the reader's digits: '1.2 MB', '340 KB'."""
    for unit, scale in (("MB", 1_000_000), ("KB", 1_000)):
        if size >= scale:
            amount = round(size / scale, 1 if size < 10 * scale else 0)
            return f"{format_number(amount, lang)} {unit}"
    return f"{format_number(size, lang)} B"
