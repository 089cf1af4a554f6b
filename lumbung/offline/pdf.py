"""The PDF of a resource or webinar page: its printable HTML, and WeasyPrint's rendering of it.

The printable HTML is the page's text as MkDocs rendered it, under the title, the summary and
the metadata rows the page shows, and above the licence and the page's web address (also in
every page's footer). Links are resolved against that address, so they work in a PDF forwarded
in a chat app. WeasyPrint shapes text with HarfBuzz and embeds subsets of the system fonts named
in print.css; it fetches nothing (no network, no files).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from lumbung.config import Site
from lumbung.content.model import Document, Resource, Webinar
from lumbung.content.vocabulary import country_name
from lumbung.site import formatting, urls
from lumbung.site.strings import Translator

HERE = Path(__file__).resolve().parent
STYLESHEET = HERE / "print.css"
WORDED_LICENCES = ("unspecified", "all-rights-reserved")  # the two with words of their own


@dataclass(frozen=True)
class Printable:
    """What the printable HTML of one page shows."""

    lang: str
    title: str
    summary: str
    site_name: str
    author: str
    keywords: tuple[str, ...]
    created: str
    modified: str
    rows: tuple[tuple[str, str], ...]  # (label, value) metadata rows
    body: Markup  # the page's text as MkDocs rendered it
    licence: str
    address_label: str
    address: str  # the page's absolute URL


def pdf_url(doc: Document, default: str) -> str:
    """Site-root URL of a page version's PDF, beside the page and named for it and its
    language: 'km/resources/foo/foo-km.pdf'."""
    return urls.doc_url(doc, doc.lang, default) + f"{doc.slug}-{doc.lang}.pdf"


def has_pdf(doc: Document) -> bool:
    """Resources and webinars have PDFs; plain pages (guide, home) do not."""
    return isinstance(doc.data, Resource | Webinar)


def _rows(doc: Document, original: Document, t: Translator, topic_names: dict[str, str],
          lang: str) -> tuple[list[tuple[str, str]], str, str, str, str]:
    """Metadata rows, the author, the created and modified dates, and the licence line."""
    data = original.data
    rows: list[tuple[str, str]] = []
    author = created = modified = ""
    licence = t("footer.licence")
    if isinstance(data, Resource):
        rows.append((t("meta.type"), t(f"type.{data.type}")))
        rows.append((t("meta.organisation"), data.organisation))
        rows.append((t("meta.published"), formatting.format_date(data.published, lang)))
        if data.updated:
            rows.append((t("meta.updated"), formatting.format_date(data.updated, lang)))
        shown = (t(f"licence.{data.licence}") if data.licence in WORDED_LICENCES
                 else data.licence)
        rows.append((t("meta.licence"), shown))
        licence = f"{t('meta.licence')}: {shown}. {licence}"
        if data.source_url:
            rows.append((t("meta.source"), data.source_url))
        author = data.organisation
        created = data.published.isoformat()
        modified = data.updated.isoformat() if data.updated else ""
    elif isinstance(data, Webinar):
        rows.append((t("meta.type"), t("type.webinar")))
        rows.append((t("meta.date"), formatting.format_date(data.date, lang)))
        if data.duration:
            rows.append((t("meta.duration"), t("meta.minutes", count=formatting.format_number(
                data.duration, lang))))
        if data.speakers:
            rows.append((t("meta.speakers"), ", ".join(
                f"{s.name} ({s.organisation})" for s in data.speakers)))
            author = ", ".join(dict.fromkeys(s.organisation for s in data.speakers))
        if data.recording is not None:
            rows.append((t("meta.recording"), data.recording.url))
        created = data.date.isoformat()
    if isinstance(data, Resource | Webinar):
        rows.append((t("meta.topics"), ", ".join(topic_names[x] for x in data.topics)))
        rows.append((t("meta.countries"), ", ".join(country_name(c, lang) for c in data.countries)
                     or t("catalog.regional")))
    return rows, author, created, modified, licence


def printable(site: Site, doc: Document, original: Document, body_html: str,
              topic_names: dict[str, str]) -> Printable:
    """What the PDF of ``doc`` (a real version in its own language) shows."""
    lang = doc.lang
    t = Translator(lang)
    rows, author, created, modified, licence = _rows(doc, original, t, topic_names, lang)
    return Printable(
        lang=lang, title=doc.title, summary=doc.summary, site_name=site.site_name,
        author=author, keywords=tuple(topic_names.values()), created=created,
        modified=modified, rows=tuple(rows), body=Markup(body_html), licence=licence,
        address_label=t("offline.address"),
        address=site.absolute(urls.doc_url(doc, lang, site.default)),
    )


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    return env.get_template("print.html")


def printable_html(page: Printable) -> str:
    return _template().render(p=page)


@cache
def stylesheet() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def engine_version() -> str:
    """WeasyPrint's version, read without importing it (0.3 s, and Pango): a build whose PDFs
    are all in the cache never imports it."""
    return f"weasyprint {metadata.version('weasyprint')}"


@dataclass(frozen=True)
class Rendered:
    data: bytes
    warnings: tuple[str, ...]  # WeasyPrint's warnings and errors (missing glyphs...)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _refuse(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"the PDF fetches nothing: {url}")


def render_pdf(html: str, base_url: str, css: str | None = None) -> Rendered:
    """Render printable HTML to PDF bytes (fonts embedded as subsets), with WeasyPrint's
    warnings; ``base_url`` (the page's address) makes relative links absolute."""
    import weasyprint  # imported when a PDF is made: it loads Pango

    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=_refuse)
        data = document.write_pdf(stylesheets=[weasyprint.CSS(string=css or stylesheet())])
    finally:
        logger.removeHandler(handler)
    return Rendered(bytes(data or b""), tuple(handler.messages))
