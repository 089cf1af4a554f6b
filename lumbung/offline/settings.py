"""Whether a build makes PDFs and ZIM files: the environment first, then mkdocs.yml.

``LUMBUNG_PDF=0`` (or ``extra: offline: pdf: false``) switches PDFs off, for quick previews;
``LUMBUNG_ZIM=1`` (or ``extra: offline: zim: true``) makes the ZIM files in the build.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from lumbung.config import Site
from lumbung.errors import LumbungError

DEFAULTS = {"pdf": True, "zim": False}
ENV = {"pdf": "LUMBUNG_PDF", "zim": "LUMBUNG_ZIM"}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def enabled(site: Site, what: str, environ: Mapping[str, str] | None = None) -> bool:
    """Whether ``what`` ('pdf' or 'zim') is made by this build."""
    env = os.environ if environ is None else environ
    name = ENV[what]
    if name in env:
        value = env[name].strip().lower()
        if value not in _TRUE | _FALSE:
            raise LumbungError(f"environment variable {name}={env[name]!r}: expected 1 or 0")
        return value in _TRUE
    settings: Any = site.extra.get("offline") or {}
    if not isinstance(settings, dict):
        raise LumbungError("mkdocs.yml: extra: offline: expected a mapping like "
                           "{pdf: true, zim: false}")
    value = settings.get(what, DEFAULTS[what])
    if not isinstance(value, bool):
        raise LumbungError(f"mkdocs.yml: extra: offline: {what}: expected true or false, "
                           f"found {value!r}")
    return value
