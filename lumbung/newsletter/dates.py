"""Dates of feed entries, time-zone aware, and the newsletter's weekly window.

feedparser normalises dates to UTC ``struct_time``, but silently reads zone names it does not know
as UTC: "Wed, 18 Nov 2026 09:00:00 ICT" (UTC+7) comes out seven hours late. So the raw date string
is read here first, with the named zones common in the region and numeric offsets; feedparser's
value is only the fallback for formats this module does not know.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

# The newsletter's weeks run Monday 00:00 to Sunday 24:00 in this zone (UTC+7, no DST).
NEWSLETTER_TZ = ZoneInfo("Asia/Bangkok")

# Zone abbreviations used in the region, as minutes east of UTC. Ambiguous ones (CST, IST) are
# left to RFC 822's meaning or to feedparser.
ZONES = {
    "ICT": 7 * 60,  # Indochina Time: Thailand, Cambodia, Laos, Vietnam
    "WIB": 7 * 60,  # Western Indonesia
    "WITA": 8 * 60,  # Central Indonesia
    "WIT": 9 * 60,  # Eastern Indonesia
    "MYT": 8 * 60,  # Malaysia
    "SGT": 8 * 60,  # Singapore
    "PHT": 8 * 60,  # Philippines
    "MMT": 6 * 60 + 30,  # Myanmar
    "HKT": 8 * 60,  # Hong Kong
    "BNT": 8 * 60,  # Brunei
    "TLT": 9 * 60,  # Timor-Leste
}

_NAMED = re.compile(r"\s*\(?\b([A-Za-z]{3,4})\)?\s*$")
_GMT_OFFSET = re.compile(r"\s*(?:GMT|UTC|UT)\s*([+-])(\d{1,2})(?::?(\d{2}))?\s*$", re.IGNORECASE)


def _zone(minutes: int) -> timezone:
    return timezone(timedelta(minutes=minutes))


def _split_zone(text: str) -> tuple[str, timezone | None]:
    """Take a regional zone name or a 'GMT+7' style offset off the end of a date string."""
    match = _GMT_OFFSET.search(text)
    if match:
        sign = -1 if match.group(1) == "-" else 1
        minutes = int(match.group(2)) * 60 + int(match.group(3) or 0)
        return text[: match.start()], _zone(sign * minutes)
    match = _NAMED.search(text)
    if match and match.group(1).upper() in ZONES:
        return text[: match.start()], _zone(ZONES[match.group(1).upper()])
    return text, None


def _read(text: str) -> datetime | None:
    """ISO 8601 / W3CDTF (Atom, dc:date) or RFC 822 (RSS); naive if the string has no zone."""
    iso = text.replace(" ", "T", 1) if re.match(r"^\d{4}-\d{2}-\d{2} \d", text) else text
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        pass
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed


def parse_date(raw: str | None, parsed: time.struct_time | None = None) -> datetime | None:
    """An aware UTC datetime from a feed's raw date string, else from feedparser's parsed value.

    A date without any zone is read as UTC, as feedparser does.
    """
    text = (raw or "").strip()
    if text:
        rest, zone = _split_zone(text)
        value = _read(rest.strip())
        if value is not None:
            if value.tzinfo is None:
                value = value.replace(tzinfo=zone or UTC)
            try:
                return value.astimezone(UTC)
            except (OverflowError, ValueError):
                return None
    if parsed is not None:
        try:
            return datetime(*parsed[:6], tzinfo=UTC)
        except (TypeError, ValueError):
            return None
    return None


def effective(published: datetime | None, first_seen: datetime, now: datetime) -> datetime:
    """The date an item counts under: its own, unless missing or in the future."""
    if published is None or published > now:
        return first_seen
    return published


def week_window(start: date) -> tuple[datetime, datetime]:
    """Monday 00:00 to the next Monday 00:00 (i.e. Sunday 24:00) in the newsletter's zone."""
    begin = datetime(start.year, start.month, start.day, tzinfo=NEWSLETTER_TZ)
    return begin, begin + timedelta(days=7)
