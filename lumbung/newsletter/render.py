"""Render one email edition per language: Jinja2 -> MJML -> HTML (CSS inlined), plus plain text.

Each edition must fit the size budget once encoded (Gmail clips messages above ~102 KB): when it
does not, the lowest-priority items are dropped, the edition says how many are on the website,
and the caller is told. Nothing is ever clipped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from html import escape, unescape
from pathlib import Path

import css_inline
import jinja2
import markdown
import mjml
import nh3
from markupsafe import Markup

from lumbung.config import Site, list_url
from lumbung.content.vocabulary import language_name
from lumbung.newsletter.clean import VIDEO_CLASS
from lumbung.newsletter.message import UNSUBSCRIBE_PLACEHOLDER, encoded_size
from lumbung.newsletter.model import Issue, Item, NewsletterError
from lumbung.newsletter.shorten import wrap
from lumbung.site import urls
from lumbung.site.formatting import format_date, format_number
from lumbung.site.strings import Translator

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "email"
EMAIL_STRINGS = Path(__file__).resolve().parent.parent / "data" / "email-strings"
BUDGET = 90_000  # bytes of the whole encoded message
MAX_ITEMS = 60  # items in one edition at most; the rest are on the website
FONT = ("system-ui, -apple-system, 'Segoe UI', Arial, 'Noto Sans', 'Khmer OS System', "
        "'Leelawadee UI', Tahoma, 'Noto Sans Khmer', 'Noto Sans Thai', 'Noto Sans Lao', "
        "'Phetsarath OT', 'Myanmar Text', 'Noto Sans Myanmar', 'Padauk', sans-serif")
TALL_SCRIPTS = {"km", "th", "lo", "my"}  # stacked vowel signs need more line height
INTRO_TAGS = {"p", "br", "a", "strong", "em", "ul", "ol", "li", "blockquote", "h2", "h3"}
TEXT_WIDTH = 78  # columns of the plain-text edition; a URL keeps a line of its own
_VIDEO = re.compile(rf'(<a class="{VIDEO_CLASS}" href="[^"]*">)[^<]*(</a>)')
# mjml (mrml) writes the title into aria-label with Rust's escapes for combining marks
# ("\u{17d2}"): Khmer, Thai, Lao and Burmese would be read out as code points.
_ARIA = re.compile(r'aria-label="[^"]*"')
_RUST_ESCAPE = re.compile(r"\\u\{([0-9a-fA-F]{1,6})\}")


@dataclass(frozen=True)
class Edition:
    week: str
    lang: str
    subject: str
    html: str
    text: str
    items: tuple[Item, ...]
    dropped: int  # items left out to fit the size budget (they are on the website)
    archive_url: str


@dataclass(frozen=True)
class _Group:
    heading: str
    items: tuple[Item, ...]


def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                              autoescape=lambda name: name is not None and ".mjml" in name,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def intro_parts(text: str) -> tuple[str, str]:
    """Editor-written Markdown as sanitised HTML, and as plain text."""
    html = nh3.clean(markdown.markdown(text), tags=INTRO_TAGS,
                     attributes={"a": {"href"}}, url_schemes={"http", "https", "mailto"})
    plain = nh3.clean(html.replace("</p>", "</p>\n").replace("<li>", "<li>- "), tags=set())
    return html, re.sub(r"[ \t]+", " ", unescape(plain)).strip()


def _preheader(intro_text: str, limit: int = 110) -> str:
    first = intro_text.split("\n")[0]
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def readable_labels(html: str) -> str:
    """aria-label attributes with mrml's ``\\u{...}`` escapes turned back into characters."""
    def unescape_label(match: re.Match[str]) -> str:
        return _RUST_ESCAPE.sub(lambda m: escape(chr(int(m.group(1), 16))), match.group(0))

    return _ARIA.sub(unescape_label, html)


