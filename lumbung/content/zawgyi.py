"""Detect Burmese text in the legacy Zawgyi encoding (Unicode is Myanmar's standard since 2019).

Zawgyi reuses Unicode code points with other meanings, so it decodes as valid UTF-8 but shows
as garbage for every reader whose phone uses a Unicode font. Google's myanmartools model tells
the two apart line by line.
"""

from __future__ import annotations

import re
import warnings
from functools import cache

from myanmartools import ZawgyiDetector

MYANMAR = re.compile(r"[\u1000-\u109f]")
THRESHOLD = 0.95


@cache
def _detector() -> ZawgyiDetector:
    # myanmartools 1.2 loads its model with importlib.resources.open_binary, deprecated since
    # Python 3.11; the warning is theirs, not ours, and the call still works.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "open_binary is deprecated", DeprecationWarning)
        return ZawgyiDetector()


def zawgyi_lines(text: str) -> list[int]:
    """1-based numbers of the lines that are most likely Zawgyi-encoded Burmese."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        if MYANMAR.search(line) and _detector().get_zawgyi_probability(line) > THRESHOLD:
            found.append(number)
    return found


def is_zawgyi(text: str) -> bool:
    return bool(MYANMAR.search(text)) and _detector().get_zawgyi_probability(text) > THRESHOLD
