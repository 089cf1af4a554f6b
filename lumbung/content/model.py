"""Frozen dataclasses for the two page types (resource, webinar) and their parts."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any


class DocumentKind(StrEnum):
    """What a Markdown file is, from its folder: docs/resources/, docs/webinars/, anything else."""

    RESOURCE = "resource"
    WEBINAR = "webinar"
    PAGE = "page"


class TranslationStatus(StrEnum):
    """What a translated file's ``translation: status:`` says."""

    DRAFT = "draft"
    REVIEWED = "reviewed"


class Precision(StrEnum):
    """How much of a :class:`PartialDate` is known."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


RESOURCE_TYPES = (
    "guide", "toolkit", "report", "case-study", "training",
    "video", "audio", "dataset", "directory",
)
LICENCES = (
    "CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC-BY-ND-4.0",
    "CC-BY-NC-ND-4.0", "CC0-1.0", "all-rights-reserved", "unspecified",
)
TRANSLATION_STATUSES = tuple(TranslationStatus)


class PartialDate(date):
    """A date known only to the year (``2020``) or month (``2020-03``): sources are often vague.

    It sorts and compares as the first day of the period; ``isoformat`` keeps the precision, which
    is also a valid HTML ``<time datetime>`` value.
    """

    precision: Precision = Precision.DAY

    @classmethod
    def of(cls, year: int, month: int | None = None) -> PartialDate:
        value = cls(year, month or 1, 1)
        value.precision = Precision.MONTH if month else Precision.YEAR
        return value

    def isoformat(self) -> str:
        if self.precision == Precision.YEAR:
            return f"{self.year:04d}"
        if self.precision == Precision.MONTH:
            return f"{self.year:04d}-{self.month:02d}"
        return super().isoformat()

    __str__ = isoformat

    def __reduce__(self) -> tuple[Any, ...]:
        # date pickles its day alone: keep the precision (the parallel build hands the library
        # to each language's process as a pickle).
        return (PartialDate.of, (self.year, self.month if self.precision == Precision.MONTH
                                 else None))


@dataclass(frozen=True)
class FileRef:
    url: str
    format: str
    size: int
    language: str


@dataclass(frozen=True)
class Speaker:
    name: str
    organisation: str


@dataclass(frozen=True)
class Recording:
    url: str
    download_url: str | None = None
    audio_url: str | None = None
    captions: tuple[str, ...] = ()
    transcript: str | None = None


@dataclass(frozen=True)
class Translation:
    """What a translated file says about itself: its review status and the English version."""

    status: TranslationStatus
    source: str  # source_version: content hash of the English original it translates
    reviewed: date | None = None


@dataclass(frozen=True)
class Resource:
    title: str
    summary: str
    type: str
    topics: tuple[str, ...]
    countries: tuple[str, ...]
    organisation: str
    published: date
    licence: str
    updated: date | None = None
    files: tuple[FileRef, ...] = ()
    source_url: str | None = None


@dataclass(frozen=True)
class Webinar:
    title: str
    summary: str
    date: date
    topics: tuple[str, ...]
    countries: tuple[str, ...]
    duration: int | None = None
    speakers: tuple[Speaker, ...] = ()
    recording: Recording | None = None
    slides: str | None = None


@dataclass(frozen=True)
class Document:
    """One language version of one page, after validation and inheritance from English."""

    kind: DocumentKind
    slug: str
    lang: str
    src_uri: str  # path inside docs/, posix, e.g. "resources/foo.km.md"
    norm_uri: str  # the English original's path, e.g. "resources/foo.md"
    title: str
    body: str
    data: Resource | Webinar | None = None
    translation: Translation | None = None
    source_version: str = ""  # hash of this file's translatable content
    complete: bool = True  # False: its fields have problems (only lumbung.checks sees such pages)

    @property
    def summary(self) -> str:
        return self.data.summary if self.data is not None else ""

    @property
    def date(self) -> date | None:
        if isinstance(self.data, Resource):
            return self.data.updated or self.data.published
        if isinstance(self.data, Webinar):
            return self.data.date
        return None


def content_version(title: str, summary: str, body: str) -> str:
    """A short hash of the translatable content of a page: what a translation translates."""
    norm = "\n".join(part.strip() for part in (title, summary, body.strip()))
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:12]
