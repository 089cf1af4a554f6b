"""A Kiwix library (ZIM file) per language, made from the built site.

Every page the site has in a language (translations, generated pages, and the English pages
shown as fallbacks, which carry their notice) goes in, rewritten by :mod:`lumbung.offline.rewrite`
(no scripts, no search box, links kept inside), with the stylesheets and images the pages use.
Each file has its own full-text index; for Khmer, Thai, Lao and Burmese, written without spaces
between words, the indexed text has ICU's word breaks made into spaces, so a word typed in
Kiwix's search finds pages where it stands mid-sentence (see :func:`index_form`).
"""

from __future__ import annotations

import io
import mimetypes
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import icu
import tinyhtml5
from libzim.reader import Archive
from libzim.writer import (
    Creator,
    Hint,
    IndexData,
    Item,
    StringProvider,
)
from PIL import Image

from lumbung.config import Site
from lumbung.errors import LumbungError
from lumbung.offline.rewrite import entry_path, offline_page
from lumbung.site import clock, urls
from lumbung.site.strings import Translator

ISO639_3 = {"en": "eng", "km": "khm", "th": "tha", "vi": "vie", "my": "mya", "lo": "lao",
            "ms": "msa", "id": "ind"}
UNSPACED = frozenset({"km", "th", "lo", "my"})  # written without spaces between words
ASSETS = frozenset({".css", ".png", ".jpg", ".jpeg", ".webp", ".avif", ".gif", ".svg", ".ico",
                    ".woff", ".woff2"})
FOLDER = urls.OFFLINE  # site-root folder of the ZIM files (and the Offline page)
LEFT_OUT = ("pagefind", "assets", FOLDER.rstrip("/"))  # top-level folders that hold no pages
ICON = "assets/images/favicon.png"
_WORD_LIKE_STATUS = 100  # ICU word break statuses from 100 up are words, not spaces or marks


class ZimError(LumbungError):
    """A ZIM file could not be made (what is missing, where)."""


@dataclass(frozen=True)
class ZimFile:
    lang: str
    url: str  # site-root URL, e.g. 'offline/lumbung_km_2026-12.zim'
    path: Path
    size: int
    pages: int
    entries: int


def zim_name(site: Site, lang: str) -> str:
    """The Name metadata: the same for every edition of one language's file."""
    return f"{site.site_name.lower().replace(' ', '_')}_{lang}"


def zim_url(site: Site, lang: str, when: date) -> str:
    return f"{FOLDER}{zim_name(site, lang)}_{when:%Y-%m}.zim"


def language_pages(site_dir: Path, site: Site, lang: str) -> list[str]:
    """Site-root paths of every page the built site has in ``lang`` (not the Offline page)."""
    prefix = urls.prefix(lang, site.default)
    others = {urls.prefix(code, site.default).rstrip("/") for code in site.codes} - {""}
    base = site_dir / prefix if prefix else site_dir
    found = []
    for path in sorted(base.rglob("index.html")):
        rel = path.relative_to(site_dir).as_posix()
        first = rel[len(prefix):].split("/", 1)[0]
        if first in LEFT_OUT or (not prefix and first in others):
            continue
        found.append(rel)
    return found


@cache
def _breaker(lang: str) -> icu.BreakIterator:
    return icu.BreakIterator.createWordInstance(icu.Locale(lang))


def spaced_words(text: str, lang: str) -> str:
    """``text`` with a space between every two words (ICU's dictionary word breaks)."""
    ustr = icu.UnicodeString(text)  # break positions count UTF-16 units
    breaker = _breaker(lang)
    breaker.setText(ustr)
    out, start = [], breaker.first()
    for end in breaker:
        part = str(ustr[start:end])
        out.append(f" {part} " if breaker.getRuleStatus() >= _WORD_LIKE_STATUS else part)
        start = end
    return " ".join("".join(out).split())


@cache
def _folding() -> icu.Transliterator:
    return icu.Transliterator.createInstance("Lower; NFD; [:M:] remove; NFC")


def index_form(text: str, lang: str) -> str:
    """Text as the index holds it. libzim folds a query (lower case, every combining mark
    removed) but indexes custom text as given, so the text is folded the same way here; in
    scripts written without spaces, the word breaks are found first, while the marks that
    ICU's dictionaries need are still there."""
    spaced = spaced_words(text, lang) if lang in UNSPACED else text
    return str(_folding().transliterate(spaced))


def page_text(html: str) -> str:
    """The text of a page's main part (without the header, navigation and footer)."""
    root = tinyhtml5.parse(html, namespace_html_elements=False)
    main = root.find(".//main")
    return " ".join("".join((main if main is not None else root).itertext()).split())


class _Index(IndexData):
    def __init__(self, title: str, content: str) -> None:
        super().__init__()
        self.title, self.content = title, content

    def has_indexdata(self) -> bool:
        return True

    def get_title(self) -> str:
        return self.title

    def get_content(self) -> str:
        return self.content

    def get_keywords(self) -> str:
        return ""

    def get_wordcount(self) -> int:
        return len(self.content.split())

    def get_geoposition(self) -> tuple[float, float] | None:
        return None