def _local_video_links(summary_html: str, label: str) -> str:
    """The "Watch the video" links of the clean stage, in the edition's language."""
    return _VIDEO.sub(lambda m: m.group(1) + escape(label, quote=False) + m.group(2),
                      summary_html)


def archive_url(site: Site, week: str, lang: str) -> str:
    """The issue's page in the web archive ('' week: the archive's index), in ``lang``."""
    return site.absolute(urls.prefix(lang, site.default) + urls.archive_path(week))


def _render(issue: Issue, lang: str, site: Site, items: tuple[Item, ...],
            dropped: int) -> Edition:
    t = Translator(lang, EMAIL_STRINGS)
    site_name = site.site_name
    start, end = format_date(issue.start, lang), format_date(issue.end, lang)
    intro_html, intro_text = intro_parts(issue.intro.get(lang) or issue.intro.get(site.default, ""))
    # summary_html was sanitised by the clean stage: mark it safe for the autoescaping template.
    watch = t("watch_video")
    safe = tuple(replace(i, summary_html=Markup(_local_video_links(i.summary_html, watch)))
                 for i in items)
    own = tuple(i for i in safe if i.language == lang)
    other = tuple(i for i in safe if i.language != lang)
    groups = [g for g in (_Group(language_name(lang, lang), own),
                          _Group(t("other_languages"), other)) if g.items]
    subject = t("subject.week", site=site_name, date=start)  # "...: week of 23 November 2026"
    own_url = archive_url(site, issue.week, lang)
    context = {
        "lang": lang, "t": t, "site_name": site_name, "start": start, "end": end,
        "subject": subject,
        "preheader": _preheader(intro_text), "intro_html": Markup(intro_html),
        "intro_text": intro_text, "font": FONT,
        "line_height": "1.9" if lang in TALL_SCRIPTS else "1.6",
        "groups": groups,
        "language_names": {code: language_name(code, lang) for code in site.codes},
        "archive_url": own_url,
        "archive_index_url": archive_url(site, "", lang),
        "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER, "dropped": dropped,
        # What the unsubscribe link does: the list service's page, or an email to the list.
        "why": t("why" if list_url(site, required=False) else "why_mailto", site=site_name),
        "dropped_count": format_number(dropped, lang),  # in the language's digits
    }
    env = _environment()
    source = env.get_template("edition.mjml.j2").render(context)
    html = mjml.mjml2html(source, disable_comments=True, fonts={})
    html = readable_labels(css_inline.CSSInliner(keep_style_tags=True).inline(html))
    text = wrap(env.get_template("edition.txt.j2").render(context), lang, TEXT_WIDTH)
    return Edition(issue.week, lang, subject, html, text, items, dropped, own_url)


def render_edition(issue: Issue, lang: str, site: Site, *, budget: int = BUDGET) -> Edition:
    """The edition for ``lang``, with as many items as fit in ``budget`` encoded bytes.

    No edition lists more than MAX_ITEMS: a weekly round-up longer than that is not read, and the
    cap keeps the search for what fits to a few small renders.
    """
    if lang not in site.codes:
        raise NewsletterError(f"{lang}: not a language of this site ({', '.join(site.codes)})")
    ordered = issue.edition_items(lang)
    total = len(ordered)
    candidates = ordered[:MAX_ITEMS]
    edition = _render(issue, lang, site, candidates, total - len(candidates))
    if encoded_size(edition) <= budget:
        return edition
    low, high = 0, len(candidates) - 1  # find the most items that fit (binary search)
    best = None
    while low <= high:
        keep = (low + high) // 2
        candidate = _render(issue, lang, site, candidates[:keep], total - keep)
        if encoded_size(candidate) <= budget:
            best, low = candidate, keep + 1
        else:
            high = keep - 1
    if best is None:
        raise NewsletterError(f"{issue.week} {lang}: even an empty edition exceeds "
                              f"{budget} bytes; shorten the intro")
    return best
