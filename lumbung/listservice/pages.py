"""The service's HTML pages: one template, one small inline stylesheet (the site's colours and
font stack), no script, no request to any other origin; every string in the reader's language."""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup
from starlette.responses import HTMLResponse

from lumbung.config import Language, Site
from lumbung.content.vocabulary import language_name
from lumbung.listservice.settings import ListServiceError, ServiceConfig
from lumbung.site import urls
from lumbung.site.strings import Translator

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STRINGS = HERE / "strings"
CONFIRM_DAYS = 7  # how long a confirmation link works (the store's rule; said in pages and mail)

_ROOT = re.compile(r":root\s*\{[^}]*\}")
_DARK = re.compile(r"@media\s*\(prefers-color-scheme:\s*dark\)\s*\{\s*:root\s*\{[^}]*\}\s*\}")
_BASE = ("*,*::before,*::after{box-sizing:border-box}"
         "body{margin:0;font:1rem/1.6 var(--font);color:var(--fg);background:var(--bg);"
         "overflow-wrap:break-word}"
         ":lang(km),:lang(my),:lang(lo),:lang(th){line-height:1.9}")


def _squeeze(css: str) -> str:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"\s+", " ", css)
    return re.sub(r"\s*([{};,>])\s*", r"\1", css).replace(";}", "}").strip()


def stylesheet(site_css: str, source: str = "the site's stylesheet") -> str:
    """The site's colour and font variables (light and dark), then the service's own rules."""
    root, dark = _ROOT.search(site_css), _DARK.search(site_css)
    if root is None or dark is None or "--font" not in root.group(0):
        raise ListServiceError(f"{source}: expected a ':root {{ ... --font: ... }}' block and a "
                               "'@media (prefers-color-scheme: dark)' block")
    own = (TEMPLATES / "page.css").read_text(encoding="utf-8")
    return _squeeze(root.group(0) + dark.group(0)) + _BASE + _squeeze(own)


def csp_hash(css: str) -> str:
    digest = hashlib.sha256(css.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def accepted_language(header: str, codes: tuple[str, ...]) -> str | None:
    """The first of ``codes`` an Accept-Language header asks for, by preference."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().split("-")[0].lower()
        if quality > 0 and primary in codes:
            ranked.append((-quality, index, primary))
    return min(ranked)[2] if ranked else None


@dataclass(frozen=True)
class Link:
    url: str
    text: str


class Pages:
    def __init__(self, site: Site, config: ServiceConfig):
        self.site = site
        self.config = config
        self.css = stylesheet(config.stylesheet, str(site.root / "overrides/assets/lumbung.css"))
        self.style_hash = csp_hash(self.css)
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                                      autoescape=True, undefined=jinja2.StrictUndefined)
        self.template = self.env.get_template("page.html.j2")
        self.translators = {code: Translator(code, STRINGS) for code in site.codes}

    def language(self, *choices: str | None, accept: str = "") -> str:
        """The first valid language of ``choices`` (form, subscriber), else Accept-Language,
        else the site's default."""
        for choice in choices:
            if choice in self.translators:
                return choice
        return accepted_language(accept, self.site.codes) or self.site.default

    def t(self, lang: str) -> Translator:
        return self.translators[lang]

    def home(self, lang: str) -> str:
        return self.site.absolute(urls.prefix(lang, self.site.default))

    def language_label(self, code: str, lang: str) -> str:
        return language_name(code, lang)

    def render(self, lang: str, title: str, *paragraphs: str, status: int = 200,
               kind: str = "", button: str = "", links: tuple[Link, ...] = (),
               active: bool = False, chosen: str = "") -> HTMLResponse:
        t = self.t(lang)
        body = self.template.render(
            lang=lang, t=t, title=title, paragraphs=paragraphs, kind=kind, button=button,
            links=(*links, Link(self.home(lang), t("back", site=self.config.site_name))),
            site_name=self.config.site_name, css=Markup(self.css), home_url=self.home(lang),
            languages=self.site.languages, active=active, chosen=chosen,
            subscribe_action=self.config.prefix + "/subscribe")
        return HTMLResponse(body, status_code=status, headers={"Content-Language": lang})

    def error(self, lang: str, key: str, status: int) -> HTMLResponse:
        t = self.t(lang)
        return self.render(lang, t("error.title"), t(key), status=status)

    @property
    def languages(self) -> tuple[Language, ...]:
        return self.site.languages
