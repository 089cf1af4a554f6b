"""What a link shared on Facebook, LINE, Telegram, Zalo or X shows: Open Graph and card tags."""

from __future__ import annotations

from dataclasses import dataclass

from lumbung.config import Site
from lumbung.content.model import DocumentKind
from lumbung.site.formatting import locale_id
from lumbung.site.views import PageView

CARD_IMAGE_SIZE = (400, 400)  # overrides/assets/lumbung.card.png, in pixels


def og_locale(lang: str) -> str:
    """Open Graph's locale form of a site language: 'th' -> 'th_TH', 'en' -> 'en_GB'."""
    return locale_id(lang).split("@")[0]


@dataclass(frozen=True)
class Card:
    title: str
    description: str
    url: str  # absolute: the canonical URL
    type: str  # "article" for a resource or webinar, else "website"
    locale: str
    alternates: tuple[str, ...]  # locales of the real translations (og:locale:alternate)
    site_name: str
    image: str  # absolute URL of a small PNG the site serves
    image_alt: str
    image_size: tuple[int, int] = CARD_IMAGE_SIZE


def card(site: Site, view: PageView, title: str, description: str, image_path: str) -> Card:
    """The card of a page: ``description`` is used when the page has no summary of its own;
    ``image_path`` is the card image's site-root path."""
    doc = view.doc
    article = doc is not None and doc.kind in (DocumentKind.RESOURCE, DocumentKind.WEBINAR)
    return Card(
        title=doc.title if doc is not None and article else title,
        description=(doc.summary if doc is not None and doc.summary else description),
        url=view.canonical,
        type="article" if article else "website",
        locale=og_locale(view.body_lang),
        alternates=tuple(og_locale(a.code) for a in view.hreflang if a.code != view.body_lang),
        site_name=site.site_name,
        image=site.absolute(image_path),
        image_alt=site.site_name,
    )
