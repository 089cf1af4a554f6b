"""Today's date for the build, overridable so builds and tests are reproducible."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime


def today() -> date:
    """LUMBUNG_TODAY (YYYY-MM-DD), else SOURCE_DATE_EPOCH, else the real date (UTC)."""
    if value := os.environ.get("LUMBUNG_TODAY"):
        return date.fromisoformat(value)
    if epoch := os.environ.get("SOURCE_DATE_EPOCH"):
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return datetime.now(UTC).date()
