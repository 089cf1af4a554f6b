"""Heading anchors that keep every script's letters, including Khmer, Thai, Lao and Burmese
vowel signs (Python-Markdown's own slugify drops combining marks, leaving unreadable ids)."""

from __future__ import annotations

import re
import unicodedata

KEEP = ("L", "M", "N")


def slugify(value: str, separator: str = "-") -> str:
    """'What is inside?' -> 'what-is-inside'; 'ការណែនាំ សម្រាប់' -> 'ការណែនាំ-សម្រាប់'."""
    text = unicodedata.normalize("NFC", re.sub(r"<[^>]+>", "", value)).casefold()
    kept = "".join(ch if unicodedata.category(ch)[0] in KEEP else " " for ch in text)
    return separator.join(kept.split())
