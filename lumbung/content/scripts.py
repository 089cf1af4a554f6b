"""Which writing system a text is in, to catch a "translation" that is still the English text."""

from __future__ import annotations

import re
from functools import lru_cache

SCRIPTS = {
    "km": re.compile(r"[\u1780-\u17ff\u19e0-\u19ff]"),
    "th": re.compile(r"[\u0e00-\u0e7f]"),
    "lo": re.compile(r"[\u0e80-\u0eff]"),
    "my": re.compile(r"[\u1000-\u109f\uaa60-\uaa7f]"),
}
LETTER = re.compile(r"[^\W\d_]")
MIN_SHARE = 0.3


@lru_cache(maxsize=65536)  # the preview reads the library again after every save
def script_share(text: str, lang: str) -> float | None:
    """Share of letters in ``lang``'s own script, or None if the language is in Latin script."""
    pattern = SCRIPTS.get(lang)
    if pattern is None:
        return None
    letters = len(LETTER.findall(text))
    return len(pattern.findall(text)) / letters if letters else 1.0


def looks_untranslated(text: str, lang: str) -> bool:
    share = script_share(text, lang)
    return share is not None and share < MIN_SHARE
