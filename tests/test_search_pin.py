"""Pagefind is pinned to one release: lumbung/search/bundle.py relies on its service's insides."""

from __future__ import annotations

import inspect
import re
import tomllib
from importlib import metadata

from pagefind.service import PagefindService

from lumbung.search.bundle import PAGEFIND_VERSION, _Service
from tests.conftest import ROOT


def test_pagefind_is_the_release_the_indexer_was_written_for() -> None:
    """Fails on any upgrade: read PAGEFIND_VERSION's comment before changing the pin."""
    assert metadata.version("pagefind") == PAGEFIND_VERSION
    assert metadata.version("pagefind-bin") == PAGEFIND_VERSION
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = [d for d in deps["project"]["dependencies"] if d.startswith("pagefind")]
    assert pins == [f"pagefind[bin]=={PAGEFIND_VERSION}"]


def test_the_service_insides_the_indexer_replaces_are_still_there() -> None:
    source = inspect.getsource(PagefindService)
    for name in ("_wait_for_responses", "_backend", "_responses", "_loop", "_poll_task"):
        assert re.search(rf"\b{name}\b", source), name
    assert set(_Service.__dict__) >= {"__init__", "launch", "_wait_for_responses"}
    assert "send" not in _Service.__dict__  # requests still go through Pagefind's own code
