"""Readers on phones, read from one built copy of the site: every page reachable from its home
page, the sitemap, sharing cards (parsed by extruct, a real Open Graph parser), breadcrumbs,
tables of contents, related resources, language names and dates as readers see them."""

from __future__ import annotations

import re
import struct
from collections import deque
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import extruct
import pytest

from lumbung.config import load_site
from lumbung.content.library import build_library
from lumbung.content.model import Document, DocumentKind, Resource
from lumbung.content.vocabulary import language_name
from lumbung.site import strings
from lumbung.site.formatting import format_date
from lumbung.site.sharing import og_locale
from tests.conftest import ROOT

pytestmark = [pytest.mark.build]

SITE = load_site(ROOT / "mkdocs.yml")
LIBRARY = build_library(SITE.docs_dir, SITE.codes, SITE.default)
ORIGIN = "https://lumbung.example.org/"  # a stand-in origin to resolve relative links against
MAX_CLICKS = 3
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


class Page(HTMLParser):
    """The parts of a built page these tests read."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.meta: dict[str, str] = {}
        self.canonical = ""
        self.lang = ""
        self.abbr = 0
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        elif tag == "form" and a.get("method", "get").lower() == "get" and "action" in a:
            self.links.append(a["action"])  # the search form: without JavaScript, the titles page
        elif tag == "meta" and "name" in a:
            self.meta[a["name"]] = a.get("content", "")
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]
        elif tag == "html":
            self.lang = a.get("lang", "")
        elif tag == "abbr":
            self.abbr += 1


def pages(site: Path) -> dict[str, Path]:
    """Every HTML page of the built site by site-root URL ('', 'km/topics/')."""
    found = {}
    for path in site.rglob("index.html"):
        rel = path.relative_to(site).parent.as_posix()
        if rel.split("/")[0] in ("pagefind", "assets"):
            continue
        found["" if rel == "." else rel + "/"] = path
    return found


def resource(doc: Document | None) -> Resource:
    assert doc is not None and isinstance(doc.data, Resource)
    return doc.data


def language_of(url: str) -> str:
    first = url.split("/")[0]
    return first if first in SITE.codes else SITE.default


@pytest.fixture(scope="module")
def site_pages(built_site) -> dict[str, Path]:
    return pages(built_site.site)


def read(site_pages: dict[str, Path], url: str) -> str:
    return site_pages[url].read_text(encoding="utf-8")


def links_from(url: str, text: str) -> set[str]:
    """Site-root URLs of the pages a page links to."""
    out = set()
    for href in Page(text).links:
        target = urlsplit(urljoin(ORIGIN + url, href))
        if ORIGIN.startswith(f"{target.scheme}://{target.netloc}/"):
            path = target.path.lstrip("/")
            if not PurePosixPath(path).suffix:  # pages, not feeds or files
                out.add(path)
    return out


@pytest.mark.parametrize("lang", SITE.codes)
def test_every_page_is_reachable_from_the_home_page(site_pages, lang: str) -> None:
    """Following <a href> from this language's home page through this language's pages, every
    page in the language is reached within MAX_CLICKS clicks."""
    home = "" if lang == SITE.default else f"{lang}/"
    mine = {url for url in site_pages if language_of(url) == lang}
    depth = {home: 0}
    queue = deque([home])
    while queue:
        url = queue.popleft()
        if depth[url] == MAX_CLICKS:
            continue
        for target in links_from(url, read(site_pages, url)):
            if target in mine and target not in depth:
                depth[target] = depth[url] + 1
                queue.append(target)
    orphans = sorted(mine - set(depth))
    assert orphans == [], f"{len(orphans)} {lang} pages unreachable in {MAX_CLICKS} clicks"
    assert len(mine) > 60  # the crawl covered a whole language, not an empty set
    assert f"{home}languages/{lang}/" in depth  # "everything in my language", one click away
    assert depth[f"{home}languages/{lang}/"] == 1


def test_sitemap_lists_every_indexable_page_with_its_alternates(built_site, site_pages) -> None:
    root = ElementTree.parse(built_site.site / "sitemap.xml").getroot()
    listed = {}
    for element in root.findall("s:url", NS):
        loc = element.findtext("s:loc", namespaces=NS) or ""
        listed[loc] = {link.get("hreflang"): link.get("href")
                       for link in element.findall("x:link", NS)}
    indexable = set()
    for url, path in site_pages.items():
        page = Page(path.read_text(encoding="utf-8"))
        if "noindex" not in page.meta.get("robots", "") and url != "404.html":
            assert page.canonical == SITE.absolute(url), url
            indexable.add(SITE.absolute(url))
    assert set(listed) == indexable
    assert len(indexable) > 400
    for loc, alternates in listed.items():
        if alternates:  # each alternate lists itself and is listed in turn
            assert loc in alternates.values() and set(alternates.values()) <= set(listed)
    # the pages once missing: catalog indexes, language catalogs, new, webinar type
    for path in ("countries/", "types/", "languages/", "languages/km/", "new/",
                 "types/webinar/"):
        for lang in SITE.codes:
            url = SITE.absolute(("" if lang == SITE.default else f"{lang}/") + path)
            assert set(listed[url]) == set(SITE.codes), url
    assert not (built_site.site / "km" / "sitemap.xml").exists()


def card_of(text: str, url: str) -> dict[str, list[str]]:
    data = extruct.extract(text, base_url=ORIGIN + url, syntaxes=["opengraph"], uniform=False)
    found: dict[str, list[str]] = {}
    for block in data["opengraph"]:
        for key, value in block["properties"]:
            found.setdefault(key, []).append(value)
    return found


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def test_every_page_has_a_sharing_card(built_site, site_pages) -> None:
    images = set()
    for url, path in site_pages.items():
        text = path.read_text(encoding="utf-8")
        og = card_of(text, url)
        page = Page(text)
        for key in ("og:title", "og:description", "og:locale", "og:url", "og:type",
                    "og:site_name", "og:image"):
            assert len(og.get(key, [])) == 1 and og[key][0].strip(), (url, key)
        assert page.meta.get("twitter:card") == "summary", url
        assert og["og:url"] == [page.canonical]
        assert og["og:site_name"] == [SITE.site_name]
        assert og["og:type"][0] in ("article", "website")
        # the locale is the text's: the page's own, or English on an untranslated page
        text_lang = page.lang if "noindex" not in page.meta.get("robots", "") else SITE.default
        assert og["og:locale"] == [og_locale(text_lang)], url
        images.update(og["og:image"])
        alternates = set(og.get("og:locale:alternate", []))
        assert og_locale(text_lang) not in alternates
        hreflangs = set(re.findall(r'<link rel="alternate" hreflang="(\w+)"', text))
        assert alternates == {og_locale(code) for code in hreflangs} - {og_locale(text_lang)}, url
    assert len(images) == 1
    image = images.pop()
    assert image.startswith(SITE.site_url) and image.endswith(".png")
    served = built_site.site / image[len(SITE.site_url):]
    assert served.stat().st_size <= 15_000
    assert png_size(served) == (400, 400)


def test_breadcrumbs_name_the_way_back_in_the_page_language(site_pages) -> None:
    resource = LIBRARY.originals(DocumentKind.RESOURCE)[0]
    t = strings.Translator("km")
    text = read(site_pages, f"km/resources/{resource.slug}/")
    crumbs = re.search(r'<nav class="lb-crumbs" aria-label="([^"]+)"><ol>(.*?)</ol></nav>', text)
    assert crumbs and crumbs.group(1) == t("nav.breadcrumbs")
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', crumbs.group(2)) == [
        ("../../../km/", t("nav.home")), ("../../../km/library/", t("catalog.library"))]
    assert '<li aria-current="page"' in crumbs.group(2)
    page_two = read(site_pages, "languages/en/page/2/")
    crumbs = re.search(r'<nav class="lb-crumbs"[^>]*><ol>(.*?)</ol></nav>', page_two)
    assert crumbs is not None
    assert [u for u, _ in re.findall(r'<a href="([^"]+)">([^<]+)</a>', crumbs.group(1))] == [
        "../../../../", "../../../../languages/", "../../../../languages/en/"]
    assert "lb-crumbs" not in read(site_pages, "km/")  # none on a home page


def test_long_pages_have_a_table_of_contents(site_pages) -> None:
    with_toc = 0
    for url, path in site_pages.items():
        text = path.read_text(encoding="utf-8")
        main = text.split('<main id="main"', 1)[1].split("</main>", 1)[0]
        toc = re.search(r'<nav class="lb-toc"[^>]*>(.*?)</nav>', main, re.S)
        body = re.sub(r'<nav class="lb-toc".*?</nav>|<section class="lb-related".*?</section>',
                      "", main, flags=re.S)
        sections = re.findall(r'<h2 id="([^"]+)"', body)
        if toc is None:
            assert len(sections) < 3, url
            continue
        with_toc += 1
        assert re.findall(r'<a href="#([^"]+)"', toc.group(1)) == sections, url
        assert len(sections) >= 3
    assert with_toc >= 8 * 3  # the guide's long pages and the long resources, in every language


def test_resources_list_related_resources_sharing_topics(site_pages) -> None:
    checked = 0
    for original in LIBRARY.originals(DocumentKind.RESOURCE):
        text = read(site_pages, f"th/resources/{original.slug}/")
        section = re.search(r'<section class="lb-related".*?</section>', text, re.S)
        assert section is not None, original.slug
        assert strings.Translator("th")("related.title") in section.group(0)
        targets = re.findall(r'href="\.\./\.\./\.\./th/(\w+)/([\w-]+)/"', section.group(0))
        assert 1 <= len(targets) <= 5
        for kind, slug in targets:
            other = LIBRARY.original_at(f"{kind}/{slug}.md")
            assert other is not None and other.data is not None and slug != original.slug
            assert set(other.data.topics) & set(resource(original).topics)
        checked += 1
    assert checked == len(LIBRARY.originals(DocumentKind.RESOURCE))


@pytest.mark.parametrize("lang", SITE.codes)
def test_listings_name_languages_never_bare_codes(site_pages, lang: str) -> None:
    prefix = "" if lang == SITE.default else f"{lang}/"
    text = read(site_pages, f"{prefix}library/")
    page = Page(text)
    assert page.abbr == 0
    listing = text.split('<ul class="lb-list">', 1)[1]
    assert not re.search(r"\b(EN|KM|TH|VI|MY|LO|MS|ID)\b", listing)
    assert language_name(SITE.default, lang) in listing  # every resource exists in English
    multi = next(d for d in LIBRARY.originals(DocumentKind.RESOURCE) if "my" in LIBRARY.versions(d))
    assert multi and language_name("my", lang) in listing + "".join(
        read(site_pages, u) for u in site_pages if u.startswith(f"{prefix}library/page/"))


@pytest.mark.parametrize("lang", ["en", "th", "km", "lo", "my"])
def test_page_dates_use_the_language_convention(site_pages, lang: str) -> None:
    doc = LIBRARY.originals(DocumentKind.RESOURCE)[0]
    published = resource(doc).published
    prefix = "" if lang == SITE.default else f"{lang}/"
    text = read(site_pages, f"{prefix}resources/{doc.slug}/")
    expected = format_date(published, lang)
    assert f'<time datetime="{published.isoformat()}">{expected}</time>' in text
    if lang == "th":
        assert "พ.ศ." in expected


def test_every_page_of_a_long_listing_is_one_click_from_its_first(monkeypatch) -> None:
    """However long a listing grows, each of its pages links to all the others, so the crawl's
    3-click bound holds for a larger library too (here: 2 items per page)."""
    from datetime import date

    from lumbung.site import catalog

    monkeypatch.setattr(catalog, "PAGE_SIZE", 2)
    listings = catalog.catalog_pages(LIBRARY, "km", date(2026, 12, 4))
    library_pages = [p for p in listings if p.kind == "library"]
    assert len(library_pages) > 5
    for listing in library_pages:
        view = catalog.catalog_view(SITE, LIBRARY, listing, "km")
        assert [url for _, url in view.extra["numbered"]] == [
            "km/" + p.path for p in library_pages]
