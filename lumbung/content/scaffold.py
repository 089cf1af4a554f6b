"""New pages for editors: a valid English file with every field and a short comment on each."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lumbung.content.library import SLUG_RE
from lumbung.content.messages import problem
from lumbung.content.model import DocumentKind
from lumbung.errors import ContentError, LumbungError

CREATABLE = (DocumentKind.RESOURCE, DocumentKind.WEBINAR)  # what scripts/new.py makes

# The example values the templates below write, and what the editor must write instead: a page
# still holding one is not finished (lumbung.checks.placeholders says so).
RESOURCE_SUMMARY = ("One or two sentences (at most 300 characters) saying what the reader gets "
                    "from it.")
WEBINAR_SUMMARY = "One or two sentences (at most 300 characters) on what was discussed."
ORGANISATION = "Organisation name"
PLACEHOLDERS: dict[str, dict[str, str]] = {
    "summary": {RESOURCE_SUMMARY: "what the reader gets from it, in one or two sentences",
                WEBINAR_SUMMARY: "what was discussed, in one or two sentences"},
    "organisation": {ORGANISATION: "the name of the organisation that published it"},
}

RESOURCE = """---
title: {title}                # the name of the resource, as a reader would search for it
summary: {resource_summary}
type: guide                  # guide, toolkit, report, case-study, training, video,
                             # audio, dataset or directory
topics: [{topic}]            # one or more ids from docs/topics.yml
countries: []                # two-letter codes such as [KH, TH]; [] if it covers the region
organisation: {organisation}   # who published it
published: {today}           # YYYY-MM-DD; or YYYY-MM, or YYYY, when that is all you know
licence: unspecified         # CC-BY-4.0, CC-BY-SA-4.0...; unspecified if the publisher
                             # says nothing
# updated: {today}           # when the resource itself was last revised (optional)
# source_url: https://...    # where the original is published (optional)
# files:                     # downloads (optional); size in bytes
#   - url: files/{slug}.pdf
#     format: pdf
#     size: 123456
#     language: en
---

## What it is

## Who it is for

## What is inside

## How to use it
"""

WEBINAR = """---
title: {title}                # the webinar's title
summary: {webinar_summary}
date: {today}                # YYYY-MM-DD the webinar took place
topics: [{topic}]            # one or more ids from docs/topics.yml
countries: []                # two-letter codes such as [KH, TH]; [] if regional
# duration: 60               # minutes (optional)
# speakers:                  # (optional) people speaking in a public, professional role
#   - name: Full Name
#     organisation: Organisation
# recording:                 # (optional) the video stays behind a play button until clicked
#   url: https://www.youtube.com/watch?v=...
#   download_url: https://...      # a file readers can save
#   audio_url: https://...         # audio only, for low bandwidth
#   captions: [en, km]             # languages of the captions
#   transcript: https://...
# slides: https://...
---

## What was discussed

## Key points

## Resources mentioned
"""


def _rel(docs_dir: Path, path: Path) -> str:
    return path.relative_to(docs_dir.parent).as_posix()


def create(docs_dir: Path, kind: str, slug: str, first_topic: str, today: date) -> Path:
    if kind not in CREATABLE:
        raise LumbungError(f"{kind}: expected one of {', '.join(CREATABLE)}")
    folder = docs_dir / ("resources" if kind == DocumentKind.RESOURCE else "webinars")
    if not SLUG_RE.match(slug):
        raise ContentError([problem(_rel(docs_dir, folder / f"{slug}.md"), "", "slug-invalid", 0,
                                    "file-names", name=slug)])
    taken = [p for p in docs_dir.glob("*/*.md") if p.name.split(".")[0] == slug]
    if taken:
        raise ContentError([problem(_rel(docs_dir, folder / f"{slug}.md"), "", "slug-taken", 0,
                                    "file-names", other=_rel(docs_dir, taken[0]))])
    template = RESOURCE if kind == DocumentKind.RESOURCE else WEBINAR
    title = slug.replace("-", " ").capitalize()
    path = folder / f"{slug}.md"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(template.format(title=title, topic=first_topic, today=today.isoformat(),
                                    slug=slug, resource_summary=RESOURCE_SUMMARY,
                                    webinar_summary=WEBINAR_SUMMARY, organisation=ORGANISATION),
                    encoding="utf-8")
    return path