class _Entry(Item):
    def __init__(self, path: str, title: str, mimetype: str, data: bytes,
                 index: _Index | None = None) -> None:
        super().__init__()
        self.path, self.title, self.mimetype, self.data, self.index = (
            path, title, mimetype, data, index)

    def get_path(self) -> str:
        return self.path

    def get_title(self) -> str:
        return self.title

    def get_mimetype(self) -> str:
        return self.mimetype

    def get_contentprovider(self) -> StringProvider:
        return StringProvider(self.data)

    def get_hints(self) -> dict[Hint, int]:
        return {Hint.FRONT_ARTICLE: self.mimetype == "text/html", Hint.COMPRESS: True}

    def get_indexdata(self) -> _Index | None:
        return self.index


def _illustration(site_dir: Path) -> bytes:
    icon = site_dir / ICON
    if not icon.is_file():
        raise ZimError(f"{icon}: missing; a ZIM file needs a 48x48 illustration made from it")
    with Image.open(icon) as image:
        small = image.convert("RGBA").resize((48, 48), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _entries(site: Site, site_dir: Path, lang: str) -> Iterator[_Entry]:
    pages = set(language_pages(site_dir, site, lang))
    suffix = f" · {site.site_name}"

    def inside(path: str) -> bool:
        return path in pages or (Path(path).suffix.lower() in ASSETS
                                 and (site_dir / path).is_file())

    assets: set[str] = set()
    for path in sorted(pages):
        html = (site_dir / path).read_text(encoding="utf-8")
        page = offline_page(html, path, inside, lambda p: site.absolute(p))
        title = page.title.removesuffix(suffix) or path
        assets.update(entry_path(link) for link in page.links
                      if entry_path(link) not in pages and inside(entry_path(link)))
        index = _Index(index_form(title, lang), index_form(page_text(page.html), lang))
        yield _Entry(path, title, "text/html", page.html.encode("utf-8"), index)
    for path in sorted(assets):
        mimetype = mimetypes.guess_type(path)[0] or "application/octet-stream"
        yield _Entry(path, posixpath.basename(path), mimetype, (site_dir / path).read_bytes())


def make_zim(site: Site, site_dir: Path, lang: str, out_dir: Path, when: date) -> ZimFile:
    """Write ``lang``'s ZIM file into ``out_dir`` (older editions of it there are deleted)."""
    t = Translator(lang)
    main = entry_path(urls.prefix(lang, site.default))
    if not (site_dir / main).is_file():
        raise ZimError(f"{site_dir / main}: missing; build the site before making ZIM files")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / Path(zim_url(site, lang, when)).name
    for old in out_dir.glob(f"{zim_name(site, lang)}_*.zim"):
        old.unlink()
    count = pages = 0
    creator = (Creator(str(target)).config_verbose(False).config_nbworkers(1)
               .config_indexing(True, ISO639_3[lang]))
    with creator as zim:
        zim.set_mainpath(main)
        for entry in _entries(site, site_dir, lang):
            zim.add_item(entry)
            count += 1
            pages += entry.mimetype == "text/html"
        for name, value in (
            ("Title", t("offline.zim_title", site=site.site_name)[:30]),
            ("Description", t("offline.zim_description")[:80]),
            ("Language", ISO639_3[lang]), ("Creator", site.site_name),
            ("Publisher", site.site_name), ("Date", when.isoformat()),
            ("Name", zim_name(site, lang)), ("Source", site.absolute(urls.prefix(
                lang, site.default))),
        ):
            zim.add_metadata(name, value)
        zim.add_illustration(48, _illustration(site_dir))
    return ZimFile(lang, zim_url(site, lang, when), target, target.stat().st_size, pages, count)


def make_all(site: Site, site_dir: Path | None = None, out_dir: Path | None = None,
             when: date | None = None) -> list[ZimFile]:
    """Every language's ZIM file, from the built site into its offline/ folder by default."""
    built = site_dir or site.site_dir
    return [make_zim(site, built, lang, out_dir or built / FOLDER, when or clock.today())
            for lang in site.codes]


def found(site: Site, out_dir: Path) -> list[ZimFile]:
    """The ZIM files already in ``out_dir``, one per language at most, in the site's order."""
    files = []
    for lang in site.codes:
        for path in sorted(out_dir.glob(f"{zim_name(site, lang)}_*.zim"))[-1:]:
            archive = Archive(str(path))
            files.append(ZimFile(lang, FOLDER + path.name, path, path.stat().st_size,
                                 archive.article_count, archive.entry_count))
    return files


def summary(files: list[ZimFile]) -> str:
    total = sum(f.size for f in files)
    each = ", ".join(f"{f.lang} {f.size // 1024} KiB ({f.pages} pages)" for f in files)
    return f"ZIM: {len(files)} files, {total // 1024} KiB in all: {each}"
