"""Images editors add are resized, converted, sized and lazy; oversized ones stop the build."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import run_build

pytestmark = pytest.mark.build
PAGE = "docs/resources/ngo-incubator-pitch.md"  # not translated: km shows it as a fallback


def add_image(root: Path, name: str, size: tuple[int, int], noise: bool = False) -> Path:
    folder = root / "docs" / "resources" / "img"
    folder.mkdir(exist_ok=True)
    image = Image.new("RGB", size, (40, 120, 80))
    if noise:
        rng = random.Random(1)
        image = Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))
    path = folder / name
    image.save(path, "JPEG", quality=98)
    return path


def mention(root: Path, markdown: str) -> None:
    page = root / PAGE
    page.write_text(page.read_text(encoding="utf-8") + f"\n\n{markdown}\n", encoding="utf-8")


def test_images_are_resized_converted_and_lazy(site_copy: Path) -> None:
    original = add_image(site_copy, "workshop.jpg", (2400, 1200))
    mention(site_copy, "![Participants mapping their action plan](img/workshop.jpg)")
    build = run_build(site_copy)
    assert build.ok, build.output
    html = build.html("km/resources/ngo-incubator-pitch/index.html")
    match = re.search(r'<picture><source type="image/webp" srcset="([^"]+)"><img src="([^"]+)" '
                      r'alt="Participants mapping their action plan" width="960" height="480" '
                      r'loading="lazy"', html)
    assert match, html[:2000]
    webp, fallback = (build.site / "km/resources/ngo-incubator-pitch" / m
                      for m in match.groups())
    assert webp.resolve().is_file() and fallback.resolve().is_file()
    assert re.search(r"workshop\.[0-9a-f]{10}\.960\.webp$", match.group(1))  # hashed name
    with Image.open(webp.resolve()) as image:
        assert image.size == (960, 480) and image.format == "WEBP"
    assert webp.resolve().stat().st_size < original.stat().st_size


def test_oversized_image_is_a_build_error_naming_it_and_the_limit(site_copy: Path) -> None:
    add_image(site_copy, "huge.jpg", (1600, 1600), noise=True)
    mention(site_copy, "![A very large photo](img/huge.jpg)")
    build = run_build(site_copy)
    assert not build.ok
    assert re.search(r"docs/resources/ngo-incubator-pitch\.md:\d+: image 'img/huge\.jpg' is "
                     r"\d+\.\d MB; images may be at most 1\.5 MB", build.output), \
        build.output[-2000:]
    assert "Traceback" not in build.output


def test_image_without_alt_text_is_refused(site_copy: Path) -> None:
    add_image(site_copy, "small.jpg", (300, 200))
    mention(site_copy, "![](img/small.jpg)")
    build = run_build(site_copy)
    assert not build.ok
    assert re.search(r"docs/resources/ngo-incubator-pitch\.md:\d+: image 'img/small\.jpg' has no "
                     r"alt text", build.output), build.output[-2000:]
