"""Today's date for the build, overridable so builds and tests are reproducible."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, tzinfo


def today(zone: tzinfo = UTC) -> date:
    """LUMBUNG_TODAY (YYYY-MM-DD), else SOURCE_DATE_EPOCH, else the real date, in ``zone``."""
    if value := os.environ.get("LUMBUNG_TODAY"):
        return date.fromisoformat(value)
    if epoch := os.environ.get("SOURCE_DATE_EPOCH"):
        return datetime.fromtimestamp(int(epoch), zone).date()
    return datetime.now(zone).date()
