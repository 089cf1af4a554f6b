"""The translation status page: counts per language, a bar chart drawn at build time, page rows."""

from __future__ import annotations

from dataclasses import dataclass

from lumbung.config import Site
from lumbung.content.library import Library
from lumbung.content.translating import STATES, Status, TranslationState, status
from lumbung.site import urls
from lumbung.site.views import PageView, generated_view

COLOURS = {TranslationState.REVIEWED: "#1d7a46", TranslationState.DRAFT: "#3d7cc9",
           TranslationState.OUTDATED: "#c77c02", TranslationState.MISSING: "#9aa39e"}
BAR_WIDTH = 300  # SVG user units for 100%


@dataclass(frozen=True)
class Segment:
    state: TranslationState
    count: int
    x: float
    width: float
    colour: str


@dataclass(frozen=True)
class LanguageRow:
    lang: str
    counts: dict[TranslationState, int]
    segments: tuple[Segment, ...]


def language_rows(library: Library) -> list[LanguageRow]:
    """Per translated language: how many pages are reviewed, draft, outdated and missing."""
    originals = library.originals()
    rows = []
    for lang in library.languages[1:]:
        counts = dict.fromkeys(STATES, 0)
        for original in originals:
            counts[status(library, original, lang).state] += 1
        total = max(1, sum(counts.values()))
        x = 0.0
        segments = []
        for state in STATES:
            width = BAR_WIDTH * counts[state] / total
            segments.append(Segment(state, counts[state], round(x, 2), round(width, 2),
                                    COLOURS[state]))
            x += width
        rows.append(LanguageRow(lang, counts, tuple(segments)))
    return rows


@dataclass(frozen=True)
class PageRow:
    state: TranslationState
    title: str
    title_lang: str
    url: str  # site-root URL of the page in the status page's language
    src: str  # docs-relative file to edit (the translation, or where it would go)


def page_rows(library: Library, lang: str) -> list[PageRow]:
    """Every page's status in one language (for the default language: nothing to translate)."""
    if lang == library.default:
        return []
    rows = []
    for original in library.originals():
        found: Status = status(library, original, lang)
        shown = found.translation or original
        src = shown.src_uri if found.translation else original.norm_uri[:-3] + f".{lang}.md"
        rows.append(PageRow(found.state, shown.title, shown.lang,
                            urls.doc_url(original, lang, library.default), src))
    return rows


@dataclass(frozen=True)
class StatusPage:
    """Marks the generated status page among a build's generated pages."""


def src_uri(site: Site, lang: str) -> str:
    """Where the status page in ``lang`` is generated, for MkDocs."""
    return urls.prefix(lang, site.default) + urls.STATUS + "index.md"


def status_view(site: Site, library: Library, lang: str) -> PageView:
    """What status.html shows in ``lang``; files link to the repository's editor if it has one."""
    edit = f"{site.repo_url.rstrip('/')}/edit/main/" if site.repo_url else ""
    return generated_view(
        site, urls.STATUS, lang, languages=language_rows(library),
        pages=page_rows(library, lang), colours=COLOURS, bar_width=BAR_WIDTH, edit_base=edit,
        docs_prefix=site.docs_dir.relative_to(site.root).as_posix() + "/",
    )
