"""Images that editors add: resized at build time, written as WebP with a JPEG/PNG fallback under
content-hashed names, given width/height and lazy loading; oversized files are refused."""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import Image, UnidentifiedImageError

from lumbung.errors import ContentError, Problem

MAX_WIDTH = 960  # CSS pixels of the widest content column, at most
LIMIT = 1_500_000  # bytes an image file in docs/ may have
IMG_RE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ATTR_RE = re.compile(r'([\w:-]+)\s*=\s*"([^"]*)"')


@dataclass(frozen=True)
class Rendition:
    webp: str  # site-root URL
    fallback: str
    width: int
    height: int


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def render(source: Path, rel: str, site_dir: Path, folder: str = "assets/images") -> Rendition:
    """Write the resized WebP and fallback into ``site_dir/folder``; return their URLs."""
    size = source.stat().st_size
    if size > LIMIT:
        raise ContentError([Problem(rel, "", f"is {_megabytes(size)}; images may be at most "
                                    f"{_megabytes(LIMIT)}: resize or compress it before adding "
                                    "it", 0, "images")])
    data = source.read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:10]
    try:
        with Image.open(source) as opened:
            image = opened.convert("RGBA") if opened.mode in ("P", "LA") else opened.copy()
    except (UnidentifiedImageError, OSError):
        raise ContentError([Problem(rel, "", "is not an image this site can read (use JPEG, "
                                    "PNG or WebP)", 0, "images")]) from None
    if image.width > MAX_WIDTH:
        height = round(image.height * MAX_WIDTH / image.width)
        image = image.resize((MAX_WIDTH, height), Image.Resampling.LANCZOS)
    has_alpha = image.mode == "RGBA"
    out = site_dir / folder
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{source.stem}.{digest}.{image.width}"
    webp = out / f"{stem}.webp"
    fallback = out / f"{stem}.{'png' if has_alpha else 'jpg'}"
    if not webp.exists():
        image.save(webp, "WEBP", quality=75, method=4)
    if not fallback.exists():
        if has_alpha:
            image.save(fallback, "PNG", optimize=True)
        else:
            image.convert("RGB").save(fallback, "JPEG", quality=78, optimize=True,
                                      progressive=True)
    return Rendition(f"{folder}/{webp.name}", f"{folder}/{fallback.name}", image.width,
                     image.height)


def local_images(page_html: str) -> list[tuple[str, dict[str, str]]]:
    """Every <img> tag with a local (relative) source, and its attributes."""
    found = []
    for tag in IMG_RE.findall(page_html):
        attrs = {k.lower(): html.unescape(v) for k, v in ATTR_RE.findall(tag)}
        src = attrs.get("src", "")
        if src and not re.match(r"^(?:[a-z]+:|//|/)", src, re.IGNORECASE):
            found.append((tag, attrs))
    return found


def picture(attrs: dict[str, str], rendition: Rendition, base: str) -> str:
    alt = html.escape(attrs.get("alt", ""), quote=True)
    title = f' title="{html.escape(attrs["title"], quote=True)}"' if attrs.get("title") else ""
    return (f'<picture><source type="image/webp" srcset="{base}{rendition.webp}">'
            f'<img src="{base}{rendition.fallback}" alt="{alt}"{title} '
            f'width="{rendition.width}" height="{rendition.height}" loading="lazy" '
            f'decoding="async"></picture>')


def resolve(page_src_uri: str, src: str) -> str:
    """A page-relative image path as a docs-relative path."""
    parts: list[str] = []
    for part in (PurePosixPath(page_src_uri).parent / src.split("#")[0].split("?")[0]).parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)
