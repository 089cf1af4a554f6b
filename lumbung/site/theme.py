"""Template globals for one language: strings, navigation, formatting, asset URLs."""

from __future__ import annotations

from typing import Any

import hashlib
import json
import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import rjsmin

from lumbung.config import Site, list_url
from lumbung.content.model import RESOURCE_TYPES
from lumbung.content.vocabulary import country_name, language_name
from lumbung.site import formatting, urls
from lumbung.site.strings import Translator

NAV = (  # (label, page kind for urls.url_for)
    ("nav.library", urls.CatalogKind.LIBRARY),
    ("nav.webinars", urls.CatalogKind.WEBINARS),
    ("nav.topics", urls.CatalogKind.TOPIC),
    ("nav.newsletter", urls.Place.ARCHIVE),
)


@dataclass(frozen=True)
class Asset:
    """A static file published under a content-hashed name, so it can be cached forever.

    Scripts are published without their comments and indentation (rjsmin), which readers would
    otherwise download: about a third of the search script, compressed. Stylesheets lose their
    comments and indentation too (about 13% of lumbung.css, compressed).
    """

    source: Path
    url: str  # site-root URL, e.g. assets/lumbung.3f2a9c1b.css
    content: bytes

    @classmethod
    def hashed(cls, source: Path, folder: str = "assets", prefix: bytes = b"",
               stem: str = "") -> Asset:
        """``source`` minified, after ``prefix``, published as ``folder/stem.HASH.suffix``."""
        content = source.read_bytes()
        if source.suffix == ".js":
            content = rjsmin.jsmin(content.decode("utf-8")).encode("utf-8")
        elif source.suffix == ".css":
            content = minify_css(content.decode("utf-8")).encode("utf-8")
        content = prefix + content
        digest = hashlib.sha256(content).hexdigest()[:10]
        return cls(source, f"{folder}/{stem or source.stem}.{digest}{source.suffix}", content)


def minify_css(text: str) -> str:
    """A stylesheet without comments, indentation and the spaces around punctuation that CSS
    does not need ('a > b { x: 1; }' -> 'a>b{x:1}'); quoted strings are left as written.
    (Lumbung's stylesheets hold no "/*" inside strings, which this would break.)"""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)
    parts = re.split(r"(\"[^\"]*\"|'[^']*')", text)  # odd items are quoted strings
    for i in range(0, len(parts), 2):
        code = re.sub(r"\s+", " ", parts[i])
        code = re.sub(r"\s*([{};,>])\s*", r"\1", code)
        parts[i] = re.sub(r":\s+", ":", code).replace(";}", "}")
    return "".join(parts).strip() + "\n"


def template_globals(site: Site, lang: str, assets: dict[str, Asset],
                     nav_pages: tuple[tuple[str, str], ...] = NAV) -> dict[str, object]:
    t = Translator(lang)
    prefix = urls.prefix(lang, site.default)

    def lb_url(kind: str, key: str = "", page: int = 1, lang: str = lang) -> str:
        """A page's site-root URL (in the language being built unless ``lang`` says)."""
        return urls.url_for(kind, key, page, lang=lang, default=site.default)

    return {
        "t": t,
        "lb_lang": lang,
        "lb_default": site.default,
        "lb_languages": site.languages,
        "lb_prefix": prefix,
        "lb_nav": tuple((t(label), lb_url(kind)) for label, kind in nav_pages),
        "lb_url": lb_url,
        "lb_assets": {name: asset.url for name, asset in assets.items()},
        "lb_date": partial(formatting.format_date, lang=lang),
        "lb_size": partial(formatting.format_size, lang=lang),
        "lb_number": partial(formatting.format_number, lang=lang),
        "lb_country": partial(country_name, lang=lang),
        "lb_language": partial(language_name, lang=lang),
        "lb_language_list": lambda codes: formatting.format_list(
            (language_name(code, lang) for code in codes), lang),
        "lb_abs": site.absolute,
        "lb_translators": {language.code: Translator(language.code) for language in site.languages},
        # The list service's address: the sign-up form posts to it; '' hides the form.
        "lb_list_url": list_url(site, required=False),
    }


def theme_assets(custom_dir: Path) -> dict[str, Asset]:
    """Lumbung's own stylesheets and scripts, under content-hashed names."""
    return {
        "css": Asset.hashed(custom_dir / "assets" / "lumbung.css"),
        "js": Asset.hashed(custom_dir / "assets" / "lumbung.js"),
        # Search: loaded only once the reader focuses the search box (partials/search.html);
        # its script is one per language (search_scripts).
        "search_css": Asset.hashed(custom_dir / "assets" / "search.css"),
        # The picture of a link shared on social networks and chat apps (lumbung.site.sharing).
        "card": Asset.hashed(custom_dir / "assets" / "lumbung.card.png"),
    }


def search_scripts(site: Site, custom_dir: Path) -> dict[str, Asset]:
    """The search script for each language, with that language's words in it: loaded when the
    reader first focuses the search box, so no page carries them (about 260 bytes of every
    compressed page in Khmer or Thai)."""
    scripts = {}
    for language in site.languages:
        t = Translator(language.code)
        words = {"own": language.name, "english": t("search.english"),
                 "loading": t("search.loading"), "none": t("search.none"),
                 "results": t("search.results"), "result": t("search.result"),
                 "more": t("search.more"),
                 "types": {kind: t(f"type.{kind}") for kind in (*RESOURCE_TYPES, "webinar")}}
        prefix = f"window.LB_SEARCH_WORDS={json.dumps(words, ensure_ascii=False)};\n"
        scripts[language.code] = Asset.hashed(custom_dir / "assets" / "search.js",
                                              prefix=prefix.encode("utf-8"),
                                              stem=f"search.{language.code}")
    return scripts


# Theme files the site never links to: Material's scripts and styles (replaced by ours) and our
# unhashed sources. Leaving them out keeps the published site small.
# Theme files not published: Material's scripts and styles (Lumbung has its own, content-hashed),
# and the sitemap template, which is not rendered (see hooks/theme.py) and would else be copied.
UNUSED_THEME_FILES = ("assets/javascripts/", "assets/stylesheets/", "assets/lumbung.",
                      "assets/search.", "sitemap.xml")


def skip_i18n_alternates(i18n: Any) -> None:
    """mkdocs-static-i18n links every file to its versions in every language, in every language's
    pass: at 800 resources, 34,000 file objects and over a second a pass. Lumbung's pages carry
    their own language links (lumbung.site.views, ``lb.alternates``) and its sitemap writes its
    own, so the plugin's are not computed; each file keeps the plugin's link to itself."""
    i18n.reconfigure_files_alternates = lambda *args, **kwargs: None
