"""The page-weight budget script: passes on the real site, fails naming the page and asset."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_build

pytestmark = [pytest.mark.build, pytest.mark.browser]


def budget(root: Path, site: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "budget.py"), "--config",
                           str(root / "mkdocs.yml"), "--site", str(site)],
                          capture_output=True, text=True, timeout=600, check=False)


def test_the_site_is_within_budget(built_site) -> None:
    result = budget(built_site.root, built_site.site)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "within budget" in result.stdout
    for lang in ("", "km/", "my/"):  # every budget page was measured, cold and warm
        assert f"/{lang}library/ (cold view)" in result.stdout


def test_an_oversized_page_fails_naming_page_and_asset(site_copy: Path) -> None:
    rng = random.Random(7)
    words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9)))
             for _ in range(6000)]
    page = site_copy / "docs" / "resources" / "ngo-incubator-pitch.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n" + " ".join(words) + "\n",
                    encoding="utf-8")
    build = run_build(site_copy)
    assert build.ok, build.output
    result = budget(site_copy, build.site)
    assert result.returncode == 1
    assert "resources/ngo-incubator-pitch/index.html: HTML is" in result.stdout
    assert "bytes compressed > 12,000" in result.stdout
