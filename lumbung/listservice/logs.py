"""Logging for the service: access lines carry the method, the path with tokens replaced by '…'
and no query string, and the status; never a client address, a body or an email address."""

from __future__ import annotations

import logging
import re
from typing import Any

from lumbung.listservice.settings import ROUTES

_TOKENISH = re.compile(r"[A-Za-z0-9_-]{16,}")


def redact(path: str) -> str:
    """'/confirm/AbC…xyz?x=1' -> '/confirm/…': the segment after a token route, and any
    segment that looks like a token or holds an '@', become '…'; the query string goes."""
    segments = path.split("?", 1)[0].split("/")
    out = []
    for index, segment in enumerate(segments):
        after_route = index > 0 and segments[index - 1] in ROUTES
        if segment and (after_route or "@" in segment or "%40" in segment.lower()
                        or _TOKENISH.fullmatch(segment)):
            out.append("…")
        else:
            out.append(segment[:64])
    return "/".join(out)


class AccessFilter(logging.Filter):
    """Rewrites uvicorn's access records (client, method, path, http version, status)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "lumbung_redacted", False):  # another copy of this filter did it
            return True
        record.lumbung_redacted = True
        args = record.args
        if isinstance(args, tuple) and len(args) == 5:
            _client, method, path, _version, status = args
            record.msg = "%s %s %s"
            record.args = (method, redact(str(path)), status)
        else:  # an access record of a shape this filter does not know: say nothing of it
            record.msg, record.args = "access record withheld", ()
        return True


def log_config(level: str = "INFO") -> dict[str, Any]:
    """uvicorn's ``log_config``: the filter sits on the access logger itself, so every handler
    (including ones added later) sees only the redacted record."""
    handler = {"class": "logging.StreamHandler", "formatter": "plain",
               "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"access": {"()": AccessFilter}},
        "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
        "handlers": {"stderr": handler},
        "loggers": {
            "uvicorn": {"handlers": ["stderr"], "level": level, "propagate": False},
            "uvicorn.error": {"level": level},
            "uvicorn.access": {"handlers": ["stderr"], "level": level, "propagate": False,
                               "filters": ["access"]},
            "lumbung.listservice": {"handlers": ["stderr"], "level": level,
                                    "propagate": False},
        },
    }
